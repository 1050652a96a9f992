// Security profiles 2 and 3 (OCPP 2.0.1 A00; OCPP 1.6 security white paper): TLS with the CSMS's certificate, and
// mutual TLS with the station's client certificate, in both SUT roles. Requirement numbers are those of the
// official test cases (2.0.1 Part 6 lists A00.FR.3xx for profile 2 and A00.FR.4xx for profile 3).
import tls, { type PeerCertificate, type SecureVersion } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { testCase, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import type { StationHarness } from '../../src/harness/station-harness.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';
import type { ClientTls } from '../../src/transport/client.js';
import { OCPP_TLS12_CIPHERS } from '../../src/transport/server.js';
import type { BrokenKind } from '../../src/security/pki.js';
import type { ReceivedCall } from '../../src/harness/peer.js';
import { expectConnectorReports } from './boot-steps.js';
import { establishSetting } from './settings.js';

type Profile = 2 | 3;
const needsFor = (sp: Profile) => [`security-profile-${sp}`];
/** The station's TLS settings to talk to a profile's endpoint, with the version and cipher pinned. */
type Probe = { minVersion?: SecureVersion; maxVersion?: SecureVersion; ciphers?: string };

/** What a bare TLS handshake with the CSMS's endpoint gave (no WebSocket): the agreed cipher, or why it failed. */
async function tlsProbe(station: StationHarness, probe: Probe, base: ClientTls | undefined = station.tls): Promise<{ ok: true; cipher: string; version: string; cert: PeerCertificate } | { ok: false; why: string }> {
  const url = new URL(station.url);
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 443), servername: /^[\d.]+$|:/.test(url.hostname) ? undefined : url.hostname,
      ...base, ...probe, timeout: station.profile.timing.callTimeoutMs,
    });
    const done = (r: Parameters<typeof resolve>[0]) => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(r);
    };
    socket.once('secureConnect', () => {
      // TLS 1.3 reports a refused client certificate only after the handshake: read once before judging.
      const result = { ok: true as const, cipher: socket.getCipher().name, version: socket.getProtocol() ?? '?', cert: socket.getPeerCertificate() };
      socket.once('data', () => done(result));
      socket.once('end', () => done(result.version === 'TLSv1.3' && station.securityProfile === 3 ? { ok: false, why: 'connection closed right after the handshake' } : result));
      socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    });
    socket.once('error', (err) => done({ ok: false, why: err.message }));
    socket.once('timeout', () => done({ ok: false, why: 'no TLS answer in time' }));
  });
}

/** Open the OCPP connection with other TLS settings; whether the CSMS let it through. */
async function attempt(station: StationHarness, tlsOverride: ClientTls): Promise<{ accepted: boolean; why?: string }> {
  try {
    await station.connect({ tls: tlsOverride });
  } catch (err) {
    if (err instanceof Verdict) return { accepted: false, why: err.message };
    throw err;
  }
  // A TLS 1.3 server refuses a client certificate after the client thinks the handshake is done: an upgrade
  // that went through is an acceptance.
  await station.close();
  return { accepted: true };
}

/** The CSMS's certificate as the official tool checks it (serial, key size, commonName = the endpoint's FQDN). */
function checkServerCertificate(cert: PeerCertificate, host: string): void {
  if (!cert.raw) throw new Verdict('the CSMS presented no server certificate', 'A00.FR.306');
  const x = new X509Certificate(cert.raw);
  if (!x.serialNumber) throw new Verdict('the CSMS certificate has no serial number');
  const key = x.publicKey;
  const bits = key.asymmetricKeyType === 'rsa' ? key.asymmetricKeyDetails?.modulusLength ?? 0 : 0;
  if (key.asymmetricKeyType === 'rsa' && bits < 2048) throw new Verdict(`the CSMS's RSA key has ${bits} bits; at least 2048 are required`);
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
    if (/192|secp160/.test(curve)) throw new Verdict(`the CSMS's elliptic-curve key (${curve}) is shorter than 224 bits`);
  }
  const cn = Array.isArray(cert.subject?.CN) ? cert.subject.CN : [cert.subject?.CN];
  // An endpoint addressed by IP address has no FQDN to compare: its certificate must name that address instead.
  if (/^[\d.]+$|:/.test(host)) {
    if (tls.checkServerIdentity(host, cert)) throw new Verdict(`the CSMS certificate does not name the endpoint's address ${host}`, 'A00.FR.308');
    return;
  }
  if (!cn.includes(host)) throw new Verdict(`the CSMS certificate's commonName (${cn.join(', ') || 'none'}) is not the endpoint's host name ${host}`, 'A00.FR.308');
}

/** CSMS side: it serves the profile's endpoint with TLS 1.2+, all four cipher suites, a proper certificate, and boots a station. */
export function tlsValidCsms(ocpp: OcppVersion, sp: Profile, octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'SEC', variant: sp === 2 ? 'tls-server-cert' : 'tls-client-cert', ocpp, sut: 'CSMS', octt, profile: 'security',
    needs: needsFor(sp), securityProfile: sp,
    title: sp === 2
      ? 'Security profile 2: the CSMS serves TLS 1.2+ with the required cipher suites and a valid certificate for its host name'
      : 'Security profile 3: the CSMS takes a valid client certificate, with the required cipher suites',
    killedBy: ['csms.ecdsa-only'],
    async run({ station }) {
      // Each suite the profiles name must be agreed on its own at TLS 1.2 (A00.FR.317 / Part 2 cipher list).
      for (const cipher of OCPP_TLS12_CIPHERS) {
        const r = await tlsProbe(station, { maxVersion: 'TLSv1.2', ciphers: cipher });
        if (!r.ok) throw new Verdict(`the CSMS does not support cipher suite ${cipher} at TLS 1.2: ${r.why}`, 'A00.FR.317');
        if (sp === 2) checkServerCertificate(r.cert, new URL(station.url).hostname);
      }
      await station.booted();
    },
  });
}

/** CSMS side, 2.0.1 TC_A_06_CSMS: a handshake offering only TLS 1.0/1.1 is refused; one with 1.2+ goes through. */
export function oldTlsCsms(ocpp: OcppVersion, sp: Profile, octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'SEC', variant: `tls-version-too-low-sp${sp}`, ocpp, sut: 'CSMS', octt, profile: 'security', needs: needsFor(sp), securityProfile: sp,
    title: 'Security profiles 2/3: the CSMS refuses a station that offers only TLS 1.0/1.1',
    killedBy: ['csms.accepts-tls-1.1'],
    async run({ station }) {
      const r = await tlsProbe(station, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' });
      if (r.ok) throw new Verdict(`the CSMS completed a TLS handshake with ${r.version}; only TLS 1.2 or above is allowed in OCPP 2.0.1`, 'A00.FR.314');
      await station.booted();
    },
  });
}

/** CSMS side, TC_A_08_CSMS: client certificates that are expired, not yet valid, from an unknown root or for another station are refused. */
export function invalidClientCertCsms(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'SEC', variant: 'tls-invalid-client-cert', ocpp, sut: 'CSMS', octt, profile: 'security', needs: needsFor(3), securityProfile: 3,
    title: 'Security profile 3: the CSMS refuses an expired, not yet valid, unknown-root or wrongly named client certificate',
    killedBy: ['csms.accepts-unverified-client-cert', 'csms.ignores-client-cert-name'],
    async run({ station, profile }) {
      const pki = station.pki;
      if (!pki) throw new Inconclusive('the harness has no certificate authority to issue broken client certificates with (configure tls.caKey)');
      const kinds: BrokenKind[] = ['expired', 'not-yet-valid', 'unknown-root', 'wrong-name'];
      for (const kind of kinds) {
        const broken = await pki.brokenCert(kind, 'client', profile.stationId);
        const r = await attempt(station, { ...station.tls, cert: broken.cert, key: broken.key });
        if (r.accepted) {
          throw new Verdict(`the CSMS accepted a connection with a client certificate that is ${kind === 'wrong-name' ? `issued to another station (${profile.stationId}-OTHER)` : kind.replace(/-/g, ' ')}`,
            kind === 'wrong-name' ? 'A00.FR.405' : 'A00.FR.407');
        }
      }
      await station.booted();
    },
  });
}

/** A certificate's key and serial as the official tool checks them (RSA 2048+ bits, elliptic curve 224+ bits). */
function checkKeyAndSerial(der: Buffer, whose: string): void {
  const x = new X509Certificate(der);
  if (!x.serialNumber) throw new Verdict(`${whose} certificate has no serial number`);
  const key = x.publicKey;
  const bits = key.asymmetricKeyType === 'rsa' ? key.asymmetricKeyDetails?.modulusLength ?? 0 : 0;
  if (key.asymmetricKeyType === 'rsa' && bits < 2048) throw new Verdict(`${whose} RSA key has ${bits} bits; at least 2048 are required`);
  if (key.asymmetricKeyType === 'ec' && /192|secp160/.test(key.asymmetricKeyDetails?.namedCurve ?? '')) throw new Verdict(`${whose} elliptic-curve key is shorter than 224 bits`);
}

const ECDSA_SUITES = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384'];
const RSA_SUITES = ['AES128-GCM-SHA256', 'AES256-GCM-SHA384'];

/**
 * Whether the station agrees each suite of a family at TLS 1.2: the harness offers only that suite on the next
 * handshake (with a certificate of the family's key type), drops the connection, and watches the reconnection.
 * Returns the suites refused; the station is connected again at the end.
 */
async function refusedSuites(csms: CsmsHarness, suites: string[], cert: { cert: string; key: string }, clientCerts: Buffer[]): Promise<string[]> {
  const refused: string[] = [];
  for (const suite of suites) {
    const connections = csms.connectionCount;
    const outcome = new Promise<boolean>((resolve) => {
      csms.server.once('tlsFailure', () => resolve(false));
      csms.server.once('tlsEstablished', (_v, _c, client) => {
        if (client) clientCerts.push(client);
        resolve(true);
      });
    });
    const restore = csms.server.presentOnce({ ...cert, ciphers: suite, maxVersion: 'TLSv1.2' });
    csms.dropConnection();
    const agreed = await Promise.race([outcome, csms.waitForConnection(csms.profile.timing.rebootTimeoutMs, connections).then(() => true)]);
    restore();
    if (!agreed) refused.push(suite);
    await csms.waitForConnection(csms.profile.timing.rebootTimeoutMs, connections);
  }
  return refused;
}

/** Every 1.6 connector status: the documents' step 9 (StatusNotification after the boot) validates none. */
const ANY_STATUS_16 = ['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted'];

/**
 * 1.6 TC_086/087's reusable state "the Charge Point is triggered to reset": a Hard reset, then the TLS handshake,
 * the boot and a StatusNotification per connector on the new connection (steps 1-10).
 */
async function rebootOverTls(csms: CsmsHarness): Promise<void> {
  const before = csms.connectionCount;
  const from = csms.received.at(-1) ?? Date.now();
  const reset = await csms.call('Reset', { type: 'Hard' });
  if (reset.status !== 'Accepted') throw new Inconclusive(`reusable state "triggered to reset" not reached: Reset Hard was answered ${String(reset.status)}`);
  const boot = await csms.waitForReboot(from, before);
  await expectConnectorReports(csms, boot, () => ANY_STATUS_16);
}

/**
 * Charger side: it connects over wss (profile 3 with its client certificate), and boots. `resetFirst` (1.6): the
 * documents start from a reset, so the station is reset once booted and the checks run on the boot after it.
 */
export function tlsValidCs(ocpp: OcppVersion, sp: Profile, octt: OcttClaim[], o: { resetFirst?: boolean } = {}) {
  return testCase<CsTestCase>({
    useCase: 'SEC', variant: sp === 2 ? 'tls-server-cert' : 'tls-client-cert', ocpp, sut: 'CS', octt, profile: 'security',
    needs: needsFor(sp), securityProfile: sp,
    title: sp === 2
      ? 'Security profile 2: the station connects over TLS 1.2+ with the CSMS certificate, boots, and agrees the required GCM cipher suites'
      : 'Security profile 3: the station presents a valid client certificate for its ID, boots, and agrees the required GCM cipher suites',
    killedBy: [sp === 2 ? 'cs.no-basic-auth' : 'cs.no-client-cert', 'cs.cbc-ciphers-only'],
    exclusive: true,
    async run({ csms }) {
      // The harness's server refuses TLS below 1.2 and (profile 3) a client certificate that fails verification or
      // is not for this station ID: the refusal fails the wait for the connection.
      await csms.waitForConnection();
      await csms.booted();
      if (o.resetFirst) await rebootOverTls(csms);
      // The station supports both ECDSA GCM suites, or both RSA GCM suites (A00.FR.318 / Part 2 A00 cipher list).
      const own = csms.server.options.tls!;
      const ownCert = { cert: [own.cert].flat()[0]!, key: [own.key].flat()[0]! };
      const ownIsRsa = new X509Certificate(ownCert.cert).publicKey.asymmetricKeyType === 'rsa';
      const families: { name: string; suites: string[]; cert?: { cert: string; key: string } }[] = [
        { name: 'ECDSA', suites: ECDSA_SUITES, cert: ownIsRsa ? undefined : ownCert },
        { name: 'RSA', suites: RSA_SUITES, cert: ownIsRsa ? ownCert : csms.pki?.serverRsa },
      ];
      const clientCerts: Buffer[] = [];
      const refusals: string[] = [];
      let supported = false;
      for (const family of families) {
        if (!family.cert?.cert) continue;
        const refused = await refusedSuites(csms, family.suites, family.cert, clientCerts);
        if (!refused.length) {
          supported = true;
          break;
        }
        refusals.push(`${family.name}: refused ${refused.join(', ')}`);
      }
      if (!supported) {
        if (families.some((f) => !f.cert?.cert)) throw new Inconclusive(`the station did not agree the cipher suites of the family the harness's certificate allows (${refusals.join('; ')}); the harness has no certificate of the other key type to try the other family`);
        throw new Verdict(`the station supports neither both ECDSA GCM suites nor both RSA GCM suites at TLS 1.2 (${refusals.join('; ')})`, 'A00.FR.318');
      }
      if (sp === 3) {
        const der = clientCerts[0];
        if (!der) throw new Verdict('the station presented no client certificate', 'A00.FR.401');
        checkKeyAndSerial(der, 'the station\'s client');
      }
    },
  });
}

/** Charger side: every TLS handshake of the station fails or is refused until `restore` (the next one completes). */
async function presentBroken(csms: CsmsHarness, present: () => () => void, what: string, requirement: string): Promise<void> {
  const connections = csms.connectionCount;
  const outcome = new Promise<string | undefined>((resolve) => {
    csms.server.once('tlsFailure', (why) => resolve(why));
    csms.server.once('tlsEstablished', () => resolve(undefined));
  });
  const restore = present();
  csms.dropConnection();
  const why = await Promise.race([outcome, csms.waitForConnection(csms.profile.timing.rebootTimeoutMs, connections).then(() => undefined)]);
  restore();
  if (why === undefined) throw new Verdict(`the station completed a TLS handshake with ${what}; it must terminate the connection`, requirement);
  csms.log.event(`the station ended the handshake with ${what}: ${why}`);
  await csms.waitForConnection(csms.profile.timing.rebootTimeoutMs, connections);
}

/** Charger side, TC_A_05_CS: a CSMS certificate for another host, from an unknown root, expired or not yet valid is refused. */
export function invalidServerCertCs(ocpp: OcppVersion, sp: Profile, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'SEC', variant: `tls-invalid-server-cert-sp${sp}`, ocpp, sut: 'CS', octt, profile: 'security', needs: needsFor(sp), securityProfile: sp,
    exclusive: true,
    title: `Security profile ${sp}: the station terminates a TLS handshake with an invalid CSMS certificate${ocpp === '2.0.1' ? ' and reports InvalidCsmsCertificate' : ''}`,
    killedBy: ['cs.accepts-wrong-server-name', 'cs.accepts-unverified-server-cert', ...(ocpp === '2.0.1' ? ['cs.no-invalid-csms-cert-event'] : [])],
    async run({ csms }) {
      const pki = csms.pki;
      if (!pki) throw new Inconclusive('the harness has no certificate authority to issue broken server certificates with');
      await csms.booted();
      const kinds: BrokenKind[] = ['wrong-name', 'unknown-root', 'expired', 'not-yet-valid'];
      for (const kind of kinds) {
        const broken = await pki.brokenCert(kind, 'server');
        await presentBroken(csms, () => csms.server.presentOnce({ cert: broken.cert, key: broken.key }),
          `a CSMS certificate ${kind === 'wrong-name' ? 'for another host name' : kind === 'unknown-root' ? 'from an unknown root' : `that is ${kind.replace(/-/g, ' ')}`}`,
          kind === 'wrong-name' ? 'A00.FR.412' : 'A00.FR.310');
      }
      if (ocpp === '2.0.1') {
        await csms.expectCall('SecurityEventNotification', { where: (p) => p.type === 'InvalidCsmsCertificate' }).catch((err: Error) => {
          throw new Verdict(`after refusing the CSMS certificate the station must report SecurityEventNotification InvalidCsmsCertificate: ${err.message}`, 'A00.FR.309');
        });
      }
    },
  });
}

/** Charger side, TC_A_06_CS: a CSMS that offers only TLS 1.0/1.1 is refused. */
export function oldTlsCs(ocpp: OcppVersion, sp: Profile, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'SEC', variant: `tls-version-too-low-sp${sp}`, ocpp, sut: 'CS', octt, profile: 'security', needs: needsFor(sp), securityProfile: sp,
    exclusive: true,
    title: 'Security profiles 2/3: the station terminates a TLS handshake in which the CSMS offers only TLS 1.0/1.1',
    killedBy: ['cs.accepts-tls-1.1'],
    async run({ csms }) {
      await csms.booted();
      await presentBroken(csms, () => csms.server.presentOnce({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' }),
        'a CSMS offering only TLS 1.0/1.1', 'A00.FR.315');
    },
  });
}

// ---- 2.0.1 TC_A_05_CS / TC_A_06_CS: the broken handshake is the first one of a boot ------------------------------

/**
 * The station boots (Reset Immediate: the harness cannot power a charger on) and the first TLS handshake of that boot
 * meets `present` (a broken certificate, an old TLS version): the station must end it, then connect on its next
 * attempt to the CSMS's own settings, boot and report every connector. Returns the BootNotification.
 */
async function brokenAtBoot(csms: CsmsHarness, present: () => () => void, what: string, requirement: string): Promise<ReceivedCall> {
  const before = csms.connectionCount;
  const from = Date.now();
  const outcome = new Promise<string | undefined>((resolve) => {
    csms.server.once('tlsFailure', (why) => resolve(why));
    csms.server.once('tlsEstablished', () => resolve(undefined));
  });
  const restore = present();
  let rebooted: Promise<ReceivedCall> | undefined;
  try {
    const reset = await csms.call('Reset', { type: 'Immediate' });
    if (reset.status !== 'Accepted') throw new Inconclusive(`the Booting state is reached with Reset Immediate, which the station answered ${String(reset.status)}`);
    rebooted = csms.waitForReboot(from, before);
    rebooted.catch(() => undefined);
    const why = await Promise.race([outcome, rebooted.then(() => undefined)]);
    if (why === undefined) throw new Verdict(`the station completed the first TLS handshake of its boot with ${what}; it must terminate the connection`, requirement);
    csms.log.event(`the station ended the handshake with ${what}: ${why}`);
  } finally {
    restore();
  }
  // Steps 4-13: the next attempt meets the CSMS's own certificate; the station boots and reports its connectors.
  const boot = await rebooted!;
  await expectConnectorReports(csms, boot, () => ['Available']);
  return boot;
}

const CONNECTION_ATTEMPTS = { v16: '', component: 'OCPPCommCtrlr', variable: 'NetworkProfileConnectionAttempts' };

/**
 * TC_A_05_CS: at the first handshake of a boot the CSMS presents a certificate for another host, from an unknown
 * root, expired or not yet valid (the document runs once per kind: so does this); the station ends that handshake,
 * connects on its next attempt, boots and reports InvalidCsmsCertificate.
 */
export function invalidServerCertAtBootCs(sp: Profile, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'SEC', variant: `tls-invalid-server-cert-at-boot-sp${sp}`, ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: needsFor(sp), securityProfile: sp,
    exclusive: true,
    title: `Security profile ${sp}: the station ends the first TLS handshake of its boot when the CSMS certificate is invalid, boots on its next attempt and reports InvalidCsmsCertificate`,
    killedBy: ['cs.accepts-wrong-server-name', 'cs.accepts-unverified-server-cert', 'cs.no-invalid-csms-cert-event'],
    async run({ csms }) {
      const pki = csms.pki;
      if (!pki) throw new Inconclusive('the harness has no certificate authority to issue broken server certificates with');
      await csms.booted();
      await establishSetting(csms, '2.0.1', CONNECTION_ATTEMPTS, '2');
      const kinds: BrokenKind[] = ['wrong-name', 'unknown-root', 'expired', 'not-yet-valid'];
      for (const kind of kinds) {
        const broken = await pki.brokenCert(kind, 'server');
        const boot = await brokenAtBoot(csms, () => csms.server.presentOnce({ cert: broken.cert, key: broken.key }),
          `a CSMS certificate ${kind === 'wrong-name' ? 'for another host name' : kind === 'unknown-root' ? 'from an unknown root' : `that is ${kind.replace(/-/g, ' ')}`}`,
          kind === 'wrong-name' ? 'A00.FR.412' : 'A00.FR.310');
        await csms.expectCall('SecurityEventNotification', { after: boot, where: (p) => p.type === 'InvalidCsmsCertificate' }).catch((err: Error) => {
          throw err instanceof Verdict ? new Verdict(`after refusing the CSMS certificate (${kind}) the station must report SecurityEventNotification InvalidCsmsCertificate: ${err.message}`, 'A00.FR.309') : err;
        });
      }
    },
  });
}

/**
 * TC_A_06_CS: at the first handshake of a boot the CSMS offers only TLS 1.0/1.1; the station ends it, connects on its
 * next attempt, boots and reports its start-up (StartupOfTheDevice or ResetOrReboot; InvalidTLSVersion is optional).
 */
export function oldTlsAtBootCs(sp: Profile, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'SEC', variant: `tls-version-too-low-at-boot-sp${sp}`, ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: needsFor(sp), securityProfile: sp,
    exclusive: true,
    title: `Security profile ${sp}: the station ends the first TLS handshake of its boot when the CSMS offers only TLS 1.0/1.1, and boots on its next attempt`,
    killedBy: ['cs.accepts-tls-1.1'],
    async run({ csms }) {
      await csms.booted();
      await establishSetting(csms, '2.0.1', CONNECTION_ATTEMPTS, '1');
      const boot = await brokenAtBoot(csms, () => csms.server.presentOnce({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' }),
        'a CSMS offering only TLS 1.0/1.1', 'A00.FR.315');
      await csms.expectCall('SecurityEventNotification', { after: boot, where: (p) => p.type === 'StartupOfTheDevice' || p.type === 'ResetOrReboot' }).catch((err: Error) => {
        throw err instanceof Verdict ? new Verdict(`after booting the station must report SecurityEventNotification StartupOfTheDevice or ResetOrReboot: ${err.message}`, 'A04.FR.01') : err;
      });
    },
  });
}
