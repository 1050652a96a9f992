import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { runDemoSuite } from '../src/cli/suite-commands.js';
import type { TestResult } from '../src/runner/execute.js';
import type { LoggedFrame } from '../src/transport/frame-log.js';
import { reportHtml } from '../src/runner/reports/html/page.js';
import { sequenceModel } from '../src/runner/reports/html/sequence.js';
import { renderSequence } from '../src/runner/reports/html/render-sequence.js';
import { configRows, sutIdentities } from '../src/runner/reports/html/identity.js';

// report.html: the page model in Node (failing-step marking, identity, redaction, escaping), then the real page
// of a small demo run in a headless Chromium with the network off.

const T0 = 1_700_000_000_000;
let clock = 0;
const frame = (dir: LoggedFrame['dir'], text: string | unknown[]): LoggedFrame => ({ at: T0 + (clock += 5), dir, text: typeof text === 'string' ? text : JSON.stringify(text) });

function result(over: Partial<TestResult>): TestResult {
  return {
    id: 'B01/2.0.1/CS', title: 'a test', useCase: 'B01', ocpp: '2.0.1', sut: 'CS', state: 'passed', startedAt: T0, durationMs: 3_600_000,
    octt: [], profile: 'core', certification: ['core'], needs: [], trace: '', frames: [], ...over,
  };
}

const boot201 = ['BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'ACME', model: 'Wallbox 7', serialNumber: 'SN-42', firmwareVersion: '1.2.3' } }] as const;

describe('report.html page model', () => {
  it('marks the frame a failed verdict names by action, and labels results with the action they answer', () => {
    const frames = [
      frame('event', 'station ST-1 connected (ocpp2.0.1)'),
      frame('in', [2, 'm-boot-1', ...boot201]),
      frame('out', [3, 'm-boot-1', { status: 'Accepted', currentTime: 'x', interval: 60 }]),
      frame('out', [2, 'm-reset-1', 'Reset', { type: 'Immediate' }]),
      frame('in', [3, 'm-reset-1', { status: 'Rejected' }]),
      frame('in', [2, 'm-hb-1', 'Heartbeat', {}]),
    ];
    const { rows } = sequenceModel(result({ state: 'failed', reason: 'Reset of an idle station must be Accepted, got Rejected', frames }));
    const marked = rows.filter((r) => r.m);
    assert.equal(marked.length, 1);
    assert.deepEqual([marked[0]!.k, marked[0]!.a, marked[0]!.id], ['result', 'Reset', 'm-reset-1']);
    assert.equal(rows[2]!.a, 'BootNotification');
    assert.equal(rows[2]!.g, 'status=Accepted');
    // Charger under test: what it sends runs left (station) to right (CSMS).
    assert.equal(rows[1]!.lr, true);
    assert.equal(rows[3]!.lr, false);
  });

  it('adds a "not received" step when the verdict is about a message that never came', () => {
    const frames = [frame('in', [2, 'm1', ...boot201]), frame('out', [3, 'm1', { status: 'Accepted' }])];
    const { rows } = sequenceModel(result({ state: 'failed', reason: 'expected StatusNotification for EVSE 1 connector 1 within 2000 ms; none received (B01.FR.05)', frames }));
    assert.deepEqual(rows.filter((r) => r.m).map((r) => [r.k, r.a]), [['missing', 'StatusNotification']]);
    assert.match(renderSequence({ sut: 'CS', rows }), /failing step<\/span><b>StatusNotification<\/b> expected, not received/);
  });

  it('draws a message that never came where the wait ended, before what was logged after the verdict', () => {
    const start = T0 + clock;
    const frames = [frame('event', 'station connected'), frame('in', [2, 'late-boot', ...boot201]), frame('event', 'not sent, connection closing'), frame('event', 'connection closed (1000)')];
    // The verdict fell between the connect and the (late) BootNotification.
    const { rows } = sequenceModel(result({ state: 'failed', startedAt: start, durationMs: 7, reason: 'expected BootNotification within 3000 ms; none received', frames }));
    assert.deepEqual(rows.map((r) => r.k), ['event', 'missing', 'verdict', 'call', 'event', 'event']);
    assert.ok(rows.slice(3).every((r) => r.late));
    assert.ok(!rows[3]!.m, 'a frame after the verdict is not its failing step');
    assert.match(renderSequence({ sut: 'CS', rows }), /verdict failed; what follows is the harness closing down/);
  });

  it('puts a schema problem on the frame it concerns, and a quoted message ID on its frame', () => {
    const frames = [
      frame('in', [2, 'a1', 'StatusNotification', { connectorStatus: 'Bogus' }]),
      frame('in', [2, 'a2', 'Heartbeat', {}]),
    ];
    const schema = sequenceModel(result({ state: 'failed', frames, reason: 'expected a valid StatusNotification, but: StatusNotification request violates the schema: /connectorStatus must be equal to one of the allowed values [enum]' }));
    const hit = schema.rows.find((r) => r.m)!;
    assert.equal(hit.id, 'a1');
    assert.match(hit.n!, /connectorStatus must be equal to one of the allowed values/);
    assert.match(renderSequence(schema), /class="vn">schema: \/connectorStatus/);
    const byId = sequenceModel(result({ state: 'failed', frames: [...frames, frame('in', [3, 'zzzz-unknown', {}])], reason: 'the SUT violated the protocol: answer with message ID zzzz-unknown matches no outstanding CALL' }));
    assert.equal(byId.rows.find((r) => r.m)!.id, 'zzzz-unknown');
  });

  it('marks nothing for a verdict other than failed', () => {
    const frames = [frame('in', [2, 'm1', 'Heartbeat', {}])];
    for (const state of ['passed', 'inconclusive', 'error', 'notApplicable'] as const) {
      assert.ok(!sequenceModel(result({ state, reason: 'expected Heartbeat; none received', frames })).rows.some((r) => r.m), state);
    }
  });

  it('names the charger from its first BootNotification (2.0.1 and 1.6) and the CSMS by its URL without credentials', () => {
    const ids = sutIdentities([
      result({ frames: [frame('event', 'station connected'), frame('in', [2, 'b', ...boot201])] }),
      result({ ocpp: '1.6', frames: [frame('in', [2, 'b', 'BootNotification', { chargePointVendor: 'Old', chargePointModel: 'M1', firmwareVersion: '0.9' }])] }),
      result({ sut: 'CSMS', frames: [frame('event', 'connected to ws://user:pw@csms.example:9000/ocpp/ST-1 (ocpp2.0.1)')] }),
    ], {});
    const facts = ids.map((i) => Object.fromEntries(i.facts));
    assert.deepEqual(facts[0], { Vendor: 'ACME', Model: 'Wallbox 7', 'Serial number': 'SN-42', Firmware: '1.2.3' });
    assert.deepEqual(facts[1], { Vendor: 'Old', Model: 'M1', Firmware: '0.9', 'Serial number': 'not reported' });
    assert.deepEqual(facts[2], { 'CSMS URL': 'ws://csms.example:9000/ocpp' });
  });

  it('never prints a secret of the run configuration', () => {
    const rows = Object.fromEntries(configRows({
      basicAuthPassword: 'hunter2', tls: { privateKey: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----' },
      url: 'wss://op:secret@host/ocpp', note: '-----BEGIN EC PRIVATE KEY-----\nxyz\n-----END EC PRIVATE KEY-----', stationId: 'ST-1',
    }));
    assert.equal(rows.basicAuthPassword, '***');
    assert.equal(rows['tls.privateKey'], '***');
    assert.equal(rows.url, 'wss://host/ocpp');
    assert.doesNotMatch(rows.note!, /xyz/);
    assert.equal(rows.stationId, 'ST-1');
  });

  it('keeps SUT text inert, shows a stack only for an error, and keeps "</script" out of the embedded data', () => {
    const evil = '</script><img src=x onerror=alert(1)>';
    const html = reportHtml({ kind: 'test cs', profile: { stationId: 'ST-1', basicAuthPassword: '***' } }, [
      result({ state: 'failed', reason: `BootNotification must be Accepted, got ${evil}`, stack: 'Verdict: at secret (file.ts:1:1)', frames: [frame('in', [2, 'x1', 'DataTransfer', { data: evil }])] }),
      result({ id: 'X/2.0.1/CS', state: 'error', reason: 'harness bug', stack: 'TypeError: boom\n    at run (tc.ts:3:9)' }),
    ], []);
    assert.doesNotMatch(html, /<img src=x/);
    assert.equal(html.split('</script>').length - 1, 2, 'exactly the two script elements close');
    assert.doesNotMatch(html, /at secret \(file\.ts/, 'no stack for a verdict about the SUT');
    assert.match(html, /TypeError: boom\n {4}at run \(tc\.ts:3:9\)/);
  });

  it('stays small and quick for 900 test cases', () => {
    const frames = Array.from({ length: 12 }, (_, i) => frame(i % 2 ? 'out' : 'in', i % 2 ? [3, `id-${i - 1}`, { status: 'Accepted' }] : [2, `id-${i}`, 'StatusNotification', { timestamp: '2026-01-01T00:00:00Z', connectorStatus: 'Available', evseId: 1, connectorId: 1 }]));
    const results = Array.from({ length: 900 }, (_, i) => result({ id: `T${i}/2.0.1/CS`, state: i % 7 ? 'passed' : 'failed', reason: i % 7 ? undefined : 'expected Heartbeat; none received', frames }));
    const started = Date.now();
    const html = reportHtml({}, results, []);
    const ms = Date.now() - started;
    assert.ok(ms < 3000, `${ms} ms`);
    assert.ok(html.length < 8_000_000, `${html.length} chars`);
  });
});

/**
 * Headless Chromium with a fresh profile and no network: $CHROME_PATH, Debian's /usr/bin/chromium, or the build
 * that @sparticuz/chromium ships inside its npm package (unpacked to the temp folder on first use).
 */
async function launch(userDataDir: string): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  let executablePath = process.env.CHROME_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  if (!executablePath) executablePath = await (await import('@sparticuz/chromium')).default.executablePath();
  return chromium.launchPersistentContext(userDataDir, {
    executablePath, headless: true, offline: true, viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

describe('report.html in a browser', function () {
  this.timeout(180_000);
  let browser: BrowserContext | undefined;
  let dir: string;
  let reportFile: string;

  before(async function () {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ocpp-report-'));
    try {
      browser = await launch(path.join(dir, 'chrome-profile'));
    } catch (err) {
      console.log(`      (skipped: no headless browser could be started: ${(err as Error).message.split('\n')[0]})`);
      this.skip();
    }
    const run = await runDemoSuite({ only: 'B01,G02', fault: ['cs.no-status-after-boot'], reportDir: dir, quiet: true });
    reportFile = path.join(run.runDir, 'report.html');
  });

  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads offline with nothing fetched, shows the profile verdicts, marks the failing step, shows no stack for a failure', async () => {
    const page = await browser!.newPage();
    const requests: string[] = [];
    const failed: string[] = [];
    const problems: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    page.on('requestfailed', (req) => failed.push(req.url()));
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
    await page.goto(pathToFileURL(reportFile).href, { waitUntil: 'load' });

    assert.deepEqual(failed, [], 'failed requests');
    assert.deepEqual(requests, [pathToFileURL(reportFile).href], 'the page fetches nothing but itself');

    // First page: one row per profile, version and role, with its verdict.
    const profiles = await page.$$eval('section.card table tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).innerText.replace(/\s+/g, ' ')));
    assert.ok(profiles.some((t) => /^Core 2\.0\.1 Charging station FAIL/.test(t)), profiles.join('\n'));
    // (The reference CSMS passes; on a machine under heavy load a timing may still make it fail: any verdict will do.)
    assert.ok(profiles.some((t) => /^Core 2\.0\.1 CSMS (PASS|FAIL|INCOMPLETE)/.test(t)), profiles.join('\n'));
    assert.ok(profiles.some((t) => /^Core 1\.6 Charging station FAIL/.test(t)), profiles.join('\n'));
    const cover = await page.$eval('header.cover', (h) => (h as HTMLElement).innerText);
    assert.match(cover, /ocpp-conformance \d+\.\d+\.\d+/);
    assert.match(cover, /FAIL/);

    // The failed charger test: open it; its diagram marks the step the verdict is about.
    const failedId = '[id="tc-B01-2.0.1-CS"]';
    assert.equal(await page.$eval(failedId, (d) => d.className), 'tc v-failed');
    await page.click(`${failedId} > summary`);
    await page.waitForSelector(`${failedId} .seq .rows`);
    const marked = await page.$$eval(`${failedId} .fr.mk`, (els) => els.map((e) => (e as HTMLElement).innerText.replace(/\s+/g, ' ')));
    assert.equal(marked.length, 1, marked.join('\n'));
    assert.match(marked[0]!, /failing step/i);
    // The fault leaves the charger silent after its boot: the verdict names the message that never came.
    const reason = await page.$eval(`${failedId} .why`, (e) => e.textContent ?? '');
    const expected = /expected ([A-Z][A-Za-z]+)/.exec(reason)?.[1];
    assert.ok(expected, reason);
    assert.match(marked[0]!, new RegExp(`${expected} expected, not received`));
    assert.ok(await page.$eval(`${failedId} .fr.mk svg.ar line`, (l) => l.getAttribute('stroke-dasharray')), 'a message that never came is drawn dashed');

    // A payload opens under its arrow (the reference CSMS's test: its exchange does not depend on the fault).
    const passedId = '[id="tc-B01-2.0.1-CSMS"]';
    await page.click(`${passedId} > summary`);
    await page.waitForSelector(`${passedId} .seq .rows`);
    await page.click(`${passedId} details.fr.call > summary`);
    const payload = await page.$eval(`${passedId} details.fr.call[open] pre`, (p) => (p as HTMLElement).innerText);
    assert.match(payload, /"reason": "PowerUp"/);
    if (await page.$eval(passedId, (d) => d.className) === 'tc v-passed') {
      assert.equal(await page.$$eval(`${passedId} .fr.mk`, (e) => e.length), 0, 'nothing marked in a passed test');
    }

    // No stack trace under a failed verdict.
    const failedText = await page.$eval(failedId, (d) => (d as HTMLElement).innerText);
    assert.doesNotMatch(failedText, /^\s+at .+:\d+:\d+\)?$/m);
    assert.doesNotMatch(failedText, /stack trace/i);
    assert.equal(await page.$$eval('.tc.v-failed details.stack', (e) => e.length), 0);

    // The verdict filter shows the failed ones only.
    await page.click('#tests .counts a.failed');
    // The filter follows the URL's hash, and hashchange fires after the click returns: wait for it to be applied.
    await page.waitForFunction(() => document.querySelector('#tests .counts a.failed')?.classList.contains('on'), undefined, { timeout: 10_000 });
    const shown = await page.$$eval('.tc', (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.className));
    assert.ok(shown.length >= 1 && shown.every((c) => c === 'tc v-failed'), shown.join(', '));
    await page.click('#tests .counts a.all');

    const shot = path.join(os.tmpdir(), 'ocpp-conformance-report.png');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(readFileSync(shot).length > 10_000);
    assert.deepEqual(problems, [], 'errors in the page');
    await page.close();
  });
});
