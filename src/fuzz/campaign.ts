import { actionsAcceptedBy } from '../ocpp/actions.js';
import { buildTargets } from './inputs.js';
import { runChunk, type ChunkContext, type FindingDraft, type Target } from './property.js';
import type { OpenedSut } from './sut.js';
import { FAMILIES, type Family, type Finding } from './types.js';

export interface CampaignOptions {
  seed: number;
  /** Frames to send in total (every fuzz frame on the wire, also while shrinking; not liveness probes). The
   * default when neither runs nor duration is given is 1000. */
  runs?: number;
  durationMs?: number;
  /** Actions to target (default: every action the SUT must accept in its direction). */
  actions?: string[];
  families?: readonly Family[];
  /** The charger's own CALLs to answer badly (bad-answer family; default: OWN_CALLS). */
  ownCalls?: string[];
  /** Stop once this many findings are recorded (a quick check that a known fault is found). */
  stopAfterFindings?: number;
  /** False: findings are recorded as first seen, not shrunk (default true; the bench measures both). */
  shrink?: boolean;
  /** Called now and then with the counters, for a progress line. */
  onProgress?: (p: CampaignProgress) => void;
}

export interface CampaignProgress {
  frames: number;
  findings: number;
  elapsedMs: number;
  /** The frame budget (--runs), when frames bound the campaign. */
  budget?: number;
  /** The duration (--duration), when time bounds the campaign. */
  durationMs?: number;
  /** The target being fuzzed now. */
  current?: { action: string; family: Family };
  /** Actions that have received at least one frame, of all targeted. */
  actionsReached: number;
  actionsTotal: number;
}

/** Frames and time an action (or a family) received. */
export interface FrameStats { frames: number; ms: number }

export interface ActionStats extends FrameStats {
  families: Family[];
  byFamily: Partial<Record<Family, number>>;
}

export interface CampaignResult {
  seed: number;
  /** The budget it ran with: frames (--runs) or milliseconds (--duration), as given. */
  budget: { runs?: number; durationMs?: number };
  /** Fuzz frames sent (every frame on the wire that carries a generated input, also while shrinking). */
  frames: number;
  probes: number;
  reconnects: number;
  durationMs: number;
  findings: Finding[];
  notes: string[];
  unavailable: { action: string; family: Family; reason: string }[];
  perAction: Record<string, ActionStats>;
  perFamily: Partial<Record<Family, FrameStats>>;
  /** Why the campaign stopped early (the SUT could not be reached again). */
  aborted?: string;
}

/** A 32-bit seed per (campaign seed, target, round), so each fast-check run can be replayed on its own. */
export function chunkSeed(seed: number, action: string, family: string, round: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}|${action}|${family}|${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h | 0;
}

export function defaultActions(sut: OpenedSut): string[] {
  return [...actionsAcceptedBy(sut.spec.role, sut.spec.ocpp)];
}

const DEFAULT_RUNS = 1000;
/** Inputs per target and round at most; with --duration the first rounds are smaller (1, 2, 4, ...). */
const MAX_CHUNK = 50;

/**
 * Each family's share of a round, relative to the others. Transport damage tests the front door whatever the
 * action, and its frames far past the usual size cost a hundred normal ones; a bad answer waits for one of the
 * SUT's own calls, up to a heartbeat each. A share below one is carried over, so such a target gets an input
 * every few rounds.
 */
const FAMILY_WEIGHT: Record<Family, number> = {
  'valid-payload': 1, 'schema-violation': 1, 'frame-damage': 1, 'transport-damage': 0.25, 'bad-answer': 0.1,
};

/**
 * The order targets take their turns in: every action once before any gets a second family, and each action
 * starts its families at a different one, so the first frames of a campaign already spread over all actions
 * and all families.
 */
export function interleave(targets: Target[]): Target[] {
  const byAction = new Map<string, Target[]>();
  for (const t of targets) byAction.set(t.action, [...(byAction.get(t.action) ?? []), t]);
  const groups = [...byAction.values()];
  const widest = Math.max(0, ...groups.map((g) => g.length));
  const order: Target[] = [];
  for (let j = 0; j < widest; j++) {
    groups.forEach((g, i) => { if (j < g.length) order.push(g[(i + j) % g.length]!); });
  }
  return order;
}

/**
 * Fuzz one SUT: cycle through (action, family) targets in rounds, one fast-check run of a few inputs each, in an
 * order that interleaves actions and families, until the frame budget or the time is used up. With --runs each
 * round gives every target an equal share of what is left; with --duration the rounds start with one input per
 * target and double, so even a short campaign reaches every action. Findings are shrunk and recorded as they are
 * found; a crash of the SUT is a finding, after which the link brings it back and the campaign goes on.
 */
export async function runCampaign(sut: OpenedSut, options: CampaignOptions): Promise<CampaignResult> {
  // Building the generators the first time compiles schemas (seconds, synchronously): the clock starts after.
  const actions = options.actions ?? defaultActions(sut);
  const targets = interleave(buildTargets(sut, actions, options.families ?? FAMILIES, options.ownCalls));
  const started = Date.now();
  const deadline = options.durationMs !== undefined ? started + options.durationMs : undefined;
  const budget = options.runs ?? (deadline ? undefined : DEFAULT_RUNS);
  const findings: Finding[] = [];
  const notes: string[] = [];
  const unavailable: CampaignResult['unavailable'] = [];
  const perAction: Record<string, ActionStats> = {};
  const perFamily: Partial<Record<Family, FrameStats>> = {};
  const ctx: ChunkContext = {
    link: sut.link, known: new Map(), frames: 0, budget, shrink: options.shrink,
    note: (text) => { if (notes.length < 200) notes.push(text); },
    record: (draft: FindingDraft) => {
      const id = `finding-${String(findings.length + 1).padStart(3, '0')}`;
      const finding: Finding = { id, ...draft, target: sut.spec, replay: `npx ocpp-conformance replay ${id}.json`, foundAtMs: Date.now() - started, repeats: 0, alsoIn: [] };
      findings.push(finding);
      return finding;
    },
    counter: {
      count: (target, n) => {
        const a = perAction[target.action]!;
        a.frames += n;
        a.byFamily[target.family] = (a.byFamily[target.family] ?? 0) + n;
        perFamily[target.family]!.frames += n;
      },
    },
  };
  let active: Target[] = targets;
  for (const t of active) {
    (perAction[t.action] ??= { frames: 0, ms: 0, families: [], byFamily: {} }).families.push(t.family);
    perFamily[t.family] ??= { frames: 0, ms: 0 };
  }
  const actionsTotal = Object.keys(perAction).length;
  const gone = new Set<Target>();
  const enough = () => options.stopAfterFindings !== undefined && findings.length >= options.stopAfterFindings;
  const outOfBudget = () => (budget !== undefined && ctx.frames >= budget) || (deadline !== undefined && Date.now() >= deadline);
  let current: Target | undefined;
  const progress = () => options.onProgress?.({
    frames: ctx.frames, findings: findings.length, elapsedMs: Date.now() - started, budget, durationMs: options.durationMs,
    current: current && { action: current.action, family: current.family },
    actionsReached: Object.values(perAction).filter((a) => a.frames > 0).length, actionsTotal,
  });
  const ticker = setInterval(progress, 250);
  ticker.unref();
  const credit = new Map<Target, number>();
  try {
    for (let round = 0; active.length && !ctx.aborted && !outOfBudget() && !enough(); round++) {
      const left = budget === undefined ? Infinity : budget - ctx.frames;
      const chunk = budget === undefined
        ? Math.min(MAX_CHUNK, 2 ** round)
        : Math.max(1, Math.min(MAX_CHUNK, Math.floor(left / active.length)));
      for (const target of active) {
        if (ctx.aborted || outOfBudget() || enough()) break;
        const owed = (credit.get(target) ?? 0) + chunk * FAMILY_WEIGHT[target.family];
        // Every target gets one input in the first round, whatever its weight (it pays the credit back later).
        const size = round === 0 ? Math.max(1, Math.floor(owed)) : Math.floor(owed);
        credit.set(target, owed - size);
        if (size < 1) continue;
        current = target;
        const t0 = Date.now();
        const result = await runChunk(ctx, target, chunkSeed(options.seed, target.action, target.family, round), size, deadline);
        const ms = Date.now() - t0;
        perAction[target.action]!.ms += ms;
        perFamily[target.family]!.ms += ms;
        if (result.unavailable) {
          unavailable.push({ action: target.action, family: target.family, reason: result.unavailable });
          gone.add(target);
        }
      }
      active = active.filter((t) => !gone.has(t));
    }
  } finally {
    clearInterval(ticker);
  }
  current = undefined;
  progress();
  return {
    seed: options.seed, budget: { runs: options.runs ?? (deadline ? undefined : DEFAULT_RUNS), durationMs: options.durationMs },
    frames: ctx.frames, probes: sut.link.probes, reconnects: sut.link.reconnects,
    durationMs: Date.now() - started, findings, notes, unavailable, perAction, perFamily, aborted: ctx.aborted?.message,
  };
}
