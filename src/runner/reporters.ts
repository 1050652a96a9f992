import { createRequire } from 'node:module';
import type Mocha from 'mocha';

const require = createRequire(import.meta.url);
const Mochawesome = require('mochawesome') as new (runner: Mocha.Runner, options: unknown) => { done?: (f: number, fn: () => void) => void };
const JUnit = require('mocha-junit-reporter') as new (runner: Mocha.Runner, options: unknown) => object;

export interface ReporterOptions {
  runDir: string;
  title: string;
  /** Print a line per test (a person watching); off for library use. */
  progress: boolean;
}

/** One line per finished test; colour only on a terminal, so a CI log stays plain text. */
function attachProgress(runner: Mocha.Runner): void {
  const paint = (code: number, text: string) => (process.stdout.isTTY ? `\x1b[${code}m${text}\x1b[0m` : text);
  const mark = { passed: paint(32, 'ok  '), failed: paint(31, 'FAIL'), pending: paint(33, 'skip') } as const;
  const line = (state: keyof typeof mark, test: Mocha.Test, extra = '') => {
    process.stdout.write(`  ${mark[state]} ${test.title}${test.duration !== undefined ? ` (${test.duration} ms)` : ''}${extra}\n`);
  };
  runner.on('suite', (s: Mocha.Suite) => { if (s.title) process.stdout.write(`${s.title}\n`); });
  runner.on('pass', (t: Mocha.Test) => line('passed', t));
  runner.on('fail', (t: Mocha.Test, err: Error) => line('failed', t, `\n       ${err.message}`));
  runner.on('pending', (t: Mocha.Test & { skipReason?: string }) => line('pending', t, t.skipReason ? `\n       ${t.skipReason}` : ''));
}

/**
 * mochawesome (HTML + JSON with traces) and JUnit XML from one mocha run; mocha takes a single reporter,
 * so this one hands the runner to both and waits for mochawesome's asynchronous file writing.
 */
export function compositeReporter(options: ReporterOptions): new (runner: Mocha.Runner) => object {
  return class Composite {
    private readonly awesome: { done?: (f: number, fn: () => void) => void };

    constructor(runner: Mocha.Runner) {
      this.awesome = new Mochawesome(runner, {
        reporterOptions: {
          reportDir: options.runDir, reportFilename: 'report', reportTitle: options.title, reportPageTitle: options.title,
          charts: false, code: false, quiet: true, consoleReporter: 'none', json: true, html: true,
        },
      });
      new JUnit(runner, { reporterOptions: { mochaFile: `${options.runDir}/junit.xml`, testsuitesTitle: options.title } });
      if (options.progress) attachProgress(runner);
    }

    done(failures: number, fn: (failures: number) => void): void {
      if (this.awesome.done) this.awesome.done(failures, () => fn(failures));
      else fn(failures);
    }
  };
}
