import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { TestCase } from '../harness/test-case.js';
import { CsmsHarness } from '../harness/csms-harness.js';
import { executeTestCase, notRunResult, type TestResult } from './execute.js';
import type { Target } from './targets.js';
import { profileSummary, type ProfileSummary } from './summary.js';
import { Progress, type RunningTest } from './progress.js';
import { writeReports, type RunMeta } from './reports/index.js';
import { Interrupted } from './interrupt.js';
import { hasSchema } from '../ocpp/schemas.js';

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
  /**
   * Why the run ended before its last test case: the user interrupted it, or it gave up on a SUT that could not
   * be tested (`reason` is then the one line that says why and what to change).
   */
  stopped?: { kind: 'interrupted' | 'gaveUp'; reason: string };
}

export interface RunOptions {
  runDir: string;
  title: string;
  /** Print a line per test case (a person watching); off for library use. */
  progress: boolean;
  meta?: RunMeta;
  /**
   * Aborting stops the run: no further test case starts, the running ones end at once as `error` "interrupted"
   * (their peers closed, their SUTs stopped), the rest are listed as `error` "not run: interrupted", and the
   * reports are written with all of them.
   */
  signal?: AbortSignal;
  /**
   * Compile the versions' schemas before the first test case starts. For a SUT in this process (the reference):
   * its first message would otherwise pay seconds of compiling on a busy machine inside the test's waits.
   */
  warmSchemas?: boolean;
}

function warmSchemas(groups: SuiteGroup[]): void {
  for (const version of new Set(groups.map((g) => g.target.profile.ocpp))) hasSchema(version, 'BootNotification', 'request');
}

/** A fresh folder per run under the report directory, named by time and kind. */
export function makeRunDir(reportDir: string, kind: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('Z', '');
  const dir = path.resolve(reportDir, `${stamp}-${kind}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** What runGroup shares with the run around it. */
interface GroupContext {
  /** Aborted by the user's signal or by a give-up; its reason (an Interrupted) says which. */
  stop: AbortController;
  running: Set<RunningTest>;
  onDone: (index: number, result: TestResult) => void;
  onNotRun: (count: number, why: string) => void;
  giveUp: (reason: string) => void;
}

/**
 * The line a run against a charger that never connected ends with: where it should connect, with which ID, and
 * who connected instead.
 */
export function neverConnectedLine(h: CsmsHarness): string | undefined {
  const n = h.neverConnected;
  if (!n) return undefined;
  const id = n.stationId === '*' ? 'any station ID' : `station ID ${n.stationId}`;
  let line = `no charger connected to ${n.url} within ${n.withinMs} ms (timing.bootTimeoutMs): point the charger at that URL (${id})`;
  if (n.others.length) {
    line += `; a charger did try as station ID ${n.others.join(', ')} instead: use --station-id ${n.others[0]} (or stationId in the config) or change the charger's ID`;
  }
  if (n.sutEnded) line += `; the --sut-cmd process ${n.sutEnded}`;
  return line;
}

/**
 * Run one group: up to `parallel` test cases at once, an `exclusive` one alone (it changes state its neighbours
 * share). Results come back in catalogue order whatever the finishing order. Once the run is stopped no test
 * case starts; those left are listed as not run.
 */
async function runGroup(group: SuiteGroup, ctx: GroupContext): Promise<TestResult[]> {
  const limit = Math.max(1, group.parallel ?? 1);
  const results: TestResult[] = new Array(group.cases.length);
  const running = new Set<Promise<void>>();
  const { signal } = ctx.stop;
  const target = group.target;
  // A charger that connected once in this group is not "never connected" when a later test case waits in vain.
  let stationSeen = false;
  // In parallel, the test cases that must run alone go first: then no running neighbours have to drain before
  // each of them. One at a time, the catalogue order stands (B01 first is what a person expects to see).
  const alone = (tc: TestCase) => !!tc.exclusive && !(target.role === 'CSMS' && target.operatorPerStation);
  const order = [...group.cases.entries()];
  if (limit > 1) order.sort(([a, x], [b, y]) => Number(alone(y)) - Number(alone(x)) || a - b);
  for (const [index, tc] of order) {
    // An exclusive test waits for every running one and holds the target until it ends.
    if (alone(tc)) await Promise.all(running);
    while (running.size >= limit) await Promise.race(running);
    if (signal.aborted) break;
    const entry: RunningTest = { id: tc.id, startedAt: Date.now() };
    ctx.running.add(entry);
    const job = executeTestCase(tc, target, { signal, onPeer: (p) => { entry.peer = p; } }).then((r) => {
      results[index] = r;
      const harness = entry.peer instanceof CsmsHarness ? entry.peer : undefined;
      if (harness && harness.connectionCount > 0) stationSeen = true;
      const line = harness && target.role === 'CS' && target.giveUpIfNeverConnected && !stationSeen ? neverConnectedLine(harness) : undefined;
      if (line) ctx.giveUp(line);
      ctx.onDone(index, r);
    }).finally(() => {
      ctx.running.delete(entry);
      running.delete(job);
    });
    running.add(job);
    if (alone(tc)) await job;
  }
  await Promise.all(running);
  // Those never started (interrupted, or the run gave up): one line for them.
  const why = signal.reason instanceof Error ? signal.reason.message : 'interrupted';
  const notRun = group.cases.flatMap((_tc, index) => (results[index] ? [] : [index]));
  for (const index of notRun) results[index] = notRunResult(group.cases[index]!, why);
  if (notRun.length) ctx.onNotRun(notRun.length, why);
  return results;
}

/** Run the groups one after another and write every report of the run. */
export async function runSuite(groups: SuiteGroup[], options: RunOptions): Promise<RunOutcome> {
  const started = Date.now();
  const progress = new Progress(options.progress);
  const results: TestResult[] = [];
  const stop = new AbortController();
  let stopped: RunOutcome['stopped'];
  const interrupt = () => {
    stopped ??= { kind: 'interrupted', reason: 'interrupted' };
    stop.abort(new Interrupted());
  };
  if (options.signal?.aborted) interrupt();
  options.signal?.addEventListener('abort', interrupt, { once: true });
  const ctx: GroupContext = {
    stop, running: new Set(), onDone: (i, r) => progress.done(i, r), onNotRun: (n, why) => progress.notRun(n, why),
    giveUp: (reason) => {
      if (stopped) return;
      stopped = { kind: 'gaveUp', reason };
      stop.abort(new Interrupted('the run gave up: the charger never connected'));
    },
  };
  if (options.warmSchemas) warmSchemas(groups);
  progress.startLive(() => [...ctx.running]);
  try {
    for (const group of groups) {
      progress.group(group.title, group.cases.length);
      results.push(...await runGroup(group, ctx));
    }
  } finally {
    progress.stopLive();
    options.signal?.removeEventListener('abort', interrupt);
  }
  const wallMs = Date.now() - started;
  const sumMs = results.reduce((s, r) => s + r.durationMs, 0);
  const summary = profileSummary(results);
  const runFacts = stopped?.kind === 'gaveUp' ? { error: stopped.reason } : stopped ? { interrupted: true } : {};
  await writeReports(options.runDir, { title: options.title, ...options.meta, ...runFacts, wallMs, sumMs }, results, summary);
  return { runDir: options.runDir, results, summary, wallMs, sumMs, stopped };
}
