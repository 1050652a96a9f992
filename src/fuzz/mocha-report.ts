import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Mocha from 'mocha';
import { compositeReporter } from '../runner/reporters.js';
import { SEVERITIES, type Finding, type Severity } from './types.js';
import type { CampaignSection } from './report.js';

const require = createRequire(import.meta.url);
const addContext = require('mochawesome/addContext') as (test: Mocha.Context, context: unknown) => void;

const rank = (s: Severity) => SEVERITIES.indexOf(s);

function worst(findings: Finding[]): Severity | undefined {
  return [...findings].sort((a, b) => rank(a.severity) - rank(b.severity))[0]?.severity;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function frameText(f: Finding): string {
  if (!f.frame) return f.badAnswer ? `(the harness answered the SUT's ${f.action} with: ${f.badAnswer.description})` : '';
  const text = f.frame.text.length > 2000 ? `${f.frame.text.slice(0, 2000)}… (${f.frame.text.length} chars)` : f.frame.text;
  return `${f.frame.binary ? '(binary) ' : ''}${text}`;
}

/** A finding as the HTML report shows it: the minimal frame first, then the answer, the rule and how to replay. */
function findingText(f: Finding): string {
  const lines = [
    `replay:   ${f.replay}`,
    f.reason,
    '',
    f.frame ? `frame:    ${frameText(f)}` : '',
    f.badAnswer ? `answered the SUT's ${f.action} with: ${f.badAnswer.description}` : '',
    `answer:   ${f.answer}`,
    f.acceptedCodes ? `accepted: ${f.acceptedCodes.join(', ')}${f.why ? ` (${f.why})` : ''}` : '',
    `found by: ${f.family}${f.violation ? ` / ${f.violation}` : ''}, seed ${f.seed}${f.path ? `, path ${f.path}` : ''}, ${f.shrinks} shrink steps${f.repeats ? `, seen ${f.repeats} more times` : ''}`,
    `time:     found ${seconds(f.foundAtMs)} into the campaign, isolated and shrunk in ${seconds(f.durationMs ?? 0)}`,
    f.alsoIn.length ? `also hit: ${f.alsoIn.join(', ')}` : '',
    '',
    'trace:',
    ...f.trace.map((t) => `  ${t}`),
  ];
  return lines.filter((l, i) => l !== '' || i === 2 || lines[i - 1] !== '').join('\n');
}

/** The top of a campaign's report: budget, seed, what was sent where, and the findings with how to replay them. */
function summaryText(section: CampaignSection): string {
  const r = section.result;
  const budget = r.budget.durationMs !== undefined ? `--duration ${seconds(r.budget.durationMs)}` : `--runs ${r.budget.runs ?? ''}`;
  const rate = Math.round((r.frames * 1000) / Math.max(1, r.durationMs));
  const lines = [
    `seed ${r.seed}, ${budget}: ${r.frames} frames in ${seconds(r.durationMs)} (${rate} frames/s), ${r.probes} liveness probes, ${r.reconnects} reconnects`,
    r.aborted ? `stopped early: ${r.aborted}` : '',
    '',
    'findings by severity:',
    ...SEVERITIES.map((s) => {
      const fs = r.findings.filter((f) => f.severity === s);
      return [`  ${s}: ${fs.length}`, ...fs.flatMap((f) => [`    ${f.id} ${f.action} (${f.family}): ${f.reason}`, `      frame:  ${frameText(f)}`, `      replay: ${f.replay}`])].join('\n');
    }),
    '',
    'frames per family:',
    ...Object.entries(r.perFamily).map(([f, st]) => `  ${f.padEnd(18)} ${String(st.frames).padStart(7)} frames  ${seconds(st.ms)}`),
    '',
    'frames per action:',
    ...Object.entries(r.perAction).map(([a, st]) => `  ${a.padEnd(34)} ${String(st.frames).padStart(7)}  ${Object.entries(st.byFamily).map(([f, n]) => `${f} ${n}`).join(', ')}`),
    ...(r.unavailable.length ? ['', 'not available:', ...r.unavailable.map((u) => `  ${u.action} (${u.family}): ${u.reason}`)] : []),
  ];
  return lines.filter((l) => l !== undefined).join('\n');
}

/**
 * A reporter around the composite one that gives each test the time the campaign really spent (mocha would
 * time the report's own stand-in tests, which take no time): per-test durations are set before the reporters
 * see a test end, and the run's start is moved back by the campaigns' total duration.
 */
function timedReporter(base: new (runner: Mocha.Runner) => object, durations: Map<Mocha.Test, number>, totalMs: number): new (runner: Mocha.Runner) => object {
  return class Timed extends (base as new (runner: Mocha.Runner) => { done?: (failures: number, fn: (failures: number) => void) => void }) {
    constructor(runner: Mocha.Runner) {
      const setDuration = (test: Mocha.Test) => {
        const ms = durations.get(test);
        if (ms !== undefined) test.duration = ms;
      };
      runner.prependListener('pass', setDuration);
      runner.prependListener('fail', setDuration);
      runner.prependListener('test end', setDuration);
      super(runner);
      runner.once('start', () => {
        const stats = runner.stats as { start?: Date } | undefined;
        if (stats?.start) stats.start = new Date(stats.start.getTime() - totalMs);
      });
    }
  };
}

/** JUnit suite times are wall-clock of the report run: make each the sum of its test cases' real times. */
function fixJunitTimes(file: string): void {
  let xml: string;
  try { xml = readFileSync(file, 'utf8'); } catch { return; }
  const fixed = xml.replace(/<testsuite ([^>]*?)time="[^"]*"([^>]*)>([\s\S]*?)<\/testsuite>/g, (_all, before: string, after: string, body: string) => {
    const total = [...body.matchAll(/<testcase [^>]*time="([0-9.]+)"/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    return `<testsuite ${before}time="${total.toFixed(3)}"${after}>${body}</testsuite>`;
  });
  writeFileSync(file, fixed);
}

/**
 * The findings as a mocha run, so the fuzzer's HTML and JUnit come from the same composite reporter as `test`:
 * per campaign a summary first (seed, frames, per action and family, findings with their minimal frames and
 * replay commands), then one test per action, failed when it has findings, grouped into suites by its worst
 * severity. Each test's duration is the time the campaign spent on that action.
 */
export async function writeMochaReport(runDir: string, title: string, sections: CampaignSection[]): Promise<void> {
  const durations = new Map<Mocha.Test, number>();
  const totalMs = sections.reduce((sum, s) => sum + s.result.durationMs, 0);
  const reporter = timedReporter(compositeReporter({ runDir, title, progress: false }), durations, totalMs);
  const mocha = new Mocha({ reporter: reporter as unknown as Mocha.ReporterConstructor, timeout: 0 });
  for (const section of sections) {
    const top = Mocha.Suite.create(mocha.suite, section.title);
    const head = Mocha.Suite.create(top, 'campaign');
    const summary = new Mocha.Test('summary', function (this: Mocha.Context) {
      addContext(this, { title: 'campaign', value: summaryText(section) });
    });
    head.addTest(summary);
    durations.set(summary, 0);
    const byAction = new Map<string, Finding[]>();
    for (const action of Object.keys(section.result.perAction)) byAction.set(action, []);
    for (const f of section.result.findings) {
      for (const action of [f.action, ...f.alsoIn]) byAction.set(action, [...(byAction.get(action) ?? []), f]);
    }
    const groups: (Severity | 'none')[] = [...SEVERITIES, 'none'];
    for (const group of groups) {
      const actions = [...byAction].filter(([, fs]) => (worst(fs) ?? 'none') === group);
      if (!actions.length) continue;
      const suite = Mocha.Suite.create(top, group === 'none' ? 'no findings' : `${group} severity`);
      for (const [action, fs] of actions) {
        const stats = section.result.perAction[action];
        const sorted = [...fs].sort((a, b) => rank(a.severity) - rank(b.severity));
        // The title stays the action alone, so a CI system tracks the same test from run to run.
        const test = new Mocha.Test(action, function (this: Mocha.Context) {
          const byFamily = Object.entries(stats?.byFamily ?? {}).map(([f, n]) => `${f} ${n}`).join(', ');
          addContext(this, { title: 'frames', value: `${stats?.frames ?? 0} frames in ${seconds(stats?.ms ?? 0)} (${byFamily || 'none'})` });
          for (const f of sorted) addContext(this, { title: `[${f.severity.toUpperCase()}] ${f.id} ${f.family}`, value: findingText(f) });
          if (sorted.length) throw new Error(sorted.map((f) => `[${f.severity}] ${f.id}: ${f.reason} (replay: ${f.replay})`).join('\n'));
        });
        suite.addTest(test);
        durations.set(test, stats?.ms ?? 0);
      }
    }
  }
  await new Promise<number>((resolve) => mocha.run(resolve));
  fixJunitTimes(path.join(runDir, 'junit.xml'));
}
