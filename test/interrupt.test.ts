// Ctrl-C during a run: the running test case ends as error "interrupted", the charger process the harness started
// is stopped (its whole process group), every report is written with the test cases that did not run, exit 130;
// a second Ctrl-C quits at once and still takes the charger's process group with it.
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { raceAbort, Interrupted } from '../src/runner/interrupt.js';
import { Progress, statusLine } from '../src/runner/progress.js';
import type { Peer } from '../src/harness/peer.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin/ocpp-conformance.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Started { child: ChildProcess; out: () => string; exited: Promise<{ code: number | null; at: number }> }

function start(args: string[]): Started {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: Date.now() })));
  return { child, out: () => out, exited };
}

async function waitFor(started: Started, pattern: RegExp, withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  while (!pattern.test(started.out())) {
    if (Date.now() > until) throw new Error(`no ${pattern} within ${withinMs} ms:\n${started.out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Processes of these process groups that still run (zombies excepted: they have ended). */
function livingInGroups(groups: number[]): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return table.split('\n').filter((line) => {
    const [pid, pgid, stat] = line.trim().split(/\s+/);
    return pid && groups.includes(Number(pgid)) && !stat!.startsWith('Z');
  });
}

function pidsIn(file: string): number[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : [];
}

interface Results { interrupted?: boolean; tests: { id: string; state: string; reason?: string }[] }

function runFolder(dir: string): string {
  const runs = readdirSync(dir);
  assert.equal(runs.length, 1, `one run folder expected in ${dir}`);
  return path.join(dir, runs[0]!);
}

describe('interrupting a run', function () {
  this.timeout(120_000);

  it('SIGINT during test cs --sut-cmd: the running test case is error "interrupted", reports written, the charger stopped, exit 130', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ocpp-interrupt-'));
    const pidFile = path.join(dir, 'sut.pids');
    const port = await freePort();
    // Each charger started records its PID, which is also its process group (spawned detached by the harness).
    const sutCmd = `echo $$ >> '${pidFile}'; exec "${process.execPath}" "${BIN}" reference cs --csms-url {url} --ocpp 2.0.1`;
    const run = start(['test', 'cs', '--listen', `ws://127.0.0.1:${port}/ocpp`, '--ocpp', '2.0.1', '--sut-cmd', sutCmd, '--report-dir', path.join(dir, 'reports')]);
    try {
      // Just after a test case has started its charger (a process still booting), so that one test case is running
      // for certain: a fixed delay could land between two test cases.
      await waitFor(run, /OCPP 2\.0\.1 — SUT CS/, 30_000);
      await new Promise((r) => setTimeout(r, 1000));
      const seen = pidsIn(pidFile).length;
      const until = Date.now() + 30_000;
      while (pidsIn(pidFile).length === seen && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 150));
      assert.ok(pidsIn(pidFile).length > 0, 'no charger was started');
      const signalled = Date.now();
      run.child.kill('SIGINT');
      const { code, at } = await run.exited;
      const tookMs = at - signalled;
      console.log(`      exit ${code} ${tookMs} ms after SIGINT`);
      assert.equal(code, 130, run.out());
      assert.ok(tookMs < 10_000, `exit took ${tookMs} ms`);
      assert.match(run.out(), /Reports: .*\(report\.html, junit\.xml, results\.json\)/);

      const folder = runFolder(path.join(dir, 'reports'));
      const results = JSON.parse(readFileSync(path.join(folder, 'results.json'), 'utf8')) as Results;
      assert.equal(results.interrupted, true);
      const interrupted = results.tests.filter((t) => t.reason === 'interrupted');
      assert.equal(interrupted.length, 1, JSON.stringify(results.tests.map((t) => [t.id, t.state, t.reason])));
      assert.equal(interrupted[0]!.state, 'error');
      // Everything after it is listed, as not run; everything before it has a verdict of its own.
      const at1 = results.tests.indexOf(interrupted[0]!);
      assert.ok(results.tests.slice(at1 + 1).every((t) => t.state === 'error' && t.reason === 'not run: interrupted'));
      assert.ok(results.tests.slice(0, at1).every((t) => !t.reason?.includes('interrupted')));
      assert.ok(results.tests.length > at1 + 1, 'the suite should not have been nearly over after 2 s');

      const junit = readFileSync(path.join(folder, 'junit.xml'), 'utf8');
      assert.equal(junit.match(/<testcase /g)?.length, results.tests.length, 'JUnit lists every test case');
      assert.match(junit, new RegExp(`name="${interrupted[0]!.id.replace(/[./]/g, '\\$&')} [^"]*"[^>]*>\\n\\s*<error message="interrupted"`));
      assert.ok(existsSync(path.join(folder, 'report.html')));

      assert.deepEqual(livingInGroups(pidsIn(pidFile)), [], 'a charger process outlived the harness');
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('a second SIGINT quits at once, and a charger that ignores SIGTERM is killed with its process group', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ocpp-interrupt-'));
    const pidFile = path.join(dir, 'sut.pids');
    const port = await freePort();
    // A charger that never connects and shrugs off SIGTERM: the first stop would take its 2 s grace period.
    const sutCmd = `echo $$ >> '${pidFile}'; trap '' TERM; sleep 60 & wait`;
    const run = start(['test', 'cs', '--listen', `ws://127.0.0.1:${port}/ocpp`, '--ocpp', '2.0.1', '--only', 'B01', '--sut-cmd', sutCmd, '--report-dir', path.join(dir, 'reports')]);
    try {
      await waitFor(run, /OCPP 2\.0\.1 — SUT CS/, 30_000);
      const until = Date.now() + 10_000;
      while (!pidsIn(pidFile).length && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      assert.ok(pidsIn(pidFile).length > 0, 'no charger was started');
      run.child.kill('SIGINT');
      await waitFor(run, /SIGINT: ending the running test cases/, 5000);
      const second = Date.now();
      run.child.kill('SIGINT');
      const { code, at } = await run.exited;
      console.log(`      exit ${code} ${at - second} ms after the second SIGINT`);
      assert.equal(code, 130, run.out());
      assert.ok(at - second < 1500, `the second SIGINT took ${at - second} ms`);
      assert.match(run.out(), /SIGINT again: quitting at once/);
      // SIGKILL to the group is immediate, but the kernel may need a moment to tear the processes down.
      const gone = Date.now() + 2000;
      while (livingInGroups(pidsIn(pidFile)).length && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(livingInGroups(pidsIn(pidFile)), [], 'the charger outlived the harness');
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('raceAbort: the work, or Interrupted as soon as the signal aborts (also when it already has)', async () => {
    assert.equal(await raceAbort(Promise.resolve(7), new AbortController().signal), 7);
    const controller = new AbortController();
    const never = new Promise<number>(() => undefined);
    const raced = raceAbort(never, controller.signal);
    controller.abort(new Interrupted());
    await assert.rejects(raced, Interrupted);
    await assert.rejects(raceAbort(Promise.resolve(1), controller.signal), Interrupted);
  });
});

describe('live status line', () => {
  it('names the longest-running test case, what it waits for and how long that may still take', () => {
    const waits = new Set([{ what: 'BootNotification', until: 100_000 + 42_000 }]);
    const line = statusLine([
      { id: 'B11/2.0.1/CS', startedAt: 100_000 - 12_000, peer: { waits } as unknown as Peer },
      { id: 'G02/2.0.1/CS', startedAt: 99_000 },
    ], 100_000);
    assert.equal(line, '  … B11/2.0.1/CS 12 s: waiting for BootNotification, up to 42 s more (+1 running)');
    assert.equal(statusLine([], 0), '');
  });

  it('is drawn on a terminal only: a log gets the lines per test case and nothing else', async () => {
    const written: string[] = [];
    const fake = (isTTY: boolean) => ({ isTTY, columns: 80, write: (s: string) => { written.push(s); return true; } }) as unknown as NodeJS.WriteStream;
    const log = new Progress(true, fake(false));
    log.startLive(() => [{ id: 'X/2.0.1/CS', startedAt: Date.now() }]);
    await new Promise((r) => setTimeout(r, 400));
    log.stopLive();
    assert.equal(written.length, 0, JSON.stringify(written));
    const tty = new Progress(true, fake(true));
    tty.startLive(() => [{ id: 'X/2.0.1/CS', startedAt: Date.now() }]);
    await new Promise((r) => setTimeout(r, 400));
    tty.stopLive();
    assert.ok(written.some((s) => s.includes('X/2.0.1/CS') && s.startsWith('\r\x1b[2K')), JSON.stringify(written));
    assert.equal(written.at(-1), '\r\x1b[2K', 'the status line is cleared when the run ends');
  });
});
