import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { Inconclusive } from './verdicts.js';

/** Exit code of an `exec:` provider that says "this action cannot be done here" (no such hardware, no switch). */
export const CANNOT_ACT_EXIT = 3;

/** The operator could not perform an action: the test's precondition is not established, the SUT is not at fault. */
export class OperatorCannotAct extends Inconclusive {
  constructor(readonly action: string, why: string) {
    super(`operator action ${action} could not be performed: ${why}`);
    this.name = 'OperatorCannotAct';
  }
}

/**
 * Something that can do to the SUT what OCPP cannot: plug a cable, present a card, or (for a CSMS SUT) make
 * its operator send a remote start. Action names and their JSON args are the same for every provider.
 */
export interface ActionProvider {
  readonly description: string;
  act(name: string, args: Record<string, unknown>): Promise<void>;
}

/**
 * `exec:<command>`: runs `<command> <action> '<json args>'`; exit 0 means done, exit 3 "cannot do this here",
 * any other exit also leaves the precondition unmet (with the command's first stderr line as the reason).
 */
export function execProvider(command: string, timeoutMs = 60_000): ActionProvider {
  return {
    description: `exec: ${command}`,
    act: (name, args) => new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', `${command} "$OCPP_ACTION" "$OCPP_ARGS"`], {
        env: { ...process.env, OCPP_ACTION: name, OCPP_ARGS: JSON.stringify(args) },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      const timer = setTimeout(() => { child.kill(); reject(new OperatorCannotAct(name, `the provider did not finish within ${timeoutMs} ms`)); }, timeoutMs);
      child.on('error', (err) => { clearTimeout(timer); reject(new OperatorCannotAct(name, err.message)); });
      child.on('exit', (code) => {
        clearTimeout(timer);
        const said = stderr.trim().split('\n')[0];
        if (code === 0) resolve();
        else if (code === CANNOT_ACT_EXIT) reject(new OperatorCannotAct(name, `the provider cannot do it here${said ? ` (${said})` : ''}`));
        else reject(new OperatorCannotAct(name, `the provider exited ${code}${said ? `: ${said}` : ''}`));
      });
    }),
  };
}

/** `interactive`: asks a person at the terminal to do it and press Enter, or to type "skip". */
export function interactiveProvider(): ActionProvider {
  return {
    description: 'interactive',
    act: (name, args) => new Promise((resolve, reject) => {
      const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
      // On a terminal readline takes Ctrl-C for itself: pass it on as the process's SIGINT (the run's interrupt).
      rl.on('SIGINT', () => { rl.close(); reject(new OperatorCannotAct(name, 'interrupted at the prompt')); process.kill(process.pid, 'SIGINT'); });
      rl.question(`\n>>> Operator action: ${name} ${JSON.stringify(args)} — do it, then press Enter (or type skip) `, (answer) => {
        rl.close();
        if (answer.trim().toLowerCase() === 'skip') reject(new OperatorCannotAct(name, 'the operator answered skip'));
        else resolve();
      });
    }),
  };
}

export function parseActionProvider(spec: string | undefined): ActionProvider | undefined {
  if (!spec || spec === 'none') return undefined;
  if (spec === 'interactive') return process.stdin.isTTY ? interactiveProvider() : undefined;
  if (spec.startsWith('exec:')) return execProvider(spec.slice(5));
  throw new Error(`unknown action provider "${spec}" (use exec:<command>, interactive or none)`);
}

/** What a test case sees of the SUT beyond the wire: its operator. */
export class SutHandle {
  /** `onCannot` hears of an action that could not be done, so the harness can end the waits that depend on it. */
  constructor(private readonly provider: ActionProvider | undefined, private readonly onCannot?: (err: OperatorCannotAct) => void) {}

  get canAct(): boolean {
    return !!this.provider;
  }

  async act(name: string, args: Record<string, unknown> = {}): Promise<void> {
    try {
      if (!this.provider) throw new OperatorCannotAct(name, 'no action provider is configured (--actions)');
      await this.provider.act(name, args);
    } catch (err) {
      // Whatever a provider throws, the SUT did nothing wrong: the precondition simply was not established.
      const cannot = err instanceof OperatorCannotAct ? err : new OperatorCannotAct(name, (err as Error).message);
      this.onCannot?.(cannot);
      throw cannot;
    }
  }
}
