import type { Payload } from '../../ocpp/frames.js';
import { CallErrorReceived, CallTimeout } from '../../session/rpc-session.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';
import { statusFor } from './model.js';

/**
 * B04 (2.0.1) / 1.6 section 4.9: an accepted station that lost its connection reconnects with a back-off and
 * then tells the CSMS what changed while it was offline. 2.0.1: offline longer than OCPPCommCtrlr.OfflineThreshold
 * → every connector's status (B04.FR.01); shorter → the connectors whose status changed (B04.FR.02).
 * 1.6: the connectors whose status changed while offline.
 *
 * Back-off (2.0.1): the first reconnect waits RetryBackOffWaitMinimum plus a random part of RetryBackOffRandomRange,
 * then doubles (the core). The reference keeps its fast built-in back-off until the CSMS writes either variable,
 * so that other test cases stay fast.
 */
export const OF = {
  noReconnect: defineFault('cs.no-reconnect', 'gives up after the CSMS dropped the connection and never reconnects'),
  reconnectWithoutStatus: defineFault('cs.reconnect-without-status', 'reports no connector status after reconnecting, even for a connector that changed offline'),
  changedOnly: defineFault('cs.reconnect-changed-only', 'ignores OfflineThreshold: after a long offline period reports only the connectors that changed'),
  ignoresBackoff: defineFault('cs.reconnect-ignores-backoff', 'reconnects at once, ignoring RetryBackOffWaitMinimum'),
};

/**
 * E11-E14 (2.0.1): transaction messages go through one queue, in order. Made while offline they wait (2.0.1 marks
 * them offline) and are sent after reconnecting, each once. A transaction message the CSMS answers with a
 * CALLERROR (or not at all) is sent again after MessageAttemptInterval × the attempts so far, up to MessageAttempts
 * attempts (instance TransactionEvent), then dropped so the queue moves on (E13). GetTransactionStatus (E14)
 * reads the queue.
 */
export const QF = {
  dropsQueued: defineFault('cs.tx-queue-drops-message', 'loses the second transaction message it queued while offline'),
  reordersQueued: defineFault('cs.tx-queue-out-of-order', 'sends the transaction messages queued while offline last first'),
  duplicatesQueued: defineFault('cs.tx-queue-duplicate', 'sends the first transaction message queued while offline twice'),
  queuedNotOffline: defineFault('cs.tx-queued-not-offline', '2.0.1: leaves offline unset in TransactionEvents it queued while offline'),
  noRetry: defineFault('cs.tx-no-retry-after-error', '2.0.1: drops a TransactionEvent the CSMS answered with a CALLERROR instead of sending it again'),
  retryIgnoresInterval: defineFault('cs.tx-retry-ignores-interval', '2.0.1: sends a failed TransactionEvent again at once, ignoring MessageAttemptInterval'),
  noRetryOnTimeout: defineFault('cs.tx-no-retry-after-timeout', '2.0.1: sends a TransactionEvent the CSMS left unanswered (MessageTimeout) only once, retrying only after a CALLERROR'),
  retriesOnceTooOften: defineFault('cs.tx-retries-once-too-often', '2.0.1: sends a failed TransactionEvent MessageAttempts + 1 times'),
  statusQueueUnknown: defineFault('cs.tx-status-queue-unknown', '2.0.1: answers GetTransactionStatus messagesInQueue false even when messages wait'),
  keepsPlaceholderId: defineFault('cs.v16-queued-placeholder-transaction-id', '1.6: sends the StopTransaction and MeterValues queued behind an offline StartTransaction with its local placeholder transactionId instead of the one the StartTransaction.conf gave'),
  statusOngoingInverted: defineFault('cs.tx-status-ongoing-inverted', '2.0.1: answers GetTransactionStatus ongoingIndicator the wrong way round, and gives one when asked without a transactionId'),
};

const ATTEMPTS = 'OCPPCommCtrlr/MessageAttempts.TransactionEvent';
const ATTEMPT_INTERVAL = 'OCPPCommCtrlr/MessageAttemptInterval.TransactionEvent';

interface QueuedMessage {
  action: string;
  payload: Payload;
  /** Made while the station could not send it. */
  offline: boolean;
  resolve(answer: Payload | undefined): void;
}

/** The transaction ID a queued message belongs to (2.0.1 transactionInfo.transactionId, 1.6 transactionId). */
const txIdOf = (m: QueuedMessage) => String((m.payload.transactionInfo as Payload | undefined)?.transactionId ?? m.payload.transactionId ?? '');

export class TransactionQueue {
  readonly items: QueuedMessage[] = [];
  private flushing?: Promise<void>;
  /** Faults on the replay of offline messages apply once per reconnect. */
  private replayed = false;

  constructor(private readonly station: ReferenceStation) {}

  private get online(): boolean {
    return this.station.connected && this.station.bootState === 'Accepted';
  }

  private has(fault: string): boolean {
    return this.station.faults.has(fault);
  }

  /** Queue a transaction message; resolves with the CSMS's answer once sent, or undefined at once when offline. */
  submit(action: string, payload: Payload): Promise<Payload | undefined> {
    return new Promise((resolve) => {
      const offline = !this.online;
      if (offline && action === 'TransactionEvent' && !this.has(QF.queuedNotOffline)) payload.offline = true;
      this.items.push({ action, payload, offline, resolve });
      if (offline) {
        resolve(undefined);
        return;
      }
      void this.flush();
    });
  }

  /** Whether messages of `transactionId` (any, when undefined) wait to be sent. */
  holds(transactionId?: string): boolean {
    return this.items.some((m) => transactionId === undefined || txIdOf(m) === transactionId);
  }

  /** Send what waits, in order, while online. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => { this.flushing = undefined; });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    this.replayed = false;
    this.applyReplayFaults();
    while (this.items.length && this.online) {
      const next = this.items[0]!;
      const delivered = await this.deliver(next);
      if (delivered === 'offline') {
        // The link was gone before the CSMS had it: the station learned it is offline with this message.
        if (next.action === 'TransactionEvent' && !this.has(QF.queuedNotOffline)) next.payload.offline = true;
        next.offline = true;
        // Its sender does not wait for the reconnect: it stays queued, answered for the sender as "none yet".
        next.resolve(undefined);
        next.resolve = () => undefined;
        return;
      }
      this.items.shift();
      next.resolve(delivered.answer);
      // What the answer says about the token is acted on after this turn of the queue (its messages queue behind).
      const answer = delivered.answer;
      if (next.action === 'TransactionEvent') void Promise.resolve().then(() => this.station.transactions.onTransactionAnswer(next.payload, answer));
      if (next.action === 'StartTransaction') this.handOnTransactionId16(next.payload, answer);
    }
  }

  /**
   * 1.6: a transaction started offline learns its transactionId only from the late StartTransaction.conf;
   * the StopTransaction and MeterValues of that transaction queued behind it carry a placeholder until now.
   */
  private handOnTransactionId16(sent: Payload, answer: Payload | undefined): void {
    const ids = this.station.transactions.onStartAnswer16(sent, answer);
    if (!ids || this.has(QF.keepsPlaceholderId)) return;
    for (const m of this.items) if (m.payload.transactionId === ids.placeholder) m.payload.transactionId = ids.transactionId;
  }

  /** Faults of a station that mishandles its offline queue, applied before it replays it. */
  private applyReplayFaults(): void {
    const offline = this.items.filter((m) => m.offline);
    if (offline.length < 2 || this.replayed) return;
    this.replayed = true;
    if (this.has(QF.dropsQueued)) this.items.splice(this.items.indexOf(offline[1]!), 1);
    if (this.has(QF.reordersQueued)) {
      const positions = offline.map((m) => this.items.indexOf(m));
      offline.reverse().forEach((m, i) => { this.items[positions[i]!] = m; });
    }
    if (this.has(QF.duplicatesQueued)) this.items.splice(this.items.indexOf(offline[0]!) + 1, 0, { ...offline[0]!, resolve: () => undefined });
  }

  private attempts(): number {
    return Math.max(1, Number(this.station.setting('', ATTEMPTS, '3')) || 1);
  }

  private intervalMs(): number {
    return Number(this.station.setting('', ATTEMPT_INTERVAL, '1')) * 1000;
  }

  /** One message, with E13's retries when the CSMS answers it with a CALLERROR or not at all. */
  private async deliver(m: QueuedMessage): Promise<{ answer?: Payload } | 'offline'> {
    const retries = this.station.version === '2.0.1' && m.action === 'TransactionEvent' && !this.has(QF.noRetry);
    for (let attempt = 1; ; attempt++) {
      const session = this.station.session;
      if (!session || !this.online) return 'offline';
      try {
        return { answer: await session.call(m.action, m.payload) };
      } catch (err) {
        const failed = err instanceof CallErrorReceived || err instanceof CallTimeout;
        if (!failed) return 'offline'; // the connection went: the message stays queued
        this.station.log.event(`${m.action} attempt ${attempt} failed: ${(err as Error).message}`);
        if (err instanceof CallTimeout && this.has(QF.noRetryOnTimeout)) return {};
        if (!retries || attempt >= this.attempts() + (this.has(QF.retriesOnceTooOften) ? 1 : 0)) return {};
        await this.pause(this.has(QF.retryIgnoresInterval) ? 0 : this.intervalMs() * attempt);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.station.track(t);
    });
  }
}

const WAIT_MIN = 'OCPPCommCtrlr/RetryBackOffWaitMinimum';
const RANDOM_RANGE = 'OCPPCommCtrlr/RetryBackOffRandomRange';

export function install(station: ReferenceStation): void {
  const v201 = station.version === '2.0.1';
  const queue = new TransactionQueue(station);
  station.txQueue = queue;
  if (v201) {
    for (const [key, value] of [[ATTEMPTS, '3'], [ATTEMPT_INTERVAL, '1'], ['AuthCtrlr/OfflineTxForUnknownIdEnabled', 'false']] as const) {
      if (!station.variables.has(key)) station.variables.set(key, { value });
    }
    station.handle('GetTransactionStatus', (p) => {
      const id = p.transactionId === undefined ? undefined : String(p.transactionId);
      const messagesInQueue = !station.faults.has(QF.statusQueueUnknown) && queue.holds(id);
      const inverted = station.faults.has(QF.statusOngoingInverted);
      if (id === undefined) return inverted ? { ongoingIndicator: false, messagesInQueue } : { messagesInQueue };
      return { ongoingIndicator: inverted !== !!station.transactions.find(id), messagesInQueue };
    });
  }
  /** Whether the CSMS has written a back-off variable (the device model assigns entry.value). */
  let backoffConfigured = false;
  if (v201) {
    for (const [key, fallback] of [[WAIT_MIN, '1'], [RANDOM_RANGE, '0']] as const) {
      const entry = station.variables.get(key) ?? { value: fallback };
      let value = entry.value;
      station.variables.set(key, {
        ...entry,
        get value() { return value; },
        set value(v: string) { value = v; backoffConfigured = true; },
      });
    }
  }

  /** What the CSMS last heard per connector ("evse/connector" → status), kept from the moment the link dropped. */
  let known: Map<string, string | undefined> | undefined;
  let offlineSince: number | undefined;

  station.on('disconnected', () => {
    if (station.faults.has(OF.noReconnect)) {
      void station.stop();
      return;
    }
    if (station.bootState !== 'Accepted' || offlineSince !== undefined) return;
    offlineSince = Date.now();
    known = new Map();
    for (const evse of station.evses) for (const c of evse.connectors) known.set(`${evse.id}/${c.id}`, c.reported);
    // The core schedules the first reconnect right after this event, with station.reconnectDelay.
    if (v201 && backoffConfigured && !station.faults.has(OF.ignoresBackoff)) {
      const wait = Number(station.variables.get(WAIT_MIN)?.value ?? 0);
      const range = Number(station.variables.get(RANDOM_RANGE)?.value ?? 0);
      const ms = (wait + Math.random() * range) * 1000;
      station.reconnectDelay = Math.max(ms, 50);
    }
  });
  station.on('accepted', () => {
    offlineSince = undefined;
    known = undefined;
  });

  station.reportAfterReconnect = async () => {
    const since = offlineSince;
    const before = known;
    offlineSince = undefined;
    known = undefined;
    if (station.faults.has(OF.reconnectWithoutStatus)) return;
    const thresholdS = Number(station.setting('', 'OCPPCommCtrlr/OfflineThreshold', '300'));
    const longOffline = v201 && since !== undefined && Date.now() - since > thresholdS * 1000 && !station.faults.has(OF.changedOnly);
    if (!before || longOffline) return station.reportAllConnectors();
    for (const evse of station.evses) {
      for (const c of evse.connectors) {
        if (statusFor(station.version, evse, c) !== before.get(`${evse.id}/${c.id}`)) await station.reportStatus(evse, c);
      }
    }
  };
}
