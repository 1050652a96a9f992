// 1.6 Central Smart Charging with TxDefaultProfiles, charge point as SUT: a default profile on an idle connector
// (TC_056_CS) and during a transaction (TC_082_CS), and two stacked default profiles (TC_072_CS), each judged by
// the composite schedule the station reports for the connector.
import { testCase, full, type CsContext, type CsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { charging } from '../../shared/session-states.js';
import {
  chargingProfile, clearAllProfiles, bootedWithoutProfiles, documentStart, expectSchedule, getComposite, installProfile, setProfile, settingsOf,
} from '../../shared/smart-charging-steps.js';

const ocpp = '1.6';
const needs = ['1.6:SmartCharging'];

/**
 * TC_056 / TC_082: SetChargingProfile TxDefaultProfile with the configured connector, stack level, duration, unit
 * and phases, limit 6 A (6000 W); GetCompositeSchedule for the connector shows that limit.
 */
async function txDefault(ctx: CsContext, ongoing: boolean): Promise<void> {
  const { csms } = ctx;
  const s = settingsOf(ctx);
  await csms.booted();
  await clearAllProfiles(csms);
  if (ongoing) await charging(ctx, s.connectorId);
  const start = documentStart(s);
  const profile = chargingProfile(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]], start });
  await installProfile(csms, s.connectorId, profile, 'the TxDefaultProfile');
  const composite = await getComposite(ctx, s.connectorId, s.duration);
  expectSchedule(ctx, composite, start, [[0, 6]], ongoing
    ? 'a TxDefaultProfile received during a transaction without a TxProfile is in force for it (valid once received)'
    : 'the TxDefaultProfile limits the connector', { openFrom: s.duration, requirement: ongoing ? 'OCPP 1.6 3.13.1, 7.8 validFrom' : 'OCPP 1.6 3.13.3' });
}

export const txDefaultCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'tx-default', ocpp, sut: 'CS', needs, octt: full('TC_056_CS'), profile: 'smart-charging',
  title: 'A TxDefaultProfile (6 A / 6000 W, configured connector, stack level, duration) is Accepted and the composite schedule shows its limit',
  killedBy: ['cs.composite-idle-ignores-tx-default'],
  run: (ctx) => txDefault(ctx, false),
});

export const txDefaultOngoingCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'tx-default-ongoing', ocpp, sut: 'CS', needs, octt: full('TC_082_CS'), profile: 'smart-charging',
  actions: ['plugIn'],
  title: 'During a transaction a TxDefaultProfile is Accepted and applies to that transaction: the composite schedule shows its limit',
  killedBy: ['cs.tx-default-ignored-during-transaction'],
  run: (ctx) => txDefault(ctx, true),
});

export const stackingCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'stacking', ocpp, sut: 'CS', needs, octt: full('TC_072_CS'), profile: 'smart-charging',
  title: 'Two stacked TxDefaultProfiles: the one with the higher stackLevel prevails while its schedule lasts, then the lower one',
  killedBy: ['cs.composite-ignores-stack-level'],
  async run(ctx) {
    const { csms } = ctx;
    const s = await bootedWithoutProfiles(ctx);
    const start = documentStart(s);
    const valid = { start, validFrom: start, validTo: start + 401_000 };
    await installProfile(csms, s.connectorId, chargingProfile(s, { purpose: 'TxDefaultProfile', stackLevel: 0, duration: 400, periods: [[0, 6], [100, 8], [200, 10]], ...valid }), 'ChargingProfile 1');
    await installProfile(csms, s.connectorId, chargingProfile(s, { purpose: 'TxDefaultProfile', stackLevel: 1, duration: 150, periods: [[0, 7], [100, 9]], ...valid }), 'ChargingProfile 2');
    const composite = await getComposite(ctx, s.connectorId, 350);
    expectSchedule(ctx, composite, start, [[0, 7], [100, 9], [150, 8], [200, 10]],
      'the profile with stackLevel 1 prevails for its 150 s, then the one with stackLevel 0', { requirement: 'OCPP 1.6 3.13.2' });
  },
});

// ---------------------------------------------------------------- beyond the documents: 3.13.1 / 3.13.2 rules

export const replaceSameLevelCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'replace-same-stack-level', ocpp, sut: 'CS', needs, profile: 'smart-charging',
  title: 'A second TxDefaultProfile with the same stackLevel for the connector replaces the first: the composite schedule shows only the new limit',
  killedBy: ['cs.same-stack-level-kept'],
  async run(ctx) {
    const { csms } = ctx;
    const s = await bootedWithoutProfiles(ctx);
    const start = documentStart(s);
    const spec = { purpose: 'TxDefaultProfile' as const, stackLevel: s.stackLevel, duration: s.duration, start };
    await installProfile(csms, s.connectorId, chargingProfile(s, { ...spec, periods: [[0, 6]] }), 'the first TxDefaultProfile');
    await installProfile(csms, s.connectorId, chargingProfile(s, { ...spec, periods: [[0, 8]] }), 'a second TxDefaultProfile with the same stackLevel');
    expectSchedule(ctx, await getComposite(ctx, s.connectorId, s.duration), start, [[0, 8]],
      'a profile with the stackLevel and purpose of an installed one replaces it', { openFrom: s.duration, requirement: 'OCPP 1.6 3.13.2' });
  },
});

export const connectorOverZeroCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'connector-over-connector-zero', ocpp, sut: 'CS', needs, profile: 'smart-charging',
  title: 'A TxDefaultProfile for the connector replaces the one for connector 0 on that connector only',
  killedBy: ['cs.connector-zero-default-kept'],
  async run(ctx) {
    const { csms, profile } = ctx;
    const s = await bootedWithoutProfiles(ctx);
    const start = documentStart(s);
    const spec = { purpose: 'TxDefaultProfile' as const, stackLevel: s.stackLevel, duration: s.duration, start };
    await installProfile(csms, 0, chargingProfile(s, { ...spec, periods: [[0, 6]] }), 'the TxDefaultProfile for all connectors');
    await installProfile(csms, s.connectorId, chargingProfile(s, { ...spec, periods: [[0, 8]] }), 'a TxDefaultProfile for the connector');
    expectSchedule(ctx, await getComposite(ctx, s.connectorId, s.duration), start, [[0, 8]],
      `connector ${s.connectorId} has a TxDefaultProfile of its own, which replaces connector 0's there`, { openFrom: s.duration, requirement: 'OCPP 1.6 3.13.1' });
    const other = profile.evses.find((e) => e.id !== s.connectorId);
    if (!other) return; // one connector: nothing else to see
    expectSchedule(ctx, await getComposite(ctx, other.id, s.duration), start, [[0, 6]],
      `connector ${other.id} has no TxDefaultProfile of its own: connector 0's applies`, { openFrom: s.duration, requirement: 'OCPP 1.6 3.13.1' });
  },
});

export const validityCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'validity', ocpp, sut: 'CS', needs, profile: 'smart-charging',
  title: 'A stacked TxDefaultProfile prevails only between its validFrom and validTo: the composite schedule shows the lower one around it',
  killedBy: ['cs.profile-validity-ignored'],
  async run(ctx) {
    const { csms } = ctx;
    const s = await bootedWithoutProfiles(ctx);
    const start = documentStart(s);
    await installProfile(csms, s.connectorId, chargingProfile(s, { purpose: 'TxDefaultProfile', stackLevel: 0, duration: 400, periods: [[0, 6]], start }), 'the base TxDefaultProfile');
    await installProfile(csms, s.connectorId, chargingProfile(s, {
      purpose: 'TxDefaultProfile', stackLevel: 1, duration: 400, periods: [[0, 8]], start, validFrom: start + 100_000, validTo: start + 200_000,
    }), 'a TxDefaultProfile valid from 100 s to 200 s');
    expectSchedule(ctx, await getComposite(ctx, s.connectorId, 350), start, [[0, 6], [100, 8], [200, 6]],
      'the higher profile prevails only while it is valid', { requirement: 'OCPP 1.6 3.13.2' });
  },
});

export const maxProfileOnConnectorCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'max-profile-connector', ocpp, sut: 'CS', needs, profile: 'smart-charging',
  title: 'A ChargePointMaxProfile for a connector other than 0 is not Accepted',
  killedBy: ['cs.max-profile-on-connector-accepted'],
  async run(ctx) {
    const { csms } = ctx;
    const s = await bootedWithoutProfiles(ctx);
    const status = await setProfile(csms, s.connectorId, chargingProfile(s, { purpose: 'ChargePointMaxProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]], start: Date.now() }));
    if (status === 'Accepted') throw new Verdict(`a ChargePointMaxProfile can only be set at connector 0; for connector ${s.connectorId} it was Accepted`, 'OCPP 1.6 3.13.1');
  },
});

export const recurringCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'recurring', ocpp, sut: 'CS', needs, profile: 'smart-charging',
  title: 'A Daily Recurring TxDefaultProfile that began yesterday repeats today: the composite schedule shows its periods from today\'s start',
  killedBy: ['cs.recurring-profile-not-repeated'],
  async run(ctx) {
    const { csms } = ctx;
    const s = await bootedWithoutProfiles(ctx);
    const today = documentStart(s);
    const yesterday = today - 86_400_000;
    await installProfile(csms, s.connectorId, chargingProfile(s, {
      purpose: 'TxDefaultProfile', kind: 'Recurring', recurrencyKind: 'Daily', stackLevel: s.stackLevel, duration: 86_400, periods: [[0, 6], [100, 8]], start: yesterday,
    }), 'a Daily Recurring TxDefaultProfile');
    expectSchedule(ctx, await getComposite(ctx, s.connectorId, 350), today, [[0, 6], [100, 8]],
      'the schedule restarts every day at its first period', { requirement: 'OCPP 1.6 7.9 Recurring' });
  },
});
