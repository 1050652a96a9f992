import { EventEmitter } from 'node:events';
import type { Payload } from '../../ocpp/frames.js';
import type { OcppVersion } from '../../ocpp/versions.js';
import { connectOcpp, isTlsFailure, type ClientTls } from '../../transport/client.js';
import { FrameLog } from '../../transport/frame-log.js';
import { RpcSession, type IncomingCall } from '../../session/rpc-session.js';
import { Faults, defineFault } from '../faults.js';
import { OcppError } from '../errors.js';
import { ignoresSelectedSubprotocol, rpcFaultHooks } from '../rpc-faults.js';
import { withParserFaults } from '../parser-faults.js';
import { createEvses, statusFor, type Evse, type Connector } from './model.js';

const TRANSFER_NOTIFICATIONS = new Set(['FirmwareStatusNotification', 'DiagnosticsStatusNotification', 'LogStatusNotification']);
import { Transactions } from './transactions.js';

export interface StationOptions {
  /** CSMS URL including this station's ID as last path segment. */
  url: string;
  version: OcppVersion;
  password?: string;
  evses: { id: number; connectors: number }[];
  faults?: Faults;
  vendor?: string;
  model?: string;
  /** First reconnect delay; doubles per failed attempt up to 30 s (OCPP's back-off). */
  reconnectDelayMs?: number;
  log?: FrameLog;
  /** Optional items (PICS, e.g. C-13) this station implements; the SUT profile it plays says which. */
  optional?: string[];
  /** Security profiles 2/3: the CSMS root it trusts and (profile 3) its client certificate. */
  tls?: ClientTls;
  /** The security profile it is configured for (default 1); 2 and 3 connect only over wss. */
  securityProfile?: 1 | 2 | 3;
  /** OCPPCommCtrlr.MessageTimeout (s): how long it waits for an answer to its CALLs (default 30). */
  messageTimeoutS?: number;
  /** 1.6: the CSMS URL (with the station ID) the installer configured per security profile, for an upgrade (A05). */
  profileUrls?: Partial<Record<1 | 2 | 3, string>>;
}

export type BootState = 'None' | 'Pending' | 'Rejected' | 'Accepted';
export type CallHandler = (payload: Payload, call: IncomingCall) => Payload | Promise<Payload>;
export type OperatorAction = (args: Record<string, unknown>) => void | Promise<void>;

interface StationEvents {
  accepted: [];
  connected: [];
  disconnected: [];
  /** A transaction ended (its last message sent or queued). */
  transactionEnded: [evseId: number];
  /** An EVSE's connectors changed their own condition (inoperative, faulted, back): reservations re-check (H01.FR.17). */
  availabilityChanged: [evseId: number];
  /** A connection attempt failed (refused, unreachable, TLS): network.ts counts them per network profile (B10). */
  connectFailed: [];
}

export const F = {
  noStatusAfterBoot: defineFault('cs.no-status-after-boot', 'sends no StatusNotification after its boot is accepted'),
  invalidStatus: defineFault('cs.invalid-status-payload', 'reports any connector status but Available with a value outside the schema'),
  staleStatusTime: defineFault('cs.status-stale-timestamp', 'stamps StatusNotification with a time an hour in the past'),
  noHeartbeat: defineFault('cs.no-heartbeat', 'never sends Heartbeat'),
  slowHeartbeat: defineFault('cs.heartbeat-ignores-interval', 'sends Heartbeat at twice the interval the CSMS set'),
  noBootRetry: defineFault('cs.no-boot-retry', 'never repeats a BootNotification answered Pending or Rejected'),
  earlyBootRetry: defineFault('cs.boot-retry-too-early', 'repeats a Pending/Rejected BootNotification long before the interval'),
  sendsWhileRejected: defineFault('cs.sends-while-rejected', 'sends Heartbeat while its boot is Rejected'),
  sendsWhilePending: defineFault('cs.sends-while-pending', 'sends StatusNotification while its boot is Pending'),
  answersWhileRejected: defineFault('cs.answers-while-rejected', 'accepts CSMS requests while its boot is Rejected instead of SecurityError'),
  noBasicAuth: defineFault('cs.no-basic-auth', 'connects without its Basic auth credentials'),
  acceptsWrongServerName: defineFault('cs.accepts-wrong-server-name', 'profiles 2/3: accepts a CSMS certificate issued for another host name'),
  acceptsUnverifiedServer: defineFault('cs.accepts-unverified-server-cert', 'profiles 2/3: accepts a CSMS certificate that is expired or from an unknown root'),
  noClientCert: defineFault('cs.no-client-cert', 'profile 3: connects without its client certificate'),
  cbcCiphersOnly: defineFault('cs.cbc-ciphers-only', 'profiles 2/3: offers only CBC cipher suites at TLS 1.2, none of the GCM suites the profiles require'),
  acceptsOldTls: defineFault('cs.accepts-tls-1.1', 'profiles 2/3: accepts a CSMS that offers only TLS 1.0/1.1'),
  noInvalidCertEvent: defineFault('cs.no-invalid-csms-cert-event', '2.0.1: does not report a refused CSMS certificate as an InvalidCsmsCertificate security event'),
  noStartupEvent: defineFault('cs.no-startup-security-event', '2.0.1: does not report its start-up as a critical security event after boot'),
  remoteStartWhilePending: defineFault('cs.remote-start-while-pending', 'accepts a remote start while its boot is Pending'),
  availabilityNotDelta: defineFault('cs.availability-event-not-delta', '2.0.1: reports connector states as NotifyEvent AvailabilityState with trigger Periodic'),
};

/** Remote starts a Pending station refuses (B02: it is not yet allowed to charge on the CSMS's behalf). */
const REMOTE_STARTS = new Set(['RequestStartTransaction', 'RemoteStartTransaction']);

/**
 * The built-in conformant charging station. The core here does connection, boot, heartbeat and status;
 * features (files beside this one) register handlers for the CSMS's calls and operator actions.
 */
export class ReferenceStation extends EventEmitter<StationEvents> {
  readonly log: FrameLog;
  readonly faults: Faults;
  readonly evses: Evse[];
  readonly version: OcppVersion;
  session?: RpcSession;
  bootState: BootState = 'None';
  /** A reset decided to reboot: the station answers nothing more on this connection (set by reset.ts). */
  rebootPending = false;
  heartbeatIntervalS = 0;
  /** 2.0.1 device-model variables ("Component/Variable") or 1.6 configuration keys, with their values. */
  readonly variables = new Map<string, { value: string; readonly?: boolean; rebootRequired?: boolean }>();
  readonly transactions: Transactions;
  /** Transaction messages waiting for the connection (offline), sent in order once accepted again. */
  private readonly outbox: { action: string; payload: Payload }[] = [];
  /** The transaction message queue with its retries (offline.ts installs it; the outbox above is its fallback). */
  txQueue?: { submit(action: string, payload: Payload): Promise<Payload | undefined>; flush(): Promise<void> };
  /** B04: what to report when an accepted station comes back online (set by offline.ts); default all connectors. */
  reportAfterReconnect?: () => Promise<void>;
  /** The BootNotification reason of the next connection (a reboot sets it; otherwise PowerUp). */
  private nextBootReason?: string;
  private readonly handlers = new Map<string, CallHandler>();
  private readonly actions = new Map<string, OperatorAction>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private heartbeatTimer?: NodeJS.Timeout;
  /** Delay before the next reconnect attempt (doubles per attempt); B04 (offline.ts) sets it from RetryBackOffWaitMinimum. */
  reconnectDelay: number;
  private stopped = false;
  /** 2.0.1 network connection profiles by configuration slot (security.ts keeps them; network.ts falls back along them). */
  networkProfiles?: Map<number, { securityProfile: number; url: string }>;
  /** The network is gone (operator action disconnectNetwork, network.ts): no reconnect until it is restored. */
  private networkDown = false;

  constructor(readonly options: StationOptions) {
    super();
    this.version = options.version;
    this.log = options.log ?? new FrameLog();
    this.faults = options.faults?.forTarget('cs') ?? new Faults();
    this.evses = createEvses(options.evses);
    this.reconnectDelay = options.reconnectDelayMs ?? 200;
    this.transactions = new Transactions(this);
  }

  /** OCPPCommCtrlr.MessageTimeout in seconds (the device model reports it; E13 waits it out). */
  get messageTimeoutS(): number {
    return this.options.messageTimeoutS ?? 30;
  }

  /** A configuration value by its 1.6 key or 2.0.1 "Component/Variable" name, with a default. */
  setting(key16: string, key201: string, fallback: string): string {
    return this.variables.get(this.version === '1.6' ? key16 : key201)?.value ?? fallback;
  }

  /** Let the station cancel this timer when it stops. */
  track(timer: NodeJS.Timeout): void {
    this.timers.add(timer);
  }

  /** Register the answer to a CSMS-initiated action (features call this). */
  handle(action: string, handler: CallHandler): void {
    this.handlers.set(action, handler);
  }

  /** The handler registered for an action, so a later feature can wrap it (security.ts wraps SetVariables). */
  handlerFor(action: string): CallHandler | undefined {
    return this.handlers.get(action);
  }

  /** Register an operator action (plugIn, presentIdToken, ...). */
  onAction(name: string, action: OperatorAction): void {
    this.actions.set(name, action);
  }

  async act(name: string, args: Record<string, unknown>): Promise<void> {
    const action = this.actions.get(name);
    if (!action) throw new Error(`the reference station has no operator action "${name}"`);
    await action(args);
  }

  get connected(): boolean {
    // A cut network (disconnectNetwork) is offline at once, before the socket has finished closing.
    return !!this.session && !this.session.conn.closed && !this.networkDown;
  }

  async start(): Promise<void> {
    await this.connect();
  }

  /** Stop for good: no reconnects, no timers. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    await this.session?.conn.close();
  }

  /** Run fn after ms unless the station stops first. */
  later(ms: number, fn: () => void | Promise<void>): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) void Promise.resolve(fn()).catch((err: Error) => this.log.event(`station task failed: ${err.message}`));
    }, ms);
    this.timers.add(t);
  }

  private async connect(): Promise<void> {
    // Profiles 2/3 never fall back to an unsecured connection (A00.FR.001/004: one configured profile).
    if ((this.options.securityProfile ?? 1) >= 2 && !this.options.url.startsWith('wss:')) {
      this.log.event(`not connecting: security profile ${this.options.securityProfile} needs a wss:// URL, got ${this.options.url}`);
      return;
    }
    try {
      const password = this.faults.has(F.noBasicAuth) ? undefined : this.options.password;
      const conn = await connectOcpp({
        url: this.options.url, version: this.version, password, log: this.log, ignoreSelectedSubprotocol: ignoresSelectedSubprotocol(this.faults),
        tls: this.tlsSettings(),
      }).catch((err: unknown) => {
        this.noteTlsFailure(err);
        throw err;
      });
      if (this.stopped) return void conn.close();
      this.reconnectDelay = this.options.reconnectDelayMs ?? 200;
      this.rebootPending = false;
      this.session = new RpcSession(conn, {
        callTimeoutMs: this.messageTimeoutS * 1000,
        onCall: (call) => void this.dispatch(call),
        intercept: withParserFaults('cs', this.faults, conn, rpcFaultHooks('cs', this.faults, conn)),
      });
      conn.on('close', () => this.onDisconnect());
      this.emit('connected');
      if (this.bootState !== 'Accepted') {
        const reason = this.nextBootReason;
        this.nextBootReason = undefined;
        await this.boot(reason);
      }
      else {
        await (this.reportAfterReconnect ? this.reportAfterReconnect() : this.reportAllConnectors());
        await this.reportSecurityEvents();
        await this.flushOutbox();
        this.scheduleHeartbeat();
      }
    } catch (err) {
      this.log.event(`connect failed: ${(err as Error).message}`);
      this.emit('connectFailed');
      this.scheduleReconnect();
    }
  }

  /** Security events to report once accepted again (2.0.1 A00: a refused CSMS certificate or TLS version). */
  private readonly pendingSecurityEvents: string[] = [];

  private tlsSettings(): ClientTls | undefined {
    if ((this.options.securityProfile ?? 1) < 2 && !this.options.tls) return undefined;
    const old = this.faults.has(F.acceptsOldTls) ? { minVersion: 'TLSv1' as const, ciphers: 'DEFAULT:@SECLEVEL=0' }
      : this.faults.has(F.cbcCiphersOnly) ? { ciphers: 'TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:AES128-SHA:AES256-SHA' } : {};
    const { cert, key, ...trust } = this.options.tls ?? {};
    return {
      ...trust, ...(this.faults.has(F.noClientCert) ? {} : { cert, key }), ...old,
      ...(this.faults.has(F.acceptsWrongServerName) ? { checkServerIdentity: () => undefined } : {}),
      ...(this.faults.has(F.acceptsUnverifiedServer) ? { rejectUnauthorized: false } : {}),
    };
  }

  private noteTlsFailure(err: unknown): void {
    if (this.version !== '2.0.1' || !isTlsFailure(err)) return;
    const code = (err as { code?: string }).code ?? '';
    const type = /EPROTO|VERSION|PROTOCOL/i.test(`${code} ${(err as Error).message}`) ? 'InvalidTLSVersion' : 'InvalidCsmsCertificate';
    if (type === 'InvalidCsmsCertificate' && this.faults.has(F.noInvalidCertEvent)) return;
    if (!this.pendingSecurityEvents.includes(type)) this.pendingSecurityEvents.push(type);
  }

  private async reportSecurityEvents(): Promise<void> {
    while (this.pendingSecurityEvents.length) {
      await this.send('SecurityEventNotification', { type: this.pendingSecurityEvents.shift()!, timestamp: this.now() });
    }
  }

  private onDisconnect(): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.emit('disconnected');
    this.scheduleReconnect();
  }

  /** Lose the network (the connection drops, no reconnect attempts) or get it back (reconnect at once). */
  async setNetwork(up: boolean): Promise<void> {
    this.networkDown = !up;
    if (!up) return this.session?.conn.terminate();
    this.reconnectDelay = this.options.reconnectDelayMs ?? 200;
    if (!this.connected) await this.connect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.networkDown) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(delay * 2, 30_000);
    this.later(delay, () => this.connect());
  }

  private async dispatch(call: IncomingCall): Promise<void> {
    if (this.rebootPending) return; // shutting down for a reset: requests are left to the next connection
    if (this.bootState === 'Rejected' && !this.faults.has(F.answersWhileRejected)) {
      return call.respondError('SecurityError', 'boot not accepted');
    }
    if (this.bootState === 'Pending' && REMOTE_STARTS.has(call.action) && !this.faults.has(F.remoteStartWhilePending)) {
      return call.respond({ status: 'Rejected' });
    }
    const handler = this.handlers.get(call.action);
    if (!handler) return call.respondError('NotSupported', `${call.action} is not supported`);
    try {
      call.respond(await handler(call.payload, call));
    } catch (err) {
      if (err instanceof OcppError) call.respondError(err.code, err.message);
      else call.respondError('InternalError', (err as Error).message);
    }
  }

  /** Send a CALL to the CSMS; resolves with its answer, or undefined when offline or it failed. */
  /** The status last reported per file-transfer notification (firmware, diagnostics, log): what a trigger repeats. */
  readonly transferStatus = new Map<string, string>();
  /** 2.0.1: the requestId of the transfer last reported, which a triggered report of it under way carries too. */
  readonly transferRequestId = new Map<string, number>();

  async send(action: string, payload: Payload): Promise<Payload | undefined> {
    if (TRANSFER_NOTIFICATIONS.has(action) && typeof payload.status === 'string') this.transferStatus.set(action, payload.status);
    if (TRANSFER_NOTIFICATIONS.has(action) && typeof payload.requestId === 'number') this.transferRequestId.set(action, payload.requestId);
    if (!this.connected) return undefined;
    try {
      return await this.session!.call(action, payload);
    } catch (err) {
      this.log.event(`${action} failed: ${(err as Error).message}`);
      return undefined;
    }
  }

  now(): string {
    return new Date().toISOString();
  }

  /**
   * Send a transaction message now, or keep it until the station is online and accepted again (OCPP requires
   * transaction messages to be delivered, in order). 2.0.1 marks queued TransactionEvents offline.
   */
  async sendQueued(action: string, payload: Payload): Promise<Payload | undefined> {
    if (this.txQueue) return this.txQueue.submit(action, payload);
    if (this.connected && this.bootState === 'Accepted' && this.outbox.length === 0) return this.send(action, payload);
    if (action === 'TransactionEvent') payload.offline = true;
    this.outbox.push({ action, payload });
    return undefined;
  }

  private async flushOutbox(): Promise<void> {
    if (this.txQueue) return this.txQueue.flush();
    while (this.outbox.length && this.connected) {
      const next = this.outbox[0]!;
      const answer = await this.send(next.action, next.payload);
      if (!answer && !this.connected) return;
      this.outbox.shift();
    }
  }

  async boot(reason = 'PowerUp'): Promise<void> {
    const payload = this.version === '1.6'
      ? { chargePointVendor: this.options.vendor ?? 'ocpp-conformance', chargePointModel: this.options.model ?? 'reference-cs' }
      : { reason, chargingStation: { vendorName: this.options.vendor ?? 'ocpp-conformance', model: this.options.model ?? 'reference-cs' } };
    const answer = await this.send('BootNotification', payload);
    if (!answer) return;
    this.bootState = answer.status as BootState;
    const interval = Number(answer.interval);
    if (this.bootState === 'Accepted') {
      this.heartbeatIntervalS = interval;
      this.emit('accepted');
      await this.reportAllConnectors();
      // A start-up is a critical security event in 2.0.1 (A04): the CSMS hears of it once the station is accepted.
      if (this.version === '2.0.1' && !this.faults.has(F.noStartupEvent)) {
        await this.send('SecurityEventNotification', { type: reason === 'PowerUp' ? 'StartupOfTheDevice' : 'ResetOrReboot', timestamp: this.now() });
      }
      await this.reportSecurityEvents();
      await this.flushOutbox();
      this.scheduleHeartbeat();
      return;
    }
    // Pending or Rejected: try again after the interval the CSMS gave (or a default when it gave 0).
    if (this.faults.has(F.sendsWhileRejected) && this.bootState === 'Rejected') await this.send('Heartbeat', {});
    if (this.faults.has(F.sendsWhilePending) && this.bootState === 'Pending') await this.reportAllConnectors();
    if (this.faults.has(F.noBootRetry)) return;
    const retryMs = (interval > 0 ? interval : 5) * 1000;
    // A boot triggered meanwhile (TriggerMessage) may have been accepted already: then there is nothing to retry.
    this.later(this.faults.has(F.earlyBootRetry) ? retryMs / 4 : retryMs, () => (this.bootState === 'Accepted' ? undefined : this.boot(reason)));
  }

  private scheduleHeartbeat(): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    if (this.faults.has(F.noHeartbeat) || this.heartbeatIntervalS <= 0) return;
    const ms = this.heartbeatIntervalS * 1000 * (this.faults.has(F.slowHeartbeat) ? 2 : 1);
    this.heartbeatTimer = setTimeout(async () => {
      if (this.stopped || !this.connected) return;
      await this.send('Heartbeat', {});
      this.scheduleHeartbeat();
    }, ms);
  }

  /**
   * Reboot (Reset): close the connection, forget the boot, reconnect after the first reconnect delay and boot
   * again, the first boot carrying `reason` (2.0.1 BootReasonEnumType; 1.6 has none), then report connectors.
   */
  async reboot(reason = 'RemoteReset'): Promise<void> {
    this.nextBootReason = reason;
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.bootState = 'None';
    this.reconnectDelay = this.options.reconnectDelayMs ?? 200;
    if (this.connected) await this.session!.conn.close();
  }

  /** Change the heartbeat interval at run time (SetVariables / ChangeConfiguration). */
  setHeartbeatInterval(seconds: number): void {
    this.heartbeatIntervalS = seconds;
    if (this.bootState === 'Accepted') this.scheduleHeartbeat();
  }

  evse(id: number): Evse {
    const evse = this.evses.find((e) => e.id === id);
    if (!evse) throw new OcppError('PropertyConstraintViolation', `no EVSE ${id}`);
    return evse;
  }

  /** Report one connector's status as the version words it. */
  async reportStatus(evse: Evse, connector: Connector): Promise<void> {
    const status = statusFor(this.version, evse, connector);
    const wire = this.faults.has(F.invalidStatus) && status !== 'Available' ? 'Ready' : status;
    const timestamp = this.faults.has(F.staleStatusTime) ? new Date(Date.now() - 3_600_000).toISOString() : this.now();
    const payload = this.version === '1.6'
      ? { connectorId: evse.id, errorCode: 'NoError', status: wire, timestamp }
      : { timestamp, connectorStatus: wire, evseId: evse.id, connectorId: connector.id };
    // Only what the CSMS acknowledged counts as reported: a change made offline is reported after reconnecting.
    if (this.version === '2.0.1' && this.faults.has(F.availabilityNotDelta)) {
      const event = {
        eventId: evse.id * 100 + connector.id, timestamp, trigger: 'Periodic', actualValue: wire, eventNotificationType: 'HardWiredNotification',
        component: { name: 'Connector', evse: { id: evse.id, connectorId: connector.id } }, variable: { name: 'AvailabilityState' },
      };
      if (await this.send('NotifyEvent', { generatedAt: timestamp, seqNo: 0, eventData: [event] })) connector.reported = status;
      return;
    }
    if (await this.send('StatusNotification', payload)) connector.reported = status;
  }

  async reportAllConnectors(): Promise<void> {
    if (this.faults.has(F.noStatusAfterBoot)) return;
    for (const evse of this.evses) for (const c of evse.connectors) await this.reportStatus(evse, c);
  }

  /** Report every connector of the EVSE whose status changed since it was last reported. */
  async refreshStatus(evse: Evse): Promise<void> {
    for (const c of evse.connectors) {
      if (statusFor(this.version, evse, c) !== c.reported) await this.reportStatus(evse, c);
    }
  }

  /** Set a connector's own condition (Unavailable, Faulted, ...) and report it when the status changed. */
  async setStatus(evse: Evse, connector: Connector, status: Connector['status']): Promise<void> {
    connector.status = status;
    await this.refreshStatus(evse);
  }
}
