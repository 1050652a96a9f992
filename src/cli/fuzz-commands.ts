import path from 'node:path';
import { Option, type Command } from 'commander';
import { actionsAcceptedBy, actionsSentBy } from '../ocpp/actions.js';
import { parseVersion, type OcppVersion } from '../ocpp/versions.js';
import { referenceProfile } from '../harness/config.js';
import { parseActionProvider } from '../harness/operator.js';
import { makeRunDir } from '../runner/run-suite.js';
import { versionsOf } from '../runner/targets.js';
import { runCampaign, type CampaignOptions, type CampaignProgress, type CampaignResult } from '../fuzz/campaign.js';
import { progressPrinter } from '../fuzz/progress.js';
import { loadFinding, replayFinding } from '../fuzz/replay.js';
import { severityCounts, writeFuzzReports, type CampaignSection } from '../fuzz/report.js';
import { openSut, type OpenedSut } from '../fuzz/sut.js';
import { FAMILIES, type Family, type Finding, type FuzzState, type SutRole, type TargetSpec } from '../fuzz/types.js';
import { UsageError, buildProfile, loadConfigFile, type ConfigFile } from './config.js';
import { EXIT, checkFaults } from './suite-commands.js';

type Guard = <A extends unknown[]>(body: (...args: A) => Promise<number | void>) => (...args: A) => Promise<void>;

const collect = (value: string, previous: string[]) => [...previous, value];

interface FuzzOptions {
  ocpp?: string; url?: string; listen?: string; sutCmd?: string; seed?: string; runs?: string; duration?: string;
  actions?: string; families?: string; state: FuzzState; config?: string; stationId?: string; basicAuthPassword?: string;
  operator?: string; fault: string[]; reportDir: string;
}

/** `60s`, `5m`, `500ms` or plain seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`--duration ${text}: use e.g. 60s, 5m or 500ms`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} ${text}: expected a whole number`);
  return n;
}

function list(text: string | undefined): string[] | undefined {
  return text?.split(',').map((s) => s.trim()).filter(Boolean);
}

function versionOf(text: string | undefined, fallback: OcppVersion | undefined): OcppVersion {
  if (!text) {
    if (fallback) return fallback;
    throw new UsageError('say which OCPP version the SUT speaks: --ocpp 1.6 or --ocpp 2.0.1');
  }
  try {
    return parseVersion(text);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Split --actions into the actions to send (the SUT must accept them) and the SUT's own calls to answer badly. */
function splitActions(role: SutRole, ocpp: OcppVersion, text: string | undefined): { actions?: string[]; ownCalls?: string[] } {
  const wanted = list(text);
  if (!wanted) return {};
  const accepted = actionsAcceptedBy(role, ocpp);
  const own = role === 'CS' ? actionsSentBy('CS', ocpp) : [];
  const unknown = wanted.filter((a) => !accepted.includes(a) && !own.includes(a));
  if (unknown.length) throw new UsageError(`--actions: ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not an OCPP ${ocpp} action a ${role === 'CS' ? 'charger' : 'CSMS'} accepts or sends`);
  return { actions: wanted.filter((a) => accepted.includes(a)), ownCalls: wanted.filter((a) => own.includes(a)) };
}

function families(text: string | undefined): Family[] | undefined {
  const wanted = list(text);
  const bad = wanted?.filter((f) => !FAMILIES.includes(f as Family));
  if (bad?.length) throw new UsageError(`--families: unknown ${bad.join(', ')} (use ${FAMILIES.join(', ')})`);
  return wanted as Family[] | undefined;
}

function summarize(label: string, result: CampaignResult): string {
  const s = severityCounts(result.findings);
  const rate = Math.round((result.frames * 1000) / Math.max(1, result.durationMs));
  const families = Object.entries(result.perFamily).map(([f, st]) => `${f} ${st.frames}`).join(', ');
  const reached = Object.values(result.perAction).filter((a) => a.frames > 0).length;
  return `${label}: ${result.frames} frames in ${(result.durationMs / 1000).toFixed(1)} s (${rate} frames/s, seed ${result.seed}), `
    + `${result.findings.length} finding${result.findings.length === 1 ? "" : "s"} (high ${s.high}, medium ${s.medium}, low ${s.low})`
    + `${result.reconnects ? `, ${result.reconnects} reconnects` : ''}${result.aborted ? `; stopped early: ${result.aborted}` : ''}`
    + `\n  ${reached}/${Object.keys(result.perAction).length} actions received frames; per family: ${families}`;
}

/** What must never appear in a fuzz output: the Basic auth password of the profile, or one inside a URL. */
function secretsOf(profile: { basicAuthPassword?: string } | undefined, url?: string): string[] {
  const secrets = profile?.basicAuthPassword ? [profile.basicAuthPassword] : [];
  try {
    const password = url ? decodeURIComponent(new URL(url).password) : '';
    if (password) secrets.push(password);
  } catch { /* not a URL: nothing in it to hide */ }
  return secrets;
}

function printFindings(findings: Finding[], runDir: string): void {
  for (const f of findings) process.stdout.write(`  [${f.severity}] ${f.id} ${f.action} (${f.family}): ${f.reason}\n`);
  process.stdout.write(`Reports: ${runDir} (report.html, junit.xml, findings.json${findings.length ? ', finding-NNN.json' : ''})\n`);
  if (findings.length) process.stdout.write(`Replay one: npx ocpp-conformance replay ${path.join(runDir, `${findings[0]!.id}.json`)}\n`);
}

async function withSut<T>(sut: OpenedSut, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } finally {
    await sut.close();
  }
}

/** `fuzz cs` / `fuzz csms`: one campaign against the user's SUT, or the built-in reference without a URL. */
async function fuzzCommand(role: SutRole, o: FuzzOptions): Promise<number> {
  const config: ConfigFile = o.config ? loadConfigFile(o.config) : {};
  const url = o.url ?? config.url;
  const listen = o.listen ?? config.listen;
  const reference = role === 'CSMS' ? !url : !listen;
  if (o.fault.length && !reference) throw new UsageError('--fault switches on faults of the built-in reference; it cannot apply to your SUT');
  checkFaults(o.fault);
  const ocpp = versionOf(o.ocpp ?? config.ocpp, reference ? '2.0.1' : undefined);
  const profile = reference ? undefined : buildProfile(ocpp, config, { stationId: o.stationId ?? (role === 'CS' ? '*' : undefined), password: o.basicAuthPassword });
  const spec: TargetSpec = reference
    ? { role, ocpp, reference: { faults: o.fault }, state: o.state }
    : { role, ocpp, url, listen, sutCmd: o.sutCmd ?? config.sutCmd, stationId: profile!.stationId, state: o.state };
  const options: CampaignOptions = {
    seed: o.seed !== undefined ? positive(o.seed, '--seed') : Math.floor(Math.random() * 2 ** 31),
    runs: o.runs !== undefined ? positive(o.runs, '--runs') : undefined,
    durationMs: o.duration !== undefined ? parseDuration(o.duration) : undefined,
    families: families(o.families), ...splitActions(role, ocpp, o.actions),
  };
  const sut = await openSut({ spec, profile, provider: parseActionProvider(o.operator ?? config.actions) }).catch((err: Error) => {
    throw new UsageError(err.message);
  });
  if (role === 'CS' && !reference) process.stdout.write(`Harness listening as CSMS: point the charger at ${(sut.link.peer as { stationUrl?: string }).stationUrl ?? listen}\n`);
  const budget = options.durationMs !== undefined ? `${options.durationMs / 1000} s` : `${options.runs ?? 1000} frames`;
  process.stdout.write(`Fuzzing ${sut.describe}, OCPP ${ocpp}, state ${o.state}, seed ${options.seed}, ${budget}\n`);
  return withSut(sut, async () => {
    // Reaching the state first turns an unreachable SUT or state into one clear line instead of an empty report.
    await sut.link.ready().catch((err: Error) => { throw new UsageError(err.message); });
    const runDir = makeRunDir(o.reportDir, `fuzz-${role.toLowerCase()}`);
    const printer = progressPrinter(`fuzz ${role.toLowerCase()}`);
    let last: CampaignProgress | undefined;
    const result = await runCampaign(sut, { ...options, onProgress: (p) => { last = p; printer.update(p); } });
    if (last) printer.done({ ...last, frames: result.frames, findings: result.findings.length, elapsedMs: result.durationMs });
    const section: CampaignSection = { title: `OCPP ${ocpp} — fuzz ${role === 'CS' ? 'charging station' : 'CSMS'}: ${sut.describe}`, spec, describe: sut.describe, result };
    const findings = await writeFuzzReports(runDir, `ocpp-conformance fuzz ${role.toLowerCase()}`, [section], { secrets: secretsOf(profile ?? referenceProfile(ocpp), url ?? listen) });
    process.stdout.write(`${summarize('Result', result)}\n`);
    for (const u of result.unavailable) process.stdout.write(`  not available: ${u.action} (${u.family}): ${u.reason}\n`);
    printFindings(findings, runDir);
    if (result.aborted) return EXIT.couldNotRun;
    return findings.length ? EXIT.failed : EXIT.passed;
  });
}

interface ReplayOptions { url?: string; listen?: string; sutCmd?: string; config?: string; stationId?: string; basicAuthPassword?: string; operator?: string }

/** `replay FINDING.json`: exit 1 when the finding is reproduced, 0 when not. */
async function replayCommand(file: string, o: ReplayOptions): Promise<number> {
  let finding: Finding;
  try {
    finding = loadFinding(file);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const config: ConfigFile = o.config ? loadConfigFile(o.config) : {};
  const t = finding.target;
  const profile = t.reference ? undefined
    : buildProfile(t.ocpp, config, { stationId: o.stationId ?? t.stationId, password: o.basicAuthPassword });
  process.stdout.write(`Replaying ${finding.id} [${finding.severity}] ${finding.action} (${finding.family}): ${finding.reason}\n`);
  if (finding.frame) process.stdout.write(`  frame: ${finding.frame.text.slice(0, 500)}\n`);
  const result = await replayFinding(finding, {
    profile, provider: parseActionProvider(o.operator ?? config.actions), url: o.url, listen: o.listen, sutCmd: o.sutCmd,
  }).catch((err: Error) => { throw new UsageError(err.message); });
  process.stdout.write(`  answer: ${result.answer}\n`);
  if (result.reproduced) {
    process.stdout.write(`reproduced: ${result.judgement!.reason}\n${result.trace.map((l) => `  ${l}`).join('\n')}\n`);
    return EXIT.failed;
  }
  process.stdout.write(`not reproduced${result.judgement ? ` (the oracle now says [${result.judgement.severity}] ${result.judgement.reason})` : ': the SUT answered as the specification requires'}\n`);
  return EXIT.passed;
}

export function registerFuzzCommands(program: Command, guarded: Guard): void {
  const fuzz = program.command('fuzz').description('fuzz a charger (cs) or CSMS (csms) with malformed and edge-case frames; without a URL, the built-in reference');
  const common = (cmd: Command) => cmd
    .option('--ocpp <version>', '1.6 or 2.0.1 (the reference defaults to 2.0.1)')
    .option('--seed <n>', 'fast-check seed, to repeat a campaign (default: random, printed)')
    .option('--runs <n>', 'frames to send in total, those sent while shrinking included (default: 1000)')
    .option('--duration <time>', 'fuzz for this long instead: 60s, 5m')
    .option('--actions <list>', 'actions to target, comma separated (default: every action the SUT must accept)')
    .option('--families <list>', `generator families (default: all): ${FAMILIES.join(', ')}`)
    .addOption(new Option('--state <state>', 'the state to fuzz in').choices(['idle', 'transaction']).default('idle'))
    .option('--config <file>', 'SUT profile (YAML or JSON), as for test')
    .option('--station-id <id>', 'charge point ID')
    .option('--basic-auth-password <password>', 'security profile 1 password (never written to reports)')
    .option('--operator <provider>', 'operator actions for --state transaction: exec:<command> or interactive')
    .option('--fault <name>', 'reference only: switch on a named fault (repeatable)', collect, [])
    .option('--report-dir <dir>', 'where run folders are written', 'reports');
  common(fuzz.command('csms').description('the SUT is a CSMS: the harness plays a charging station that booted'))
    .option('--url <url>', 'the CSMS endpoint ws://HOST:PORT/PATH (the station ID is appended); default: the reference CSMS')
    .action(guarded((o: FuzzOptions) => fuzzCommand('CSMS', o)));
  common(fuzz.command('cs').description('the SUT is a charging station: the harness plays its CSMS and listens'))
    .option('--listen <url>', 'where the harness listens: ws://HOST:PORT/PATH; default: the reference charger')
    .option('--sut-cmd <command>', 'start the charger (again after a crash); {url} is replaced by the URL to connect to')
    .action(guarded((o: FuzzOptions) => fuzzCommand('CS', o)));
  program.command('replay <finding>')
    .description('reproduce a fuzz finding (finding-NNN.json): exit 1 when reproduced, 0 when not')
    .option('--url <url>', 'the CSMS, if it moved since the campaign')
    .option('--listen <url>', 'where to listen for the charger, if not as in the campaign')
    .option('--sut-cmd <command>', 'start the charger; {url} is replaced by the URL to connect to')
    .option('--config <file>', 'SUT profile (YAML or JSON)')
    .option('--station-id <id>', 'charge point ID')
    .option('--basic-auth-password <password>', 'security profile 1 password')
    .option('--operator <provider>', 'operator actions for the transaction state')
    .action(guarded(replayCommand));
}

/** The demo's short campaign against both reference implementations of each selected version. */
export async function runDemoFuzz(options: { ocpp?: string; fault: string[]; reportDir: string }): Promise<number> {
  checkFaults(options.fault);
  const sections: CampaignSection[] = [];
  process.stdout.write('\nFuzzing the reference implementations (short campaign):\n');
  for (const ocpp of versionsOf(options.ocpp)) {
    for (const role of ['CS', 'CSMS'] as const) {
      const spec: TargetSpec = { role, ocpp, reference: { faults: options.fault }, state: 'idle' };
      const sut = await openSut({ spec });
      const result = await withSut(sut, () => runCampaign(sut, { seed: 2024, runs: 300, durationMs: 5000, ownCalls: ['Heartbeat'] }));
      const title = `OCPP ${ocpp} — fuzz ${role === 'CS' ? 'charging station' : 'CSMS'}: ${sut.describe}`;
      sections.push({ title, spec, describe: sut.describe, result });
      process.stdout.write(`  ${summarize(`OCPP ${ocpp} ${role === 'CS' ? 'charger' : 'CSMS'}`, result)}\n`);
    }
  }
  const runDir = makeRunDir(options.reportDir, 'fuzz-demo');
  const findings = await writeFuzzReports(runDir, 'ocpp-conformance demo fuzz', sections);
  printFindings(findings, runDir);
  return findings.length || sections.some((s) => s.result.aborted) ? EXIT.failed : EXIT.passed;
}
