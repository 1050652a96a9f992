import os from 'node:os';
import { Faults, isFault, allFaults } from '../reference/index.js';
import { referenceProfile, type SutProfile } from '../harness/config.js';
import { parseActionProvider } from '../harness/operator.js';
import { EXIT, exitCodeFor } from '../harness/verdicts.js';
import { parseVersion, type OcppVersion } from '../ocpp/versions.js';
import { readSutTls, sutPki, type SutTls } from '../security/sut-tls.js';
import { connectOcpp, ConnectError } from '../transport/client.js';
import { loadTestCases, selectTestCases } from '../runner/registry.js';
import { makeRunDir, neverConnectedLine, runSuite, type RunOptions, type RunOutcome, type SuiteGroup } from '../runner/run-suite.js';
import { writeReports } from '../runner/reports/index.js';
import { countsLine, formatSummary, totals } from '../runner/summary.js';
import { Interrupted, raceAbort, watchInterrupt, type InterruptWatch } from '../runner/interrupt.js';
import { notRunResult } from '../runner/execute.js';
import { profileSummary } from '../runner/summary.js';
import {
  StationPool, externalCsTarget, type CsTarget, parseListen, referenceCsTarget, referenceCsmsTarget, stationIdentities, versionsOf, type Target,
} from '../runner/targets.js';
import { discoverFromCharger, discoverableItems } from '../runner/discover.js';
import type { TestCase } from '../harness/test-case.js';
import { UsageError, buildProfile, loadConfigFile, type ConfigFile } from './config.js';
import { nearest, noTestCaseMessage } from './options.js';

export { EXIT };

export function checkFaults(names: string[]): Faults {
  for (const n of names) {
    if (isFault(n)) continue;
    const hint = nearest(n, allFaults().map((f) => f.name));
    throw new UsageError(`unknown fault "${n}"${hint ? ` (did you mean ${hint}?)` : ''} (see: ocpp-conformance list --faults)`);
  }
  return new Faults(names);
}

/** The demo's default parallelism: test cases against the reference mostly wait on timers, so a few per core help. */
export function defaultDemoParallel(): number {
  return Math.max(2, Math.min(8, os.availableParallelism() * 3));
}

function parseParallel(value: string | number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--parallel ${value}: give a whole number from 1 to 64`);
  return n;
}

/** The end of a run on the console: verdicts per profile, totals, timing, where the reports are; the exit code. */
function report(outcome: RunOutcome): number {
  process.stdout.write(`\nProfiles:\n${formatSummary(outcome.summary)}\n`);
  process.stdout.write(`\n${countsLine(totals(outcome.results))}\n`);
  process.stdout.write(`Wall time ${(outcome.wallMs / 1000).toFixed(1)} s for ${(outcome.sumMs / 1000).toFixed(1)} s of test cases\n`);
  if (outcome.stopped?.kind === 'interrupted') {
    const notRun = outcome.results.filter((r) => r.reason?.startsWith('not run:')).length;
    process.stdout.write(`Interrupted: the running test cases ended as error "interrupted"${notRun ? `, ${notRun} not run` : ''}\n`);
  }
  process.stdout.write(`Reports: ${outcome.runDir} (report.html, junit.xml, results.json)\n`);
  return exitCodeOf(outcome);
}

/** 130 for a run the user stopped, 2 for one that gave up on its SUT, else what the verdicts say. */
function exitCodeOf(outcome: RunOutcome): number {
  if (outcome.stopped?.kind === 'interrupted') return EXIT.interrupted;
  if (outcome.stopped?.kind === 'gaveUp') return EXIT.couldNotRun;
  return exitCodeFor(outcome.results.map((r) => r.state));
}

/** SIGINT/SIGTERM during a suite: the first ends the run with reports written (exit 130), a second quits at once. */
function watchSuite(): InterruptWatch {
  return watchInterrupt('ending the running test cases, stopping the SUT and writing the reports');
}

/** Run the suite; one that gave up on its SUT is its one line on stderr and exit 2 (via UsageError). */
async function runOrGiveUp(groups: SuiteGroup[], options: RunOptions): Promise<RunOutcome> {
  const outcome = await runSuite(groups, options);
  if (outcome.stopped?.kind === 'gaveUp') throw new UsageError(`${outcome.stopped.reason} (report: ${outcome.runDir})`);
  return outcome;
}

/** The reports of a run that ended before its first test case: every selected one listed as not run. */
async function writeNotRun(runDir: string, meta: Record<string, unknown>, cases: TestCase[], why: string): Promise<void> {
  const results = cases.map((tc) => notRunResult(tc, why));
  await writeReports(runDir, { ...meta, wallMs: 0, sumMs: 0 }, results, profileSummary(results));
}

export interface DemoOptions { ocpp?: string; only?: string; fault: string[]; reportDir: string; quiet?: boolean; parallel?: string | number }

/** The suite against the built-in reference charger and CSMS, both roles, both versions by default. */
export async function runDemoSuite(options: DemoOptions): Promise<{ exitCode: number; runDir: string; outcome: RunOutcome }> {
  const faults = checkFaults(options.fault);
  const versions = versionsOf(options.ocpp);
  const parallel = parseParallel(options.parallel, defaultDemoParallel());
  const all = await loadTestCases();
  const groups: SuiteGroup[] = [];
  const targets: Target[] = [];
  const watch = watchSuite();
  try {
    for (const ocpp of versions) {
      for (const role of ['CS', 'CSMS'] as const) {
        const cases = selectTestCases(all, { only: options.only, ocpp: [ocpp], sut: role });
        if (!cases.length) continue;
        const profile = referenceProfile(ocpp);
        const target = role === 'CS' ? await referenceCsTarget(profile, faults) : await referenceCsmsTarget(profile, faults);
        targets.push(target);
        groups.push({ title: `OCPP ${ocpp} — SUT ${role === 'CS' ? 'charging station' : 'CSMS'}: ${target.describe}`, target, cases, parallel });
      }
    }
    if (!groups.length) throw new UsageError(noTestCaseMessage({ only: options.only, ocpp: versions, useCases: [...new Set(all.map((tc) => tc.useCase))] }));
    const runDir = makeRunDir(options.reportDir, 'demo');
    const outcome = await runOrGiveUp(groups, {
      runDir, title: 'ocpp-conformance demo', progress: !options.quiet,
      meta: { kind: 'demo', faults: options.fault, versions, parallel }, signal: watch.signal, warmSchemas: true,
    });
    const exitCode = options.quiet ? exitCodeOf(outcome) : report(outcome);
    return { exitCode, runDir, outcome };
  } finally {
    for (const t of targets) await t.close().catch(() => undefined);
    watch.dispose();
  }
}

export interface TestCommandOptions {
  ocpp?: string; listen?: string; url?: string; sutCmd?: string; actions?: string; only?: string; config?: string;
  stationId?: string; basicAuthPassword?: string; features?: string; reportDir: string; parallel?: string;
}

function resolveVersion(options: TestCommandOptions, config: ConfigFile): OcppVersion {
  const v = options.ocpp ?? config.ocpp;
  if (!v) throw new UsageError('say which OCPP version the SUT speaks: --ocpp 1.6 or --ocpp 2.0.1');
  try {
    return parseVersion(String(v));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** What results.json says of the run's configuration: never a password. */
function publicProfile(profile: SutProfile): Record<string, unknown> {
  const { basicAuthPassword, ...rest } = profile;
  return { ...rest, basicAuthPassword: basicAuthPassword === undefined ? undefined : '***' };
}

/**
 * Read from the charger the optional items the profile leaves unsaid; say on the console and in the report what
 * was read. A charger that never connected ends the run here (`giveUp`, the line that says why).
 */
async function discoverSilentItems(target: CsTarget, cases: TestCase[], signal: AbortSignal): Promise<Record<string, unknown> & { giveUp?: string }> {
  const items = discoverableItems(cases, target);
  if (!items.length) return {};
  const found = await raceAbort(discoverFromCharger(target, items), signal);
  if ('failed' in found) {
    const giveUp = found.harness && neverConnectedLine(found.harness);
    if (giveUp) return { giveUp };
    process.stdout.write(`Could not read ${items.map((i) => i.id).join(', ')} from the charger (${found.failed}); test cases needing them do not apply\n`);
    return { discoveryFailed: found.failed };
  }
  target.profile.discovered = found.read;
  process.stdout.write(`Read from the charger (the profile is silent): ${Object.entries(found.read).map(([id, yes]) => `${id} ${yes ? 'supported' : 'not supported'}`).join(', ')}\n`);
  return { discovered: found.read };
}

/** `test cs` / `test csms`: the suite against a user's charger or CSMS. */
export async function runTestCommand(role: 'CS' | 'CSMS', options: TestCommandOptions): Promise<number> {
  const config = options.config ? loadConfigFile(options.config) : {};
  const ocpp = resolveVersion(options, config);
  const profile = buildProfile(ocpp, config, { stationId: options.stationId, password: options.basicAuthPassword, features: options.features });
  const provider = parseActionProvider(options.actions ?? config.actions);
  const all = await loadTestCases();
  const cases = selectTestCases(all, { only: options.only, ocpp: [ocpp], sut: role });
  if (!cases.length) throw new UsageError(noTestCaseMessage({ only: options.only, ocpp: [ocpp], sut: role, useCases: [...new Set(all.map((tc) => tc.useCase))] }));
  let parallel = parseParallel(options.parallel, 1);
  const runDir = makeRunDir(options.reportDir, `test-${role.toLowerCase()}`);
  const meta: Record<string, unknown> = { kind: `test ${role.toLowerCase()}`, ocpp, stationId: profile.stationId, profile: publicProfile(profile) };
  const identity = { id: profile.stationId, password: profile.basicAuthPassword };
  let target: Target | undefined;
  const watch = watchSuite();
  try {
    if (role === 'CS') {
      const listen = options.listen ?? config.listen;
      if (!listen) throw new UsageError('test cs needs --listen ws://HOST:PORT/PATH (where the charger connects)');
      const sutCmd = options.sutCmd ?? config.sutCmd;
      if (parallel > 1 && !sutCmd?.includes('{stationId}')) {
        process.stderr.write(`ocpp-conformance: --parallel ${parallel} needs chargers started per test case with their own station ID (--sut-cmd with {stationId}); running one at a time\n`);
        parallel = 1;
      }
      const csTarget = await externalCsTarget(profile, parseListenOrUsage(listen), sutCmd, provider).catch((err: Error) => {
        throw new UsageError(err.message);
      });
      if (parallel > 1) csTarget.stationPool = new StationPool(stationIdentities(config.stationIds, parallel, identity));
      target = csTarget;
      process.stdout.write(`Harness listening as CSMS: point the charger at ${csTarget.server.url}/${profile.stationId}\n`);
      let found: Awaited<ReturnType<typeof discoverSilentItems>>;
      try {
        found = await discoverSilentItems(csTarget, cases, watch.signal);
      } catch (err) {
        if (!(err instanceof Interrupted)) throw err;
        await writeNotRun(runDir, { ...meta, interrupted: true }, cases, 'interrupted');
        process.stdout.write(`Interrupted before the first test case. Reports: ${runDir} (report.html, junit.xml, results.json)\n`);
        return EXIT.interrupted;
      }
      const { giveUp, ...discovered } = found;
      if (giveUp) {
        await writeNotRun(runDir, { ...meta, error: giveUp }, cases, 'the charger never connected');
        throw new UsageError(`${giveUp} (report: ${runDir})`);
      }
      Object.assign(meta, discovered);
    } else {
      const url = options.url ?? config.url;
      if (!url) throw new UsageError('test csms needs --url ws://HOST:PORT/PATH (the CSMS endpoint; the station ID is appended)');
      const csmsUrl = url.replace(/\/$/, '');
      // The report names the SUT by its endpoint, never with credentials a user may have written into the URL.
      meta.sutUrl = csmsUrl.replace(/\/\/[^/@]*@/, '//');
      const sp = profile.securityProfile ?? 1;
      let files: SutTls;
      try {
        files = readSutTls(profile.tls);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      if (sp === 3 && (!files.cert || !files.key)) throw new UsageError('security profile 3 needs tls.cert and tls.key (the station\'s client certificate) in the config');
      const stationTls = sp === 1 ? undefined : { ca: files.ca, ...(sp === 3 ? { cert: files.cert, key: files.key } : {}) };
      // Reachability first: an unreachable CSMS cannot be tested, and says so in one line (and in results.json).
      try {
        const probe = await connectOcpp({
          url: `${csmsUrl}/${encodeURIComponent(profile.stationId)}`, version: ocpp, timeoutMs: 5000, tls: stationTls,
          password: sp === 3 ? undefined : profile.basicAuthPassword,
        });
        await probe.close();
      } catch (err) {
        const message = err instanceof ConnectError ? err.message : (err as Error).message;
        await writeNotRun(runDir, { ...meta, error: message }, cases, 'the CSMS could not be reached');
        throw new UsageError(`${message} (report: ${runDir})`);
      }
      const identities = stationIdentities(config.stationIds, parallel, identity);
      if (parallel > identities.length) {
        process.stderr.write(`ocpp-conformance: --parallel ${parallel} but ${identities.length} station ID(s) are configured; running ${identities.length} at a time\n`);
        parallel = identities.length;
      }
      target = {
        role: 'CSMS', profile, url: csmsUrl, provider, describe: `CSMS at ${csmsUrl}`, brokenStates: new Map(),
        stationPool: parallel > 1 ? new StationPool(identities) : undefined, operatorPerStation: config.operatorPerStation,
        urls: { [sp]: csmsUrl }, pki: await sutPki(files), stationTls: async (p) => (p === sp ? stationTls : undefined),
        close: async () => undefined,
      };
    }
    const outcome = await runOrGiveUp([{ title: `OCPP ${ocpp} — SUT ${role}: ${target.describe}`, target, cases, parallel }], {
      runDir, title: `ocpp-conformance test ${role.toLowerCase()}`, progress: true, meta: { ...meta, parallel }, signal: watch.signal,
    });
    return report(outcome);
  } finally {
    await target?.close().catch(() => undefined);
    watch.dispose();
  }
}

function parseListenOrUsage(listen: string) {
  try {
    return parseListen(listen);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export { allFaults };
