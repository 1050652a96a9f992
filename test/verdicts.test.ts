import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTestCases } from '../src/runner/registry.js';
import { runSuite, makeRunDir, type SuiteGroup } from '../src/runner/run-suite.js';
import { referenceCsTarget, referenceCsmsTarget, type Target } from '../src/runner/targets.js';
import { referenceProfile } from '../src/harness/config.js';
import { execProvider } from '../src/harness/operator.js';
import { Faults } from '../src/reference/index.js';
import { runDemoSuite } from '../src/cli/suite-commands.js';
import { exitCodeFor } from '../src/harness/verdicts.js';

// What the verdict model promises a test lab: an operator who cannot act, or a broken reusable state, never turns
// into a pile of failures; failed stays reserved for what the SUT did wrong.

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'ocpp-verdicts-'));

describe('verdicts', function () {
  this.timeout(180_000);

  it('an action provider that can do nothing here (exit 3): no test case fails, those needing actions are inconclusive', async () => {
    const cannot = execProvider('exit 3');
    const all = await loadTestCases();
    const groups: SuiteGroup[] = [];
    const targets: Target[] = [];
    try {
      for (const ocpp of ['2.0.1', '1.6'] as const) {
        const cs = await referenceCsTarget(referenceProfile(ocpp), new Faults([]));
        const reference = cs.startSut.bind(cs);
        cs.startSut = async (harness) => ({ ...(await reference(harness)), provider: cannot });
        const csms = await referenceCsmsTarget(referenceProfile(ocpp), new Faults([]));
        csms.provider = cannot;
        targets.push(cs, csms);
        groups.push({ title: `${ocpp} CS`, target: cs, cases: all.filter((t) => t.ocpp === ocpp && t.sut === 'CS'), parallel: 6 });
        groups.push({ title: `${ocpp} CSMS`, target: csms, cases: all.filter((t) => t.ocpp === ocpp && t.sut === 'CSMS'), parallel: 6 });
      }
      const outcome = await runSuite(groups, { runDir: makeRunDir(tmp(), 'exit3'), title: 'exit 3', progress: false });
      const bad = outcome.results.filter((r) => r.state === 'failed' || r.state === 'error').map((r) => `${r.id} ${r.state}: ${r.reason}`);
      assert.deepEqual(bad, []);
      for (const r of outcome.results.filter((x) => x.state === 'inconclusive')) assert.match(r.reason ?? '', /could not be performed|not reached/, r.id);
      assert.ok(outcome.results.some((r) => r.state === 'inconclusive' && /cannot do it here/.test(r.reason ?? '')));
      assert.equal(exitCodeFor(outcome.results.map((r) => r.state)), 3);
    } finally {
      for (const t of targets) await t.close();
    }
  });

  it('a charger that breaks the Booted state: the boot test cases fail, the rest are inconclusive naming B01', async () => {
    const clean = await runDemoSuite({ fault: [], ocpp: '2.0.1', only: '*/2.0.1/CS', reportDir: tmp(), quiet: true });
    const broken = await runDemoSuite({ fault: ['cs.no-status-after-boot'], ocpp: '2.0.1', only: '*/2.0.1/CS', reportDir: tmp(), quiet: true });
    const cs = broken.outcome.results.filter((r) => r.sut === 'CS');
    const failed = cs.filter((r) => r.state === 'failed').map((r) => r.useCase);
    assert.ok(failed.length >= 1 && failed.every((u) => ['B01', 'B02', 'B03'].includes(u)), `failed: ${failed.join(', ')}`);
    const others = cs.filter((r) => !['B01', 'B02', 'B03'].includes(r.useCase) && r.state !== 'passed' && r.state !== 'notApplicable');
    assert.ok(others.length > 10 && others.every((r) => r.state === 'inconclusive' && /B01\/2\.0\.1\/CS/.test(r.reason ?? '')), others.map((r) => `${r.id} ${r.state} ${r.reason}`).join('\n'));
    assert.equal(broken.exitCode, 1);
    // Reported, not asserted (timing is the bench's job): the broken run must not cost more than the clean one.
    console.log(`      clean ${clean.outcome.wallMs} ms, broken Booted ${broken.outcome.wallMs} ms`);
  });

  it('JUnit lists every test case with failure, error or skipped-with-message, and results.json holds the five states', async () => {
    const run = await runDemoSuite({ fault: ['cs.no-status-after-boot'], ocpp: '1.6', only: 'B01,G02,RPC', reportDir: tmp(), quiet: true });
    const xml = readFileSync(path.join(run.runDir, 'junit.xml'), 'utf8');
    for (const r of run.outcome.results) assert.ok(xml.includes(`name="${r.id} `), `${r.id} missing from junit.xml`);
    assert.match(xml, /<failure message="[^"]*B01\.FR\.05|<failure message="expected StatusNotification/);
    assert.match(xml, /<skipped message="inconclusive: reusable state Booted/);
    const results = JSON.parse(readFileSync(path.join(run.runDir, 'results.json'), 'utf8'));
    assert.deepEqual(Object.keys(results.totals).sort(), ['error', 'failed', 'inconclusive', 'notApplicable', 'passed']);
  });
});
