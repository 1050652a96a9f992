import { CALL, CALLRESULT, parseFrame, serialize } from '../ocpp/frames.js';
import { isKnownAction } from '../ocpp/actions.js';
import { validatePayload } from '../ocpp/schemas.js';
import { minimalResponse } from '../harness/default-answers.js';
import type { OcppConnection } from '../transport/connection.js';
import { defineFault, type Faults } from './faults.js';

// RPC-framework faults shared by both reference implementations (prefix added per target).
const kinds = {
  unknownActionGeneric: 'unknown-action-generic-error',
  acceptsInvalid: 'accepts-invalid-payload',
  wrongAnswerId: 'wrong-answer-id',
  slowAnswers: 'slow-answers',
} as const;

for (const target of ['cs', 'csms'] as const) {
  defineFault(`${target}.${kinds.unknownActionGeneric}`, 'answers a CALL with an unknown action with GenericError instead of NotImplemented');
  defineFault(`${target}.${kinds.acceptsInvalid}`, 'answers a CALL whose payload violates the schema with a CALLRESULT');
  defineFault(`${target}.${kinds.wrongAnswerId}`, 'answers every CALL with a message ID that is not the CALL\'s');
  defineFault(`${target}.${kinds.slowAnswers}`, 'answers every CALL only after 10 seconds');
}

/**
 * Wire-level misbehaviour of a reference implementation: an intercept for incoming frames (answered here,
 * wrongly, instead of by the conformant session) and a wrapper around outgoing answers.
 */
export function rpcFaultHooks(target: 'cs' | 'csms', faults: Faults, conn: OcppConnection): (text: string) => boolean {
  const on = (k: string) => faults.has(`${target}.${k}`);
  if (on(kinds.wrongAnswerId) || on(kinds.slowAnswers)) {
    const send = conn.sendText.bind(conn);
    conn.sendText = (text: string) => {
      const frame = parseFrame(text);
      if (frame.type === 'bad' || frame.type === CALL) return send(text);
      const mangled = on(kinds.wrongAnswerId) ? text.replace(frame.messageId, `x${frame.messageId.slice(1)}`) : text;
      if (on(kinds.slowAnswers)) setTimeout(() => { if (!conn.closed) send(mangled); }, 10_000).unref();
      else send(mangled);
    };
  }
  return (text) => {
    const frame = parseFrame(text);
    if (frame.type !== CALL) return false;
    if (on(kinds.unknownActionGeneric) && !isKnownAction(conn.version, frame.action)) {
      conn.sendText(JSON.stringify([4, frame.messageId, 'GenericError', '', {}]));
      return true;
    }
    if (on(kinds.acceptsInvalid) && isKnownAction(conn.version, frame.action)
      && !validatePayload(conn.version, frame.action, 'request', frame.payload).valid) {
      conn.sendText(serialize({ type: CALLRESULT, messageId: frame.messageId, payload: minimalResponse(conn.version, frame.action) ?? {} }));
      return true;
    }
    return false;
  };
}
