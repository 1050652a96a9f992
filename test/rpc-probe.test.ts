import { strict as assert } from 'node:assert';
import { loadTestCases } from '../src/runner/registry.js';
import { executeTestCase } from '../src/runner/execute.js';
import { referenceCsTarget, referenceCsmsTarget, type Target } from '../src/runner/targets.js';
import { referenceProfile } from '../src/harness/config.js';
import { Faults } from '../src/reference/index.js';
import type { TestCase } from '../src/harness/test-case.js';

// The RPC test cases probe with a message the version makes mandatory. A SUT that answers it NotSupported has
// a defect elsewhere, not in its RPC framework: every probe-based RPC test case must then be inconclusive,
// never failed. (The self-test only proves failed verdicts; this proves the inconclusive one.)
const all = await loadTestCases();
const probeBased = all.filter((tc) => tc.useCase === 'RPC' && !tc.variant?.startsWith('subprotocol-'));

async function runWithProbeNotSupported(tc: TestCase) {
  const fault = tc.sut === 'CS' ? 'cs.probe-not-supported' : 'csms.probe-not-supported';
  const profile = referenceProfile(tc.ocpp);
  const target: Target = tc.sut === 'CS'
    ? await referenceCsTarget(profile, new Faults([fault]))
    : await referenceCsmsTarget(profile, new Faults([fault]));
  try {
    return await executeTestCase(tc, target);
  } finally {
    await target.close();
  }
}

describe('RPC test cases against a SUT that answers the probe NotSupported', function () {
  this.timeout(120_000);
  it('covers both roles and both versions', () => {
    for (const id of ['RPC.not-json/2.0.1/CS', 'RPC.not-json/1.6/CS', 'RPC.not-json/2.0.1/CSMS', 'RPC.not-json/1.6/CSMS']) {
      assert.ok(probeBased.some((tc) => tc.id === id), id);
    }
  });
  for (const tc of probeBased) {
    it(`${tc.id} is inconclusive`, async () => {
      const r = await runWithProbeNotSupported(tc);
      assert.equal(r.state, 'inconclusive', `${r.reason}\n${r.trace}`);
      assert.match(r.reason ?? '', /CALLERROR NotSupported: the SUT does not implement (GetVariables|GetConfiguration|Heartbeat)/);
    });
  }
});
