// Signed meter values (Part 5 C-42) in the TransactionEvent Ended of a station asked to sign its readings:
// sampled (SampledDataCtrlr.SignReadings, TC_J_11) and clock-aligned (AlignedDataCtrlr.SignReadings, TC_J_04).
import { testCase, full, partial } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/verdicts.js';
import { establishSetting, type SettingName } from '../../../shared/settings.js';
import { brief, charging, readSetting } from '../../../shared/session-states.js';
import { ALIGNED_INTERVAL, SAMPLE_INTERVAL } from '../../../shared/meter-value-settings.js';
import {
  checkAligned, checkIntervals, checkReadings, checkRegisterRises, contextOf, measurandList, meterIntervalS,
} from '../../../shared/meter-value-steps.js';
import { ALIGNED_SIGN_READINGS, checkSigned, publicKeyRule, SAMPLED_SIGN_READINGS } from '../../../shared/signed-meter-steps.js';
import { MV } from '../../../../src/reference/station/meter-values.js';
import { endedReadings, transactionDuration, unplugAndEnd } from './J02-J01-transaction-begin-end.js';

const setting = (component: string, variable: string): SettingName => ({ v16: '', component, variable });
const TX_ENDED_INTERVAL = setting('SampledDataCtrlr', 'TxEndedInterval');
const TX_ENDED_MEASURANDS = setting('SampledDataCtrlr', 'TxEndedMeasurands');
const ALIGNED_TX_ENDED_INTERVAL = setting('AlignedDataCtrlr', 'TxEndedInterval');
const ALIGNED_TX_ENDED_MEASURANDS = setting('AlignedDataCtrlr', 'TxEndedMeasurands');

/**
 * TC_J_11: TC_J_10 with SampledDataCtrlr.SignReadings true: the Ended event's periodic readings and its
 * Transaction.End reading carry, besides what TC_J_10 checks, a well-formed signedMeterValue each.
 */
export const sampledSigned = testCase({
  useCase: 'J02', variant: 'ended-signed', ocpp: '2.0.1', sut: 'CS', title: 'Signed sampled meter values in TransactionEvent Ended (SampledDataCtrlr.SignReadings)',
  octt: full('TC_J_11_CS'),
  needs: ['C-42'],
  actions: ['plugIn', 'unplug'],
  killedBy: [MV.unsigned, MV.signatureOfOther],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    const interval = meterIntervalS(profile);
    await establishSetting(csms, '2.0.1', SAMPLE_INTERVAL, '0');
    await establishSetting(csms, '2.0.1', ALIGNED_INTERVAL, '0');
    await establishSetting(csms, '2.0.1', TX_ENDED_INTERVAL, String(interval));
    await establishSetting(csms, '2.0.1', ALIGNED_TX_ENDED_MEASURANDS, '');
    await establishSetting(csms, '2.0.1', SAMPLED_SIGN_READINGS, 'true');
    const measurands = measurandList(await readSetting(csms, '2.0.1', TX_ENDED_MEASURANDS));
    const keys = await publicKeyRule(csms);
    const c = await charging(ctx, 1);
    await transactionDuration(ctx, 4.5 * interval * 1000);
    const ended = await unplugAndEnd(ctx, c);
    const readings = endedReadings(ended);
    const what = 'the signed meter values of TransactionEvent Ended';
    const periodic = readings.filter((r) => contextOf(r.sampled[0] ?? {}) === 'Sample.Periodic');
    const end = readings.filter((r) => contextOf(r.sampled[0] ?? {}) === 'Transaction.End');
    if (periodic.length + end.length < readings.length) throw new Verdict(`${what}: each reading is Sample.Periodic or Transaction.End (${brief(ended)})`);
    if (!end.length) throw new Verdict(`${what}: one reading must have context Transaction.End, got ${brief(ended)}`);
    if (!periodic.length) throw new Verdict(`${what}: the readings taken every ${interval} s (Sample.Periodic) are missing, got ${brief(ended)}`);
    checkReadings(periodic, 'Sample.Periodic', measurands, what);
    checkReadings(end, 'Transaction.End', measurands, what);
    checkIntervals(periodic, interval, profile.timing.toleranceMs, what);
    checkRegisterRises(readings, what);
    checkSigned(readings, keys, what, 'J02.FR.21');
  },
});

/**
 * TC_J_04: TC_J_03 with AlignedDataCtrlr.SignReadings true: the clock-aligned readings of the Ended event carry a
 * well-formed signedMeterValue each.
 */
export const alignedSigned = testCase({
  useCase: 'J01', variant: 'ended-signed', ocpp: '2.0.1', sut: 'CS', title: 'Signed clock-aligned meter values in TransactionEvent Ended (AlignedDataCtrlr.SignReadings)',
  octt: [partial('TC_J_04_CS', 'AlignedDataSendDuringIdle "false (if implemented)" is not written: clock-aligned values outside the Ended event are switched off (AlignedDataCtrlr.Interval 0) instead, so that the Ended readings are the ones judged')],
  needs: ['C-42'],
  actions: ['plugIn', 'unplug'],
  killedBy: [MV.unsigned, MV.signatureOfOther],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    const interval = meterIntervalS(profile);
    await establishSetting(csms, '2.0.1', SAMPLE_INTERVAL, '0');
    await establishSetting(csms, '2.0.1', ALIGNED_INTERVAL, '0');
    await establishSetting(csms, '2.0.1', ALIGNED_TX_ENDED_INTERVAL, String(interval));
    await establishSetting(csms, '2.0.1', TX_ENDED_MEASURANDS, '');
    await establishSetting(csms, '2.0.1', ALIGNED_SIGN_READINGS, 'true');
    const measurands = measurandList(await readSetting(csms, '2.0.1', ALIGNED_TX_ENDED_MEASURANDS));
    const keys = await publicKeyRule(csms);
    const c = await charging(ctx, 1);
    await transactionDuration(ctx, 4.5 * interval * 1000);
    const ended = await unplugAndEnd(ctx, c);
    const readings = endedReadings(ended);
    const what = 'the signed meter values of TransactionEvent Ended';
    checkReadings(readings, 'Sample.Clock', measurands, what);
    checkIntervals(readings, interval, profile.timing.toleranceMs, what);
    checkAligned(readings, interval, profile.timing.toleranceMs, what);
    checkSigned(readings, keys, what, 'J01.FR.21');
  },
});
