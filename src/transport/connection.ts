import { EventEmitter } from 'node:events';
import type { WebSocket, RawData } from 'ws';
import type { OcppVersion } from '../ocpp/versions.js';
import type { FrameLog } from './frame-log.js';

export interface ConnectionEvents {
  text: [string];
  binary: [Buffer];
  close: [code: number, reason: string];
}

/**
 * One OCPP-J WebSocket connection, in either direction. Logs every frame; leaves meaning to the session.
 * The raw send path exists for the fuzzer and RPC test cases, which must put malformed frames on the wire.
 */
export class OcppConnection extends EventEmitter<ConnectionEvents> {
  closed = false;
  closeCode?: number;
  closeReason?: string;

  constructor(
    readonly ws: WebSocket,
    readonly version: OcppVersion,
    readonly stationId: string,
    readonly log: FrameLog,
  ) {
    super();
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (isBinary) {
        log.record('in', buf, true);
        this.deliver('binary', buf);
      } else {
        const text = buf.toString('utf8');
        log.record('in', text);
        this.deliver('text', text);
      }
    });
    ws.on('close', (code: number, reason: Buffer) => {
      this.closed = true;
      this.closeCode = code;
      this.closeReason = reason.toString();
      log.event(`connection closed (${code}${this.closeReason ? ` ${this.closeReason}` : ''})`);
      this.emit('close', code, this.closeReason);
    });
    // A socket error is always followed by close; the close event carries the verdict.
    ws.on('error', (err: Error) => log.event(`socket error: ${err.message}`));
    (this as EventEmitter).on('newListener', (event: string | symbol) => {
      if ((event === 'text' || event === 'binary') && this.early.length) setImmediate(() => this.flushEarly());
    });
  }

  /**
   * Frames that arrived before anyone listened: a frame sent right after the handshake can come in the same read as
   * the 101 answer, and ws emits it before the code that awaited the connection could attach its session.
   */
  private readonly early: ({ kind: 'text'; data: string } | { kind: 'binary'; data: Buffer })[] = [];

  private deliver(kind: 'text' | 'binary', data: string | Buffer): void {
    if (this.listenerCount(kind) === 0 || this.early.length) {
      this.early.push(kind === 'text' ? { kind, data: data as string } : { kind, data: data as Buffer });
      return;
    }
    if (kind === 'text') this.emit('text', data as string);
    else this.emit('binary', data as Buffer);
  }

  private flushEarly(): void {
    while (this.early.length && this.listenerCount(this.early[0]!.kind) > 0) {
      const next = this.early.shift()!;
      if (next.kind === 'text') this.emit('text', next.data);
      else this.emit('binary', next.data);
    }
  }

  sendText(text: string): void {
    this.sendRaw(text, false);
  }

  /** True while frames can still go out (ws reports CLOSING before our close event fires). */
  get open(): boolean {
    return !this.closed && this.ws.readyState === this.ws.OPEN;
  }

  /** Send if the socket is still open; an answer to a peer that just left is simply dropped (and logged). */
  sendIfOpen(text: string): boolean {
    if (!this.open) {
      this.log.event('not sent, connection closing: ' + text.slice(0, 120));
      return false;
    }
    this.sendText(text);
    return true;
  }

  sendRaw(data: string | Buffer, binary = typeof data !== 'string'): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) throw new Error('connection is closed');
    this.log.record('out', data, binary);
    this.ws.send(data, { binary });
  }

  /** Send a WebSocket ping and resolve with the round trip in ms, or reject after timeoutMs. */
  ping(timeoutMs: number): Promise<number> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.ws.off('pong', onPong);
        reject(new Error(`no pong within ${timeoutMs} ms`));
      }, timeoutMs);
      const onPong = () => {
        clearTimeout(timer);
        resolve(Date.now() - started);
      };
      this.ws.once('pong', onPong);
      this.ws.ping();
    });
  }

  close(code = 1000, reason = ''): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 1000);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.ws.close(code, reason);
    });
  }

  /** Drop the TCP connection without a close handshake, as a network failure would. */
  terminate(): void {
    this.ws.terminate();
  }
}
