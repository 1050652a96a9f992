import { spawn, type ChildProcess } from 'node:child_process';
import type { OcppVersion } from '../ocpp/versions.js';
import type { SecurityProfile, SutProfile } from '../harness/config.js';
import { REFERENCE_MESSAGE_TIMEOUT_S } from '../harness/config.js';
import type { ClientTls } from '../transport/client.js';
import type { TestPki } from '../security/pki.js';
import { loadTestPki, readSutTls, sutPki } from '../security/sut-tls.js';
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
  /** The harness's endpoint per security profile (the reference has all three; a real charger's is `server`). */
  servers?: Partial<Record<SecurityProfile, OcppServer>>;
  /** The run's test PKI (broken certificates for negative TLS test cases); absent when the harness cannot issue. */
  pki?: TestPki;
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
  /** The CSMS's endpoint per security profile (the reference has all three; a real CSMS's is `url`). */
  urls?: Partial<Record<SecurityProfile, string>>;
  /** TLS settings the harness's station uses at a profile (CA, its client certificate for profile 3). */
  stationTls?: (profile: SecurityProfile, stationId: string) => Promise<ClientTls | undefined>;
  pki?: TestPki;
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

/** The security profile a harness server runs: 3 asks for client certificates, 2 is TLS, else 1. */
export function securityProfileOf(server: OcppServer): SecurityProfile {
  return server.options.tls?.requestClientCert ? 3 : server.options.tls ? 2 : 1;
}

/** The built-in reference charging station, started fresh for every test case. */
export async function referenceCsTarget(profile: SutProfile, faults: Faults): Promise<CsTarget> {
  const base = { host: '127.0.0.1', port: 0, path: '/ocpp', version: profile.ocpp };
  const password = () => profile.basicAuthPassword;
  const pki = await loadTestPki();
  const server = await OcppServer.listen({ ...base, passwordFor: password });
  // Security profiles 2 and 3 each on a port of their own (1.6 security white paper A00.FR.006 allows this).
  const tls2 = await OcppServer.listen({ ...base, passwordFor: password, tls: { cert: pki.server.cert, key: pki.server.key } });
  const tls3 = await OcppServer.listen({ ...base, tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca, requestClientCert: true } });
  return {
    role: 'CS', profile, server, servers: { 1: server, 2: tls2, 3: tls3 }, pki,
    describe: `reference charging station (OCPP ${profile.ocpp})`, brokenStates: new Map(),
    async startSut(harness) {
      // A fresh station ID per test keeps a late reconnect of the previous station out of this test.
      harness.profile.stationId = nextStationId('REF-CS');
      const securityProfile = securityProfileOf(harness.server);
      // The CSMS root is installed at every profile: a station at profile 1 needs it to upgrade (A05).
      const tls = { ca: pki.ca, ...(securityProfile === 3 ? await pki.clientFor(harness.profile.stationId) : {}) };
      const station = createReferenceStation({
        url: harness.stationUrl, version: profile.ocpp, evses: profile.evses, faults, reconnectDelayMs: 100,
        password: securityProfile === 3 ? undefined : profile.basicAuthPassword, optional: profile.features, tls, securityProfile,
        messageTimeoutS: REFERENCE_MESSAGE_TIMEOUT_S,
        profileUrls: Object.fromEntries([server, tls2, tls3].map((s, i) => [i + 1, `${s.url}/${encodeURIComponent(harness.profile.stationId)}`])),
      });
      void station.start();
      return { provider: { description: 'reference', act: (n, a) => station.act(n, a) }, stop: () => station.stop() };
    },
    close: async () => {
      await Promise.all([server.close(), tls2.close(), tls3.close()]);
    },
  };
}

/** A charger the user runs: started per test by --sut-cmd, or already running and pointed at our URL. */
export async function externalCsTarget(profile: SutProfile, listen: ListenSpec, sutCmd: string | undefined,
  provider: ActionProvider | undefined): Promise<CsTarget> {
  const sp = profile.securityProfile ?? 1;
  const files = readSutTls(profile.tls);
  if (sp >= 2 && (!files.cert || !files.key)) throw new Error(`security profile ${sp} needs tls.cert and tls.key (the harness's server certificate) in the config`);
  if (sp === 3 && !files.ca) throw new Error('security profile 3 needs tls.ca (the root of the charger\'s client certificate) in the config');
  const server = await OcppServer.listen({
    host: listen.host, port: listen.port, path: listen.path, version: profile.ocpp,
    passwordFor: profile.basicAuthPassword === undefined || sp === 3 ? undefined : () => profile.basicAuthPassword,
    tls: sp >= 2 ? { cert: files.cert!, key: files.key!, ca: files.ca, requestClientCert: sp === 3 } : undefined,
  });
  return {
    role: 'CS', profile, server, servers: { [sp]: server }, pki: await sutPki(files), brokenStates: new Map(), giveUpIfNeverConnected: true,
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
  const pki = await loadTestPki();
  const csms = await startReferenceCsms({
    tlsEndpoints: { cert: [pki.server.cert, pki.serverRsa.cert], key: [pki.server.key, pki.serverRsa.key], ca: pki.ca },
    host: '127.0.0.1', port: 0, path: '/ocpp', version: profile.ocpp, faults,
    heartbeatIntervalS: profile.timing.heartbeatIntervalS, retryIntervalS: profile.timing.retryIntervalS,
    idTokens: profile.idTokens,
    passwordFor: () => profile.basicAuthPassword,
  });
  return {
    role: 'CSMS', profile, url: csms.url, csms, describe: `reference CSMS (OCPP ${profile.ocpp})`, brokenStates: new Map(),
    urls: csms.urls, pki,
    stationTls: async (sp, stationId) => (sp === 1 ? undefined : { ca: pki.ca, ...(sp === 3 ? await pki.clientFor(stationId) : {}) }),
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
