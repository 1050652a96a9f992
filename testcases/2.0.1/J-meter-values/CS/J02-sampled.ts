import { testCase, full } from '../../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import { establishSetting } from '../../../shared/settings.js';
import { charging, info, readSetting } from '../../../shared/session-states.js';
import { ALIGNED_INTERVAL, SAMPLED_MEASURANDS, SAMPLE_INTERVAL } from '../../../shared/meter-value-settings.js';
import {
  checkIntervals, checkReadings, checkRegisterRises, collectReadings, measurandList, meterIntervalS,
} from '../../../shared/meter-value-steps.js';
import { MV } from '../../../../src/reference/station/meter-values.js';

/**
 * TC_J_09: with SampledDataCtrlr.TxUpdatedInterval set (clock-aligned data off), a transaction's sampled values come
 * as TransactionEvent Updated with triggerReason MeterValuePeriodic, context Sample.Periodic, an element per
 * TxUpdatedMeasurands, one interval apart, the energy register never going down.
 */
export const sampledUpdated = testCase({
  useCase: 'J02', variant: 'updated', ocpp: '2.0.1', sut: 'CS', title: 'Sampled meter values in TransactionEvent Updated at TxUpdatedInterval',
  octt: full('TC_J_09_CS'),
  actions: ['plugIn'],
  killedBy: [MV.sampledWrongInterval, MV.registerDown, MV.missingMeasurand, MV.wrongContext, MV.wrongTrigger],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    const interval = meterIntervalS(profile);
    await establishSetting(csms, '2.0.1', ALIGNED_INTERVAL, '0');
    await establishSetting(csms, '2.0.1', SAMPLE_INTERVAL, String(interval));
    const measurands = measurandList(await readSetting(csms, '2.0.1', SAMPLED_MEASURANDS));
    const c = await charging(ctx, 1);
    const what = `sampled values of transaction ${c.id}`;
    // Events that only report a reading (not a change of state); a MeterValues for the EVSE would be the wrong message.
    const pick = (m: ReceivedCall) => (m.action === 'TransactionEvent' && info(m).transactionId === c.id
      && ['MeterValuePeriodic', 'Trigger'].includes(String(m.payload.triggerReason)))
      || (m.action === 'MeterValues' && Number(m.payload.evseId) === c.evseId);
    const readings = await collectReadings(csms, pick, 3, 2 * interval * 1000 + profile.timing.toleranceMs, c.last, what);
    for (const r of readings) {
      if (r.call.action !== 'TransactionEvent') throw new Verdict(`${what}: values sampled during a transaction are sent in TransactionEvent, not ${r.call.action}`);
      if (r.call.payload.triggerReason !== 'MeterValuePeriodic') throw new Verdict(`${what}: triggerReason must be MeterValuePeriodic, got ${String(r.call.payload.triggerReason)}`);
    }
    checkReadings(readings, 'Sample.Periodic', measurands, what);
    checkIntervals(readings, interval, profile.timing.toleranceMs, what);
    checkRegisterRises(readings, what);
  },
});
