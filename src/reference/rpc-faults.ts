import { CALL, CALLERROR, CALLRESULT, MAX_MESSAGE_ID_LENGTH, parseFrame, serialize } from '../ocpp/frames.js';
import { isKnownAction } from '../ocpp/actions.js';
import { validatePayload } from '../ocpp/schemas.js';
import type { Violation } from '../ocpp/errors.js';
import { minimalResponse } from '../harness/default-answers.js';
import type { OcppConnection } from '../transport/connection.js';
import { selectOwnSubprotocol, type SubprotocolPolicy } from '../transport/server.js';
import { defineFault, type Faults } from './faults.js';

// RPC-framework faults shared by both reference implementations (prefix added per target).
const kinds = {
  unknownActionGeneric: 'unknown-action-generic-error',
  acceptsInvalid: 'accepts-invalid-payload',
  wrongAnswerId: 'wrong-answer-id',
  slowAnswers: 'slow-answers',
  badFrameWrongCode: 'bad-frame-wrong-code',
  closesAfterRejecting: 'closes-after-rejecting',
  deafAfterBadCallError: 'deaf-after-bad-callerror',
  acceptsLongId: 'accepts-long-message-id',
  ignoresUnknownType: 'ignores-unknown-message-type',
  probeNotSupported: 'probe-not-supported',
} as const;

for (const target of ['cs', 'csms'] as const) {
  defineFault(`${target}.${kinds.unknownActionGeneric}`, 'answers a CALL with an unknown action with GenericError instead of NotImplemented');
  defineFault(`${target}.${kinds.acceptsInvalid}`, 'answers a CALL whose payload violates the schema with a CALLRESULT');
  defineFault(`${target}.${kinds.wrongAnswerId}`, 'answers every CALL with a message ID that is not the CALL\'s');
  defineFault(`${target}.${kinds.slowAnswers}`, 'answers every CALL only after 10 seconds');
  defineFault(`${target}.${kinds.badFrameWrongCode}`, 'answers a frame it cannot read as an RPC message (not JSON, wrong arity, unknown message type, bad message ID) with CALLERROR NotImplemented');
  defineFault(`${target}.${kinds.closesAfterRejecting}`, 'closes the connection right after answering a bad frame or an invalid CALL with a CALLERROR');
  defineFault(`${target}.${kinds.deafAfterBadCallError}`, 'stops reading the connection after a CALLERROR whose errorDetails is not a JSON object');
  defineFault(`${target}.${kinds.acceptsLongId}`, `handles a CALL whose message ID is longer than ${MAX_MESSAGE_ID_LENGTH} characters as valid and answers it with a CALLRESULT`);
  defineFault(`${target}.${kinds.ignoresUnknownType}`, 'drops a message of an unknown message type without answering (2.0.1 requires MessageTypeNotSupported)');
}
// The RPC test cases probe a charger with GetVariables (2.0.1) / GetConfiguration (1.6) and a CSMS with Heartbeat.
// Answering that probe NotSupported must leave them inconclusive, not failed: test/rpc-probe.test.ts proves it.
defineFault(`cs.${kinds.probeNotSupported}`, 'answers GetVariables and GetConfiguration with CALLERROR NotSupported');
defineFault(`csms.${kinds.probeNotSupported}`, 'answers Heartbeat with CALLERROR NotSupported');

const PROBE_ACTIONS = { cs: ['GetVariables', 'GetConfiguration'], csms: ['Heartbeat'] } as const;

/** Frame damage a receiver sees before it can read a CALL at all. */
const FRAMING: readonly Violation[] = ['not-json', 'not-array', 'bad-arity', 'unknown-message-type', 'bad-message-id'];

const SUBPROTOCOL = {
  acceptsNone: defineFault('csms.accepts-no-subprotocol', 'accepts a connection that offers no subprotocol and carries on with OCPP on it'),
  selectsFirst: defineFault('csms.selects-first-subprotocol', 'selects the first subprotocol a station offers, whether or not it speaks that version'),
  ignoresSelected: defineFault('cs.ignores-selected-subprotocol', 'carries on with OCPP when the CSMS selects a subprotocol the station did not offer'),
};

/** How the reference CSMS answers offered subprotocols, with its handshake faults. */
export function subprotocolPolicy(faults: Faults): SubprotocolPolicy {
  return (offered, ours) => {
    if (faults.has(SUBPROTOCOL.selectsFirst) && offered.length) return offered[0]!;
    if (faults.has(SUBPROTOCOL.acceptsNone) && !offered.length) return null;
    return selectOwnSubprotocol(offered, ours);
  };
}

/** Whether the reference station ignores the subprotocol the CSMS selected (its handshake fault). */
export function ignoresSelectedSubprotocol(faults: Faults): boolean {
  return faults.has(SUBPROTOCOL.ignoresSelected);
}

function jsonArray(text: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Wrap the connection's text output; each wrapper sees the frame after the ones installed before it. */
function wrapOutput(conn: OcppConnection, wrap: (text: string, send: (t: string) => void) => void): void {
  const send = conn.sendText.bind(conn);
  conn.sendText = (text: string) => wrap(text, send);
}

/**
 * Wire-level misbehaviour of a reference implementation: an intercept for incoming frames (answered here,
 * wrongly, instead of by the conformant session) and wrappers around outgoing frames.
 */
export function rpcFaultHooks(target: 'cs' | 'csms', faults: Faults, conn: OcppConnection): (text: string) => boolean {
  const on = (k: string) => faults.has(`${target}.${k}`);
  if (on(kinds.wrongAnswerId) || on(kinds.slowAnswers)) {
    wrapOutput(conn, (text, send) => {
      const frame = parseFrame(text);
      if (frame.type === 'bad' || frame.type === CALL) return send(text);
      const mangled = on(kinds.wrongAnswerId) ? text.replace(frame.messageId, `x${frame.messageId.slice(1)}`) : text;
      if (on(kinds.slowAnswers)) setTimeout(() => { if (!conn.closed) send(mangled); }, 10_000).unref();
      else send(mangled);
    });
  }
  if (on(kinds.closesAfterRejecting)) {
    wrapOutput(conn, (text, send) => {
      send(text);
      if (jsonArray(text)?.[0] === CALLERROR) void conn.close(1008, 'closing after a rejected message');
    });
  }
  const answer = (text: string) => { if (!conn.closed) conn.sendText(text); };
  let deaf = false;
  return (text) => {
    if (deaf) return true;
    const raw = jsonArray(text);
    if (on(kinds.deafAfterBadCallError) && raw?.[0] === CALLERROR && (typeof raw[4] !== 'object' || raw[4] === null || Array.isArray(raw[4]))) {
      deaf = true;
      return true;
    }
    if (on(kinds.acceptsLongId) && raw?.[0] === CALL && typeof raw[1] === 'string' && raw[1].length > MAX_MESSAGE_ID_LENGTH
      && typeof raw[2] === 'string' && isKnownAction(conn.version, raw[2])) {
      answer(JSON.stringify([CALLRESULT, raw[1], minimalResponse(conn.version, raw[2]) ?? {}]));
      return true;
    }
    const frame = parseFrame(text);
    if (frame.type === 'bad') {
      if (on(kinds.ignoresUnknownType) && frame.violation === 'unknown-message-type') return true;
      if (on(kinds.badFrameWrongCode) && FRAMING.includes(frame.violation)
        && frame.messageType !== CALLRESULT && frame.messageType !== CALLERROR) {
        answer(serialize({ type: CALLERROR, messageId: frame.messageId, errorCode: 'NotImplemented', errorDescription: '', errorDetails: {} }));
        return true;
      }
      return false;
    }
    if (frame.type !== CALL) return false;
    if (on(kinds.probeNotSupported) && (PROBE_ACTIONS[target] as readonly string[]).includes(frame.action)) {
      answer(serialize({ type: CALLERROR, messageId: frame.messageId, errorCode: 'NotSupported', errorDescription: `${frame.action} is not supported`, errorDetails: {} }));
      return true;
    }
    if (on(kinds.unknownActionGeneric) && !isKnownAction(conn.version, frame.action)) {
      answer(JSON.stringify([CALLERROR, frame.messageId, 'GenericError', '', {}]));
      return true;
    }
    if (on(kinds.acceptsInvalid) && isKnownAction(conn.version, frame.action)
      && !validatePayload(conn.version, frame.action, 'request', frame.payload).valid) {
      answer(serialize({ type: CALLRESULT, messageId: frame.messageId, payload: minimalResponse(conn.version, frame.action) ?? {} }));
      return true;
    }
    return false;
  };
}
