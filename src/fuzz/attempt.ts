import fc from 'fast-check';
import { codeFor } from '../ocpp/errors.js';
import { CALLERROR, CALLRESULT, serialize, type CallFrame } from '../ocpp/frames.js';
import type { ReceivedCall } from '../harness/peer.js';
import { redactSecrets } from '../transport/frame-log.js';
import { validPayload } from './generators/index.js';
import { cannotBeCall, hingesOnImplementation, judge, judgeAfterBadAnswer, silenceAcceptable } from './oracle.js';
import type { SutLink } from './link.js';
import type { CsmsLink } from './csms-link.js';
import type { BadAnswer, FuzzFrame, Judgement, Outcome } from './types.js';

/** One frame sent and judged: what a property run, an isolation check and replay all do. */
export interface Attempt {
  frame: FuzzFrame;
  outcome: Outcome;
  alive?: boolean;
  judgement?: Judgement;
  /** The frames around it, kept only when it is a finding. */
  trace: string[];
}

/** Actions after whose acceptance a charger may close the connection to reboot or switch credentials. */
const MAY_CLOSE_AFTER = new Set(['Reset', 'UpdateFirmware', 'SignedUpdateFirmware', 'CertificateSigned']);

/** Did the SUT accept a CALL after which it may rightly go away (so no probe, and no surprise at a close)? */
const mayClose = (frame: FuzzFrame, outcome: Outcome) =>
  outcome.kind === 'answer' && outcome.frame.type === CALLRESULT && MAY_CLOSE_AFTER.has(frame.action);

/** A charger that accepted a Reset reboots: the next frame must not go to the connection it is about to close. */
const rebootsNow = (frame: FuzzFrame, outcome: Outcome) => frame.action === 'Reset' && outcome.kind === 'answer'
  && outcome.frame.type === CALLRESULT && (outcome.frame.payload as { status?: unknown }).status === 'Accepted';

/**
 * Send one frame in the campaign's state and judge the answer. The liveness probe follows silence (always) and
 * every frame when `alwaysProbe` (while shrinking or replaying, where a delayed crash must count for this frame).
 */
export async function sendAndJudge(link: SutLink, frame: FuzzFrame, alwaysProbe: boolean): Promise<Attempt> {
  await link.ready();
  const mark = link.log.length;
  let outcome: Outcome;
  let alive: boolean | undefined;
  if (cannotBeCall(frame)) {
    ({ outcome, alive } = await link.exchangeWithProbe(frame));
  } else {
    const wait = silenceAcceptable(link.version, frame) ? link.timing.silenceMs : link.timing.answerMs;
    outcome = await link.exchange(frame, wait);
    if (outcome.kind === 'silence' || (alwaysProbe && outcome.kind === 'answer' && !mayClose(frame, outcome))) alive = await link.probe();
  }
  learnImplementation(link, frame, outcome);
  let judgement = judge({ version: link.version, frame, outcome, alive, probeAction: link.probeCall.action, unimplemented: link.implemented.get(frame.action) === false });
  // NotImplemented for a broken payload is right if the SUT lacks the action: ask it with a valid one, once.
  if (hingesOnImplementation(link.version, frame, judgement) && !link.implemented.has(frame.action) && await checkImplemented(link, frame.action) === false) {
    judgement = judge({ version: link.version, frame, outcome, alive, probeAction: link.probeCall.action, unimplemented: true });
  }
  // Of two CALLs sharing an ID the first is valid: a charger that accepts a Reset in it may reboot before the second.
  if (frame.before !== undefined && outcome.kind === 'closed' && MAY_CLOSE_AFTER.has(frame.action)) judgement = undefined;
  if (judgement?.severity === 'high') link.distrust();
  // A close this frame was judged for (or may cause) is no surprise when the next frame finds the line down.
  if (outcome.kind === 'closed' || mayClose(frame, outcome)) link.allowClose();
  if (rebootsNow(frame, outcome)) await link.untilClosed(link.timing.readyMs);
  return { frame, outcome, alive, judgement, trace: judgement ? link.traceSince(mark) : [] };
}

const notThere = (version: SutLink['version']) => [codeFor(version, 'notImplemented'), codeFor(version, 'notSupported')];

/** A valid CALL's answer says whether the SUT implements its action. */
function learnImplementation(link: SutLink, frame: FuzzFrame, outcome: Outcome): void {
  if (frame.violation !== null || frame.binary || outcome.kind !== 'answer' || frame.before !== undefined) return;
  if (outcome.frame.type === CALLRESULT) link.implemented.set(frame.action, true);
  else if (outcome.frame.type === CALLERROR && notThere(link.version).includes(outcome.frame.errorCode)) link.implemented.set(frame.action, false);
}

/**
 * Send one valid CALL of `action` (the same every time) to learn whether the SUT implements it; counted as a
 * probe. Undefined when the answer does not tell (silence, a close).
 */
async function checkImplemented(link: SutLink, action: string): Promise<boolean | undefined> {
  const payload = fc.sample(validPayload(link.version, action, 'request'), { seed: 1, numRuns: 1 })[0]!;
  const id = `impl-${action}-${Date.now().toString(36)}`.slice(0, 36);
  const frame: FuzzFrame = { text: JSON.stringify([2, id, action, payload]), messageId: id, violation: null, action, description: `a valid ${action} (does the SUT implement it?)` };
  link.probes += 1;
  const outcome = await link.exchange(frame, link.timing.answerMs);
  learnImplementation(link, frame, outcome);
  if (outcome.kind === 'closed' || mayClose(frame, outcome)) link.allowClose();
  if (rebootsNow(frame, outcome)) await link.untilClosed(link.timing.readyMs);
  return link.implemented.get(action);
}

export interface BadAnswerAttempt {
  action: string;
  bad: BadAnswer;
  call: ReceivedCall;
  alive: boolean;
  judgement?: Judgement;
  trace: string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Answer the charger's next CALL of `action` badly, then check it is still connected and answering.
 * Undefined when the charger never sent that CALL (not triggerable, not periodic).
 */
export async function badAnswerAndJudge(link: CsmsLink, action: string, bad: BadAnswer): Promise<BadAnswerAttempt | undefined> {
  await link.ready();
  const mark = link.log.length;
  const call = await link.holdNext(action);
  if (!call) return undefined;
  const conn = link.peer.session!.conn;
  try {
    if (bad.kind === 'invalid-result') conn.sendText(JSON.stringify([CALLRESULT, call.messageId, bad.payload]));
    if (bad.kind === 'callerror') call.respondError(bad.code, bad.description);
    if (bad.kind === 'late') {
      await sleep(bad.delayMs);
      link.release(call);
    }
  } catch { /* the connection is gone: the judgement below says so */ }
  const alive = !conn.closed && await link.probe();
  // A silenced CALL is answered after the probe, so the charger's outgoing queue moves on for the next run.
  if (bad.kind === 'silence') link.release(call);
  const closed = conn.closed ? { code: conn.closeCode ?? 1006 } : undefined;
  const judgement = judgeAfterBadAnswer(action, bad, closed, alive, link.probeCall.action);
  if (judgement) link.distrust();
  return { action, bad, call, alive, judgement, trace: judgement ? link.traceSince(mark) : [] };
}

/** The text of a CALL the SUT sent, for a report (secrets blanked, as in every trace). */
export function callText(call: ReceivedCall): string {
  const frame: CallFrame = { type: 2, messageId: call.messageId, action: call.action, payload: call.payload };
  return redactSecrets(serialize(frame));
}
