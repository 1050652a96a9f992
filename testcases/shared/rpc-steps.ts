// RPC-framework test cases (OCPP-J §4): the same checks for both versions and both SUT roles.
import { randomUUID } from 'node:crypto';
import { testCase, type CsTestCase, type CsmsTestCase, type CsContext, type CsmsContext } from '../../src/harness/test-case.js';
import { Verdict, type Peer } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import { ACCEPTED_ANSWERS, acceptedCodes, type Violation } from '../../src/ocpp/errors.js';
import { CALLERROR, CALLRESULT, type Frame, type Payload } from '../../src/ocpp/frames.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';

type Role = 'CS' | 'CSMS';

/**
 * Bring the SUT to its normal state and return the harness side that talks to it. Against a CSMS the boot
 * exchange is already RPC under test: an answer with the wrong message ID or none in time fails here, while a
 * boot the CSMS does not accept leaves the check inconclusive.
 */
async function booted(ctx: CsContext | CsmsContext): Promise<Peer> {
  if ('csms' in ctx) {
    await ctx.csms.booted();
    return ctx.csms;
  }
  const { station } = ctx;
  await station.connect();
  const answer = await station.call('BootNotification', station.bootPayload());
  if (answer.status !== 'Accepted') throw new Inconclusive(`the CSMS answered the boot ${String(answer.status)}; the RPC checks need an accepted station`);
  return station;
}

/** A harmless valid CALL the SUT in `role` must accept, and the action name it uses. */
function harmlessCall(role: Role): { action: string; payload: Payload } {
  return role === 'CS' ? { action: 'ClearCache', payload: {} } : { action: 'Heartbeat', payload: {} };
}

const rawCall = (id: string, action: string, payload: unknown) => JSON.stringify([2, id, action, payload]);

function expectCallError(answer: Frame | undefined, id: string, ocpp: OcppVersion, violation: Violation, what: string): void {
  const rule = ACCEPTED_ANSWERS[violation];
  const codes = acceptedCodes(ocpp, violation);
  if (!answer) {
    if (rule.silenceAllowed[ocpp]) return;
    throw new Verdict(`${what}: no answer; expected CALLERROR ${codes.join(' or ')}`);
  }
  if (answer.messageId !== id) throw new Verdict(`${what}: the answer carries message ID ${answer.messageId}, not ${id}`);
  if (answer.type !== CALLERROR) throw new Verdict(`${what}: accepted with a CALLRESULT; expected CALLERROR ${codes.join(' or ')}`);
  if (!codes.includes(answer.errorCode)) {
    throw new Verdict(`${what}: CALLERROR ${answer.errorCode}; OCPP ${ocpp} accepts ${codes.join(', ')} (${rule.why})`);
  }
}

function rpcCase(ocpp: OcppVersion, role: Role, variant: string, title: string, killedBy: string[], octt: string[],
  body: (peer: Peer, ocpp: OcppVersion, role: Role) => Promise<void>): CsTestCase | CsmsTestCase {
  const def = { useCase: 'RPC', variant, ocpp, title, killedBy, octt, profile: 'core' };
  const run = async (ctx: CsContext | CsmsContext) => body(await booted(ctx), ocpp, role);
  return role === 'CS' ? testCase<CsTestCase>({ ...def, sut: 'CS', run }) : testCase<CsmsTestCase>({ ...def, sut: 'CSMS', run });
}

export function rpcFrameworkCases(ocpp: OcppVersion, role: Role) {
  const t = role === 'CS' ? 'cs' : 'csms';
  return [
    rpcCase(ocpp, role, 'unknown-action', 'A CALL with an unknown action is answered NotImplemented, echoing its message ID',
      [`${t}.unknown-action-generic-error`, `${t}.wrong-answer-id`], [], async (peer) => {
        const id = randomUUID();
        const answer = await peer.sendRaw(rawCall(id, 'NoSuchActionXyz', {}), id);
        expectCallError(answer, id, ocpp, 'unknown-action', 'unknown action NoSuchActionXyz');
      }),
    rpcCase(ocpp, role, 'invalid-payload', 'A CALL whose payload violates the schema is answered with a constraint-violation CALLERROR',
      [`${t}.accepts-invalid-payload`], [], async (peer, _v, r) => {
        const { action } = harmlessCall(r);
        const id = randomUUID();
        const answer = await peer.sendRaw(rawCall(id, action, { unexpectedField: 1 }), id);
        expectCallError(answer, id, ocpp, 'additionalProperties', `${action} with an unknown field`);
      }),
    rpcCase(ocpp, role, 'message-id', 'The answer carries the CALL\'s message ID exactly, even at the maximum length of 36',
      [`${t}.wrong-answer-id`], [], async (peer, _v, r) => {
        const { action, payload } = harmlessCall(r);
        const id = `${randomUUID().slice(0, 30)}-max36`.padEnd(36, 'x');
        const answer = await peer.sendRaw(rawCall(id, action, payload), id);
        if (!answer) throw new Verdict(`no answer carrying message ID ${id} to ${action}`);
        if (answer.type !== CALLRESULT) throw new Verdict(`${action} answered with CALLERROR ${answer.type === CALLERROR ? answer.errorCode : ''}`);
      }),
    rpcCase(ocpp, role, 'answer-in-time', 'Every CALL the harness sends gets its CALLRESULT within the configured timeout',
      [`${t}.slow-answers`], [], async (peer, _v, r) => {
        const { action, payload } = harmlessCall(r);
        for (let i = 0; i < 3; i++) await peer.call(action, payload);
      }),
  ];
}
