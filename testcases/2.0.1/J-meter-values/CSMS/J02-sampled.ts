// J02 with the CSMS as SUT: sampled meter values in transaction events: Transaction.Begin in the event the cable
// causes (EVSE known at the start, or only later), Sample.Periodic in Updated events, and the Ended event's
// readings (the last Transaction.End), also signed. The CSMS answers each, whatever measurands it does not use.
import { full, testCase, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { prior, runningSession, SimSession } from '../../../shared/tx-csms-steps.js';
import { meterIntervalS } from '../../../shared/meter-value-steps.js';

/** Ended events carry readings of the harness's own sampled interval (not waited out: they are history). */
const INTERVAL_MS = 30_000;

export const startedEvseKnown = testCase<CsmsTestCase>({
  useCase: 'J02', variant: 'started', ocpp: '2.0.1', sut: 'CSMS', octt: full('TC_J_07_CSMS'),
  title: 'The cable starts the transaction and its Started event carries a Transaction.Begin reading (EVConnectedPreSession): the CSMS answers it',
  killedBy: ['csms.meter-values-rejects-unknown-measurand', 'csms.tx-event-requires-token-on-start'],
  async run({ station, profile }) {
    await station.booted();
    const s = new SimSession(station, profile.evses[0]!.id);
    await s.plugIn({ meter: { contexts: ['Transaction.Begin'], extraMeasurands: true } });
  },
});

export const beginEvseUnknown = testCase<CsmsTestCase>({
  useCase: 'J02', variant: 'begin-evse-unknown', ocpp: '2.0.1', sut: 'CSMS', octt: full('TC_J_08_CSMS'),
  title: 'Authorized before the EVSE is known (Started without evse), then the cable with a Transaction.Begin reading, then energy: the CSMS answers each',
  killedBy: ['csms.meter-values-rejects-unknown-measurand'],
  async run({ station, profile }) {
    await station.booted();
    const s = new SimSession(station, profile.evses[0]!.id);
    await prior(station, 'Authorized', () => s.authorize({ evse: false }));
    await s.plugIn({ meter: { contexts: ['Transaction.Begin'], extraMeasurands: true } });
    await s.energyTransferStarted();
  },
});

export const periodicUpdated = testCase<CsmsTestCase>({
  useCase: 'J02', variant: 'updated', ocpp: '2.0.1', sut: 'CSMS',
  octt: full('TC_J_09_CSMS'),
  title: 'During energy transfer three TransactionEvents MeterValuePeriodic with Sample.Periodic readings: the CSMS answers each',
  killedBy: ['csms.meter-values-rejects-unknown-measurand'],
  async run({ station }) {
    await station.booted();
    const s = await runningSession(station);
    // Every configured sampled interval (the profile's meterIntervalS), as the station would, three times.
    const intervalMs = meterIntervalS(station.profile) * 1000;
    for (let round = 0; round < 3; round++) {
      if (round > 0) await station.firstUnwanted(() => false, intervalMs);
      await s.event({ eventType: 'Updated', trigger: 'MeterValuePeriodic', meter: { contexts: ['Sample.Periodic'], extraMeasurands: true } });
    }
  },
});

/** TC_J_10 / TC_J_11: the transaction ends (EVDisconnected); the Ended event carries its sampled readings, the last Transaction.End. */
function endedWithSamples(variant: string, id: string, signed: boolean) {
  return testCase<CsmsTestCase>({
    useCase: 'J02', variant, ocpp: '2.0.1', sut: 'CSMS',
    octt: full(id),
    title: `The transaction ends (EVDisconnected) and the Ended event carries its sampled readings${signed ? ', signed,' : ''} the last one Transaction.End: the CSMS answers it`,
    killedBy: [signed ? 'csms.meter-values-rejects-signed' : 'csms.meter-values-rejects-unknown-measurand'],
    async run({ station }) {
      await station.booted();
      const s = await runningSession(station);
      await s.evDisconnected({ meter: { contexts: ['Sample.Periodic', 'Sample.Periodic', 'Transaction.End'], intervalMs: INTERVAL_MS, signed, extraMeasurands: !signed } });
    },
  });
}

export const endedSampled = endedWithSamples('ended', 'TC_J_10_CSMS', false);
export const endedSampledSigned = endedWithSamples('signed', 'TC_J_11_CSMS', true);
