import { strict as assert } from 'node:assert';
import { mkdtempSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { defaultProfile, type SutProfile, type Timing } from '../src/harness/config.js';
import { loadTestCases } from '../src/runner/registry.js';
import { executeTestCase, type TestResult } from '../src/runner/execute.js';
import { makeRunDir } from '../src/runner/run-suite.js';
import { writeReports } from '../src/runner/reports/index.js';
import { profileSummary } from '../src/runner/summary.js';
import type { CsTarget, CsmsTarget } from '../src/runner/targets.js';
import { OcppServer } from '../src/transport/server.js';
import { subprotocolOf, type OcppVersion } from '../src/ocpp/versions.js';
import { runCampaign } from '../src/fuzz/campaign.js';
import { openSut } from '../src/fuzz/sut.js';
import { CsmsLink } from '../src/fuzz/csms-link.js';
import type { TestCase } from '../src/harness/test-case.js';

// The harness must survive whatever a SUT sends: a chaos SUT answers with random frames after random delays and
// closes at random, from a seeded PRNG, and both the whole suite and the fuzzer must finish against it.

/** mulberry32: small, seedable, good enough to pick misbehaviour. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

// The core calls mostly get a proper answer, so the harness gets past the boot and meets the rest of the chaos.
const SANE: Record<string, () => object> = {
  BootNotification: () => ({ status: 'Accepted', currentTime: new Date().toISOString(), interval: 10 }),
  Heartbeat: () => ({ currentTime: new Date().toISOString() }),
  StatusNotification: () => ({}),
  ClearCache: () => ({ status: 'Accepted' }),
};

/** Something random a broken peer might send back for a frame (or for nothing). */
function chaosFrame(rnd: () => number, text: string): string | Buffer {
  let id: unknown = 'x';
  let action: unknown;
  try { [, id, action] = JSON.parse(text) as unknown[]; } catch { /* keep x */ }
  const sane = typeof action === 'string' ? SANE[action] : undefined;
  if (sane && rnd() < 0.8) return JSON.stringify([3, id, sane()]);
  return pick(rnd, [
    () => JSON.stringify([3, id, { status: pick(rnd, ['Accepted', 'Rejected', 42, null]), currentTime: 'soon', interval: -1 }]),
    () => JSON.stringify([3, id, {}]),
    () => JSON.stringify([4, id, pick(rnd, ['GenericError', 'NotImplemented', 'Bogus']), 'chaos', {}]),
    () => JSON.stringify([4, id, 'FormatViolation']),
    () => JSON.stringify([3, `${String(id)}-not-yours`, {}]),
    () => JSON.stringify([2, `c${Math.floor(rnd() * 1e6)}`, pick(rnd, ['BootNotification', 'Heartbeat', 'StatusNotification', 'Reset', 'Nope']), { junk: rnd() }]),
    () => '{"not":"an array"',
    () => '[2,"a","b",{},5]',
    () => Buffer.from([0xff, 0x00, 0x13, 0x37]),
    () => JSON.stringify([9, id, null]),
    () => `[3,${JSON.stringify(id)},${'['.repeat(50)}${']'.repeat(50)}]`,
  ])();
}

/** Answer each incoming frame chaotically: 0-3 random frames after a random delay, sometimes a close. */
function beChaotic(ws: WebSocket, rnd: () => number): void {
  ws.on('error', () => undefined);
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    const roll = rnd();
    if (roll < 0.06) return void setTimeout(() => (rnd() < 0.5 ? ws.close(pick(rnd, [1000, 1011, 4000])) : ws.terminate()), rnd() * 30);
    const count = roll < 0.25 ? 0 : roll < 0.85 ? 1 : 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < count; i++) {
      setTimeout(() => { if (ws.readyState === ws.OPEN) ws.send(chaosFrame(rnd, text)); }, rnd() < 0.7 ? 0 : rnd() * 150);
    }
  });
}

/** A CSMS that accepts any station on any path and is chaotic to it. */
async function chaosCsms(seed: number): Promise<{ url: string; close(): Promise<void> }> {
  const rnd = prng(seed);
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (offered) => [...offered][0] ?? false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (ws) => {
    beChaotic(ws, rnd);
    if (rnd() < 0.3) ws.send(chaosFrame(rnd, '[2,"hello"]'));
  });
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/ocpp`,
    close: () => new Promise((resolve) => { for (const c of wss.clients) c.terminate(); wss.close(() => resolve()); }),
  };
}

/** A charger that connects to `url`, sends a random first frame, is chaotic, and reconnects after closes. */
function chaosCharger(url: string, version: OcppVersion, rnd: () => number): { stop(): Promise<void> } {
  let stopped = false;
  let ws: WebSocket | undefined;
  const connect = () => {
    if (stopped) return;
    ws = new WebSocket(url, [subprotocolOf(version)]);
    ws.on('error', () => undefined);
    ws.once('open', () => {
      const boot = version === '1.6' ? { chargePointVendor: 'chaos', chargePointModel: 'c' } : { reason: 'PowerUp', chargingStation: { vendorName: 'chaos', model: 'c' } };
      ws!.send(JSON.stringify([2, `boot-${Math.floor(rnd() * 1e6)}`, 'BootNotification', boot]));
      if (rnd() < 0.5) ws!.send(chaosFrame(rnd, '[2,"x"]'));
    });
    beChaotic(ws, rnd);
    ws.once('close', () => setTimeout(connect, 20 + rnd() * 100));
  };
  connect();
  return { stop: async () => { stopped = true; ws?.terminate(); } };
}

/** Tight timing: a chaos SUT fails fast, and the point is that every wait is bounded. */
const CHAOS_TIMING: Timing = {
  heartbeatIntervalS: 1, callTimeoutMs: 300, bootTimeoutMs: 600, rebootTimeoutMs: 900, toleranceMs: 100, testTimeoutMs: 3000,
  connectionTimeoutS: 1, retryIntervalS: 1, quietMs: 150,
};

function chaosProfile(ocpp: OcppVersion): SutProfile {
  return { ...defaultProfile(ocpp, CHAOS_TIMING), stationId: 'CHAOS01' };
}

let chargerSeed = 1000;

/** A charger target of its own per test case, so test cases can run side by side without sharing a profile. */
async function chaosCsTarget(ocpp: OcppVersion): Promise<CsTarget> {
  const profile = chaosProfile(ocpp);
  const server = await OcppServer.listen({ host: '127.0.0.1', port: 0, path: '/ocpp', version: ocpp });
  return {
    role: 'CS', profile, server, describe: 'chaos charger', brokenStates: new Map(),
    async startSut(harness) {
      const charger = chaosCharger(harness.stationUrl, ocpp, prng(++chargerSeed));
      return { stop: () => charger.stop() };
    },
    close: () => server.close(),
  };
}

/** Run test cases `width` at a time, each against a target made for it. */
async function runAll(cases: TestCase[], targetFor: (tc: TestCase) => Promise<CsTarget | CsmsTarget>, width = 8): Promise<TestResult[]> {
  const results: TestResult[] = [];
  const queue = [...cases];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let tc = queue.shift(); tc; tc = queue.shift()) {
      const target = await targetFor(tc);
      try {
        results.push(await executeTestCase(tc, target));
      } finally {
        await target.close();
      }
    }
  }));
  return results;
}

describe('chaos SUT: the harness survives anything a SUT sends', function () {
  this.timeout(60_000);
  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'ocpp-chaos-'));

  for (const role of ['CSMS', 'CS'] as const) {
    it(`runs the whole suite against a chaos ${role === 'CS' ? 'charger' : 'CSMS'} in bounded time, with failed verdicts and a report`, async () => {
      const cases = (await loadTestCases()).filter((tc) => tc.sut === role);
      const csms = role === 'CSMS' ? await chaosCsms(7) : undefined;
      const started = Date.now();
      try {
        const results = await runAll(cases, (tc) => role === 'CS' ? chaosCsTarget(tc.ocpp)
          : Promise.resolve({ role: 'CSMS', profile: chaosProfile(tc.ocpp), url: csms!.url, describe: 'chaos CSMS', brokenStates: new Map(), close: async () => undefined }));
        const runDir = makeRunDir(reportDir, `chaos-${role.toLowerCase()}`);
        await writeReports(runDir, { kind: 'chaos', role }, results, profileSummary(results));
        assert.ok(existsSync(path.join(runDir, 'results.json')));
        assert.equal(results.length, cases.length, 'every test case got a verdict');
        // Whatever the SUT sends, the harness itself must not break: no `error` verdict.
        const errors = results.filter((r) => r.state === 'error');
        assert.deepEqual(errors.map((r) => `${r.id}: ${r.reason}`), []);
        // Not applicable ones need features the chaos SUT does not claim; the rest must mostly fail, or be
        // inconclusive where a reusable state (Booted) or an operator action could not be established.
        const ran = results.filter((r) => r.state !== 'notApplicable');
        const notPassed = ran.filter((r) => r.state === 'failed' || r.state === 'inconclusive').length;
        const passed = ran.filter((r) => r.state === 'passed').map((r) => r.id);
        assert.ok(ran.length > 0 && notPassed >= ran.length * 0.8, `expected mostly failed verdicts, got ${notPassed}/${ran.length}; passed: ${passed.join(', ')}`);
        // Bounded: no test case may outlive its own time limit (plus set-up and tear-down).
        for (const r of results) assert.ok(r.durationMs < CHAOS_TIMING.testTimeoutMs + 3000, `${r.id} took ${r.durationMs} ms`);
        assert.ok(Date.now() - started < 45_000);
      } finally {
        await csms?.close();
      }
    });
  }

  for (const ocpp of ['2.0.1', '1.6'] as const) {
    it(`fuzzes a chaos CSMS and a chaos charger (OCPP ${ocpp}) without the harness crashing`, async () => {
      const timing = { answerMs: 200, silenceMs: 30, probeMs: 200, readyMs: 3000 };
      // A chaos SUT may never reach a normal state in a given window; the claim is that the harness never
      // crashes and that, across a few seeds, the fuzzer does get frames out to it.
      const tries: string[] = [];
      for (let seed = 11; seed < 14 && !tries.some((t) => t === 'sent'); seed++) {
        const csms = await chaosCsms(seed);
        try {
          const sut = await openSut({ spec: { role: 'CSMS', ocpp, url: csms.url, state: 'idle' }, profile: chaosProfile(ocpp), timing });
          const result = await runCampaign(sut, { seed, runs: 100, durationMs: 3000 }).finally(() => sut.close());
          tries.push(result.frames > 0 ? 'sent' : String(result.aborted));
        } finally {
          await csms.close();
        }
      }
      assert.ok(tries.includes('sent'), `chaos CSMS: ${tries.join('; ')}`);
      const chargerTries: string[] = [];
      for (let seed = 5; seed < 8 && !chargerTries.includes('sent'); seed++) {
        const target = await chaosCsTarget(ocpp);
        const link = new CsmsLink(target, 'idle', timing);
        try {
          const spec = { role: 'CS' as const, ocpp, listen: target.server.url, state: 'idle' as const };
          const result = await runCampaign({ link, spec, describe: 'chaos charger', close: () => link.close() }, { seed, runs: 100, durationMs: 3000 });
          chargerTries.push(result.frames > 0 ? 'sent' : String(result.aborted));
        } finally {
          await link.close();
          await target.close();
        }
      }
      assert.ok(chargerTries.includes('sent'), `chaos charger: ${chargerTries.join('; ')}`);
    });
  }
});
