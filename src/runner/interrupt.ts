// Ctrl-C and a supervisor's SIGTERM during a run: the first one asks the run to wind down (stop starting work,
// end what runs, write the reports), a second one quits at once. Shared by the suite commands and the fuzzer.
import { EXIT } from '../harness/verdicts.js';

/** Exit code of a run stopped by a signal (128 + SIGINT's number, as shells report it). */
export const INTERRUPTED_EXIT = EXIT.interrupted;

/** The reason a test case or campaign ended because the user stopped the run. */
export class Interrupted extends Error {
  constructor(message = 'interrupted') {
    super(message);
    this.name = 'Interrupted';
  }
}

/** One run's view of the signals: aborted at the first SIGINT/SIGTERM while the run watches. */
export interface InterruptWatch {
  /** Aborted (reason: an `Interrupted`) at the first signal. Pass it on to whatever runs. */
  readonly signal: AbortSignal;
  /** Whether a signal came, and which. */
  readonly interrupted: boolean;
  readonly by?: NodeJS.Signals;
  /** Stop watching (in a `finally` once the reports are written): a later signal has its default effect again. */
  dispose(): void;
}

interface Watcher { controller: AbortController; by?: NodeJS.Signals }

const watchers = new Set<Watcher>();
let signalsSeen = 0;
let notice: string | undefined;

function onSignal(sig: NodeJS.Signals): void {
  if (++signalsSeen > 1) {
    process.stderr.write(`\nocpp-conformance: ${sig} again: quitting at once, reports not written\n`);
    // 'exit' handlers still run: the SUT process groups the harness started are killed (see killOnExit).
    process.exit(INTERRUPTED_EXIT);
  }
  process.stderr.write(`\nocpp-conformance: ${sig}: ${notice ?? 'stopping'} (${sig === 'SIGINT' ? 'Ctrl-C' : sig} again quits at once)\n`);
  for (const w of watchers) {
    w.by = sig;
    w.controller.abort(new Interrupted());
  }
}

/**
 * Watch SIGINT and SIGTERM for one run. The first signal aborts `signal` (and prints one line on stderr saying
 * what happens now: `doing`, e.g. "ending the running test cases and writing the reports"); a second one exits
 * with code 130 at once. The caller checks `interrupted` when its work has ended and exits with
 * INTERRUPTED_EXIT.
 */
export function watchInterrupt(doing?: string): InterruptWatch {
  const watcher: Watcher = { controller: new AbortController() };
  if (!watchers.size) {
    signalsSeen = 0;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  watchers.add(watcher);
  if (doing) notice = doing;
  return {
    signal: watcher.controller.signal,
    get interrupted() { return watcher.controller.signal.aborted; },
    get by() { return watcher.by; },
    dispose() {
      if (!watchers.delete(watcher) || watchers.size) return;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      notice = undefined;
    },
  };
}

/**
 * `work`, or an `Interrupted` rejection as soon as `signal` aborts, whichever comes first. The work itself goes
 * on (a promise cannot be cancelled): the caller closes what it uses, which ends it.
 */
export function raceAbort<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(interruption(signal));
  }
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(interruption(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

function interruption(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Interrupted();
}

const groups = new Set<number>();
let exitHook = false;

/**
 * Kill this process group (a detached SUT the harness spawned) with SIGKILL if the harness exits while it
 * still runs: a second Ctrl-C or an unexpected exit must not leave the charger simulator behind. Returns the
 * function that forgets the group once it was stopped the ordinary way.
 */
export function killOnExit(pgid: number): () => void {
  groups.add(pgid);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const g of groups) {
        try { process.kill(-g, 'SIGKILL'); } catch { /* already gone */ }
      }
    });
  }
  return () => groups.delete(pgid);
}
