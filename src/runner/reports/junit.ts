import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestResult } from '../execute.js';

// JUnit XML as CI systems read it. Our five verdicts map onto its three outcomes: failed -> <failure>,
// error -> <error>, inconclusive and not applicable -> <skipped message>. Every test case appears.

const escape = (s: string) => s
  // XML 1.0 forbids most control characters even escaped: a SUT's bytes must not break the file.
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
  .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function testcase(r: TestResult): string {
  const name = `${r.id} ${r.title}`;
  const head = `    <testcase classname="${escape(`OCPP ${r.ocpp} ${r.sut}`)}" name="${escape(name)}" time="${(r.durationMs / 1000).toFixed(3)}">`;
  const claims = r.octt.map((c) => `${c.id} (${c.fidelity})`).join(', ');
  const out = `      <system-out>${escape(`${claims ? `official: ${claims}\n` : ''}${r.trace}`)}</system-out>`;
  const reason = escape(r.reason ?? '');
  const body = {
    passed: '',
    failed: `      <failure message="${reason}" type="failed">${reason}</failure>`,
    error: `      <error message="${reason}" type="error">${escape(r.stack ?? r.reason ?? '')}</error>`,
    inconclusive: `      <skipped message="inconclusive: ${reason}"/>`,
    notApplicable: `      <skipped message="not applicable: ${reason}"/>`,
  }[r.state];
  return [head, body, out, '    </testcase>'].filter(Boolean).join('\n');
}

export function writeJunit(runDir: string, title: string, results: TestResult[]): void {
  const suites = new Map<string, TestResult[]>();
  for (const r of results) {
    const key = `OCPP ${r.ocpp} SUT ${r.sut}`;
    suites.set(key, [...(suites.get(key) ?? []), r]);
  }
  const count = (rs: TestResult[], ...states: string[]) => rs.filter((r) => states.includes(r.state)).length;
  const suiteXml = [...suites].map(([name, rs]) => {
    const time = rs.reduce((s, r) => s + r.durationMs, 0) / 1000;
    return `  <testsuite name="${escape(name)}" tests="${rs.length}" failures="${count(rs, 'failed')}" errors="${count(rs, 'error')}" skipped="${count(rs, 'inconclusive', 'notApplicable')}" time="${time.toFixed(3)}">\n${rs.map(testcase).join('\n')}\n  </testsuite>`;
  });
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escape(title)}" tests="${results.length}" failures="${count(results, 'failed')}" errors="${count(results, 'error')}">\n${suiteXml.join('\n')}\n</testsuites>\n`;
  writeFileSync(path.join(runDir, 'junit.xml'), xml);
}
