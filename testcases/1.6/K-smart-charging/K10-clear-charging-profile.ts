// 1.6 ClearChargingProfile, charge point as SUT (TC_067_CS): three profiles; clearing one by its id, one by purpose
// and stack level, then all; after each the composite schedule shows what is left.
import { testCase, full, type CsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import {
  chargingProfile, bootedWithoutProfiles, clearProfiles, documentStart, expectSchedule, getComposite, installProfile,
} from '../../shared/smart-charging-steps.js';

const ocpp = '1.6';

export const clearCs = testCase<CsTestCase>({
  useCase: 'K10', variant: 'clear', ocpp, sut: 'CS', needs: ['1.6:SmartCharging'], octt: full('TC_067_CS'), profile: 'smart-charging',
  title: 'ClearChargingProfile by id, then by purpose and stack level, then all: each clears only what it names, as the composite schedule shows',
  killedBy: ['cs.clear-profile-ignores-filter'],
  async run(ctx) {
    const { csms } = ctx;
    const s = await bootedWithoutProfiles(ctx);
    const start = documentStart(s);
    const valid = { start, validFrom: start, validTo: start + 401_000 };
    const first = chargingProfile(s, { purpose: 'TxDefaultProfile', stackLevel: 1, duration: 400, periods: [[0, 6], [60, 8], [200, 10]], start });
    const second = chargingProfile(s, { purpose: 'TxDefaultProfile', stackLevel: 0, duration: 400, periods: [[0, 7], [100, 9]], ...valid });
    const third = chargingProfile(s, { purpose: 'ChargePointMaxProfile', stackLevel: 0, duration: 86_400, periods: [[0, 11], [200, 12]], ...valid });
    await installProfile(csms, s.connectorId, first, 'ChargingProfile 1');
    await installProfile(csms, s.connectorId, second, 'ChargingProfile 2');
    await installProfile(csms, 0, third, 'ChargingProfile 3');

    await clearProfiles(csms, { id: first.chargingProfileId }, 'by the id of ChargingProfile 1');
    expectSchedule(ctx, await getComposite(ctx, s.connectorId, 350), start, [[0, 7], [100, 9]],
      'after ChargingProfile 1 was cleared by its id, ChargingProfile 2 prevails under the ChargePointMaxProfile', { requirement: 'OCPP 1.6 6.13' });

    await clearProfiles(csms, { chargingProfilePurpose: second.chargingProfilePurpose, stackLevel: second.stackLevel }, 'by the purpose and stack level of ChargingProfile 2');
    const maxOnly = await getComposite(ctx, s.connectorId, 350);
    expectSchedule(ctx, maxOnly, start, [[0, 11], [200, 12]],
      'after ChargingProfile 2 was cleared by purpose and stack level, only the ChargePointMaxProfile limits', { requirement: 'OCPP 1.6 6.13' });

    await clearProfiles(csms, {}, 'without criteria');
    const none = await getComposite(ctx, s.connectorId, 350);
    expectSchedule(ctx, none, start, [], 'after every profile was cleared, only the station\'s own limit applies', { openFrom: 0, requirement: 'OCPP 1.6 6.13' });
    // Without a configured local limit the station's own limit is unknown: it must at least not be the cleared ChargePointMaxProfile.
    const limits = (c: typeof none) => c.periods.map((p) => p.limit).join(',');
    if (s.localLimit === undefined && limits(none) === limits(maxOnly)) {
      throw new Verdict(`after every profile was cleared the composite schedule still shows the ChargePointMaxProfile's limits (${limits(none)})`, 'OCPP 1.6 6.13');
    }
  },
});

export const clearUnknownCs = testCase<CsTestCase>({
  useCase: 'K10', variant: 'unknown', ocpp, sut: 'CS', needs: ['1.6:SmartCharging'], profile: 'smart-charging',
  title: 'Beyond the documents: ClearChargingProfile for an id no installed profile has is answered Unknown, and the installed profile stays',
  killedBy: ['cs.clear-profile-always-accepted', 'cs.clear-profile-ignores-filter'],
  async run(ctx) {
    const { csms } = ctx;
    const s = await bootedWithoutProfiles(ctx);
    const start = documentStart(s);
    const installed = chargingProfile(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]], start });
    await installProfile(csms, s.connectorId, installed, 'a TxDefaultProfile');
    const answer = await csms.call('ClearChargingProfile', { id: Number(installed.chargingProfileId) + 1 });
    if (answer.status !== 'Unknown') {
      throw new Verdict(`ClearChargingProfile for id ${Number(installed.chargingProfileId) + 1}, which no installed profile has, must be answered Unknown, got ${String(answer.status)}`, 'OCPP 1.6 7.21');
    }
    expectSchedule(ctx, await getComposite(ctx, s.connectorId, s.duration), start, [[0, 6]],
      'a ClearChargingProfile that matched nothing leaves the installed profile', { openFrom: s.duration, requirement: 'OCPP 1.6 6.13' });
  },
});
