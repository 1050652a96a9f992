import { randomUUID } from 'node:crypto';
import {
  CALL, CALLERROR, CALLRESULT, parseFrame, serialize, type BadFrame, type CallFrame, type Frame, type Payload,
} from '../ocpp/frames.js';
import { preferredCode, codeFor, violationOfKeyword as violationOf } from '../ocpp/errors.js';
import { isKnownAction } from '../ocpp/actions.js';
import { describeProblems, hasSchema, validatePayload, type SchemaProblem } from '../ocpp/schemas.js';
import type { OcppConnection } from '../transport/connection.js';

/**
 * The peer answered our CALL with a CALLERROR. `malformed` says what is wrong with the CALLERROR itself when it
 * breaks the frame format (errorDetails not an object, ...): still the answer to the CALL, and a violation.
 */
export class CallErrorReceived extends Error {
  constructor(readonly action: string, readonly code: string, readonly description: string, readonly details: Payload,
    readonly malformed?: string) {
    super(`${action} was answered with ${malformed ? 'a malformed ' : ''}CALLERROR ${code}${description ? `: ${description}` : ''}`
      + (malformed ? ` (${malformed})` : ''));
    this.name = 'CallErrorReceived';
  }
}

export class CallTimeout extends Error {
  constructor(readonly action: string, readonly timeoutMs: number) {
    super(`no answer to ${action} within ${timeoutMs} ms`);
    this.name = 'CallTimeout';
  }
}

export class ConnectionClosed extends Error {
  constructor(what: string) {
    super(`connection closed ${what}`);
    this.name = 'ConnectionClosed';
  }
}

/** The peer sent something the specification forbids: wrong schema, unknown message ID, bad frame. */
export class ProtocolViolation extends Error {
  constructor(message: string, readonly problems: SchemaProblem[] = [], readonly action?: string) {
    super(message);
    this.name = 'ProtocolViolation';
  }
}

/** A CALL the peer sent us, waiting for our answer. */
export interface IncomingCall {
  messageId: string;
  action: string;
  payload: Payload;
  /** When it arrived, ms since the epoch. */
  at: number;
  answered: boolean;
  respond(payload: Payload): void;
  respondError(code: string, description?: string, details?: Payload): void;
}

export interface SessionOptions {
  callTimeoutMs: number;
  /** Who answers incoming valid CALLs. Throwing an OcppError answers with its code. */
  onCall: (call: IncomingCall) => void;
  /** Called for each protocol violation by the peer (the harness fails the test; the reference ignores). */
  onViolation?: (v: ProtocolViolation) => void;
  /** Validate our own outgoing payloads too (off for the fuzzer and RPC tests that send bad ones on purpose). */
  validateOutgoing?: boolean;
  /** Sees each incoming text frame first; returning true means it was handled (reference faults use this). */
  intercept?: (text: string) => boolean;
}

/** An answer (CALLRESULT or CALLERROR, well-formed or not) that matched no CALL we have outstanding. */
export interface StrayAnswer {
  text: string;
  frame: Frame | BadFrame;
  /** Arrival, ms since the epoch. */
  at: number;
}

interface Pending {
  action: string;
  resolve: (payload: Payload) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * OCPP-J RPC over one connection: correlates answers by message ID, keeps one CALL outstanding per direction,
 * validates every payload against the official schemas, and answers malformed input as the version requires.
 */
export class RpcSession {
  private readonly pending = new Map<string, Pending>();
  private readonly incomingIds = new Set<string>();
  /** Waiters of raw frames by answer ID; each takes only answers that arrived after its frame was sent. */
  private readonly rawPending = new Map<string, { after: number; take: (frame: Frame) => void }>();
  /** Frames received and frames handled so far: an answer's place in the stream, to tell a late one from a new one. */
  private received = 0;
  private handled = 0;
  private straySink?: (answer: StrayAnswer) => void;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly conn: OcppConnection, private readonly options: SessionOptions) {
    conn.on('text', (text) => this.enqueue(text));
    conn.on('binary', () => this.violation(new ProtocolViolation('peer sent a binary frame; OCPP-J uses text frames only')));
    conn.on('close', () => {
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new ConnectionClosed(`while waiting for the answer to ${p.action}`));
        this.pending.delete(id);
      }
    });
  }

  get version() {
    return this.conn.version;
  }

  /** Send a CALL and wait for its CALLRESULT payload; rejects with CallErrorReceived, CallTimeout or ProtocolViolation. */
  call(action: string, payload: Payload, timeoutMs = this.options.callTimeoutMs): Promise<Payload> {
    // One outstanding CALL at a time: the next waits until the previous one is settled.
    const next = this.queue.then(() => this.callNow(action, payload, timeoutMs));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private callNow(action: string, payload: Payload, timeoutMs: number): Promise<Payload> {
    if (this.options.validateOutgoing !== false) {
      const check = validatePayload(this.version, action, 'request', payload);
      if (!check.valid) throw new Error(`harness bug: our ${action} request violates the schema: ${describeProblems(check.problems)}`);
    }
    const messageId = randomUUID();
    return new Promise<Payload>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(messageId);
        reject(new CallTimeout(action, timeoutMs));
      }, timeoutMs);
      this.pending.set(messageId, { action, resolve, reject, timer });
      try {
        this.conn.sendText(serialize({ type: CALL, messageId, action, payload }));
      } catch (err) {
        clearTimeout(timer);
        this.pending.delete(messageId);
        reject(new ConnectionClosed(`before ${action} could be sent`));
      }
    });
  }

  /**
   * Put a frame on the wire as is (possibly malformed) and wait for the answer carrying `answerId`.
   * Resolves with the answer frame, or undefined when none came within timeoutMs (silence is data here).
   */
  sendRawAwaiting(data: string | Buffer, answerId: string, timeoutMs: number): Promise<Frame | undefined> {
    return new Promise((resolve) => {
      // Answers already received but not yet handled (frames are handled one per turn) belong to earlier frames:
      // a late "-1" for the previous unreadable frame must not be taken as this one's answer.
      const waiter = { after: this.received, take: (frame: Frame) => done(frame) };
      const done = (frame: Frame | undefined) => {
        clearTimeout(timer);
        if (this.rawPending.get(answerId) === waiter) this.rawPending.delete(answerId);
        resolve(frame);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      this.rawPending.set(answerId, waiter);
      try {
        this.conn.sendRaw(data);
      } catch {
        done(undefined);
      }
    });
  }

  /**
   * Until the returned function is called, answers that match no outstanding CALL go to `sink` instead of being
   * reported as violations: RPC test cases send damaged frames and judge whatever comes back themselves.
   */
  catchStrayAnswers(sink: (answer: StrayAnswer) => void): () => void {
    this.straySink = sink;
    return () => {
      if (this.straySink === sink) this.straySink = undefined;
    };
  }

  private violation(v: ProtocolViolation): void {
    this.conn.log.event(`violation: ${v.message}`);
    this.options.onViolation?.(v);
  }

  private sendError(messageId: string, code: string, description: string): void {
    this.conn.sendIfOpen(serialize({ type: CALLERROR, messageId, errorCode: code, errorDescription: description.slice(0, 255), errorDetails: {} }));
  }

  private readonly inbox: string[] = [];

  // ws may deliver several frames in one tick; handling each in its own turn lets the effects of an answer
  // (a boot becoming Rejected, say) settle before the next frame is judged, as on a real network.
  private enqueue(text: string): void {
    this.received += 1;
    this.inbox.push(text);
    if (this.inbox.length === 1) setImmediate(() => this.drain());
  }

  private drain(): void {
    const text = this.inbox[0];
    if (text === undefined) return;
    try {
      this.handled += 1;
      this.onText(text);
    } finally {
      this.inbox.shift();
      if (this.inbox.length) setImmediate(() => this.drain());
    }
  }

  private onText(text: string): void {
    if (this.options.intercept?.(text)) return;
    const frame = parseFrame(text);
    if (frame.type === 'bad') return this.onBadFrame(text, frame);
    if (frame.type === CALL) return this.onCall(frame);
    const raw = this.rawPending.get(frame.messageId);
    if (raw && this.handled > raw.after) return raw.take(frame);
    const pending = this.pending.get(frame.messageId);
    if (!pending) {
      if (this.straySink) return this.straySink({ text, frame, at: Date.now() });
      this.violation(new ProtocolViolation(`answer with message ID ${frame.messageId} matches no outstanding CALL`));
      return;
    }
    this.pending.delete(frame.messageId);
    clearTimeout(pending.timer);
    if (frame.type === CALLERROR) {
      const err = new CallErrorReceived(pending.action, frame.errorCode, frame.errorDescription, frame.errorDetails, frame.malformed);
      // The CALL got its answer, but the answer breaks the frame format: a violation, named as what it is.
      if (frame.malformed) this.violation(new ProtocolViolation(err.message, [], pending.action));
      pending.reject(err);
      return;
    }
    const check = validatePayload(this.version, pending.action, 'response', frame.payload);
    if (!check.valid) {
      const v = new ProtocolViolation(`${pending.action} response violates the schema: ${describeProblems(check.problems)}`, check.problems);
      this.violation(v);
      pending.reject(v);
      return;
    }
    pending.resolve(frame.payload);
  }

  private onBadFrame(text: string, frame: BadFrame): void {
    const isAnswer = frame.messageType === CALLRESULT || frame.messageType === CALLERROR;
    // A broken answer whose message ID can be read still answers that CALL: say so rather than let it time out.
    const pending = isAnswer ? this.pending.get(frame.messageId) : undefined;
    if (pending) {
      this.pending.delete(frame.messageId);
      clearTimeout(pending.timer);
      const kind = frame.messageType === CALLRESULT ? 'CALLRESULT' : 'CALLERROR';
      const v = new ProtocolViolation(`${pending.action} was answered with a malformed ${kind}: ${frame.detail}`, [], pending.action);
      this.violation(v);
      pending.reject(v);
      return;
    }
    if (isAnswer && this.straySink) return this.straySink({ text, frame, at: Date.now() });
    this.violation(new ProtocolViolation(`malformed frame: ${frame.detail}`));
    // Never answer a broken answer; a broken or unknown-type CALL gets the CALLERROR the version asks for.
    if (!isAnswer) this.sendError(frame.messageId, preferredCode(this.version, frame.violation), frame.detail);
  }

  private onCall(frame: CallFrame): void {
    const { messageId, action, payload } = frame;
    if (this.incomingIds.has(messageId)) {
      this.violation(new ProtocolViolation(`CALL ${action} reuses message ID ${messageId} of a CALL still being handled`));
      return this.sendError(messageId, preferredCode(this.version, 'duplicate-message-id'), 'message ID already in use');
    }
    if (!isKnownAction(this.version, action) || !hasSchema(this.version, action, 'request')) {
      return this.sendError(messageId, codeFor(this.version, 'notImplemented'), `unknown action ${action}`);
    }
    const check = validatePayload(this.version, action, 'request', payload);
    if (!check.valid) {
      const first = check.problems[0]!;
      this.violation(new ProtocolViolation(`${action} request violates the schema: ${describeProblems(check.problems)}`, check.problems, action));
      return this.sendError(messageId, preferredCode(this.version, violationOf(first.keyword)), describeProblems([first]));
    }
    this.incomingIds.add(messageId);
    const finish = () => this.incomingIds.delete(messageId);
    const call: IncomingCall = {
      messageId, action, payload, at: Date.now(), answered: false,
      respond: (result: Payload) => {
        if (call.answered) return;
        call.answered = true;
        finish();
        if (this.options.validateOutgoing !== false) {
          const c = validatePayload(this.version, action, 'response', result);
          if (!c.valid) throw new Error(`harness bug: our ${action} response violates the schema: ${describeProblems(c.problems)}`);
        }
        this.conn.sendIfOpen(serialize({ type: CALLRESULT, messageId, payload: result }));
      },
      respondError: (code: string, description = '', details: Payload = {}) => {
        if (call.answered) return;
        call.answered = true;
        finish();
        this.conn.sendIfOpen(serialize({ type: CALLERROR, messageId, errorCode: code, errorDescription: description, errorDetails: details }));
      },
    };
    this.options.onCall(call);
  }
}


