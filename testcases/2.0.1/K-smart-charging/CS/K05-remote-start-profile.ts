// K05 remote start with a charging profile, charging station as SUT: a station with smart charging takes the
// TxProfile of a RequestStartTransaction for the transaction it starts (TC_K_37_CS); one without ignores the
// profile and starts anyway (TC_K_38_CS). The transaction flows are the shared F01 states.
import { testCase, full, type CsTestCase } from '../../../../src/harness/test-case.js';
import { chargeCableFirst201, chargeRemoteFirst201, readTxSettings } from '../../../shared/session-states.js';
import { settingsOf } from '../../../shared/smart-charging-steps.js';
import { clearAll201, expectReported, getProfilesAccepted, profile201 } from '../../../shared/smart-charging201-steps.js';

const ocpp = '2.0.1';
const profile = 'smart-charging';

export const remoteStartProfileCs = testCase<CsTestCase>({
  useCase: 'K05', variant: 'remote-start-profile', ocpp, sut: 'CS', needs: ['smart-charging'], profile, octt: full('TC_K_37_CS'), actions: ['plugIn'],
  title: 'RequestStartTransaction with a Relative TxProfile (no transactionId): the transaction starts (RemoteStart, remoteStartId) and GetChargingProfiles reports the profile',
  killedBy: ['cs.201-remote-start-profile-ignored'],
  async run(ctx) {
    await ctx.csms.booted();
    await clearAll201(ctx.csms);
    const s = settingsOf(ctx);
    const sent = profile201(s, { purpose: 'TxProfile', kind: 'Relative', stackLevel: s.stackLevel, periods: [[0, 6]] });
    const tx = await readTxSettings(ctx.csms, ocpp);
    const session = await chargeRemoteFirst201(ctx, s.connectorId, tx, { chargingProfile: sent });
    const got = await getProfilesAccepted(ctx.csms, { chargingProfile: { chargingProfileId: [sent.id] } }, 'for the remote start\'s profile');
    expectReported(got, s.connectorId, sent, 'the TxProfile of the remote start (K05.FR.03)', session.txId);
  },
});

export const remoteStartProfileIgnoredCs = testCase<CsTestCase>({
  useCase: 'K05', variant: 'remote-start-profile-ignored', ocpp, sut: 'CS', needsAbsent: ['smart-charging'], profile, octt: full('TC_K_38_CS'), actions: ['plugIn'],
  title: 'A station without smart charging ignores the chargingProfile of a RequestStartTransaction: Accepted, the transaction starts as usual',
  killedBy: ['cs.201-no-smart-charging-rejects-remote-profile'],
  async run(ctx) {
    await ctx.csms.booted();
    const s = settingsOf(ctx);
    const sent = profile201(s, { purpose: 'TxProfile', kind: 'Relative', stackLevel: s.stackLevel, periods: [[0, 6]] });
    await chargeCableFirst201(ctx, s.connectorId, undefined, { chargingProfile: sent });
  },
});
