import type { Payload } from '../../ocpp/frames.js';
import type { OcppVersion } from '../../ocpp/versions.js';
import { OcppServer, OCPP_CIPHERS, type TlsServerOptions } from '../../transport/server.js';
import type { SecurityProfile } from '../../harness/config.js';
import type { OcppConnection } from '../../transport/connection.js';
import { FrameLog } from '../../transport/frame-log.js';
import { RpcSession, type IncomingCall } from '../../session/rpc-session.js';
import { Faults, defineFault } from '../faults.js';
import { OcppError } from '../errors.js';
import { rpcFaultHooks, subprotocolPolicy } from '../rpc-faults.js';
import { withParserFaults } from '../parser-faults.js';
import type { IdTokens } from '../../harness/config.js';
import { TokenDatabase } from './authorization.js';

export interface CsmsOptions {
  host: string;
  port: number;
  path: string;
  version: OcppVersion;
  faults?: Faults;
  /** Heartbeat interval (s) handed out on Accepted boots. */
  heartbeatIntervalS?: number;
  /** Retry interval (s) handed out on Pending/Rejected boots. */
  retryIntervalS?: number;
  /** Security profile 1: the password each station must present. */
  passwordFor?: (stationId: string) => string | undefined;
  tls?: TlsServerOptions;
  /** The tokens the CSMS knows, per status and group (csms/authorization.ts); without them every token is Accepted. */
  idTokens?: IdTokens;
  /**
   * Also serve security profiles 2 (TLS + Basic auth) and 3 (mutual TLS) on ports of their own with this
   * certificate (1.6 security white paper A00.FR.006: one profile per port); `ca` verifies client certificates.
   */
  tlsEndpoints?: { cert: string | string[]; key: string | string[]; ca: string };
}

/** What the reference CSMS knows about one connected station. */
export interface StationRecord {
  id: string;
  session: RpcSession;
  registration: 'Unknown' | 'Pending' | 'Rejected' | 'Accepted';
  /** Answers queued by the operator for the next boots (setBootResponse). */
  nextBootAnswers: string[];
  connectorStatus: Map<string, string>;
  /** Transactions this station reported, by transaction ID (as a string in both versions). */
  transactions: Map<string, CsmsTransaction>;
  lastHeartbeat?: number;
  log: FrameLog;
}

export interface CsmsTransaction {
  id: string;
  evseId: number;
  idToken?: string;
  active: boolean;
  stoppedReason?: string;
  remoteStartId?: number;
}

export type CsmsHandler = (station: StationRecord, payload: Payload, call: IncomingCall) => Payload | Promise<Payload>;
export type CsmsOperatorAction = (station: StationRecord, args: Record<string, unknown>) => void | Promise<void>;

export const F = {
  bootAlwaysPending: defineFault('csms.boot-always-pending', 'answers every BootNotification with Pending'),
  bootZeroInterval: defineFault('csms.boot-zero-interval', 'hands out heartbeat interval 0 on an accepted boot'),
  ignoresBootConfig: defineFault('csms.ignores-boot-config', 'ignores the operator\'s request to answer the next boot Pending/Rejected'),
  acceptsBeforeBoot: defineFault('csms.accepts-before-boot', 'answers requests of a Pending/Rejected station normally instead of SecurityError'),
  staleHeartbeatTime: defineFault('csms.heartbeat-stale-time', 'answers Heartbeat with a currentTime a day off'),
  statusCallError: defineFault('csms.status-callerror', 'answers StatusNotification of any status but Available with CALLERROR InternalError'),
  acceptsAnyPassword: defineFault('csms.accepts-any-password', 'lets stations connect without checking Basic auth credentials'),
  unverifiedClientCert: defineFault('csms.accepts-unverified-client-cert', 'profile 3: completes the TLS handshake with a client certificate that is expired, not yet valid or from an unknown root'),
  ignoresClientCertName: defineFault('csms.ignores-client-cert-name', 'profile 3: accepts a client certificate issued to another station'),
  acceptsOldTls: defineFault('csms.accepts-tls-1.1', 'profiles 2/3: accepts TLS 1.0/1.1 handshakes'),
  trustsConnectedId: defineFault('csms.trusts-connected-station-id', 'skips the Basic auth check for a station ID that already has a connection (impersonation)'),
  acceptsLowerProfile: defineFault('csms.accepts-lower-profile', 'lets a station that connected with security profile 3 connect again with a lower profile'),
  takesOverSession: defineFault('csms.second-connection-takes-over', 'sends the answers meant for a station\'s first connection out on its newest one'),
  ecdsaOnly: defineFault('csms.ecdsa-only', 'profiles 2/3: serves only an ECDSA certificate, so the RSA cipher suites the profiles require fail'),
};

/** TLS 1.0/1.1 need CBC suites and OpenSSL's lowest security level: what the accepts-tls-1.1 fault allows. */
const OLD_TLS = { minVersion: 'TLSv1' as const, ciphers: `${OCPP_CIPHERS}:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:AES128-SHA:@SECLEVEL=0` };

/** Actions a station may send before its boot is accepted (B02/B03: only BootNotification, and triggered reports). */
const ALLOWED_BEFORE_ACCEPTED = new Set(['BootNotification', 'NotifyReport', 'NotifyMonitoringReport']);

/**
 * The built-in conformant CSMS. The core handles connections, registration (boot) and heartbeat; features
 * register handlers for station-initiated actions and operator actions that make the CSMS act.
 */
export class ReferenceCsms {
  readonly stations = new Map<string, StationRecord>();
  readonly faults: Faults;
  private readonly handlers = new Map<string, CsmsHandler>();
  private readonly actions = new Map<string, CsmsOperatorAction>();
  /** Boot answers requested for stations that have not connected yet. */
  private readonly pendingBootAnswers = new Map<string, string[]>();

  /** The token database Authorize and transaction answers come from (csms/authorization.ts). */
  readonly tokens: TokenDatabase;
  /** The highest security profile each station has connected with: a lower one is refused afterwards. */
  private readonly profiles = new Map<string, SecurityProfile>();
  /** Endpoints per security profile (profile 1 is `server`). */
  readonly urls: Partial<Record<SecurityProfile, string>> = {};
  private readonly extraServers: OcppServer[] = [];

  private constructor(readonly server: OcppServer, readonly options: CsmsOptions) {
    this.faults = options.faults?.forTarget('csms') ?? new Faults();
    this.tokens = new TokenDatabase(options.version, this.faults, options.idTokens);
    server.on('connection', (conn) => this.onConnection(conn));
    this.urls[options.tls ? (options.tls.requestClientCert ? 3 : 2) : 1] = server.url;
    this.installCore();
  }

  static async start(options: CsmsOptions): Promise<ReferenceCsms> {
    const faults = options.faults?.forTarget('csms') ?? new Faults();
    let csms: ReferenceCsms | undefined;
    const listen = (profile: SecurityProfile, tls: TlsServerOptions | undefined, port: number) => OcppServer.listen({
      host: options.host, port, path: options.path, version: options.version, tls,
      passwordFor: profile === 3 ? undefined : (id) => csms?.expectedPassword(id),
      subprotocolPolicy: subprotocolPolicy(faults),
      admit: (id) => csms?.admit(id, profile),
    });
    const server = await listen(options.tls?.requestClientCert ? 3 : options.tls ? 2 : 1, options.tls, options.port);
    csms = new ReferenceCsms(server, options);
    let ep = options.tlsEndpoints;
    if (ep) {
      const old = faults.has(F.acceptsOldTls) ? OLD_TLS : {};
      if (faults.has(F.ecdsaOnly)) ep = { ...ep, cert: [ep.cert].flat()[0]!, key: [ep.key].flat()[0]! };
      const tls2 = await listen(2, { cert: ep.cert, key: ep.key, ...old }, 0);
      const tls3 = await listen(3, {
        cert: ep.cert, key: ep.key, ca: ep.ca, requestClientCert: true, ...old,
        acceptUnverifiedClient: faults.has(F.unverifiedClientCert), checkClientName: !faults.has(F.ignoresClientCertName),
      }, 0);
      for (const [profile, s] of [[2, tls2], [3, tls3]] as const) {
        s.on('connection', (conn) => csms!.onConnection(conn, profile));
        csms.urls[profile] = s.url;
        csms.extraServers.push(s);
      }
    }
    return csms;
  }

  /** The Basic auth password a station must present (none: no check). */
  private expectedPassword(stationId: string): string | undefined {
    if (this.faults.has(F.acceptsAnyPassword)) return undefined;
    const live = this.stations.get(stationId);
    if (this.faults.has(F.trustsConnectedId) && live && !live.session.conn.closed) return undefined;
    return this.options.passwordFor?.(stationId);
  }

  /** A00.FR.002/005 (1.6 security white paper; 2.0.1 A00): no connection below the profile a station already used. */
  private admit(stationId: string, profile: SecurityProfile): string | undefined {
    const known = this.profiles.get(stationId);
    if (known && profile < known && !this.faults.has(F.acceptsLowerProfile)) {
      return `station ${stationId} uses security profile ${known}; a connection with profile ${profile} is refused`;
    }
    return undefined;
  }

  get url(): string {
    return this.server.url;
  }

  get version(): OcppVersion {
    return this.options.version;
  }

  handle(action: string, handler: CsmsHandler): void {
    this.handlers.set(action, handler);
  }

  /** The handler registered for an action, so a later feature can wrap it (authorization.ts wraps Authorize). */
  handlerFor(action: string): CsmsHandler | undefined {
    return this.handlers.get(action);
  }

  onAction(name: string, action: CsmsOperatorAction): void {
    this.actions.set(name, action);
  }

  /** Operator action on the station named by args.stationId (or the only one connected). */
  async act(name: string, args: Record<string, unknown>): Promise<void> {
    if (name === 'setBootResponse') return this.queueBootAnswer(String(args.stationId ?? '*'), String(args.status));
    const action = this.actions.get(name);
    if (!action) throw new Error(`the reference CSMS has no operator action "${name}"`);
    const station = this.stationFor(args.stationId as string | undefined);
    await action(station, args);
  }

  private queueBootAnswer(stationId: string, status: string): void {
    if (this.faults.has(F.ignoresBootConfig)) return;
    const known = this.stations.get(stationId);
    if (known) known.nextBootAnswers.push(status);
    else this.pendingBootAnswers.set(stationId, [...(this.pendingBootAnswers.get(stationId) ?? []), status]);
  }

  stationFor(id?: string): StationRecord {
    const station = id ? this.stations.get(id) : [...this.stations.values()].at(-1);
    if (!station) throw new Error(id ? `station ${id} is not connected` : 'no station is connected');
    return station;
  }

  /** Send a CALL to a station and return its answer (throws on CALLERROR or timeout). */
  send(station: StationRecord, action: string, payload: Payload): Promise<Payload> {
    return station.session.call(action, payload);
  }

  async stop(): Promise<void> {
    await Promise.all([this.server.close(), ...this.extraServers.map((s) => s.close())]);
  }

  private onConnection(conn: OcppConnection, profile: SecurityProfile = this.options.tls ? (this.options.tls.requestClientCert ? 3 : 2) : 1): void {
    this.profiles.set(conn.stationId, Math.max(profile, this.profiles.get(conn.stationId) ?? 1) as SecurityProfile);
    const previous = this.stations.get(conn.stationId);
    // Fault: a CSMS that keys its sockets by station ID only answers the first connection's calls on the newest.
    if (previous && this.faults.has(F.takesOverSession) && !previous.session.conn.closed) {
      previous.session.conn.sendIfOpen = conn.sendIfOpen.bind(conn);
    }
    const station: StationRecord = {
      id: conn.stationId,
      registration: previous?.registration ?? 'Unknown',
      nextBootAnswers: previous?.nextBootAnswers ?? this.takePendingBootAnswers(conn.stationId),
      connectorStatus: previous?.connectorStatus ?? new Map(),
      transactions: previous?.transactions ?? new Map(),
      log: conn.log,
      session: new RpcSession(conn, {
        callTimeoutMs: 10_000,
        onCall: (call) => void this.dispatch(station, call),
        intercept: withParserFaults('csms', this.faults, conn, rpcFaultHooks('csms', this.faults, conn)),
      }),
    };
    this.stations.set(conn.stationId, station);
  }

  private takePendingBootAnswers(id: string): string[] {
    const answers = [...(this.pendingBootAnswers.get(id) ?? []), ...(this.pendingBootAnswers.get('*') ?? [])];
    this.pendingBootAnswers.delete(id);
    this.pendingBootAnswers.delete('*');
    return answers;
  }

  private async dispatch(station: StationRecord, call: IncomingCall): Promise<void> {
    if (station.registration !== 'Accepted' && !ALLOWED_BEFORE_ACCEPTED.has(call.action) && !this.faults.has(F.acceptsBeforeBoot)) {
      return call.respondError('SecurityError', `station ${station.id} is not accepted yet`);
    }
    const handler = this.handlers.get(call.action);
    if (!handler) return call.respondError('NotSupported', `${call.action} is not supported`);
    try {
      call.respond(await handler(station, call.payload, call));
    } catch (err) {
      if (err instanceof OcppError) call.respondError(err.code, err.message);
      else call.respondError('InternalError', (err as Error).message);
    }
  }

  private installCore(): void {
    const now = () => new Date().toISOString();
    this.handle('BootNotification', (station) => {
      const status = this.faults.has(F.bootAlwaysPending) ? 'Pending' : station.nextBootAnswers.shift() ?? 'Accepted';
      station.registration = status as StationRecord['registration'];
      const interval = status === 'Accepted'
        ? (this.faults.has(F.bootZeroInterval) ? 0 : this.options.heartbeatIntervalS ?? 300)
        : this.options.retryIntervalS ?? 10;
      return { status, currentTime: now(), interval };
    });
    this.handle('Heartbeat', (station) => {
      station.lastHeartbeat = Date.now();
      const skew = this.faults.has(F.staleHeartbeatTime) ? 86_400_000 : 0;
      return { currentTime: new Date(Date.now() - skew).toISOString() };
    });
    this.handle('StatusNotification', (station, p) => {
      // Broken for every status but the idle one, so the fault shows in status tests rather than in every boot.
      if (this.faults.has(F.statusCallError) && (p.status ?? p.connectorStatus) !== 'Available') throw new OcppError('InternalError', 'status store unavailable');
      const key = this.version === '1.6' ? String(p.connectorId) : `${String(p.evseId)}/${String(p.connectorId)}`;
      station.connectorStatus.set(key, String(p.status ?? p.connectorStatus));
      return {};
    });
  }

  /** Authorization status of a token, for Authorize and transaction answers. */
  tokenStatus(token: unknown): string {
    return this.tokens.lookup(token).status;
  }

  /** The token info (2.0.1 idTokenInfo, 1.6 idTagInfo) of the CSMS's version, with the token's group. */
  tokenInfo(token: unknown): Payload {
    return this.tokens.info(token);
  }
}
