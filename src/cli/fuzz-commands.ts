import type { Command } from 'commander';

type Guard = <A extends unknown[]>(body: (...args: A) => Promise<number | void>) => (...args: A) => Promise<void>;

/** Placeholder until the fuzzer lands: registers fuzz and replay. */
export function registerFuzzCommands(_program: Command, _guarded: Guard): void {}

export async function runDemoFuzz(_options: { ocpp?: string; fault: string[]; reportDir: string }): Promise<number> {
  return 0;
}
