import type { TestResult } from './execute.js';
import type { TestState } from '../harness/verdicts.js';
import type { Peer } from '../harness/peer.js';

const MARKS: Record<TestState, [colour: number, text: string]> = {
  passed: [32, 'ok  '],
  failed: [31, 'FAIL'],
  inconclusive: [33, 'INCO'],
  error: [35, 'ERR '],
  notApplicable: [90, 'n/a '],
};

/** A test case that has started and not ended, with the harness actor once it exists. */
export interface RunningTest {
  id: string;
  startedAt: number;
  peer?: Peer;
}

/** How often the live status line is redrawn. */
const REDRAW_MS = 250;

function seconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * The live status: the longest-running test case, what it waits for now and how long that wait may still take.
 * Exported for tests; `now` is injectable.
 */
export function statusLine(running: RunningTest[], now = Date.now()): string {
  if (!running.length) return '';
  const oldest = running.reduce((a, b) => (b.startedAt < a.startedAt ? b : a));
  const wait = oldest.peer ? [...oldest.peer.waits].at(-1) : undefined;
  const doing = wait ? `waiting for ${wait.what}, up to ${seconds(wait.until - now)} more` : 'starting';
  const others = running.length > 1 ? ` (+${running.length - 1} running)` : '';
  return `  … ${oldest.id} ${seconds(now - oldest.startedAt)}: ${doing}${others}`;
}

/**
 * One line per finished test case, in catalogue order even when test cases finish out of order (a finished one
 * waits for its predecessors); colour only on a terminal, so a CI log stays plain text. On a terminal a status
 * line below them says what the running test waits for, redrawn in place; a log never gets it.
 */
export class Progress {
  private pending = new Map<number, TestResult>();
  private next = 0;
  private live?: NodeJS.Timeout;
  private statusShown = false;

  constructor(private readonly enabled: boolean, private readonly out: NodeJS.WriteStream = process.stdout) {}

  /** Redraw the status line from `running()` until stopLive (a terminal only). */
  startLive(running: () => RunningTest[]): void {
    if (!this.enabled || !this.out.isTTY || this.live) return;
    this.live = setInterval(() => this.drawStatus(statusLine(running())), REDRAW_MS);
    // The status line never keeps a finished run alive.
    this.live.unref();
  }

  stopLive(): void {
    clearInterval(this.live);
    this.live = undefined;
    this.clearStatus();
  }

  group(title: string, _count: number): void {
    this.pending.clear();
    this.next = 0;
    if (this.enabled) this.write(`${title}\n`);
  }

  done(index: number, result: TestResult): void {
    this.pending.set(index, result);
    while (this.pending.has(this.next)) {
      this.print(this.pending.get(this.next)!);
      this.pending.delete(this.next++);
    }
  }

  /** The test cases of the group that never started, as one line. */
  notRun(count: number, why: string): void {
    if (this.enabled) this.write(`  ${count} test case${count === 1 ? '' : 's'} not run: ${why}\n`);
  }

  private print(r: TestResult): void {
    if (!this.enabled) return;
    const [colour, text] = MARKS[r.state];
    const mark = this.out.isTTY ? `\x1b[${colour}m${text}\x1b[0m` : text;
    this.write(`  ${mark} ${r.id} ${r.title} (${r.durationMs} ms)${r.reason && r.state !== 'passed' ? `\n       ${r.reason}` : ''}\n`);
  }

  /** A permanent line goes above the status line: clear it first; the next redraw brings it back. */
  private write(text: string): void {
    this.clearStatus();
    this.out.write(text);
  }

  private drawStatus(line: string): void {
    const width = Math.max(20, (this.out.columns || 80) - 1);
    const text = line.length > width ? `${line.slice(0, width - 1)}…` : line;
    this.out.write(`\r\x1b[2K${text}`);
    this.statusShown = text.length > 0;
  }

  private clearStatus(): void {
    if (!this.statusShown) return;
    this.out.write('\r\x1b[2K');
    this.statusShown = false;
  }
}
