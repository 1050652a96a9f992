import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import Mocha from 'mocha';
import type { TestCase } from '../harness/test-case.js';
import { executeTestCase, type TestResult } from './execute.js';
import { compositeReporter } from './reporters.js';
import type { Target } from './targets.js';
import { profileSummary, type ProfileSummary } from './summary.js';

const require = createRequire(import.meta.url);
const addContext = require('mochawesome/addContext') as (test: Mocha.Context, context: unknown) => void;

/** One group of test cases against one target (a version and SUT role). */
export interface SuiteGroup {
  title: string;
  target: Target;
  cases: TestCase[];
}

export interface RunOutcome {
  runDir: string;
  results: TestResult[];
  summary: ProfileSummary[];
  failed: number;
}

/** A fresh folder per run under the report directory, named by time and kind. */
export function makeRunDir(reportDir: string, kind: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('Z', '');
  const dir = path.resolve(reportDir, `${stamp}-${kind}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function writeResults(runDir: string, meta: Record<string, unknown>, results: TestResult[]): ProfileSummary[] {
  const summary = profileSummary(results);
  const slim = results.map(({ trace: _trace, ...r }) => r);
  const totals = {
    passed: results.filter((r) => r.state === 'passed').length,
    failed: results.filter((r) => r.state === 'failed').length,
    skipped: results.filter((r) => r.state === 'skipped').length,
  };
  writeFileSync(path.join(runDir, 'results.json'), `${JSON.stringify({ ...meta, totals, summary, tests: slim }, null, 2)}\n`);
  return summary;
}

/** Run the groups as one mocha run: each test case is a mocha test whose verdict comes from the executor. */
export async function runSuite(groups: SuiteGroup[], options: { runDir: string; title: string; progress: boolean; meta?: Record<string, unknown> }): Promise<RunOutcome> {
  const results: TestResult[] = [];
  const mocha = new Mocha({ reporter: compositeReporter(options) as unknown as Mocha.ReporterConstructor, timeout: 0 });
  for (const group of groups) {
    const suite = Mocha.Suite.create(mocha.suite, group.title);
    for (const tc of group.cases) {
      suite.addTest(new Mocha.Test(`${tc.id} ${tc.title}`, async function (this: Mocha.Context) {
        const result = await executeTestCase(tc, group.target);
        results.push(result);
        addContext(this, { title: 'verdict', value: { state: result.state, reason: result.reason, octt: result.octt } });
        if (result.trace) addContext(this, { title: 'message trace', value: result.trace });
        if (result.state === 'skipped') {
          addContext(this, { title: 'skipped because', value: result.reason });
          (this.test as Mocha.Test & { skipReason?: string }).skipReason = result.reason;
          this.skip();
        }
        if (result.state === 'failed') throw new Error(result.reason);
      }));
    }
  }
  const failed = await new Promise<number>((resolve) => mocha.run(resolve));
  const summary = writeResults(options.runDir, { title: options.title, ...options.meta }, results);
  return { runDir: options.runDir, results, summary, failed };
}
