import type { Payload } from '../../ocpp/frames.js';

/**
 * The 1.6 composite schedule (section 3.13) as pure functions over installed charging profiles: where a profile's
 * schedule starts (Absolute, Recurring, Relative), its limit at a moment (validity, schedule window, period), the
 * prevailing profile of a group (highest stackLevel, 3.13.2) and the minimum over groups (3.13.3).
 */

export interface Period { startPeriod: number; limit: number; numberPhases?: number }

export interface InstalledProfile {
  connectorId: number;
  profile: Payload;
  installedAt: number;
}

/** The rules the calculation follows; a faulty station breaks one (false). */
export interface ScheduleRules {
  /** The highest stackLevel prevails (else the first installed). */
  stackLevels: boolean;
  /** validFrom / validTo bound a profile. */
  validity: boolean;
  /** A Recurring schedule restarts every day or week (else it runs once). */
  recurrence: boolean;
}

const LINE_VOLTAGE = 230;
const RECURRENCE_MS = { Daily: 86_400_000, Weekly: 7 * 86_400_000 } as const;

const ms = (iso: unknown) => (typeof iso === 'string' ? Date.parse(iso) : NaN);
export const scheduleOf = (p: Payload) => p.chargingSchedule as Payload;
export const periodsOf = (p: Payload) => scheduleOf(p).chargingSchedulePeriod as Period[];
const recurrence = (p: Payload) => RECURRENCE_MS[p.recurrencyKind as keyof typeof RECURRENCE_MS];

/** A limit in `to`: A per phase ↔ W in total, at the nominal line voltage (7.12; 3 phases when absent). */
export function convert(limit: number, from: string, to: string, phases = 3): number {
  if (from === to) return limit;
  return to === 'W' ? limit * LINE_VOLTAGE * phases : limit / (LINE_VOLTAGE * phases);
}

/** Where a profile's schedule starts, for the occurrence that holds `t`; Relative counts from `relativeStart`. */
function scheduleStart(e: InstalledProfile, t: number, relativeStart: number, rules: ScheduleRules): number | undefined {
  const p = e.profile;
  const startSchedule = ms(scheduleOf(p).startSchedule);
  if (p.chargingProfileKind === 'Relative') return relativeStart;
  if (p.chargingProfileKind === 'Recurring' && rules.recurrence) {
    const every = recurrence(p);
    if (Number.isNaN(startSchedule) || !every || t < startSchedule) return undefined;
    return startSchedule + Math.floor((t - startSchedule) / every) * every;
  }
  return Number.isNaN(startSchedule) ? e.installedAt : startSchedule;
}

/** The profile's limit at `t` in `unit`, or undefined where it does not apply (validity, schedule window). */
function limitAt(e: InstalledProfile, t: number, unit: string, relativeStart: number, rules: ScheduleRules): number | undefined {
  const p = e.profile;
  if (rules.validity && !Number.isNaN(ms(p.validFrom)) && t < ms(p.validFrom)) return undefined;
  if (rules.validity && !Number.isNaN(ms(p.validTo)) && t >= ms(p.validTo)) return undefined;
  const start = scheduleStart(e, t, relativeStart, rules);
  if (start === undefined || t < start) return undefined;
  const offset = (t - start) / 1000;
  const duration = scheduleOf(p).duration;
  if (duration !== undefined && offset >= Number(duration)) return undefined;
  const period = [...periodsOf(p)].reverse().find((x) => x.startPeriod <= offset);
  return period ? convert(period.limit, String(scheduleOf(p).chargingRateUnit), unit, period.numberPhases) : undefined;
}

/** The limit of the prevailing profile of a group at `t`: the highest stackLevel among those that apply (3.13.2). */
function prevailing(group: InstalledProfile[], t: number, unit: string, relativeStart: number, rules: ScheduleRules): number | undefined {
  const order = rules.stackLevels ? [...group].sort((a, b) => Number(b.profile.stackLevel) - Number(a.profile.stackLevel)) : group;
  for (const e of order) {
    const limit = limitAt(e, t, unit, relativeStart, rules);
    if (limit !== undefined) return limit;
  }
  return undefined;
}

/** Every moment a profile's limit may change between `from` and `to`. */
function breakpoints(profiles: InstalledProfile[], from: number, to: number, relativeStart: number, rules: ScheduleRules): number[] {
  const points = [from];
  for (const e of profiles) {
    const p = e.profile;
    for (const v of [ms(p.validFrom), ms(p.validTo)]) if (!Number.isNaN(v)) points.push(v);
    // Each occurrence of the schedule that overlaps the window (one unless Recurring).
    for (let t = from; t < to;) {
      const start = scheduleStart(e, t, relativeStart, rules);
      if (start === undefined) {
        const first = ms(scheduleOf(p).startSchedule);
        if (Number.isNaN(first) || first <= t) break;
        t = first;
        continue;
      }
      for (const x of periodsOf(p)) points.push(start + x.startPeriod * 1000);
      const duration = scheduleOf(p).duration;
      if (duration !== undefined) points.push(start + Number(duration) * 1000);
      if (p.chargingProfileKind !== 'Recurring' || !rules.recurrence || !recurrence(p)) break;
      t = start + recurrence(p);
      points.push(t);
    }
  }
  return points.filter((t) => t >= from && t < to);
}

/**
 * The composite schedule from `from` for `duration` s in `unit`: at every moment the minimum of `local` and of the
 * prevailing profile of each group; periods in whole seconds from `from` (each starts once its change has happened),
 * equal neighbours merged, the first at 0.
 */
export function compositePeriods(o: {
  groups: InstalledProfile[][]; local: number; from: number; duration: number; unit: string; relativeStart: number; rules: ScheduleRules;
}): Period[] {
  const to = o.from + o.duration * 1000;
  const offsets = breakpoints(o.groups.flat(), o.from, to, o.relativeStart, o.rules).map((t) => Math.ceil((t - o.from) / 1000));
  const periods: Period[] = [];
  for (const offset of [...new Set(offsets)].sort((a, b) => a - b)) {
    if (offset >= o.duration) continue;
    const t = o.from + offset * 1000;
    const limits = [o.local, ...o.groups.map((g) => prevailing(g, t, o.unit, o.relativeStart, o.rules))];
    const limit = Math.round(Math.min(...limits.filter((x): x is number => x !== undefined)));
    if (periods.at(-1)?.limit !== limit) periods.push({ startPeriod: offset, limit });
  }
  if (periods.length === 0 || periods[0]!.startPeriod !== 0) periods.unshift({ startPeriod: 0, limit: Math.round(o.local) });
  return periods;
}
