// 1.6 RemoteStartTransaction with a charging profile, charge point as SUT: the reusable state Charging reached with
// a TxProfile in the remote start, followed by the transaction (TC_059_CS); a profile of another purpose is
// refused (TC_060_CS).
import { testCase, full, type CsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { CallErrorReceived } from '../../../src/session/rpc-session.js';
import { charge16 } from '../../shared/session-states.js';
import { chargingProfile, bootedWithoutProfiles, expectSchedule, getComposite } from '../../shared/smart-charging-steps.js';

const ocpp = '1.6';
const needs = ['1.6:SmartCharging'];

export const remoteStartProfileCs = testCase<CsTestCase>({
  useCase: 'K05', variant: 'remote-start-profile', ocpp, sut: 'CS', needs, octt: full('TC_059_CS'), profile: 'smart-charging', actions: ['plugIn'],
  title: 'A remote start with a TxProfile (Relative, 6 A / 6000 W) starts the transaction, and the composite schedule follows the profile',
  killedBy: ['cs.remote-start-profile-ignored'],
  async run(ctx) {
    const s = await bootedWithoutProfiles(ctx);
    const profile = chargingProfile(s, { purpose: 'TxProfile', kind: 'Relative', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]] });
    const { start } = await charge16(ctx, s.connectorId, { chargingProfile: profile });
    // A Relative schedule counts from the start of the transaction: the time StartTransaction.req reports.
    const txStart = Date.parse(String(start.payload.timestamp));
    const composite = await getComposite(ctx, s.connectorId, s.duration);
    expectSchedule(ctx, composite, Number.isNaN(txStart) ? start.at : txStart, [[0, 6]],
      'the TxProfile of the accepted remote start governs its transaction', { openFrom: s.duration, requirement: 'OCPP 1.6 5.11' });
  },
});

export const remoteStartProfileRejectedCs = testCase<CsTestCase>({
  useCase: 'K05', variant: 'remote-start-profile-rejected', ocpp, sut: 'CS', needs, octt: full('TC_060_CS'), profile: 'smart-charging',
  title: 'A remote start whose chargingProfile is not a TxProfile is refused: Rejected, or CALLERROR PropertyConstraintViolation',
  killedBy: ['cs.remote-start-profile-any-purpose'],
  async run(ctx) {
    const { csms, profile: sut } = ctx;
    const s = await bootedWithoutProfiles(ctx);
    const profile = chargingProfile(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]], start: Date.now() });
    let status: string;
    try {
      const answer = await csms.session!.call('RemoteStartTransaction', { connectorId: s.connectorId, idTag: sut.idTokens.valid, chargingProfile: profile }, sut.timing.callTimeoutMs);
      status = String(answer.status);
    } catch (err) {
      if (!(err instanceof CallErrorReceived)) throw new Verdict(`RemoteStartTransaction: ${(err as Error).message}`);
      status = `CALLERROR ${err.code}`;
    }
    if (status !== 'Rejected' && status !== 'CALLERROR PropertyConstraintViolation') {
      throw new Verdict(`a remote start's chargingProfile must have purpose TxProfile; one with TxDefaultProfile must be Rejected (or CALLERROR PropertyConstraintViolation), got ${status}`, 'OCPP 1.6 6.33');
    }
  },
});
