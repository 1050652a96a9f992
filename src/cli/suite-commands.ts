import { Faults, isFault, allFaults } from '../reference/index.js';
import { referenceProfile } from '../harness/config.js';
import { parseActionProvider } from '../harness/operator.js';
import { parseVersion, type OcppVersion } from '../ocpp/versions.js';
import { connectOcpp, ConnectError } from '../transport/client.js';
import { loadTestCases, selectTestCases } from '../runner/registry.js';
import { makeRunDir, runSuite, writeResults, type SuiteGroup } from '../runner/run-suite.js';
import { formatSummary } from '../runner/summary.js';
import {
  externalCsTarget, parseListen, referenceCsTarget, referenceCsmsTarget, versionsOf, type Target,
} from '../runner/targets.js';
import { UsageError, buildProfile, loadConfigFile, type ConfigFile } from './config.js';

export const EXIT = { passed: 0, failed: 1, couldNotRun: 2 } as const;

export function checkFaults(names: string[]): Faults {
  for (const n of names) {
    if (!isFault(n)) throw new UsageError(`unknown fault "${n}" (see: ocpp-conformance list --faults)`);
  }
  return new Faults(names);
}

function report(outcome: { runDir: string; failed: number; summary: Parameters<typeof formatSummary>[0]; results: { state: string }[] }): number {
  const count = (s: string) => outcome.results.filter((r) => r.state === s).length;
  process.stdout.write(`\nProfiles:\n${formatSummary(outcome.summary)}\n`);
  process.stdout.write(`\n${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped\n`);
  process.stdout.write(`Reports: ${outcome.runDir} (report.html, junit.xml, results.json)\n`);
  return outcome.failed > 0 ? EXIT.failed : EXIT.passed;
}

export interface DemoOptions { ocpp?: string; only?: string; fault: string[]; reportDir: string; quiet?: boolean }

/** The suite against the built-in reference charger and CSMS, both roles, both versions by default. */
export async function runDemoSuite(options: DemoOptions): Promise<{ exitCode: number; runDir: string }> {
  const faults = checkFaults(options.fault);
  const versions = versionsOf(options.ocpp);
  const all = await loadTestCases();
  const groups: SuiteGroup[] = [];
  const targets: Target[] = [];
  try {
    for (const ocpp of versions) {
      for (const role of ['CS', 'CSMS'] as const) {
        const cases = selectTestCases(all, { only: options.only, ocpp: [ocpp], sut: role });
        if (!cases.length) continue;
        const profile = referenceProfile(ocpp);
        const target = role === 'CS' ? await referenceCsTarget(profile, faults) : await referenceCsmsTarget(profile, faults);
        targets.push(target);
        groups.push({ title: `OCPP ${ocpp} — SUT ${role === 'CS' ? 'charging station' : 'CSMS'}: ${target.describe}`, target, cases });
      }
    }
    if (!groups.length) throw new UsageError(`no test case matches --only ${options.only ?? ''} --ocpp ${options.ocpp ?? ''}`);
    const runDir = makeRunDir(options.reportDir, 'demo');
    const outcome = await runSuite(groups, {
      runDir, title: 'ocpp-conformance demo', progress: !options.quiet,
      meta: { kind: 'demo', faults: options.fault, versions },
    });
    return { exitCode: options.quiet ? (outcome.failed ? EXIT.failed : EXIT.passed) : report(outcome), runDir };
  } finally {
    for (const t of targets) await t.close().catch(() => undefined);
  }
}

export interface TestCommandOptions {
  ocpp?: string; listen?: string; url?: string; sutCmd?: string; actions?: string; only?: string; config?: string;
  stationId?: string; basicAuthPassword?: string; features?: string; reportDir: string;
}

function resolveVersion(options: TestCommandOptions, config: ConfigFile): OcppVersion {
  const v = options.ocpp ?? config.ocpp;
  if (!v) throw new UsageError('say which OCPP version the SUT speaks: --ocpp 1.6 or --ocpp 2.0.1');
  try {
    return parseVersion(v);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** `test cs` / `test csms`: the suite against a user's charger or CSMS. */
export async function runTestCommand(role: 'CS' | 'CSMS', options: TestCommandOptions): Promise<number> {
  const config = options.config ? loadConfigFile(options.config) : {};
  const ocpp = resolveVersion(options, config);
  const profile = buildProfile(ocpp, config, { stationId: options.stationId, password: options.basicAuthPassword, features: options.features });
  const provider = parseActionProvider(options.actions ?? config.actions);
  const all = await loadTestCases();
  const cases = selectTestCases(all, { only: options.only, ocpp: [ocpp], sut: role });
  if (!cases.length) throw new UsageError(`no ${role} test case for OCPP ${ocpp} matches --only ${options.only ?? ''}`);
  const runDir = makeRunDir(options.reportDir, `test-${role.toLowerCase()}`);
  const meta = { kind: `test ${role.toLowerCase()}`, ocpp, stationId: profile.stationId };
  let target: Target;
  if (role === 'CS') {
    const listen = options.listen ?? config.listen;
    if (!listen) throw new UsageError('test cs needs --listen ws://HOST:PORT/PATH (where the charger connects)');
    target = await externalCsTarget(profile, parseListenOrUsage(listen), options.sutCmd ?? config.sutCmd, provider).catch((err: Error) => {
      throw new UsageError(err.message);
    });
    process.stdout.write(`Harness listening as CSMS: point the charger at ${target.server.url}/${profile.stationId}\n`);
  } else {
    const url = options.url ?? config.url;
    if (!url) throw new UsageError('test csms needs --url ws://HOST:PORT/PATH (the CSMS endpoint; the station ID is appended)');
    const csmsUrl = url.replace(/\/$/, '');
    // Reachability first: an unreachable CSMS cannot be tested, and says so in one line (and in results.json).
    try {
      const probe = await connectOcpp({ url: `${csmsUrl}/${encodeURIComponent(profile.stationId)}`, version: ocpp, password: profile.basicAuthPassword, timeoutMs: 5000 });
      await probe.close();
    } catch (err) {
      const message = err instanceof ConnectError ? err.message : (err as Error).message;
      writeResults(runDir, { ...meta, error: message }, []);
      throw new UsageError(`${message} (report: ${runDir})`);
    }
    target = { role: 'CSMS', profile, url: csmsUrl, provider, describe: `CSMS at ${csmsUrl}`, close: async () => undefined };
  }
  try {
    const outcome = await runSuite([{ title: `OCPP ${ocpp} — SUT ${role}: ${target.describe}`, target, cases }], {
      runDir, title: `ocpp-conformance test ${role.toLowerCase()}`, progress: true, meta,
    });
    return report(outcome);
  } finally {
    await target.close().catch(() => undefined);
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
