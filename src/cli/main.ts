import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { UsageError } from './config.js';
import { applyConventions, choiceOption, nearest, versionListParser, versionParser, wholeNumberParser, wsUrlParser } from './options.js';
import { EXIT, runDemoSuite, runTestCommand } from './suite-commands.js';
import { listCommand } from './list-command.js';
import { referenceCs, referenceCsms } from './reference-commands.js';
import { registerFuzzCommands, runDemoFuzz } from './fuzz-commands.js';

const collect = (value: string, previous: string[]) => [...previous, value];

// `ocpp-conformance list | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

/** Run a command body; a user's mistake or an unreachable SUT is one line on stderr and exit code 2. */
function guarded<A extends unknown[]>(body: (...args: A) => Promise<number | void>) {
  return async (...args: A) => {
    try {
      process.exitCode = (await body(...args)) ?? EXIT.passed;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`ocpp-conformance: ${message.split('\n')[0]}\n`);
      if (!(err instanceof UsageError) && process.env.OCPP_CONFORMANCE_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
      process.exitCode = EXIT.couldNotRun;
    }
  };
}

/** The version of the installed package, read when the CLI runs (dist/src/cli/main.js → package.json). */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** `ocpp-conformance test cs` */
function commandPath(cmd: Command): string {
  return cmd.parent ? `${commandPath(cmd.parent)} ${cmd.name()}` : cmd.name();
}

/**
 * Commander's error text as one line for `cmd`: `ocpp-conformance: unknown option '--ocp' (did you mean --ocpp?)`,
 * `ocpp-conformance: --url http://x: use ws:// or wss://, not http:// (did you mean ws://x?)`. Never the help.
 */
function errorLine(text: string, cmd: Command): string {
  let line = text.trim().replace(/^error: /, '').replace(/\s*\n\(Did you mean (.*)\?\)$/, ' (did you mean $1?)');
  const invalid = /^option '[^']*?(--[\w-]+)[^']*' argument '(.*)' is invalid\. (.*)$/s.exec(line);
  if (invalid) line = `${invalid[1]} ${invalid[2]}: ${invalid[3]}`;
  const missing = /^option '([^']*?(--[\w-]+)[^']*)' argument missing$/.exec(line);
  if (missing) line = `${missing[2]} needs a value (${missing[1]})`;
  const unknownCommand = /^unknown command '(.*)'$/.exec(line);
  if (unknownCommand) {
    const names = cmd.commands.map((c) => c.name());
    const hint = nearest(unknownCommand[1]!, names);
    line += hint ? ` (did you mean ${hint}?)` : ` (use ${names.join(', ')})`;
  } else if (/^unknown option '[^']*'$/.test(line)) {
    line += ` (see: ${commandPath(cmd)} --help)`;
  }
  return `ocpp-conformance: ${line.replace(/\s*\n\s*/g, '; ')}\n`;
}

const program = new Command('ocpp-conformance')
  .description('Conformance tests and a protocol fuzzer for OCPP 1.6J and 2.0.1 chargers and CSMSs')
  .version(packageVersion(), '-V, --version', 'print the version')
  .showSuggestionAfterError(true)
  .exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : EXIT.couldNotRun);
  });

program.command('demo')
  .description('run the suite (and a short fuzz campaign) against the built-in reference charger and CSMS')
  .option('--ocpp <versions>', 'OCPP version(s): 1.6, 2.0.1 or 1.6,2.0.1 (default: both)', versionListParser)
  .option('--only <patterns>', 'test cases to run, by use case or ID: B01,G*,RPC.*')
  .option('--fault <name>', 'switch on a named fault of the reference (repeatable)', collect, [])
  .option('--no-fuzz', 'skip the fuzz campaign')
  .option('--report-dir <dir>', 'where run folders are written', 'reports')
  .option('--parallel <n>', 'test cases run at once (default: a few per core)')
  .action(guarded(async (o: { ocpp?: string; only?: string; fault: string[]; fuzz: boolean; reportDir: string; parallel?: string }) => {
    const suite = await runDemoSuite(o);
    if (suite.exitCode === EXIT.interrupted) return EXIT.interrupted;
    const fuzzCode = o.fuzz && !o.only ? await runDemoFuzz(o) : EXIT.passed;
    return Math.max(suite.exitCode, fuzzCode);
  }));

const test = program.command('test').description('run the suite against your charger (cs) or CSMS (csms)');
const common = (cmd: Command) => cmd
  .option('--ocpp <version>', '1.6 or 2.0.1', versionParser)
  .option('--config <file>', 'SUT profile (YAML or JSON)')
  .option('--only <patterns>', 'test cases to run: B01,G*')
  .option('--station-id <id>', 'charge point ID')
  .option('--basic-auth-password <password>', 'security profile 1 password (never written to reports)')
  .option('--features <list>', 'optional features the SUT claims, comma separated')
  .option('--actions <provider>', 'operator actions: exec:<command>, interactive or none')
  .option('--report-dir <dir>', 'where run folders are written', 'reports')
  .option('--parallel <n>', 'test cases run at once (CSMS: one station ID each; charger: --sut-cmd with {stationId})', '1');
common(test.command('cs').description('the SUT is a charging station: the harness plays the CSMS and listens'))
  .option('--listen <url>', 'where the harness listens: ws://HOST:PORT/PATH', wsUrlParser)
  .option('--sut-cmd <command>', 'start the charger per test case; {url} is replaced by the URL to connect to')
  .action(guarded((o) => runTestCommand('CS', o)));
common(test.command('csms').description('the SUT is a CSMS: the harness plays a charging station and connects'))
  .option('--url <url>', 'the CSMS endpoint: ws://HOST:PORT/PATH (the station ID is appended)', wsUrlParser)
  .action(guarded((o) => runTestCommand('CSMS', o)));

program.command('list')
  .description('list test cases and the official test cases they cover, or the reference faults')
  .option('--ocpp <versions>', '1.6, 2.0.1 or 1.6,2.0.1 (default: both)', versionListParser)
  .addOption(choiceOption('--sut <role>', 'the SUT role', ['CS', 'CSMS']))
  .option('--faults', 'list the named faults of the reference implementations')
  .option('--pics', 'list the optional items (certification features, 1.6 feature profiles) a SUT profile may claim')
  .option('--json', 'machine-readable output')
  .action(guarded(listCommand));

const reference = program.command('reference').description('run the built-in reference charging station or CSMS on its own');
reference.command('cs')
  .description('a reference charging station connecting to a CSMS')
  .option('--csms-url <url>', 'ws://HOST:PORT/PATH/<stationId>', wsUrlParser)
  .option('--ocpp <version>', '1.6 or 2.0.1', versionParser)
  .option('--evses <n>', 'number of EVSEs', wholeNumberParser(1), 2)
  .option('--password <password>', 'Basic auth password')
  .option('--fault <name>', 'switch on a named fault (repeatable)', collect, [])
  .action(guarded(referenceCs));
reference.command('csms')
  .description('a reference CSMS accepting stations')
  .option('--listen <url>', 'ws://HOST:PORT/PATH', wsUrlParser)
  .option('--ocpp <version>', '1.6 or 2.0.1', versionParser)
  .option('--heartbeat <seconds>', 'heartbeat interval handed out', wholeNumberParser(1), 300)
  .option('--fault <name>', 'switch on a named fault (repeatable)', collect, [])
  .action(guarded(referenceCsms));

registerFuzzCommands(program, guarded);
applyConventions(program);

// Every command prints its errors as one line naming itself (configureOutput after the tree is built: each
// command gets its own formatter, so an unknown subcommand is matched against that command's subcommands).
(function oneLineErrors(cmd: Command) {
  cmd.configureOutput({ outputError: (text, write) => write(errorLine(text, cmd)) });
  cmd.commands.forEach(oneLineErrors);
})(program);

await program.parseAsync(process.argv);

// An interrupted run has written its reports; what its abandoned test cases still wait for (timers up to
// rebootTimeoutMs) must not hold the exit. Flush stdout first.
if (process.exitCode === EXIT.interrupted) process.stdout.write('', () => process.exit(EXIT.interrupted));
