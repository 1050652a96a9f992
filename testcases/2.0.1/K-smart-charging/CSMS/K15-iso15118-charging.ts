// ISO 15118 smart charging (K15-K17) with the CSMS as SUT: the harness plays the station and its mock EV, sends the
// EV's charging needs and the schedule it agreed to, and judges the CSMS's answers and the TxProfiles it sends
// (TC_K_53/55/57/58/59_CSMS).
import { testCase, full, type CsmsContext, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import type { ReceivedCall } from '../../../../src/harness/peer.js';
import { operatorRequest } from '../../../shared/local-list-steps.js';
import { settingsOf, limitIn } from '../../../shared/smart-charging-steps.js';
import type { SimSession } from '../../../shared/tx-csms-steps.js';
import {
  acceptProfiles, evConnectedAuthorized, exceeding, expectTxProfile, iso15118SmartCharging, notifyNeeds, notifySchedule, requireTxProfile, scheduleOf,
} from '../../../shared/ev-charging-needs-steps.js';

const ocpp = '2.0.1';
const needs = ['ISO15118'];
const profile = 'smart-charging';

/** Authorized AND EVConnectedPreSession AND ISO15118SmartCharging, as the precondition of K16/K17 test cases. */
async function smartChargingUnderWay(ctx: CsmsContext): Promise<SimSession> {
  await ctx.station.booted();
  const session = await evConnectedAuthorized(ctx.station, settingsOf(ctx).connectorId);
  await ctx.station.reusableState('ISO15118SmartCharging', 'K15', () => iso15118SmartCharging(ctx.station, session));
  return session;
}

/** The operator's TxProfile for the running transaction (the documents' "The CSMS sends a SetChargingProfileRequest"). */
async function operatorTxProfile(ctx: CsmsContext, session: SimSession): Promise<ReceivedCall> {
  const s = settingsOf(ctx);
  const request = await operatorRequest(ctx, 'setChargingProfile', {
    evseId: session.evseId, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', stackLevel: s.stackLevel,
    chargingRateUnit: s.chargingRateUnit, limit: limitIn(s, 6), numberPhases: s.numberPhases, transactionId: session.id,
  }, 'SetChargingProfile', { status: 'Accepted' });
  return request;
}

export const loadLevelingCsms = testCase<CsmsTestCase>({
  useCase: 'K15', variant: 'iso15118-load-leveling', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_53_CSMS'),
  title: 'The EV\'s charging needs (NotifyEVChargingNeeds) are accepted, answered with a TxProfile for the transaction, and the EV\'s schedule is accepted',
  killedBy: ['csms.201-ev-charging-needs-rejected', 'csms.201-ev-charging-needs-no-profile', 'csms.201-ev-charging-schedule-rejected'],
  async run(ctx) {
    await ctx.station.booted();
    const session = await evConnectedAuthorized(ctx.station, settingsOf(ctx).connectorId);
    await ctx.station.reusableState('ISO15118SmartCharging', 'K15', () => iso15118SmartCharging(ctx.station, session));
  },
});

export const exceedsLimitsCsms = testCase<CsmsTestCase>({
  useCase: 'K15', variant: 'iso15118-schedule-exceeds', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_55_CSMS'),
  title: 'The EV\'s schedule exceeds the TxProfile: the CSMS rejects it and renegotiates with a new TxProfile, whose schedule it accepts',
  killedBy: ['csms.201-ev-charging-schedule-not-checked'],
  async run(ctx) {
    const { station } = ctx;
    await station.booted();
    const session = await evConnectedAuthorized(station, settingsOf(ctx).connectorId);
    acceptProfiles(station);
    await notifyNeeds(station, session.evseId, ['Accepted'], 'step 2');
    const first = await expectTxProfile(station, session, 'step 3');
    await notifySchedule(station, session.evseId, exceeding(scheduleOf(first)), 'Rejected', 'step 6 (the EV\'s schedule exceeds the TxProfile of step 3)', 'OCPP 2.0.1 K16.FR.07');
    await session.event({ trigger: 'ChargingStateChanged', chargingState: 'Charging' });
    const second = await expectTxProfile(station, session, 'step 9 (renegotiation after the rejected schedule)', { requirement: 'OCPP 2.0.1 K16.FR.08' });
    await notifySchedule(station, session.evseId, scheduleOf(second), 'Accepted', 'step 12', 'OCPP 2.0.1 K16.FR.06');
    await session.event({ trigger: 'ChargingRateChanged' });
  },
});

export const evRenegotiationCsms = testCase<CsmsTestCase>({
  useCase: 'K17', variant: 'iso15118-ev-renegotiation', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_57_CSMS'),
  title: 'During ISO 15118 charging the EV sends new charging needs: the CSMS answers with a new TxProfile and accepts the EV\'s schedule',
  killedBy: ['csms.201-ev-renegotiation-ignored', 'csms.201-ev-renegotiated-schedule-rejected'],
  async run(ctx) {
    const { station } = ctx;
    const session = await smartChargingUnderWay(ctx);
    acceptProfiles(station);
    const status = await notifyNeeds(station, session.evseId, ['Accepted', 'Processing'], 'step 2', 'OCPP 2.0.1 K17');
    await session.event({ trigger: 'ChargingRateChanged' });
    const request = await expectTxProfile(station, session, 'step 5', { processing: status === 'Processing', requirement: 'OCPP 2.0.1 K17' });
    await notifySchedule(station, session.evseId, scheduleOf(request), 'Accepted', 'step 8', 'OCPP 2.0.1 K17');
    await session.event({ trigger: 'ChargingRateChanged' });
  },
});

export const csmsRenegotiationCsms = testCase<CsmsTestCase>({
  useCase: 'K16', variant: 'iso15118-csms-renegotiation', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_58_CSMS'), actions: ['setChargingProfile'],
  title: 'During ISO 15118 charging the operator sets a new TxProfile: the CSMS sends it for the transaction and accepts the EV\'s schedule within it',
  killedBy: ['csms.201-ev-renegotiated-schedule-rejected', 'csms.201-tx-profile-no-transaction-id'],
  async run(ctx) {
    const { station } = ctx;
    const session = await smartChargingUnderWay(ctx);
    const request = await operatorTxProfile(ctx, session);
    requireTxProfile(request, session, 'step 1', 'OCPP 2.0.1 K16');
    await notifySchedule(station, session.evseId, scheduleOf(request), 'Accepted', 'step 4', 'OCPP 2.0.1 K16.FR.06');
    await session.event({ trigger: 'ChargingRateChanged' });
  },
});

export const csmsRenegotiationNeedsCsms = testCase<CsmsTestCase>({
  useCase: 'K16', variant: 'iso15118-csms-renegotiation-needs', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_59_CSMS'), actions: ['setChargingProfile'],
  title: 'After the operator\'s new TxProfile the station resends the EV\'s needs: the CSMS accepts them, sends a TxProfile and accepts the schedule',
  killedBy: ['csms.201-ev-renegotiation-ignored', 'csms.201-ev-renegotiated-schedule-rejected'],
  async run(ctx) {
    const { station } = ctx;
    const session = await smartChargingUnderWay(ctx);
    const first = await operatorTxProfile(ctx, session);
    requireTxProfile(first, session, 'step 1', 'OCPP 2.0.1 K16');
    acceptProfiles(station);
    const status = await notifyNeeds(station, session.evseId, ['Accepted', 'Processing'], 'step 4', 'OCPP 2.0.1 K16.FR.12');
    const request = await expectTxProfile(station, session, 'step 5', { after: first, processing: status === 'Processing', requirement: 'OCPP 2.0.1 K16.FR.12' });
    await notifySchedule(station, session.evseId, scheduleOf(request), 'Accepted', 'step 8', 'OCPP 2.0.1 K16.FR.06');
    await session.event({ trigger: 'ChargingRateChanged' });
  },
});
