import { strict as assert } from 'node:assert';
import { OCTT, octtById } from '../src/catalog/octt.js';
import { USE_CASES, useCaseById } from '../src/catalog/use-cases.js';
import { loadTestCases } from '../src/runner/registry.js';

describe('catalogue', () => {
  it('holds every official test case of both versions, each once', () => {
    assert.equal(OCTT.filter((o) => o.ocpp === '2.0.1').length, 676);
    assert.equal(OCTT.filter((o) => o.ocpp === '1.6').length, 179);
    assert.equal(new Set(OCTT.map((o) => o.id)).size, OCTT.length);
  });

  it('holds the use-case matrix A01..P02 plus the RPC and security rows', () => {
    for (const id of ['A01', 'B01', 'E15', 'K17', 'N10', 'O06', 'P02', 'RPC', 'SEC']) assert.ok(useCaseById(id), id);
    assert.equal(useCaseById('B07')?.v16, null);
    assert.deepEqual(useCaseById('B04')?.sutRoles, ['CS']);
  });

  it('every use case an official 2.0.1 test case names is in the matrix (A00, the generic security profile cases, aside)', () => {
    const missing = new Set(OCTT.filter((o) => o.ocpp === '2.0.1').flatMap((o) => o.useCases).filter((u) => !useCaseById(u)));
    assert.deepEqual([...missing].filter((u) => u !== 'A00'), []);
  });

  it('every test case names a known use case and only official test cases of its own version and role', async () => {
    for (const tc of await loadTestCases()) {
      assert.ok(USE_CASES.some((u) => u.id === tc.useCase), `${tc.id}: unknown use case ${tc.useCase}`);
      for (const { id } of tc.octt) {
        const entry = octtById(id);
        assert.ok(entry, `${tc.id}: unknown official test case ${id}`);
        assert.equal(entry.ocpp, tc.ocpp, `${tc.id} names ${id} of OCPP ${entry.ocpp}`);
        assert.equal(entry.sut, tc.sut, `${tc.id} names ${id} for SUT ${entry.sut}`);
      }
    }
  });
});
