import { testCase, full } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/verdicts.js';
import type { ReceivedCall } from '../../../src/harness/peer.js';
import { establishSetting } from '../../shared/settings.js';
import { charging, readSetting } from '../../shared/session-states.js';
import { SAMPLE_INTERVAL, SAMPLED_MEASURANDS, ALIGNED_INTERVAL } from '../../shared/meter-value-settings.js';
import {
  checkIntervals, checkReadings, checkRegisterRises, collectReadings, measurandList, meterIntervalS,
} from '../../shared/meter-value-steps.js';
import { MV } from '../../../src/reference/station/meter-values.js';

/**
 * TC_070: with MeterValueSampleInterval set (and clock-aligned data off), a charging connector reports MeterValues
 * every interval from the start of the transaction: context Sample.Periodic, each measurand of
 * MeterValuesSampledData, the transaction's ID (1.6 section 4.7), and an energy register that never goes below the
 * meter start.
 */
export const sampledMeterValues = testCase({
  useCase: 'J02', variant: 'sampled', ocpp: '1.6', sut: 'CS', title: 'Sampled meter values at MeterValueSampleInterval during a transaction',
  octt: full('TC_070_CS'),
  actions: ['plugIn'],
  killedBy: [MV.sampledWrongInterval, MV.registerDown, MV.noTransactionId, MV.missingMeasurand, MV.wrongContext],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    const interval = meterIntervalS(profile);
    await establishSetting(csms, '1.6', SAMPLE_INTERVAL, String(interval));
    await establishSetting(csms, '1.6', ALIGNED_INTERVAL, '0');
    const measurands = measurandList(await readSetting(csms, '1.6', SAMPLED_MEASURANDS));
    const c = await charging(ctx, 1);
    const start = c.last;
    const ofTx = (m: ReceivedCall) => m.action === 'MeterValues' && Number(m.payload.connectorId) === c.evseId;
    const what = `MeterValues of connector ${c.evseId} during transaction ${c.id}`;
    const readings = await collectReadings(csms, ofTx, 3, 2 * interval * 1000 + profile.timing.toleranceMs, start, what);
    for (const r of readings) {
      if (String(r.call.payload.transactionId) !== c.id) {
        throw new Verdict(`${what}: values sampled during a transaction must carry its transactionId ${c.id}, got ${String(r.call.payload.transactionId ?? '(none)')}`, 'OCPP 1.6 4.7');
      }
    }
    checkReadings(readings, 'Sample.Periodic', measurands, what);
    checkIntervals(readings, interval, profile.timing.toleranceMs, what);
    checkRegisterRises(readings, what, Number(start.payload.meterStart));
  },
});
