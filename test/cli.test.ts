import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin/ocpp-conformance.js');

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[], timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`cli ${args.join(' ')} hung`)); }, timeoutMs);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function reportDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'ocpp-conformance-'));
}

/** The results.json of the only run folder under dir. */
function results(dir: string): { tests: { id: string; state: string; reason?: string }[]; error?: string } {
  const runs = readdirSync(dir);
  assert.equal(runs.length, 1, `one run folder expected in ${dir}`);
  return JSON.parse(readFileSync(path.join(dir, runs[0]!, 'results.json'), 'utf8'));
}

/** Start a long-running CLI process and resolve once it prints `ready`. */
function background(args: string[], ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
}

describe('CLI end to end', function () {
  this.timeout(180_000);

  it('demo passes against the reference and writes HTML, JUnit and JSON reports', async () => {
    const dir = reportDir();
    const run = await cli(['demo', '--only', 'B01,RPC.message-id,SEC.basic-auth', '--no-fuzz', '--report-dir', dir]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const runDir = path.join(dir, readdirSync(dir)[0]!);
    for (const f of ['report.html', 'report.json', 'junit.xml', 'results.json']) assert.ok(existsSync(path.join(runDir, f)), `${f} missing`);
    const r = results(dir);
    assert.equal(r.tests.length, 12);
    assert.ok(r.tests.every((t) => t.state === 'passed'));
    assert.match(run.stdout, /12 passed, 0 failed/);
    for (const f of readdirSync(runDir).filter((n) => /\.(html|json|xml)$/.test(n))) {
      assert.doesNotMatch(readFileSync(path.join(runDir, f), 'utf8'), /reference-password/, `${f} leaks the Basic auth password`);
    }
  });

  it('demo with a fault exits 1 and marks the test cases that name it as failed', async () => {
    const dir = reportDir();
    const run = await cli(['demo', '--only', 'B01', '--ocpp', '2.0.1', '--fault', 'cs.no-status-after-boot', '--no-fuzz', '--report-dir', dir]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const byId = Object.fromEntries(results(dir).tests.map((t) => [t.id, t.state]));
    assert.equal(byId['B01/2.0.1/CS'], 'failed');
    assert.equal(byId['B01/2.0.1/CSMS'], 'passed');
  });

  it('an unknown fault, a malformed config and a missing version are one clear line and exit 2', async () => {
    const badFault = await cli(['demo', '--fault', 'cs.no-such-fault', '--no-fuzz']);
    assert.equal(badFault.code, 2);
    assert.match(badFault.stderr, /^ocpp-conformance: unknown fault "cs.no-such-fault".*\n$/);
    const file = path.join(reportDir(), 'sut.yaml');
    writeFileSync(file, 'ocpp: "2.0.1"\nurl: ws://127.0.0.1:1/ocpp\ntiming:\n  callTimeoutMs: fast\n');
    const badConfig = await cli(['test', 'csms', '--config', file]);
    assert.equal(badConfig.code, 2);
    assert.match(badConfig.stderr, /^ocpp-conformance: config .*: timing\.callTimeoutMs must be a number \(got fast\)\n$/);
    const noVersion = await cli(['test', 'csms', '--url', 'ws://127.0.0.1:1/ocpp']);
    assert.equal(noVersion.code, 2);
    assert.equal(noVersion.stderr.trim().split('\n').length, 1);
  });

  it('--version and -V print the version in package.json', async () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = await cli([flag]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, `${version}\n`);
    }
  });

  it('a bad option, value or command is one line naming the nearest valid one, exit 2, never the help', async () => {
    const cases: [string[], RegExp][] = [
      [['demo', '--ocp', '2.0.1'], /^unknown option '--ocp' \(did you mean --ocpp\?\)$/],
      [['demo', '--nonsense'], /^unknown option '--nonsense' \(see: ocpp-conformance demo --help\)$/],
      [['dmeo'], /^unknown command 'dmeo' \(did you mean demo\?\)$/],
      [['test', 'CS'], /^unknown command 'CS' \(did you mean cs\?\)$/],
      [['demo', '--ocpp', '1.7'], /^--ocpp 1\.7: use 1\.6 or 2\.0\.1 \(did you mean 1\.6\?\)$/],
      [['test', 'csms', '--ocpp', '2.0'], /^--ocpp 2\.0: use 1\.6 or 2\.0\.1 \(did you mean 2\.0\.1\?\)$/],
      [['list', '--sut', 'csm'], /^--sut csm: use CS or CSMS \(did you mean CSMS\?\)$/],
      [['fuzz', 'csms', '--state', 'busy'], /^--state busy: use idle or transaction$/],
      [['reference', 'cs', '--evses', 'two'], /^--evses two: expected a whole number of at least 1$/],
      [['test', 'csms', '--url'], /^--url needs a value \(--url <url>\)$/],
    ];
    for (const [args, expected] of cases) {
      const run = await cli(args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout, '', `${args.join(' ')} printed to stdout`);
      const lines = run.stderr.split('\n').filter(Boolean);
      assert.equal(lines.length, 1, `${args.join(' ')}: ${run.stderr}`);
      assert.match(lines[0]!.replace(/^ocpp-conformance: /, ''), expected, args.join(' '));
    }
  });

  it('enum values are case-insensitive and normalised: --sut cs is --sut CS, --ocpp OCPP2.0.1 is 2.0.1', async () => {
    const canonical = await cli(['list', '--json', '--sut', 'CS', '--ocpp', '2.0.1']);
    assert.equal(canonical.code, 0, canonical.stderr);
    for (const args of [['--sut', 'cs', '--ocpp', 'OCPP2.0.1'], ['--sut', 'Cs', '--ocpp', 'ocpp2.0.1']]) {
      const run = await cli(['list', '--json', ...args]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, canonical.stdout, args.join(' '));
    }
    const tests = (JSON.parse(canonical.stdout) as { testCases: { sut: string; ocpp: string }[] }).testCases;
    assert.ok(tests.length > 0 && tests.every((t) => t.sut === 'CS' && t.ocpp === '2.0.1'));
    const both = await cli(['list', '--ocpp', '2.0.1,1.6J', '--sut', 'csms']);
    assert.equal(both.code, 0, both.stderr);
    assert.match(both.stdout, /\/1\.6\/CSMS /);
    assert.match(both.stdout, /\/2\.0\.1\/CSMS /);
  });

  it('a config file: numbers kept as written, numeric strings taken as numbers, errors name the allowed values', async () => {
    const dir = reportDir();
    const port = await freePort();
    const file = path.join(dir, 'sut.yaml');
    // Unquoted YAML: 1.6 is a number and 001 would be 1; both reach the run as written.
    writeFileSync(file, `ocpp: 1.6\nstationId: 001\nurl: ws://127.0.0.1:${port}/ocpp\ntiming:\n  callTimeoutMs: "1500"\n  quietMs: 3e2\n`);
    const reports = path.join(dir, 'reports');
    const run = await cli(['test', 'csms', '--config', file, '--report-dir', reports]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, new RegExp(`^ocpp-conformance: cannot connect to ws://127\\.0\\.0\\.1:${port}/ocpp/001: connection refused`));
    const written = results(reports) as { ocpp?: string; stationId?: string };
    assert.equal(written.ocpp, '1.6');
    assert.equal(written.stationId, '001');
    const bad: [string, RegExp][] = [
      ['ocpp: 1.7\n', /: ocpp must be one of 1\.6, 2\.0\.1 \(got 1\.7\)$/],
      ['statonId: CP9\n', /: unknown key "statonId" \(did you mean stationId\?\)$/],
      ['timing:\n  callTimeout: 100\n', /: timing: unknown key "callTimeout" \(did you mean callTimeoutMs\?\)$/],
      ['timing:\n  quietMs: 0\n', /: timing\.quietMs must be more than 0 \(got 0\)$/],
      ['url: http://127.0.0.1:1/ocpp\n', /: url http:\/\/127\.0\.0\.1:1\/ocpp: use ws:\/\/ or wss:\/\/, not http:\/\/ \(did you mean ws:\/\/127\.0\.0\.1:1\/ocpp\?\)$/],
    ];
    for (const [text, expected] of bad) {
      writeFileSync(file, text);
      const r = await cli(['test', 'csms', '--config', file, '--ocpp', '2.0.1', '--url', 'ws://127.0.0.1:1/ocpp']);
      assert.equal(r.code, 2, text);
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
      assert.match(r.stderr.trim(), new RegExp(`^ocpp-conformance: config ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}${expected.source}`), text);
    }
    const json = path.join(dir, 'sut.json');
    writeFileSync(json, JSON.stringify({ ocpp: 1.6, stationId: 42, url: `ws://127.0.0.1:${port}/ocpp` }));
    const fromJson = await cli(['test', 'csms', '--config', json, '--report-dir', path.join(dir, 'json-reports')]);
    assert.match(fromJson.stderr, /\/ocpp\/42: connection refused/);
  });

  it('an http:// URL is refused at once: one line saying to use ws:// or wss://, no run folder', async () => {
    const dir = reportDir();
    const cases: [string[], string][] = [
      [['test', 'csms', '--ocpp', '2.0.1', '--report-dir', dir, '--url', 'http://127.0.0.1:1/ocpp'], "--url http://127.0.0.1:1/ocpp: use ws:// or wss://, not http:// (did you mean ws://127.0.0.1:1/ocpp?)"],
      [['test', 'cs', '--ocpp', '2.0.1', '--report-dir', dir, '--listen', 'https://0.0.0.0:9000/ocpp'], "--listen https://0.0.0.0:9000/ocpp: use ws:// or wss://, not https:// (did you mean wss://0.0.0.0:9000/ocpp?)"],
      [['reference', 'cs', '--ocpp', '1.6', '--csms-url', 'ws:///ocpp/CP1'], '--csms-url ws:///ocpp/CP1: has no host (example: ws://127.0.0.1:9000/ocpp)'],
      [['fuzz', 'csms', '--ocpp', '2.0.1', '--report-dir', dir, '--url', 'tcp://csms:80/ocpp'], '--url tcp://csms:80/ocpp: use ws:// or wss:// (example: ws://127.0.0.1:9000/ocpp)'],
    ];
    for (const [args, expected] of cases) {
      const run = await cli(args);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stderr, `ocpp-conformance: ${expected}\n`);
    }
    assert.deepEqual(readdirSync(dir), [], 'a refused URL still made a run folder');
  });

  it('an unreachable CSMS is one line, exit 2, and the report is still written', async () => {
    const dir = reportDir();
    const port = await freePort();
    const run = await cli(['test', 'csms', '--url', `ws://127.0.0.1:${port}/ocpp`, '--ocpp', '2.0.1', '--report-dir', dir]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^ocpp-conformance: cannot connect to ws:\/\/127\.0\.0\.1:\d+\/ocpp\/CP001: connection refused/);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.match(results(dir).error ?? '', /connection refused/);
  });

  it('test cs runs against the reference charger started as a separate process by --sut-cmd', async () => {
    const dir = reportDir();
    const port = await freePort();
    const sutCmd = `"${process.execPath}" "${BIN}" reference cs --csms-url {url} --ocpp 2.0.1`;
    const run = await cli(['test', 'cs', '--listen', `ws://127.0.0.1:${port}/ocpp`, '--ocpp', '2.0.1', '--only', 'B01,RPC.message-id,RPC.not-json,RPC.unknown-action,RPC.subprotocol-*', '--sut-cmd', sutCmd, '--report-dir', dir]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(results(dir).tests.length >= 5);
  });

  it('test csms runs against the reference CSMS running as its own process', async () => {
    const dir = reportDir();
    const port = await freePort();
    const csms = await background(['reference', 'csms', '--listen', `ws://127.0.0.1:${port}/ocpp`, '--ocpp', '1.6', '--heartbeat', '60'], /listening/);
    try {
      const run = await cli(['test', 'csms', '--url', `ws://127.0.0.1:${port}/ocpp`, '--ocpp', '1.6', '--only', 'B01,G02,RPC', '--report-dir', dir]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.ok(results(dir).tests.length >= 6);
    } finally {
      csms.kill('SIGTERM');
    }
  });

  it('a CSMS that closes the socket fails the boot test case, leaves the rest inconclusive, and writes a report', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => [...p][0] ?? false });
    await new Promise((r) => wss.once('listening', r));
    let connections = 0;
    wss.on('connection', (ws) => {
      // Accept the probe, then drop every later connection at its first frame.
      if (++connections > 1) ws.on('message', () => ws.terminate());
    });
    const dir = reportDir();
    const port = (wss.address() as AddressInfo).port;
    try {
      const run = await cli(['test', 'csms', '--url', `ws://127.0.0.1:${port}/ocpp`, '--ocpp', '2.0.1', '--only', 'B01,G02', '--report-dir', dir]);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const tests = results(dir).tests;
      const boot = tests.find((t) => t.id === 'B01/2.0.1/CSMS');
      assert.ok(boot?.state === 'failed' && /closed/.test(boot.reason ?? ''), JSON.stringify(boot));
      // The heartbeat test builds on the Booted state that B01 is about: inconclusive, naming B01.
      const rest = tests.filter((t) => t !== boot);
      assert.ok(rest.length >= 1 && rest.every((t) => t.state === 'inconclusive' && /B01\/2\.0\.1\/CSMS/.test(t.reason ?? '')), JSON.stringify(rest));
    } finally {
      wss.close();
    }
  });

  it('a charger that does not offer the subprotocol gets a failed verdict saying so', async () => {
    const dir = reportDir();
    const port = await freePort();
    const wrongProtocol = `"${process.execPath}" -e "const W=require('${path.join(ROOT, 'node_modules/ws')}');new W('{url}',['ocpp1.6']).on('error',()=>{})"`;
    const run = await cli(['test', 'cs', '--listen', `ws://127.0.0.1:${port}/ocpp`, '--ocpp', '2.0.1', '--only', 'B01', '--sut-cmd', wrongProtocol, '--report-dir', dir]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(results(dir).tests[0]!.reason ?? '', /did not offer subprotocol ocpp2\.0\.1 \(offered: ocpp1\.6\)/);
  });
});

// A charger that never connects, or hammers the harness with connections reset mid-handshake: the run must end
// soon and with a verdict for every test case, never hang an hour or crash on a socket error.
describe('CLI: chargers that never connect or reset their connections', function () {
  this.timeout(120_000);

  /** A config whose boot timeout is short, so giving up is quick to test. */
  function quickBootConfig(dir: string, bootTimeoutMs: number): string {
    const file = path.join(dir, 'sut.yaml');
    writeFileSync(file, `timing:\n  bootTimeoutMs: ${bootTimeoutMs}\n  callTimeoutMs: 2000\n`);
    return file;
  }

  it('test cs --listen with nothing connecting exits 2 after about bootTimeoutMs, with one line and results.json saying why', async () => {
    const dir = reportDir();
    const port = await freePort();
    const bootTimeoutMs = 3000;
    const config = quickBootConfig(dir, bootTimeoutMs);
    const reports = path.join(dir, 'reports');
    const started = Date.now();
    const run = await cli(['test', 'cs', '--listen', `ws://127.0.0.1:${port}/ocpp`, '--ocpp', '2.0.1', '--config', config, '--report-dir', reports]);
    const tookMs = Date.now() - started;
    console.log(`      exit ${run.code} after ${tookMs} ms (bootTimeoutMs ${bootTimeoutMs})`);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    // Process start, loading the test cases and compiling schemas come on top of the one wait.
    assert.ok(tookMs < bootTimeoutMs + 8000, `took ${tookMs} ms`);
    const lines = run.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, new RegExp(`^ocpp-conformance: no charger connected to ws://127\\.0\\.0\\.1:${port}/ocpp/CP001 within ${bootTimeoutMs} ms .*station ID CP001\\) \\(report: `));
    const written = results(reports);
    assert.match(written.error ?? '', /no charger connected/);
    // Every selected test case is listed: the one that waited with its verdict, the others as not run.
    assert.ok(written.tests.length > 10);
    // (Test cases not applicable to this SUT profile end at once and do not count as having waited.)
    assert.ok(written.tests.filter((t) => t.state !== 'notApplicable' && !t.reason?.startsWith('not run:')).length <= 3);
  });

  it('a charger that connects with another station ID is named in the give-up line', async () => {
    const dir = reportDir();
    const port = await freePort();
    const sutCmd = `"${process.execPath}" "${BIN}" reference cs --csms-url ws://127.0.0.1:${port}/ocpp/WRONG-ID --ocpp 2.0.1`;
    const run = await cli(['test', 'cs', '--listen', `ws://127.0.0.1:${port}/ocpp`, '--ocpp', '2.0.1', '--only', 'B01,G02',
      '--config', quickBootConfig(dir, 3000), '--sut-cmd', sutCmd, '--report-dir', path.join(dir, 'reports')]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /^ocpp-conformance: no charger connected to \S+\/ocpp\/CP001 within 3000 ms .*a charger did try as station ID WRONG-ID instead: use --station-id WRONG-ID/);
    assert.equal(run.stderr.trim().split('\n').length, 1);
  });

  it('connections reset during and after the handshake, hundreds of them, end as verdicts: the harness survives', async () => {
    const dir = reportDir();
    const port = await freePort();
    // The "charger": raw TCP clients that send an upgrade request (wrong subprotocol, another station ID, or a
    // proper one) and reset the connection at once or a moment later, 150 times per test case.
    const script = path.join(dir, 'resetter.mjs');
    writeFileSync(script, `
import net from 'node:net';
const url = new URL(process.argv[2]);
const base = url.pathname.slice(0, url.pathname.lastIndexOf('/'));
const own = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
const request = (id, protocol) => 'GET ' + base + '/' + id + ' HTTP/1.1\\r\\nHost: x\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n'
  + 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\nSec-WebSocket-Version: 13\\r\\nSec-WebSocket-Protocol: ' + protocol + '\\r\\n\\r\\n';
for (let i = 0; i < 150; i++) {
  const frame = [request('OTHER' + i, 'ocpp1.6'), request('OTHER' + i, 'ocpp2.0.1'), request(own, 'ocpp2.0.1')][i % 3];
  await new Promise((done) => {
    const s = net.connect(Number(url.port), url.hostname, () => {
      s.write(frame);
      const reset = () => { s.resetAndDestroy(); done(); };
      if (i % 4 === 0) reset(); else setTimeout(reset, i % 4 - 1);
    });
    s.on('error', done);
  });
}
`);
    const run = await cli(['test', 'cs', '--listen', `ws://127.0.0.1:${port}/ocpp`, '--ocpp', '2.0.1', '--only', 'B01,B02,G02',
      '--config', quickBootConfig(dir, 2000), '--sut-cmd', `"${process.execPath}" "${script}" {url}`, '--report-dir', path.join(dir, 'reports')]);
    assert.doesNotMatch(run.stderr, /ECONNRESET|Unhandled|uncaught/i, run.stderr);
    // The charger did connect (and reset): no give-up; its boot test fails, the rest build on it.
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const tests = results(path.join(dir, 'reports')).tests;
    assert.equal(tests.length, 3);
    assert.ok(tests.every((t) => ['failed', 'inconclusive'].includes(t.state)), JSON.stringify(tests));
  });
});
