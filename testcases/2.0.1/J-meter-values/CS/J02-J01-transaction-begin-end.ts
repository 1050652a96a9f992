import { testCase, full } from '../../../../src/harness/test-case.js';
import { Inconclusive, Verdict } from '../../../../src/harness/verdicts.js';
import type { CsContext } from '../../../../src/harness/test-case.js';
import type { ReceivedCall } from '../../../../src/harness/peer.js';
import { establishSetting, type SettingName } from '../../../shared/settings.js';
import {
  authorizeLocally, brief, charging, info, newSession, readSetting, startEnergyTransfer, TX_START_POINT, validToken, type Charging,
} from '../../../shared/session-states.js';
import { eventsOf, prepareAuthorization, withTxPoints } from '../../E-transactions/CS/steps.js';
import { ALIGNED_INTERVAL, ALIGNED_SEND_DURING_IDLE, SAMPLE_INTERVAL } from '../../../shared/meter-value-settings.js';
import { setIfImplemented } from '../../../shared/local-list-steps.js';
import {
  checkAligned, checkIntervals, checkReadings, checkRegisterRises, contextOf, measurandList, meterIntervalS, readingsOf, type Reading,
} from '../../../shared/meter-value-steps.js';
import { MV } from '../../../../src/reference/station/meter-values.js';

const setting = (component: string, variable: string): SettingName => ({ v16: '', component, variable });
const TX_STARTED_MEASURANDS = setting('SampledDataCtrlr', 'TxStartedMeasurands');
const TX_ENDED_INTERVAL = setting('SampledDataCtrlr', 'TxEndedInterval');
const TX_ENDED_MEASURANDS = setting('SampledDataCtrlr', 'TxEndedMeasurands');
const ALIGNED_TX_ENDED_INTERVAL = setting('AlignedDataCtrlr', 'TxEndedInterval');
const ALIGNED_TX_ENDED_MEASURANDS = setting('AlignedDataCtrlr', 'TxEndedMeasurands');

/**
 * The document's "configured transaction duration": the transaction runs this long before the EV leaves. Nothing
 * observable marks it (the readings for the Ended event stay inside the station), so the harness waits it out,
 * failing at once on a message that must not come (none here: it only lets time pass).
 */
export async function transactionDuration({ csms }: CsContext, ms: number): Promise<void> {
  await csms.firstUnwanted(() => false, ms);
}

/**
 * Part 6 ParkingBayUnoccupied as this harness reproduces it: its EVDisconnected state (the EV unplugs, the transaction
 * ends); the drive out of the parking bay is optional and, with the transaction already ended, sends nothing.
 */
export async function unplugAndEnd({ csms, sut }: CsContext, c: Charging): Promise<ReceivedCall> {
  const since = csms.received.at(-1);
  await sut.act('unplug', { evse: c.evseId });
  const ended = await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: { transactionId: c.id } }, after: since ?? 0 })
    .catch(() => { throw new Verdict(`after the EV left, transaction ${c.id} must end (TransactionEvent Ended)`); });
  // Part 6 EVDisconnected: the event of the cable leaving has triggerReason EVCommunicationLost and chargingState Idle.
  const events = csms.received.filter((m) => m.action === 'TransactionEvent' && info(m).transactionId === c.id && (!since || m.at >= since.at) && csms.received.indexOf(m) > csms.received.indexOf(since!));
  const disconnected = events.find((m) => m.payload.triggerReason === 'EVCommunicationLost') ?? ended;
  if (disconnected.payload.triggerReason !== 'EVCommunicationLost' || info(disconnected).chargingState !== 'Idle') {
    throw new Verdict(`after the EV was unplugged the TransactionEvent must have triggerReason EVCommunicationLost and chargingState Idle, got ${brief(disconnected)}`);
  }
  return ended;
}

/**
 * TC_J_07: a transaction started by the cable (TxStartPoint with EVConnected, the EVSE known): its Started event
 * carries a meterValue with context Transaction.Begin and an element per SampledDataCtrlr.TxStartedMeasurands.
 */
export const sampledTxBegin = testCase({
  useCase: 'J02', variant: 'started', ocpp: '2.0.1', sut: 'CS', title: 'Sampled meter values of transaction start (Transaction.Begin) in TransactionEvent Started',
  octt: full('TC_J_07_CS'),
  actions: ['plugIn'],
  killedBy: [MV.missingMeasurand, MV.wrongContext],
  async run(ctx) {
    const { csms } = ctx;
    await csms.booted();
    const points = (await readSetting(csms, '2.0.1', TX_START_POINT)) ?? '';
    if (points.includes('ParkingBayOccupancy')) throw new Inconclusive(`the test is for a station whose TxStartPoint holds no ParkingBayOccupancy; this one's is ${points}`);
    if (!points.includes('EVConnected')) throw new Inconclusive(`the test needs TxStartPoint to contain EVConnected; this station's is ${points}`);
    const measurands = measurandList(await readSetting(csms, '2.0.1', TX_STARTED_MEASURANDS));
    const c = await charging(ctx, 1);
    const started = csms.received.find((m) => m.action === 'TransactionEvent' && m.payload.eventType === 'Started' && info(m).transactionId === c.id);
    if (!started) throw new Verdict(`transaction ${c.id} was reported without a TransactionEvent Started`);
    const readings = readingsOf(started);
    if (!readings.length) throw new Verdict(`the TransactionEvent Started must carry the meter values of transaction start (SampledDataCtrlr.TxStartedMeasurands), got ${brief(started)}`);
    checkReadings(readings, 'Transaction.Begin', measurands, 'the meter values of TransactionEvent Started');
  },
});

/**
 * TC_J_08: a transaction that starts at the authorization, before the cable (TxStartPoint Authorized): the first of
 * its TransactionEvents that names the EVSE (the Started one, or the cable's when the station learns the EVSE only
 * then) carries the Transaction.Begin readings, an element per SampledDataCtrlr.TxStartedMeasurands.
 */
export const sampledTxBeginAuthorized = testCase({
  useCase: 'J02', variant: 'started-authorized', ocpp: '2.0.1', sut: 'CS',
  title: 'Sampled meter values of transaction start (Transaction.Begin) for a transaction started by the authorization, in the first event that names the EVSE',
  octt: full('TC_J_08_CS'),
  actions: ['presentIdToken', 'plugIn'],
  killedBy: [MV.beginOnlyWithCable, MV.missingMeasurand, MV.wrongContext],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    await prepareAuthorization(csms);
    // "contains Authorized": a station whose TxStartPoint has it keeps its value; else Authorized is written.
    const points = ((await readSetting(csms, '2.0.1', TX_START_POINT)) ?? '').split(',').map((p) => p.trim());
    const keep = points.includes('Authorized') && !points.includes('ParkingBayOccupancy');
    await withTxPoints(ctx, keep ? {} : { start: 'Authorized' }, async (tx) => {
      const measurands = measurandList(await readSetting(csms, '2.0.1', TX_STARTED_MEASURANDS));
      // Part 6 EnergyTransferStarted from Authorized (token first), then the cable.
      const s = await csms.reusableState('EnergyTransferStarted', 'E03', async () => {
        const session = newSession(csms, profile.evses[0]!.id, tx);
        await authorizeLocally(ctx, session, validToken(profile), { evseMayBeUnknown: true });
        await startEnergyTransfer(ctx, session);
        return session;
      });
      const first = eventsOf(csms, s.txId!).find((e) => e.payload.evse !== undefined);
      if (!first) throw new Verdict(`no TransactionEvent of transaction ${s.txId} named the EVSE`);
      const readings = readingsOf(first);
      const what = `the first TransactionEvent naming the EVSE (${String(first.payload.eventType)}, ${String(first.payload.triggerReason)})`;
      if (!readings.length) throw new Verdict(`${what} must carry the meter values of transaction start (SampledDataCtrlr.TxStartedMeasurands), got ${brief(first)}`, 'J02.FR.10');
      checkReadings(readings, 'Transaction.Begin', measurands, `the meter values of ${what}`);
    });
  },
});

/** The Ended event's meter values (it must carry some). */
export function endedReadings(ended: ReceivedCall): Reading[] {
  const readings = readingsOf(ended);
  if (!readings.length) throw new Verdict(`the TransactionEvent Ended must carry the meter values collected during the transaction, got ${brief(ended)}`);
  return readings;
}

/**
 * The Ended event's readings of a transaction that ran 4.5 intervals with only `endedInterval` set: periodic and
 * clock-aligned values outside the Ended event off, and no end data of the other kind (`otherMeasurands` empty).
 */
async function endedEventReadings(ctx: CsContext, endedInterval: SettingName, measurandsSetting: SettingName, otherMeasurands: SettingName, prepare?: () => Promise<void>) {
  const { csms, profile } = ctx;
  await csms.booted();
  const interval = meterIntervalS(profile);
  // Beyond the documents, and only where the station lets it: no periodic or clock-aligned messages besides the
  // Ended event's (they are not judged; switching them off keeps the trace to what is).
  await setIfImplemented(csms, '2.0.1', SAMPLE_INTERVAL, '0');
  await setIfImplemented(csms, '2.0.1', ALIGNED_INTERVAL, '0');
  await establishSetting(csms, '2.0.1', endedInterval, String(interval));
  await establishSetting(csms, '2.0.1', otherMeasurands, '');
  await prepare?.();
  const measurands = measurandList(await readSetting(csms, '2.0.1', measurandsSetting));
  const c = await charging(ctx, 1);
  await transactionDuration(ctx, 4.5 * interval * 1000);
  const ended = await unplugAndEnd(ctx, c);
  return { interval, measurands, ended, readings: endedReadings(ended) };
}

/**
 * TC_J_10: with SampledDataCtrlr.TxEndedInterval set (and no clock-aligned end data), the Ended event carries the
 * readings taken every interval through the transaction (Sample.Periodic) and one Transaction.End, each with an element
 * per TxEndedMeasurands; the periodic ones one interval apart, the register never going down.
 */
export const sampledTxEnded = testCase({
  useCase: 'J02', variant: 'ended', ocpp: '2.0.1', sut: 'CS', title: 'Sampled meter values of the whole transaction in TransactionEvent Ended (TxEndedInterval)',
  octt: full('TC_J_10_CS'),
  actions: ['plugIn', 'unplug'],
  killedBy: [MV.sampledWrongInterval, MV.missingMeasurand, MV.registerDown],
  run: (ctx) => sampledEndedChecked(ctx, 'the meter values of TransactionEvent Ended').then(() => undefined),
});

/**
 * TC_J_10's steps and checks (TC_J_11 adds signing through `prepare`): returns the Ended event's readings.
 */
export async function sampledEndedChecked(ctx: CsContext, what: string, prepare?: () => Promise<void>): Promise<Reading[]> {
  const { profile } = ctx;
  const { interval, measurands, ended, readings } = await endedEventReadings(ctx, TX_ENDED_INTERVAL, TX_ENDED_MEASURANDS, ALIGNED_TX_ENDED_MEASURANDS, prepare);
  for (const r of readings) {
    const context = contextOf(r.sampled[0] ?? {});
    if (context !== 'Sample.Periodic' && context !== 'Transaction.End') throw new Verdict(`${what}: each reading is Sample.Periodic or Transaction.End, got ${context} (${brief(ended)})`);
  }
  const periodic = readings.filter((r) => contextOf(r.sampled[0] ?? {}) === 'Sample.Periodic');
  const end = readings.filter((r) => contextOf(r.sampled[0] ?? {}) === 'Transaction.End');
  if (!end.length) throw new Verdict(`${what}: one reading must have context Transaction.End, got ${brief(ended)}`);
  if (!periodic.length) throw new Verdict(`${what}: the readings taken every ${interval} s (Sample.Periodic) are missing, got ${brief(ended)}`);
  checkReadings(periodic, 'Sample.Periodic', measurands, what);
  checkReadings(end, 'Transaction.End', measurands, what);
  checkIntervals(periodic, interval, profile.timing.toleranceMs, what);
  checkRegisterRises(readings, what);
  return readings;
}

/**
 * TC_J_03: with AlignedDataCtrlr.TxEndedInterval set (and no sampled end data), the Ended event carries the
 * clock-aligned readings of the transaction (Sample.Clock) at the interval, each with an element per
 * AlignedDataCtrlr.TxEndedMeasurands.
 */
export const alignedTxEnded = testCase({
  useCase: 'J01', variant: 'ended', ocpp: '2.0.1', sut: 'CS', title: 'Clock-aligned meter values of the whole transaction in TransactionEvent Ended (AlignedDataCtrlr.TxEndedInterval)',
  octt: full('TC_J_03_CS'),
  actions: ['plugIn', 'unplug'],
  killedBy: [MV.alignedOffInterval, MV.missingMeasurand, MV.wrongContext],
  run: (ctx) => alignedEndedChecked(ctx, 'the meter values of TransactionEvent Ended').then(() => undefined),
});

/** TC_J_03's steps and checks (TC_J_04 adds signing through `prepare`): returns the Ended event's readings. */
export async function alignedEndedChecked(ctx: CsContext, what: string, prepare?: () => Promise<void>): Promise<Reading[]> {
  const { profile } = ctx;
  const idleOff = async () => {
    // The documents' "AlignedDataSendDuringIdle is false (If implemented)".
    await setIfImplemented(ctx.csms, '2.0.1', ALIGNED_SEND_DURING_IDLE, 'false');
    await prepare?.();
  };
  const { interval, measurands, readings } = await endedEventReadings(ctx, ALIGNED_TX_ENDED_INTERVAL, ALIGNED_TX_ENDED_MEASURANDS, TX_ENDED_MEASURANDS, idleOff);
  checkReadings(readings, 'Sample.Clock', measurands, what);
  checkIntervals(readings, interval, profile.timing.toleranceMs, what);
  checkAligned(readings, interval, profile.timing.toleranceMs, what);
  return readings;
}
