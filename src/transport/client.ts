import { WebSocket } from 'ws';
import { subprotocolOf, type OcppVersion } from '../ocpp/versions.js';
import { FrameLog } from './frame-log.js';
import { OcppConnection } from './connection.js';
import { basicAuthHeader } from './basic-auth.js';

export interface ClientOptions {
  /** Full URL including the station ID as last path segment. */
  url: string;
  version: OcppVersion;
  /** Security profile 1/2 password; the username is the station ID. */
  password?: string;
  /** Basic auth username when it must differ from the station ID (negative security tests only). */
  username?: string;
  tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized?: boolean; minVersion?: 'TLSv1.2' | 'TLSv1.3'; maxVersion?: 'TLSv1.2' | 'TLSv1.3' };
  timeoutMs?: number;
  log?: FrameLog;
  /** Offer these subprotocols instead of the version's own (RPC tests of subprotocol negotiation). */
  offerProtocols?: string[];
}

/** A connection failure a user can act on: one line, no stack. */
export class ConnectError extends Error {
  constructor(message: string, readonly httpStatus?: number) {
    super(message);
    this.name = 'ConnectError';
  }
}

export function stationIdOf(url: string): string {
  const segments = new URL(url).pathname.split('/').filter(Boolean);
  const last = segments[segments.length - 1];
  if (!last) throw new ConnectError(`URL ${url} has no charge point ID as its last path segment`);
  return decodeURIComponent(last);
}

/** Open a WebSocket to a CSMS as a charging station would, and insist on the version's subprotocol. */
export function connectOcpp(options: ClientOptions): Promise<OcppConnection> {
  const stationId = stationIdOf(options.url);
  const protocol = subprotocolOf(options.version);
  const headers: Record<string, string> = {};
  if (options.password !== undefined) headers.authorization = basicAuthHeader(options.username ?? stationId, options.password);
  const log = options.log ?? new FrameLog();
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(options.url, options.offerProtocols ?? [protocol], {
      headers,
      handshakeTimeout: options.timeoutMs ?? 10_000,
      ...(options.tls ?? {}),
    });
    const fail = (message: string, status?: number) => {
      log.event(`connect failed: ${message}`);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      reject(new ConnectError(message, status));
    };
    ws.once('unexpected-response', (_req, res) => fail(`${options.url} refused the WebSocket upgrade: HTTP ${res.statusCode}`, res.statusCode));
    ws.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'ECONNREFUSED' ? 'connection refused' : err.code === 'ENOTFOUND' ? 'host not found' : err.message;
      fail(`cannot connect to ${options.url}: ${why}`);
    });
    ws.once('open', () => {
      if (!options.offerProtocols && ws.protocol !== protocol) {
        return fail(`${options.url} did not accept subprotocol ${protocol} (answered: ${ws.protocol || 'none'})`);
      }
      ws.removeAllListeners('error');
      ws.removeAllListeners('unexpected-response');
      log.event(`connected to ${options.url} (${ws.protocol || 'no subprotocol'})`);
      resolve(new OcppConnection(ws, options.version, stationId, log));
    });
  });
}
