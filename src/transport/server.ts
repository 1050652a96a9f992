import { EventEmitter } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { PeerCertificate, SecureVersion, TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { subprotocolOf, type OcppVersion } from '../ocpp/versions.js';
import { FrameLog } from './frame-log.js';
import { OcppConnection } from './connection.js';
import { parseBasicAuth } from './basic-auth.js';

export interface TlsServerOptions {
  /** One certificate (PEM) or several of different key types (ECDSA and RSA, for both cipher-suite families). */
  cert: string | string[];
  key: string | string[];
  /** CA bundle to verify client certificates against (security profile 3). */
  ca?: string;
  requestClientCert?: boolean;
  /** Reference faults only: complete the handshake with a client certificate that failed verification. */
  acceptUnverifiedClient?: boolean;
  /**
   * Security profile 3: the client certificate's commonName must be the station ID of the URL (OCPP 2.0.1
   * A00.FR.4xx, 1.6 security white paper A00.FR.405). On by default when client certificates are requested.
   */
  checkClientName?: boolean;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  /** OpenSSL cipher list (TLS 1.2 suites and TLS 1.3 suites by their names). */
  ciphers?: string;
}

/** The cipher suites the security profiles name (TLS 1.2: both ECDSA and RSA families), and TLS 1.3's own. */
export const OCPP_TLS12_CIPHERS = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'AES128-GCM-SHA256', 'AES256-GCM-SHA384'];
export const TLS13_CIPHERS = ['TLS_AES_256_GCM_SHA384', 'TLS_AES_128_GCM_SHA256', 'TLS_CHACHA20_POLY1305_SHA256'];
export const OCPP_CIPHERS = [...TLS13_CIPHERS, ...OCPP_TLS12_CIPHERS].join(':');

function secureContextOptions(tls: TlsServerOptions) {
  return {
    cert: tls.cert, key: tls.key, ca: tls.ca,
    minVersion: tls.minVersion ?? 'TLSv1.2', maxVersion: tls.maxVersion, ciphers: tls.ciphers ?? OCPP_CIPHERS,
  } as const;
}

/**
 * How a server answers the subprotocols a station offers: the one to select, `null` to complete the handshake
 * without selecting one, or `false` to refuse the upgrade (HTTP 400).
 */
export type SubprotocolChoice = string | null | false;
export type SubprotocolPolicy = (offered: string[], ours: string) => SubprotocolChoice;

/** What a conformant CSMS does: select its own version when offered, refuse otherwise. */
export const selectOwnSubprotocol: SubprotocolPolicy = (offered, ours) => (offered.includes(ours) ? ours : false);

export interface ServerOptions {
  host: string;
  port: number;
  /** URL path prefix; the charge point ID is the path segment after it. */
  path: string;
  version: OcppVersion;
  /** Security profile 1/2: the Basic auth password expected per station ID; undefined means no auth. */
  passwordFor?: (stationId: string) => string | undefined;
  tls?: TlsServerOptions;
  /** Log shared by connections; each connection gets a fresh one when omitted. */
  logFor?: (stationId: string) => FrameLog;
  /** How to answer offered subprotocols (default selectOwnSubprotocol; reference faults change it). */
  subprotocolPolicy?: SubprotocolPolicy;
  /** A last say on a handshake that passed every other check: a reason to refuse it (HTTP 403), or undefined. */
  admit?: (stationId: string) => string | undefined;
}

export interface ServerEvents {
  connection: [OcppConnection];
  /** A handshake we refused, with why (wrong subprotocol, bad password, wrong path). */
  rejected: [reason: string, stationId: string | undefined];
  /** A TLS handshake that failed (before any station ID is known): the peer's or our refusal, with OpenSSL's words. */
  tlsFailure: [reason: string];
  /** A TLS handshake that completed, with the protocol version and cipher agreed and the client's certificate (DER) if any. */
  tlsEstablished: [protocol: string, cipher: string, clientCert: Buffer | undefined];
}

/** The WebSocket endpoint of a CSMS: used by the harness (testing a charger) and by the reference CSMS. */
export class OcppServer extends EventEmitter<ServerEvents> {
  /** The subprotocol decided per upgrade request; ws asks for it only when the station offered any. */
  private readonly choices = new WeakMap<http.IncomingMessage, SubprotocolChoice>();
  private readonly wss = new WebSocketServer({ noServer: true, handleProtocols: (_offered, req) => this.choices.get(req) || false });
  /** One-shot answers for the next handshake of a station (RPC test cases of subprotocol negotiation). */
  private readonly nextHandshake = new Map<string, SubprotocolPolicy>();
  private readonly server: http.Server | https.Server;
  private readonly sockets = new Set<Duplex>();
  readonly connections = new Set<OcppConnection>();

  private constructor(readonly options: ServerOptions) {
    super();
    // Every test case running in parallel listens for its own station's connection.
    this.setMaxListeners(0);
    const tls = options.tls;
    this.server = tls
      ? https.createServer({
          ...secureContextOptions(tls),
          requestCert: tls.requestClientCert ?? false,
          rejectUnauthorized: (tls.requestClientCert ?? false) && !tls.acceptUnverifiedClient,
        })
      : http.createServer();
    if (tls) {
      this.server.on('tlsClientError', (err: Error) => this.emit('tlsFailure', err.message.replace(/^.*?:(\w+ routines:)?/, '').trim() || err.message));
      this.server.on('secureConnection', (s: TLSSocket) =>
        this.emit('tlsEstablished', s.getProtocol() ?? '?', s.getCipher()?.name ?? '?', s.getPeerCertificate()?.raw));
    }
    this.server.on('request', (_req, res) => res.writeHead(426, { 'content-type': 'text/plain' }).end('OCPP-J needs a WebSocket upgrade\n'));
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    this.server.on('connection', (s: Duplex) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    // After listen, a server error (EMFILE on accept, say) must not crash the harness; each socket still closes.
    this.server.on('error', () => undefined);
    this.wss.on('error', () => undefined);
  }

  static async listen(options: ServerOptions): Promise<OcppServer> {
    const server = new OcppServer(options);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', (err: NodeJS.ErrnoException) =>
        reject(new Error(`cannot listen on ${options.host}:${options.port}: ${err.code ?? err.message}`)));
      server.server.listen(options.port, options.host, () => resolve());
    });
    return server;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The URL a station connects to, without the station ID. */
  get url(): string {
    const scheme = this.options.tls ? 'wss' : 'ws';
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `${scheme}://${host}:${this.port}${this.options.path.replace(/\/$/, '')}`;
  }

  /**
   * Answer the next handshake of `stationId` with `policy` instead of the server's own (a test case of how a
   * station reacts to a subprotocol it did not offer). Returns a function that withdraws it if still unused.
   */
  answerNextHandshake(stationId: string, policy: SubprotocolPolicy): () => void {
    this.nextHandshake.set(stationId, policy);
    return () => {
      if (this.nextHandshake.get(stationId) === policy) this.nextHandshake.delete(stationId);
    };
  }

  /**
   * Present other TLS settings (a broken certificate, a TLS version too low) to the next TLS handshake only; the
   * server's own come back once that handshake ended either way. Meant for test cases that run alone. Returns a
   * function that restores the server's own settings at once.
   */
  presentOnce(override: Partial<TlsServerOptions>): () => void {
    const own = this.options.tls;
    if (!own) throw new Error('presentOnce needs a TLS server');
    const server = this.server as https.Server;
    server.setSecureContext(secureContextOptions({ ...own, ...override }));
    let done = false;
    const restore = () => {
      if (done) return;
      done = true;
      this.off('tlsFailure', restore);
      this.off('tlsEstablished', restore);
      server.setSecureContext(secureContextOptions(own));
    };
    this.once('tlsFailure', restore);
    this.once('tlsEstablished', restore);
    return restore;
  }

  private refuse(socket: Duplex, status: number, text: string, reason: string, stationId?: string): void {
    this.emit('rejected', reason, stationId);
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  private onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node's http server drops its own 'error' listener from a socket it hands to 'upgrade'. A peer that resets
    // the TCP connection while we refuse (or before ws takes over) would then be an uncaught ECONNRESET that ends
    // the whole process; the close that follows every socket error is what the harness acts on.
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const prefix = this.options.path.replace(/\/$/, '');
    const rest = url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length + 1) : '';
    if (!rest || rest.includes('/')) {
      return this.refuse(socket, 404, 'Not Found', `connection to unexpected path ${url.pathname} (expected ${prefix}/<stationId>)`);
    }
    const stationId = decodeURIComponent(rest);
    const offered = String(req.headers['sec-websocket-protocol'] ?? '');
    const ours = subprotocolOf(this.options.version);
    const override = this.nextHandshake.get(stationId);
    const policy = override ?? this.options.subprotocolPolicy ?? selectOwnSubprotocol;
    const choice = policy(offered.split(',').map((p) => p.trim()).filter(Boolean), ours);
    if (choice === false) {
      return this.refuse(socket, 400, 'Bad Request',
        `station ${stationId} did not offer subprotocol ${ours} (offered: ${offered || 'none'})`, stationId);
    }
    this.choices.set(req, choice);
    const certProblem = this.clientCertProblem(req, stationId);
    if (certProblem) return this.refuse(socket, 403, 'Forbidden', certProblem, stationId);
    const expected = this.options.passwordFor?.(stationId);
    if (expected !== undefined) {
      const auth = parseBasicAuth(req.headers.authorization);
      if (!auth) return this.refuse(socket, 401, 'Unauthorized', `station ${stationId} sent no Basic auth credentials`, stationId);
      if (auth.username !== stationId) {
        return this.refuse(socket, 401, 'Unauthorized', `Basic auth username "${auth.username}" is not the station ID ${stationId}`, stationId);
      }
      if (auth.password !== expected) return this.refuse(socket, 401, 'Unauthorized', `station ${stationId} sent a wrong Basic auth password`, stationId);
    }
    const veto = this.options.admit?.(stationId);
    if (veto) return this.refuse(socket, 403, 'Forbidden', veto, stationId);
    // A one-shot answer is used up by the handshake it shaped, not by one refused for other reasons.
    if (override) this.nextHandshake.delete(stationId);
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const log = this.options.logFor?.(stationId) ?? new FrameLog();
      log.event(`station ${stationId} connected (${ws.protocol || 'no subprotocol selected'})`);
      const conn = new OcppConnection(ws, this.options.version, stationId, log);
      this.connections.add(conn);
      conn.on('close', () => this.connections.delete(conn));
      this.emit('connection', conn);
    });
  }

  /** Security profile 3: what is wrong with the client certificate of this upgrade, if anything. */
  private clientCertProblem(req: http.IncomingMessage, stationId: string): string | undefined {
    const tls = this.options.tls;
    if (!tls?.requestClientCert) return undefined;
    const socket = req.socket as TLSSocket;
    const cert: PeerCertificate | undefined = socket.getPeerCertificate?.();
    if (!cert || !Object.keys(cert).length) return `station ${stationId} presented no client certificate`;
    if (!socket.authorized && !tls.acceptUnverifiedClient) return `station ${stationId}'s client certificate failed verification: ${String(socket.authorizationError)}`;
    const cn = Array.isArray(cert.subject?.CN) ? cert.subject.CN[0] : cert.subject?.CN;
    if ((tls.checkClientName ?? true) && cn !== stationId) return `the client certificate is for "${cn ?? ''}", not for station ${stationId}`;
    return undefined;
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.terminate();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.wss.close();
  }
}
