// Sending damaged frames to the SUT and judging what comes back, with the accepted-answers table of
// src/ocpp/errors.ts (the fuzzer's oracle judges with the same table).
import { randomUUID } from 'node:crypto';
import { Verdict, type Peer } from '../../../src/harness/peer.js';
import { Inconclusive } from '../../../src/harness/verdicts.js';
import { ACCEPTED_ANSWERS, acceptedCodes, isValidErrorCode, type Violation } from '../../../src/ocpp/errors.js';
import { CALLERROR, CALLRESULT, parseFrame, type Frame } from '../../../src/ocpp/frames.js';
import type { OcppVersion } from '../../../src/ocpp/versions.js';
import type { RpcSession, StrayAnswer } from '../../../src/session/rpc-session.js';
import type { ProbeCall } from './probe.js';

export const rawCall = (id: unknown, action: string, payload: unknown) => JSON.stringify([2, id, action, payload]);

/** The clause a verdict names, in the version's own OCPP-J document. */
export const clause = (ocpp: OcppVersion, section: string) => `OCPP-J ${ocpp} §${section}`;

/** The session of the connection under test; a verdict when the SUT is not (or no longer) connected. */
export function sessionOf(peer: Peer): RpcSession {
  const session = peer.session;
  if (!session || session.conn.closed) throw new Verdict('the SUT is not connected');
  return session;
}

function describeClose(session: RpcSession): string {
  const { closeCode, closeReason } = session.conn;
  return `closed the connection (${closeCode ?? 1006}${closeReason ? ` ${closeReason}` : ''})`;
}

/** Send the probe with `id` and wait for the answer carrying that ID (undefined: none came). */
function sendProbe(session: RpcSession, probe: ProbeCall, timeoutMs: number, id: string = randomUUID()): Promise<Frame | undefined> {
  return session.sendRawAwaiting(rawCall(id, probe.action, probe.payload), id, timeoutMs);
}

const NOT_THERE = ['NotImplemented', 'NotSupported'];

/**
 * The precondition of every framing check: the probe gets a CALLRESULT carrying its message ID. A SUT that does
 * not implement the (mandatory) probe action leaves the check inconclusive: that is not the RPC framework's fault.
 */
export async function requireProbeAccepted(peer: Peer, ocpp: OcppVersion, probe: ProbeCall, id: string = randomUUID()): Promise<void> {
  const session = sessionOf(peer);
  const timeout = peer.profile.timing.callTimeoutMs;
  const answer = await sendProbe(session, probe, timeout, id);
  if (!answer) {
    if (!session.conn.open) {
      await closed(session.conn, timeout);
      throw new Verdict(`the SUT ${describeClose(session)} instead of answering ${probe.action}`);
    }
    throw new Verdict(`no answer carrying message ID ${id} to ${probe.action} within ${timeout} ms`, clause(ocpp, '4.1.4'));
  }
  if (answer.type !== CALLERROR) return;
  if (answer.malformed) throw new Verdict(`${probe.action} was answered with a malformed CALLERROR ${answer.errorCode}: ${answer.malformed}`, clause(ocpp, '4.2.3'));
  if (!isValidErrorCode(ocpp, answer.errorCode)) {
    throw new Verdict(`${probe.action} was answered with CALLERROR ${answer.errorCode}, which is not an OCPP ${ocpp} error code`, clause(ocpp, ocpp === '2.0.1' ? '4.3' : '4.2.3'));
  }
  const why = NOT_THERE.includes(answer.errorCode)
    ? `the SUT does not implement ${probe.action}, which OCPP ${ocpp} makes mandatory; the RPC checks rely on it`
    : `the RPC checks need a ${probe.action} the SUT accepts`;
  throw new Inconclusive(`${probe.action} was answered with CALLERROR ${answer.errorCode}: ${why}`);
}

/** What a test case expects of the answer to its damaged frame. */
export interface Expectation {
  /** The damage, for messages: "a frame that is not JSON". */
  what: string;
  /** The row of the accepted-answers table that judges the answer. */
  violation: Violation;
  /** The message IDs an answer may carry, and how to say so. */
  ids: { accepts: (id: unknown) => boolean; describe: string; requirement: string };
  /** A CALLRESULT is acceptable too (the damage breaks no stated rule). */
  resultAllowed?: boolean;
  /** An answer of NotImplemented/NotSupported means the SUT lacks the action: inconclusive. */
  inconclusiveIfNotThere?: string;
}

/** The answer to a CALL whose message ID could be read must carry exactly that ID (OCPP-J 4.1.4). */
export function exactId(ocpp: OcppVersion, id: string): Expectation['ids'] {
  return { accepts: (x) => x === id, describe: `the CALL's message ID ${id}`, requirement: clause(ocpp, '4.1.4') };
}

/**
 * The answer to a frame whose message ID cannot be trusted: 2.0.1 asks for "-1" when the ID cannot be read, and an
 * echo of what was sent shows it could be; 1.6 has no rule for it.
 */
export function unreadableId(ocpp: OcppVersion, sent?: unknown): Expectation['ids'] {
  if (ocpp === '1.6') return { accepts: () => true, describe: 'any message ID', requirement: '' };
  const echo = (x: unknown) => sent !== undefined && (x === sent || x === String(sent));
  return {
    accepts: (x) => x === '-1' || echo(x),
    describe: `"-1"${sent === undefined ? '' : ` (or the ID as sent, ${JSON.stringify(sent)})`}`,
    requirement: clause(ocpp, '4.2.3'),
  };
}

interface ReadAnswer { type: number; id: unknown; errorCode?: string; malformed?: string }

/** Read an answer leniently: its ID whatever its form, the rest of the frame checked as if the ID were fine. */
function readAnswer(answer: StrayAnswer): ReadAnswer {
  const value = JSON.parse(answer.text) as unknown[];
  const [type, id] = value;
  const rest = parseFrame(JSON.stringify([type, 'id', ...value.slice(2)]));
  if (rest.type === 'bad') return { type: Number(type), id, malformed: rest.detail };
  return { type: rest.type, id, errorCode: rest.type === CALLERROR ? rest.errorCode : undefined, malformed: rest.type === CALLERROR ? rest.malformed : undefined };
}

/** Judge the answer (or silence) to a damaged frame by the accepted-answers table. */
export function judgeAnswer(ocpp: OcppVersion, answer: StrayAnswer | undefined, expect: Expectation, waitedMs: number): void {
  const rule = ACCEPTED_ANSWERS[expect.violation];
  const codes = acceptedCodes(ocpp, expect.violation);
  const expected = `CALLERROR ${codes.join(' or ')}${rule.silenceAllowed[ocpp] ? ', or no answer' : ''}`;
  const requirement = expect.violation === 'unknown-message-type' && ocpp === '2.0.1' ? clause(ocpp, '4.4') : clause(ocpp, '4.2.3');
  if (!answer) {
    if (rule.silenceAllowed[ocpp]) return;
    throw new Verdict(`${expect.what}: no answer within ${waitedMs} ms; OCPP ${ocpp} requires ${expected}`, requirement);
  }
  const read = readAnswer(answer);
  if (read.malformed) {
    throw new Verdict(`${expect.what}: answered with a malformed ${read.type === CALLERROR ? `CALLERROR${read.errorCode ? ` ${read.errorCode}` : ''}` : 'frame'}: ${read.malformed}`, clause(ocpp, '4.2.3'));
  }
  if (!expect.ids.accepts(read.id)) {
    throw new Verdict(`${expect.what}: the answer carries message ID ${JSON.stringify(read.id)}; expected ${expect.ids.describe}`, expect.ids.requirement || undefined);
  }
  if (read.type === CALLRESULT) {
    if (expect.resultAllowed) return;
    throw new Verdict(`${expect.what}: accepted with a CALLRESULT; expected ${expected}`, requirement);
  }
  const code = read.errorCode!;
  if (expect.inconclusiveIfNotThere && NOT_THERE.includes(code)) {
    throw new Inconclusive(`${expect.what}: answered CALLERROR ${code}: ${expect.inconclusiveIfNotThere}`);
  }
  if (!codes.includes(code)) {
    throw new Verdict(`${expect.what}: CALLERROR ${code}; OCPP ${ocpp} accepts ${codes.join(', ')} (${rule.why})`, requirement);
  }
}

/**
 * Everything the SUT answers while a damaged frame is in flight, on one connection: answers that match no CALL
 * of ours go here instead of counting as violations, because the test case judges them itself.
 */
class AnswerCollector {
  readonly answers: StrayAnswer[] = [];
  private wake?: () => void;
  private readonly release: () => void;
  private readonly onClose = () => this.wake?.();

  constructor(private readonly session: RpcSession) {
    this.release = session.catchStrayAnswers((a) => {
      this.answers.push(a);
      this.wake?.();
    });
    session.conn.on('close', this.onClose);
  }

  /** Resolve once an answer is in, the connection closed, or `ms` passed. */
  first(ms: number): Promise<void> {
    if (this.answers.length || this.session.conn.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  stop(): void {
    this.release();
    this.session.conn.off('close', this.onClose);
    this.wake?.();
  }
}

export interface DamagedFrame {
  /** The frame as it goes on the wire. */
  data: string;
  /**
   * A CALL the SUT can read (its action and message ID): OCPP-J 4.1.1 lets the next CALL go out only once it is
   * answered or timed out. Anything else may be followed by the probe at once: an in-order receiver answers the
   * damaged frame first, and the probe's answer marks the point by which it would have.
   */
  isCall: boolean;
}

/**
 * Send a damaged frame, then the probe, and judge both: the answer to the frame by `expect` (omit it for a frame
 * that needs no answer), and the probe's answer, which must come on the same connection: after any bad frame the
 * SUT keeps answering valid CALLs (a receiver reports an invalid message with a CALLERROR, or in 2.0.1 drops it;
 * closing the connection or falling silent is neither).
 */
export async function sendDamaged(peer: Peer, ocpp: OcppVersion, probe: ProbeCall, frame: DamagedFrame, expect: Expectation | { what: string }): Promise<void> {
  const session = sessionOf(peer);
  const timeout = peer.profile.timing.callTimeoutMs;
  const collector = new AnswerCollector(session);
  const started = Date.now();
  let alive: Verdict | undefined;
  try {
    try {
      session.conn.sendRaw(frame.data);
    } catch {
      throw new Verdict(`the SUT ${describeClose(session)} before ${expect.what} could be sent`);
    }
    const judged = 'violation' in expect ? expect : undefined;
    if (judged && (frame.isCall || !ACCEPTED_ANSWERS[judged.violation].silenceAllowed[ocpp])) await collector.first(timeout);
    alive = await stillAnswering(session, ocpp, probe, expect.what, timeout);
    // A required answer may trail the probe's when the SUT does not answer in order.
    if (judged && !collector.answers.length && !ACCEPTED_ANSWERS[judged.violation].silenceAllowed[ocpp] && session.conn.open) {
      await collector.first(Math.max(0, timeout - (Date.now() - started)));
    }
    // No answer and no probe answer either: the closed or silent connection is the finding, not the silence.
    if (judged && (collector.answers.length || !alive)) judgeAnswer(ocpp, collector.answers[0], judged, Date.now() - started);
  } finally {
    collector.stop();
  }
  if (alive) throw alive;
}

/** The probe after a damaged frame: undefined when the SUT answered it, otherwise the verdict to give. */
async function stillAnswering(session: RpcSession, ocpp: OcppVersion, probe: ProbeCall, what: string, timeout: number): Promise<Verdict | undefined> {
  const requirement = clause(ocpp, '4.2.3');
  const answer = session.conn.open ? await sendProbe(session, probe, timeout) : undefined;
  if (answer) return undefined;
  // A close the SUT started may still be in its closing handshake: let it finish, so the verdict can say so.
  if (!session.conn.open) {
    await closed(session.conn, timeout);
    return new Verdict(`after ${what}, the SUT ${describeClose(session)}`, requirement);
  }
  return new Verdict(`after ${what}, the SUT stopped answering: ${probe.action} got no answer within ${timeout} ms`, requirement);
}

/** Resolve when the connection has closed, or after `ms`. */
function closed(conn: RpcSession['conn'], ms: number): Promise<void> {
  if (conn.closed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      conn.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    conn.on('close', done);
  });
}
