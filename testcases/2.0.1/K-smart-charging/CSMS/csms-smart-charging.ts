// 2.0.1 Smart Charging with the CSMS as SUT: the harness plays a charging station; the CSMS's operator sets, clears
// and reads charging profiles and asks for composite schedules, and the requests the CSMS sends are checked
// against what the documents validate (TC_K_01..60_CSMS), with the SUT profile's configured values.
import { testCase, full, type CsmsContext, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { HOLD, Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import type { Payload } from '../../../../src/ocpp/frames.js';
import { operatorRequest } from '../../../shared/local-list-steps.js';
import { prior, SimSession } from '../../../shared/tx-csms-steps.js';
import { newSimTx, requireTokenAccepted, sendTxEvent } from '../../../shared/session-states.js';
import { absent, is, limitIn, present, requireFields, settingsOf } from '../../../shared/smart-charging-steps.js';

const ocpp = '2.0.1';
const needs = ['smart-charging'];
const profile = 'smart-charging';

const profileOf = (c: ReceivedCall) => (c.payload.chargingProfile ?? {}) as Payload;
const scheduleOf = (p: Payload) => ((p.chargingSchedule as Payload[] | undefined) ?? [])[0] ?? {};
const firstPeriod = (p: Payload) => ((scheduleOf(p).chargingSchedulePeriod as Payload[] | undefined) ?? [])[0] ?? {};

/** The operator's profile values: the configured ones with the document's limit (A; W × 1000). */
function profileArgs(ctx: CsmsContext, evseId: number, purpose: string, limit: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const s = settingsOf(ctx);
  return {
    evseId, chargingProfilePurpose: purpose, chargingProfileKind: 'Absolute', stackLevel: s.stackLevel,
    chargingRateUnit: s.chargingRateUnit, duration: s.duration, startPeriod: s.startPeriod, limit: limitIn(s, limit), numberPhases: s.numberPhases, ...extra,
  };
}

/** The fields every document checks of an Absolute profile with validity (TC_K_01/03/10_CSMS). */
function absoluteChecks(ctx: CsmsContext, request: ReceivedCall, evseId: number, purpose: string, limit: number, startPeriod: number): [string, unknown, (v: unknown) => boolean][] {
  const s = settingsOf(ctx);
  const p = profileOf(request);
  const period = firstPeriod(p);
  return [
    [`evseId must be ${evseId}`, request.payload.evseId, is(evseId)],
    [`stackLevel must be ${s.stackLevel}`, p.stackLevel, is(s.stackLevel)],
    [`chargingProfilePurpose must be ${purpose}`, p.chargingProfilePurpose, is(purpose)],
    ['chargingProfileKind must be Absolute', p.chargingProfileKind, is('Absolute')],
    ['validFrom must be given', p.validFrom, present],
    ['validTo must be given', p.validTo, present],
    ['chargingSchedule.startSchedule must be given', scheduleOf(p).startSchedule, present],
    [`chargingRateUnit must be ${s.chargingRateUnit}`, scheduleOf(p).chargingRateUnit, is(s.chargingRateUnit)],
    [`duration must be ${s.duration}`, scheduleOf(p).duration, is(s.duration)],
    [`the first period's startPeriod must be ${startPeriod}`, period.startPeriod, is(startPeriod)],
    [`the first period's limit must be ${limitIn(s, limit)}`, period.limit, is(limitIn(s, limit))],
    // numberPhases may be left out where it is 3 (absent means 3).
    [`numberPhases must be ${s.numberPhases}${s.numberPhases === 3 ? ' or left out' : ''}`, period.numberPhases,
      (v) => v === s.numberPhases || (s.numberPhases === 3 && v === undefined)],
  ];
}

export const txDefaultCsms = testCase<CsmsTestCase>({
  useCase: 'K01', variant: 'tx-default-evse', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_01_CSMS'), actions: ['setChargingProfile'],
  title: 'The operator sets a TxDefaultProfile for the configured EVSE: the CSMS sends it with the configured values, validity and start',
  killedBy: ['csms.201-charging-profile-no-validity'],
  async run(ctx) {
    const s = settingsOf(ctx);
    await ctx.station.booted();
    const request = await operatorRequest(ctx, 'setChargingProfile', profileArgs(ctx, s.connectorId, 'TxDefaultProfile', 6), 'SetChargingProfile', { status: 'Accepted' });
    requireFields(request, absoluteChecks(ctx, request, s.connectorId, 'TxDefaultProfile', 6, s.startPeriod), 'OCPP 2.0.1 K01.FR.31');
    // The document's values: validFrom and startSchedule now, validTo now + the schedule's duration.
    const p = profileOf(request);
    const near = (iso: unknown, at: number) => typeof iso === 'string' && Math.abs(Date.parse(iso) - at) <= s.maxTimeDeviationS * 1000;
    requireFields(request, [
      [`validFrom must be now (within ${s.maxTimeDeviationS} s)`, p.validFrom, (v) => near(v, request.at)],
      [`chargingSchedule.startSchedule must be now (within ${s.maxTimeDeviationS} s)`, scheduleOf(p).startSchedule, (v) => near(v, request.at)],
      [`validTo must be now + ${s.duration} s`, p.validTo, (v) => near(v, request.at + s.duration * 1000)],
    ], 'OCPP 2.0.1 K01.FR.31');
  },
});

export const txDefaultAllCsms = testCase<CsmsTestCase>({
  useCase: 'K01', variant: 'tx-default-all-evse', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_10_CSMS'), actions: ['setChargingProfile'],
  title: 'The operator sets a TxDefaultProfile for all EVSEs: the CSMS sends it for evseId 0 with validity and start',
  killedBy: ['csms.201-charging-profile-no-validity'],
  async run(ctx) {
    await ctx.station.booted();
    const request = await operatorRequest(ctx, 'setChargingProfile', profileArgs(ctx, 0, 'TxDefaultProfile', 6, { startPeriod: 0 }), 'SetChargingProfile', { status: 'Accepted' });
    requireFields(request, absoluteChecks(ctx, request, 0, 'TxDefaultProfile', 6, 0), 'OCPP 2.0.1 K01.FR.31');
  },
});

export const stationMaxCsms = testCase<CsmsTestCase>({
  useCase: 'K01', variant: 'station-max', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_03_CSMS'), actions: ['setChargingProfile'],
  title: 'The operator sets a ChargingStationMaxProfile (8 A / 8000 W): the CSMS sends it for evseId 0 with validity and start',
  killedBy: ['csms.201-charging-profile-no-validity'],
  async run(ctx) {
    await ctx.station.booted();
    const request = await operatorRequest(ctx, 'setChargingProfile', profileArgs(ctx, 0, 'ChargingStationMaxProfile', 8, { startPeriod: 0 }), 'SetChargingProfile', { status: 'Accepted' });
    // The document admits Absolute or Relative; the reference sends Absolute, checked with the rest.
    const checks = absoluteChecks(ctx, request, 0, 'ChargingStationMaxProfile', 8, 0)
      .map(([f, v, ok]): [string, unknown, (v: unknown) => boolean] => (f.startsWith('chargingProfileKind') ? ['chargingProfileKind must be Absolute or Relative', v, (x) => x === 'Absolute' || x === 'Relative'] : [f, v, ok]));
    requireFields(request, checks, 'OCPP 2.0.1 K01.FR.38');
  },
});

export const replaceCsms = testCase<CsmsTestCase>({
  useCase: 'K01', variant: 'replace-by-id', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_04_CSMS'), actions: ['setChargingProfile'],
  title: 'The operator replaces a TxDefaultProfile (8, then 6 A / W×1000): the second SetChargingProfile carries the id of the first',
  killedBy: ['csms.201-charging-profile-new-id'],
  async run(ctx) {
    const s = settingsOf(ctx);
    await ctx.station.booted();
    const first = await operatorRequest(ctx, 'setChargingProfile', profileArgs(ctx, s.connectorId, 'TxDefaultProfile', 8), 'SetChargingProfile', { status: 'Accepted' });
    const id = profileOf(first).id;
    const second = await operatorRequest(ctx, 'setChargingProfile', profileArgs(ctx, s.connectorId, 'TxDefaultProfile', 6, { chargingProfileId: id }), 'SetChargingProfile', { status: 'Accepted' });
    requireFields(second, [
      [`the first period's limit must be ${limitIn(s, 6)}`, firstPeriod(profileOf(second)).limit, is(limitIn(s, 6))],
      [`chargingProfile.id must be ${String(id)}, the id of the profile it replaces`, profileOf(second).id, is(id)],
    ], 'OCPP 2.0.1 K01.FR.05');
  },
});

export const txProfileCsms = testCase<CsmsTestCase>({
  useCase: 'K01', variant: 'tx-profile-ongoing', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_60_CSMS'), actions: ['setChargingProfile'],
  title: 'During a transaction the operator sets a TxProfile: the CSMS sends it for the EVSE with the transaction\'s id',
  killedBy: ['csms.201-tx-profile-no-transaction-id'],
  async run(ctx) {
    const { station } = ctx;
    const s = settingsOf(ctx);
    await station.booted();
    const session = new SimSession(station, s.connectorId);
    await prior(station, 'EnergyTransferStarted', () => session.energyTransferStarted());
    const request = await operatorRequest(ctx, 'setChargingProfile', profileArgs(ctx, s.connectorId, 'TxProfile', 6, { chargingProfileKind: 'Relative', transactionId: session.id }), 'SetChargingProfile', { status: 'Accepted' });
    const p = profileOf(request);
    requireFields(request, [
      ['chargingProfilePurpose must be TxProfile', p.chargingProfilePurpose, is('TxProfile')],
      [`evseId must be ${s.connectorId}`, request.payload.evseId, is(s.connectorId)],
      [`transactionId must be ${session.id}, the transaction's`, p.transactionId, is(session.id)],
    ], 'OCPP 2.0.1 K01.FR.03');
  },
});

// ---------------------------------------------------------------- K10 ClearChargingProfile

export const clearByIdCsms = testCase<CsmsTestCase>({
  useCase: 'K10', variant: 'by-id', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_05_CSMS'), actions: ['getChargingProfiles', 'clearChargingProfile'],
  title: 'The operator reads the profiles (one reported) and clears it by id: ClearChargingProfile carries the id and no criteria',
  killedBy: ['csms.201-clear-profile-by-id-with-criteria'],
  async run(ctx) {
    await ctx.station.booted();
    const reported = await readProfiles(ctx, {}, 'Accepted');
    const id = Number(reported.id);
    const request = await operatorRequest(ctx, 'clearChargingProfile', { chargingProfileId: id }, 'ClearChargingProfile', { status: 'Accepted' });
    requireFields(request, [
      [`chargingProfileId must be ${id}`, request.payload.chargingProfileId, is(id)],
      ['chargingProfileCriteria must be left out', request.payload.chargingProfileCriteria, absent],
    ], 'OCPP 2.0.1 K10.FR.02');
  },
});

function clearByCriteria(octt: string, variant: string, answer: 'Accepted' | 'Unknown') {
  return testCase<CsmsTestCase>({
    useCase: 'K10', variant, ocpp, sut: 'CSMS', needs, profile, octt: full(octt), actions: ['clearChargingProfile'],
    title: `The operator clears the TxDefaultProfile of the configured EVSE and stack level (station answers ${answer}): the criteria carry purpose, stack level and EVSE`,
    killedBy: ['csms.201-clear-criteria-drops-evse'],
    async run(ctx) {
      const s = settingsOf(ctx);
      await ctx.station.booted();
      const request = await operatorRequest(ctx, 'clearChargingProfile', { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: s.stackLevel, evseId: s.connectorId }, 'ClearChargingProfile', { status: answer });
      const c = (request.payload.chargingProfileCriteria ?? {}) as Payload;
      requireFields(request, [
        ['chargingProfileCriteria.chargingProfilePurpose must be TxDefaultProfile', c.chargingProfilePurpose, is('TxDefaultProfile')],
        [`chargingProfileCriteria.stackLevel must be ${s.stackLevel}`, c.stackLevel, is(s.stackLevel)],
        [`chargingProfileCriteria.evseId must be ${s.connectorId}`, c.evseId, is(s.connectorId)],
      ], 'OCPP 2.0.1 K10.FR.02');
    },
  });
}

export const clearCriteriaCsms = clearByCriteria('TC_K_06_CSMS', 'by-criteria', 'Accepted');
export const clearNothingCsms = clearByCriteria('TC_K_08_CSMS', 'by-criteria-unknown', 'Unknown');

// ---------------------------------------------------------------- K09 GetChargingProfiles

/**
 * The operator reads profiles with `args`: the harness station answers `status` and, when Accepted, reports one
 * TxDefaultProfile for the request's EVSE (or the configured one), which the CSMS must answer. Returns that profile.
 */
async function readProfiles(ctx: CsmsContext, args: Record<string, unknown>, status: 'Accepted', check?: (request: ReceivedCall) => void): Promise<Payload> {
  const { station } = ctx;
  const s = settingsOf(ctx);
  const request = await operatorRequest(ctx, 'getChargingProfiles', args, 'GetChargingProfiles', { status });
  check?.(request);
  const evseId = request.payload.evseId === undefined ? s.connectorId : Number(request.payload.evseId);
  const chargingProfile: Payload = {
    id: Number((((request.payload.chargingProfile as Payload | undefined)?.chargingProfileId as number[] | undefined) ?? [])[0] ?? 77),
    stackLevel: s.stackLevel, chargingProfilePurpose: evseId === 0 ? 'ChargingStationMaxProfile' : 'TxDefaultProfile', chargingProfileKind: 'Absolute',
    chargingSchedule: [{ id: 1, startSchedule: new Date().toISOString(), duration: s.duration, chargingRateUnit: s.chargingRateUnit, chargingSchedulePeriod: [{ startPeriod: 0, limit: limitIn(s, 6) }] }],
  };
  await station.call('ReportChargingProfiles', { requestId: request.payload.requestId, chargingLimitSource: 'CSO', evseId, chargingProfile: [chargingProfile] })
    .catch((err: Error) => { throw new Verdict(`the CSMS must answer the ReportChargingProfiles of its request: ${err.message}`, 'OCPP 2.0.1 K09.FR.03'); });
  return chargingProfile;
}

function getProfilesCsms(octt: string, variant: string, title: string, args: (ctx: CsmsContext) => Record<string, unknown>,
  checks: (ctx: CsmsContext, request: ReceivedCall) => [string, unknown, (v: unknown) => boolean][], o: { charging?: boolean; noCriteria?: boolean } = {}) {
  return testCase<CsmsTestCase>({
    useCase: 'K09', variant, ocpp, sut: 'CSMS', needs, profile, octt: full(octt), actions: ['getChargingProfiles'],
    // Without criteria (TC_K_31) there are none to drop: only the refused report shows.
    title, killedBy: [...(o.noCriteria ? [] : ['csms.201-get-profiles-drops-criteria']), 'csms.201-report-charging-profiles-refused'],
    async run(ctx) {
      const { station } = ctx;
      await station.booted();
      if (o.charging) {
        const session = new SimSession(station, settingsOf(ctx).connectorId);
        await prior(station, 'EnergyTransferStarted', () => session.energyTransferStarted());
      }
      await readProfiles(ctx, args(ctx), 'Accepted', (request) => requireFields(request, checks(ctx, request), 'OCPP 2.0.1 K09.FR.03'));
    },
  });
}

const criteriaOf = (r: ReceivedCall) => (r.payload.chargingProfile ?? {}) as Payload;
const evseIs = (evseId: number) => (_ctx: CsmsContext, r: ReceivedCall): [string, unknown, (v: unknown) => boolean] => [`evseId must be ${evseId}`, r.payload.evseId, is(evseId)];
const configuredEvse = (ctx: CsmsContext, r: ReceivedCall) => evseIs(settingsOf(ctx).connectorId)(ctx, r);

export const getEvseZeroCsms = getProfilesCsms('TC_K_29_CSMS', 'evse-zero', 'During a transaction the operator reads the TxDefaultProfiles of evseId 0: GetChargingProfiles with evseId 0 and the purpose; the CSMS answers the report',
  () => ({ evseId: 0, chargingProfilePurpose: 'TxDefaultProfile' }),
  (ctx, r) => [evseIs(0)(ctx, r), ['chargingProfile.chargingProfilePurpose must be TxDefaultProfile', criteriaOf(r).chargingProfilePurpose, is('TxDefaultProfile')]], { charging: true });
export const getEvseCsms = getProfilesCsms('TC_K_30_CSMS', 'evse', 'The operator reads the profiles of the configured EVSE: GetChargingProfiles with that evseId; the CSMS answers the report',
  (ctx) => ({ evseId: settingsOf(ctx).connectorId }), (ctx, r) => [configuredEvse(ctx, r)]);
export const getAllCsms = getProfilesCsms('TC_K_31_CSMS', 'all', 'The operator reads every profile: GetChargingProfiles without evseId; the CSMS answers the report',
  () => ({}), (_ctx, r) => [['evseId must be left out', r.payload.evseId, absent]], { noCriteria: true });
export const getByIdCsms = getProfilesCsms('TC_K_32_CSMS', 'by-id', 'The operator reads one profile by its id: GetChargingProfiles with that chargingProfileId; the CSMS answers the report',
  () => ({ chargingProfileId: 42 }), (_ctx, r) => [['chargingProfile.chargingProfileId must be [42]', JSON.stringify(criteriaOf(r).chargingProfileId), is('[42]')], ['requestId must be given', r.payload.requestId, present]]);
export const getStackLevelCsms = getProfilesCsms('TC_K_33_CSMS', 'evse-stack-level', 'The operator reads the EVSE\'s profiles of the configured stack level: GetChargingProfiles with evseId and stackLevel',
  (ctx) => ({ evseId: settingsOf(ctx).connectorId, stackLevel: settingsOf(ctx).stackLevel }),
  (ctx, r) => [configuredEvse(ctx, r), [`chargingProfile.stackLevel must be ${settingsOf(ctx).stackLevel}`, criteriaOf(r).stackLevel, is(settingsOf(ctx).stackLevel)]]);
export const getLimitSourceCsms = getProfilesCsms('TC_K_34_CSMS', 'evse-limit-source', 'The operator reads the EVSE\'s profiles set by the CSO: GetChargingProfiles with evseId and chargingLimitSource CSO',
  (ctx) => ({ evseId: settingsOf(ctx).connectorId, chargingLimitSource: 'CSO' }),
  (ctx, r) => [configuredEvse(ctx, r), ['chargingProfile.chargingLimitSource must be [CSO]', JSON.stringify(criteriaOf(r).chargingLimitSource), is('["CSO"]')]]);
export const getPurposeCsms = getProfilesCsms('TC_K_35_CSMS', 'evse-purpose', 'The operator reads the EVSE\'s TxDefaultProfiles: GetChargingProfiles with evseId and chargingProfilePurpose',
  (ctx) => ({ evseId: settingsOf(ctx).connectorId, chargingProfilePurpose: 'TxDefaultProfile' }),
  (ctx, r) => [configuredEvse(ctx, r), ['chargingProfile.chargingProfilePurpose must be TxDefaultProfile', criteriaOf(r).chargingProfilePurpose, is('TxDefaultProfile')]]);
export const getPurposeStackCsms = getProfilesCsms('TC_K_36_CSMS', 'evse-purpose-stack-level', 'The operator reads the EVSE\'s TxDefaultProfiles of the configured stack level: GetChargingProfiles with evseId, purpose and stackLevel',
  (ctx) => ({ evseId: settingsOf(ctx).connectorId, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: settingsOf(ctx).stackLevel }),
  (ctx, r) => [configuredEvse(ctx, r), ['chargingProfile.chargingProfilePurpose must be TxDefaultProfile', criteriaOf(r).chargingProfilePurpose, is('TxDefaultProfile')],
    [`chargingProfile.stackLevel must be ${settingsOf(ctx).stackLevel}`, criteriaOf(r).stackLevel, is(settingsOf(ctx).stackLevel)]]);

// ---------------------------------------------------------------- K08 GetCompositeSchedule

function compositeCsms(octt: string, variant: string, evseId: number) {
  return testCase<CsmsTestCase>({
    useCase: 'K08', variant, ocpp, sut: 'CSMS', needs, profile, octt: full(octt), actions: ['getCompositeSchedule'],
    title: `The operator asks for the composite schedule of ${evseId === 0 ? 'the station (evseId 0)' : `EVSE ${evseId}`}: GetCompositeSchedule with the evseId, duration and unit chosen`,
    killedBy: ['csms.201-composite-schedule-drops-unit'],
    async run(ctx) {
      const s = settingsOf(ctx);
      await ctx.station.booted();
      // The station answers with the document's hard-coded schedule (limit 10).
      const schedule = { evseId, duration: 300, scheduleStart: new Date().toISOString(), chargingRateUnit: s.chargingRateUnit, chargingSchedulePeriod: [{ startPeriod: 0, limit: limitIn(s, 10) }] };
      const request = await operatorRequest(ctx, 'getCompositeSchedule', { evseId, duration: s.duration, chargingRateUnit: s.chargingRateUnit }, 'GetCompositeSchedule', { status: 'Accepted', schedule });
      requireFields(request, [
        [`evseId must be ${evseId}`, request.payload.evseId, is(evseId)],
        [`duration must be ${s.duration}`, request.payload.duration, is(s.duration)],
        [`chargingRateUnit must be ${s.chargingRateUnit}`, request.payload.chargingRateUnit, is(s.chargingRateUnit)],
      ], 'OCPP 2.0.1 K08.FR.01');
    },
  });
}

export const compositeEvseCsms = compositeCsms('TC_K_43_CSMS', 'composite-evse', 1);
export const compositeStationCsms = compositeCsms('TC_K_44_CSMS', 'composite-station', 0);

// ---------------------------------------------------------------- K01 more: not supported, recurring, two profiles; K05

export const notSupportedCsms = testCase<CsmsTestCase>({
  useCase: 'K01', variant: 'not-supported', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_15_CSMS'), actions: ['setChargingProfile'],
  title: 'The operator sets a TxDefaultProfile and the station answers CALLERROR NotSupported: the request carried the configured values, validity and start',
  killedBy: ['csms.201-charging-profile-no-validity'],
  async run(ctx) {
    const { station, sut } = ctx;
    const s = settingsOf(ctx);
    await station.booted();
    // The station does not support smart charging: its answer is CALLERROR NotSupported (K01.FR.29).
    station.answer('SetChargingProfile', (call) => {
      call.respondError('NotSupported', 'smart charging is not supported');
      return HOLD;
    });
    const since = station.received.at(-1) ?? 0;
    await sut.act('setChargingProfile', profileArgs(ctx, s.connectorId, 'TxDefaultProfile', 6, { startPeriod: 0 }));
    const request = await station.expectCall('SetChargingProfile', { after: since })
      .catch(() => { throw new Verdict(`asked to setChargingProfile, the CSMS must send SetChargingProfile; none came within ${station.profile.timing.callTimeoutMs} ms`); });
    requireFields(request, absoluteChecks(ctx, request, s.connectorId, 'TxDefaultProfile', 6, 0), 'OCPP 2.0.1 K01.FR.31');
  },
});

export const recurringCsms = testCase<CsmsTestCase>({
  useCase: 'K01', variant: 'recurring', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_19_CSMS'), actions: ['setChargingProfile'],
  title: 'The operator sets a Daily Recurring TxDefaultProfile: the CSMS sends it with the configured stack level and recurrencyKind',
  killedBy: ['csms.201-charging-profile-stack-level-zero'],
  async run(ctx) {
    const s = settingsOf(ctx);
    await ctx.station.booted();
    const request = await operatorRequest(ctx, 'setChargingProfile',
      profileArgs(ctx, s.connectorId, 'TxDefaultProfile', 6, { chargingProfileKind: 'Recurring', recurrencyKind: 'Daily', startPeriod: 0 }), 'SetChargingProfile', { status: 'Accepted' });
    const p = profileOf(request);
    requireFields(request, [
      [`evseId must be ${s.connectorId}`, request.payload.evseId, is(s.connectorId)],
      [`stackLevel must be ${s.stackLevel}`, p.stackLevel, is(s.stackLevel)],
      ['chargingProfilePurpose must be TxDefaultProfile', p.chargingProfilePurpose, is('TxDefaultProfile')],
      ['the first period\'s startPeriod must be 0', firstPeriod(p).startPeriod, is(0)],
      ['chargingProfileKind must be Recurring', p.chargingProfileKind, is('Recurring')],
      ['recurrencyKind must be Daily, as configured', p.recurrencyKind, is('Daily')],
    ], 'OCPP 2.0.1 K01.FR.40');
  },
});

export const multipleCsms = testCase<CsmsTestCase>({
  useCase: 'K01', variant: 'multiple-profiles', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_70_CSMS'), actions: ['setChargingProfile'],
  title: 'The operator sets two TxDefaultProfiles at two stack levels: the CSMS sends them with different ids and different stack levels',
  killedBy: ['csms.201-charging-profile-stack-level-zero'],
  async run(ctx) {
    const s = settingsOf(ctx);
    await ctx.station.booted();
    const first = await operatorRequest(ctx, 'setChargingProfile', profileArgs(ctx, s.connectorId, 'TxDefaultProfile', 6, { stackLevel: s.stackLevel }), 'SetChargingProfile', { status: 'Accepted' });
    const second = await operatorRequest(ctx, 'setChargingProfile', profileArgs(ctx, s.connectorId, 'TxDefaultProfile', 8, { stackLevel: s.stackLevel + 1 }), 'SetChargingProfile', { status: 'Accepted' });
    const a = profileOf(first);
    requireFields(second, [
      [`chargingProfile.id must differ from the first profile's (${String(a.id)})`, profileOf(second).id, (v) => v !== a.id],
      [`chargingProfile.stackLevel must differ from the first profile's (${String(a.stackLevel)})`, profileOf(second).stackLevel, (v) => v !== a.stackLevel],
    ], 'OCPP 2.0.1 K01.FR.06');
  },
});

export const remoteStartProfileCsms = testCase<CsmsTestCase>({
  useCase: 'K05', variant: 'remote-start-profile', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_37_CSMS'), actions: ['remoteStartWithChargingProfile'],
  title: 'The operator starts a transaction remotely with a charging profile: a Relative TxProfile without transactionId; the CSMS accepts the RemoteStart transaction that follows',
  killedBy: ['csms.201-remote-start-profile-tx-default'],
  async run(ctx) {
    const { station, profile: sut } = ctx;
    const s = settingsOf(ctx);
    await station.booted();
    const args = {
      evseId: s.connectorId, idToken: sut.idTokens.valid, type: sut.idTokens.type,
      chargingProfile: { stackLevel: s.stackLevel, chargingRateUnit: s.chargingRateUnit, limit: limitIn(s, 6), duration: s.duration, numberPhases: s.numberPhases },
    };
    const request = await operatorRequest(ctx, 'remoteStartWithChargingProfile', args, 'RequestStartTransaction', { status: 'Accepted' });
    const p = (request.payload.chargingProfile ?? {}) as Payload;
    const token = (request.payload.idToken ?? {}) as Payload;
    requireFields(request, [
      [`idToken.idToken must be ${sut.idTokens.valid}`, token.idToken, is(sut.idTokens.valid)],
      [`idToken.type must be ${sut.idTokens.type}`, token.type, is(sut.idTokens.type)],
      [`evseId must be ${s.connectorId}`, request.payload.evseId, is(s.connectorId)],
      ['chargingProfile must be given', request.payload.chargingProfile, present],
      ['chargingProfile.chargingProfilePurpose must be TxProfile', p.chargingProfilePurpose, is('TxProfile')],
      ['chargingProfile.transactionId must be left out (no transaction exists yet)', p.transactionId, absent],
      ['chargingProfile.chargingProfileKind must be Relative', p.chargingProfileKind, is('Relative')],
    ], 'OCPP 2.0.1 K05.FR.03');
    const t = newSimTx(s.connectorId);
    requireTokenAccepted(await sendTxEvent(station, t, {
      eventType: 'Started', trigger: 'RemoteStart', chargingState: 'Idle', withEvse: true, token: true, remoteStartId: request.payload.remoteStartId,
    }), 'the TransactionEvent RemoteStart');
  },
});

export const txProfileNoTxCsms = testCase<CsmsTestCase>({
  useCase: 'K01', variant: 'tx-profile-no-transaction', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_K_02_CSMS'), actions: ['setChargingProfile'],
  title: 'With no transaction the operator sets a Relative TxProfile (7 A / 7000 W) and the station rejects it: the request carried the configured values',
  killedBy: ['csms.201-charging-profile-stack-level-zero'],
  async run(ctx) {
    const s = settingsOf(ctx);
    await ctx.station.booted();
    // The document's prerequisite (a CSMS that can send a TxProfile without a transaction) is the operator action's.
    const request = await operatorRequest(ctx, 'setChargingProfile',
      profileArgs(ctx, s.connectorId, 'TxProfile', 7, { chargingProfileKind: 'Relative', startPeriod: 0, duration: undefined }), 'SetChargingProfile', { status: 'Rejected' });
    const p = profileOf(request);
    const period = firstPeriod(p);
    requireFields(request, [
      [`evseId must be ${s.connectorId}`, request.payload.evseId, is(s.connectorId)],
      ['chargingProfilePurpose must be TxProfile', p.chargingProfilePurpose, is('TxProfile')],
      [`stackLevel must be ${s.stackLevel}`, p.stackLevel, is(s.stackLevel)],
      ['chargingProfileKind must be Relative', p.chargingProfileKind, is('Relative')],
      [`chargingRateUnit must be ${s.chargingRateUnit}`, scheduleOf(p).chargingRateUnit, is(s.chargingRateUnit)],
      ['the first period\'s startPeriod must be 0', period.startPeriod, is(0)],
      [`the first period's limit must be ${limitIn(s, 7)}`, period.limit, is(limitIn(s, 7))],
      [`numberPhases must be ${s.numberPhases}${s.numberPhases === 3 ? ' or left out' : ''}`, period.numberPhases,
        (v) => v === s.numberPhases || (s.numberPhases === 3 && v === undefined)],
    ]);
  },
});
