import type { Violation } from './errors.js';

/** OCPP-J message type numbers. */
export const CALL = 2;
export const CALLRESULT = 3;
export const CALLERROR = 4;

export type Payload = Record<string, unknown>;

export interface CallFrame { type: typeof CALL; messageId: string; action: string; payload: Payload }
export interface CallResultFrame { type: typeof CALLRESULT; messageId: string; payload: Payload }
export interface CallErrorFrame {
  type: typeof CALLERROR; messageId: string; errorCode: string; errorDescription: string; errorDetails: Payload;
  /**
   * Set when the frame is recognisably a CALLERROR (readable message ID and error code) but breaks its format:
   * errorDetails not an object, errorDescription not a string, missing or extra elements. Such an answer is
   * still the answer to its CALL, and a protocol violation by its sender; the fields above then hold what could
   * be read ('' and {} for the unusable parts).
   */
  malformed?: string;
}
export type Frame = CallFrame | CallResultFrame | CallErrorFrame;

/** A frame we could not accept, with what a receiver should say about it. */
export interface BadFrame {
  type: 'bad';
  violation: Violation;
  /** The message ID when it could be read, otherwise "-1" as OCPP-J 2.0.1 §4.2.3 asks. */
  messageId: string;
  /** The message type number, when it could be read: a bad CALLRESULT/CALLERROR gets no answer. */
  messageType?: number;
  detail: string;
}

export const MAX_MESSAGE_ID_LENGTH = 36;

export function serialize(frame: Frame): string {
  switch (frame.type) {
    case CALL: return JSON.stringify([CALL, frame.messageId, frame.action, frame.payload]);
    case CALLRESULT: return JSON.stringify([CALLRESULT, frame.messageId, frame.payload]);
    case CALLERROR:
      return JSON.stringify([CALLERROR, frame.messageId, frame.errorCode, frame.errorDescription, frame.errorDetails]);
  }
}

function isObject(x: unknown): x is Payload {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function bad(violation: Violation, detail: string, messageId = '-1', messageType?: number): BadFrame {
  return { type: 'bad', violation, messageId, messageType, detail };
}

/** Parse one text frame. Never throws: anything malformed becomes a BadFrame saying why. */
export function parseFrame(text: string): Frame | BadFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad('not-json', 'frame is not valid JSON');
  }
  if (!Array.isArray(value)) return bad('not-array', 'frame is not a JSON array');
  const [type, id] = value;
  const idReadable = typeof id === 'string' && id.length > 0 && id.length <= MAX_MESSAGE_ID_LENGTH;
  const messageId = idReadable ? id : '-1';
  const messageType = typeof type === 'number' ? type : undefined;
  if (type !== CALL && type !== CALLRESULT && type !== CALLERROR) {
    return bad('unknown-message-type', `unknown message type ${JSON.stringify(type)}`, messageId, messageType);
  }
  if (!idReadable) {
    return bad('bad-message-id', `message ID must be a string of 1 to ${MAX_MESSAGE_ID_LENGTH} characters`, '-1', type);
  }
  if (type === CALL) {
    if (value.length !== 4) return bad('bad-arity', `a CALL has 4 elements, got ${value.length}`, id, type);
    const [, , action, payload] = value;
    if (typeof action !== 'string' || action.length === 0) return bad('bad-arity', 'action must be a non-empty string', id, type);
    if (!isObject(payload)) return bad('payload-not-object', 'CALL payload must be a JSON object', id, type);
    return { type: CALL, messageId: id, action, payload };
  }
  if (type === CALLRESULT) {
    if (value.length !== 3) return bad('bad-arity', `a CALLRESULT has 3 elements, got ${value.length}`, id, type);
    if (!isObject(value[2])) return bad('payload-not-object', 'CALLRESULT payload must be a JSON object', id, type);
    return { type: CALLRESULT, messageId: id, payload: value[2] };
  }
  const [, , errorCode, errorDescription, errorDetails] = value;
  if (typeof errorCode !== 'string') return bad('bad-arity', `CALLERROR errorCode must be a string, got ${jsonKind(errorCode)}`, id, type);
  const defects: string[] = [];
  if (value.length !== 5) defects.push(`a CALLERROR has 5 elements, got ${value.length}`);
  if (typeof errorDescription !== 'string') defects.push(`errorDescription must be a string, got ${jsonKind(errorDescription)}`);
  if (!isObject(errorDetails)) defects.push(`errorDetails must be a JSON object, got ${jsonKind(errorDetails)}`);
  return {
    type: CALLERROR, messageId: id, errorCode,
    errorDescription: typeof errorDescription === 'string' ? errorDescription : '',
    errorDetails: isObject(errorDetails) ? errorDetails : {},
    ...(defects.length ? { malformed: defects.join('; ') } : {}),
  };
}

/** How a JSON value reads in a message: 'a string', 'an array', 'null', 'nothing' (element missing). */
export function jsonKind(x: unknown): string {
  if (x === undefined) return 'nothing';
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x === 'object' ? 'an object' : `a ${typeof x}`;
}
