import { spawn } from 'node:child_process';
import readline from 'node:readline';

/** The test cannot run here (no way to act on the SUT, or the SUT does not claim the feature). */
export class SkipTest extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SkipTest';
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

/** `exec:<command>`: runs `<command> <action> '<json args>'`; exit 0 means done. */
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
      const timer = setTimeout(() => { child.kill(); reject(new Error(`action ${name} did not finish within ${timeoutMs} ms`)); }, timeoutMs);
      child.on('error', (err) => { clearTimeout(timer); reject(new Error(`action ${name}: ${err.message}`)); });
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`action ${name} failed (exit ${code})${stderr ? `: ${stderr.trim().split('\n')[0]}` : ''}`));
      });
    }),
  };
}

/** `interactive`: asks a person at the terminal to do it and press Enter. */
export function interactiveProvider(): ActionProvider {
  return {
    description: 'interactive',
    act: (name, args) => new Promise((resolve) => {
      const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
      rl.question(`\n>>> Operator action: ${name} ${JSON.stringify(args)} — do it, then press Enter `, () => {
        rl.close();
        resolve();
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
  constructor(private readonly provider: ActionProvider | undefined) {}

  get canAct(): boolean {
    return !!this.provider;
  }

  async act(name: string, args: Record<string, unknown> = {}): Promise<void> {
    if (!this.provider) throw new SkipTest(`needs operator action "${name}" and no action provider is configured (--actions)`);
    await this.provider.act(name, args);
  }
}
