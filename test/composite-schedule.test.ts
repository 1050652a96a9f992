import { strict as assert } from 'node:assert';
import { compositePeriods, convert, type InstalledProfile } from '../src/reference/station/composite-schedule.js';

// The reference station's 1.6 composite schedule (section 3.13) on cases the OCTT documents do not reach:
// Relative and Weekly schedules, W/A conversion, validity, stack levels and the minimum over purposes.
const T0 = Date.parse('2026-06-01T12:00:00Z');
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();
const RULES = { stackLevels: true, validity: true, recurrence: true };

function profile(o: { stack?: number; kind?: string; start?: number; duration?: number; periods: [number, number][]; unit?: string;
  validFrom?: number; validTo?: number; recurrencyKind?: string; phases?: number }): InstalledProfile {
  return {
    connectorId: 1, installedAt: T0,
    profile: {
      chargingProfileId: 1, stackLevel: o.stack ?? 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: o.kind ?? 'Absolute',
      ...(o.recurrencyKind ? { recurrencyKind: o.recurrencyKind } : {}),
      ...(o.validFrom !== undefined ? { validFrom: iso(o.validFrom) } : {}), ...(o.validTo !== undefined ? { validTo: iso(o.validTo) } : {}),
      chargingSchedule: {
        chargingRateUnit: o.unit ?? 'A', ...(o.start !== undefined ? { startSchedule: iso(o.start) } : {}), ...(o.duration !== undefined ? { duration: o.duration } : {}),
        chargingSchedulePeriod: o.periods.map(([startPeriod, limit]) => ({ startPeriod, limit, ...(o.phases ? { numberPhases: o.phases } : {}) })),
      },
    },
  };
}

const run = (groups: InstalledProfile[][], o: { from?: number; duration?: number; unit?: string; relativeStart?: number; rules?: typeof RULES } = {}) =>
  compositePeriods({ groups, local: o.unit === 'W' ? 22_080 : 32, from: T0 + (o.from ?? 0) * 1000, duration: o.duration ?? 600, unit: o.unit ?? 'A',
    relativeStart: T0 + (o.relativeStart ?? 0) * 1000, rules: o.rules ?? RULES })
    .map((p) => [p.startPeriod, p.limit]);

describe('1.6 composite schedule (reference station)', () => {
  it('converts A per phase and W in total at 230 V, three phases unless numberPhases says otherwise', () => {
    assert.equal(convert(10, 'A', 'W'), 6900);
    assert.equal(convert(10, 'A', 'W', 1), 2300);
    assert.equal(convert(6900, 'W', 'A'), 10);
    assert.deepEqual(run([[profile({ start: 0, periods: [[0, 6]], unit: 'A', phases: 1 })]], { unit: 'W' }), [[0, 1380]]);
  });

  it('counts a Relative schedule from the transaction start and ends it after its duration', () => {
    assert.deepEqual(run([[profile({ kind: 'Relative', duration: 200, periods: [[0, 6], [100, 10]] })]], { from: 50, relativeStart: 0 }),
      [[0, 6], [50, 10], [150, 32]]);
  });

  it('repeats a Weekly schedule from its start a week ago', () => {
    const week = 7 * 86_400;
    assert.deepEqual(run([[profile({ kind: 'Recurring', recurrencyKind: 'Weekly', start: -week, duration: 300, periods: [[0, 6], [100, 8]] })]]),
      [[0, 6], [100, 8], [300, 32]]);
  });

  it('lets the highest stackLevel prevail only inside its validity, and takes the minimum over purposes', () => {
    const low = profile({ start: 0, periods: [[0, 10]] });
    const high = profile({ stack: 2, start: 0, periods: [[0, 20]], validFrom: 100, validTo: 200 });
    const max = profile({ start: 0, periods: [[0, 16]] });
    assert.deepEqual(run([[low, high], [max]]), [[0, 10], [100, 16], [200, 10]]);
    assert.deepEqual(run([[low, high]], { rules: { ...RULES, validity: false } }), [[0, 20]]);
  });

  it('starts a period at the first whole second after its change and never lets the composite start without a period at 0', () => {
    assert.deepEqual(run([[profile({ start: 10.4, periods: [[0, 6]] })]]), [[0, 32], [11, 6]]);
  });
});
