import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { TestCase } from '../harness/test-case.js';
import { executeTestCase, type TestResult } from './execute.js';
import type { Target } from './targets.js';
import { profileSummary, type ProfileSummary } from './summary.js';
import { Progress } from './progress.js';
import { writeReports, type RunMeta } from './reports/index.js';

/** One group of test cases against one target (a version and SUT role). */
export interface SuiteGroup {
  title: string;
  target: Target;
  cases: TestCase[];
  /** How many of this group's test cases may run at once against its target (default 1). */
  parallel?: number;
}

export interface RunOutcome {
  runDir: string;
  results: TestResult[];
  summary: ProfileSummary[];
  /** Wall time of the whole run and the sum of the test cases' own durations. */
  wallMs: number;
  sumMs: number;
}

export interface RunOptions {
  runDir: string;
  title: string;
  /** Print a line per test case (a person watching); off for library use. */
  progress: boolean;
  meta?: RunMeta;
}

/** A fresh folder per run under the report directory, named by time and kind. */
export function makeRunDir(reportDir: string, kind: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('Z', '');
  const dir = path.resolve(reportDir, `${stamp}-${kind}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Run one group: up to `parallel` test cases at once, an `exclusive` one alone (it changes state its neighbours
 * share). Results come back in catalogue order whatever the finishing order.
 */
async function runGroup(group: SuiteGroup, onDone: (index: number, result: TestResult) => void): Promise<TestResult[]> {
  const limit = Math.max(1, group.parallel ?? 1);
  const results: TestResult[] = new Array(group.cases.length);
  const running = new Set<Promise<void>>();
  for (const [index, tc] of group.cases.entries()) {
    // An exclusive test waits for every running one and holds the target until it ends.
    if (tc.exclusive) await Promise.all(running);
    while (running.size >= limit) await Promise.race(running);
    const job = executeTestCase(tc, group.target).then((r) => {
      results[index] = r;
      onDone(index, r);
    }).finally(() => running.delete(job));
    running.add(job);
    if (tc.exclusive) await job;
  }
  await Promise.all(running);
  return results;
}

/** Run the groups one after another and write every report of the run. */
export async function runSuite(groups: SuiteGroup[], options: RunOptions): Promise<RunOutcome> {
  const started = Date.now();
  const progress = new Progress(options.progress);
  const results: TestResult[] = [];
  for (const group of groups) {
    progress.group(group.title, group.cases.length);
    results.push(...await runGroup(group, (i, r) => progress.done(i, r)));
  }
  const wallMs = Date.now() - started;
  const sumMs = results.reduce((s, r) => s + r.durationMs, 0);
  const summary = profileSummary(results);
  await writeReports(options.runDir, { title: options.title, ...options.meta, wallMs, sumMs }, results, summary);
  return { runDir: options.runDir, results, summary, wallMs, sumMs };
}
