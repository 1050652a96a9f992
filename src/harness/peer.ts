import { EventEmitter } from 'node:events';
import type { Frame, Payload } from '../ocpp/frames.js';
import { FrameLog } from '../transport/frame-log.js';
import type { OcppConnection } from '../transport/connection.js';
import { CallErrorReceived, ProtocolViolation, RpcSession, type IncomingCall } from '../session/rpc-session.js';
import type { SutProfile } from './config.js';
import { minimalResponse, type DefaultAnswer } from './default-answers.js';
import { describeWhere, whereMatches, type Where } from './match.js';

import { Inconclusive, Verdict } from './verdicts.js';

export { Verdict };

/**
 * What a harness knows of the test case it serves and of the run around it: reusable states (Booted, ...) that
 * could not be reached earlier in the run, so later test cases that merely build on them end at once.
 */
export type BrokenStates = Map<string, { reason: string; times: number }>;

export interface TestScope {
  testCaseId: string;
  useCase: string;
  /** Reusable state name -> why it was not reached and how many times in a row; shared by every test case against one target. */
  brokenStates: BrokenStates;
}

/** Return this from a responder to keep the CALL unanswered until the test calls respond(). */
export const HOLD = Symbol('hold');

export type Responder = Payload | ((call: ReceivedCall) => Payload | typeof HOLD | Promise<Payload | typeof HOLD>);

/** A CALL the SUT sent to the harness. */
export interface ReceivedCall {
  action: string;
  payload: Payload;
  messageId: string;
  /** Arrival, ms since the epoch. */
  at: number;
  /** Which connection of the test it arrived on (1 = first). */
  connection: number;
  readonly answered: boolean;
  respond(payload: Payload): void;
  respondError(code: string, description?: string): void;
}

export interface ExpectOptions<T = Payload> {
  where?: Where<T>;
  /** Give up after this many ms (default: the profile's call timeout). */
  within?: number;
  /** Ignore calls received before this time (ms since the epoch) or before this call. */
  after?: number | ReceivedCall;
}

interface Waiter {
  action: string;
  options: ExpectOptions;
  resolve: (c: ReceivedCall) => void;
  reject: (err: Error) => void;
}

interface PeerEvents {
  call: [ReceivedCall];
  connected: [OcppConnection];
  disconnected: [code: number];
}

/**
 * The OCPP endpoint the harness plays towards the SUT, whichever side that is, across reconnections.
 * Every CALL the SUT sends is kept; test cases consume them with expectCall() in order, while calls nobody
 * expects are answered the way a well-behaved peer would (responders, overridable per action).
 */
export class Peer extends EventEmitter<PeerEvents> {
  readonly log = new FrameLog();
  readonly received: ReceivedCall[] = [];
  readonly violations: ProtocolViolation[] = [];
  private readonly consumed = new Set<ReceivedCall>();
  private readonly waiters = new Set<Waiter>();
  private readonly responders = new Map<string, Responder>();
  session?: RpcSession;
  connectionCount = 0;
  scope: TestScope = { testCaseId: '', useCase: '', brokenStates: new Map() };
  /** What the test waits for now and until when (ms since the epoch), for a live status line; latest last. */
  readonly waits = new Set<{ what: string; until: number }>();

  constructor(readonly profile: SutProfile, private readonly defaults: Record<string, DefaultAnswer>) {
    super();
  }

  get connected(): boolean {
    return !!this.session && !this.session.conn.closed;
  }

  /** Take over a fresh connection to the SUT. */
  attach(conn: OcppConnection, validateOutgoing = true): void {
    const number = ++this.connectionCount;
    this.session = new RpcSession(conn, {
      callTimeoutMs: this.profile.timing.callTimeoutMs,
      validateOutgoing,
      onCall: (c) => this.onCall(c, number),
      onViolation: (v) => this.onViolation(v),
    });
    conn.on('close', (code) => this.emit('disconnected', code));
    this.emit('connected', conn);
  }

  private onViolation(v: ProtocolViolation): void {
    this.violations.push(v);
    // An invalid CALL of an awaited action fails the wait at once rather than at its timeout.
    for (const w of this.waiters) {
      if (v.action === w.action) {
        this.waiters.delete(w);
        w.reject(new Verdict(`expected a valid ${w.action}, but: ${v.message}`));
      }
    }
  }

  /** Set how CALLs of `action` are answered from now on (a payload, a function, or HOLD). */
  answer(action: string, responder: Responder): void {
    this.responders.set(action, responder);
  }

  private onCall(incoming: IncomingCall, connection: number): void {
    const call: ReceivedCall = {
      action: incoming.action, payload: incoming.payload, messageId: incoming.messageId, at: incoming.at, connection,
      get answered() { return incoming.answered; },
      respond: (p) => incoming.respond(p),
      respondError: (code, description) => incoming.respondError(code, description),
    };
    this.received.push(call);
    this.autoAnswer(call, incoming);
    for (const w of this.waiters) {
      if (this.fits(call, w.action, w.options)) {
        this.waiters.delete(w);
        this.consumed.add(call);
        w.resolve(call);
        break;
      }
    }
    this.emit('call', call);
  }

  /** Answer at once when the responder is synchronous, so the answer precedes anything the test sends next. */
  private autoAnswer(call: ReceivedCall, incoming: IncomingCall): void {
    const deliver = (answer: Payload | typeof HOLD | undefined) => {
      if (answer === HOLD) return;
      if (answer === undefined) incoming.respondError('NotSupported', `the harness has no answer for ${call.action}`);
      else incoming.respond(answer);
    };
    const fail = (err: Error) => {
      this.log.event(`harness could not answer ${call.action}: ${err.message}`);
      incoming.respondError('InternalError', 'harness failure');
    };
    try {
      const responder = this.responders.get(call.action);
      const answer = responder === undefined
        ? this.defaults[call.action]?.(call.payload) ?? minimalResponse(this.profile.ocpp, call.action)
        : typeof responder === 'function' ? responder(call) : responder;
      if (answer instanceof Promise) answer.then(deliver, fail);
      else deliver(answer);
    } catch (err) {
      fail(err as Error);
    }
  }

  private fits(call: ReceivedCall, action: string, options: ExpectOptions): boolean {
    if (call.action !== action || this.consumed.has(call)) return false;
    const { after } = options;
    if (typeof after === 'number' && call.at < after) return false;
    // After a call means later in arrival order: timestamps can tie on loopback.
    if (typeof after === 'object' && this.received.indexOf(call) <= this.received.indexOf(after)) return false;
    return whereMatches(call.payload, options.where);
  }

  /**
   * The test's precondition fell through (an operator action could not be performed): every wait of the test
   * ends with that reason at once, instead of timing out and blaming the SUT for a call it was never asked for.
   */
  abort(reason: Error): void {
    this.aborted ??= reason;
    for (const w of this.waiters) {
      this.waiters.delete(w);
      w.reject(reason);
    }
  }

  private aborted?: Error;

  /** Wait for the SUT to send `action` (the oldest not yet consumed that matches), failing after `within` ms. */
  expectCall(action: string, options: ExpectOptions = {}): Promise<ReceivedCall> {
    if (this.aborted) return Promise.reject(this.aborted);
    this.failOnViolation();
    const already = this.received.find((c) => this.fits(c, action, options));
    if (already) {
      this.consumed.add(already);
      return Promise.resolve(already);
    }
    const within = options.within ?? this.profile.timing.callTimeoutMs;
    const ended = this.noteWait(`${action}${describeWhere(options.where)}`, within);
    return new Promise<ReceivedCall>((resolve, reject) => {
      const waiter: Waiter = {
        action, options,
        resolve: (c) => { clearTimeout(timer); resolve(c); },
        reject: (err) => { clearTimeout(timer); reject(err); },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.received.filter((c) => c.action === action).length;
        const violation = this.violations.find((v) => v.message.startsWith(action));
        reject(new Verdict(violation
          ? `expected a valid ${action}, but: ${violation.message}`
          : `expected ${action}${describeWhere(options.where)} within ${within} ms; ${seen ? `${seen} ${action} received, none matching` : 'none received'}`));
      }, within);
      this.waiters.add(waiter);
    }).finally(ended);
  }

  /** Note a wait for the live status line; the returned function ends it. */
  noteWait(what: string, ms: number): () => void {
    const wait = { what, until: Date.now() + ms };
    this.waits.add(wait);
    return () => { this.waits.delete(wait); };
  }

  /** The latest `action` received so far that matches, consumed or not (for checks on what a state step saw). */
  lastCall(action: string, where?: Where<Payload>): ReceivedCall | undefined {
    return this.received.filter((c) => c.action === action && whereMatches(c.payload, where)).at(-1);
  }

  /**
   * Watch for a call the test must not see: the first received after `since` (a call, or an index into
   * `received`; default: from now on) that `unwanted` picks, as soon as it arrives, or undefined when `forMs`
   * pass quietly. A call that already arrived after `since` counts at once: anchor the check on the request
   * whose consequence it watches, since a repeat can land before the check starts.
   */
  firstUnwanted(unwanted: (c: ReceivedCall) => boolean, forMs: number, since?: ReceivedCall | number): Promise<ReceivedCall | undefined> {
    const from = typeof since === 'number' ? since : since ? this.received.indexOf(since) + 1 : this.received.length;
    const already = this.received.slice(from).find(unwanted);
    if (already) return Promise.resolve(already);
    const ended = this.noteWait('quiet: nothing unwanted may arrive', forMs);
    return new Promise<ReceivedCall | undefined>((resolve) => {
      const done = (c?: ReceivedCall) => { clearTimeout(timer); this.off('call', onCall); resolve(c); };
      const onCall = (c: ReceivedCall) => { if (unwanted(c)) done(c); };
      const timer = setTimeout(() => done(), forMs);
      this.on('call', onCall);
    }).finally(ended);
  }

  /** Pass only if no matching `action` arrives during the next `forMs` ms (or, with `after`, since that call). */
  async expectNoCall(action: string, forMs: number, where?: Where<Payload>, after?: ReceivedCall): Promise<void> {
    const since = Date.now();
    const unwanted = await this.firstUnwanted((c) => c.action === action && whereMatches(c.payload, where), forMs, after);
    if (unwanted) throw new Verdict(`${action} must not be sent, but arrived ${unwanted.at - since} ms later: ${JSON.stringify(unwanted.payload)}`);
  }

  private requireSession(what: string): RpcSession {
    if (!this.session || this.session.conn.closed) throw new Verdict(`cannot ${what}: the SUT is not connected`);
    return this.session;
  }

  /** Send a CALL to the SUT and return its CALLRESULT payload; a CALLERROR or silence fails the test. */
  async call(action: string, payload: Payload, timeoutMs?: number): Promise<Payload> {
    const ended = this.noteWait(`the answer to ${action}`, timeoutMs ?? this.profile.timing.callTimeoutMs);
    try {
      return await this.requireSession(`send ${action}`).call(action, payload, timeoutMs);
    } catch (err) {
      throw err instanceof Verdict ? err : new Verdict((err as Error).message);
    } finally {
      ended();
    }
  }

  /** Send a CALL that the SUT must answer with a CALLERROR; returns its code. */
  async callExpectingError(action: string, payload: Payload, timeoutMs?: number): Promise<CallErrorReceived> {
    try {
      const result = await this.requireSession(`send ${action}`).call(action, payload, timeoutMs);
      throw new Verdict(`${action} must be answered with a CALLERROR, got CALLRESULT ${JSON.stringify(result)}`);
    } catch (err) {
      if (err instanceof CallErrorReceived) return err;
      throw err instanceof Verdict ? err : new Verdict((err as Error).message);
    }
  }

  /**
   * Put a frame on the wire exactly as given (RPC and fuzz tests send malformed ones) and return the answer
   * that carries `answerId`, or undefined when none arrives within `within` ms.
   */
  async sendRaw(data: string | Buffer, answerId: string, within = this.profile.timing.callTimeoutMs): Promise<Frame | undefined> {
    return this.requireSession('send a raw frame').sendRawAwaiting(data, answerId, within);
  }

  /** Wait until the SUT closes the current connection. */
  waitForDisconnect(within: number): Promise<number> {
    const session = this.session;
    if (!session || session.conn.closed) return Promise.resolve(session?.conn.closeCode ?? 1006);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Verdict(`expected the connection to close within ${within} ms`)), within);
      session.conn.once('close', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  /** A schema or framing violation by the SUT fails the test at the next expectation. */
  failOnViolation(): void {
    const v = this.violations[0];
    if (v) throw new Verdict(`the SUT violated the protocol: ${v.message}`);
  }

  now(): string {
    return new Date().toISOString();
  }

  /**
   * Reach a reusable state of the official documents. When the running test case is not about that state (its
   * use case is not `owner`), failing to reach it says nothing about the test's subject: the verdict is
   * inconclusive and names the test case whose subject it is. Once a state failed twice in a row in a run (once
   * may be a hiccup), later test cases that build on it end at once instead of each waiting for the same timeout.
   */
  async reusableState<T>(name: string, owner: string, reach: () => Promise<T>): Promise<T> {
    // Outside a test case (the fuzzer's link, discovery) there is no subject to protect and no run to remember for.
    if (!this.scope.testCaseId) return reach();
    const ownerId = `${owner}/${this.profile.ocpp}/${this.scope.testCaseId.split('/').at(-1)}`;
    const isSubject = this.scope.useCase === owner;
    const known = this.scope.brokenStates.get(name);
    if (known && known.times >= 2 && !isSubject) {
      throw new Inconclusive(`reusable state ${name} was not reached earlier in this run (${known.reason}); not retried: ${ownerId} is about it`);
    }
    try {
      const reached = await reach();
      this.scope.brokenStates.delete(name);
      return reached;
    } catch (err) {
      if (!(err instanceof Verdict)) throw err;
      this.scope.brokenStates.set(name, { reason: err.message, times: (known?.times ?? 0) + 1 });
      if (isSubject) throw err;
      throw new Inconclusive(`reusable state ${name} not reached: ${err.message}; ${ownerId} is about it and fails for it`);
    }
  }

  async close(): Promise<void> {
    for (const w of this.waiters) this.waiters.delete(w);
    await this.session?.conn.close();
  }
}
