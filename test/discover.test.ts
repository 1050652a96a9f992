import { strict as assert } from 'node:assert';
import { referenceProfile } from '../src/harness/config.js';
import { Faults } from '../src/reference/index.js';
import { referenceCsTarget } from '../src/runner/targets.js';
import { discoverFromCharger } from '../src/runner/discover.js';
import { notApplicableReason } from '../src/runner/execute.js';
import { picsItem } from '../src/catalog/pics.js';
import { testCase, type CsTestCase } from '../src/harness/test-case.js';

describe('discovery of optional items the profile leaves unsaid', function () {
  this.timeout(20_000);

  it('reads a 1.6 charger\'s SupportedFeatureProfiles and makes a test needing an unlisted profile not applicable', async () => {
    const profile = { ...referenceProfile('1.6'), features: [] };
    const target = await referenceCsTarget(profile, new Faults([]));
    try {
      const found = await discoverFromCharger(target, [picsItem('1.6:RemoteTrigger')!, picsItem('1.6:Reservation')!]);
      assert.deepEqual(found, { read: { '1.6:RemoteTrigger': true, '1.6:Reservation': false } });
      profile.discovered = (found as { read: Record<string, boolean> }).read;
      const needs = (item: string) => testCase<CsTestCase>({ useCase: 'X', ocpp: '1.6', sut: 'CS', title: 't', killedBy: [], needs: [item], run: async () => undefined });
      assert.equal(notApplicableReason(needs('RemoteTrigger'), profile), undefined);
      assert.match(notApplicableReason(needs('Reservation'), profile) ?? '', /reports 1\.6:Reservation .* as unsupported/);
    } finally {
      await target.close();
    }
  });

  it('without discovery, an item the profile does not claim makes the test not applicable and says how to claim it', () => {
    const profile = { ...referenceProfile('2.0.1'), features: [] };
    const tc = testCase<CsTestCase>({ useCase: 'X', ocpp: '2.0.1', sut: 'CS', title: 't', killedBy: [], needs: ['auth-cache'], run: async () => undefined });
    assert.match(notApplicableReason(tc, profile) ?? '', /C-49 \(Authorization cache.*add C-49 to features/);
    assert.equal(notApplicableReason(tc, { ...profile, features: ['c-49'] }), undefined);
    assert.match(notApplicableReason(tc, { ...profile, features: [], absent: ['C-49'] }) ?? '', /says C-49 .* is absent/);
  });
});
