import { ACCEPTED_ANSWERS, acceptedCodes, isValidErrorCode, type Violation } from '../ocpp/errors.js';
import { CALLERROR, CALLRESULT } from '../ocpp/frames.js';
import { validatePayload } from '../ocpp/schemas.js';
import type { OcppVersion } from '../ocpp/versions.js';
import type { BadAnswer, FuzzFrame, Judgement, Outcome } from './types.js';

/** One exchange as the oracle sees it. */
export interface Exchange {
  version: OcppVersion;
  frame: FuzzFrame;
  outcome: Outcome;
  /** The liveness probe afterwards, when one was sent: did it get an answer? */
  alive?: boolean;
  probeAction: string;
}

const typeCache = new WeakMap<FuzzFrame, number | undefined>();

/** The message type number a text frame starts with, if any (read without parsing what may be a huge frame). */
function messageTypeOf(frame: FuzzFrame): number | undefined {
  if (typeCache.has(frame)) return typeCache.get(frame);
  const m = /^[ \t\r\n]*\[[ \t\r\n]*(-?[0-9][0-9.eE+-]*)[ \t\r\n]*[,\]]/.exec(frame.text.slice(0, 64));
  const type = m ? Number(m[1]) : undefined;
  typeCache.set(frame, type);
  return type;
}

/** May the SUT stay silent on this frame (then the liveness probe decides)? Sets how long the fuzzer waits. */
export function silenceAcceptable(version: OcppVersion, frame: FuzzFrame): boolean {
  if (frame.binary || frame.violation === null) return !!frame.binary;
  const type = messageTypeOf(frame);
  return type === CALLRESULT || type === CALLERROR || ACCEPTED_ANSWERS[frame.violation].silenceAllowed[version];
}

/** A frame no receiver can take for a CALL: binary, not a JSON array, or a CALLRESULT/CALLERROR. */
export function cannotBeCall(frame: FuzzFrame): boolean {
  if (frame.binary || frame.violation === 'not-json' || frame.violation === 'not-array') return true;
  const type = messageTypeOf(frame);
  return type === CALLRESULT || type === CALLERROR;
}

const describeAnswer = (outcome: Outcome) => outcome.kind === 'answer'
  ? (outcome.frame.type === CALLERROR ? `CALLERROR ${outcome.frame.errorCode}` : 'a CALLRESULT')
  : outcome.kind;

/** Judge one exchange by what the version's specification fixes; undefined means nothing to report. */
export function judge(ex: Exchange): Judgement | undefined {
  const { version, frame, outcome } = ex;
  // RFC 6455 lets a receiver close with 1009 on a message too big for it: not a crash.
  if (outcome.kind === 'closed' && outcome.code === 1009 && frame.text.length > 65_536) return undefined;
  if (outcome.kind === 'closed') {
    return { severity: 'high', key: 'closed', reason: `the SUT closed the connection (${outcome.code}${outcome.reason ? ` ${outcome.reason}` : ''}) after: ${frame.description}` };
  }
  if (ex.alive === false) {
    return { severity: 'high', key: 'probe', reason: `the SUT stopped answering: after ${frame.description} (answered with ${describeAnswer(outcome)}), the liveness probe ${ex.probeAction} got no answer` };
  }
  // OCPP-J fixes text frames for sending but not what a receiver does with a binary one: only liveness counts.
  if (frame.binary) return undefined;
  const type = messageTypeOf(frame);
  // A (broken) CALLRESULT or CALLERROR is never answered; silence or an error are both fine.
  if (type === CALLRESULT || type === CALLERROR) {
    if (outcome.kind === 'answer' && outcome.frame.type === CALLERROR && !isValidErrorCode(version, outcome.frame.errorCode)) {
      return { severity: 'low', key: `code:${outcome.frame.errorCode}`, reason: `CALLERROR ${outcome.frame.errorCode} is not an OCPP ${version} error code` };
    }
    return undefined;
  }
  if (frame.violation === null) return judgeValid(version, frame, outcome);
  // Whether the first CALL was still outstanding when its duplicate arrived cannot be seen from outside (the SUT
  // may have finished it already and rightly treat the second as new): only a crash or hang is judged.
  if (frame.violation === 'duplicate-message-id') return undefined;
  return judgeInvalid(version, frame, outcome);
}

function judgeValid(version: OcppVersion, frame: FuzzFrame, outcome: Exclude<Outcome, { kind: 'closed' }>): Judgement | undefined {
  if (outcome.kind === 'silence') {
    return { severity: 'high', key: 'silence', reason: `no answer within ${outcome.waitedMs} ms to a valid ${frame.action} CALL` };
  }
  const answer = outcome.frame;
  if (answer.type === CALLERROR) {
    if (isValidErrorCode(version, answer.errorCode)) return undefined;
    return { severity: 'low', key: `code:${answer.errorCode}`, reason: `valid ${frame.action} answered with CALLERROR ${answer.errorCode}, which is not an OCPP ${version} error code` };
  }
  if (answer.type !== CALLRESULT) return undefined;
  const check = validatePayload(version, frame.action, 'response', answer.payload);
  if (check.valid) return undefined;
  const first = check.problems[0]!;
  return {
    severity: 'medium', key: 'bad-result',
    reason: `valid ${frame.action} answered with a CALLRESULT that violates the response schema: ${first.path || '/'} ${first.message}`,
  };
}

function judgeInvalid(version: OcppVersion, frame: FuzzFrame, outcome: Exclude<Outcome, { kind: 'closed' }>): Judgement | undefined {
  // The generators label each frame by what a validator reports first, so one rule of the table applies.
  const violation = frame.violation as Violation;
  const rule = ACCEPTED_ANSWERS[violation];
  const codes = acceptedCodes(version, violation);
  const why = rule.why;
  const silenceAllowed = rule.silenceAllowed[version];
  const base = { acceptedCodes: codes, why, silenceAllowed };
  if (outcome.kind === 'silence') {
    if (silenceAllowed) return undefined;
    return { ...base, severity: 'high', key: 'silence', reason: `no answer within ${outcome.waitedMs} ms to ${frame.description}; OCPP ${version} requires CALLERROR ${codes.join(' or ')}` };
  }
  const answer = outcome.frame;
  if (answer.type === CALLRESULT) {
    return { ...base, severity: 'medium', key: 'result', reason: `accepted invalid input with a CALLRESULT: ${frame.description}; expected CALLERROR ${codes.join(' or ')}` };
  }
  if (answer.type === CALLERROR && !codes.includes(answer.errorCode)) {
    return { ...base, severity: 'low', key: `code:${answer.errorCode}`, reason: `${frame.description} answered with CALLERROR ${answer.errorCode}; OCPP ${version} accepts ${codes.join(', ')}` };
  }
  return undefined;
}

/** After the harness answered one of the SUT's own CALLs badly, the SUT must stay connected and answering. */
export function judgeAfterBadAnswer(action: string, bad: BadAnswer, closed: { code: number } | undefined, alive: boolean, probeAction: string): Judgement | undefined {
  if (closed) return { severity: 'high', key: 'closed', reason: `the SUT closed the connection (${closed.code}) after its ${action} got ${bad.description}` };
  if (!alive) return { severity: 'high', key: 'probe', reason: `the SUT stopped answering after its ${action} got ${bad.description}: the liveness probe ${probeAction} got no answer` };
  return undefined;
}
