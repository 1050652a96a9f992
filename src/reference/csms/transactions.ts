import type { Payload } from '../../ocpp/frames.js';
import { OcppError } from '../errors.js';
import { defineFault } from '../faults.js';
import type { ReferenceCsms, StationRecord } from './csms.js';
import { meterValuesProblem } from './meter-values.js';

/**
 * Faults of the CSMS's transaction handling, each a mistake backends make in the field.
 */
export const TF = {
  reusesTransactionId: defineFault('csms.tx-id-reused', '1.6: answers a StartTransaction with the transactionId it gave the station\'s previous transaction'),
  acceptsUnknownStartToken: defineFault('csms.start-accepts-unknown-token', '1.6: answers StartTransaction for an unknown idTag with Accepted'),
  acceptsUnknownEventToken: defineFault('csms.tx-event-accepts-unknown-token', '2.0.1: answers a TransactionEvent carrying an unknown idToken with Accepted'),
  noIdTokenInfo: defineFault('csms.tx-event-no-id-token-info', '2.0.1: leaves idTokenInfo out of its answer to a TransactionEvent that carries an idToken'),
  rejectsOffline: defineFault('csms.rejects-offline-queued', 'answers queued transaction messages with a CALLERROR (2.0.1 offline=true; 1.6 a timestamp more than 10 s old)'),
  seqNoPerStation: defineFault('csms.tx-event-seqno-per-station', '2.0.1: expects seqNo to grow across all transactions of a station, and errs when a new transaction starts again at 0'),
  seqNoInOrder: defineFault('csms.tx-event-seqno-in-order', '2.0.1: errs on a TransactionEvent whose seqNo is below one it already got for that transaction (late queued messages)'),
  tokenRequiredOnStart: defineFault('csms.tx-event-requires-token-on-start', '2.0.1: errs on a TransactionEvent Started without an idToken (cable or parking bay first)'),
  endedNeedsMeter: defineFault('csms.tx-ended-requires-meter', '2.0.1: errs on a TransactionEvent Ended that carries no meter values'),
  rareTrigger: defineFault('csms.tx-event-rejects-rare-trigger', '2.0.1: errs on triggerReasons it has no use for (EVDetected, EVDeparted, SignedDataReceived, Deauthorized, EVConnectTimeout)'),
  suspendedState: defineFault('csms.tx-event-rejects-suspended', '2.0.1: errs on chargingState SuspendedEV or SuspendedEVSE'),
  endsOnCommunicationLost: defineFault('csms.tx-ends-on-ev-communication-lost', '2.0.1: takes EVCommunicationLost for the end of the transaction and errs on its later events'),
  stopReason: defineFault('csms.stop-transaction-rejects-reason', '1.6: errs on a StopTransaction whose reason is not Local or Remote'),
  ignoresLateEnd: defineFault('csms.ignores-late-end', 'drops a queued end of a transaction (1.6 StopTransaction more than 10 s old, 2.0.1 Ended with offline=true) and then answers the token\'s next transaction ConcurrentTx'),
  statusDropsId: defineFault('csms.tx-status-drops-id', 'GetTransactionStatus leaves out the transactionId the operator asked about'),
  statusAddsId: defineFault('csms.tx-status-adds-id', 'GetTransactionStatus names the station\'s last transaction when the operator asked about none'),
  statusNotSent: defineFault('csms.tx-status-not-sent', 'the operator\'s request for a transaction status never goes out (GetTransactionStatus claimed, not implemented)'),
};

// A station may start for a token it knows itself (cache, local list) without asking the CSMS first.
const startNeedsAuthorize = defineFault('csms.start-requires-authorize', '1.6: answers StartTransaction Invalid for an idTag the station did not send Authorize for first');
const eventNeedsAuthorize = defineFault('csms.tx-token-requires-authorize', '2.0.1: answers a TransactionEvent token Invalid when the station did not send Authorize for it first');
/** Tokens each station sent Authorize for ("station/token"), for the two faults above. */
const askedFor = new Set<string>();

const RARE_TRIGGERS = new Set(['EVDetected', 'EVDeparted', 'SignedDataReceived', 'Deauthorized', 'EVConnectTimeout']);
const STALE_MS = 10_000;

let nextTransactionId = 1;

/** What the CSMS remembers of a station's transaction messages besides the transactions themselves. */
interface TxBook {
  /** 2.0.1: the highest seqNo per transaction, and of all the station's transactions (for the per-station fault). */
  seqNos: Map<string, number>;
  maxSeqNo: number;
  /** 1.6: the last transactionId handed out (for the reuse fault). */
  lastAssigned?: number;
  /** 2.0.1 transactions the faulty CSMS believes ended on EVCommunicationLost. */
  closedEarly: Set<string>;
}

/** Keyed by the station's transaction map, which its record keeps across reconnections. */
const books = new WeakMap<StationRecord['transactions'], TxBook>();
function bookOf(station: StationRecord): TxBook {
  let book = books.get(station.transactions);
  if (!book) books.set(station.transactions, book = { seqNos: new Map(), maxSeqNo: -1, closedEarly: new Set() });
  return book;
}

/**
 * Transactions as the CSMS sees them: Authorize, 1.6 StartTransaction/StopTransaction (the CSMS assigns the ID,
 * unique across its stations) and 2.0.1 TransactionEvent (the station assigns it), MeterValues and the operator's
 * GetTransactionStatus. Late (queued) messages are taken like any other: a transaction message cannot be refused.
 * Operator action:
 *   getTransactionStatus { transactionId?: string }  GetTransactionStatus, with the transactionId only when given
 */
export function install(csms: ReferenceCsms): void {
  const has = (fault: string) => csms.faults.has(fault);
  const status = (token: unknown) => csms.tokenStatus(token);
  // Token answers come from the token database (csms/authorization.ts), with the token's group; `override` replaces the status.
  const tokenInfo = (token: unknown, override?: string): Payload => ({ ...csms.tokenInfo(token), ...(override ? { status: override } : {}) });
  const stale = (timestamp: unknown) => Date.now() - Date.parse(String(timestamp)) > STALE_MS;
  const checkMeters = (p: Payload) => {
    const problem = meterValuesProblem(csms.faults, p.meterValue as Payload[] | undefined ?? p.transactionData as Payload[] | undefined);
    if (problem) throw new OcppError('GenericError', problem);
  };
  if (csms.version === '1.6') {
    csms.handle('Authorize', (s, p) => {
      askedFor.add(`${s.id}/${String(p.idTag)}`);
      return { idTagInfo: tokenInfo(p.idTag) };
    });
    csms.handle('StartTransaction', (station, p) => {
      if (has(TF.rejectsOffline) && stale(p.timestamp)) throw new OcppError('GenericError', 'StartTransaction is too old');
      const book = bookOf(station);
      const id = has(TF.reusesTransactionId) && book.lastAssigned !== undefined ? book.lastAssigned : nextTransactionId++;
      book.lastAssigned = id;
      station.transactions.set(String(id), { id: String(id), evseId: Number(p.connectorId), idToken: String(p.idTag), active: true });
      const busy = has(TF.ignoresLateEnd) && runsElsewhere(station, String(p.idTag), String(id));
      const unasked = has(startNeedsAuthorize) && !askedFor.has(`${station.id}/${String(p.idTag)}`);
      const tokenStatus = busy ? 'ConcurrentTx' : has(TF.acceptsUnknownStartToken) ? 'Accepted' : unasked ? 'Invalid' : status(p.idTag);
      return { transactionId: id, idTagInfo: tokenInfo(p.idTag, tokenStatus) };
    });
    csms.handle('StopTransaction', (station, p) => {
      if (has(TF.rejectsOffline) && stale(p.timestamp)) throw new OcppError('GenericError', 'StopTransaction is too old');
      const reason = String(p.reason ?? 'Local');
      if (has(TF.stopReason) && reason !== 'Local' && reason !== 'Remote') throw new OcppError('PropertyConstraintViolation', `unexpected stop reason ${reason}`);
      checkMeters(p);
      const tx = station.transactions.get(String(p.transactionId));
      if (tx && !(has(TF.ignoresLateEnd) && stale(p.timestamp))) Object.assign(tx, { active: false, stoppedReason: reason });
      return p.idTag === undefined ? {} : { idTagInfo: tokenInfo(p.idTag) };
    });
  } else {
    csms.handle('Authorize', (s, p) => {
      askedFor.add(`${s.id}/${String((p.idToken as Payload).idToken)}`);
      return { idTokenInfo: tokenInfo((p.idToken as Payload).idToken) };
    });
    csms.handle('TransactionEvent', (station, p) => transactionEvent(station, p));
  }
  csms.handle('MeterValues', (_s, p) => {
    checkMeters(p);
    return {};
  });

  function transactionEvent(station: StationRecord, p: Payload): Payload {
    const info = p.transactionInfo as Payload;
    const id = String(info.transactionId);
    const book = bookOf(station);
    const seqNo = Number(p.seqNo);
    const trigger = String(p.triggerReason);
    const token = (p.idToken as Payload | undefined)?.idToken;
    if (has(TF.rejectsOffline) && p.offline === true) throw new OcppError('GenericError', 'offline messages are not accepted');
    if (has(TF.seqNoPerStation) && seqNo <= book.maxSeqNo) throw new OcppError('PropertyConstraintViolation', `seqNo ${seqNo} already used by this station`);
    if (has(TF.seqNoInOrder) && seqNo <= (book.seqNos.get(id) ?? -1)) throw new OcppError('PropertyConstraintViolation', `seqNo ${seqNo} is out of order`);
    if (has(TF.tokenRequiredOnStart) && p.eventType === 'Started' && token === undefined) throw new OcppError('OccurrenceConstraintViolation', 'a transaction needs an idToken');
    if (has(TF.endedNeedsMeter) && p.eventType === 'Ended' && !(p.meterValue as unknown[] | undefined)?.length) throw new OcppError('OccurrenceConstraintViolation', 'no final meter value');
    if (has(TF.rareTrigger) && RARE_TRIGGERS.has(trigger)) throw new OcppError('PropertyConstraintViolation', `unexpected triggerReason ${trigger}`);
    if (has(TF.suspendedState) && String(info.chargingState).startsWith('Suspended')) throw new OcppError('PropertyConstraintViolation', `unexpected chargingState ${String(info.chargingState)}`);
    if (book.closedEarly.has(id)) throw new OcppError('GenericError', `transaction ${id} has ended`);
    if (has(TF.endsOnCommunicationLost) && trigger === 'EVCommunicationLost' && p.eventType === 'Updated') book.closedEarly.add(id);
    checkMeters(p);
    book.seqNos.set(id, Math.max(seqNo, book.seqNos.get(id) ?? -1));
    book.maxSeqNo = Math.max(seqNo, book.maxSeqNo);

    const evse = p.evse as Payload | undefined;
    const busy = has(TF.ignoresLateEnd) && token !== undefined && runsElsewhere(station, String(token), id);
    const tx = station.transactions.get(id) ?? { id, evseId: Number(evse?.id ?? 0), active: true };
    if (evse?.id !== undefined) tx.evseId = Number(evse.id);
    if (token !== undefined) tx.idToken = String(token);
    if (info.remoteStartId !== undefined) tx.remoteStartId = Number(info.remoteStartId);
    if (p.eventType === 'Ended' && !(has(TF.ignoresLateEnd) && p.offline === true)) Object.assign(tx, { active: false, stoppedReason: String(info.stoppedReason ?? 'Local') });
    station.transactions.set(id, tx);
    if (token === undefined || has(TF.noIdTokenInfo)) return {};
    if (busy) return { idTokenInfo: { status: 'ConcurrentTx' } };
    if (has(eventNeedsAuthorize) && !askedFor.has(`${station.id}/${String(token)}`)) return { idTokenInfo: tokenInfo(token, 'Invalid') };
    return { idTokenInfo: tokenInfo(token, has(TF.acceptsUnknownEventToken) ? 'Accepted' : undefined) };
  }

  /** Whether the token has an active transaction other than `id` at this station (as the CSMS believes). */
  function runsElsewhere(station: StationRecord, token: string, id: string): boolean {
    return [...station.transactions.values()].some((t) => t.active && t.idToken === token && t.id !== id);
  }

  csms.onAction('getTransactionStatus', async (station, args) => {
    if (has(TF.statusNotSent)) return;
    let id = args.transactionId === undefined ? undefined : String(args.transactionId);
    if (has(TF.statusDropsId)) id = undefined;
    else if (id === undefined && has(TF.statusAddsId)) id = [...station.transactions.keys()].at(-1);
    await csms.send(station, 'GetTransactionStatus', id === undefined ? {} : { transactionId: id });
  });
}
