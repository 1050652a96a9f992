import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The published package, as a user gets it: `npm pack` the project, `npm install` the tarball into an empty folder,
 * then run the installed `ocpp-conformance`. Proves the tarball holds what runs (and nothing else), that the bin
 * starts from node_modules, and that the test cases are found in the installed dist/testcases.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Run { code: number | null; stdout: string; stderr: string; spawnError?: string }

/** The environment without what an enclosing `npm test` sets for its own package (prefix, lifecycle, package fields). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_(package_|lifecycle_|command$|config_(local_prefix|prefix|global)$)|^INIT_CWD$/i.test(key)) delete env[key];
  }
  return env;
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); stderr += `\n(killed after ${timeoutMs} ms)`; }, timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); resolve({ code: null, stdout, stderr, spawnError: err.message }); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** An npm failure that says the registry could not be reached (no network, no proxy), as opposed to a broken package. */
function offline(r: Run): boolean {
  return /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ENOTCACHED|network|socket hang up/i.test(r.stderr);
}

const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `ocpp-conformance-${name}-`));
const dirs: string[] = [];

interface Packed { tarball: string; files: string[] }
let packing: Promise<Packed | string> | undefined;

/**
 * `npm pack` once for every test. --ignore-scripts packs the build under test as it is (the tests run on a fresh
 * build; `prepare` would rebuild dist/ in place while the rest of the suite uses it); prepare itself runs in CI's
 * `npm ci`. Resolves to the reason when npm cannot run at all.
 */
function pack(): Promise<Packed | string> {
  packing ??= (async () => {
    const dest = tmp('pack');
    dirs.push(dest);
    const r = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], ROOT, 120_000);
    if (r.spawnError) return `npm cannot be started: ${r.spawnError}`;
    assert.equal(r.code, 0, `npm pack failed:\n${r.stderr}`);
    const [info] = JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    return { tarball: path.join(dest, path.basename(info!.filename)), files: info!.files.map((f) => f.path) };
  })();
  return packing;
}

describe('npm package', function () {
  this.timeout(300_000);

  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('the tarball holds bin, dist/src, dist/testcases, README and LICENSE, and nothing else', async function () {
    const packed = await pack();
    if (typeof packed === 'string') this.skip();
    const { files } = packed as Packed;
    for (const f of ['package.json', 'README.md', 'LICENSE', 'bin/ocpp-conformance.js', 'dist/src/cli/main.js', 'dist/src/runner/registry.js']) {
      assert.ok(files.includes(f), `${f} missing from the tarball`);
    }
    assert.ok(files.some((f) => /^dist\/testcases\/.+\.js$/.test(f)), 'no test case in the tarball');
    const stray = files.filter((f) => !/^(package\.json|README\.md|LICENSE|bin\/[^/]+\.js|dist\/(src|testcases)\/.+\.js)$/.test(f));
    assert.deepEqual(stray, [], 'files that do not run');
  });

  describe('installed from the tarball into an empty folder', function () {
    let app = '';

    before(async function () {
      const packed = await pack();
      if (typeof packed === 'string') {
        process.stdout.write(`      skipped: ${packed}\n`);
        this.skip();
      }
      app = tmp('install');
      dirs.push(app);
      writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'package-test', version: '1.0.0', private: true }));
      const r = await run('npm', ['install', (packed as Packed).tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app, 240_000);
      if (r.code !== 0 && offline(r)) {
        process.stdout.write(`      skipped: the dependencies cannot be fetched (no npm cache and no registry): ${r.stderr.trim().split('\n')[0]}\n`);
        this.skip();
      }
      assert.equal(r.code, 0, `npm install of the tarball failed:\n${r.stderr}`);
    });

    const npx = (args: string[], timeoutMs = 60_000) => run('npx', ['--no', '--', 'ocpp-conformance', ...args], app, timeoutMs);

    it('npx ocpp-conformance --version prints the package version', async () => {
      const r = await npx(['--version']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), VERSION);
      const installed = path.join(app, 'node_modules/ocpp-conformance');
      assert.ok(existsSync(path.join(installed, 'LICENSE')));
      assert.ok(!existsSync(path.join(installed, 'dist/test')), 'dist/test was installed');
    });

    it('npx ocpp-conformance list finds the installed test cases', async () => {
      const r = await npx(['list', '--ocpp', '2.0.1', '--sut', 'cs']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^B01\/2\.0\.1\/CS /m);
      assert.match(r.stdout, /\d+ test cases; of \d+ official compliance test cases they cover \d+ in full and \d+ partly/);
    });

    it('npx ocpp-conformance demo runs B01 and writes results.json', async () => {
      const reports = tmp('reports');
      dirs.push(reports);
      const r = await npx(['demo', '--ocpp', '2.0.1', '--only', 'B01', '--no-fuzz', '--report-dir', reports], 120_000);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const runs = readdirSync(reports);
      assert.equal(runs.length, 1);
      const results = JSON.parse(readFileSync(path.join(reports, runs[0]!, 'results.json'), 'utf8')) as { tests: { id: string; state: string }[] };
      assert.deepEqual(results.tests.map((t) => `${t.id} ${t.state}`).sort(), ['B01/2.0.1/CS passed', 'B01/2.0.1/CSMS passed']);
    });
  });
});
