import { createRequire } from 'node:module';
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

/** A finding as the HTML report shows it: the minimal frame first, then the answer, the rule and how to replay. */
function findingText(f: Finding): string {
  const lines = [
    f.reason,
    '',
    f.frame ? `frame:    ${f.frame.binary ? '(binary) ' : ''}${f.frame.text.length > 2000 ? `${f.frame.text.slice(0, 2000)}… (${f.frame.text.length} chars)` : f.frame.text}` : '',
    f.badAnswer ? `answered the SUT's ${f.action} with: ${f.badAnswer.description}` : '',
    `answer:   ${f.answer}`,
    f.acceptedCodes ? `accepted: ${f.acceptedCodes.join(', ')}${f.why ? ` (${f.why})` : ''}` : '',
    `found by: ${f.family}${f.violation ? ` / ${f.violation}` : ''}, seed ${f.seed}${f.path ? `, path ${f.path}` : ''}, ${f.shrinks} shrink steps${f.repeats ? `, seen ${f.repeats} more times` : ''}`,
    f.alsoIn.length ? `also hit: ${f.alsoIn.join(', ')}` : '',
    `replay:   ${f.replay}`,
    '',
    'trace:',
    ...f.trace.map((t) => `  ${t}`),
  ];
  return lines.filter((l, i) => l !== '' || i === 1 || lines[i - 1] !== '').join('\n');
}

/**
 * The findings as a mocha run, so the fuzzer's HTML and JUnit come from the same composite reporter as `test`:
 * one test per action, failed when it has findings, grouped into suites by its worst severity.
 */
export async function writeMochaReport(runDir: string, title: string, sections: CampaignSection[]): Promise<void> {
  const mocha = new Mocha({ reporter: compositeReporter({ runDir, title, progress: false }) as unknown as Mocha.ReporterConstructor, timeout: 0 });
  for (const section of sections) {
    const top = Mocha.Suite.create(mocha.suite, section.title);
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
        suite.addTest(new Mocha.Test(action, function (this: Mocha.Context) {
          addContext(this, { title: 'inputs', value: `${stats?.runs ?? 0} generated inputs (${stats?.families.join(', ') ?? ''})` });
          for (const f of sorted) addContext(this, { title: `[${f.severity.toUpperCase()}] ${f.id} ${f.family}`, value: findingText(f) });
          if (sorted.length) throw new Error(sorted.map((f) => `[${f.severity}] ${f.id}: ${f.reason}`).join('\n'));
        }));
      }
    }
  }
  await new Promise<number>((resolve) => mocha.run(resolve));
}
