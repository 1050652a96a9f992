// Shared steps of the 2.0.1 transaction test cases (SUT = charging station): the documents' preparations
// (authorization settings, TxStartPoint / TxStopPoint, connection timeout), the offline period, and the checks the
// harness makes on a transaction's whole record (sequence numbers, energy register).
import type { CsContext } from '../../../../src/harness/test-case.js';
import { HOLD, Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import { Inconclusive } from '../../../../src/harness/verdicts.js';
import type { Payload } from '../../../../src/ocpp/frames.js';
import {
  AUTH_ENABLED, CONNECTION_TIMEOUT, DISABLE_REMOTE_AUTHORIZATION, TX_START_POINT, TX_STOP_POINT, authorizeLocally, brief, info,
  newSession, readSetting, readTxSettings, requireSetting, setIfWritable, startEnergyTransfer, type Session, type TxSettings,
} from '../../../shared/session-states.js';
import { establishSetting, writeSetting, type SettingName } from '../../../shared/settings.js';

type CsmsPeer = CsContext['csms'];

export const AUTH_CACHE_ENABLED: SettingName = { v16: '', component: 'AuthCacheCtrlr', variable: 'Enabled' };
export const LOCAL_PRE_AUTHORIZE: SettingName = { v16: '', component: 'AuthCtrlr', variable: 'LocalPreAuthorize' };
export const OFFLINE_TX_FOR_UNKNOWN_ID: SettingName = { v16: '', component: 'AuthCtrlr', variable: 'OfflineTxForUnknownIdEnabled' };
export const STOP_TX_ON_EV_SIDE: SettingName = { v16: '', component: 'TxCtrlr', variable: 'StopTxOnEVSideDisconnect' };
export const UNLOCK_ON_EV_SIDE: SettingName = { v16: '', component: 'OCPPCommCtrlr', variable: 'UnlockOnEVSideDisconnect' };
export const MESSAGE_ATTEMPTS: SettingName = { v16: '', component: 'OCPPCommCtrlr', variable: 'MessageAttempts', instance: 'TransactionEvent' };
export const MESSAGE_ATTEMPT_INTERVAL: SettingName = { v16: '', component: 'OCPPCommCtrlr', variable: 'MessageAttemptInterval', instance: 'TransactionEvent' };

/** The authorization preparations most E documents make: AuthEnabled true, DisableRemoteAuthorization false (where writable). */
export async function prepareAuthorization(csms: CsmsPeer): Promise<void> {
  await setIfWritable(csms, '2.0.1', AUTH_ENABLED, 'true');
  await setIfWritable(csms, '2.0.1', DISABLE_REMOTE_AUTHORIZATION, 'false');
}

/**
 * "If the mutability of TxStartPoint / TxStopPoint is ReadWrite then it contains X": write exactly the points the
 * test needs (the documents' prerequisites exclude the other points), run `body` with the station's settings, and
 * put the station's own values back. A station that keeps another value (ReadOnly, Part 5 C-51 / C-52) leaves the
 * test inconclusive.
 */
export async function withTxPoints(ctx: CsContext, o: { start?: string; stop?: string }, body: (tx: TxSettings) => Promise<void>): Promise<void> {
  const { csms } = ctx;
  const before = { start: await readSetting(csms, '2.0.1', TX_START_POINT), stop: await readSetting(csms, '2.0.1', TX_STOP_POINT) };
  const changed: [SettingName, string][] = [];
  try {
    if (o.start) {
      await requireSetting(csms, '2.0.1', TX_START_POINT, o.start, { readOnlyAllowed: 'Part 5 makes a configurable TxStartPoint optional (C-51)' });
      if (before.start !== undefined && before.start !== o.start) changed.push([TX_START_POINT, before.start]);
    }
    if (o.stop) {
      await requireSetting(csms, '2.0.1', TX_STOP_POINT, o.stop, { readOnlyAllowed: 'Part 5 makes a configurable TxStopPoint optional (C-52)' });
      if (before.stop !== undefined && before.stop !== o.stop) changed.push([TX_STOP_POINT, before.stop]);
    }
    await body(await readTxSettings(csms, '2.0.1'));
  } finally {
    // Best effort: a station that went away keeps the test's values.
    if (csms.connected) for (const [s, v] of changed) await writeSetting(csms, '2.0.1', s, v).catch(() => undefined);
  }
}

/** TxCtrlr.EVConnectionTimeOut is required and ReadWrite: a refusal fails the test. */
export async function setConnectionTimeout(csms: CsmsPeer, seconds: number): Promise<void> {
  await requireSetting(csms, '2.0.1', CONNECTION_TIMEOUT, String(seconds), { requirement: 'TxCtrlr.EVConnectionTimeOut: required, ReadWrite' });
}

/**
 * Reusable state EnergyTransferStarted reached by local authorization first (Part 6 Authorized main A, then the
 * cable and energy), the way TC_E_04 does. E03 is about it: elsewhere not reaching it is inconclusive.
 */
export function energyTransferStartedLocally(ctx: CsContext, tx: TxSettings, evseId = ctx.profile.evses[0]!.id): Promise<Session> {
  return ctx.csms.reusableState('EnergyTransferStarted', 'E03', async () => {
    const s = newSession(ctx.csms, evseId, tx);
    await authorizeLocally(ctx, s);
    await startEnergyTransfer(ctx, s);
    return s;
  });
}

/** A value Part 5 lets a station fix (C-06 / C-12 ...): a station that keeps another leaves the test inconclusive. */
export async function requireOptionalSetting(csms: CsmsPeer, s: SettingName, value: string, item: string): Promise<void> {
  await requireSetting(csms, '2.0.1', s, value, { readOnlyAllowed: `Part 5 lets a station offer only some values of it (${item})` });
}

/**
 * The cable comes out at the EV side (operator action evSideDisconnect): a TransactionEvent with triggerReason
 * EVCommunicationLost and chargingState Idle follows. Returns it.
 */
export async function disconnectEvSide(ctx: CsContext, s: Session): Promise<ReceivedCall> {
  const { csms, sut } = ctx;
  const since = csms.received.at(-1);
  await sut.act('evSideDisconnect', { evse: s.evseId });
  const event = await csms.expectCall('TransactionEvent', { where: { transactionInfo: { transactionId: s.txId } }, after: since ?? 0 })
    .catch(() => { throw new Verdict('the cable was disconnected at the EV side: a TransactionEvent must report it', 'E09.FR.01'); });
  s.last = event;
  if (event.payload.triggerReason !== 'EVCommunicationLost' || info(event).chargingState !== 'Idle') {
    throw new Verdict(`after the EV-side disconnect the TransactionEvent must have triggerReason EVCommunicationLost and chargingState Idle, got ${brief(event)}`);
  }
  return event;
}

/** The TransactionEvents of one transaction, in arrival order. */
export const eventsOf = (csms: CsmsPeer, txId: string) => csms.received.filter((c) => c.action === 'TransactionEvent' && String(info(c).transactionId) === txId);

/** The Energy.Active.Import.Register values an event carries (a sampledValue without measurand is that register). */
function registerValues(c: ReceivedCall): number[] {
  const values: number[] = [];
  for (const mv of (c.payload.meterValue as Payload[] | undefined) ?? []) {
    for (const sv of (mv.sampledValue as Payload[] | undefined) ?? []) {
      const measurand = sv.measurand ?? 'Energy.Active.Import.Register';
      if (measurand === 'Energy.Active.Import.Register' && sv.phase === undefined) values.push(Number(sv.value));
    }
  }
  return values;
}

/**
 * What holds for every complete transaction record (beyond the documents' step checks): seqNo starts at 0 and
 * goes up by one per message, in the order they arrive, with none missing and none twice (a copy of a message
 * whose answer was lost may repeat only with `allowRepeats`); the energy register never goes down, so the final
 * value is not below the start.
 */
export function requireCompleteRecord(csms: CsmsPeer, txId: string, o: { allowRepeats?: boolean } = {}): ReceivedCall[] {
  const events = eventsOf(csms, txId);
  let expected = 0;
  for (const e of events) {
    const seqNo = Number(e.payload.seqNo);
    if (o.allowRepeats && seqNo === expected - 1) continue;
    if (seqNo === expected - 1) throw new Verdict(`transaction ${txId}: the message with seqNo ${seqNo} arrived twice (${brief(e)})`);
    if (seqNo !== expected) {
      throw new Verdict(`transaction ${txId}: seqNo must start at 0 and increase by 1 per TransactionEvent in the order sent; expected ${expected}, got ${seqNo} (${brief(e)})`);
    }
    expected++;
  }
  if (!events.some((e) => e.payload.eventType === 'Started')) throw new Verdict(`transaction ${txId}: no TransactionEvent Started arrived`);
  let highest = -Infinity;
  for (const e of events) {
    for (const v of registerValues(e)) {
      if (v < highest) throw new Verdict(`transaction ${txId}: the energy register went down from ${highest} to ${v} Wh (${brief(e)}); it only counts up`);
      highest = v;
    }
  }
  return events;
}

/**
 * The document's offline period: the back-off that keeps the station away for `offlineS` (OfflineThreshold above it,
 * RetryBackOffRandomRange 0), the connection dropped, `whileOffline` done once our side of the link is gone, and the
 * station reconnecting. A station back before the operator actions were done leaves the test inconclusive: the
 * harness could not make the period offline. Returns the connection count before the drop.
 */
export async function offlinePeriod(ctx: CsContext, offlineS: number, whileOffline: () => Promise<void>): Promise<number> {
  const { csms, profile } = ctx;
  const comm = (variable: string): SettingName => ({ v16: '', component: 'OCPPCommCtrlr', variable });
  await establishSetting(csms, '2.0.1', comm('OfflineThreshold'), String(offlineS + 60));
  await establishSetting(csms, '2.0.1', comm('RetryBackOffWaitMinimum'), String(offlineS));
  await establishSetting(csms, '2.0.1', comm('RetryBackOffRandomRange'), '0');
  const before = csms.connectionCount;
  csms.dropConnection();
  await csms.waitForDisconnect(profile.timing.callTimeoutMs);
  await whileOffline();
  if (csms.connectionCount > before) throw new Inconclusive('the station was back online before the operator actions were done: the offline period could not be established');
  await csms.waitForConnection(offlineS * 1000 + profile.timing.bootTimeoutMs, before)
    .catch((err: Error) => { throw new Verdict(`after the connection was dropped the station must reconnect: ${err.message}`); });
  return before;
}

/** Every TransactionEvent of `txId` that arrived on a connection after `before` must be flagged offline (E11/E12). */
export function requireOffline(events: ReceivedCall[], before: number, requirement: string): ReceivedCall[] {
  const late = events.filter((e) => e.connection > before);
  for (const e of late) {
    if (e.payload.offline !== true) throw new Verdict(`a TransactionEvent made while offline and sent after reconnecting must have offline true, got ${brief(e)}`, requirement);
  }
  return late;
}

export const SAMPLED_DATA_ENABLED: SettingName = { v16: '', component: 'SampledDataCtrlr', variable: 'Enabled' };
const TX_UPDATED_INTERVAL: SettingName = { v16: '', component: 'SampledDataCtrlr', variable: 'TxUpdatedInterval' };

/** What offlineSampling observed: the session, and the TransactionEvents that waited in the station's queue. */
export interface OfflineSamples {
  s: Session;
  /** The events of the transaction that arrived after reconnecting, before the first one made online. */
  queued: ReceivedCall[];
}

/**
 * TC_E_29 / TC_E_33 / TC_E_40: energy flows with SampledDataCtrlr.TxUpdatedInterval at the profile's meter interval,
 * then the connection is lost for more than two intervals (RetryBackOffWaitMinimum above the interval, as the
 * documents require), so periodic readings wait in the station's queue. `onReconnect` runs the moment the station is
 * back; until it has, the harness keeps the first queued TransactionEvent unanswered, so the rest are still queued
 * then. Afterwards the queued events are followed until the first one made online (offline not set): each must be
 * an Updated event with meter values and offline true (E11.FR.06), and the transaction's record must be complete:
 * seqNo in order, none lost or repeated.
 */
export async function offlineSampling(ctx: CsContext, o: {
  enableSampling?: boolean; onReconnect?: (s: Session) => Promise<void>;
} = {}): Promise<OfflineSamples> {
  const { csms, profile } = ctx;
  const { toleranceMs, callTimeoutMs } = profile.timing;
  const interval = profile.timing.meterIntervalS ?? 10;
  await csms.booted();
  await prepareAuthorization(csms);
  await establishSetting(csms, '2.0.1', TX_UPDATED_INTERVAL, String(interval));
  if (o.enableSampling) {
    const status = await writeSetting(csms, '2.0.1', SAMPLED_DATA_ENABLED, 'true');
    // Optional variable: a station without it samples as configured; one that keeps it false cannot be tested.
    if (status !== 'Accepted' && (await readSetting(csms, '2.0.1', SAMPLED_DATA_ENABLED))?.toLowerCase() === 'false') {
      throw new Inconclusive(`SampledDataCtrlr.Enabled = true was answered ${status} and the station keeps false: sampled data cannot be switched on`);
    }
  }
  const s = await energyTransferStartedLocally(ctx, await readTxSettings(csms, '2.0.1'));
  const before = csms.connectionCount;
  let holding = o.onReconnect !== undefined;
  const held: ReceivedCall[] = [];
  csms.answer('TransactionEvent', (c) => {
    if (holding && c.connection > before) {
      held.push(c);
      return HOLD;
    }
    return c.payload.idToken ? { idTokenInfo: { status: 'Accepted' } } : {};
  });
  const offlineS = 2 * interval + 1;
  const dropped = Date.now();
  await offlinePeriod(ctx, offlineS, async () => undefined);
  // The harness cannot refuse a reconnect: a station back before the back-off was over had a shorter offline period.
  const away = Date.now() - dropped;
  if (away < offlineS * 1000 - toleranceMs) {
    throw new Inconclusive(`the station reconnected after ${away} ms, before RetryBackOffWaitMinimum (${offlineS} s) was over: the offline period could not be established`);
  }
  try {
    await o.onReconnect?.(s);
  } finally {
    holding = false;
    for (const c of held) if (!c.answered) c.respond({});
  }
  const ofTx = (p: Payload) => String((p.transactionInfo as Payload | undefined)?.transactionId) === s.txId;
  const lastBefore = csms.received.filter((c) => c.connection <= before).at(-1) ?? 0;
  const wait = 2 * interval * 1000 + callTimeoutMs + toleranceMs;
  const first = await csms.expectCall('TransactionEvent', { where: ofTx, after: lastBefore, within: wait })
    .catch(() => { throw new Verdict(`energy flowed with TxUpdatedInterval ${interval} s through ${offlineS} s offline: after reconnecting the station must send the TransactionEvents it queued`, 'E11.FR.01'); });
  if (first.payload.offline !== true) {
    throw new Verdict(`the first TransactionEvent after reconnecting must be one the station queued while offline (energy flowed with TxUpdatedInterval ${interval} s), with offline true; got ${brief(first)}`, 'E11.FR.06');
  }
  // The queue empties in order: the first event made online marks its end.
  const online = await csms.expectCall('TransactionEvent', { where: (p) => ofTx(p) && p.offline !== true, after: first, within: wait })
    .catch(() => { throw new Verdict(`after reconnecting, the station sent no TransactionEvent made online for ${s.txId} within ${wait} ms; sampled values must go on every TxUpdatedInterval (${interval} s)`, 'J02.FR.10'); });
  const [from, to] = [csms.received.indexOf(first), csms.received.indexOf(online)];
  const queued = eventsOf(csms, s.txId!).filter((e) => csms.received.indexOf(e) >= from && csms.received.indexOf(e) < to);
  for (const e of queued) {
    const what = `a TransactionEvent the station queued while offline (${brief(e)})`;
    if (e.payload.eventType !== 'Updated') throw new Verdict(`${what}: eventType must be Updated, the transaction ran on`);
    if (!((e.payload.meterValue as Payload[] | undefined) ?? []).length) throw new Verdict(`${what}: it must carry the meter values sampled offline`);
    if (e.payload.offline !== true) throw new Verdict(`${what}: offline must be true`, 'E11.FR.06');
  }
  requireCompleteRecord(csms, s.txId!);
  return { s, queued };
}
