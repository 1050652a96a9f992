// 2.0.1 Smart Charging (K01, K05, K08-K10) with the charging station as SUT: the 2.0.1 shape of the profiles the
// documents send (built from the same configured values as 1.6: smart-charging-steps.ts), SetChargingProfile /
// ClearChargingProfile / GetCompositeSchedule as the documents validate them, and GetChargingProfiles with the
// ReportChargingProfiles it causes (several when tbc is true), judged against the profile that was sent.
import type { CsContext } from '../../src/harness/test-case.js';
import { Verdict } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { SmartChargingSettings } from '../../src/harness/config.js';
import type { Payload } from '../../src/ocpp/frames.js';
import { installProfile, limitIn, setProfile, settingsOf, type Composite, type ProfileSpec } from './smart-charging-steps.js';

type CsmsPeer = CsContext['csms'];

let nextId = 100 + Math.floor(Math.random() * 9000);
let nextRequestId = 1 + Math.floor(Math.random() * 9000);

export type Purpose201 = 'ChargingStationMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
export type Spec201 = Omit<ProfileSpec, 'purpose' | 'transactionId'> & { purpose: Purpose201; id?: number; transactionId?: string };

/** A 2.0.1 ChargingProfileType in the configured unit and phases (one schedule). */
export function profile201(s: SmartChargingSettings, spec: Spec201): Payload {
  const iso = (t: number) => new Date(t).toISOString();
  const schedule: Payload = {
    id: 1, chargingRateUnit: s.chargingRateUnit,
    chargingSchedulePeriod: spec.periods.map(([startPeriod, limit]) => ({ startPeriod, limit: limitIn(s, limit), numberPhases: s.numberPhases })),
  };
  if (spec.duration !== undefined) schedule.duration = spec.duration;
  if (spec.start !== undefined) schedule.startSchedule = iso(spec.start);
  return {
    id: spec.id ?? nextId++, stackLevel: spec.stackLevel, chargingProfilePurpose: spec.purpose,
    chargingProfileKind: spec.kind ?? 'Absolute',
    ...(spec.recurrencyKind ? { recurrencyKind: spec.recurrencyKind } : {}),
    ...(spec.transactionId !== undefined ? { transactionId: String(spec.transactionId) } : {}),
    ...(spec.validFrom !== undefined ? { validFrom: iso(spec.validFrom) } : {}),
    ...(spec.validTo !== undefined ? { validTo: iso(spec.validTo) } : {}),
    chargingSchedule: [schedule],
  };
}

/** SetChargingProfile for an EVSE (the shared, version-aware steps). */
export const setProfile201 = setProfile;
export const installProfile201 = installProfile;

/** SetChargingProfile the document expects Rejected. */
export async function expectRejected201(csms: CsmsPeer, evseId: number, chargingProfile: Payload, why: string, requirement: string): Promise<void> {
  const status = await setProfile201(csms, evseId, chargingProfile);
  if (status !== 'Rejected') throw new Verdict(`${why}: SetChargingProfile must be Rejected, got ${status}`, requirement);
}

/** Start from no profiles (the documents assume none): ClearChargingProfile without criteria, Accepted or Unknown. */
export async function clearAll201(csms: CsmsPeer): Promise<void> {
  try {
    const answer = await csms.session!.call('ClearChargingProfile', {}, csms.profile.timing.callTimeoutMs);
    if (answer.status !== 'Accepted' && answer.status !== 'Unknown') throw new Inconclusive(`clearing the station's charging profiles first was answered ${String(answer.status)}`);
  } catch (err) {
    if (err instanceof Inconclusive) throw err;
    throw new Inconclusive(`clearing the station's charging profiles first failed: ${(err as Error).message}`);
  }
}

/** ClearChargingProfile; the status must be `want` (Accepted: K10.FR.03/04, Unknown: K10.FR.01/02). */
export async function clear201(csms: CsmsPeer, request: Payload, want: 'Accepted' | 'Unknown', requirement: string): Promise<void> {
  const answer = await csms.call('ClearChargingProfile', request);
  if (answer.status !== want) throw new Verdict(`ClearChargingProfile ${JSON.stringify(request)} must be answered ${want}, got ${String(answer.status)}`, requirement);
}

export interface ReportedProfiles {
  status: string;
  /** Every profile reported, with the evseId and chargingLimitSource of its report. */
  profiles: { evseId: number; source: string; profile: Payload }[];
  reports: Payload[];
}

/**
 * GetChargingProfiles with a generated requestId; when Accepted, every ReportChargingProfiles of that request is
 * read until one has tbc false or absent (the documents' note: if tbc is true the report step repeats). Each report must carry the request's requestId.
 */
export async function getProfiles(csms: CsmsPeer, criteria: { evseId?: number; chargingProfile?: Payload }): Promise<ReportedProfiles> {
  const requestId = nextRequestId++;
  const answer = await csms.call('GetChargingProfiles', { requestId, chargingProfile: {}, ...criteria });
  const out: ReportedProfiles = { status: String(answer.status), profiles: [], reports: [] };
  if (out.status !== 'Accepted') return out;
  for (;;) {
    const report = await csms.expectCall('ReportChargingProfiles', { where: { requestId } });
    out.reports.push(report.payload);
    for (const profile of (report.payload.chargingProfile as Payload[])) out.profiles.push({ evseId: Number(report.payload.evseId), source: String(report.payload.chargingLimitSource), profile });
    if (report.payload.tbc !== true) break;
  }
  return out;
}

/** GetChargingProfiles that the document expects Accepted; returns what was reported. */
export async function getProfilesAccepted(csms: CsmsPeer, criteria: { evseId?: number; chargingProfile?: Payload }, what: string): Promise<ReportedProfiles> {
  const got = await getProfiles(csms, criteria);
  if (got.status !== 'Accepted') throw new Verdict(`GetChargingProfiles ${what} (${JSON.stringify(criteria)}) must be Accepted, got ${got.status}`, 'OCPP 2.0.1 K09.FR.03');
  return got;
}

const time = (v: unknown) => (typeof v === 'string' ? Date.parse(v) : undefined);
/** The same instant, up to the milliseconds a station may drop when it stores a time. */
const sameTime = (a: unknown, b: unknown) => {
  const [x, y] = [time(a), time(b)];
  return x === undefined || y === undefined ? x === y : Math.abs(x - y) < 1000;
};

/** What of a reported profile differs from the one sent (times compared as instants, numbers as numbers). */
function differences(sent: Payload, got: Payload, boundTo?: string): string[] {
  const out: string[] = [];
  const same = (a: unknown, b: unknown) => String(a) === String(b);
  for (const k of ['id', 'stackLevel', 'chargingProfilePurpose', 'chargingProfileKind', 'recurrencyKind', 'transactionId']) {
    // A remote start's TxProfile came without transactionId; the station may report the transaction it now governs.
    if (k === 'transactionId' && sent[k] === undefined && boundTo !== undefined && same(got[k], boundTo)) continue;
    if (!same(sent[k], got[k])) out.push(`${k} ${String(got[k])} (sent ${String(sent[k])})`);
  }
  for (const k of ['validFrom', 'validTo']) if (!sameTime(sent[k], got[k])) out.push(`${k} ${String(got[k])} (sent ${String(sent[k])})`);
  const a = (sent.chargingSchedule as Payload[])[0]!;
  const b = ((got.chargingSchedule as Payload[] | undefined) ?? [])[0];
  if (!b) return [...out, 'no chargingSchedule'];
  for (const k of ['duration', 'chargingRateUnit']) if (!same(a[k], b[k])) out.push(`schedule ${k} ${String(b[k])} (sent ${String(a[k])})`);
  if (!sameTime(a.startSchedule, b.startSchedule)) out.push(`startSchedule ${String(b.startSchedule)} (sent ${String(a.startSchedule)})`);
  const pa = a.chargingSchedulePeriod as Payload[];
  const pb = (b.chargingSchedulePeriod as Payload[] | undefined) ?? [];
  if (pa.length !== pb.length) out.push(`${pb.length} periods (sent ${pa.length})`);
  else pa.forEach((p, i) => {
    // numberPhases absent means 3: a station may report it either way.
    const phases = (v: unknown) => (v === undefined ? 3 : Number(v));
    for (const k of ['startPeriod', 'limit']) if (p[k] !== undefined && Number(p[k]) !== Number(pb[i]![k])) out.push(`period ${i} ${k} ${String(pb[i]![k])} (sent ${String(p[k])})`);
    if (phases(p.numberPhases) !== phases(pb[i]!.numberPhases)) out.push(`period ${i} numberPhases ${String(pb[i]!.numberPhases)} (sent ${String(p.numberPhases)})`);
  });
  return out;
}

/** The report must hold `sent` (by id), unchanged, in a report for `evseId`. */
export function expectReported(got: ReportedProfiles, evseId: number | undefined, sent: Payload, what: string, boundTo?: string): void {
  const found = got.profiles.find((p) => String(p.profile.id) === String(sent.id));
  const ids = got.profiles.map((p) => `${String(p.profile.id)}@EVSE${p.evseId}`).join(', ') || 'none';
  if (!found) throw new Verdict(`${what}: profile ${String(sent.id)} must be reported; reported: ${ids}`, 'OCPP 2.0.1 K09.FR.02');
  if (evseId !== undefined && found.evseId !== evseId) throw new Verdict(`${what}: profile ${String(sent.id)} must be reported for evseId ${evseId}, was for ${found.evseId}`, 'OCPP 2.0.1 K09.FR.02');
  const diff = differences(sent, found.profile, boundTo);
  if (diff.length) throw new Verdict(`${what}: the profile reported must be the one sent; it differs in ${diff.join('; ')}`, 'OCPP 2.0.1 K09.FR.02');
}

/** Of the CSMS's profiles (source CSO: the station may hold limits of other sources), only these may be reported. */
export function expectOnly(got: ReportedProfiles, ids: Payload[], what: string): void {
  const extra = got.profiles.filter((p) => p.source === 'CSO' && !ids.some((s) => String(s.id) === String(p.profile.id)));
  if (extra.length) {
    throw new Verdict(`${what}: only profile(s) ${ids.map((s) => String(s.id)).join(', ')} match the request; also reported ${extra.map((p) => `${String(p.profile.id)} (${String(p.profile.chargingProfilePurpose)}, EVSE ${p.evseId})`).join(', ')}`, 'OCPP 2.0.1 K09.FR.02');
  }
}

/**
 * GetCompositeSchedule for the EVSE, duration and configured unit, with the documents' validations: Accepted, the
 * evseId, duration and unit as requested, scheduleStart no more than <Configured Max Time Deviation> from now.
 */
export async function getComposite201(ctx: CsContext, evseId: number, duration: number): Promise<Composite> {
  const { csms } = ctx;
  const s = settingsOf(ctx);
  const answer = await csms.call('GetCompositeSchedule', { evseId, duration, chargingRateUnit: s.chargingRateUnit });
  const received = Date.now();
  const what = `GetCompositeSchedule for EVSE ${evseId} (${JSON.stringify(answer).slice(0, 400)})`;
  if (answer.status !== 'Accepted') throw new Verdict(`${what}: status must be Accepted`, 'OCPP 2.0.1 K08.FR.02');
  const schedule = answer.schedule as Payload | undefined;
  if (!schedule) throw new Verdict(`${what}: an Accepted answer must carry the schedule`, 'OCPP 2.0.1 K08.FR.02');
  if (Number(schedule.evseId) !== evseId) throw new Verdict(`${what}: evseId must be ${evseId}`, 'OCPP 2.0.1 K08.FR.02');
  if (Number(schedule.duration) !== duration) throw new Verdict(`${what}: duration must be the ${duration} s requested`, 'OCPP 2.0.1 K08.FR.02');
  if (schedule.chargingRateUnit !== s.chargingRateUnit) throw new Verdict(`${what}: chargingRateUnit must be ${s.chargingRateUnit} as requested`, 'OCPP 2.0.1 K08.FR.02');
  const start = Date.parse(String(schedule.scheduleStart));
  const deviation = Math.floor(Math.abs(received - start) / 1000);
  if (Number.isNaN(start) || deviation > s.maxTimeDeviationS) {
    throw new Verdict(`${what}: scheduleStart must be within ${s.maxTimeDeviationS} s (<Configured Max Time Deviation>) of now`, 'OCPP 2.0.1 K08.FR.02');
  }
  const periods = ((schedule.chargingSchedulePeriod as Payload[] | undefined) ?? [])
    .map((p) => ({ startPeriod: Number(p.startPeriod), limit: Number(p.limit) }))
    .sort((a, b) => a.startPeriod - b.startPeriod);
  return { start, periods, payload: answer };
}

/** Period boundaries may differ by this much (s): whole-second rounding on both sides (as in the 1.6 steps). */
const TOLERANCE_S = 2;

/**
 * Between `fromS` and `toS` seconds after `profileStart` (the documents' "(n - x)", x the composite's start minus
 * profileStart) the composite must be `limit` (A as the document writes it); a period must begin at `fromS` when
 * that lies inside the schedule. What lies outside the window is the station's own limit: not judged.
 */
export function expectWindow(ctx: Pick<CsContext, 'profile'>, c: Composite, profileStart: number, fromS: number, toS: number, limit: number, what: string, requirement: string,
  o: { endsAt?: boolean } = {}): void {
  const s = settingsOf(ctx);
  const x = (c.start - profileStart) / 1000;
  const a = fromS - x;
  const b = toS - x;
  const want = limitIn(s, limit);
  const shown = c.periods.map((p) => `${p.startPeriod}s:${p.limit}`).join(', ');
  const text = `${what}: with x = ${x.toFixed(1)} s the composite must be ${want} from ${Math.max(0, Math.round(a))} s to ${Math.round(b)} s, got [${shown}]`;
  const inside = c.periods.filter((p, i) => {
    const end = c.periods[i + 1]?.startPeriod ?? Infinity;
    return p.startPeriod < b - TOLERANCE_S && end > a + TOLERANCE_S;
  });
  if (!inside.length || inside.some((p) => Math.abs(p.limit - want) >= 0.5)) throw new Verdict(text, requirement);
  if (a > TOLERANCE_S && !c.periods.some((p) => Math.abs(p.startPeriod - a) <= TOLERANCE_S)) throw new Verdict(`${text}: a period must begin at ${Math.round(a)} s`, requirement);
  // `endsAt`: the limit ends at toS (the document's next period begins there, whatever its limit).
  if (o.endsAt && !c.periods.some((p) => Math.abs(p.startPeriod - b) <= TOLERANCE_S)) throw new Verdict(`${text}: a new period must begin at ${Math.round(b)} s`, requirement);
}
