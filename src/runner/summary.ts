import type { TestResult } from './execute.js';

/** Pass/fail per certification-style profile: what a procurement pre-check reads first. */
export interface ProfileSummary {
  profile: string;
  ocpp: string;
  sut: string;
  passed: number;
  failed: number;
  skipped: number;
  verdict: 'pass' | 'fail' | 'incomplete';
}

export function profileSummary(results: TestResult[]): ProfileSummary[] {
  const groups = new Map<string, ProfileSummary>();
  for (const r of results) {
    const key = `${r.profile}|${r.ocpp}|${r.sut}`;
    const g = groups.get(key) ?? { profile: r.profile, ocpp: r.ocpp, sut: r.sut, passed: 0, failed: 0, skipped: 0, verdict: 'pass' };
    g[r.state] += 1;
    groups.set(key, g);
  }
  for (const g of groups.values()) g.verdict = g.failed ? 'fail' : g.skipped ? 'incomplete' : 'pass';
  return [...groups.values()].sort((a, b) => `${a.profile}${a.ocpp}${a.sut}`.localeCompare(`${b.profile}${b.ocpp}${b.sut}`));
}

export function formatSummary(summary: ProfileSummary[]): string {
  return summary.map((s) => `  ${s.verdict.toUpperCase().padEnd(10)} ${s.profile} (OCPP ${s.ocpp}, SUT ${s.sut}): ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`).join('\n');
}
