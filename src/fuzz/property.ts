import fc from 'fast-check';
import { serialize } from '../ocpp/frames.js';
import { redactSecrets } from '../transport/frame-log.js';
import { NotAvailable } from './errors.js';
import type { SutLink } from './link.js';
import type { BadAnswer, Family, Finding, FuzzFrame, Judgement, Outcome } from './types.js';

/** What one run of an input did, in report terms. */
export interface RunResult {
  judgement?: Judgement;
  frame: FuzzFrame | null;
  badAnswer?: BadAnswer;
  answer: string;
  trace: string[];
}

/** One target of a campaign: an action and a generator family, with how to run one generated input. */
export interface Target<T = unknown> {
  action: string;
  family: Family;
  arbitrary: fc.Arbitrary<T>;
  /** Send the input and judge; `alwaysProbe` while shrinking and isolating. Throws NotAvailable when it cannot. */
  run(input: T, alwaysProbe: boolean): Promise<RunResult>;
}

export type FindingDraft = Omit<Finding, 'id' | 'target' | 'replay' | 'foundAtMs' | 'repeats' | 'alsoIn'>;

/** Frames sent per action and family: what a report shows and what the budget counts. */
export interface FrameCounter {
  count(target: Pick<Target, 'action' | 'family'>, frames: number): void;
}

/** What the chunks of one campaign share. */
export interface ChunkContext {
  link: SutLink;
  /** Findings so far by signature: a known failure does not fail a property again, so others get found. */
  known: Map<string, Finding>;
  record(draft: FindingDraft): Finding;
  note(text: string): void;
  /** Fuzz frames sent so far (every input put on the wire, also while isolating and shrinking; not probes). */
  frames: number;
  /** No frame is sent once `frames` reaches this (shrinking then stops at the smallest failure so far). */
  budget?: number;
  counter?: FrameCounter;
  /** False: record a failure as first seen, without fast-check shrinking it (the bench's throughput figure). */
  shrink?: boolean;
  /** Set when the SUT could not be reached any more: the campaign stops. */
  aborted?: Error;
  /** The last input that passed, with its target and seed: the suspect when the SUT dies one frame later. */
  previous?: { target: Target; input: unknown; seed: number };
}

export function describeOutcome(outcome: Outcome, alive?: boolean): string {
  const probe = alive === false ? '; then the liveness probe got no answer' : '';
  // A SUT's answer may carry a secret it should not (a GetConfiguration listing AuthorizationKey): reports never do.
  if (outcome.kind === 'answer') return `${redactSecrets(serialize(outcome.frame))}${probe}`;
  if (outcome.kind === 'silence') return `no answer within ${outcome.waitedMs} ms${probe}`;
  return `connection closed (${outcome.code}${outcome.reason ? ` ${outcome.reason}` : ''})`;
}

/**
 * What makes two failures the same finding. Front-door problems (damaged frames, wrong error codes, crashes)
 * are one bug whichever action carried them; what an action's handler does with valid input, or with invalid
 * input it accepts, is that handler's own.
 */
export function signature(target: Pick<Target, 'action' | 'family'>, result: RunResult): string {
  const key = result.judgement?.key;
  const perHandler = target.family === 'valid-payload' || target.family === 'bad-answer' || key === 'result';
  return [perHandler ? target.action : '*', target.family, key, result.frame?.violation ?? result.badAnswer?.kind].join('|');
}

/** A known finding seen again: count it and note the action, so every action it hits shows it. */
function repeat(finding: Finding, action: string): void {
  finding.repeats += 1;
  if (action !== finding.action && !finding.alsoIn.includes(action)) finding.alsoIn.push(action);
}

/** Frames an input puts on the wire: two for a duplicate-ID pair, none for a bad answer that is silence. */
function framesOf(result: RunResult): number {
  if (result.frame) return result.frame.before !== undefined ? 2 : 1;
  return result.badAnswer?.kind === 'silence' ? 0 : 1;
}

/** Send one input and count what it put on the wire. */
async function send(ctx: ChunkContext, target: Target, input: unknown, alwaysProbe: boolean): Promise<RunResult> {
  const result = await target.run(input, alwaysProbe);
  const n = framesOf(result);
  ctx.frames += n;
  ctx.counter?.count(target, n);
  return result;
}

const budgetLeft = (ctx: ChunkContext) => ctx.budget === undefined || ctx.frames < ctx.budget;

function draftOf(target: Target, result: RunResult, seed: number, path: string | null, shrinks: number, durationMs: number): FindingDraft {
  const j = result.judgement!;
  return {
    severity: j.severity, action: target.action, family: target.family,
    violation: result.frame?.violation ?? (result.badAnswer?.kind === 'invalid-result' ? result.badAnswer.violation : null),
    description: result.frame?.description ?? result.badAnswer?.description ?? '',
    reason: j.reason, frame: result.frame, badAnswer: result.badAnswer, answer: result.answer,
    acceptedCodes: j.acceptedCodes, why: j.why, seed, path, shrinks, durationMs, trace: result.trace,
  };
}

const isHang = (j?: Judgement) => j?.severity === 'high';

/** The SUT died a frame late: see whether the previous input, sent alone, is what kills it. */
async function blamePrevious(ctx: ChunkContext, what: string): Promise<void> {
  const prev = ctx.previous;
  ctx.previous = undefined;
  if (!prev) return ctx.note(`${what}; no earlier frame to blame`);
  if (!budgetLeft(ctx)) return ctx.note(`${what}; the frame budget is used up, the earlier frame was not tried alone`);
  const started = Date.now();
  const again = await send(ctx, prev.target, prev.input, true);
  if (!isHang(again.judgement)) return ctx.note(`${what}; neither frame reproduces it alone`);
  const sig = signature(prev.target, again);
  const known = ctx.known.get(sig);
  if (known) repeat(known, prev.target.action);
  else ctx.known.set(sig, ctx.record({ ...draftOf(prev.target, again, prev.seed, null, 0, Date.now() - started), reason: `${again.judgement!.reason} (seen one frame late; not shrunk)` }));
}

/**
 * One fast-check run over a target: `numRuns` generated inputs from `seed`. The first new failure is shrunk by
 * fast-check to a minimal input and recorded; failures already recorded count as repeats and do not stop it.
 * Returns how many inputs were generated, and why the target is unavailable if it turned out to be.
 */
export async function runChunk<T>(ctx: ChunkContext, target: Target<T>, seed: number, numRuns: number, deadline?: number): Promise<{ runs: number; unavailable?: string }> {
  let shrinking = false;
  let shrinkStart = 0;
  /** The signature of the failure being shrunk: a smaller input counts only if it shows the same failure. */
  let shrinkingFor: string | undefined;
  let last: RunResult | undefined;
  let unavailable: string | undefined;
  let runs = 0;
  // Past the deadline or the frame budget the remaining inputs pass untried (fast-check's own time limit would
  // leave a run going); a shrink in progress keeps the deadline but not the budget, which counts every frame.
  const property = fc.asyncProperty(target.arbitrary, async (input) => {
    if (ctx.aborted || unavailable || !budgetLeft(ctx) || (!shrinking && deadline !== undefined && Date.now() >= deadline)) return true;
    if (!shrinking) runs += 1;
    try {
      // While shrinking a crash or hang, every frame is followed by a probe (a delayed crash counts for it);
      // a wrong answer is judged on the answer alone.
      let result = await send(ctx, target as Target, input, shrinking && isHang(last?.judgement));
      const closedBefore = ctx.link.unexpectedClose;
      ctx.link.unexpectedClose = undefined;
      if (closedBefore && !shrinking) await blamePrevious(ctx, `the connection closed between frames (${closedBefore.code})`);
      if (!result.judgement) {
        if (!shrinking) ctx.previous = { target: target as Target, input, seed };
        return true;
      }
      const sig = signature(target, result);
      // While shrinking, another failure is not this one: fast-check must not wander off to a different bug.
      if (shrinking) {
        if (sig !== shrinkingFor) return true;
        last = result;
        return false;
      }
      const known = ctx.known.get(sig);
      if (known) {
        repeat(known, target.action);
        return true;
      }
      const failedAt = Date.now();
      // A crash or hang may be the previous frame's doing: this one must reproduce it on its own (unless the
      // budget is used up: then it is recorded as seen, not isolated, rather than lost).
      if (isHang(result.judgement) && budgetLeft(ctx)) {
        const alone = await send(ctx, target as Target, input, true);
        if (!isHang(alone.judgement)) {
          await blamePrevious(ctx, `${result.judgement.reason}, but not when sent alone`);
          return true;
        }
        result = alone;
        if (ctx.known.has(signature(target, result))) return true;
      }
      shrinkStart = failedAt;
      shrinkingFor = signature(target, result);
      shrinking = true;
      last = result;
      return false;
    } catch (err) {
      if (err instanceof NotAvailable) unavailable = err.message;
      else ctx.aborted = err as Error;
      return true;
    }
  });
  const details = await fc.check(property, { seed, numRuns, endOnFailure: ctx.shrink === false });
  if (details.failed && last) {
    ctx.known.set(signature(target, last), ctx.record(draftOf(target as Target, last, details.seed, details.counterexamplePath, details.numShrinks, Date.now() - shrinkStart)));
  }
  return { runs, unavailable };
}
