import type { TestResult } from './execute.js';
import { TEST_STATES, type TestState } from '../harness/verdicts.js';
import { PROFILE_TITLES } from '../catalog/octt.js';

/**
 * Verdicts per certification profile (Part 5 names: Core, Advanced Security, ...), per version and SUT role:
 * what a procurement pre-check reads first. A test case counts towards every profile its official test cases
 * belong to (our own grouping where it claims none).
 */
export interface ProfileSummary extends Record<TestState, number> {
  profile: string;
  title: string;
  ocpp: string;
  sut: string;
  /** Official IDs of this profile claimed by a test case that ran, in full and partly. */
  octtFull: number;
  octtPartial: number;
  verdict: 'pass' | 'fail' | 'incomplete' | 'notApplicable';
}

/** Core first, then the profiles in the order Part 5 lists them. */
function profileRank(profile: string): number {
  const i = Object.keys(PROFILE_TITLES).indexOf(profile);
  return i < 0 ? 99 : i;
}

function verdictOf(g: ProfileSummary): ProfileSummary['verdict'] {
  if (g.failed) return 'fail';
  if (g.inconclusive || g.error) return 'incomplete';
  if (!g.passed) return 'notApplicable';
  return 'pass';
}

export function profileSummary(results: TestResult[]): ProfileSummary[] {
  const groups = new Map<string, ProfileSummary & { full: Set<string>; part: Set<string> }>();
  for (const r of results) {
    const profiles = r.certification.length ? r.certification : [r.profile];
    for (const profile of profiles) {
      const key = `${profile}|${r.ocpp}|${r.sut}`;
      const g = groups.get(key) ?? {
        profile, title: PROFILE_TITLES[profile] ?? profile, ocpp: r.ocpp, sut: r.sut,
        ...Object.fromEntries(TEST_STATES.map((s) => [s, 0])) as Record<TestState, number>,
        octtFull: 0, octtPartial: 0, verdict: 'pass', full: new Set<string>(), part: new Set<string>(),
      };
      g[r.state] += 1;
      for (const c of r.octt) (c.fidelity === 'full' ? g.full : g.part).add(c.id);
      groups.set(key, g);
    }
  }
  return [...groups.values()].map(({ full, part, ...g }) => {
    const partOnly = [...part].filter((id) => !full.has(id));
    const s: ProfileSummary = { ...g, octtFull: full.size, octtPartial: partOnly.length };
    s.verdict = verdictOf(s);
    return s;
  }).sort((a, b) => b.ocpp.localeCompare(a.ocpp) || a.sut.localeCompare(b.sut) || profileRank(a.profile) - profileRank(b.profile));
}

export function formatSummary(summary: ProfileSummary[]): string {
  return summary.map((s) => `  ${s.verdict.toUpperCase().padEnd(13)} ${s.title} (OCPP ${s.ocpp}, SUT ${s.sut}): ${countsLine(s)}`).join('\n');
}

/** "3 passed, 1 failed, 2 inconclusive, 0 error, 4 not applicable" */
export function countsLine(counts: Record<TestState, number>): string {
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.inconclusive} inconclusive, ${counts.error} error, ${counts.notApplicable} not applicable`;
}

export function totals(results: TestResult[]): Record<TestState, number> {
  const t = Object.fromEntries(TEST_STATES.map((s) => [s, 0])) as Record<TestState, number>;
  for (const r of results) t[r.state] += 1;
  return t;
}
