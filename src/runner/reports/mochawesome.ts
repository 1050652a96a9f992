import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { TestResult } from '../execute.js';

const require = createRequire(import.meta.url);
const marge = require('mochawesome-report-generator') as { create(data: unknown, options: unknown): Promise<string[]> };

// report.json: the run in mochawesome's JSON format, for tools that read it (mochawesome-merge; `npx marge
// report.json` draws mochawesome's own view). Built from our verdicts rather than from a mocha run: test cases
// run in parallel and end in five verdicts, which mocha's pass/fail/pending cannot hold. mochawesome's
// "pending" holds not applicable, its "skipped" inconclusive; an error is a failure with its stack.

function margeTest(r: TestResult, parentUUID: string) {
  const context = [
    { title: 'verdict', value: { state: r.state, reason: r.reason, requirement: r.requirement } },
    ...(r.octt.length ? [{ title: 'official test cases', value: r.octt }] : []),
    ...(r.trace ? [{ title: 'message trace', value: r.trace }] : []),
  ];
  const failed = r.state === 'failed' || r.state === 'error';
  return {
    title: `${r.id} ${r.title}`, fullTitle: `${r.id} ${r.title}`, timedOut: false, duration: r.durationMs,
    state: r.state === 'passed' ? 'passed' : failed ? 'failed' : undefined,
    speed: 'fast', pass: r.state === 'passed', fail: failed, pending: r.state === 'notApplicable',
    context: JSON.stringify(context), code: '',
    err: failed ? { message: `${r.state}: ${r.reason ?? ''}`, ...(r.state === 'error' && r.stack ? { estack: r.stack } : {}) } : {},
    uuid: randomUUID(), parentUUID, isHook: false, skipped: r.state === 'inconclusive',
  };
}

/**
 * report.json in mochawesome's format and mochawesome's own per-test view of it, tests.html (its report generator;
 * our report.html is the page for a reader, this one is the familiar drill-down for mochawesome users).
 */
export async function writeMochawesome(runDir: string, title: string, results: TestResult[]): Promise<void> {
  const rootUUID = randomUUID();
  const groups = new Map<string, TestResult[]>();
  for (const r of results) {
    const key = `OCPP ${r.ocpp} — SUT ${r.sut === 'CS' ? 'charging station' : 'CSMS'}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const suites = [...groups].map(([suiteTitle, rs]) => {
    const uuid = randomUUID();
    const tests = rs.map((r) => margeTest(r, uuid));
    return {
      uuid, title: suiteTitle, fullFile: '', file: '', beforeHooks: [], afterHooks: [], tests, suites: [],
      passes: tests.filter((t) => t.pass).map((t) => t.uuid), failures: tests.filter((t) => t.fail).map((t) => t.uuid),
      pending: tests.filter((t) => t.pending).map((t) => t.uuid), skipped: tests.filter((t) => t.skipped).map((t) => t.uuid),
      duration: rs.reduce((s, r) => s + r.durationMs, 0), root: false, rootEmpty: false, _timeout: 0,
    };
  });
  const count = (state: string) => results.filter((r) => r.state === state).length;
  const duration = results.reduce((s, r) => s + r.durationMs, 0);
  const registered = results.length;
  const stats = {
    suites: suites.length, tests: registered, passes: count('passed'), pending: count('notApplicable'),
    failures: count('failed') + count('error'), testsRegistered: registered, skipped: count('inconclusive'),
    hasSkipped: count('inconclusive') > 0, other: 0, hasOther: false, duration,
    start: new Date(results[0]?.startedAt ?? Date.now()).toISOString(), end: new Date().toISOString(),
    passPercent: registered - count('notApplicable') ? (count('passed') / (registered - count('notApplicable'))) * 100 : 0,
    pendingPercent: registered ? (count('notApplicable') / registered) * 100 : 0,
  };
  const root = {
    uuid: rootUUID, title: '', fullFile: '', file: '', beforeHooks: [], afterHooks: [], tests: [], suites,
    passes: [], failures: [], pending: [], skipped: [], duration: 0, root: true, rootEmpty: true, _timeout: 0,
  };
  const options = { reportTitle: title, reportPageTitle: title, charts: false, code: false, showHooks: 'never' };
  const data = { stats, results: [root], meta: { marge: { options } } };
  writeFileSync(path.join(runDir, 'report.json'), `${JSON.stringify(data, null, 2)}\n`);
  await marge.create(data, { ...options, reportDir: runDir, reportFilename: 'tests', json: false, html: true, saveJson: false, saveHtml: true, overwrite: true });
}
