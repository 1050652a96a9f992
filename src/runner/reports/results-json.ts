import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestResult } from '../execute.js';
import { totals, type ProfileSummary } from '../summary.js';

/** results.json: one entry per test case (without the raw frames), totals, the per-profile summary, run facts. */
export function writeResultsJson(runDir: string, meta: Record<string, unknown>, results: TestResult[], summary: ProfileSummary[]): void {
  const tests = results.map(({ frames: _frames, trace: _trace, ...r }) => r);
  const body = { ...meta, totals: totals(results), summary, tests };
  writeFileSync(path.join(runDir, 'results.json'), `${JSON.stringify(body, null, 2)}\n`);
}
