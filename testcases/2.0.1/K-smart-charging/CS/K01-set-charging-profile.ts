// K01 SetChargingProfile, charging station as SUT: the three purposes on a specific EVSE and on evseId 0, each
// read back with GetChargingProfiles; replacement by id; the rejections (TxProfile without or for an unknown
// transaction, TxProfile on evseId 0, an EVSE the station does not have, more periods than PeriodsPerSchedule).
import { testCase, full, type CsContext, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { Inconclusive } from '../../../../src/harness/verdicts.js';
import { charging } from '../../../shared/session-states.js';
import { documentStart, settingsOf } from '../../../shared/smart-charging-steps.js';
import { rebootStation } from '../../../shared/local-list-steps.js';
import type { Payload } from '../../../../src/ocpp/frames.js';
import {
  clearAll201, expectRejected201, expectReported, expectWindow, getComposite201, getProfilesAccepted, installProfile201, profile201, setProfile201,
} from '../../../shared/smart-charging201-steps.js';

const ocpp = '2.0.1';
const needs = ['smart-charging'];
const profile = 'smart-charging';

/** Set `sent` on `evseId` (Accepted), then GetChargingProfiles by its id must report exactly it for that EVSE. */
async function setAndReadBack(ctx: CsContext, evseId: number, sent: Payload, what: string): Promise<void> {
  await installProfile201(ctx.csms, evseId, sent, what);
  const got = await getProfilesAccepted(ctx.csms, { chargingProfile: { chargingProfileId: [sent.id] } }, `for profile ${String(sent.id)}`);
  expectReported(got, evseId, sent, what);
  const last = got.reports.at(-1)!;
  if (last.tbc === true) throw new Verdict('the last ReportChargingProfiles of a request must have tbc false', 'OCPP 2.0.1 K09.FR.02');
}

async function fresh(ctx: CsContext): Promise<ReturnType<typeof settingsOf>> {
  await ctx.csms.booted();
  await clearAll201(ctx.csms);
  return settingsOf(ctx);
}

export const txDefaultEvseCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'tx-default-evse', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_01_CS'),
  title: 'A TxDefaultProfile for the configured EVSE is Accepted and GetChargingProfiles reports it unchanged for that EVSE',
  killedBy: ['cs.201-report-profile-altered'],
  async run(ctx) {
    const s = await fresh(ctx);
    const sent = profile201(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]] });
    await setAndReadBack(ctx, s.connectorId, sent, 'the TxDefaultProfile');
  },
});

export const txDefaultAllCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'tx-default-all-evse', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_10_CS'),
  title: 'A TxDefaultProfile for evseId 0 is Accepted and reported unchanged for evseId 0 with tbc false',
  killedBy: ['cs.201-report-profile-altered'],
  async run(ctx) {
    const s = await fresh(ctx);
    const sent = profile201(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]] });
    await setAndReadBack(ctx, 0, sent, 'the TxDefaultProfile for all EVSEs');
  },
});

export const stationMaxCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'station-max', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_03_CS'),
  title: 'A ChargingStationMaxProfile (Absolute, evseId 0) is Accepted and reported unchanged for evseId 0',
  killedBy: ['cs.201-report-profile-altered'],
  async run(ctx) {
    const s = await fresh(ctx);
    const sent = profile201(s, { purpose: 'ChargingStationMaxProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]] });
    await setAndReadBack(ctx, 0, sent, 'the ChargingStationMaxProfile');
  },
});

export const replaceByIdCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'replace-by-id', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_04_CS'),
  title: 'A TxDefaultProfile with the id of an installed one replaces it: the report shows the new limit (10 A / 10000 W)',
  killedBy: ['cs.201-profile-id-not-replaced'],
  async run(ctx) {
    const s = await fresh(ctx);
    const spec = { purpose: 'TxDefaultProfile' as const, stackLevel: s.stackLevel, duration: s.duration };
    const first = profile201(s, { ...spec, periods: [[0, 6]] });
    await installProfile201(ctx.csms, s.connectorId, first, 'the first TxDefaultProfile (memory state)');
    const second = profile201(s, { ...spec, id: Number(first.id), periods: [[0, 10]] });
    await installProfile201(ctx.csms, s.connectorId, second, 'a TxDefaultProfile with the same id');
    const got = await getProfilesAccepted(ctx.csms, { chargingProfile: { chargingProfileId: [second.id] } }, `for profile ${String(second.id)}`);
    if (got.profiles.length !== 1) throw new Verdict(`profile ${String(second.id)} was replaced, so one profile must be reported, got ${got.profiles.length}`, 'OCPP 2.0.1 K01.FR.05');
    expectReported(got, s.connectorId, second, 'the replacing profile');
  },
});

export const txProfileNoTxCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'tx-profile-no-transaction', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_02_CS'),
  title: 'A TxProfile for an EVSE without a transaction (unknown transactionId) is Rejected',
  killedBy: ['cs.201-tx-profile-without-transaction-accepted'],
  async run(ctx) {
    const s = await fresh(ctx);
    const sent = profile201(s, { purpose: 'TxProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]], transactionId: 'UNKNOWN-TRANSACTION-ID' });
    await expectRejected201(ctx.csms, s.connectorId, sent, `no transaction runs on EVSE ${s.connectorId}`, 'OCPP 2.0.1 K01.FR.09');
  },
});

export const txProfileEvseZeroCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'tx-profile-evse-zero', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_11_CS'),
  title: 'A TxProfile for evseId 0 (all EVSEs at once) is Rejected',
  killedBy: ['cs.201-tx-profile-evse-zero-accepted'],
  async run(ctx) {
    const s = await fresh(ctx);
    const sent = profile201(s, { purpose: 'TxProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]] });
    await expectRejected201(ctx.csms, 0, sent, 'a TxProfile cannot be set on evseId 0', 'OCPP 2.0.1 K01.FR.16');
  },
});

export const unknownEvseCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'unknown-evse', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_14_CS'),
  title: 'A charging profile for an EVSE the station does not have (EVSE count + 1) is Rejected',
  killedBy: ['cs.201-set-profile-unknown-evse-accepted'],
  async run(ctx) {
    const s = await fresh(ctx);
    const evseId = ctx.profile.evses.length + 1;
    const sent = profile201(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]] });
    await expectRejected201(ctx.csms, evseId, sent, `the station has ${ctx.profile.evses.length} EVSE(s), not ${evseId}`, 'OCPP 2.0.1 K01.FR.28');
  },
});

export const unknownTransactionCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'unknown-transaction', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_16_CS'), actions: ['plugIn'],
  title: 'During a transaction, a TxProfile for the EVSE naming an unknown transactionId is Rejected',
  killedBy: ['cs.201-tx-profile-unknown-transaction-accepted'],
  async run(ctx) {
    const s = await fresh(ctx);
    await charging(ctx, s.connectorId);
    const sent = profile201(s, { purpose: 'TxProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]], transactionId: 'UNKNOWN-TRANSACTION-ID' });
    await expectRejected201(ctx.csms, s.connectorId, sent, 'the transactionId is not the one running on the EVSE', 'OCPP 2.0.1 K01.FR.33');
  },
});

export const txProfileOngoingCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'tx-profile-ongoing', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_60_CS'), actions: ['plugIn'],
  title: 'During a transaction a Relative TxProfile for it is Accepted and GetChargingProfiles reports it unchanged',
  killedBy: ['cs.201-report-profile-altered'],
  async run(ctx) {
    const s = await fresh(ctx);
    const tx = await charging(ctx, s.connectorId);
    const sent = profile201(s, { purpose: 'TxProfile', kind: 'Relative', stackLevel: s.stackLevel, periods: [[0, 6]], transactionId: tx.id });
    await setAndReadBack(ctx, s.connectorId, sent, 'the TxProfile of the running transaction');
  },
});

// ---------------------------------------------------------------- beyond the documents

export const periodsPerScheduleCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'periods-per-schedule', ocpp, sut: 'CS', needs, profile,
  title: 'A schedule with one period more than SmartChargingCtrlr.PeriodsPerSchedule is Rejected',
  killedBy: ['cs.201-periods-per-schedule-unchecked'],
  async run(ctx) {
    const s = await fresh(ctx);
    const answer = await ctx.csms.call('GetVariables', { getVariableData: [{ component: { name: 'SmartChargingCtrlr' }, variable: { name: 'PeriodsPerSchedule' } }] });
    const result = (answer.getVariableResult as Payload[])[0]!;
    const max = Number(result.attributeValue);
    if (result.attributeStatus !== 'Accepted' || !Number.isInteger(max) || max < 1) {
      throw new Inconclusive(`SmartChargingCtrlr.PeriodsPerSchedule could not be read (${String(result.attributeStatus)}, ${String(result.attributeValue)})`);
    }
    if (max > 1000) throw new Inconclusive(`PeriodsPerSchedule is ${max}: too many periods to send`);
    const periods = Array.from({ length: max + 1 }, (_, i) => [i * 10, 6 + (i % 2)] as const);
    const sent = profile201(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, duration: (max + 1) * 10, periods });
    await expectRejected201(ctx.csms, s.connectorId, sent, `the schedule has ${max + 1} periods, PeriodsPerSchedule is ${max}`, 'OCPP 2.0.1 SmartChargingCtrlr.PeriodsPerSchedule');
  },
});

// ---------------------------------------------------------------- K01 validity, start, recurrence, persistence

export const persistentCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'persistent', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_13_CS'),
  title: 'A TxDefaultProfile survives a reboot (Reset Immediate, new boot): GetChargingProfiles reports it unchanged',
  killedBy: ['cs.201-profiles-lost-on-reboot'],
  async run(ctx) {
    const s = await fresh(ctx);
    const sent = profile201(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]] });
    await installProfile201(ctx.csms, s.connectorId, sent, 'the TxDefaultProfile');
    await rebootStation(ctx);
    const got = await getProfilesAccepted(ctx.csms, { chargingProfile: { chargingProfileId: [sent.id] } }, 'after the reboot');
    expectReported(got, s.connectorId, sent, 'the profile set before the reboot (K01.FR.27: kept over a reboot)');
  },
});

export const notSupportedCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'not-supported', ocpp, sut: 'CS', needsAbsent: needs, profile, octt: full('TC_K_15_CS'),
  title: 'A station without smart charging answers SetChargingProfile with CALLERROR NotSupported',
  killedBy: ['cs.201-no-smart-charging-accepts-profile'],
  async run(ctx) {
    await ctx.csms.booted();
    const s = settingsOf(ctx);
    const status = await setProfile201(ctx.csms, s.connectorId, profile201(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]] }));
    if (status !== 'CALLERROR NotSupported') throw new Verdict(`a station without smart charging must answer SetChargingProfile with CALLERROR NotSupported, got ${status}`, 'OCPP 2.0.1 K01.FR.29');
  },
});

export const recurringCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'recurring', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_19_CS'),
  title: 'A Recurring (Daily) TxDefaultProfile is Accepted',
  killedBy: ['cs.201-recurring-profile-rejected'],
  async run(ctx) {
    const s = await fresh(ctx);
    const sent = profile201(s, { purpose: 'TxDefaultProfile', kind: 'Recurring', recurrencyKind: 'Daily', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]], start: documentStart(s) });
    await installProfile201(ctx.csms, s.connectorId, sent, 'the Recurring TxDefaultProfile (K01.FR.40)');
  },
});

export const validFromCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'valid-from', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_21_CS'),
  title: 'A Relative TxDefaultProfile valid from 300 s on is Accepted; the composite schedule shows its 6 A / 6000 W only from then',
  killedBy: ['cs.201-profile-validity-ignored'],
  async run(ctx) {
    const s = await fresh(ctx);
    const sent = Date.now();
    await installProfile201(ctx.csms, s.connectorId, profile201(s, { purpose: 'TxDefaultProfile', kind: 'Relative', stackLevel: s.stackLevel, periods: [[0, 6]], validFrom: sent + 300_000 }), 'the TxDefaultProfile valid from now + 300 s');
    const c = await getComposite201(ctx, s.connectorId, 400);
    if (c.periods[0]?.startPeriod !== 0) throw new Verdict('the composite schedule\'s first period must start at 0', 'OCPP 2.0.1 K08.FR.02');
    expectWindow(ctx, c, sent, 300, 400, 6, 'the profile applies from its validFrom', 'OCPP 2.0.1 K01.FR.36');
  },
});

export const validToCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'valid-to', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_22_CS'),
  title: 'A TxDefaultProfile for evseId 0 valid for 300 s: every EVSE\'s composite schedule shows 6 A / 6000 W until then, the station\'s (evseId 0) that limit times the EVSE count',
  killedBy: ['cs.201-station-composite-ignores-evse-zero-default'],
  async run(ctx) {
    const s = await fresh(ctx);
    const sent = Date.now();
    await installProfile201(ctx.csms, 0, profile201(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, periods: [[0, 6]], start: sent, validFrom: documentStart(s), validTo: sent + 300_000 }), 'the TxDefaultProfile valid until now + 300 s');
    const count = ctx.profile.evses.length;
    for (const evseId of [0, ...ctx.profile.evses.map((e) => e.id)]) {
      const c = await getComposite201(ctx, evseId, 400);
      expectWindow(ctx, c, sent, 0, 300, evseId === 0 ? 6 * count : 6,
        evseId === 0 ? `the station as a whole: evseId 0's TxDefaultProfile for each of its ${count} EVSE(s)` : `EVSE ${evseId}: evseId 0's TxDefaultProfile`, 'OCPP 2.0.1 K01.FR.37', { endsAt: true });
    }
  },
});

export const startScheduleCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'start-schedule', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_23_CS'),
  title: 'An Absolute TxDefaultProfile whose startSchedule lies 60 s after its start: the composite schedule shows its limit only from then',
  killedBy: ['cs.201-start-schedule-ignored'],
  async run(ctx) {
    const s = await fresh(ctx);
    const start = documentStart(s);
    const dev = s.maxTimeDeviationS;
    await installProfile201(ctx.csms, s.connectorId, profile201(s, {
      purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, periods: [[0, 6]], start: start + 60_000, validFrom: start + 50_000, validTo: Date.now() + (dev + 400) * 1000,
    }), 'the TxDefaultProfile starting at now - <dev> + 60 s');
    const c = await getComposite201(ctx, s.connectorId, 300);
    expectWindow(ctx, c, start, 60, 300, 6, 'the schedule runs from its startSchedule', 'OCPP 2.0.1 K01.FR.30');
  },
});

export const txDefaultOngoingCs = testCase<CsTestCase>({
  useCase: 'K01', variant: 'tx-default-ongoing', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_28_CS'), actions: ['plugIn'],
  title: 'During a transaction a TxDefaultProfile is Accepted and applies to that transaction: the composite schedule shows 6 A / 6000 W',
  killedBy: ['cs.201-tx-default-ignored-during-transaction'],
  async run(ctx) {
    const s = await fresh(ctx);
    await charging(ctx, s.connectorId);
    const start = documentStart(s);
    const dev = s.maxTimeDeviationS;
    await installProfile201(ctx.csms, s.connectorId, profile201(s, {
      purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, duration: 300, periods: [[0, 6]], start, validFrom: start, validTo: Date.now() + (dev + 300) * 1000,
    }), 'the TxDefaultProfile during the transaction');
    const c = await getComposite201(ctx, s.connectorId, 300);
    expectWindow(ctx, c, start, 0, 300, 6, 'a TxDefaultProfile set during a transaction without a TxProfile governs it', 'OCPP 2.0.1 K01.FR.32');
  },
});

// ---------------------------------------------------------------- a charging rate unit the station lacks

/** TC_K_12 / TC_K_42 for a station without `unit` (SC-2.1: A, SC-2.2: W); the document's profile then uses it. */
function unsupportedUnit(unit: 'A' | 'W') {
  const item = unit === 'A' ? 'SC-2.1' : 'SC-2.2';
  return [
    testCase<CsTestCase>({
      useCase: 'K01', variant: `unsupported-unit-${unit.toLowerCase()}`, ocpp, sut: 'CS', needs, needsAbsent: [item], profile, octt: full('TC_K_12_CS'),
      title: `A station without charging rate unit ${unit} rejects a charging profile in ${unit}`,
      killedBy: ['cs.201-unsupported-rate-unit-accepted'],
      async run(ctx) {
        const s = { ...(await fresh(ctx)), chargingRateUnit: unit };
        const sent = profile201(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]] });
        await expectRejected201(ctx.csms, s.connectorId, sent, `the station does not support chargingRateUnit ${unit}`, 'OCPP 2.0.1 K01.FR.26');
      },
    }),
    testCase<CsTestCase>({
      useCase: 'K08', variant: `unsupported-unit-${unit.toLowerCase()}`, ocpp, sut: 'CS', needs, needsAbsent: [item], profile, octt: full('TC_K_42_CS'),
      title: `A station without charging rate unit ${unit} rejects GetCompositeSchedule in ${unit}, without a schedule`,
      killedBy: ['cs.201-composite-unsupported-unit-accepted'],
      async run(ctx) {
        await fresh(ctx);
        const answer = await ctx.csms.call('GetCompositeSchedule', { evseId: 0, duration: 300, chargingRateUnit: unit });
        if (answer.status !== 'Rejected') throw new Verdict(`the station does not support chargingRateUnit ${unit}: GetCompositeSchedule in it must be Rejected, got ${String(answer.status)}`, 'OCPP 2.0.1 K08.FR.07');
        if (answer.schedule !== undefined) throw new Verdict('a Rejected GetCompositeSchedule must not carry a schedule', 'OCPP 2.0.1 K08.FR.07');
      },
    }),
  ] as const;
}

export const [unsupportedUnitWCs, compositeUnsupportedWCs] = unsupportedUnit('W');
export const [unsupportedUnitACs, compositeUnsupportedACs] = unsupportedUnit('A');
