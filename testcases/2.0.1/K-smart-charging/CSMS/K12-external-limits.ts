// K12/K13 external charging limits with the CSMS as SUT: the harness station reports a limit an energy management
// system set (NotifyChargingLimit) or released (ClearedChargingLimit, also during a transaction, followed by the
// TransactionEvent ChargingRateChanged), and reports such a limit as a ChargingStationExternalConstraints profile
// when the CSMS's operator reads the profiles. The CSMS must take each.
import { testCase, full, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import type { Payload } from '../../../../src/ocpp/frames.js';
import { operatorRequest } from '../../../shared/local-list-steps.js';
import { prior, SimSession } from '../../../shared/tx-csms-steps.js';
import { limitIn, settingsOf } from '../../../shared/smart-charging-steps.js';

const ocpp = '2.0.1';
const needs = ['smart-charging'];
const profile = 'smart-charging';

/** The station's CALL must be answered with a CALLRESULT (the documents' step "The CSMS responds"). */
async function mustTake(what: string, send: () => Promise<Payload>): Promise<void> {
  await send().catch((err: Error) => { throw new Verdict(`the CSMS must answer ${what}: ${err.message}`); });
}

export const notifyLimitCsms = testCase<CsmsTestCase>({
  useCase: 'K12', variant: 'notify-limit', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_48_CSMS'),
  title: 'The station reports an external limit set by an EMS (NotifyChargingLimit, chargingLimitSource EMS): the CSMS answers',
  killedBy: ['csms.201-charging-limit-refused'],
  async run(ctx) {
    await ctx.station.booted();
    await mustTake('NotifyChargingLimit', () => ctx.station.call('NotifyChargingLimit', { chargingLimit: { chargingLimitSource: 'EMS', isGridCritical: false } }));
  },
});

export const clearedLimitCsms = testCase<CsmsTestCase>({
  useCase: 'K13', variant: 'cleared-limit', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_50_CSMS'),
  title: 'The station reports that the EMS released its limit (ClearedChargingLimit, chargingLimitSource EMS): the CSMS answers',
  killedBy: ['csms.201-charging-limit-refused'],
  async run(ctx) {
    await ctx.station.booted();
    await mustTake('ClearedChargingLimit', () => ctx.station.call('ClearedChargingLimit', { chargingLimitSource: 'EMS' }));
  },
});

export const clearedLimitTxCsms = testCase<CsmsTestCase>({
  useCase: 'K13', variant: 'cleared-limit-transaction', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_51_CSMS'),
  title: 'During a transaction the EMS releases its limit: the CSMS answers ClearedChargingLimit and the TransactionEvent ChargingRateChanged that follows',
  killedBy: ['csms.201-charging-limit-refused'],
  async run(ctx) {
    const { station } = ctx;
    const s = settingsOf(ctx);
    await station.booted();
    const session = new SimSession(station, s.connectorId);
    await prior(station, 'EnergyTransferStarted', () => session.energyTransferStarted());
    await mustTake('ClearedChargingLimit', () => station.call('ClearedChargingLimit', { chargingLimitSource: 'EMS', evseId: s.connectorId }));
    await mustTake('the TransactionEvent ChargingRateChanged', () => session.event({ eventType: 'Updated', trigger: 'ChargingRateChanged' }));
  },
});

export const externalConstraintsReportCsms = testCase<CsmsTestCase>({
  useCase: 'K12', variant: 'external-constraints-report', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_52_CSMS'), actions: ['getChargingProfiles'],
  title: 'The operator reads the profiles and the station reports an EMS limit as a ChargingStationExternalConstraints profile: the CSMS answers the report',
  killedBy: ['csms.201-report-charging-profiles-refused'],
  async run(ctx) {
    const { station } = ctx;
    const s = settingsOf(ctx);
    await station.booted();
    const request = await operatorRequest(ctx, 'getChargingProfiles', {}, 'GetChargingProfiles', { status: 'Accepted' });
    const chargingProfile: Payload = {
      id: 900, stackLevel: 0, chargingProfilePurpose: 'ChargingStationExternalConstraints', chargingProfileKind: 'Absolute',
      chargingSchedule: [{ id: 1, startSchedule: new Date().toISOString(), chargingRateUnit: s.chargingRateUnit, chargingSchedulePeriod: [{ startPeriod: 0, limit: limitIn(s, 16) }] }],
    };
    await mustTake('the ReportChargingProfiles of its request', () => station.call('ReportChargingProfiles', {
      requestId: request.payload.requestId, chargingLimitSource: 'EMS', evseId: 0, chargingProfile: [chargingProfile],
    }));
  },
});
