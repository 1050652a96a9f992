import { strict as assert } from 'node:assert';
import { securityProfileFor } from '../src/runner/execute.js';
import { referenceProfile } from '../src/harness/config.js';
import { testCase, type TestCase } from '../src/harness/test-case.js';
import { NotApplicable } from '../src/harness/verdicts.js';

// A document's "security profile 2 and/or 3" (securityProfile 2, securityProfileOr 3): the reference targets serve
// every profile, a real SUT only the one it runs.
const tc = (sp?: 1 | 2 | 3, or?: 2 | 3): TestCase => testCase({
  useCase: 'X', ocpp: '1.6', sut: 'CS', title: 'x', killedBy: [], securityProfile: sp, securityProfileOr: or, run: async () => undefined,
});
const all = { 1: 'ws', 2: 'wss', 3: 'mtls' };

describe('security profile of a test case on a target', () => {
  it('runs on the run\'s connection when the test case names no profile', () => {
    assert.equal(securityProfileFor(tc(), all, referenceProfile('1.6')), undefined);
  });
  it('takes the first profile where the target serves it', () => {
    assert.equal(securityProfileFor(tc(2, 3), all, referenceProfile('1.6')), 2);
  });
  it('takes the alternative on a real SUT that runs only that one', () => {
    assert.equal(securityProfileFor(tc(2, 3), undefined, { ...referenceProfile('1.6'), securityProfile: 3 }), 3);
    assert.equal(securityProfileFor(tc(2, 3), undefined, { ...referenceProfile('1.6'), securityProfile: 2 }), 2);
  });
  it('is not applicable on a real SUT that runs neither', () => {
    assert.throws(() => securityProfileFor(tc(2, 3), undefined, referenceProfile('1.6')), NotApplicable);
    assert.throws(() => securityProfileFor(tc(3), undefined, { ...referenceProfile('1.6'), securityProfile: 2 }), NotApplicable);
  });
});
