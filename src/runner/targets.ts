import { spawn, type ChildProcess } from 'node:child_process';
import type { OcppVersion } from '../ocpp/versions.js';
import type { SutProfile } from '../harness/config.js';
import type { CsmsHarness } from '../harness/csms-harness.js';
import type { BrokenStates } from '../harness/peer.js';
import type { ActionProvider } from '../harness/operator.js';
import { OcppServer } from '../transport/server.js';
import { Faults, createReferenceStation, startReferenceCsms, type ReferenceCsms } from '../reference/index.js';
import { killOnExit } from './interrupt.js';

/** One identity the harness may use or expect: a station ID and, for security profile 1, its password. */
export interface StationIdentity { id: string; password?: string }

/**
 * Station identities for test cases running at the same time: each running test case holds one, so two
 * never share a station ID on the SUT. Its size bounds the parallelism against that target.
 */
export class StationPool {
  private readonly free: StationIdentity[];
  private readonly waiting: ((s: StationIdentity) => void)[] = [];

  constructor(readonly identities: StationIdentity[]) {
    this.free = [...identities];
  }

  get size(): number {
    return this.identities.length;
  }

  take(): Promise<StationIdentity> {
    const s = this.free.shift();
    return s ? Promise.resolve(s) : new Promise((resolve) => this.waiting.push(resolve));
  }

  give(s: StationIdentity): void {
    const next = this.waiting.shift();
    if (next) next(s);
    else this.free.push(s);
  }
}

/** `CP{n}` with n = 1..count, or an explicit list; `{n}` absent and count > 1 numbers the ID itself. */
export function stationIdentities(spec: string | (string | StationIdentity)[] | undefined, count: number, fallback: StationIdentity): StationIdentity[] {
  if (Array.isArray(spec)) return spec.map((s) => (typeof s === 'string' ? { id: s, password: fallback.password } : { password: fallback.password, ...s }));
  if (count <= 1) return [fallback];
  const pattern = spec ?? `${fallback.id}-{n}`;
  return Array.from({ length: count }, (_, i) => ({ id: pattern.replaceAll('{n}', String(i + 1)), password: fallback.password }));
}

/** A running system under test for one test case. */
export interface SutInstance {
  provider?: ActionProvider;
  stop(): Promise<void>;
}

/** A charging station under test: the harness listens, the station connects. */
export interface CsTarget {
  role: 'CS';
  profile: SutProfile;
  server: OcppServer;
  /** Start (or wait for) the SUT for one test case. */
  startSut(harness: CsmsHarness): Promise<SutInstance>;
  describe: string;
  /** Reusable states not reached in this run (see Peer.reusableState). */
  brokenStates: BrokenStates;
  /** Station identities for parallel test cases (chargers started per test case); none: one at a time. */
  stationPool?: StationPool;
  /**
   * A user's charger: when it never connected in the first test case that waits for it, the run ends (exit 2)
   * with one line saying where it should connect, instead of every test case waiting bootTimeoutMs.
   */
  giveUpIfNeverConnected?: boolean;
  close(): Promise<void>;
}

/** A CSMS under test: the harness connects to its URL as a station. */
export interface CsmsTarget {
  role: 'CSMS';
  profile: SutProfile;
  url: string;
  provider?: ActionProvider;
  /** The reference CSMS accepts any station ID, so each test gets its own and shares no state. */
  freshStationIds?: boolean;
  describe: string;
  brokenStates: BrokenStates;
  /**
   * The operator's settings (the answer to the next boot, ...) apply to one station ID, as in the reference CSMS:
   * test cases marked exclusive need not run alone.
   */
  operatorPerStation?: boolean;
  /** Station identities registered at the CSMS for parallel test cases; none: the profile's one. */
  stationPool?: StationPool;
  close(): Promise<void>;
}

export type Target = CsTarget | CsmsTarget;

export interface ListenSpec { host: string; port: number; path: string }

export function parseListen(url: string): ListenSpec {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--listen ${url} is not a URL (example: ws://127.0.0.1:9000/ocpp)`);
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new Error(`--listen ${url} must start with ws:// or wss://`);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 80), path: u.pathname.replace(/\/$/, '') || '/ocpp' };
}

let stationCounter = 0;

/** A station ID no other test case of this process has used. */
export function nextStationId(prefix: string): string {
  return `${prefix}-${++stationCounter}`;
}

/** The built-in reference charging station, started fresh for every test case. */
export async function referenceCsTarget(profile: SutProfile, faults: Faults): Promise<CsTarget> {
  const server = await OcppServer.listen({
    host: '127.0.0.1', port: 0, path: '/ocpp', version: profile.ocpp, passwordFor: () => profile.basicAuthPassword,
  });
  return {
    role: 'CS', profile, server, describe: `reference charging station (OCPP ${profile.ocpp})`, brokenStates: new Map(),
    async startSut(harness) {
      // A fresh station ID per test keeps a late reconnect of the previous station out of this test.
      harness.profile.stationId = nextStationId('REF-CS');
      const station = createReferenceStation({
        url: harness.stationUrl, version: profile.ocpp, evses: profile.evses, faults, reconnectDelayMs: 100,
        password: profile.basicAuthPassword, optional: profile.features,
      });
      void station.start();
      return { provider: { description: 'reference', act: (n, a) => station.act(n, a) }, stop: () => station.stop() };
    },
    close: () => server.close(),
  };
}

/** A charger the user runs: started per test by --sut-cmd, or already running and pointed at our URL. */
export async function externalCsTarget(profile: SutProfile, listen: ListenSpec, sutCmd: string | undefined,
  provider: ActionProvider | undefined): Promise<CsTarget> {
  const server = await OcppServer.listen({
    host: listen.host, port: listen.port, path: listen.path, version: profile.ocpp,
    passwordFor: profile.basicAuthPassword === undefined ? undefined : () => profile.basicAuthPassword,
  });
  return {
    role: 'CS', profile, server, brokenStates: new Map(), giveUpIfNeverConnected: true,
    describe: sutCmd ? `charger started by: ${sutCmd}` : `charger connecting to ${server.url}/<id>`,
    async startSut(harness) {
      if (!sutCmd) return { provider, stop: async () => undefined };
      const command = sutCmd.replaceAll('{url}', harness.stationUrl).replaceAll('{stationId}', harness.profile.stationId);
      const child = spawnSut(command, harness);
      // Until it is stopped, a harness that exits for any reason takes the SUT's process group with it.
      const forget = child.pid === undefined ? () => false : killOnExit(child.pid);
      return { provider, stop: () => stopChild(child).finally(forget) };
    },
    close: () => server.close(),
  };
}

function spawnSut(command: string, harness: CsmsHarness): ChildProcess {
  const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let lastLine = '';
  const note = (d: Buffer) => {
    const text = d.toString().trimEnd();
    lastLine = text.split('\n').at(-1)?.trim().slice(0, 200) ?? lastLine;
    harness.log.event(`sut: ${text.slice(0, 300)}`);
  };
  child.stdout?.on('data', note);
  child.stderr?.on('data', note);
  child.on('error', (err) => {
    harness.sutEnded = `could not start: ${err.message}`;
    harness.log.event(`sut command failed to start: ${err.message}`);
  });
  if (child.pid !== undefined) harness.log.event(`sut command started (process group ${child.pid})`);
  child.on('exit', (code, signal) => {
    harness.sutEnded = `${signal ? `ended by ${signal}` : `exited with code ${code}`}${lastLine ? `: ${lastLine}` : ''}`;
    harness.log.event(`sut command ended (${signal ?? `exit code ${code}`})`);
  });
  return child;
}

/**
 * Stop the SUT's whole process group (the shell and what it started): SIGTERM, then SIGKILL after 2 s. The group
 * is signalled even when the shell itself has exited, since its children may live on.
 */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return Promise.resolve();
  const pgid = child.pid;
  const alive = () => { try { process.kill(-pgid, 0); return true; } catch { return false; } };
  if (!alive()) return Promise.resolve();
  return new Promise((resolve) => {
    const poll = setInterval(() => { if (!alive()) finish(); }, 50);
    const timer = setTimeout(() => {
      try { process.kill(-pgid, 'SIGKILL'); } catch { /* already gone */ }
      finish();
    }, 2000);
    const finish = () => { clearInterval(poll); clearTimeout(timer); resolve(); };
    try { process.kill(-pgid, 'SIGTERM'); } catch { finish(); }
  });
}

/** The built-in reference CSMS, started once per run; each test case uses a fresh station ID. */
export async function referenceCsmsTarget(profile: SutProfile, faults: Faults): Promise<CsmsTarget & { csms: ReferenceCsms }> {
  const csms = await startReferenceCsms({
    host: '127.0.0.1', port: 0, path: '/ocpp', version: profile.ocpp, faults,
    heartbeatIntervalS: profile.timing.heartbeatIntervalS, retryIntervalS: profile.timing.retryIntervalS,
    idTokens: profile.idTokens,
    passwordFor: () => profile.basicAuthPassword,
  });
  return {
    role: 'CSMS', profile, url: csms.url, csms, describe: `reference CSMS (OCPP ${profile.ocpp})`, brokenStates: new Map(),
    provider: { description: 'reference', act: (name, args) => csms.act(name, args) },
    freshStationIds: true,
    operatorPerStation: true,
    close: () => csms.stop(),
  };
}

export function versionsOf(spec: string | undefined): OcppVersion[] {
  if (!spec) return ['2.0.1', '1.6'];
  return spec.split(',').map((v) => {
    if (v !== '1.6' && v !== '2.0.1') throw new Error(`--ocpp ${v}: use 1.6 or 2.0.1`);
    return v;
  });
}
