import { EventEmitter } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { subprotocolOf, type OcppVersion } from '../ocpp/versions.js';
import { FrameLog } from './frame-log.js';
import { OcppConnection } from './connection.js';
import { parseBasicAuth } from './basic-auth.js';

export interface TlsServerOptions {
  cert: string;
  key: string;
  /** CA bundle to verify client certificates against (security profile 3). */
  ca?: string;
  requestClientCert?: boolean;
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
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
}

export interface ServerEvents {
  connection: [OcppConnection];
  /** A handshake we refused, with why (wrong subprotocol, bad password, wrong path). */
  rejected: [reason: string, stationId: string | undefined];
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
    this.server = options.tls
      ? https.createServer({
          cert: options.tls.cert, key: options.tls.key, ca: options.tls.ca,
          requestCert: options.tls.requestClientCert ?? false, rejectUnauthorized: options.tls.requestClientCert ?? false,
          minVersion: options.tls.minVersion ?? 'TLSv1.2',
        })
      : http.createServer();
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
    const expected = this.options.passwordFor?.(stationId);
    if (expected !== undefined) {
      const auth = parseBasicAuth(req.headers.authorization);
      if (!auth) return this.refuse(socket, 401, 'Unauthorized', `station ${stationId} sent no Basic auth credentials`, stationId);
      if (auth.username !== stationId) {
        return this.refuse(socket, 401, 'Unauthorized', `Basic auth username "${auth.username}" is not the station ID ${stationId}`, stationId);
      }
      if (auth.password !== expected) return this.refuse(socket, 401, 'Unauthorized', `station ${stationId} sent a wrong Basic auth password`, stationId);
    }
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

  async close(): Promise<void> {
    for (const c of this.connections) c.terminate();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.wss.close();
  }
}
