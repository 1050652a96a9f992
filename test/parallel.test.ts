import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDemoSuite } from '../src/cli/suite-commands.js';
import { REFERENCE_TIMING } from '../src/harness/config.js';
import { Faults, startReferenceCsms } from '../src/reference/index.js';

// Parallel execution must not change a single verdict: the same suite, one at a time and many at a time.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin/ocpp-conformance.js');
const verdicts = (results: { id: string; state: string }[]) => Object.fromEntries(results.map((r) => [r.id, r.state]));

function cli(args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: 'ignore' });
    child.on('exit', resolve);
  });
}

function resultsIn(dir: string): { tests: { id: string; state: string }[]; wallMs: number; sumMs: number } {
  const [run] = readdirSync(dir);
  return JSON.parse(readFileSync(path.join(dir, run!, 'results.json'), 'utf8'));
}

describe('parallel execution gives the verdicts of a sequential run', function () {
  this.timeout(240_000);

  // A slice of every family kind (boot, remote control, availability, RPC, security, transactions, authorization,
  // reservation), both roles and versions: the sequential run of the whole catalogue alone would take minutes.
  const SLICE = 'B01,B02,B03,B04,B06,B11,B12,F*,G01,G02,G04,G05,RPC*,SEC*,E01*,E06*,C01*,H01*';

  it('demo: a slice of every family, both roles and versions, parallel 1 and parallel 6', async () => {
    const dir = () => mkdtempSync(path.join(os.tmpdir(), 'ocpp-par-'));
    const one = await runDemoSuite({ fault: [], reportDir: dir(), quiet: true, parallel: 1, only: SLICE });
    const many = await runDemoSuite({ fault: [], reportDir: dir(), quiet: true, parallel: 6, only: SLICE });
    assert.ok(one.outcome.results.length > 200, `only ${one.outcome.results.length} test cases in the slice`);
    assert.deepEqual(verdicts(many.outcome.results), verdicts(one.outcome.results));
    assert.deepEqual(many.outcome.results.map((r) => r.id), one.outcome.results.map((r) => r.id), 'reports in catalogue order');
    // Each trace holds its own test's frames only: all the connections a charger-side trace shows are one station's.
    for (const r of many.outcome.results.filter((x) => x.sut === 'CS')) {
      const stations = new Set([...r.trace.matchAll(/station (\S+) connected/g)].map((m) => m[1]));
      assert.ok(stations.size <= 1, `${r.id} trace shows stations ${[...stations].join(', ')}`);
    }
  });

  it('test csms against a CSMS in its own process: --parallel 8 with a station ID pattern, --parallel 1', async () => {
    const csms = await startReferenceCsms({ host: '127.0.0.1', port: 0, path: '/ocpp', version: '2.0.1', faults: new Faults([]), heartbeatIntervalS: 1, retryIntervalS: 1 });
    try {
      const config = path.join(mkdtempSync(path.join(os.tmpdir(), 'ocpp-par-')), 'sut.yaml');
      writeFileSync(config, `ocpp: "2.0.1"\nstationIds: "PAR{n}"\ntiming:\n${Object.entries(REFERENCE_TIMING).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`);
      const dirs = [1, 8].map(() => mkdtempSync(path.join(os.tmpdir(), 'ocpp-par-')));
      const codes = [await cli(['test', 'csms', '--url', csms.url, '--config', config, '--parallel', '1', '--report-dir', dirs[0]!]),
        await cli(['test', 'csms', '--url', csms.url, '--config', config, '--parallel', '8', '--report-dir', dirs[1]!])];
      const [seq, par] = dirs.map(resultsIn);
      // Without an action provider some test cases are inconclusive: exit 3, the same both ways.
      assert.deepEqual(codes, [3, 3]);
      assert.deepEqual(verdicts(par!.tests), verdicts(seq!.tests));
    } finally {
      await csms.stop();
    }
  });
});
