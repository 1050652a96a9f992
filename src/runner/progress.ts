import type { TestResult } from './execute.js';
import type { TestState } from '../harness/verdicts.js';

const MARKS: Record<TestState, [colour: number, text: string]> = {
  passed: [32, 'ok  '],
  failed: [31, 'FAIL'],
  inconclusive: [33, 'INCO'],
  error: [35, 'ERR '],
  notApplicable: [90, 'n/a '],
};

/**
 * One line per finished test case, in catalogue order even when test cases finish out of order (a finished one
 * waits for its predecessors); colour only on a terminal, so a CI log stays plain text.
 */
export class Progress {
  private pending = new Map<number, TestResult>();
  private next = 0;

  constructor(private readonly enabled: boolean, private readonly out: NodeJS.WriteStream = process.stdout) {}

  group(title: string, _count: number): void {
    this.pending.clear();
    this.next = 0;
    if (this.enabled) this.out.write(`${title}\n`);
  }

  done(index: number, result: TestResult): void {
    this.pending.set(index, result);
    while (this.pending.has(this.next)) {
      this.print(this.pending.get(this.next)!);
      this.pending.delete(this.next++);
    }
  }

  private print(r: TestResult): void {
    if (!this.enabled) return;
    const [colour, text] = MARKS[r.state];
    const mark = this.out.isTTY ? `\x1b[${colour}m${text}\x1b[0m` : text;
    this.out.write(`  ${mark} ${r.id} ${r.title} (${r.durationMs} ms)${r.reason && r.state !== 'passed' ? `\n       ${r.reason}` : ''}\n`);
  }
}
