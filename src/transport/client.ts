import type { SecureVersion } from 'node:tls';
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
  tls?: ClientTls;
  timeoutMs?: number;
  log?: FrameLog;
  /** Offer these subprotocols instead of the version's own (RPC tests of subprotocol negotiation). */
  offerProtocols?: string[];
  /**
   * Reference fault only: carry on as if the CSMS had selected our subprotocol whatever it answered, where
   * RFC 6455 §4.1 has a client fail the connection on a subprotocol it did not offer.
   */
  ignoreSelectedSubprotocol?: boolean;
}

/** TLS settings of a station: the CA it trusts, its client certificate (profile 3), versions and ciphers it offers. */
export interface ClientTls {
  ca?: string;
  cert?: string;
  key?: string;
  /** Trust a CA certificate of `ca` that is not self-signed (a new CSMS root its old one signed, PICS AS-2). */
  allowPartialTrustChain?: boolean;
  /** Reference faults only: accept a server certificate that fails verification. */
  rejectUnauthorized?: boolean;
  /** Reference faults only: accept a server certificate for another host name. */
  checkServerIdentity?: () => undefined;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
}

/** A connection failure a user can act on: one line, no stack. */
export class ConnectError extends Error {
  /** `code`: the socket or TLS error code (CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, ERR_SSL_..., EPROTO). */
  constructor(message: string, readonly httpStatus?: number, readonly code?: string) {
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
    const fail = (message: string, status?: number, code?: string) => {
      log.event(`connect failed: ${message}`);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      reject(new ConnectError(message, status, code));
    };
    if (options.ignoreSelectedSubprotocol) {
      // ws checks the answer right after this event; rewriting it hides the CSMS's choice from that check.
      ws.once('upgrade', (res) => { res.headers['sec-websocket-protocol'] = protocol; });
    }
    ws.once('unexpected-response', (_req, res) => fail(`${options.url} refused the WebSocket upgrade: HTTP ${res.statusCode}`, res.statusCode));
    ws.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'ECONNREFUSED' ? 'connection refused' : err.code === 'ENOTFOUND' ? 'host not found' : err.message;
      fail(`cannot connect to ${options.url}: ${why}`, undefined, err.code);
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

/** Whether a connection failure happened in the TLS handshake (a certificate or protocol version refused). */
export function isTlsFailure(err: unknown): boolean {
  const code = (err as ConnectError | undefined)?.code ?? '';
  return /^(ERR_TLS|ERR_SSL|EPROTO|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ECONNRESET)/.test(code);
}

/** How a CSMS answered an opening handshake (RPC test cases of subprotocol negotiation). */
export type HandshakeOutcome =
  /** No upgrade: an HTTP answer other than 101, or the connection dropped or timed out before one. */
  | { kind: 'refused'; status?: number; why: string }
  /** Upgraded with this subprotocol selected; the harness drops the socket (it only wanted the answer). */
  | { kind: 'selected'; protocol: string }
  /** Upgraded without selecting a subprotocol: the connection is open. */
  | { kind: 'open'; conn: OcppConnection }
  /** Nothing reached the CSMS (connection refused, host not found). */
  | { kind: 'unreachable'; why: string };

/**
 * Open a WebSocket to a CSMS offering exactly `offer` as subprotocols (none: no header at all) and report what
 * the CSMS answered. The offer goes in as a plain header so that ws does not judge the answer itself: a CSMS that
 * completes the handshake without a subprotocol leaves an open connection to watch.
 */
export function tryHandshake(options: ClientOptions & { offer: string[] }): Promise<HandshakeOutcome> {
  const stationId = stationIdOf(options.url);
  const headers: Record<string, string> = {};
  if (options.password !== undefined) headers.authorization = basicAuthHeader(options.username ?? stationId, options.password);
  if (options.offer.length) headers['sec-websocket-protocol'] = options.offer.join(', ');
  const log = options.log ?? new FrameLog();
  log.event(`handshake offering ${options.offer.length ? options.offer.join(', ') : 'no subprotocol'}`);
  return new Promise((resolve) => {
    const ws = new WebSocket(options.url, [], { headers, handshakeTimeout: options.timeoutMs ?? 10_000, ...(options.tls ?? {}) });
    let settled = false;
    const finish = (outcome: HandshakeOutcome, note: string) => {
      if (settled) return;
      settled = true;
      log.event(note);
      if (outcome.kind !== 'open') {
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        ws.terminate();
      }
      resolve(outcome);
    };
    ws.once('unexpected-response', (_req, res) =>
      finish({ kind: 'refused', status: res.statusCode, why: `HTTP ${res.statusCode}` }, `upgrade refused: HTTP ${res.statusCode}`));
    ws.once('upgrade', (res) => {
      const selected = res.headers['sec-websocket-protocol'];
      if (typeof selected === 'string' && selected) finish({ kind: 'selected', protocol: selected }, `upgraded, subprotocol ${selected} selected`);
    });
    ws.once('open', () => {
      ws.removeAllListeners('error');
      finish({ kind: 'open', conn: new OcppConnection(ws, options.version, stationId, log) }, 'upgraded without a subprotocol selected');
    });
    ws.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND') {
        return finish({ kind: 'unreachable', why: err.code === 'ECONNREFUSED' ? 'connection refused' : 'host not found' }, `cannot connect: ${err.message}`);
      }
      finish({ kind: 'refused', why: err.message }, `no upgrade: ${err.message}`);
    });
  });
}
