import { testCase, full, partial } from '../../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import { establishSetting, writeSetting } from '../../../shared/settings.js';
import { charging, info, markOf, readSetting, requireSetting } from '../../../shared/session-states.js';
import { ALIGNED_INTERVAL, ALIGNED_MEASURANDS, ALIGNED_SEND_DURING_IDLE, SAMPLE_INTERVAL } from '../../../shared/meter-value-settings.js';
import {
  checkAligned, checkIntervals, checkReadings, checkRegisterRises, collectReadings, measurandList, meterIntervalS, readingsOf, type Reading,
} from '../../../shared/meter-value-steps.js';
import { MV } from '../../../../src/reference/station/meter-values.js';

const hasClockValue = (c: ReceivedCall) => readingsOf(c).some((r) => r.sampled.some((sv) => sv.context === 'Sample.Clock'));
const evseOf = (c: ReceivedCall) => Number(c.payload.evseId);

/** Judge readings per EVSE (each has its own meter): interval, alignment and a register that only rises. */
function checkPerEvse(readings: Reading[], interval: number, toleranceMs: number, what: string): void {
  const byEvse = new Map<number, Reading[]>();
  for (const r of readings) byEvse.set(evseOf(r.call), [...(byEvse.get(evseOf(r.call)) ?? []), r]);
  // Several messages per interval (one per EVSE) must all carry the same timestamp: the union keeps the interval too.
  checkIntervals(readings, interval, toleranceMs, `${what} (all EVSEs: one timestamp per interval)`);
  for (const [evse, list] of byEvse) {
    checkIntervals(list, interval, toleranceMs, `${what} (EVSE ${evse})`);
    checkAligned(list, interval, toleranceMs, `${what} (EVSE ${evse})`);
    checkRegisterRises(list, `${what} (EVSE ${evse})`);
  }
}

/**
 * TC_J_01: with AlignedDataCtrlr.Interval set and no transaction, the station reports MeterValues at every
 * multiple of the interval from midnight, context Sample.Clock, an element per AlignedDataCtrlr.Measurands. Sampled
 * data is switched off first (TxUpdatedInterval 0) so only clock-aligned readings come.
 */
export const clockAlignedIdle = testCase({
  useCase: 'J01', variant: 'idle', ocpp: '2.0.1', sut: 'CS', title: 'Clock-aligned meter values with no transaction ongoing',
  octt: full('TC_J_01_CS'),
  killedBy: [MV.alignedOffInterval, MV.registerDown, MV.missingMeasurand, MV.wrongContext],
  async run({ csms, profile }) {
    await csms.booted();
    const interval = meterIntervalS(profile);
    await establishSetting(csms, '2.0.1', SAMPLE_INTERVAL, '0');
    const since = markOf(csms);
    await establishSetting(csms, '2.0.1', ALIGNED_INTERVAL, String(interval));
    const measurands = measurandList(await readSetting(csms, '2.0.1', ALIGNED_MEASURANDS));
    const what = 'clock-aligned MeterValues';
    const pick = (c: ReceivedCall) => c.action === 'MeterValues';
    const readings = await collectReadings(csms, pick, 3, 2 * interval * 1000 + profile.timing.toleranceMs, since ?? 0, what);
    checkReadings(readings, 'Sample.Clock', measurands, what);
    checkPerEvse(readings, interval, profile.timing.toleranceMs, what);
  },
});

/**
 * TC_J_02: during a transaction the clock-aligned readings of its EVSE come as TransactionEvent Updated with
 * triggerReason MeterValueClock (or, as the document allows, MeterValues), context Sample.Clock, each measurand of
 * AlignedDataCtrlr.Measurands, at the aligned interval; MeterValues of other EVSEs keep the same rules.
 */
export const clockAlignedInTransaction = testCase({
  useCase: 'J01', variant: 'transaction', ocpp: '2.0.1', sut: 'CS', title: 'Clock-aligned meter values during a transaction',
  octt: full('TC_J_02_CS'),
  actions: ['plugIn'],
  killedBy: [MV.alignedOffInterval, MV.registerDown, MV.missingMeasurand, MV.wrongContext, MV.wrongTrigger],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    const interval = meterIntervalS(profile);
    await establishSetting(csms, '2.0.1', SAMPLE_INTERVAL, '0');
    await establishSetting(csms, '2.0.1', ALIGNED_INTERVAL, String(interval));
    await writeSetting(csms, '2.0.1', ALIGNED_SEND_DURING_IDLE, 'false'); // "if implemented": a refusal leaves the default
    const measurands = measurandList(await readSetting(csms, '2.0.1', ALIGNED_MEASURANDS));
    const c = await charging(ctx, 1);
    const what = `clock-aligned readings of EVSE ${c.evseId} during transaction ${c.id}`;
    const ofTx = (m: ReceivedCall) => (m.action === 'TransactionEvent' && info(m).transactionId === c.id
      && (m.payload.triggerReason === 'MeterValueClock' || hasClockValue(m)))
      || (m.action === 'MeterValues' && evseOf(m) === c.evseId);
    const readings = await collectReadings(csms, ofTx, 3, 2 * interval * 1000 + profile.timing.toleranceMs, c.last, what);
    for (const r of readings) {
      if (r.call.action === 'TransactionEvent' && r.call.payload.triggerReason !== 'MeterValueClock') {
        throw new Verdict(`${what}: a TransactionEvent carrying clock-aligned values must have triggerReason MeterValueClock, got ${String(r.call.payload.triggerReason)}`);
      }
    }
    checkReadings(readings, 'Sample.Clock', measurands, what);
    checkIntervals(readings, interval, profile.timing.toleranceMs, what);
    checkAligned(readings, interval, profile.timing.toleranceMs, what);
    checkRegisterRises(readings, what);
    // MeterValues of the other EVSEs (and the main meter) received meanwhile follow the same rules.
    const others = csms.received.slice(csms.received.indexOf(c.last) + 1).filter((m) => m.action === 'MeterValues' && evseOf(m) !== c.evseId);
    const otherReadings = others.flatMap(readingsOf);
    checkReadings(otherReadings, 'Sample.Clock', measurands, 'clock-aligned MeterValues of the other EVSEs');
    checkPerEvse(otherReadings, interval, profile.timing.toleranceMs, 'clock-aligned MeterValues of the other EVSEs');
  },
});

/**
 * TC_J_06: with AlignedDataCtrlr.SendDuringIdle true the station reports clock-aligned values while idle, none while
 * a transaction runs, and again after it ended.
 */
export const clockAlignedOnlyIdle = testCase({
  useCase: 'J01', variant: 'send-during-idle', ocpp: '2.0.1', sut: 'CS', title: 'Clock-aligned meter values only while no transaction runs (SendDuringIdle)',
  octt: [partial('TC_J_06_CS', 'during the transaction only clock-aligned values (MeterValues, or context Sample.Clock in a TransactionEvent) are judged absent: '
    + 'the meter values every transaction event carries by its own configuration (Transaction.Begin, Sample.Periodic of state changes) are not clock-aligned data')],
  actions: ['plugIn', 'unplug'],
  killedBy: [MV.alignedDuringTx],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    await csms.booted();
    const interval = meterIntervalS(profile);
    const tolerance = profile.timing.toleranceMs;
    await establishSetting(csms, '2.0.1', SAMPLE_INTERVAL, '0');
    await requireSetting(csms, '2.0.1', ALIGNED_SEND_DURING_IDLE, 'true', { readOnlyAllowed: 'AlignedDataCtrlr.SendDuringIdle is an optional variable' });
    const before = markOf(csms);
    await establishSetting(csms, '2.0.1', ALIGNED_INTERVAL, String(interval));
    const measurands = measurandList(await readSetting(csms, '2.0.1', ALIGNED_MEASURANDS));
    const idle = await collectReadings(csms, (m) => m.action === 'MeterValues', 1, 2 * interval * 1000 + tolerance, before ?? 0, 'clock-aligned MeterValues before the transaction');
    checkReadings(idle, 'Sample.Clock', measurands, 'clock-aligned MeterValues before the transaction');
    const c = await charging(ctx, 1);
    // From the first event of the transaction on (a reading taken before it began may arrive while the state is reached).
    const started = csms.received.find((m) => m.action === 'TransactionEvent' && info(m).transactionId === c.id) ?? c.last;
    const clockDuringTx = (m: ReceivedCall) => m.action === 'MeterValues' || (m.action === 'TransactionEvent' && hasClockValue(m));
    const sent = await csms.firstUnwanted(clockDuringTx, interval * 1000 + tolerance, started);
    if (sent) throw new Verdict(`AlignedDataCtrlr.SendDuringIdle is true: no clock-aligned meter values may be sent while transaction ${c.id} runs, got ${sent.action} ${JSON.stringify(sent.payload).slice(0, 200)}`);
    const unplugged = markOf(csms);
    await sut.act('unplug', { evse: c.evseId });
    await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended' }, after: unplugged ?? 0 })
      .catch(() => { throw new Verdict(`after the EV was unplugged transaction ${c.id} must end`); });
    const after = await collectReadings(csms, (m) => m.action === 'MeterValues', 2, 2 * interval * 1000 + tolerance, unplugged ?? 0, 'clock-aligned MeterValues after the transaction');
    checkReadings(after, 'Sample.Clock', measurands, 'clock-aligned MeterValues after the transaction');
    checkPerEvse(after, interval, tolerance, 'clock-aligned MeterValues after the transaction');
  },
});
