import { ACCEPTED_ANSWERS, acceptedCodes, codeFor, isValidErrorCode, type Violation } from '../ocpp/errors.js';
import { CALLERROR, CALLRESULT, type CallErrorFrame, type CallResultFrame, type Payload } from '../ocpp/frames.js';
import { validatePayload, type MessageKind, type SchemaCheck } from '../ocpp/schemas.js';
import type { OcppVersion } from '../ocpp/versions.js';
import { withChange } from './generators/schema-walk.js';
import type { BadAnswer, FuzzFrame, Judgement, Outcome } from './types.js';

/** One exchange as the oracle sees it. */
export interface Exchange {
  version: OcppVersion;
  frame: FuzzFrame;
  outcome: Outcome;
  /** The liveness probe afterwards, when one was sent: did it get an answer? */
  alive?: boolean;
  probeAction: string;
  /** The SUT answered a valid CALL of this action NotImplemented/NotSupported: it does not implement it. */
  unimplemented?: boolean;
}

/**
 * Message IDs a receiver may put on a CALLERROR when it could not read the frame's own: OCPP-J 2.0.1 asks for
 * "-1"; 1.6 names none, and implementations also send the number -1 or null.
 */
const UNREADABLE_IDS: readonly unknown[] = ['-1', -1, null];

/**
 * An answer read leniently: a CALLRESULT or CALLERROR carrying one of `ids`, or for a CALLERROR also the
 * unreadable-ID convention when `unreadable`, whatever else is missing or malformed (a receiver's error on a frame
 * it could not read is still its answer). Undefined when the text is no such answer.
 */
export function lenientAnswer(text: string, ids: readonly unknown[], unreadable: boolean): CallErrorFrame | CallResultFrame | undefined {
  if (!/^\s*\[\s*[34]\s*,/.test(text)) return undefined;
  let value: unknown;
  try { value = JSON.parse(text); } catch { return undefined; }
  if (!Array.isArray(value) || (value[0] !== CALLERROR && value[0] !== CALLRESULT)) return undefined;
  const id: unknown = value[1];
  const ours = ids.includes(id);
  if (value[0] === CALLRESULT) {
    return ours ? { type: CALLRESULT, messageId: String(id), payload: isObject(value[2]) ? value[2] : {} } : undefined;
  }
  if (!ours && !(unreadable && UNREADABLE_IDS.includes(id))) return undefined;
  return {
    type: CALLERROR, messageId: String(id), errorCode: String(value[2]), errorDescription: typeof value[3] === 'string' ? value[3] : '',
    errorDetails: isObject(value[4]) ? value[4] : {},
  };
}

const isObject = (x: unknown): x is Payload => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A CALLERROR read leniently (see lenientAnswer). */
export function lenientCallError(text: string, ids: readonly unknown[], unreadable: boolean): CallErrorFrame | undefined {
  const answer = lenientAnswer(text, ids, unreadable);
  return answer?.type === CALLERROR ? answer : undefined;
}

/**
 * May a receiver have failed to read this frame's message ID, so that its answer carries the unreadable-ID
 * convention? Only for damage to the RPC frame itself: a schema violation is well-formed JSON with a good ID, and
 * a "-1" arriving then is more likely a late answer to an earlier unreadable frame.
 */
export function idMayBeUnreadable(frame: FuzzFrame): boolean {
  return frame.violation !== null && !PAYLOAD_VIOLATIONS.has(frame.violation) && frame.violation !== 'unknown-action' && frame.violation !== 'duplicate-message-id';
}

/** The IDs an answer to `frame` may carry: its own, or the unreadable one it had, echoed back. */
export function answerIdsOf(frame: FuzzFrame): unknown[] {
  return frame.echoId !== undefined ? [frame.messageId ?? '-1', frame.echoId] : [frame.messageId ?? '-1'];
}

// ISO 8601 local time (no zone), which 1.6 allows: a date, "T", hours and minutes, optional seconds and fraction.
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

const segmentsOf = (pointer: string) => pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

function valueAt(payload: unknown, segments: string[]): unknown {
  let v = payload;
  for (const s of segments) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[s] : undefined;
  return v;
}

/**
 * Validate as the version's specification reads. The official 1.6 schemas say "date-time" (RFC 3339, with a
 * zone), but OCPP 1.6 itself asks for ISO 8601, which admits local time without a zone: a 1.6 payload whose
 * only problems are zone-less date-times is valid. (2.0.1 asks for RFC 3339: the schema is the rule.)
 */
export function checkPayload(version: OcppVersion, action: string, kind: MessageKind, payload: unknown): SchemaCheck {
  let check = validatePayload(version, action, kind, payload);
  let current = payload;
  // Each round fixes the first zone-less date-time the validator names; bounded by the fields there can be.
  for (let round = 0; !check.valid && version === '1.6' && round < 64; round += 1) {
    const first = check.problems[0]!;
    const segments = segmentsOf(first.path);
    const value = valueAt(current, segments);
    if (first.keyword !== 'format' || typeof value !== 'string' || !LOCAL_DATE_TIME.test(value)) return check;
    current = withChange(current, segments, `${value}Z`);
    check = validatePayload(version, action, kind, current);
  }
  return check;
}

/** The payload of a CALL frame text, when it is one (read only where a verdict needs it). */
function payloadOf(frame: FuzzFrame): unknown {
  try {
    const value = JSON.parse(frame.text) as unknown[];
    return Array.isArray(value) ? value[3] : undefined;
  } catch {
    return undefined;
  }
}

/** Violations of the payload (not of the RPC frame): where NotImplemented fits an action the SUT lacks. */
const PAYLOAD_VIOLATIONS: ReadonlySet<Violation> = new Set<Violation>([
  'type', 'required', 'additionalProperties', 'enum', 'maxLength', 'minLength', 'maximum', 'minimum', 'format',
  'maxItems', 'minItems', 'schema-other', 'payload-not-object',
]);

/** Would this judgement go away if the SUT does not implement the action? (Then it is worth finding out.) */
export function hingesOnImplementation(version: OcppVersion, frame: FuzzFrame, judgement: Judgement | undefined): boolean {
  if (!judgement || frame.violation === null || !PAYLOAD_VIOLATIONS.has(frame.violation)) return false;
  return judgement.key === `code:${codeFor(version, 'notImplemented')}` || judgement.key === `code:${codeFor(version, 'notSupported')}`;
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
  // An action the SUT does not implement may be refused as such before its payload is looked at.
  if (ex.unimplemented && outcome.kind === 'answer' && outcome.frame.type === CALLERROR && PAYLOAD_VIOLATIONS.has(frame.violation)
    && [codeFor(version, 'notImplemented'), codeFor(version, 'notSupported')].includes(outcome.frame.errorCode)) return undefined;
  // A 1.6 receiver may accept a zone-less date-time (ISO 8601 local time): not invalid input in 1.6.
  if (version === '1.6' && frame.violation === 'format' && outcome.kind === 'answer' && outcome.frame.type === CALLRESULT) {
    const payload = payloadOf(frame);
    if (payload !== undefined && checkPayload(version, frame.action, 'request', payload).valid) return undefined;
  }
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
  const check = checkPayload(version, frame.action, 'response', answer.payload);
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
