import { CALL, CALLERROR, CALLRESULT, MAX_MESSAGE_ID_LENGTH, parseFrame, serialize } from '../ocpp/frames.js';
import { isKnownAction } from '../ocpp/actions.js';
import { validatePayload } from '../ocpp/schemas.js';
import { minimalResponse } from '../harness/default-answers.js';
import type { OcppConnection } from '../transport/connection.js';
import { defineFault, type Faults } from './faults.js';

// Front-door parser bugs for the fuzzer to find (no test case names them: the self-test exempts "parser" faults).
const P = {
  crashOnLongId: defineFault('cs.parser-crash-on-long-id', `drops the connection on a message ID longer than ${MAX_MESSAGE_ID_LENGTH} characters`),
  wrongCode: defineFault('cs.parser-wrong-code', 'answers a CALL that violates the schema with GenericError'),
  acceptsBadEnum: defineFault('csms.parser-accepts-bad-enum', 'accepts a CALL with an enum value outside the set (answers a CALLRESULT)'),
  diesAfterBinary: defineFault('csms.parser-dies-after-binary', 'stops answering anything on a connection after a binary frame'),
  closeOnUnknownAction: defineFault('csms.parser-close-on-unknown-action', 'closes the connection on a CALL with an unknown action'),
};

type Intercept = (text: string) => boolean;

function messageIdOf(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value[1] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Wrap a reference implementation's intercept with the parser faults switched on for it: these see each
 * incoming frame before the conformant session does, and misbehave the way real parsers have been seen to.
 */
export function withParserFaults(target: 'cs' | 'csms', faults: Faults, conn: OcppConnection, next: Intercept): Intercept {
  const on = (name: string) => name.startsWith(`${target}.`) && faults.has(name);
  if (![...Object.values(P)].some(on)) return next;
  let deaf = false;
  if (on(P.diesAfterBinary)) conn.on('binary', () => { deaf = true; });
  const answer = (text: string) => { if (!conn.closed) conn.sendText(text); };
  return (text) => {
    if (deaf) return true;
    if (on(P.crashOnLongId)) {
      const id = messageIdOf(text);
      if (typeof id === 'string' && id.length > MAX_MESSAGE_ID_LENGTH) {
        conn.terminate();
        return true;
      }
    }
    const frame = parseFrame(text);
    if (frame.type !== CALL) return next(text);
    if (on(P.closeOnUnknownAction) && !isKnownAction(conn.version, frame.action)) {
      void conn.close(1011, 'unknown action');
      return true;
    }
    if ((on(P.wrongCode) || on(P.acceptsBadEnum)) && isKnownAction(conn.version, frame.action)) {
      const check = validatePayload(conn.version, frame.action, 'request', frame.payload);
      if (!check.valid && on(P.wrongCode)) {
        answer(serialize({ type: CALLERROR, messageId: frame.messageId, errorCode: 'GenericError', errorDescription: 'invalid request', errorDetails: {} }));
        return true;
      }
      if (!check.valid && check.problems[0]?.keyword === 'enum') {
        answer(serialize({ type: CALLRESULT, messageId: frame.messageId, payload: minimalResponse(conn.version, frame.action) ?? {} }));
        return true;
      }
    }
    return next(text);
  };
}
