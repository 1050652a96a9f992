// K12 external charging limit, charging station as SUT: once an energy management system has limited the station
// (operator action setExternalLimit), GetChargingProfiles for ChargingStationExternalConstraints must report it.
import { testCase, full, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { getProfilesAccepted } from '../../../shared/smart-charging201-steps.js';

export const externalConstraintsReportCs = testCase<CsTestCase>({
  useCase: 'K12', variant: 'external-constraints-report', ocpp: '2.0.1', sut: 'CS', needs: ['smart-charging'], profile: 'smart-charging',
  octt: full('TC_K_52_CS'), actions: ['setExternalLimit'],
  title: 'After an external system limited the station, GetChargingProfiles for ChargingStationExternalConstraints reports at least one such profile',
  killedBy: ['cs.201-external-constraints-not-reported'],
  async run(ctx) {
    await ctx.csms.booted();
    await ctx.sut.act('setExternalLimit', { limit: 16, evseId: 0 });
    const got = await getProfilesAccepted(ctx.csms, { chargingProfile: { chargingProfilePurpose: 'ChargingStationExternalConstraints' } }, 'for ChargingStationExternalConstraints');
    if (!got.profiles.some((p) => p.profile.chargingProfilePurpose === 'ChargingStationExternalConstraints')) {
      throw new Verdict(`an external limit was set: the reports must hold at least one ChargingStationExternalConstraints profile, got ${got.profiles.map((p) => String(p.profile.chargingProfilePurpose)).join(', ') || 'none'}`, 'OCPP 2.0.1 K12.FR.05');
    }
  },
});
