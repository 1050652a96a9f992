// B09/B10 (2.0.1): network connection profiles (stored, made first priority, migrated to, fallen back from), and
// Part 4 section 5.3: reconnecting with a back-off after the connection was lost. Charging station under test,
// except the B09 CSMS test cases at the end.
import net from 'node:net';
import { testCase, type CsTestCase, type CsmsContext, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { OcppConnection } from '../../src/transport/connection.js';
import { OcppServer } from '../../src/transport/server.js';
import { NET } from '../../src/reference/station/network.js';
import { OF } from '../../src/reference/station/offline.js';
import { SEC } from '../../src/reference/station/security.js';
import { NETF } from '../../src/reference/csms/network.js';
import { establishSetting, writeSetting } from './settings.js';
import { listsRoot } from './additional-root-steps.js';
import { CERT201 } from '../../src/reference/station/certificates201.js';
import { readChain } from '../../src/security/csr.js';
import { getVariables } from './variables-steps.js';
import { freeSlot, networkProfile, slotsOf } from './security-profile-steps.js';

const comm = (variable: string) => ({ v16: '', component: 'OCPPCommCtrlr', variable });

/** The preparation's OCPPCommCtrlr values (settings.ts: a refused required one fails, an optional one is inconclusive). */
async function prepare(csms: CsmsHarness, values: Record<string, number>): Promise<void> {
  for (const [variable, value] of Object.entries(values)) await establishSetting(csms, '2.0.1', comm(variable), String(value));
}

async function readNumber(csms: CsmsHarness, variable: string, fallback: number): Promise<number> {
  const [result] = await getVariables(csms, [{ cv: { component: 'OCPPCommCtrlr', variable } }]);
  const n = Number(result?.attributeValue);
  return result?.attributeStatus === 'Accepted' && Number.isFinite(n) ? n : fallback;
}

/** The security profile of the harness endpoint the station uses now. */
function activeProfile(csms: CsmsHarness): 1 | 2 | 3 {
  const tls = csms.server.options.tls;
  return tls ? (tls.requestClientCert ? 3 : 2) : 1;
}

/** A second endpoint like the one the station uses (same security profile, same server certificate, so same root). */
async function secondEndpoint(csms: CsmsHarness): Promise<OcppServer> {
  const server = await OcppServer.listen({ ...csms.server.options, port: 0 });
  csms.listenAlsoOn(server);
  return server;
}

/** One connection attempt of the station: where, whether the harness took it, when (performance.now()). */
interface Attempt { where: 'current' | 'new'; accepted: boolean; at: number }

/**
 * The station's connection attempts on the harness's current endpoint and on the endpoint of the new profile, in
 * order. The new profile's endpoint either takes connections (an OcppServer) or takes each TCP connection and closes
 * it at once (`unreachable`): nothing answers there, as the documents' "the OCTT will not respond".
 */
class Attempts {
  readonly list: Attempt[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly undo: (() => void)[] = [];
  private dead?: net.Server;
  /** The URL of the new profile's endpoint (set by `unreachable` or `also`). */
  url = '';

  constructor(private readonly csms: CsmsHarness) {
    this.watch(csms.server, 'current');
  }

  private get stationId(): string {
    return this.csms.session?.conn.stationId ?? this.csms.profile.stationId;
  }

  private push(attempt: Attempt): void {
    this.list.push(attempt);
    for (const w of [...this.waiters]) w();
  }

  private watch(server: OcppServer, where: Attempt['where']): void {
    const onConnection = (conn: OcppConnection) => { if (conn.stationId === this.stationId) this.push({ where, accepted: true, at: performance.now() }); };
    const onRejected = (_reason: string, id: string | undefined) => { if (id === this.stationId) this.push({ where, accepted: false, at: performance.now() }); };
    server.on('connection', onConnection);
    server.on('rejected', onRejected);
    this.undo.push(() => { server.off('connection', onConnection); server.off('rejected', onRejected); });
  }

  /** The new profile's endpoint is a second harness endpoint that takes the station. */
  also(server: OcppServer): void {
    this.url = server.url;
    this.watch(server, 'new');
  }

  /** The new profile's endpoint takes nothing: every attempt there fails at once. */
  async unreachable(): Promise<void> {
    const server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.destroy();
      this.csms.log.event(`the harness closes connection attempt ${this.list.filter((a) => a.where === 'new').length + 1} to the new network profile's endpoint`);
      this.push({ where: 'new', accepted: false, at: performance.now() });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, this.csms.server.options.host, () => resolve());
    });
    this.dead = server;
    const current = new URL(this.csms.server.url);
    this.url = `${current.protocol}//${current.hostname.includes(':') ? `[${current.hostname}]` : current.hostname}:${(server.address() as net.AddressInfo).port}${current.pathname.replace(/\/$/, '')}`;
  }

  /** Refuse this station's next handshake on the current endpoint (a "connection attempt not accepted"). */
  refuseNextOnCurrent(): void {
    // The server keeps an override until a handshake passes; this one is withdrawn by the refusal it makes.
    let withdraw = () => undefined as void;
    const refuseOnce = () => {
      withdraw();
      this.csms.log.event('the harness does not accept this connection attempt (refused at the handshake, HTTP 400)');
      return false as const;
    };
    withdraw = this.csms.server.answerNextHandshake(this.stationId, refuseOnce);
    this.undo.push(withdraw);
  }

  /** Wait until `done` finds what it looks for in the attempts so far (checked at each attempt); undefined after `within` ms. */
  until<T>(done: (list: Attempt[]) => T | undefined, within: number): Promise<T | undefined> {
    const now = done(this.list);
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const finish = (value: T | undefined) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(value);
      };
      const check = () => {
        const found = done(this.list);
        if (found !== undefined) finish(found);
      };
      const timer = setTimeout(() => finish(undefined), within);
      this.waiters.add(check);
    });
  }

  async close(): Promise<void> {
    for (const u of this.undo) u();
    const dead = this.dead;
    if (dead) await new Promise<void>((resolve) => dead.close(() => resolve()));
  }
}

/**
 * Steps 1-6 of the migration test cases: a network profile for `url` (the active security profile) in a free slot,
 * NetworkConfigurationPriority "<new slot>,<old slot>", and Reset OnIdle when the station answers RebootRequired or
 * does not reboot by itself. Returns the connection count and time before the reboot.
 */
async function migrate(csms: CsmsHarness, url: string): Promise<{ before: number; from: number }> {
  const [read] = await getVariables(csms, [{ cv: { component: 'OCPPCommCtrlr', variable: 'NetworkConfigurationPriority' } }]);
  if (read?.attributeStatus !== 'Accepted') {
    throw new Verdict(`OCPPCommCtrlr.NetworkConfigurationPriority must be readable, got ${String(read?.attributeStatus)}`, 'OCPP 2.0.1 Part 2, Referenced Components and Variables: required variable');
  }
  const priority = slotsOf(String(read.attributeValue ?? ''));
  const configured = priority[0] ?? 0;
  const slot = freeSlot(priority);
  const stored = await csms.call('SetNetworkProfile', networkProfile(slot, url, activeProfile(csms)));
  if (stored.status === 'Rejected') {
    throw new Inconclusive(`the station refused a network profile in slot ${slot} (after those in NetworkConfigurationPriority ${priority.join(',')}): the prerequisite "at least two configuration slots" does not seem to hold`);
  }
  if (stored.status !== 'Accepted') throw new Verdict(`a valid network profile in the free slot ${slot} must be Accepted, got ${String(stored.status)}`, 'B09.FR.01');
  const status = await writeSetting(csms, '2.0.1', comm('NetworkConfigurationPriority'), `${slot},${configured}`);
  if (status !== 'Accepted' && status !== 'RebootRequired') {
    throw new Verdict(`NetworkConfigurationPriority "${slot},${configured}" (both slots hold profiles) must be Accepted or RebootRequired, got ${status}`, 'B10.FR.01');
  }
  const before = csms.connectionCount;
  const from = Date.now();
  const rebooted = status === 'Accepted' && await csms.waitForDisconnect(csms.profile.timing.callTimeoutMs).then(() => true, () => false);
  if (!rebooted) {
    const reset = await csms.call('Reset', { type: 'OnIdle' });
    if (reset.status !== 'Accepted') throw new Verdict(`Reset OnIdle of an idle station must be Accepted, got ${String(reset.status)}`);
  }
  return { before, from };
}

/** The BootNotification after the migration, on a connection the harness took (step "Reusable State Booted"). */
async function bootedAgain(csms: CsmsHarness, from: number, before: number, within?: number): Promise<void> {
  const boot = await csms.expectCall('BootNotification', { after: from, within: within ?? csms.profile.timing.rebootTimeoutMs }).catch((err: Error) => {
    throw err instanceof Verdict ? new Verdict(`the station did not boot again after the migration: ${err.message}`) : err;
  });
  if (boot.connection <= before) throw new Verdict('the BootNotification after the reset came on the old connection: a reboot must reconnect');
}

/** The back-off the station is configured with (s): RetryBackOffWaitMinimum, RandomRange, RepeatTimes. */
async function backoffOf(csms: CsmsHarness): Promise<{ waitS: number; rangeS: number; repeat: number }> {
  return {
    waitS: await readNumber(csms, 'RetryBackOffWaitMinimum', 0),
    rangeS: await readNumber(csms, 'RetryBackOffRandomRange', 0),
    repeat: await readNumber(csms, 'RetryBackOffRepeatTimes', 0),
  };
}

/** TC_B_45: the new profile (a second harness endpoint, same root) is first; after the reset the station boots there. */
export function migrateSuccessCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B10', variant: 'migrate-success', ocpp: '2.0.1', sut: 'CS', octt,
    title: 'Migrate to a new network connection profile (same CSMS root): stored, first priority, reset, the station boots at the new URL',
    killedBy: [SEC.staysAtOldProfile],
    async run({ csms }) {
      await csms.booted();
      const attempts = new Attempts(csms);
      const server = await secondEndpoint(csms);
      attempts.also(server);
      try {
        const { before, from } = await migrate(csms, server.url);
        await bootedAgain(csms, from, before);
        const first = attempts.list[0];
        if (!first || first.where !== 'new' || !csms.session || csms.session.conn.closed || !server.connections.has(csms.session.conn)) {
          throw new Verdict(`after the reset the station must connect with its first-priority network profile (${server.url}), it came back at its old URL`, 'B10.FR.04');
        }
      } finally {
        await attempts.close();
        await server.close();
      }
    },
  });
}

/**
 * TC_B_50: at security profile 2, the harness installs a new CSMS root (M05) and opens a second endpoint whose server
 * certificate that root issued; after the migration the station must connect there, trusting the new root.
 */
export function migrateNewRootCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B10', variant: 'migrate-new-root', ocpp: '2.0.1', sut: 'CS', octt, needs: ['security-profile-2', 'certificate-management'], securityProfile: 2,
    title: 'Migrate to a new CSMS whose certificate a newly installed CSMS root issued: the station connects there, trusting that root',
    killedBy: [NET.installedRootUnused, SEC.staysAtOldProfile],
    async run({ csms }) {
      await csms.booted();
      const tls = csms.server.options.tls;
      if (!tls) throw new Inconclusive('the station is not connected at security profile 2 or 3 (the prerequisite of this test case)');
      if (!csms.pki) throw new Inconclusive('the harness holds no test PKI in this run: it cannot make a second CSMS root');
      const root = await csms.pki.newCsmsRoot();
      // Memory state CertificateInstalled (M05): the new CSMS root.
      const installed = await csms.call('InstallCertificate', { certificateType: 'CSMSRootCertificate', certificate: root.ca });
      if (installed.status !== 'Accepted') throw new Inconclusive(`the memory state "new CSMS root installed" could not be established: InstallCertificate answered ${String(installed.status)}`);
      const attempts = new Attempts(csms);
      const server = await OcppServer.listen({ ...csms.server.options, port: 0, tls: { ...tls, cert: root.server.cert, key: root.server.key } });
      csms.listenAlsoOn(server);
      attempts.also(server);
      try {
        const { before, from } = await migrate(csms, server.url);
        await bootedAgain(csms, from, before);
        if (!csms.session || csms.session.conn.closed || !server.connections.has(csms.session.conn)) {
          throw new Verdict(`after the reset the station must connect to the new CSMS (${server.url}), validating its certificate with the installed new CSMS root; it came back at its old URL`, 'M05.FR.13');
        }
      } finally {
        await attempts.close();
        await server.close();
      }
    },
  });
}

/**
 * TC_B_46: NetworkProfileConnectionAttempts 2; the new first-priority profile's endpoint takes nothing; the station
 * must try it exactly twice, then fall back to the old profile (the harness's current endpoint) and boot there.
 */
export function migrateFallbackCs(octt: OcttClaim[]) {
  const tries = 2;
  return testCase<CsTestCase>({
    useCase: 'B10', variant: 'fallback', ocpp: '2.0.1', sut: 'CS', octt,
    title: `Migrate to a network connection profile that does not answer: after NetworkProfileConnectionAttempts (${tries}) the station falls back to the previous one`,
    killedBy: [NET.noFallback, NET.earlyFallback],
    async run({ csms, profile }) {
      await csms.booted();
      await prepare(csms, { NetworkProfileConnectionAttempts: tries });
      const { waitS, rangeS, repeat } = await backoffOf(csms);
      const attempts = new Attempts(csms);
      await attempts.unreachable();
      try {
        const { before, from } = await migrate(csms, attempts.url);
        // Between attempts a station may wait its back-off (at most doubled RepeatTimes times) plus the random range.
        const within = profile.timing.rebootTimeoutMs + tries * (waitS * 2 ** Math.min(tries, repeat) + rangeS) * 1000;
        const outcome = await attempts.until((list) => {
          const dead = list.filter((a) => a.where === 'new').length;
          if (dead > tries) return 'too-many' as const;
          return list.some((a) => a.where === 'current') ? 'current' as const : undefined;
        }, within);
        const onNew = attempts.list.filter((a) => a.where === 'new').length;
        if (outcome === 'too-many') {
          throw new Verdict(`with NetworkProfileConnectionAttempts ${tries} the station tried the failing first-priority profile ${onNew} times without falling back to the next one in NetworkConfigurationPriority`, 'B10.FR.03');
        }
        if (outcome === undefined) {
          throw new Verdict(`the station did not fall back to the previous network profile within ${within} ms (${onNew} attempt(s) at the failing one)`, 'B10.FR.03');
        }
        if (onNew === 0) {
          throw new Verdict('after the reset the station must try its first-priority network profile first; it came back with the previous one at once', 'B10.FR.04');
        }
        if (onNew < tries) {
          throw new Verdict(`with NetworkProfileConnectionAttempts ${tries} the station fell back after ${onNew} attempt(s) at the first-priority profile`, 'B10.FR.03');
        }
        await bootedAgain(csms, from, before, within);
      } finally {
        await attempts.close();
      }
    },
  });
}

/**
 * TC_B_49 (C-47): NetworkProfileConnectionAttempts 1, no doubling, no random part. The new profile fails, the
 * previous one is refused once by the harness; the next accepted attempt must come no earlier than
 * RetryBackOffWaitMinimum after the refused one.
 */
export function fallbackBackoffCs(octt: OcttClaim[]) {
  const waitS = 2;
  return testCase<CsTestCase>({
    useCase: 'B10', variant: 'fallback-backoff', ocpp: '2.0.1', sut: 'CS', octt, needs: ['C-47'],
    title: 'Every network profile failed once (NetworkProfileConnectionAttempts 1): the station starts again after RetryBackOffWaitMinimum',
    killedBy: [NET.noFallback, NET.fallbackNoBackoff],
    async run({ csms, profile }) {
      await csms.booted();
      await prepare(csms, { NetworkProfileConnectionAttempts: 1, RetryBackOffRepeatTimes: 0, RetryBackOffRandomRange: 0, RetryBackOffWaitMinimum: waitS });
      const attempts = new Attempts(csms);
      await attempts.unreachable();
      try {
        attempts.refuseNextOnCurrent();
        const { before, from } = await migrate(csms, attempts.url);
        const within = profile.timing.rebootTimeoutMs + waitS * 1000;
        // Steps 7-10: the new profile first, then the previous one (refused by the harness).
        const refused = await attempts.until((list) => {
          if (list.filter((a) => a.where === 'new').length > 1 && !list.some((a) => a.where === 'current')) return 'no-fallback' as const;
          return list.find((a) => a.where === 'current');
        }, within);
        if (refused === 'no-fallback') throw new Verdict('with NetworkProfileConnectionAttempts 1 the station tried the failing first-priority profile again instead of falling back to the previous one', 'B10.FR.03');
        if (!refused) throw new Verdict(`the station did not fall back to the previous network profile within ${within} ms`, 'B10.FR.03');
        if (refused.accepted) throw new Inconclusive('the harness could not refuse the connection attempt with the previous network profile (step 10)');
        if (!attempts.list.some((a) => a.where === 'new' && a.at <= refused.at)) {
          throw new Verdict('after the reset the station must try its first-priority network profile first; it went to the previous one at once', 'B10.FR.04');
        }
        // Steps 11-12: the accepted attempt, after the back-off.
        const accepted = await attempts.until((list) => list.find((a) => a.where === 'current' && a.accepted), within);
        if (!accepted) throw new Verdict(`after every network profile failed the station did not connect again within ${within} ms`, 'B10.FR.07');
        const waited = accepted.at - refused.at;
        if (waited < waitS * 1000 - profile.timing.toleranceMs) {
          throw new Verdict(`after every network profile failed the station must wait RetryBackOffWaitMinimum (${waitS} s) before connecting again; it did after ${Math.round(waited)} ms`, 'B10.FR.07');
        }
        await bootedAgain(csms, from, before);
      } finally {
        await attempts.close();
      }
    },
  });
}

/** TC_B_43: a network profile for a configuration slot the station does not have (999) is Rejected. */
export function invalidSlotCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B09', variant: 'rejected', ocpp: '2.0.1', sut: 'CS', octt,
    title: 'SetNetworkProfile for configuration slot 999 (not one of the station\'s) is Rejected',
    killedBy: [NET.anySlot],
    async run({ csms }) {
      await csms.booted();
      const answer = await csms.call('SetNetworkProfile', networkProfile(999, csms.server.url, activeProfile(csms)));
      if (answer.status !== 'Rejected') throw new Verdict(`a network profile for configuration slot 999 must be Rejected, got ${String(answer.status)}`, 'B09.FR.02');
    },
  });
}

/**
 * TC_B_57 (Part 4 section 5.3): RetryBackOffRepeatTimes 2, RandomRange 0, WaitMinimum W. The harness drops the
 * connection: the station reconnects after at least W. It drops it again and refuses the next attempt (at least W
 * after the drop): the attempt after that must wait at least twice as long as the refused one did.
 */
export function reconnectBackoffCs(octt: OcttClaim[]) {
  const waitS = 2;
  const rule = 'OCPP 2.0.1 Part 4 section 5.3 (reconnecting)';
  return testCase<CsTestCase>({
    useCase: 'B04', variant: 'reconnect-backoff', ocpp: '2.0.1', sut: 'CS', octt,
    title: 'After a lost connection the station reconnects after RetryBackOffWaitMinimum, and doubles the wait after a refused attempt',
    killedBy: [OF.noReconnect, OF.ignoresBackoff, NET.noDoubling],
    async run({ csms, profile }) {
      await csms.booted();
      await prepare(csms, { RetryBackOffRepeatTimes: 2, RetryBackOffRandomRange: 0, RetryBackOffWaitMinimum: waitS });
      const within = waitS * 3 * 1000 + profile.timing.bootTimeoutMs;
      const attempts = new Attempts(csms);
      try {
        const next = async (after: number, what: string) => {
          const found = await attempts.until((list) => list.slice(after).find((a) => a.where === 'current'), within);
          if (!found) throw new Verdict(`${what}: the station did not try to reconnect within ${within} ms`, rule);
          return found;
        };
        // Steps 1-3.
        let dropped = performance.now();
        csms.dropConnection();
        const first = await next(0, 'after the CSMS closed the connection');
        if (first.at - dropped < waitS * 1000 - profile.timing.toleranceMs) {
          throw new Verdict(`RetryBackOffWaitMinimum is ${waitS} s, the station reconnected after ${Math.round(first.at - dropped)} ms`, rule);
        }
        await csms.waitForConnection(profile.timing.callTimeoutMs);
        // Steps 4-6: the next attempt is refused.
        attempts.refuseNextOnCurrent();
        const seen = attempts.list.length;
        dropped = performance.now();
        csms.dropConnection();
        const refused = await next(seen, 'after the CSMS closed the connection a second time');
        const firstWait = refused.at - dropped;
        if (firstWait < waitS * 1000 - profile.timing.toleranceMs) {
          throw new Verdict(`RetryBackOffWaitMinimum is ${waitS} s, the station tried to reconnect after ${Math.round(firstWait)} ms`, rule);
        }
        if (refused.accepted) throw new Inconclusive('the harness could not refuse the reconnection attempt');
        // Steps 7-8.
        const again = await next(attempts.list.indexOf(refused) + 1, 'after its reconnection attempt was refused');
        const secondWait = again.at - refused.at;
        // Twice the tolerance: a late timestamp of the refused attempt lengthens the first wait and shortens the second.
        if (secondWait < 2 * firstWait - 2 * profile.timing.toleranceMs) {
          throw new Verdict(`after a refused reconnection the back-off must double: the first wait was ${Math.round(firstWait)} ms, the next ${Math.round(secondWait)} ms`, rule);
        }
        if (!again.accepted) throw new Verdict('the harness refused a reconnection it meant to accept');
      } finally {
        await attempts.close();
      }
    },
  });
}

// ---- CSMS under test ----------------------------------------------------------------------------------------------

/** The operator has the CSMS send SetNetworkProfile (slot 1, the station's security profile); the harness answers `status`. */
async function csmsSetsProfile(ctx: CsmsContext, status: string) {
  const { station, sut, profile } = ctx;
  await station.booted();
  station.answer('SetNetworkProfile', { status });
  const securityProfile = profile.securityProfile ?? 1;
  const acting = sut.act('setNetworkProfile', { stationId: profile.stationId, configurationSlot: 1, securityProfile });
  acting.catch(() => undefined);
  const call = await station.expectCall('SetNetworkProfile');
  await acting;
  return { call, securityProfile };
}

/** TC_B_42_CSMS: the SetNetworkProfile carries the configured slot, URL and security profile, JSON over OCPP 2.0. */
export function setProfileCsms(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B09', variant: 'accepted', ocpp: '2.0.1', sut: 'CSMS', octt, actions: ['setNetworkProfile'],
    title: 'The CSMS sets a network connection profile (the station accepts it): slot, URL, OCPP20 over JSON, security profile as configured',
    killedBy: [NETF.wrongVersion, NETF.wrongTransport],
    async run(ctx) {
      const { station } = ctx;
      const { call, securityProfile } = await csmsSetsProfile(ctx, 'Accepted');
      const data = (call.payload.connectionData ?? {}) as Payload;
      if (call.payload.configurationSlot !== 1) throw new Verdict(`the network profile must go to the configured slot 1, it went to ${String(call.payload.configurationSlot)}`, 'B09');
      if (data.ocppVersion !== 'OCPP20') throw new Verdict(`a network profile for a 2.0.1 station must say ocppVersion OCPP20, it says ${String(data.ocppVersion)}`, 'B09');
      if (data.ocppTransport !== 'JSON') throw new Verdict(`the network profile must say ocppTransport JSON (OCPP-J), it says ${String(data.ocppTransport)}`, 'B09');
      if (data.securityProfile !== securityProfile) throw new Verdict(`the network profile must be for the configured security profile ${securityProfile}, it is for ${String(data.securityProfile)}`, 'B09');
      const expected = station.endpoints?.[securityProfile];
      const url = String(data.ocppCsmsUrl).replace(/\/$/, '');
      if (expected && url !== expected.replace(/\/$/, '')) throw new Verdict(`the network profile must name the CSMS's configured URL ${expected}, it names ${url}`, 'B09');
      if (!expected && !/^wss?:\/\//.test(url)) throw new Verdict(`ocppCsmsUrl must be a ws:// or wss:// URL, it is ${url}`, 'B09');
    },
  });
}

/** TC_B_44_CSMS: the station answers Failed; that is an ordinary answer, and the CSMS goes on serving the station. */
export function setProfileFailedCsms(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B09', variant: 'failed', ocpp: '2.0.1', sut: 'CSMS', octt, actions: ['setNetworkProfile'],
    title: 'The CSMS sets a network connection profile and the station answers Failed: the CSMS goes on serving the station',
    killedBy: [NETF.dropsOnFailed],
    async run(ctx) {
      const { station } = ctx;
      await csmsSetsProfile(ctx, 'Failed');
      const answer = await station.call('Heartbeat', {}).catch((err: Error) => {
        if (err instanceof Inconclusive) throw err;
        throw new Verdict(`after a SetNetworkProfile answered Failed (B09.FR.03) the CSMS must go on serving the station; its Heartbeat got no answer: ${err.message}`, 'B09.FR.03');
      });
      if (typeof answer.currentTime !== 'string') throw new Verdict('the Heartbeat after SetNetworkProfile Failed must be answered with currentTime');
    },
  });
}

/**
 * TC_B_47_CS (AS-2): a new CSMS root (signed by the old one) is installed, NetworkProfileConnectionAttempts is 1 and a
 * new first-priority profile points at a second harness endpoint whose certificate the old root issued. The
 * station's attempt there validates with the new root and fails; it must fall back to the previous profile, validate
 * with the old (fallback) root, boot, and still list the old root.
 */
export function migrateNewRootFallbackCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B10', variant: 'new-root-fallback', ocpp: '2.0.1', sut: 'CS', octt, needs: ['security-profile-2', 'certificate-management', 'AS-2'], securityProfile: 2,
    title: 'Migrate to a new CSMS after installing a new CSMS root: its certificate fails with the new root, the station falls back to the previous profile and the old root',
    killedBy: [CERT201.newRootNoFallback, CERT201.newRootDropsOld, NET.noFallback],
    async run({ csms, profile }) {
      await csms.booted();
      const tls = csms.server.options.tls;
      if (!tls) throw new Inconclusive('the station is not connected at security profile 2 or 3 (the prerequisite of this test case)');
      if (!csms.pki?.authority) throw new Inconclusive('the harness holds no key of the CSMS root the station trusts: it cannot sign a new CSMS root with it');
      await prepare(csms, { NetworkProfileConnectionAttempts: 1 });
      const old = (await readChain(csms.pki.ca))[0]!;
      const root = await csms.pki.signedCsmsRoot();
      // Memory state CertificateInstalled: the new CSMS root 2.
      const installed = await csms.call('InstallCertificate', { certificateType: 'CSMSRootCertificate', certificate: root.ca });
      if (installed.status !== 'Accepted') throw new Inconclusive(`the memory state "new CSMS root installed" could not be established: InstallCertificate answered ${String(installed.status)}`);
      const { waitS, rangeS } = await backoffOf(csms);
      const attempts = new Attempts(csms);
      // Step 7: the new CSMS presents a certificate the old root issued.
      const server = await secondEndpoint(csms);
      attempts.also(server);
      let refusedOnNew = 0;
      const refused = () => { refusedOnNew++; };
      server.on('tlsFailure', refused);
      try {
        const { before, from } = await migrate(csms, server.url);
        const within = 2 * profile.timing.rebootTimeoutMs + (waitS + rangeS) * 1000;
        await bootedAgain(csms, from, before, within);
        if (csms.session && server.connections.has(csms.session.conn)) {
          throw new Verdict('the station accepted the new CSMS\'s certificate of the old root: after a new CSMS root was installed that attempt must validate with the new root only, and fail', 'M05.FR.15');
        }
        if (refusedOnNew === 0) throw new Verdict('after the reset the station must first try its new first-priority profile (and refuse its certificate); it came back with the previous one at once', 'B10.FR.04');
        // Steps 11-12.
        if (!(await listsRoot(csms, old, 'step 12'))) throw new Verdict('after falling back to the old CSMS root the station must keep it; GetInstalledCertificateIds does not list it', 'M05.FR.16');
      } finally {
        server.off('tlsFailure', refused);
        await attempts.close();
        await server.close();
      }
    },
  });
}
