// Meter values as the harness (playing the CSMS) reads them from a charging station: collecting the readings of
// one kind (sampled or clock-aligned) and judging them against the configuration: context, measurands, interval,
// clock alignment, an energy register that only goes up, and the transaction the values belong to.
//
// Timing: a reading is judged by the timestamp the station put on it, not by when it arrived. Intervals and clock
// alignment are allowed the profile's toleranceMs either way (0.7 s against the reference; 2 s on a real charger,
// whose timestamps usually carry whole seconds and whose metering loop may tick once a second).
import type { CsContext } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { SutProfile } from '../../src/harness/config.js';
import { brief } from './session-states.js';

type CsmsPeer = CsContext['csms'];

export const ENERGY = 'Energy.Active.Import.Register';

/** The interval (s) a meter-value test configures: short against the reference, 10 s by default. */
export const meterIntervalS = (profile: SutProfile) => profile.timing.meterIntervalS ?? 10;

export const measurandOf = (sv: Payload) => String(sv.measurand ?? ENERGY);
/** A sampledValue without context is Sample.Periodic (its default in both versions). */
export const contextOf = (sv: Payload) => String(sv.context ?? 'Sample.Periodic');

/** The configured measurand list (a comma-separated value), with the default when empty. */
export function measurandList(value: string | undefined): string[] {
  const list = (value ?? '').split(',').map((m) => m.trim()).filter(Boolean);
  return list.length ? list : [ENERGY];
}

/** One meterValue element of a message. */
export interface Reading {
  call: ReceivedCall;
  /** Its timestamp in ms. */
  at: number;
  sampled: Payload[];
}

export function readingsOf(call: ReceivedCall): Reading[] {
  return ((call.payload.meterValue as Payload[] | undefined) ?? []).map((mv) => ({
    call, at: Date.parse(String(mv.timestamp)), sampled: (mv.sampledValue as Payload[] | undefined) ?? [],
  }));
}

/**
 * Wait until `count` distinct reading times have arrived in calls matching `pick` after `since`, each within
 * `gapMs` of the previous one. Returns every matching reading in order of arrival.
 */
export async function collectReadings(csms: CsmsPeer, pick: (c: ReceivedCall) => boolean, count: number, gapMs: number,
  since: ReceivedCall | number, what: string): Promise<Reading[]> {
  const readings: Reading[] = [];
  const times = new Set<number>();
  let from = since;
  while (times.size < count) {
    const call = await csms.firstUnwanted(pick, gapMs, from);
    if (!call) {
      throw new Verdict(`${what}: expected ${count} readings, got ${times.size}; none followed within ${gapMs} ms of the last`);
    }
    for (const r of readingsOf(call)) {
      if (Number.isNaN(r.at)) throw new Verdict(`${what}: a meterValue carries no valid timestamp (${brief(call)})`);
      readings.push(r);
      times.add(r.at);
    }
    from = call;
  }
  return readings;
}

/** Each reading's sampledValues carry `context` and an element per configured measurand. */
export function checkReadings(readings: Reading[], context: string, measurands: string[], what: string, requirement?: string): void {
  for (const r of readings) {
    const first = r.sampled[0];
    if (!first) throw new Verdict(`${what}: a meterValue holds no sampledValue (${brief(r.call)})`, requirement);
    const wrong = r.sampled.find((sv) => contextOf(sv) !== context);
    if (wrong) throw new Verdict(`${what}: sampledValue.context must be ${context}, got ${contextOf(wrong)} (${brief(r.call)})`, requirement);
    const got = new Set(r.sampled.map(measurandOf));
    const missing = measurands.filter((m) => !got.has(m));
    if (missing.length) throw new Verdict(`${what}: the configured measurands ${measurands.join(',')} must each be reported; missing ${missing.join(',')} (${brief(r.call)})`, requirement);
  }
}

/** The distinct reading times, in order. */
const distinctTimes = (readings: Reading[]) => [...new Set(readings.map((r) => r.at))].sort((a, b) => a - b);

/** Consecutive reading times are `intervalS` apart, within the tolerance. */
export function checkIntervals(readings: Reading[], intervalS: number, toleranceMs: number, what: string, requirement?: string): void {
  const times = distinctTimes(readings);
  for (let i = 1; i < times.length; i++) {
    const gap = times[i]! - times[i - 1]!;
    if (Math.abs(gap - intervalS * 1000) > toleranceMs) {
      throw new Verdict(`${what}: readings must be ${intervalS} s apart (±${toleranceMs} ms); ${new Date(times[i - 1]!).toISOString()} and ${new Date(times[i]!).toISOString()} are ${gap} ms apart`, requirement);
    }
  }
}

/** Every reading time falls on a multiple of the interval counted from midnight, within the tolerance. */
export function checkAligned(readings: Reading[], intervalS: number, toleranceMs: number, what: string, requirement?: string): void {
  const period = intervalS * 1000;
  for (const at of distinctTimes(readings)) {
    const off = ((at % period) + period) % period;
    if (Math.min(off, period - off) > toleranceMs) {
      throw new Verdict(`${what}: clock-aligned readings fall on multiples of ${intervalS} s from midnight; ${new Date(at).toISOString()} is ${Math.min(off, period - off)} ms off`, requirement);
    }
  }
}

/** The energy register in Wh of a reading, if it carries one. */
export function energyWh(r: Reading): number | undefined {
  const sv = r.sampled.find((s) => measurandOf(s) === ENERGY && !s.phase);
  if (!sv) return undefined;
  const unit = String(sv.unit ?? (sv.unitOfMeasure as Payload | undefined)?.unit ?? 'Wh');
  const multiplier = Number((sv.unitOfMeasure as Payload | undefined)?.multiplier ?? 0);
  const value = Number(sv.value) * 10 ** multiplier;
  return unit === 'kWh' ? value * 1000 : value;
}

/** The energy register never goes down, and not below `floorWh` (the meter start of the transaction). */
export function checkRegisterRises(readings: Reading[], what: string, floorWh?: number): void {
  let last = floorWh;
  for (const r of [...readings].sort((a, b) => a.at - b.at)) {
    const wh = energyWh(r);
    if (wh === undefined) continue;
    if (last !== undefined && wh < last) {
      throw new Verdict(`${what}: ${ENERGY} is a register and cannot go down: ${wh} Wh at ${new Date(r.at).toISOString()} after ${last} Wh`);
    }
    last = wh;
  }
}
