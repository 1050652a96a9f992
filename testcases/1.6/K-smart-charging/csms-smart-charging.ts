// 1.6 Smart Charging with the CSMS as SUT: the harness plays a charge point; the CSMS's operator sets, clears and
// reads charging profiles, and the requests the CSMS sends are checked against what the OCTT documents validate
// (TC_056/057/059/066/067_CSMS), with the SUT profile's configured values.
import { testCase, full, type CsmsContext, type CsmsTestCase } from '../../../src/harness/test-case.js';
import type { ReceivedCall } from '../../../src/harness/peer.js';
import type { Payload } from '../../../src/ocpp/frames.js';
import { operatorRequest } from '../../shared/local-list-steps.js';
import { authorized16, charging16, prior, reportConnector, requireTokenStatus, start16 } from '../../shared/tx-csms-steps.js';
import { absent, is, limitIn, present, requireFields, settingsOf } from '../../shared/smart-charging-steps.js';

const ocpp = '1.6';
const needs = ['1.6:SmartCharging'];
const profile = 'smart-charging';

const profileOf = (c: ReceivedCall) => (c.payload.csChargingProfiles ?? c.payload.chargingProfile ?? {}) as Payload;
const scheduleOf = (p: Payload) => (p.chargingSchedule ?? {}) as Payload;
const firstPeriod = (p: Payload) => ((scheduleOf(p).chargingSchedulePeriod as Payload[] | undefined) ?? [])[0] ?? {};

/** The operator's profile values: the configured ones with the document's limit (6 A / 6000 W). */
function profileArgs(ctx: CsmsContext, purpose: string, stackLevel: number): Record<string, unknown> {
  const s = settingsOf(ctx);
  return {
    connectorId: s.connectorId, chargingProfilePurpose: purpose, chargingProfileKind: 'Absolute', stackLevel,
    chargingRateUnit: s.chargingRateUnit, duration: s.duration, startPeriod: s.startPeriod, limit: limitIn(s, 6), numberPhases: s.numberPhases,
  };
}

export const txDefaultCsms = testCase<CsmsTestCase>({
  useCase: 'K01', variant: 'tx-default', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_056_CSMS'), actions: ['setChargingProfile'],
  title: 'The operator sets a TxDefaultProfile: the CSMS sends it with the configured values, validity and start',
  killedBy: ['csms.charging-profile-no-validity', 'csms.charging-profile-stack-level-zero'],
  async run(ctx) {
    const s = settingsOf(ctx);
    await ctx.station.booted();
    const request = await operatorRequest(ctx, 'setChargingProfile', profileArgs(ctx, 'TxDefaultProfile', s.stackLevel), 'SetChargingProfile', { status: 'Accepted' });
    const p = profileOf(request);
    const period = firstPeriod(p);
    requireFields(request, [
      [`connectorId must be ${s.connectorId}`, request.payload.connectorId, is(s.connectorId)],
      [`stackLevel must be ${s.stackLevel}`, p.stackLevel, is(s.stackLevel)],
      ['chargingProfilePurpose must be TxDefaultProfile', p.chargingProfilePurpose, is('TxDefaultProfile')],
      ['chargingProfileKind must be Absolute', p.chargingProfileKind, is('Absolute')],
      ['validFrom must be given', p.validFrom, present],
      ['validTo must be given', p.validTo, present],
      ['chargingSchedule.startSchedule must be given', scheduleOf(p).startSchedule, present],
      [`chargingRateUnit must be ${s.chargingRateUnit}`, scheduleOf(p).chargingRateUnit, is(s.chargingRateUnit)],
      [`duration must be ${s.duration}`, scheduleOf(p).duration, is(s.duration)],
      [`the first period's startPeriod must be ${s.startPeriod}`, period.startPeriod, is(s.startPeriod)],
      [`the first period's limit must be ${limitIn(s, 6)}`, period.limit, is(limitIn(s, 6))],
      // numberPhases may be left out where it is 3 (7.12: absent means 3).
      [`numberPhases must be ${s.numberPhases}${s.numberPhases === 3 ? ' or left out' : ''}`, period.numberPhases,
        (v) => v === s.numberPhases || (s.numberPhases === 3 && v === undefined)],
    ]);
  },
});

export const txProfileCsms = testCase<CsmsTestCase>({
  useCase: 'K02', variant: 'tx-profile', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_057_CSMS'), actions: ['setChargingProfile'],
  title: 'During a transaction the operator sets a TxProfile: the CSMS sends it for the connector with the transaction\'s ID',
  killedBy: ['csms.tx-profile-no-transaction-id'],
  async run(ctx) {
    const { station } = ctx;
    const s = settingsOf(ctx);
    await station.booted();
    let transactionId = 0;
    await prior(station, 'Charging', async () => { transactionId = await charging16(station, s.connectorId); });
    const request = await operatorRequest(ctx, 'setChargingProfile', { ...profileArgs(ctx, 'TxProfile', s.stackLevel), transactionId }, 'SetChargingProfile', { status: 'Accepted' });
    const p = profileOf(request);
    requireFields(request, [
      [`connectorId must be ${s.connectorId}`, request.payload.connectorId, is(s.connectorId)],
      ['chargingProfilePurpose must be TxProfile', p.chargingProfilePurpose, is('TxProfile')],
      [`transactionId must be ${transactionId}, the transaction it gave`, p.transactionId, is(transactionId)],
    ], 'OCPP 1.6 5.16');
  },
});

export const remoteStartProfileCsms = testCase<CsmsTestCase>({
  useCase: 'K05', variant: 'remote-start-profile', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_059_CSMS'), actions: ['remoteStartWithChargingProfile'],
  title: 'The operator starts a transaction remotely with a charging profile: a Relative TxProfile without transactionId; the CSMS accepts the transaction that follows',
  killedBy: ['csms.remote-start-profile-tx-default'],
  async run(ctx) {
    const { station, profile: sut } = ctx;
    const s = settingsOf(ctx);
    await station.booted();
    const args = {
      evseId: s.connectorId, idToken: sut.idTokens.valid,
      chargingProfile: { stackLevel: s.stackLevel, chargingRateUnit: s.chargingRateUnit, limit: limitIn(s, 6), duration: s.duration, numberPhases: s.numberPhases },
    };
    const request = await operatorRequest(ctx, 'remoteStartWithChargingProfile', args, 'RemoteStartTransaction', { status: 'Accepted' });
    const p = profileOf(request);
    requireFields(request, [
      [`idTag must be ${sut.idTokens.valid}`, request.payload.idTag, is(sut.idTokens.valid)],
      [`connectorId must be ${s.connectorId}`, request.payload.connectorId, is(s.connectorId)],
      ['chargingProfile.chargingProfilePurpose must be TxProfile', p.chargingProfilePurpose, is('TxProfile')],
      ['chargingProfile.transactionId must be left out (no transaction exists yet)', p.transactionId, absent],
      ['chargingProfile.chargingProfileKind must be Relative', p.chargingProfileKind, is('Relative')],
      ['the first period\'s startPeriod must be 0', firstPeriod(p).startPeriod, is(0)],
    ], 'OCPP 1.6 6.33');
    await authorized16(station);
    await reportConnector(station, s.connectorId, 'Preparing');
    const { answer } = await start16(station, s.connectorId, sut.idTokens.valid);
    requireTokenStatus(answer, ['Accepted'], 'StartTransaction for the remote start\'s idTag');
    await reportConnector(station, s.connectorId, 'Charging');
  },
});

export const compositeCsms = testCase<CsmsTestCase>({
  useCase: 'K08', variant: 'composite', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_066_CSMS'), actions: ['getCompositeSchedule'],
  title: 'The operator asks for the composite schedule: the CSMS sends GetCompositeSchedule with the connector, duration and unit chosen',
  killedBy: ['csms.composite-schedule-drops-unit'],
  async run(ctx) {
    const s = settingsOf(ctx);
    await ctx.station.booted();
    // The charge point answers with a hard-coded composite schedule.
    const composite = {
      status: 'Accepted', connectorId: s.connectorId, scheduleStart: new Date().toISOString(),
      chargingSchedule: { duration: s.duration, chargingRateUnit: s.chargingRateUnit, chargingSchedulePeriod: [{ startPeriod: 0, limit: limitIn(s, 6) }] },
    };
    const request = await operatorRequest(ctx, 'getCompositeSchedule',
      { connectorId: s.connectorId, duration: s.duration, chargingRateUnit: s.chargingRateUnit }, 'GetCompositeSchedule', composite);
    requireFields(request, [
      [`connectorId must be ${s.connectorId}`, request.payload.connectorId, is(s.connectorId)],
      [`duration must be ${s.duration}`, request.payload.duration, is(s.duration)],
      [`chargingRateUnit must be ${s.chargingRateUnit}`, request.payload.chargingRateUnit, is(s.chargingRateUnit)],
    ]);
  },
});

export const clearCsms = testCase<CsmsTestCase>({
  useCase: 'K10', variant: 'clear', ocpp, sut: 'CSMS', needs, profile, octt: full('TC_067_CSMS'), actions: ['setChargingProfile', 'clearChargingProfile'],
  title: 'The operator sets three TxDefaultProfiles and clears one by id, one by criteria, then all: each ClearChargingProfile names only that',
  killedBy: ['csms.clear-profile-by-id-with-criteria', 'csms.charging-profile-stack-level-zero'],
  async run(ctx) {
    const s = settingsOf(ctx);
    await ctx.station.booted();
    const ids: unknown[] = [];
    for (const level of [s.stackLevel, s.stackLevel + 1, s.stackLevel + 2]) {
      const set = await operatorRequest(ctx, 'setChargingProfile', profileArgs(ctx, 'TxDefaultProfile', level), 'SetChargingProfile', { status: 'Accepted' });
      const p = profileOf(set);
      requireFields(set, [
        [`connectorId must be ${s.connectorId}`, set.payload.connectorId, is(s.connectorId)],
        ['chargingProfilePurpose must be TxDefaultProfile', p.chargingProfilePurpose, is('TxDefaultProfile')],
        [`stackLevel must be ${level}`, p.stackLevel, is(level)],
      ]);
      ids.push(p.chargingProfileId);
    }
    const accepted = { status: 'Accepted' };
    const byId = await operatorRequest(ctx, 'clearChargingProfile', { id: ids[0] }, 'ClearChargingProfile', accepted);
    requireFields(byId, [
      [`id must be ${String(ids[0])}, the first profile's`, byId.payload.id, is(ids[0])],
      ['connectorId, chargingProfilePurpose and stackLevel must be left out', [byId.payload.connectorId, byId.payload.chargingProfilePurpose, byId.payload.stackLevel], (v) => (v as unknown[]).every(absent)],
    ]);
    const byCriteria = await operatorRequest(ctx, 'clearChargingProfile',
      { connectorId: s.connectorId, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: s.stackLevel + 1 }, 'ClearChargingProfile', accepted);
    requireFields(byCriteria, [
      ['id must be left out', byCriteria.payload.id, absent],
      [`connectorId must be ${s.connectorId}`, byCriteria.payload.connectorId, is(s.connectorId)],
      ['chargingProfilePurpose must be TxDefaultProfile', byCriteria.payload.chargingProfilePurpose, is('TxDefaultProfile')],
      [`stackLevel must be ${s.stackLevel + 1}`, byCriteria.payload.stackLevel, is(s.stackLevel + 1)],
    ]);
    const all = await operatorRequest(ctx, 'clearChargingProfile', {}, 'ClearChargingProfile', accepted);
    requireFields(all, [['every field must be left out', Object.keys(all.payload), (v) => (v as string[]).length === 0]]);
  },
});
