// 1.6 Smart Charging (K01-K10) with the charge point as SUT: the profiles the OCTT documents send (built from the
// SUT profile's configured values), SetChargingProfile / ClearChargingProfile / GetCompositeSchedule as the
// documents validate them, and the check of a composite schedule against the periods a document expects, shifted
// by x (the seconds between the profiles' start and the composite's start).
import type { CsContext } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import { smartChargingSettings, type SmartChargingSettings } from '../../src/harness/config.js';
import type { Payload } from '../../src/ocpp/frames.js';
import { CallErrorReceived } from '../../src/session/rpc-session.js';

type CsmsPeer = CsContext['csms'];
export type Purpose = 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
/** [startPeriod in s, limit in A as the documents write it]. */
export type PeriodSpec = readonly [number, number];

/** Period boundaries may differ by this much (s): whole-second rounding on both sides. */
const BOUNDARY_TOLERANCE_S = 2;

export const settingsOf = (ctx: Pick<CsContext, 'profile'>): SmartChargingSettings => smartChargingSettings(ctx.profile);

/** A limit of the documents (A) in the configured unit: "If <Configured chargingRateUnit> is W, the limit is multiplied by 1000". */
export const limitIn = (s: SmartChargingSettings, amps: number): number => (s.chargingRateUnit === 'W' ? amps * 1000 : amps);

let nextProfileId = 100 + Math.floor(Math.random() * 9000);

export interface ProfileSpec {
  purpose: Purpose;
  stackLevel: number;
  kind?: 'Absolute' | 'Relative' | 'Recurring';
  recurrencyKind?: 'Daily' | 'Weekly';
  duration?: number;
  periods: readonly PeriodSpec[];
  transactionId?: number;
  /** Absolute: startSchedule (ms). */
  start?: number;
  /** validFrom / validTo (ms). */
  validFrom?: number;
  validTo?: number;
}

/** A ChargingProfile (7.8) in the configured unit and phases. */
export function chargingProfile(s: SmartChargingSettings, spec: ProfileSpec): Payload {
  const iso = (t: number) => new Date(t).toISOString();
  const schedule: Payload = {
    chargingRateUnit: s.chargingRateUnit,
    chargingSchedulePeriod: spec.periods.map(([startPeriod, limit]) => ({ startPeriod, limit: limitIn(s, limit), numberPhases: s.numberPhases })),
  };
  if (spec.duration !== undefined) schedule.duration = spec.duration;
  if (spec.start !== undefined) schedule.startSchedule = iso(spec.start);
  return {
    chargingProfileId: nextProfileId++, stackLevel: spec.stackLevel, chargingProfilePurpose: spec.purpose, chargingProfileKind: spec.kind ?? 'Absolute',
    ...(spec.recurrencyKind ? { recurrencyKind: spec.recurrencyKind } : {}),
    ...(spec.transactionId !== undefined ? { transactionId: spec.transactionId } : {}),
    ...(spec.validFrom !== undefined ? { validFrom: iso(spec.validFrom) } : {}),
    ...(spec.validTo !== undefined ? { validTo: iso(spec.validTo) } : {}),
    chargingSchedule: schedule,
  };
}

/** The documents' memory states start schedules and validity <Configured max time deviation> seconds ago. */
export const documentStart = (s: SmartChargingSettings): number => Date.now() - s.maxTimeDeviationS * 1000;

/**
 * SetChargingProfile for a connector (1.6) or an EVSE (2.0.1), as the version words it; returns the status, or
 * `CALLERROR <code>` when the station answered with one.
 */
export async function setProfile(csms: CsmsPeer, connectorId: number, profile: Payload): Promise<string> {
  const payload = csms.profile.ocpp === '1.6' ? { connectorId, csChargingProfiles: profile } : { evseId: connectorId, chargingProfile: profile };
  try {
    const answer = await csms.session!.call('SetChargingProfile', payload, csms.profile.timing.callTimeoutMs);
    return String(answer.status);
  } catch (err) {
    if (err instanceof CallErrorReceived) return `CALLERROR ${err.code}`;
    throw new Verdict(`SetChargingProfile: ${(err as Error).message}`);
  }
}

/** SetChargingProfile that the document expects Accepted (its step or memory state). */
export async function installProfile(csms: CsmsPeer, connectorId: number, profile: Payload, what: string): Promise<void> {
  if (!csms.session) throw new Verdict('no connection to send SetChargingProfile on');
  const status = await setProfile(csms, connectorId, profile);
  if (status !== 'Accepted') {
    const v16 = csms.profile.ocpp === '1.6';
    throw new Verdict(`SetChargingProfile of ${what} (${profile.chargingProfilePurpose as string}, stackLevel ${String(profile.stackLevel)}) on ${v16 ? 'connector' : 'EVSE'} ${connectorId} must be Accepted, got ${status}`,
      v16 ? 'OCPP 1.6 5.16' : 'OCPP 2.0.1 K01.FR.01');
  }
}

/**
 * Start from no profiles: ClearChargingProfile without criteria (a real charger may hold profiles of an earlier
 * test case; the documents assume none). Accepted or Unknown (none there) are both fine.
 */
export async function clearAllProfiles(csms: CsmsPeer): Promise<void> {
  try {
    const answer = await csms.session!.call('ClearChargingProfile', {}, csms.profile.timing.callTimeoutMs);
    if (answer.status !== 'Accepted' && answer.status !== 'Unknown') throw new Inconclusive(`clearing the station's charging profiles first was answered ${String(answer.status)}`);
  } catch (err) {
    if (err instanceof Inconclusive) throw err;
    throw new Inconclusive(`clearing the station's charging profiles first failed: ${(err as Error).message}`);
  }
}

/** ClearChargingProfile with the fields given; the document expects Accepted. */
export async function clearProfiles(csms: CsmsPeer, request: Payload, what: string): Promise<void> {
  const answer = await csms.call('ClearChargingProfile', request);
  if (answer.status !== 'Accepted') throw new Verdict(`ClearChargingProfile ${what} (${JSON.stringify(request)}) must be Accepted, got ${String(answer.status)}`, 'OCPP 1.6 5.5');
}

/** Read integer configuration keys; a missing one of the smart charging keys fails (3.13.5: SHALL report them). */
export async function readSmartChargingKeys(csms: CsmsPeer, keys: string[]): Promise<Record<string, number>> {
  const answer = await csms.call('GetConfiguration', { key: keys });
  const entries = (answer.configurationKey as Payload[] | undefined) ?? [];
  const out: Record<string, number> = {};
  for (const key of keys) {
    const entry = entries.find((e) => String(e.key).toLowerCase() === key.toLowerCase());
    if (entry?.value === undefined) throw new Verdict(`a Smart Charging enabled charge point must report ${key}; GetConfiguration did not return it`, 'OCPP 1.6 3.13.5');
    out[key] = Number(entry.value);
  }
  return out;
}

export interface Composite {
  /** Where the periods count from (ms). */
  start: number;
  periods: { startPeriod: number; limit: number }[];
  payload: Payload;
}

/**
 * GetCompositeSchedule for the connector, duration and configured unit, with the documents' validations: status
 * Accepted, the connector, the schedule's duration and unit as requested, and its start no more than
 * <Configured Max Time Deviation> seconds from now.
 */
export async function getComposite(ctx: CsContext, connectorId: number, duration: number): Promise<Composite> {
  const { csms } = ctx;
  const s = settingsOf(ctx);
  const answer = await csms.call('GetCompositeSchedule', { connectorId, duration, chargingRateUnit: s.chargingRateUnit });
  const received = Date.now();
  const what = `GetCompositeSchedule for connector ${connectorId} (${JSON.stringify(answer).slice(0, 400)})`;
  if (answer.status !== 'Accepted') throw new Verdict(`${what}: status must be Accepted`, 'OCPP 1.6 5.7');
  if (answer.connectorId !== undefined && Number(answer.connectorId) !== connectorId) throw new Verdict(`${what}: connectorId must be ${connectorId}`);
  const schedule = answer.chargingSchedule as Payload | undefined;
  if (!schedule) throw new Verdict(`${what}: an Accepted composite schedule must carry chargingSchedule`, 'OCPP 1.6 5.7');
  if (Number(schedule.duration) !== duration) throw new Verdict(`${what}: the schedule's duration must be the ${duration} s requested`, 'OCPP 1.6 5.7');
  if (schedule.chargingRateUnit !== s.chargingRateUnit) throw new Verdict(`${what}: chargingRateUnit must be ${s.chargingRateUnit} as requested`);
  const startText = schedule.startSchedule ?? answer.scheduleStart;
  const start = Date.parse(String(startText));
  if (startText === undefined || Number.isNaN(start)) throw new Verdict(`${what}: the periods need a start (scheduleStart or chargingSchedule.startSchedule)`, 'OCPP 1.6 6.22');
  const deviation = Math.floor(Math.abs(received - start) / 1000);
  if (deviation > s.maxTimeDeviationS) {
    throw new Verdict(`${what}: the schedule starts ${deviation} s from now; at most ${s.maxTimeDeviationS} s (<Configured Max Time Deviation>) allowed`, 'OCPP 1.6 5.7');
  }
  const periods = ((schedule.chargingSchedulePeriod as Payload[] | undefined) ?? [])
    .map((p) => ({ startPeriod: Number(p.startPeriod), limit: Number(p.limit) }))
    .sort((a, b) => a.startPeriod - b.startPeriod);
  return { start, periods, payload: answer };
}

/** Neighbouring periods with the same limit are one (a station may split them). */
function merged(periods: Composite['periods']): Composite['periods'] {
  const out: Composite['periods'] = [];
  for (const p of periods) if (out.at(-1)?.limit !== p.limit) out.push(p);
  return out;
}

const shown = (periods: readonly { startPeriod: number; limit: number }[]) => periods.map((p) => `${p.startPeriod}s:${p.limit}`).join(', ');

/**
 * The composite must show `expected` (startPeriod relative to the profiles' start `profileStart`, limits in A as
 * the document writes them): the document's periods at (startPeriod - x), x the seconds between profileStart and
 * the composite's start. From `openFrom` (s after profileStart; where no profile applies any more) the station's
 * own limit may follow: it is compared with the configured local limit when there is one.
 */
export function expectSchedule(ctx: Pick<CsContext, 'profile'>, c: Composite, profileStart: number, expected: readonly PeriodSpec[], what: string,
  o: { openFrom?: number; requirement?: string } = {}): void {
  const s = settingsOf(ctx);
  const x = (c.start - profileStart) / 1000;
  const want = expected.map(([at, limit]) => ({ startPeriod: Math.max(0, at - x), limit: limitIn(s, limit) }));
  const open = o.openFrom === undefined ? Infinity : o.openFrom - x - BOUNDARY_TOLERANCE_S;
  const got = merged(c.periods);
  const judged = got.filter((p) => p.startPeriod < open);
  const tail = got.filter((p) => p.startPeriod >= open);
  const text = `${what}: with x = ${x.toFixed(1)} s the composite schedule must be [${shown(want.map((p) => ({ ...p, startPeriod: Math.round(p.startPeriod) })))}]`
    + `${o.openFrom !== undefined ? ' (then the station\'s own limit)' : ''}, got [${shown(c.periods)}]`;
  const fits = judged.length === want.length && judged.every((p, i) => Math.abs(p.limit - want[i]!.limit) < 0.5
    && Math.abs(p.startPeriod - want[i]!.startPeriod) <= BOUNDARY_TOLERANCE_S);
  if (!fits) throw new Verdict(text, o.requirement ?? 'OCPP 1.6 3.13.3');
  if (s.localLimit !== undefined && tail.some((p) => Math.abs(p.limit - s.localLimit!) >= 0.5)) {
    throw new Verdict(`${text}: where no profile applies the limit must be the station's own (${s.localLimit})`, o.requirement ?? 'OCPP 1.6 3.13.3');
  }
}

/** Where most smart-charging test cases begin: the station booted and holding no charging profile; its settings. */
export async function bootedWithoutProfiles(ctx: CsContext): Promise<SmartChargingSettings> {
  const s = settingsOf(ctx);
  await ctx.csms.booted();
  await clearAllProfiles(ctx.csms);
  return s;
}

// ---- SUT = CSMS: what the CSMS's smart-charging requests must carry (both versions)

/** Every check is a field of the request and what the document wants of it; the first that fails is the verdict. */
export function requireFields(c: ReceivedCall, checks: [string, unknown, (v: unknown) => boolean][], requirement?: string): void {
  for (const [field, value, ok] of checks) {
    if (!ok(value)) throw new Verdict(`${field}, in the ${c.action} the CSMS sent: ${JSON.stringify(c.payload).slice(0, 400)}`, requirement);
  }
}
export const is = (want: unknown) => (v: unknown) => v === want;
export const present = (v: unknown) => v !== undefined;
export const absent = (v: unknown) => v === undefined;
