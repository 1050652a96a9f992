// 1.6 GetCompositeSchedule, charge point as SUT (TC_066_CS): during a transaction a ChargePointMaxProfile, a
// TxDefaultProfile and a TxProfile are combined: the TxProfile overrules the default for the whole transaction
// and the ChargePointMaxProfile caps it.
import { testCase, full, type CsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { Inconclusive } from '../../../src/harness/verdicts.js';
import { charging, readSetting } from '../../shared/session-states.js';
import {
  chargingProfile, clearAllProfiles, documentStart, expectSchedule, getComposite, installProfile, readSmartChargingKeys, settingsOf,
} from '../../shared/smart-charging-steps.js';

const ocpp = '1.6';

export const compositeCs = testCase<CsTestCase>({
  useCase: 'K08', variant: 'composite', ocpp, sut: 'CS', needs: ['1.6:SmartCharging'], octt: full('TC_066_CS'), profile: 'smart-charging', actions: ['plugIn'],
  title: 'ChargePointMaxProfile, TxDefaultProfile and TxProfile together: the composite schedule is the TxProfile capped by the ChargePointMaxProfile',
  killedBy: ['cs.tx-profile-merged-with-default', 'cs.composite-ignores-charge-point-max'],
  async run(ctx) {
    const { csms } = ctx;
    const s = settingsOf(ctx);
    await csms.booted();
    // Prerequisites: room for three profiles of five periods.
    const keys = await readSmartChargingKeys(csms, ['MaxChargingProfilesInstalled', 'ChargingScheduleMaxPeriods']);
    if (!(keys.MaxChargingProfilesInstalled! >= 3) || !(keys.ChargingScheduleMaxPeriods! >= 5)) {
      throw new Inconclusive(`the document needs MaxChargingProfilesInstalled >= 3 and ChargingScheduleMaxPeriods >= 5; the charge point reports ${JSON.stringify(keys)}`);
    }
    await clearAllProfiles(csms);
    // The reusable state Charging comes before the memory states.
    const tx = await charging(ctx, s.connectorId);
    const start = documentStart(s);
    const valid = { start, validFrom: start, validTo: start + 401_000 };
    await installProfile(csms, 0, chargingProfile(s, { purpose: 'ChargePointMaxProfile', stackLevel: 0, duration: 86_400, periods: [[0, 10]], start }), 'ChargingProfile 1');
    await installProfile(csms, s.connectorId, chargingProfile(s, {
      purpose: 'TxDefaultProfile', stackLevel: 0, duration: 300, periods: [[0, 6], [60, 10], [120, 8], [180, 15], [260, 8]], ...valid,
    }), 'ChargingProfile 2');
    await installProfile(csms, s.connectorId, chargingProfile(s, {
      purpose: 'TxProfile', stackLevel: 0, duration: 260, periods: [[0, 8], [50, 11], [140, 16], [200, 6], [240, 12]], transactionId: Number(tx.id), ...valid,
    }), 'ChargingProfile 3');
    const composite = await getComposite(ctx, s.connectorId, 400);
    expectSchedule(ctx, composite, start, [[0, 8], [50, 10], [200, 6], [240, 10]],
      'the TxProfile overrules the TxDefaultProfile for the transaction and the ChargePointMaxProfile (10) caps it', { requirement: 'OCPP 1.6 3.13.1, 3.13.3' });
  },
});

export const compositeUnknownConnectorCs = testCase<CsTestCase>({
  useCase: 'K08', variant: 'unknown-connector', ocpp, sut: 'CS', needs: ['1.6:SmartCharging'], profile: 'smart-charging',
  title: 'Beyond the documents: GetCompositeSchedule for a connector the charge point does not have (NumberOfConnectors + 1) is Rejected',
  killedBy: ['cs.composite-unknown-connector-accepted'],
  async run(ctx) {
    const { csms } = ctx;
    await csms.booted();
    const count = await readSetting(csms, ocpp, { v16: 'NumberOfConnectors', component: '', variable: '' });
    if (count === undefined || !Number.isInteger(Number(count))) throw new Verdict(`NumberOfConnectors is a required key; GetConfiguration returned ${String(count)}`, 'OCPP 1.6 9.1.21');
    const connectorId = Number(count) + 1;
    const answer = await csms.call('GetCompositeSchedule', { connectorId, duration: settingsOf(ctx).duration });
    if (answer.status !== 'Rejected') {
      throw new Verdict(`GetCompositeSchedule for connector ${connectorId} (NumberOfConnectors is ${count}) must be Rejected, got ${String(answer.status)}`, 'OCPP 1.6 5.7');
    }
  },
});
