// `npm run bench`: the fuzzer's throughput, next to the raw WebSocket round-trip rate measured in the same run
// against the same server (one outstanding frame at a time, as OCPP-J requires), against two SUTs each in its own
// process: a null CSMS (bench/null-sut.ts: answers every CALL at once with a canned schema-valid response, so the
// numbers are the client's) and the reference CSMS (a real one: validates, keeps state). Also the microseconds
// fast-check needs to generate one input of each family (frame text included). Figures are measured, never
// asserted: a missed target shows as such.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import { referenceProfile } from '../src/harness/config.js';
import { subprotocolOf, type OcppVersion } from '../src/ocpp/versions.js';
import { actionsAcceptedBy } from '../src/ocpp/actions.js';
import { sendAndJudge } from '../src/fuzz/attempt.js';
import { buildTargets, frameArbitrary, frameOf } from '../src/fuzz/inputs.js';
import { hasSchema } from '../src/ocpp/schemas.js';
import { cannotBeCall } from '../src/fuzz/oracle.js';
import { runCampaign } from '../src/fuzz/campaign.js';
import { runChunk, type ChunkContext, type Target } from '../src/fuzz/property.js';
import { openSut, REFERENCE_LINK_TIMING, type OpenedSut } from '../src/fuzz/sut.js';
import type { Family } from '../src/fuzz/types.js';

const BIN = fileURLToPath(new URL('../../bin/ocpp-conformance.js', import.meta.url));
const NULL_SUT = fileURLToPath(new URL('./null-sut.js', import.meta.url));
const VERSION: OcppVersion = (process.env.BENCH_OCPP as OcppVersion | undefined) ?? '2.0.1';
const FRAMES = Number(process.env.BENCH_FRAMES ?? 5000);

/** Start `ocpp-conformance reference csms` on a free port and return it with its station URL prefix. */
function startReferenceCsms(): Promise<{ child: ChildProcess; url: string }> {
  return startChild([BIN, 'reference', 'csms', '--listen', 'ws://127.0.0.1:0/ocpp', '--ocpp', VERSION]);
}

/** Start a SUT process that prints "connect to <url>/<stationId>" and return it with that URL prefix. */
function startChild(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /connect to (ws:\/\/\S+)\/<stationId>/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
}

/** Round trips per second of a plain ws client: BootNotification once, then Heartbeat CALLs back to back. */
async function rawRate(url: string, frames: number): Promise<number> {
  const ws = new WebSocket(`${url}/BENCH-RAW`, [subprotocolOf(VERSION)]);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  // Sent as a Buffer, as the harness's connections send: ws then masks into one buffer and makes one write.
  const roundTrip = (text: string) => new Promise<void>((resolve) => { ws.once('message', () => resolve()); ws.send(Buffer.from(text), { binary: false }); });
  const boot = VERSION === '1.6'
    ? { chargePointVendor: 'bench', chargePointModel: 'raw' }
    : { reason: 'PowerUp', chargingStation: { vendorName: 'bench', model: 'raw' } };
  await roundTrip(JSON.stringify([2, 'boot', 'BootNotification', boot]));
  const started = process.hrtime.bigint();
  for (let i = 0; i < frames; i++) await roundTrip(`[2,"hb-${i}","Heartbeat",{}]`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  ws.close();
  return frames / seconds;
}

/**
 * The same kind of frame mix the campaign sends, generated up front and replayed by a plain ws client: what the
 * SUT itself costs for these frames, without the fuzzer. Silence is waited out as the fuzzer does (50 ms).
 */
async function rawReplayRate(url: string, frames: number): Promise<number> {
  const sut = { spec: { role: 'CSMS', ocpp: VERSION, state: 'idle' } } as OpenedSut;
  const families: Family[] = ['valid-payload', 'schema-violation', 'frame-damage', 'transport-damage'];
  const targets = buildTargets(sut, [...actionsAcceptedBy('CSMS', VERSION)], families);
  const perTarget = Math.ceil(frames / targets.length);
  const mix = targets.flatMap((t) => fc.sample(t.arbitrary, { seed: 7, numRuns: perTarget })
    .map((v) => frameOf(t.family as Exclude<Family, 'bad-answer'>, t.action, v)));
  let ws = await openRaw(url, 'BENCH-REPLAY');
  const exchange = (data: string | Buffer, binary: boolean) => new Promise<void>((resolve) => {
    const done = () => { clearTimeout(timer); ws.off('message', done); ws.off('close', done); resolve(); };
    const timer = setTimeout(done, REFERENCE_LINK_TIMING.silenceMs);
    ws.once('message', done);
    ws.once('close', done);
    ws.send(data, { binary });
  });
  const started = process.hrtime.bigint();
  let sent = 0;
  for (const f of mix.slice(0, frames)) {
    if (ws.readyState !== ws.OPEN) ws = await openRaw(url, 'BENCH-REPLAY');
    if (f.before) { await exchange(f.before, false); sent++; }
    // A frame that cannot be a CALL gets no answer: like the fuzzer, follow it with a Heartbeat at once.
    if (cannotBeCall(f)) {
      ws.send(Buffer.from(f.text, 'utf8'), { binary: !!f.binary });
      await exchange(`[2,"probe-${sent}","Heartbeat",{}]`, false);
    } else await exchange(f.binary ? Buffer.from(f.text, 'utf8') : f.text, !!f.binary);
    sent++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  ws.close();
  return sent / seconds;
}

async function openRaw(url: string, id: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url}/${id}`, [subprotocolOf(VERSION)]);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  const boot = VERSION === '1.6'
    ? { chargePointVendor: 'bench', chargePointModel: 'raw' }
    : { reason: 'PowerUp', chargingStation: { vendorName: 'bench', model: 'raw' } };
  await new Promise((resolve) => { ws.once('message', resolve); ws.send(JSON.stringify([2, 'boot', 'BootNotification', boot])); });
  return ws;
}

let stations = 0;

async function withSut<T>(url: string, body: (sut: OpenedSut) => Promise<T>): Promise<T> {
  const profile = { ...referenceProfile(VERSION), basicAuthPassword: undefined, stationId: `BENCH-FUZZ-${++stations}` };
  const sut = await openSut({ spec: { role: 'CSMS', ocpp: VERSION, url, state: 'idle' }, profile, timing: REFERENCE_LINK_TIMING });
  try {
    await sut.link.ready();
    return await body(sut);
  } finally {
    await sut.close();
  }
}

/** Frames per second of a campaign of `runs` frames over all the CSMS's actions (and round trips: probes too). */
function campaignRate(url: string, runs: number, families?: Family[], shrink = true): Promise<{ rate: number; wire: number; findings: number }> {
  return withSut(url, async (sut) => {
    const probes = sut.link.probes;
    const result = await runCampaign(sut, { seed: 42, runs, families, shrink });
    return {
      rate: (result.frames * 1000) / result.durationMs, wire: ((result.frames + result.probes - probes) * 1000) / result.durationMs,
      findings: result.findings.length,
    };
  });
}

/** The campaign machinery (fast-check runs, link, oracle) with one fixed valid Heartbeat and no generation. */
function machineryRate(url: string, runs: number): Promise<number> {
  return withSut(url, async (sut) => {
    let n = 0;
    const target: Target<number> = {
      action: 'Heartbeat', family: 'valid-payload', arbitrary: fc.constant(0),
      async run(_value, alwaysProbe) {
        const id = `bench-${++n}`;
        const frame = { text: `[2,"${id}","Heartbeat",{}]`, messageId: id, violation: null, action: 'Heartbeat', description: 'a valid Heartbeat' };
        const a = await sendAndJudge(sut.link, frame, alwaysProbe);
        return { judgement: a.judgement, frame, answer: '', trace: a.trace };
      },
    };
    const ctx: ChunkContext = { link: sut.link, known: new Map(), frames: 0, note: () => undefined, record: (d) => { throw new Error(d.reason); } };
    const started = process.hrtime.bigint();
    for (let chunk = 0; chunk * 50 < runs; chunk++) await runChunk(ctx, target as Target, chunk, 50);
    return (ctx.frames * 1e9) / Number(process.hrtime.bigint() - started);
  });
}

/**
 * CPU microseconds to generate one input of a family and turn it into its frame text, per action of the CSMS
 * (after a warm-up; the best of three rounds): the average over the actions, and the slowest action.
 */
function generationMicros(family: Exclude<Family, 'bad-answer'>): { avg: number; worst: number; worstAction: string } {
  const actions = [...actionsAcceptedBy('CSMS', VERSION)].filter((a) => hasSchema(VERSION, a, 'request'));
  const arbs = actions.map((a) => [a, frameArbitrary(VERSION, a, family)] as const);
  // CPU time of this process, not wall time: on a shared machine other processes' load stays out of it.
  const time = (arb: fc.Arbitrary<unknown>, action: string, seed: number, n: number) => {
    const started = process.cpuUsage();
    for (const v of fc.sample(arb, { seed, numRuns: n })) frameOf(family, action, v);
    const used = process.cpuUsage(started);
    return (used.user + used.system) / n;
  };
  for (const [a, arb] of arbs) time(arb, a, 0, 200);
  const perAction = arbs.map(([a, arb]) => ({ a, us: Math.min(time(arb, a, 1, 100), time(arb, a, 2, 100), time(arb, a, 3, 100)) }));
  const worst = perAction.reduce((w, x) => (x.us > w.us ? x : w));
  return { avg: perAction.reduce((sum, x) => sum + x.us, 0) / perAction.length, worst: worst.us, worstAction: worst.a };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const FAMILIES: Exclude<Family, 'bad-answer'>[] = ['valid-payload', 'schema-violation', 'frame-damage', 'transport-damage'];
const num = (x: number, width = 7) => x.toFixed(0).padStart(width);

/** Against the null SUT: raw round trips, fuzz frames per family and all together, and generation cost. */
async function nullSutSection(): Promise<void> {
  const { child, url } = await startChild([NULL_SUT, VERSION]);
  try {
    await rawRate(url, 2000);
    await campaignRate(url, 2000);
    const raw = await rawRate(url, FRAMES);
    const rows: { label: string; rate: number; wire: number; findings: number; gen?: ReturnType<typeof generationMicros> }[] = [];
    for (const f of FAMILIES) rows.push({ label: f, gen: generationMicros(f), ...(await campaignRate(url, Math.min(FRAMES, 3000), [f])) });
    rows.push({ label: 'all, not shrunk', ...(await campaignRate(url, FRAMES, undefined, false)) });
    rows.push({ label: 'all families', ...(await campaignRate(url, FRAMES)) });
    process.stdout.write(`null SUT (OCPP ${VERSION}, own process, canned schema-valid answers), one outstanding frame at a time:\n`);
    process.stdout.write(`  raw WebSocket round trips (Heartbeat)     ${num(raw)} rt/s  (one: ${(1e6 / raw).toFixed(0)} µs)\n`);
    process.stdout.write(`  fuzz                 frames/s  of raw  wire rt/s  findings   µs/input (avg; slowest action)\n`);
    for (const r of rows) {
      const gen = r.gen ? `${r.gen.avg.toFixed(1).padStart(6)}; ${r.gen.worstAction} ${r.gen.worst.toFixed(0)}` : '';
      process.stdout.write(`  ${r.label.padEnd(18)} ${num(r.rate, 9)}  ${pct(r.rate / raw).padStart(6)}  ${num(r.wire, 9)}  ${String(r.findings).padStart(8)}   ${gen}\n`);
    }
    const all = rows.at(-1)!;
    const slow = rows.filter((r) => r.gen && r.gen.avg > 30).map((r) => r.label);
    process.stdout.write(`  fuzz/raw: ${pct(all.rate / raw)} (target: at least 50%); generation: ${slow.length ? `over 30 µs/input: ${slow.join(', ')}` : 'every family within 30 µs/input'}\n`);
    const unshrunk = rows.find((r) => r.label === 'all, not shrunk')!;
    process.stdout.write(`  fuzz/raw with findings not shrunk (campaign option shrink: false): ${pct(unshrunk.rate / raw)}\n`);
    process.stdout.write('  (the null SUT accepts invalid input, so the fuzzer finds, isolates and shrinks findings: those frames count too,\n');
    process.stdout.write('   except in the "all, not shrunk" row, the same campaign with shrinking off; the all-in figure is "all families".\n');
    process.stdout.write('   One transport-damage frame in ten is a 200 kB frame, which costs the wire about ten ordinary ones. Wire round\n');
    process.stdout.write('   trips add the probes)\n\n');
  } finally {
    child.kill('SIGTERM');
  }
}

await nullSutSection();
// BENCH_ONLY=null: the null-SUT section alone (quick runs, profiling with node --cpu-prof).
if (process.env.BENCH_ONLY !== 'null') await referenceSection();

async function referenceSection(): Promise<void> {
const { child, url } = await startReferenceCsms();
try {
  // Warm both paths up first, so neither pays for the JIT or schema compilation in its measurement.
  await rawRate(url, 1000);
  await campaignRate(url, 1000);
  const raw = await rawRate(url, FRAMES);
  const fuzz = await campaignRate(url, FRAMES);
  const machinery = await machineryRate(url, FRAMES);
  const replay = await rawReplayRate(url, FRAMES);
  const perFamily = [];
  for (const f of FAMILIES) perFamily.push({ f, ...(await campaignRate(url, Math.min(FRAMES, 3000), [f])) });
  const line = (label: string, rate: number) => `  ${label.padEnd(44)} ${rate.toFixed(0).padStart(6)} frames/s  (${pct(rate / raw)} of raw)\n`;
  process.stdout.write(`reference CSMS (OCPP ${VERSION}, own process), one outstanding frame at a time:\n`);
  process.stdout.write(line('raw WebSocket round trips (Heartbeat)', raw));
  process.stdout.write(line(`fuzz campaign, all families (${FRAMES} frames)`, fuzz.rate));
  process.stdout.write(line('  plain ws replay of the same frame mix', replay));
  process.stdout.write(line('  campaign machinery, fixed Heartbeat', machinery));
  for (const { f, rate } of perFamily) process.stdout.write(line(`  ${f} only`, rate));
  process.stdout.write(`  (one raw round trip: ${(1e6 / raw).toFixed(0)} µs)\n`);
  process.stdout.write(`fuzz/raw: ${pct(fuzz.rate / raw)}${fuzz.findings ? `; ${fuzz.findings} findings?!` : ''}\n`);
  process.stdout.write(`fuzz/plain replay of the same frames: ${pct(fuzz.rate / replay)} (the fuzzer's own overhead, SUT cost factored out)\n`);
} finally {
  child.kill('SIGTERM');
}
}
