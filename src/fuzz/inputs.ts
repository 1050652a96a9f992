import fc from 'fast-check';
import { errorCodesOf } from '../ocpp/errors.js';
import { hasSchema } from '../ocpp/schemas.js';
import type { Payload } from '../ocpp/frames.js';
import type { OcppVersion } from '../ocpp/versions.js';
import { basePayload, frameDamage, freshMessageId, invalidPayload, MESSAGE_ID_PLACEHOLDER, messageIds, transportDamage, validPayload, type DamagedFrame, type Mutation } from './generators/index.js';
import { NotAvailable } from './errors.js';
import { badAnswerAndJudge, callText, sendAndJudge } from './attempt.js';
import type { CsmsLink } from './csms-link.js';
import { describeOutcome, type RunResult, type Target } from './property.js';
import type { OpenedSut } from './sut.js';
import type { BadAnswer, Family, FuzzFrame } from './types.js';

/** The charger's own CALLs the bad-answer family answers badly by default: the ones every charger sends. */
export const OWN_CALLS = ['BootNotification', 'Heartbeat', 'StatusNotification'];

/** A fresh message ID per CALL: OCPP-J wants IDs unique per sender on a connection. */
const nextId = freshMessageId;

/**
 * The frame with a fresh message ID where the generator put the placeholder (in the frame, and in the one sent
 * before it): every send of a generated frame, also a repeat of the same input, carries its own ID.
 */
function withFreshId(f: FuzzFrame): FuzzFrame {
  if (f.messageId !== MESSAGE_ID_PLACEHOLDER && !f.text.includes(MESSAGE_ID_PLACEHOLDER)) return f;
  const id = nextId();
  return {
    ...f, text: f.text.replace(MESSAGE_ID_PLACEHOLDER, id), before: f.before?.replace(MESSAGE_ID_PLACEHOLDER, id),
    messageId: f.messageId === MESSAGE_ID_PLACEHOLDER ? id : f.messageId,
  };
}

function callFrameText(id: string, action: string, payload: unknown): string {
  return JSON.stringify([2, id, action, payload]);
}

/** Turn each family's generated value into the frame to send (payload families get a fresh ID here). */
const toFrame: Record<Exclude<Family, 'bad-answer'>, (action: string, value: never) => FuzzFrame> = {
  'valid-payload': (action, payload: Payload) => {
    const id = nextId();
    return { text: callFrameText(id, action, payload), messageId: id, violation: null, action, description: `a valid ${action}` };
  },
  'schema-violation': (action, m: Mutation) => {
    const id = nextId();
    const text = `[2,${JSON.stringify(id)},${JSON.stringify(action)},${m.json}]`;
    return { text, messageId: id, violation: m.violation, action, description: m.description, path: m.path };
  },
  'frame-damage': (_action, f: FuzzFrame) => withFreshId(f),
  'transport-damage': (action, d: DamagedFrame) => damagedWithFreshId(action, d),
};

/** The frame a frame family's generated value becomes (the bench replays these without the fuzzer). */
export function frameOf(family: Exclude<Family, 'bad-answer'>, action: string, value: unknown): FuzzFrame {
  return toFrame[family](action, value as never);
}

/** A damaged frame as the fuzzer keeps it: text, also for a binary frame (its bytes are UTF-8 of a CALL). */
function damaged(action: string, d: DamagedFrame): FuzzFrame {
  const text = typeof d.text === 'string' ? d.text : d.text.toString('utf8');
  return { text, binary: d.binary || undefined, messageId: d.messageId, echoId: d.echoId, violation: d.violation, action, description: d.description };
}

/** A transport-damage frame as sent: a fresh ID, put into the small head of a spliced frame without copying the rest. */
function damagedWithFreshId(action: string, d: DamagedFrame): FuzzFrame {
  if (!d.parts || d.messageId !== MESSAGE_ID_PLACEHOLDER) return withFreshId(damaged(action, d));
  const id = nextId();
  const { head, big, tail } = d.parts;
  return {
    text: head.replace(MESSAGE_ID_PLACEHOLDER, id) + big + tail, binary: d.binary || undefined, messageId: id, echoId: d.echoId,
    violation: d.violation, action, description: d.description,
  };
}

/** A CALL sent while one with the same message ID is still outstanding (OCPP-J: the second is malformed). */
function duplicateId(action: string, valid: fc.Arbitrary<Payload>): fc.Arbitrary<FuzzFrame> {
  return fc.tuple(messageIds, valid, valid).map(([id, first, second]): FuzzFrame => ({
    before: callFrameText(id, action, first), text: callFrameText(id, action, second), messageId: id,
    violation: 'duplicate-message-id', action, description: `a second ${action} sent at once with the message ID of the first`,
  }));
}

/** The generators' frame damage, plus the duplicate ID, which needs two frames and so is composed here. */
function frameDamageOf(v: OcppVersion, action: string, valid: fc.Arbitrary<Payload>): fc.Arbitrary<FuzzFrame> {
  return fc.oneof(
    { arbitrary: frameDamage(v, action, valid).map((d) => damaged(action, d)), weight: 7 },
    { arbitrary: duplicateId(action, valid), weight: 1 },
  );
}

const frameArbitraries = new Map<string, fc.Arbitrary<unknown>>();

/** The arbitrary of a frame family for an action, built once per version, action and family. */
export function frameArbitrary(v: OcppVersion, action: string, family: Exclude<Family, 'bad-answer'>): fc.Arbitrary<unknown> {
  const key = `${v}|${action}|${family}`;
  let arbitrary = frameArbitraries.get(key);
  if (!arbitrary) {
    // Damage is drawn over a pool of valid payloads (basePayload); the valid family generates fresh ones.
    const base = basePayload(v, action, 'request');
    arbitrary = family === 'valid-payload' ? validPayload(v, action, 'request')
      : family === 'schema-violation' ? invalidPayload(v, action, 'request')
        : family === 'frame-damage' ? frameDamageOf(v, action, base) : transportDamage(v, action, base);
    frameArbitraries.set(key, arbitrary);
  }
  return arbitrary;
}

function frameTarget(sut: OpenedSut, action: string, family: Exclude<Family, 'bad-answer'>): Target {
  const arbitrary = frameArbitrary(sut.spec.ocpp, action, family);
  return {
    action, family, arbitrary,
    async run(value, alwaysProbe): Promise<RunResult> {
      const frame = toFrame[family](action, value as never);
      const a = await sendAndJudge(sut.link, frame, alwaysProbe);
      return { judgement: a.judgement, frame, answer: a.judgement ? describeOutcome(a.outcome, a.alive) : '', trace: a.trace };
    },
  };
}

/** Bad answers to one of the charger's own CALLs: schema-violating, an error, none, or late. */
export function badAnswers(sut: OpenedSut, action: string): fc.Arbitrary<BadAnswer> {
  const v = sut.spec.ocpp;
  return fc.oneof(
    invalidPayload(v, action, 'response').map((m): BadAnswer => ({
      kind: 'invalid-result', payload: m.payload, violation: m.violation, description: `a CALLRESULT that violates the response schema (${m.description})`,
    })),
    fc.constantFrom(...errorCodesOf(v)).map((code): BadAnswer => ({ kind: 'callerror', code, description: `CALLERROR ${code}` })),
    fc.constant<BadAnswer>({ kind: 'silence', description: 'no answer (until after the liveness probe)' }),
    fc.integer({ min: 100, max: 1500 }).map((delayMs): BadAnswer => ({ kind: 'late', delayMs, description: `a valid answer ${delayMs} ms late` })),
  );
}

function badAnswerTarget(sut: OpenedSut, action: string): Target {
  return {
    action, family: 'bad-answer', arbitrary: badAnswers(sut, action),
    async run(value): Promise<RunResult> {
      const bad = value as BadAnswer;
      const a = await badAnswerAndJudge(sut.link as CsmsLink, action, bad);
      if (!a) {
        const why = action === 'Heartbeat' ? 'TriggerMessage was not accepted and none came within the heartbeat interval' : 'it did not accept TriggerMessage for it';
        throw new NotAvailable(`the charger sent no ${action} to answer (${why})`);
      }
      return {
        judgement: a.judgement, frame: null, badAnswer: bad, trace: a.trace,
        answer: a.judgement ? `its call ${callText(a.call)}; liveness probe ${a.alive ? 'answered' : 'unanswered'}` : '',
      };
    },
  };
}

/**
 * Every (action, family) target of a campaign. Frame families build on the action's request schema; bad answers
 * apply to a charger's own CALLs (those in `actions` it sends, or OWN_CALLS by default).
 */
export function buildTargets(sut: OpenedSut, actions: string[], families: readonly Family[], ownCalls = OWN_CALLS): Target[] {
  const v = sut.spec.ocpp;
  const targets: Target[] = [];
  for (const action of actions) {
    for (const family of families) {
      if (family === 'bad-answer') continue;
      if (!hasSchema(v, action, 'request')) continue;
      targets.push(frameTarget(sut, action, family));
    }
  }
  if (sut.spec.role === 'CS' && families.includes('bad-answer')) {
    for (const action of ownCalls) if (hasSchema(v, action, 'response')) targets.push(badAnswerTarget(sut, action));
  }
  return targets;
}
