import { testCase, full } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/verdicts.js';
import type { ReceivedCall } from '../../../src/harness/peer.js';
import { establishSetting } from '../../shared/settings.js';
import { charging, readSetting } from '../../shared/session-states.js';
import { SAMPLE_INTERVAL, ALIGNED_INTERVAL, ALIGNED_MEASURANDS } from '../../shared/meter-value-settings.js';
import {
  checkAligned, checkIntervals, checkReadings, checkRegisterRises, collectReadings, measurandList, meterIntervalS,
} from '../../shared/meter-value-steps.js';
import { MV } from '../../../src/reference/station/meter-values.js';

/**
 * TC_071: with ClockAlignedDataInterval set (and sampling off), a charging connector reports MeterValues at every
 * multiple of the interval from midnight: context Sample.Clock, each measurand of MeterValuesAlignedData, the
 * transaction's ID (1.6 section 4.7), and an energy register that never goes below the meter start.
 */
export const clockAlignedMeterValues = testCase({
  useCase: 'J01', variant: 'clock-aligned', ocpp: '1.6', sut: 'CS', title: 'Clock-aligned meter values at ClockAlignedDataInterval during a transaction',
  octt: full('TC_071_CS'),
  actions: ['plugIn'],
  killedBy: [MV.alignedOffInterval, MV.registerDown, MV.noTransactionId, MV.missingMeasurand, MV.wrongContext],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    const interval = meterIntervalS(profile);
    await establishSetting(csms, '1.6', SAMPLE_INTERVAL, '0');
    await establishSetting(csms, '1.6', ALIGNED_INTERVAL, String(interval));
    const measurands = measurandList(await readSetting(csms, '1.6', ALIGNED_MEASURANDS));
    const c = await charging(ctx, 1);
    const start = c.last;
    const ofConnector = (m: ReceivedCall) => m.action === 'MeterValues' && Number(m.payload.connectorId) === c.evseId;
    const what = `clock-aligned MeterValues of connector ${c.evseId} during transaction ${c.id}`;
    const readings = await collectReadings(csms, ofConnector, 3, 2 * interval * 1000 + profile.timing.toleranceMs, start, what);
    for (const r of readings) {
      if (String(r.call.payload.transactionId) !== c.id) {
        throw new Verdict(`${what}: values of a connector in a transaction must carry its transactionId ${c.id}, got ${String(r.call.payload.transactionId ?? '(none)')}`, 'OCPP 1.6 4.7');
      }
    }
    checkReadings(readings, 'Sample.Clock', measurands, what);
    checkIntervals(readings, interval, profile.timing.toleranceMs, what);
    checkAligned(readings, interval, profile.timing.toleranceMs, what);
    checkRegisterRises(readings, what, Number(start.payload.meterStart));
  },
});
