import { CALLERROR, CALLRESULT, parseFrame, type Frame, type Payload } from '../ocpp/frames.js';
import type { OcppVersion } from '../ocpp/versions.js';
import type { Peer } from '../harness/peer.js';
import type { LoggedFrame } from '../transport/frame-log.js';
import { answerIdsOf, idMayBeUnreadable, lenientAnswer } from './oracle.js';
import type { FuzzFrame, Outcome, SutRole } from './types.js';

/** How long the fuzzer waits for things; short for the loopback reference, longer for real SUTs. */
export interface LinkTiming {
  /** For an answer the specification requires. */
  answerMs: number;
  /** Before concluding silence where silence is allowed (the liveness probe then decides). */
  silenceMs: number;
  /** For the liveness probe's answer. */
  probeMs: number;
  /** For the SUT to (re)connect and reach the campaign's state. */
  readyMs: number;
}

/** Keep the trace of a long campaign bounded: findings only need the frames around them. */
const LOG_KEEP = 2000;

/**
 * The fuzzer's line to the SUT, over the harness peer of the matching role: puts raw frames on the wire, waits
 * for the answer carrying a given ID (or silence, or a close), sends liveness probes, and brings the SUT back to
 * the campaign's state after a crash. Subclasses know how to reach that state for their role.
 */
export abstract class SutLink {
  abstract readonly role: SutRole;
  abstract readonly peer: Peer;
  /** A CALL the SUT must always accept: Heartbeat for a CSMS, GetConfiguration / GetVariables for a charger. */
  abstract readonly probeCall: { action: string; payload: Payload };
  /** Set when the connection was found closed between frames, with nothing the fuzzer sent to explain it. */
  unexpectedClose?: { code: number; reason: string };
  reconnects = 0;
  probes = 0;
  /** Per action, learnt from its valid CALLs: does the SUT implement it (false: NotImplemented/NotSupported)? */
  readonly implemented = new Map<string, boolean>();
  private healthy = false;
  private expectClose = false;
  private started = false;
  private probeCounter = 0;

  constructor(readonly version: OcppVersion, readonly timing: LinkTiming) {}

  /** Reach the campaign's state for the first time, or again after a close or a failed probe. */
  protected abstract establish(first: boolean): Promise<void>;

  /** The current connection's frame log (a charger's connections each have their own). */
  get log(): LoggedFrame[] {
    return (this.peer.session?.conn.log ?? this.peer.log).frames;
  }

  /** Make sure the SUT is connected and in the campaign's state; cheap when it already is. */
  async ready(): Promise<void> {
    this.trimLog();
    if (this.healthy && this.peer.connected) return;
    if (this.healthy && !this.expectClose) {
      const conn = this.peer.session?.conn;
      this.unexpectedClose = { code: conn?.closeCode ?? 1006, reason: conn?.closeReason ?? '' };
    }
    const first = !this.started;
    this.started = true;
    if (!first) this.reconnects += 1;
    // Violations the SUT committed while being fuzzed are the fuzzer's business, not the state helpers'.
    this.peer.violations.length = 0;
    await this.establish(first);
    this.healthy = true;
    this.expectClose = false;
  }

  /** The connection number the SUT last misbehaved on; a newer one is a fresh start already. */
  protected distrustedConnection = 0;

  /** Start over before the next frame: the SUT misbehaved and may be stuck. */
  distrust(): void {
    this.healthy = false;
    this.distrustedConnection = this.peer.connectionCount;
  }

  /** Resolve once the current connection has closed, or after `ms` (whichever comes first). */
  untilClosed(ms: number): Promise<void> {
    const conn = this.peer.session?.conn;
    if (!conn || conn.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); conn.off('close', done); resolve(); };
      const timer = setTimeout(done, ms);
      conn.once('close', done);
    });
  }

  /** The SUT may close the connection now without that being a finding (it was told to reset). */
  allowClose(): void {
    this.expectClose = true;
  }

  /** What the harness keeps per frame (log lines, the SUT's calls, its violations) stays bounded. */
  private trimLog(): void {
    if (this.log.length > LOG_KEEP * 2) this.log.splice(0, this.log.length - LOG_KEEP);
    if (this.peer.received.length > LOG_KEEP) this.peer.received.splice(0, this.peer.received.length - 100);
    if (this.peer.violations.length > 100) this.peer.violations.length = 0;
  }

  /** Send a frame and wait for the answer carrying its message ID ("-1" when it has none readable). */
  exchange(frame: FuzzFrame, waitMs: number): Promise<Outcome> {
    const session = this.peer.session;
    if (!session || session.conn.closed) return Promise.resolve(this.closedOutcome());
    const conn = session.conn;
    const answerId = frame.messageId ?? '-1';
    const data = frame.binary ? Buffer.from(frame.text, 'utf8') : frame.text;
    const started = Date.now();
    if (frame.before !== undefined) return this.exchangeAfter(frame.before, data, answerId, waitMs);
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        conn.off('close', onClose);
        if (onText) conn.off('text', onText);
        resolve(outcome);
      };
      const onClose = () => finish(this.closedOutcome());
      // Invalid input may be refused by a parser that never got to the ID: its CALLERROR then carries "-1" (or
      // is malformed itself). Either is still the answer to this frame, judged by its code, never silence.
      const ids = answerIdsOf(frame);
      const unreadable = idMayBeUnreadable(frame);
      const onText = frame.violation === null ? undefined : (text: string) => {
        const answer = lenientAnswer(text, ids, unreadable);
        if (answer) finish({ kind: 'answer', frame: answer, ms: Date.now() - started });
      };
      conn.once('close', onClose);
      if (onText) conn.on('text', onText);
      void session.sendRawAwaiting(data, answerId, waitMs).then((answer) => {
        if (answer) finish({ kind: 'answer', frame: answer, ms: Date.now() - started });
        else finish(conn.closed ? this.closedOutcome() : { kind: 'silence', waitedMs: waitMs });
      });
    });
  }

  /**
   * A frame that needs another one outstanding first (a duplicate message ID): send both back to back and keep
   * the last answer carrying the ID, since the first answer normally belongs to the first frame.
   */
  private exchangeAfter(before: string, data: string | Buffer, answerId: string, waitMs: number): Promise<Outcome> {
    const conn = this.peer.session!.conn;
    const started = Date.now();
    const answers: Frame[] = [];
    return new Promise((resolve) => {
      const finish = (outcome: Outcome) => {
        clearTimeout(timer);
        conn.off('text', onText);
        conn.off('close', onClose);
        resolve(outcome);
      };
      const onText = (text: string) => {
        const match = /^\s*\[\s*([34])\s*,\s*"([^"]*)"/.exec(text);
        if (!match || match[2] !== answerId) return;
        try {
          const value = JSON.parse(text) as unknown[];
          answers.push(match[1] === '3'
            ? { type: 3, messageId: answerId, payload: value[2] as Payload }
            : { type: 4, messageId: answerId, errorCode: String(value[2]), errorDescription: String(value[3]), errorDetails: {} });
        } catch { return; }
        if (answers.length === 2) finish({ kind: 'answer', frame: answers[1]!, ms: Date.now() - started });
      };
      const onClose = () => finish(this.closedOutcome());
      const timer = setTimeout(() => {
        const last = answers.at(-1);
        finish(last ? { kind: 'answer', frame: last, ms: Date.now() - started } : { kind: 'silence', waitedMs: waitMs });
      }, waitMs);
      conn.on('text', onText);
      conn.once('close', onClose);
      try {
        conn.sendRaw(before);
        conn.sendRaw(data);
      } catch {
        finish(this.closedOutcome());
      }
    });
  }

  /**
   * For a frame no receiver can take for a CALL (binary, not a JSON array, a CALLRESULT or CALLERROR), send the
   * liveness probe right behind it instead of first waiting out a silence: the probe's answer marks the point by
   * which an in-order receiver would have answered the frame. Not a second outstanding CALL, so OCPP-J allows it.
   */
  async exchangeWithProbe(frame: FuzzFrame): Promise<{ outcome: Outcome; alive: boolean }> {
    const session = this.peer.session;
    if (!session || session.conn.closed) return { outcome: this.closedOutcome(), alive: false };
    const conn = session.conn;
    const answerId = frame.messageId ?? '-1';
    let seen: Frame | undefined;
    const onText = (text: string) => {
      if (seen) return;
      const f = text.includes(answerId) ? parseFrame(text) : undefined;
      if (f && (f.type === CALLRESULT || f.type === CALLERROR) && f.messageId === answerId) seen = f;
      // A receiver that could not read the frame answers with the unreadable-ID convention, perhaps sloppily.
      else if (frame.violation !== null) seen = lenientAnswer(text, answerIdsOf(frame), idMayBeUnreadable(frame));
    };
    const started = Date.now();
    conn.on('text', onText);
    try {
      conn.sendRaw(frame.binary ? Buffer.from(frame.text, 'utf8') : frame.text);
      const probe = await this.probeAnswer();
      if (probe.kind === 'closed') return { outcome: probe, alive: false };
      const outcome: Outcome = seen ? { kind: 'answer', frame: seen, ms: Date.now() - started } : { kind: 'silence', waitedMs: Date.now() - started };
      return { outcome, alive: probe.kind === 'answer' };
    } catch {
      return { outcome: this.closedOutcome(), alive: false };
    } finally {
      conn.off('text', onText);
    }
  }

  private closedOutcome(): Outcome {
    const conn = this.peer.session?.conn;
    return { kind: 'closed', code: conn?.closeCode ?? 1006, reason: conn?.closeReason ?? '' };
  }

  /** Send the liveness probe; true when the SUT answered it (a CALLRESULT or a CALLERROR: it is alive). */
  async probe(): Promise<boolean> {
    return (await this.probeAnswer()).kind === 'answer';
  }

  protected probeAnswer(timeoutMs = this.timing.probeMs): Promise<Outcome> {
    this.probes += 1;
    const id = `probe-${++this.probeCounter}`;
    const { action, payload } = this.probeCall;
    return this.exchange(
      { text: JSON.stringify([2, id, action, payload]), messageId: id, violation: null, action, description: `probe ${action}` },
      timeoutMs,
    );
  }

  /** The frames logged since `mark` (an index into the log), as report lines with times relative to the first. */
  traceSince(mark: number): string[] {
    const frames = this.log.slice(Math.max(0, Math.min(mark, this.log.length)));
    const t0 = frames[0]?.at ?? 0;
    const arrow = { in: '<-', out: '->', event: '**' } as const;
    return frames.map((f) => `${String(f.at - t0).padStart(5)} ms ${arrow[f.dir]} ${f.text}`);
  }

  abstract close(): Promise<void>;
}
