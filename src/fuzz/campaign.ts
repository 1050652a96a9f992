import { actionsAcceptedBy } from '../ocpp/actions.js';
import { buildTargets } from './inputs.js';
import { runChunk, type ChunkContext, type FindingDraft, type Target } from './property.js';
import type { OpenedSut } from './sut.js';
import { FAMILIES, type Family, type Finding } from './types.js';

export interface CampaignOptions {
  seed: number;
  /** Total generated inputs; the default when neither runs nor duration is given is 1000. */
  runs?: number;
  durationMs?: number;
  /** Actions to target (default: every action the SUT must accept in its direction). */
  actions?: string[];
  families?: readonly Family[];
  /** The charger's own CALLs to answer badly (bad-answer family; default: OWN_CALLS). */
  ownCalls?: string[];
  /** Stop once this many findings are recorded (a quick check that a known fault is found). */
  stopAfterFindings?: number;
  /** Called now and then with the counters, for a progress line. */
  onProgress?: (p: CampaignProgress) => void;
}

export interface CampaignProgress {
  frames: number;
  runs: number;
  findings: number;
  elapsedMs: number;
  /** What is left: runs or milliseconds, whichever bounds the campaign. */
  runsLeft?: number;
  msLeft?: number;
}

export interface ActionStats { runs: number; families: Family[] }

export interface CampaignResult {
  seed: number;
  runs: number;
  frames: number;
  probes: number;
  reconnects: number;
  durationMs: number;
  findings: Finding[];
  notes: string[];
  unavailable: { action: string; family: Family; reason: string }[];
  perAction: Record<string, ActionStats>;
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

/**
 * Each family's share of a round, relative to the others. Transport damage tests the front door whatever the
 * action, and its frames far past the usual size cost a hundred normal ones; a bad answer waits for one of the
 * SUT's own calls, up to a heartbeat each.
 */
const FAMILY_WEIGHT: Record<Family, number> = {
  'valid-payload': 1, 'schema-violation': 1, 'frame-damage': 1, 'transport-damage': 0.25, 'bad-answer': 0.1,
};

/**
 * Fuzz one SUT: cycle through (action, family) targets in rounds, one fast-check run of a few inputs each, until
 * the run budget or the time is used up. Findings are shrunk and recorded as they are found; a crash of the SUT
 * is a finding, after which the link brings it back and the campaign goes on.
 */
export async function runCampaign(sut: OpenedSut, options: CampaignOptions): Promise<CampaignResult> {
  const started = Date.now();
  const deadline = options.durationMs !== undefined ? started + options.durationMs : undefined;
  const budget = options.runs ?? (deadline ? Infinity : DEFAULT_RUNS);
  const findings: Finding[] = [];
  const notes: string[] = [];
  const unavailable: CampaignResult['unavailable'] = [];
  const perAction: Record<string, ActionStats> = {};
  const ctx: ChunkContext = {
    link: sut.link, known: new Map(), frames: 0,
    note: (text) => { if (notes.length < 200) notes.push(text); },
    record: (draft: FindingDraft) => {
      const id = `finding-${String(findings.length + 1).padStart(3, '0')}`;
      const finding: Finding = { id, ...draft, target: sut.spec, replay: `ocpp-conformance replay ${id}.json`, foundAtMs: Date.now() - started, repeats: 0, alsoIn: [] };
      findings.push(finding);
      return finding;
    },
  };
  const actions = options.actions ?? defaultActions(sut);
  let active: Target[] = buildTargets(sut, actions, options.families ?? FAMILIES, options.ownCalls);
  for (const t of active) (perAction[t.action] ??= { runs: 0, families: [] }).families.push(t.family);
  const gone = new Set<Target>();
  const enough = () => options.stopAfterFindings !== undefined && findings.length >= options.stopAfterFindings;
  let runs = 0;
  const progress = () => options.onProgress?.({
    frames: ctx.frames, runs, findings: findings.length, elapsedMs: Date.now() - started,
    runsLeft: Number.isFinite(budget) ? budget - runs : undefined, msLeft: deadline ? Math.max(0, deadline - Date.now()) : undefined,
  });
  const ticker = setInterval(progress, 250);
  ticker.unref();
  try {
    // Each round gives every target an equal share of the budget, so a small budget still reaches them all.
    const share = Math.max(1, Math.min(50, Math.floor((Number.isFinite(budget) ? budget : 20 * active.length) / Math.max(1, active.length))));
    for (let round = 0; active.length && !ctx.aborted; round++) {
      for (const target of active) {
        const left = budget - runs;
        if (left <= 0 || ctx.aborted || (deadline && Date.now() >= deadline) || enough()) break;
        const size = Math.min(left, Math.max(1, Math.floor(share * FAMILY_WEIGHT[target.family])));
        const seed = chunkSeed(options.seed, target.action, target.family, round);
        const result = await runChunk(ctx, target, seed, size, deadline);
        runs += result.runs;
        perAction[target.action]!.runs += result.runs;
        if (result.unavailable) {
          unavailable.push({ action: target.action, family: target.family, reason: result.unavailable });
          gone.add(target);
        }
      }
      active = active.filter((t) => !gone.has(t));
      if (budget - runs <= 0 || (deadline && Date.now() >= deadline) || enough()) break;
    }
  } finally {
    clearInterval(ticker);
  }
  progress();
  return {
    seed: options.seed, runs, frames: ctx.frames, probes: sut.link.probes, reconnects: sut.link.reconnects,
    durationMs: Date.now() - started, findings, notes, unavailable, perAction, aborted: ctx.aborted?.message,
  };
}
