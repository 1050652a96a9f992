// J01 with the CSMS as SUT: clock-aligned meter values, outside a transaction (MeterValues per EVSE and for the
// main meter, EVSE 0, with a FiscalMetering NotifyEvent), inside one (TransactionEvent MeterValueClock) and at its
// end (the Ended event's readings, the last Transaction.End), also signed. The CSMS answers each, whatever
// measurands it does not use. As the documents' tool does, the harness sends each interval's readings when the clock
// reaches it (the configured clock-aligned interval is the profile's meterIntervalS), three times.
import { full, testCase, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import type { StationHarness } from '../../../../src/harness/station-harness.js';
import { runningSession } from '../../../shared/tx-csms-steps.js';
import { meterIntervalS } from '../../../shared/meter-value-steps.js';

/** Ended events carry readings of the harness's own clock-aligned interval (not waited out: they are history). */
const INTERVAL_MS = 60_000;
const ROUNDS = 3;

/** The next clock-aligned instant of the configured interval, once the clock has reached it. */
async function nextAlignedTime(station: StationHarness): Promise<number> {
  const intervalMs = meterIntervalS(station.profile) * 1000;
  const at = Math.floor(Date.now() / intervalMs) * intervalMs + intervalMs;
  await station.firstUnwanted(() => false, at - Date.now());
  return at;
}

/** One interval's readings for the main meter (EVSE 0) and the given EVSEs: MeterValues and a FiscalMetering NotifyEvent. */
async function clockReadings(station: StationHarness, evseIds: number[], at: number, energyWh: number): Promise<void> {
  const timestamp = new Date(at).toISOString();
  for (const evseId of [0, ...evseIds]) {
    const reading = station.meterValue({ timestamp, context: 'Sample.Clock', energyWh, extraMeasurands: true });
    await station.call('MeterValues', station.meterValuesPayload(evseId, [reading]));
    const component = evseId === 0 ? { name: 'FiscalMetering' } : { name: 'FiscalMetering', evse: { id: evseId } };
    await station.call('NotifyEvent', {
      generatedAt: station.now(), seqNo: 0,
      eventData: [{
        eventId: 900 + evseId, timestamp, trigger: 'Periodic', actualValue: String(energyWh),
        eventNotificationType: 'PreconfiguredMonitor', component, variable: { name: 'EnergyImport' },
      }],
    });
  }
}

export const noTransaction = testCase<CsmsTestCase>({
  useCase: 'J01', variant: 'idle', ocpp: '2.0.1', sut: 'CSMS', octt: full('TC_J_01_CSMS'),
  title: 'Clock-aligned meter values without a transaction, for EVSE 0 and every EVSE (MeterValues and FiscalMetering NotifyEvent): the CSMS answers each',
  killedBy: ['csms.meter-values-rejects-clock', 'csms.meter-values-rejects-unknown-measurand'],
  async run({ station, profile }) {
    await station.booted();
    let energy = 10_000;
    for (let round = 0; round < ROUNDS; round++) {
      await clockReadings(station, profile.evses.map((e) => e.id), await nextAlignedTime(station), energy += 500);
    }
  },
});

export const duringTransaction = testCase<CsmsTestCase>({
  useCase: 'J01', variant: 'transaction', ocpp: '2.0.1', sut: 'CSMS', octt: full('TC_J_02_CSMS'),
  title: 'Clock-aligned meter values during a transaction: MeterValues for EVSE 0 and the idle EVSEs, TransactionEvent MeterValueClock for the charging one',
  killedBy: ['csms.meter-values-rejects-clock', 'csms.meter-values-rejects-unknown-measurand'],
  async run({ station, profile }) {
    await station.booted();
    const s = await runningSession(station);
    const idle = profile.evses.map((e) => e.id).filter((id) => id !== s.evseId);
    let energy = 10_000;
    for (let round = 0; round < ROUNDS; round++) {
      const at = await nextAlignedTime(station);
      await clockReadings(station, idle, at, energy += 500);
      await s.event({ eventType: 'Updated', trigger: 'MeterValueClock', agoMs: Date.now() - at, meter: { contexts: ['Sample.Clock'], extraMeasurands: true } });
    }
  },
});

/** TC_J_03 / TC_J_04: the transaction ends (EVDisconnected); the Ended event carries clock-aligned readings, the last Transaction.End. */
function endedWithClock(variant: string, id: string, signed: boolean) {
  return testCase<CsmsTestCase>({
    useCase: 'J01', variant, ocpp: '2.0.1', sut: 'CSMS', octt: full(id),
    title: `The transaction ends (EVDisconnected) and the Ended event carries its clock-aligned readings${signed ? ', signed,' : ''} the last one Transaction.End: the CSMS answers it`,
    killedBy: ['csms.meter-values-rejects-clock', ...(signed ? ['csms.meter-values-rejects-signed'] : [])],
    async run({ station }) {
      await station.booted();
      const s = await runningSession(station);
      await s.evDisconnected({ meter: { contexts: ['Sample.Clock', 'Sample.Clock', 'Transaction.End'], intervalMs: INTERVAL_MS, signed } });
    },
  });
}

export const endedClock = endedWithClock('ended', 'TC_J_03_CSMS', false);
export const endedClockSigned = endedWithClock('signed', 'TC_J_04_CSMS', true);
