// RPC framing (OCPP-J §4) as test cases: damaged frames, bad message IDs, unknown actions and schema violations,
// each followed by the probe. The same checks for both versions and both SUT roles.
import { randomUUID } from 'node:crypto';
import { MAX_MESSAGE_ID_LENGTH } from '../../../src/ocpp/frames.js';
import type { Violation } from '../../../src/ocpp/errors.js';
import type { OcppVersion } from '../../../src/ocpp/versions.js';
import { rpcCase } from './case.js';
import { exactId, rawCall, requireProbeAccepted, sendDamaged, unreadableId } from './exchange.js';
import { brokenCall, type PayloadRule, type ProbeCall, type Role } from './probe.js';

export function framingCases(ocpp: OcppVersion, role: Role) {
  const t = role === 'CS' ? 'cs' : 'csms';
  const closes = `${t}.closes-after-rejecting`;
  const wrongCode = `${t}.bad-frame-wrong-code`;

  /** A frame the SUT cannot take for a valid CALL; `sent` is the message ID in it, if any. */
  const damaged = (variant: string, title: string, killedBy: string[], make: (id: string, probe: ProbeCall) => {
    data: string; what: string; violation: Violation; sent?: unknown; resultAllowed?: boolean;
  }) => rpcCase(ocpp, role, { variant, title, killedBy }, async ({ peer, probe }) => {
    await requireProbeAccepted(peer, ocpp, probe);
    const f = make(randomUUID(), probe);
    await sendDamaged(peer, ocpp, probe, { data: f.data, isCall: false }, {
      what: f.what, violation: f.violation, ids: unreadableId(ocpp, f.sent), resultAllowed: f.resultAllowed,
    });
  });

  const payloadCase = (rule: PayloadRule, variant: string, title: string) =>
    rpcCase(ocpp, role, { variant, title, killedBy: [`${t}.accepts-invalid-payload`, closes] }, async ({ peer, probe, profile }) => {
      await requireProbeAccepted(peer, ocpp, probe);
      const call = brokenCall(ocpp, role, rule, profile);
      const id = randomUUID();
      await sendDamaged(peer, ocpp, probe, { data: rawCall(id, call.action, call.payload), isCall: true }, {
        what: `${call.action} ${JSON.stringify(call.payload)}`, violation: rule, ids: exactId(ocpp, id),
        inconclusiveIfNotThere: `the SUT does not support ${call.action}, so its schema checks cannot be judged`,
      });
    });

  return [
    damaged('not-json', 'A frame that is not JSON is answered with an RPC-framework CALLERROR or dropped, and the connection keeps working',
      [wrongCode, closes], (id, p) => ({
        // A frame cut short: a parser that can still pick out the ID may echo it, otherwise 2.0.1 wants "-1".
        data: rawCall(id, p.action, p.payload).slice(0, -2), what: 'a frame that is not JSON', violation: 'not-json', sent: id,
      })),
    damaged('wrong-arity', 'A CALL of only two elements is answered with an RPC-framework CALLERROR or dropped, and the connection keeps working',
      [wrongCode, closes], (id) => ({ data: JSON.stringify([2, id]), what: `the two-element CALL [2,"${id}"]`, violation: 'bad-arity', sent: id })),
    damaged('unknown-message-type', ocpp === '2.0.1'
      ? 'A message of unknown type 5 is answered with a CALLERROR (MessageTypeNotSupported), not ignored, and the connection keeps working'
      : 'A message of unknown type 5 is ignored or answered with a CALLERROR, and the connection keeps working',
    [wrongCode, closes, ...(ocpp === '2.0.1' ? [`${t}.ignores-unknown-message-type`] : [])], (id, p) => ({
      data: JSON.stringify([5, id, p.action, p.payload]), what: 'a message of type 5', violation: 'unknown-message-type', sent: id,
    })),
    damaged('message-id-not-string', 'A CALL whose message ID is a number is refused with a CALLERROR or dropped, and the connection keeps working',
      [wrongCode, closes], (_id, p) => ({
        data: rawCall(12345, p.action, p.payload), what: `${p.action} with the numeric message ID 12345`, violation: 'bad-message-id', sent: 12345,
      })),
    damaged('message-id-empty', 'A CALL with an empty message ID does not upset the SUT: any answer carries "" or "-1", and the connection keeps working',
      [wrongCode, closes], (_id, p) => ({
        // No rule sets a minimum length, so handling it as a valid CALL is fine too.
        data: rawCall('', p.action, p.payload), what: `${p.action} with an empty message ID`, violation: 'bad-message-id', sent: '', resultAllowed: true,
      })),
    damaged('message-id-too-long', `A CALL whose message ID is longer than ${MAX_MESSAGE_ID_LENGTH} characters is refused with a CALLERROR or dropped, and the connection keeps working`,
      [`${t}.accepts-long-message-id`, wrongCode, closes], (id, p) => {
        const long = `${id}-`.padEnd(MAX_MESSAGE_ID_LENGTH + 1, '0').slice(0, MAX_MESSAGE_ID_LENGTH + 1);
        return { data: rawCall(long, p.action, p.payload), what: `${p.action} with a ${long.length}-character message ID`, violation: 'bad-message-id', sent: long };
      }),
    rpcCase(ocpp, role, {
      variant: 'unknown-action', title: 'A CALL with an unknown action is answered NotImplemented, echoing its message ID, and the connection keeps working',
      killedBy: [`${t}.unknown-action-generic-error`, `${t}.wrong-answer-id`, closes],
    }, async ({ peer, probe }) => {
      await requireProbeAccepted(peer, ocpp, probe);
      const id = randomUUID();
      await sendDamaged(peer, ocpp, probe, { data: rawCall(id, 'NoSuchActionXyz', {}), isCall: true },
        { what: 'a CALL of the unknown action NoSuchActionXyz', violation: 'unknown-action', ids: exactId(ocpp, id) });
    }),
    payloadCase('type', 'payload-type', 'A CALL with a field of the wrong JSON type is refused with a constraint-violation CALLERROR, and the connection keeps working'),
    payloadCase('required', 'payload-required', 'A CALL missing a required field is refused with a constraint-violation CALLERROR, and the connection keeps working'),
    payloadCase('enum', 'payload-enum', 'A CALL with a value outside its enumeration is refused with a constraint-violation CALLERROR, and the connection keeps working'),
    payloadCase('additionalProperties', 'payload-extra-field', 'A CALL with a field its schema does not define is refused with a constraint-violation CALLERROR, and the connection keeps working'),
    rpcCase(ocpp, role, {
      variant: 'callerror-bad-details', title: 'A CALLERROR whose errorDetails is not an object does not stop the SUT from answering',
      killedBy: [`${t}.deaf-after-bad-callerror`],
    }, async ({ peer, probe }) => {
      await requireProbeAccepted(peer, ocpp, probe);
      // A CALLERROR is never answered; it matches no CALL of the SUT's, and its errorDetails is a string.
      const frame = JSON.stringify([4, randomUUID(), 'GenericError', 'harness test', 'details that are not an object']);
      await sendDamaged(peer, ocpp, probe, { data: frame, isCall: false }, { what: 'a CALLERROR whose errorDetails is a string' });
    }),
    rpcCase(ocpp, role, {
      variant: 'message-id', title: 'The answer carries the CALL\'s message ID exactly, even at the maximum length of 36',
      killedBy: [`${t}.wrong-answer-id`],
    }, async ({ peer, probe }) => {
      const id = `${randomUUID().slice(0, 30)}-max36`.padEnd(MAX_MESSAGE_ID_LENGTH, 'x');
      await requireProbeAccepted(peer, ocpp, probe, id);
    }),
    rpcCase(ocpp, role, {
      variant: 'answer-in-time', title: 'Every CALL the harness sends gets its CALLRESULT within the configured timeout',
      killedBy: [`${t}.slow-answers`],
    }, async ({ peer, probe }) => {
      await requireProbeAccepted(peer, ocpp, probe);
      // peer.call fails the test on a CALLERROR or on no answer within the profile's call timeout.
      for (let i = 0; i < 3; i++) await peer.call(probe.action, probe.payload);
    }),
  ];
}
