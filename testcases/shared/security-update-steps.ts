// A01 (Basic auth password update), A02 (charging station certificate signed on request) and A05 (security profile
// upgrade), 2.0.1 and the 1.6 security white paper, both SUT roles. Certificates and CSRs are real: WebCrypto keys
// and @peculiar/x509, signatures checked (src/security/csr.ts). Passwords are random per run and never written out: the frame
// log redacts them, and each password test checks its own trace for the password before it ends.
import { X509Certificate, randomBytes, randomInt } from 'node:crypto';
import { testCase, type CsTestCase, type CsmsTestCase, type CsmsContext, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import type { StationHarness } from '../../src/harness/station-harness.js';
import type { ReceivedCall } from '../../src/harness/peer.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';
import type { OcppServer } from '../../src/transport/server.js';
import { SEC } from '../../src/reference/station/security.js';
import { SECF } from '../../src/reference/csms/security.js';
import {
  CsrError, brokenLink, buildCsr, carriesKey, chainProblem, createAuthority, harnessCa, newKeyPair, readChain, readCsr, strongEnough, subjectOf,
  withBrokenSignature, type CertificateAuthority, type CsrInfo,
} from '../../src/security/csr.js';
import { establishSetting, refusalVerdict, writeSetting } from './settings.js';

const SP1 = 'security-profile-1';
/** Part 5 certification profile "Advanced Security": A02 certificate update, A05 profile upgrade (1.6: white paper A02/A05). */
const ADVANCED = 'advanced-security';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh password of the version's form: 2.0.1 24 letters/digits; 1.6 AuthorizationKey 40 hex digits (20 bytes). */
function newPassword(ocpp: OcppVersion): string {
  return ocpp === '1.6' ? randomBytes(20).toString('hex').toUpperCase() : Array.from({ length: 24 }, () => ALNUM[randomInt(ALNUM.length)]).join('');
}

// ---- the harness's server: a station's password changed over OCPP ----------------------------------------------

const overrides = new WeakMap<OcppServer, Map<string, string>>();

/**
 * From now on the harness (as CSMS) takes `password` for `stationId` instead of the configured one, as a CSMS that
 * changed it must (A01.FR.03). Returns a function that goes back to the configured one.
 */
function takePassword(server: OcppServer, stationId: string, password: string): () => void {
  let map = overrides.get(server);
  if (!map) {
    map = new Map();
    overrides.set(server, map);
    const base = server.options.passwordFor;
    const own = map;
    server.options.passwordFor = (id) => own.get(id) ?? base?.(id);
  }
  map.set(stationId, password);
  return () => { map.delete(stationId); };
}

/** A secret must never reach a trace: if it did, the harness (not the SUT) is broken, so this is an error. */
function assertNotInTrace(log: { format(): string }, secret: string, what: string): void {
  if (log.format().includes(secret)) throw new Error(`harness defect: the ${what} appears in the test's trace`);
}

function stationIdOfCsms(csms: CsmsHarness): string {
  return csms.session?.conn.stationId ?? csms.profile.stationId;
}

const PASSWORD_SETTING = { v16: 'AuthorizationKey', component: 'SecurityCtrlr', variable: 'BasicAuthPassword' };

// ---- A01, charging station under test ---------------------------------------------------------------------------

/**
 * TC_A_09_CS / TC_073_CS: the harness sends a new password; the station accepts it, drops its connection and comes
 * back with the new one (the harness now refuses the old). Afterwards the harness gives the configured password
 * back the same way, so later test cases find the station as configured.
 */
export function passwordUpdateCs(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'A01', variant: 'accepted', ocpp, sut: 'CS', octt, profile: 'security', needs: [SP1],
    title: 'A new Basic auth password is accepted and the station reconnects with it',
    killedBy: [SEC.keepsOldPassword, SEC.noReconnectAfterPassword],
    async run({ csms, profile }) {
      await csms.booted();
      const id = stationIdOfCsms(csms);
      const original = profile.basicAuthPassword;
      if (original === undefined) throw new Inconclusive('the SUT profile holds no Basic auth password (basicAuthPassword) to go back to');
      const password = newPassword(ocpp);
      const release = takePassword(csms.server, id, password);
      try {
        await changeAndReconnect(csms, ocpp, password, 'new');
        // Back to the configured password: the station's configuration is the run's, not this test's.
        takePassword(csms.server, id, original);
        await changeAndReconnect(csms, ocpp, original, 'configured');
      } finally {
        release();
      }
      assertNotInTrace(csms.log, password, 'new Basic auth password');
      assertNotInTrace(csms.log, original, 'configured Basic auth password');
    },
  });
}

async function changeAndReconnect(csms: CsmsHarness, ocpp: OcppVersion, password: string, which: string): Promise<void> {
  const before = csms.connectionCount;
  const status = await writeSetting(csms, ocpp, PASSWORD_SETTING, password);
  const allowed = ocpp === '1.6' ? ['Accepted'] : ['Accepted', 'RebootRequired'];
  if (!allowed.includes(status)) {
    throw new Verdict(`a ${which} Basic auth password of the required form must be ${allowed.join(' or ')}, the station answered ${status}`, 'A01.FR.01');
  }
  const within = status === 'RebootRequired' ? csms.profile.timing.rebootTimeoutMs : csms.profile.timing.bootTimeoutMs;
  await csms.waitForConnection(within, before).catch((err: Error) => {
    if (!(err instanceof Verdict)) throw err;
    throw new Verdict(`after accepting the ${which} password the station must reconnect with it: ${err.message}`, ocpp === '1.6' ? 'A01 (white paper, steps 3-4)' : 'A01');
  });
  if (status === 'RebootRequired') await csms.expectCall('BootNotification', { within: csms.profile.timing.rebootTimeoutMs });
}

/**
 * TC_N_48_CS: the Basic auth password changed to a fresh one of `length` characters (the harness takes it, the station
 * reconnects with it), `during` run, then changed back to the configured one. Neither password may reach the trace.
 */
export async function withChangedPassword(csms: CsmsHarness, length: number, during: () => Promise<void>): Promise<void> {
  const id = stationIdOfCsms(csms);
  const original = csms.profile.basicAuthPassword;
  if (original === undefined) throw new Inconclusive('the SUT profile holds no Basic auth password (basicAuthPassword) to go back to');
  const password = Array.from({ length }, () => ALNUM[randomInt(ALNUM.length)]).join('');
  const release = takePassword(csms.server, id, password);
  try {
    await changeAndReconnect(csms, '2.0.1', password, 'new');
    try {
      await during();
    } finally {
      // Back to the configured password whatever `during` found: the station's configuration is the run's.
      takePassword(csms.server, id, original);
      await changeAndReconnect(csms, '2.0.1', original, 'configured');
    }
  } finally {
    release();
  }
  assertNotInTrace(csms.log, password, 'new Basic auth password');
  assertNotInTrace(csms.log, original, 'configured Basic auth password');
}

/** TC_A_10_CS: a password shorter than 16 characters is rejected, and the station still connects with the configured one. */
export function passwordRejectedCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'A01', variant: 'rejected', ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: [SP1],
    title: 'A Basic auth password shorter than 16 characters is rejected; the station keeps the configured one',
    killedBy: [SEC.acceptsShortPassword],
    async run({ csms }) {
      await csms.booted();
      const short = Array.from({ length: 12 }, () => ALNUM[randomInt(ALNUM.length)]).join('');
      const status = await writeSetting(csms, '2.0.1', PASSWORD_SETTING, short);
      if (status !== 'Rejected') throw new Verdict(`a Basic auth password of 12 characters must be Rejected, the station answered ${status}`, 'A01');
      // Post-scenario: the configured password still holds. Cut the line; the station must come back with it.
      const before = csms.connectionCount;
      csms.dropConnection();
      await csms.waitForConnection(csms.profile.timing.bootTimeoutMs, before).catch((err: Error) => {
        if (!(err instanceof Verdict)) throw err;
        throw new Verdict(`after rejecting the password the station must still connect with the configured one: ${err.message}`);
      });
      assertNotInTrace(csms.log, short, 'rejected password');
    },
  });
}

// ---- A01, CSMS under test ---------------------------------------------------------------------------------------

/** A connection the CSMS must refuse at the handshake. */
async function expectRefused(station: StationHarness, password: string, what: string, requirement: string): Promise<void> {
  try {
    await station.connect({ password });
  } catch (err) {
    if (err instanceof Verdict && /HTTP 40[13]|refused/.test(err.message)) return;
    throw err;
  }
  await station.close();
  throw new Verdict(`the CSMS accepted a connection with ${what}`, requirement);
}

/** Connect with `password`, boot and report every connector (steps 3-8 of TC_A_09/10_CSMS). */
async function reconnectAndBoot(station: StationHarness, password: string, what: string, requirement: string): Promise<void> {
  await station.connect({ password }).catch((err: Error) => {
    throw err instanceof Verdict ? new Verdict(`the CSMS must accept the ${what} password: ${err.message}`, requirement) : err;
  });
  const boot = await station.call('BootNotification', station.bootPayload());
  if (boot.status !== 'Accepted') throw new Verdict(`BootNotification after the password change must be Accepted, got ${String(boot.status)}`);
  for (const evse of station.profile.evses) {
    for (let c = 1; c <= evse.connectors; c++) await station.call('StatusNotification', station.statusPayload(evse.id, c, 'Available'));
  }
  if (station.profile.ocpp === '1.6') await station.call('StatusNotification', station.statusPayload(0, 1, 'Available'));
}

/** Wait for the CSMS's password write that the operator asked for; answer it `accept`ed or not. */
async function receivePassword(ctx: CsmsContext, accept: boolean, password?: string): Promise<string> {
  const { station, sut, profile } = ctx;
  const ocpp = profile.ocpp;
  const action = ocpp === '1.6' ? 'ChangeConfiguration' : 'SetVariables';
  station.answer(action, (call) => ocpp === '1.6'
    ? { status: accept ? 'Accepted' : 'Rejected' }
    : { setVariableResult: (call.payload.setVariableData as Payload[]).map((d) => ({ component: d.component, variable: d.variable, attributeStatus: accept ? 'Accepted' : 'Rejected' })) });
  const acting = sut.act('setBasicAuthPassword', { stationId: profile.stationId, ...(password ? { password } : {}) });
  acting.catch(() => undefined);
  const req = await station.expectCall(action);
  await acting;
  if (ocpp === '1.6') {
    if (req.payload.key !== 'AuthorizationKey') throw new Verdict(`the CSMS must set the password with key AuthorizationKey, it sent key ${String(req.payload.key)}`, 'A01.FR.02');
    return String(req.payload.value);
  }
  const item = (req.payload.setVariableData as Payload[])[0]!;
  const component = (item.component as Payload).name;
  const variable = (item.variable as Payload).name;
  if (component !== 'SecurityCtrlr' || variable !== 'BasicAuthPassword') {
    throw new Verdict(`the CSMS must set the password as SecurityCtrlr.BasicAuthPassword, it set ${String(component)}.${String(variable)}`, 'A01.FR.02');
  }
  return String(item.attributeValue);
}

/**
 * TC_A_09_CSMS / TC_073_CSMS: the CSMS sends a new password; the station accepts it and reconnects. The CSMS must
 * take the new one and refuse the old one (A01.FR.03). The harness then has the operator set the configured
 * password again so the station ID stays usable.
 */
export function passwordUpdateCsms(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'A01', variant: 'accepted', ocpp, sut: 'CSMS', octt, profile: 'security', needs: [SP1], actions: ['setBasicAuthPassword'],
    title: 'After the station accepted a new Basic auth password, the CSMS takes only the new one',
    killedBy: [SECF.acceptsOldPassword],
    async run(ctx) {
      const { station, profile } = ctx;
      const original = profile.basicAuthPassword;
      if (original === undefined) throw new Inconclusive('the SUT profile holds no Basic auth password (basicAuthPassword)');
      await station.booted();
      const password = await receivePassword(ctx, true);
      await station.close();
      await expectRefused(station, original, 'the old password after the station accepted a new one', 'A01.FR.03');
      await reconnectAndBoot(station, password, 'new', 'A01.FR.03');
      // Give the station ID its configured password back (not a step of the document: keeps the identity usable).
      await receivePassword(ctx, true, original);
      await station.close();
      await station.connect({ password: original });
      assertNotInTrace(station.log, password, 'new Basic auth password');
      assertNotInTrace(station.log, original, 'configured Basic auth password');
    },
  });
}

/** TC_A_10_CSMS: the station rejects the new password; the CSMS keeps accepting the old one (A01.FR.04). */
export function passwordRejectedCsms(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'A01', variant: 'rejected', ocpp: '2.0.1', sut: 'CSMS', octt, profile: 'security', needs: [SP1], actions: ['setBasicAuthPassword'],
    title: 'After the station rejected a new Basic auth password, the CSMS keeps accepting the old one',
    killedBy: [SECF.passwordOnRejected],
    async run(ctx) {
      const { station, profile } = ctx;
      const original = profile.basicAuthPassword;
      if (original === undefined) throw new Inconclusive('the SUT profile holds no Basic auth password (basicAuthPassword)');
      await station.booted();
      const password = await receivePassword(ctx, false);
      await station.close();
      await reconnectAndBoot(station, original, 'old', 'A01.FR.04');
      assertNotInTrace(station.log, password, 'rejected Basic auth password');
      assertNotInTrace(station.log, original, 'configured Basic auth password');
    },
  });
}

// ---- A02, charging station under test ---------------------------------------------------------------------------

/** The organization the CSR's O must carry: 1.6 sets CpoName (configuration state of TC_074); 2.0.1 reads OrganizationName. */
async function organizationOf(csms: CsmsHarness, ocpp: OcppVersion): Promise<string | undefined> {
  if (ocpp === '1.6') {
    const name = csms.profile.vendor;
    const setting = { v16: 'CpoName', component: 'SecurityCtrlr', variable: 'OrganizationName' };
    refusalVerdict(ocpp, setting, name, await writeSetting(csms, ocpp, setting, name));
    return name;
  }
  const answer = await csms.call('GetVariables', { getVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'OrganizationName' } }] });
  const result = (answer.getVariableResult as Payload[] | undefined)?.[0];
  return result?.attributeStatus === 'Accepted' ? String(result.attributeValue ?? '') : undefined;
}

/** Check a station's CSR (A02.FR.02/03, key strength of Part 6, subject A00 / A02.FR.13) and return what it says. */
async function checkCsr(ocpp: OcppVersion, payload: Payload, stationId: string, organization: string | undefined): Promise<CsrInfo> {
  let csr: CsrInfo;
  try {
    csr = await readCsr(String(payload.csr));
  } catch (err) {
    if (err instanceof CsrError) throw new Verdict(`SignCertificate must carry a PEM-encoded PKCS#10 CSR (RFC 2986): ${err.message}`, 'A02.FR.03');
    throw err;
  }
  if (!csr.signatureValid && !csr.unverifiable) throw new Verdict('the CSR\'s signature does not verify with the public key it carries (RFC 2986 proof of possession)', 'A02.FR.03');
  if (!strongEnough(csr)) {
    throw new Verdict(`the CSR's ${csr.keyType.toUpperCase()} key has ${csr.keyBits} bits: RSA/DSA keys need 2048 bits, EC keys 224`, ocpp === '1.6' ? (csr.keyType === 'ec' ? 'A00.FR.503' : 'A00.FR.502') : undefined);
  }
  if (csr.subject.CN !== stationId) {
    throw new Verdict(`the CSR's CN must be the station's identity (${stationId}), it is ${csr.subject.CN ?? 'absent'}`, ocpp === '1.6' ? 'A00.FR.511' : undefined);
  }
  if (organization !== undefined && csr.subject.O !== organization) {
    throw new Verdict(`the CSR's O must be the configured ${ocpp === '1.6' ? 'CpoName' : 'SecurityCtrlr.OrganizationName'} (${organization}), it is ${csr.subject.O ?? 'absent'}`, ocpp === '1.6' ? 'A02.FR.13' : undefined);
  }
  if (ocpp === '2.0.1' && payload.certificateType !== undefined && payload.certificateType !== 'ChargingStationCertificate') {
    throw new Verdict(`SignCertificate for a charging station certificate must say certificateType ChargingStationCertificate, it says ${String(payload.certificateType)}`);
  }
  // A key the harness's crypto cannot verify with is not the station's fault; its proof of possession stays unchecked.
  if (csr.unverifiable) throw new Inconclusive(csr.unverifiable);
  return csr;
}

/** Steps 1-4: trigger the CSR, answer SignCertificate with `signAnswer`, check the CSR. */
export async function requestCsr(csms: CsmsHarness, ocpp: OcppVersion, signAnswer: 'Accepted' | 'Rejected'): Promise<{ csr: CsrInfo; call: ReceivedCall }> {
  const organization = await organizationOf(csms, ocpp);
  csms.answer('SignCertificate', { status: signAnswer });
  const since = Date.now();
  const trigger = ocpp === '1.6'
    ? await csms.call('ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' })
    : await csms.call('TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' });
  if (trigger.status !== 'Accepted') throw new Verdict(`the trigger for a new charging station certificate must be Accepted, got ${String(trigger.status)}`, ocpp === '1.6' ? undefined : 'F06.FR.04');
  const call = await csms.expectCall('SignCertificate', { after: since });
  return { csr: await checkCsr(ocpp, call.payload, stationIdOfCsms(csms), organization), call };
}

function certificateSigned(ocpp: OcppVersion, chain: string): Payload {
  return ocpp === '1.6' ? { certificateChain: chain } : { certificateChain: chain, certificateType: 'ChargingStationCertificate' };
}

/** Where a test case runs: the run's connection, or an active security profile 3 (mutual TLS) as the documents ask. */
export interface OverProfile { securityProfile?: 3 }

const profileNeeds = (over: OverProfile | undefined) => (over?.securityProfile ? [`security-profile-${over.securityProfile}`] : []);

/**
 * The CA that signs a station's CSR: at profile 3 the root of the harness's TLS certificate (the CSMS root the station
 * trusts, the one its client certificate must chain to), so that the station can reconnect with the new certificate;
 * otherwise (or without the TLS root's key) the harness's CA of this run.
 */
async function stationCa(csms: CsmsHarness, over: OverProfile | undefined): Promise<CertificateAuthority> {
  return (over?.securityProfile === 3 ? csms.pki?.authority : undefined) ?? harnessCa();
}

/**
 * A02.FR.08 (erratum 2025-01): a station that accepted a new certificate switches to it by reconnecting its websocket
 * and TLS connection. Waits for a connection newer than `before` and checks that the last client certificate
 * `presented` since the certificate was sent is the new one (`leafPem`).
 */
async function expectReconnectWith(csms: CsmsHarness, leafPem: string, before: number, presented: Buffer[]): Promise<void> {
  const leaf = new X509Certificate(leafPem);
  await csms.waitForConnection(csms.profile.timing.bootTimeoutMs, before).catch((err: Error) => {
    if (!(err instanceof Verdict)) throw err;
    throw new Verdict(`after accepting the new certificate the station must switch to it by reconnecting: ${err.message}`, 'A02.FR.08');
  });
  const last = presented.at(-1);
  if (!last) throw new Verdict('the station reconnected without presenting a client certificate', 'A02.FR.08');
  if (!new X509Certificate(last).raw.equals(leaf.raw)) {
    throw new Verdict(`the station reconnected with another client certificate (${new X509Certificate(last).subject.replace(/\n/g, ', ')}, serial ${new X509Certificate(last).serialNumber}) than the one it accepted (serial ${leaf.serialNumber})`, 'A02.FR.08');
  }
}

/**
 * Memory state RenewChargingStationCertificate (2.0.1): the station's certificate renewed on request and signed by the
 * root of the harness's TLS certificate, so it can serve at security profile 3. Returns the new leaf (DER).
 */
export async function renewStationCertificate(csms: CsmsHarness): Promise<Buffer> {
  const ca = csms.pki?.authority;
  if (!ca) throw new Inconclusive('the harness holds no key of the CSMS root the station trusts (tls.issuerCert / tls.issuerKey): it cannot sign a charging station certificate for profile 3');
  const { csr } = await requestCsr(csms, '2.0.1', 'Accepted');
  const chain = await ca.signCsr(csr);
  const answer = await csms.call('CertificateSigned', certificateSigned('2.0.1', chain));
  if (answer.status !== 'Accepted') throw new Verdict(`a certificate signed from the station's own CSR by its CSMS root must be Accepted, got ${String(answer.status)}`, 'A02.FR.06');
  return Buffer.from(new X509Certificate(chain.split(/(?<=-----END CERTIFICATE-----)/)[0]!).raw);
}

/**
 * TC_A_11_CS / TC_074_CS: CSR on request, signed by the CSMS root the station trusts (see stationCa), installed
 * (Accepted). Over security profile 3 the station must then reconnect with the new certificate (A02.FR.08).
 */
export function certificateUpdateCs(ocpp: OcppVersion, octt: OcttClaim[], over?: OverProfile) {
  return testCase<CsTestCase>({
    useCase: 'A02', variant: 'accepted', ocpp, sut: 'CS', octt, profile: 'security', needs: [ADVANCED, ...profileNeeds(over)], securityProfile: over?.securityProfile,
    title: over?.securityProfile === 3
      ? 'On request the station sends a sound CSR, installs the certificate signed from it and reconnects with it (security profile 3)'
      : 'On request the station sends a sound CSR and installs the certificate signed from it',
    killedBy: [SEC.csrWrongCn, SEC.csrWrongOrg, SEC.csrWeakKey, SEC.csrBadSignature, ...(over?.securityProfile === 3 ? [SEC.keepsOldClientCert] : [])],
    exclusive: over?.securityProfile === 3 ? true : undefined,
    async run({ csms }) {
      await csms.booted();
      const { csr } = await requestCsr(csms, ocpp, 'Accepted');
      const ca = over?.securityProfile === 3 ? csms.pki?.authority : await harnessCa();
      if (!ca) throw new Inconclusive('the harness holds no key of the CSMS root the station trusts (tls.issuerCert / tls.issuerKey): it cannot sign a certificate the station could reconnect with');
      const chain = await ca.signCsr(csr);
      const before = csms.connectionCount;
      const presented: Buffer[] = [];
      const onTls = (_v: string, _c: string, client: Buffer | undefined) => { if (client) presented.push(client); };
      csms.server.on('tlsEstablished', onTls);
      try {
        const answer = await csms.call('CertificateSigned', certificateSigned(ocpp, chain));
        if (answer.status !== 'Accepted') throw new Verdict(`a certificate signed from the station's own CSR by its CSMS root must be Accepted, got ${String(answer.status)}`, 'A02.FR.06');
        if (over?.securityProfile === 3) await expectReconnectWith(csms, chain.split(/(?<=-----END CERTIFICATE-----)/)[0]!, before, presented);
      } finally {
        csms.server.off('tlsEstablished', onTls);
      }
    },
  });
}

/**
 * TC_A_14_CS / TC_077_CS (and a variant of our own): the certificate sent back is not valid for the station, it
 * must discard it and report the InvalidChargingStationCertificate (1.6 InvalidChargePointCertificate) event.
 */
export function invalidCertificateCs(ocpp: OcppVersion, variant: 'unknown-ca' | 'wrong-key', octt: OcttClaim[], over?: OverProfile) {
  const what = variant === 'unknown-ca' ? 'signed by a CA the station does not trust' : 'for another key than its CSR\'s';
  return testCase<CsTestCase>({
    useCase: 'A02', variant: `invalid-${variant}`, ocpp, sut: 'CS', octt, profile: 'security', needs: [ADVANCED, ...profileNeeds(over)], securityProfile: over?.securityProfile,
    title: `A certificate ${what} is rejected and reported as a security event`,
    killedBy: [variant === 'unknown-ca' ? SEC.acceptsUnknownCa : SEC.acceptsWrongKey, SEC.noInvalidCertEvent],
    async run({ csms }) {
      await csms.booted();
      const { csr, call } = await requestCsr(csms, ocpp, 'Accepted');
      const chain = variant === 'unknown-ca'
        ? await (await createAuthority({ CN: 'unknown CA', O: 'not the CSMS' })).signCsr(csr)
        : await (await stationCa(csms, over)).signKey(csr.subject, (await newKeyPair()).publicKey);
      const answer = await csms.call('CertificateSigned', certificateSigned(ocpp, chain));
      if (answer.status !== 'Rejected') throw new Verdict(`a certificate ${what} must be Rejected, got ${String(answer.status)}`, 'A02.FR.07');
      const type = ocpp === '1.6' ? 'InvalidChargePointCertificate' : 'InvalidChargingStationCertificate';
      await csms.expectCall('SecurityEventNotification', { after: call, where: { type } }).catch((err: Error) => {
        throw err instanceof Verdict ? new Verdict(`after discarding the certificate the station must report the security event ${type}: ${err.message}`, 'A02.FR.07') : err;
      });
    },
  });
}

/** TC_A_15_CS: the CSMS answers SignCertificate Rejected; the trigger itself must have been Accepted. */
export function signRejectedCs(octt: OcttClaim[], over?: OverProfile) {
  return testCase<CsTestCase>({
    useCase: 'A02', variant: 'sign-rejected', ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: [ADVANCED, ...profileNeeds(over)], securityProfile: over?.securityProfile,
    title: 'The station takes a refused SignCertificate (the CSR is still checked)',
    killedBy: [SEC.csrBadSignature],
    async run({ csms }) {
      await csms.booted();
      await requestCsr(csms, '2.0.1', 'Rejected');
    },
  });
}

// ---- A02, CSMS under test ---------------------------------------------------------------------------------------

/** The station side of a renewal the operator starts: the trigger arrives and is answered Accepted. */
async function receiveRenewalTrigger(ctx: CsmsContext): Promise<ReceivedCall> {
  const { station, sut, profile } = ctx;
  const v16 = profile.ocpp === '1.6';
  const action = v16 ? 'ExtendedTriggerMessage' : 'TriggerMessage';
  station.answer(action, { status: 'Accepted' });
  const acting = sut.act('renewStationCertificate', { stationId: profile.stationId });
  acting.catch(() => undefined);
  const trigger = await station.expectCall(action);
  await acting;
  const wanted = v16 ? 'SignChargePointCertificate' : 'SignChargingStationCertificate';
  if (trigger.payload.requestedMessage !== wanted) throw new Verdict(`the CSMS must request ${wanted}, it requested ${String(trigger.payload.requestedMessage)}`);
  if (v16 && trigger.payload.connectorId !== undefined) throw new Verdict('ExtendedTriggerMessage for a charge point certificate must omit connectorId');
  return trigger;
}

/** Send a CSR; the CSMS's SignCertificate answer (2.0.1 with certificateType ChargingStationCertificate). */
async function sendCsr(station: StationHarness, csr: string): Promise<string> {
  const payload: Payload = station.profile.ocpp === '1.6' ? { csr } : { csr, certificateType: 'ChargingStationCertificate' };
  return String((await station.call('SignCertificate', payload)).status);
}

/**
 * Memory state RenewChargingStationCertificate, CSMS under test (2.0.1): the operator has the CSMS renew the station's
 * certificate; the harness's station sends a CSR for a fresh key, which the CSMS accepts and signs. Returns the chain
 * and the key (extractable: the harness's station presents them at security profile 3).
 */
export async function renewedByCsms(ctx: CsmsContext): Promise<{ chain: string; keys: CryptoKeyPair }> {
  const { station, profile } = ctx;
  const trigger = await receiveRenewalTrigger(ctx);
  const keys = await newKeyPair({ extractable: true });
  station.answer('CertificateSigned', { status: 'Accepted' });
  const status = await sendCsr(station, await buildCsr({ CN: profile.stationId, O: profile.vendor }, keys));
  if (status !== 'Accepted') throw new Verdict(`a sound CSR of the station must be Accepted, the CSMS answered ${status}`, 'A02.FR.11');
  const signed = await station.expectCall('CertificateSigned', { after: trigger });
  const chain = String(signed.payload.certificateChain);
  const problem = await chainNotFromCsr(chain, keys, profile.stationId, configuredRoot(station));
  if (problem) throw new Verdict(`the certificate chain must be generated from the CSR: ${problem}`, 'A02.FR.06');
  return { chain, keys };
}

/**
 * Why a chain the CSMS sent is not a certificate generated from our CSR: the leaf must carry our key and our
 * subject's CN, and each certificate must be signed by the next one in the chain.
 */
async function chainNotFromCsr(text: string, keys: CryptoKeyPair, stationId: string, root?: string): Promise<string | undefined> {
  let chain;
  try {
    chain = await readChain(text);
  } catch (err) {
    return (err as Error).message;
  }
  const leaf = chain[0]!;
  if (!(await carriesKey(leaf, keys.publicKey))) return 'the certificate does not carry the key of the CSR';
  if (subjectOf(leaf).CN !== stationId) return `the certificate's CN is ${subjectOf(leaf).CN ?? 'absent'}, the CSR asked for ${stationId}`;
  const link = await brokenLink(chain);
  if (link || !root) return link;
  // The configured CSMS root: the chain must be signed up to it (it may end with it or just below it).
  const problem = await chainProblem(text, { publicKey: keys.publicKey, stationId, trusted: await readChain(root) });
  return problem ? `${problem} (the configured CSMS root is ${subjectOf((await readChain(root))[0]!).CN ?? 'unnamed'})` : undefined;
}

/** The configured CSMS root a 2.0.1 CSMS signs charging station certificates with: the root the harness's station certificates chain to (tls.issuerCert). */
const configuredRoot = (station: StationHarness): string | undefined => (station.profile.ocpp === '2.0.1' ? station.pki?.ca || undefined : undefined);

/**
 * TC_A_11_CSMS / TC_074_CSMS, TC_A_14_CSMS / TC_077_CSMS: the CSMS triggers a CSR, accepts it and sends back a
 * certificate generated from it. `reject`: the station refuses that certificate (and, in 1.6, reports the security
 * event the CSMS must take).
 */
export function certificateUpdateCsms(ocpp: OcppVersion, variant: 'accepted' | 'rejected', octt: OcttClaim[], over?: OverProfile) {
  return testCase<CsmsTestCase>({
    useCase: 'A02', variant, ocpp, sut: 'CSMS', octt, profile: 'security', needs: [ADVANCED, ...profileNeeds(over)], actions: ['renewStationCertificate'],
    securityProfile: over?.securityProfile,
    title: variant === 'accepted'
      ? 'The CSMS asks for a CSR, accepts it and returns a certificate generated from it'
      : 'The CSMS handles a station that rejects the certificate it signed',
    killedBy: variant === 'accepted' ? [SECF.certNotFromCsr, SECF.noCertificateSigned, ...(ocpp === '2.0.1' ? [SECF.ownCsRoot] : [])] : [SECF.noCertificateSigned, ...(ocpp === '1.6' ? [SECF.noSecurityEvents] : [])],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const trigger = await receiveRenewalTrigger(ctx);
      const keys = await newKeyPair();
      station.answer('CertificateSigned', { status: variant === 'accepted' ? 'Accepted' : 'Rejected' });
      const status = await sendCsr(station, await buildCsr({ CN: profile.stationId, O: profile.vendor }, keys));
      if (status !== 'Accepted') throw new Verdict(`a sound CSR of the station must be Accepted, the CSMS answered ${status}`, 'A02.FR.11');
      const signed = await station.expectCall('CertificateSigned', { after: trigger });
      if (ocpp === '2.0.1' && signed.payload.certificateType !== undefined && signed.payload.certificateType !== 'ChargingStationCertificate') {
        throw new Verdict(`CertificateSigned must say certificateType ChargingStationCertificate, it says ${String(signed.payload.certificateType)}`);
      }
      const problem = await chainNotFromCsr(String(signed.payload.certificateChain), keys, profile.stationId, configuredRoot(station));
      if (problem) throw new Verdict(`the certificate chain must be generated from the CSR: ${problem}`, 'A02.FR.06');
      if (variant === 'rejected' && ocpp === '1.6') {
        await station.call('SecurityEventNotification', { type: 'InvalidChargePointCertificate', timestamp: station.now() });
      }
    },
  });
}

/**
 * Our own (not official): a CSMS must not hand out a certificate for a CSR that proves nothing (its signature does
 * not verify) or that names another station in CN: such a certificate would let one station pass for another.
 */
export function unsoundCsrCsms(ocpp: OcppVersion) {
  return testCase<CsmsTestCase>({
    useCase: 'A02', variant: 'unsound-csr', ocpp, sut: 'CSMS', profile: 'security', needs: [ADVANCED], actions: ['renewStationCertificate'],
    title: 'The CSMS issues no certificate for a CSR with a broken signature or with another station\'s CN (own test)',
    killedBy: [SECF.signsBadCsr, SECF.signsForeignCn],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      station.answer('CertificateSigned', { status: 'Rejected' });
      const bad = await buildCsr({ CN: profile.stationId, O: profile.vendor }, await newKeyPair());
      const cases: { csr: string; what: string; requirement: string }[] = [
        { csr: withBrokenSignature(bad), what: 'a CSR whose signature does not verify', requirement: 'RFC 2986 proof of possession' },
        { csr: await buildCsr({ CN: `${profile.stationId}-OTHER`, O: profile.vendor }, await newKeyPair()), what: 'a CSR naming another station in CN', requirement: ocpp === '1.6' ? 'A00.FR.511' : 'A00' },
      ];
      for (const c of cases) {
        const trigger = await receiveRenewalTrigger(ctx);
        const status = await sendCsr(station, c.csr);
        if (status !== 'Accepted') continue;
        const signed = await station.firstUnwanted((call) => call.action === 'CertificateSigned', profile.timing.callTimeoutMs, trigger);
        if (signed) throw new Verdict(`the CSMS signed ${c.what}`, c.requirement);
      }
    },
  });
}

// ---- A05, charging station under test ---------------------------------------------------------------------------

/** 2.0.1: the slot list of NetworkConfigurationPriority (its first entry is the active profile). */
async function prioritySlots(csms: CsmsHarness): Promise<number[]> {
  const answer = await csms.call('GetVariables', { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'NetworkConfigurationPriority' } }] });
  const result = (answer.getVariableResult as Payload[] | undefined)?.[0];
  if (result?.attributeStatus !== 'Accepted') throw new Verdict(`OCPPCommCtrlr.NetworkConfigurationPriority must be readable, got ${String(result?.attributeStatus)}`, 'B09');
  return String(result.attributeValue ?? '').split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n));
}

/**
 * TC_A_20_CS / TC_A_21_CS: a new network profile at a higher security profile is stored (Accepted), but making it
 * the first priority is Rejected while the station lacks what that profile needs: a CSMS root for profile 2
 * (A05.FR.02), a charging station certificate for profile 3 (A05.FR.03).
 */
export function upgradeWithoutPrerequisiteCs(missing: 'csms-root' | 'station-certificate', octt: OcttClaim[]) {
  const target = missing === 'csms-root' ? 2 : 3;
  return testCase<CsTestCase>({
    useCase: 'A05', variant: `no-${missing}`, ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: [ADVANCED],
    actions: missing === 'csms-root' ? ['removeCsmsRootCertificate'] : [],
    title: `The station refuses to switch to security profile ${target} without ${missing === 'csms-root' ? 'a CSMS root certificate' : 'a charging station certificate'}`,
    killedBy: [SEC.upgradesWithoutPrerequisites],
    async run({ csms, sut }) {
      await csms.booted();
      // Prerequisite: no CSMS root installed (the operator removes it); TC_A_21's (no station certificate) is the SUT's state.
      if (missing === 'csms-root') await sut.act('removeCsmsRootCertificate', {});
      const slots = await prioritySlots(csms);
      const active = slots[0] ?? 0;
      const slot = Math.max(active, ...slots) + 1;
      const profile = await csms.call('SetNetworkProfile', {
        configurationSlot: slot,
        connectionData: {
          ocppVersion: 'OCPP20', ocppTransport: 'JSON', ocppCsmsUrl: csms.server.url.replace(/^ws:/, 'wss:'), messageTimeout: 30,
          securityProfile: target, ocppInterface: 'Wired0',
        },
      });
      if (profile.status !== 'Accepted') throw new Verdict(`storing a network profile in the free slot ${slot} must be Accepted, got ${String(profile.status)}`, 'B09.FR.01');
      const status = await writeSetting(csms, '2.0.1', { v16: '', component: 'OCPPCommCtrlr', variable: 'NetworkConfigurationPriority' }, `${slot},${active}`);
      if (status !== 'Rejected') {
        throw new Verdict(`making security profile ${target} the first priority without ${missing === 'csms-root' ? 'a CSMS root certificate' : 'a charging station certificate'} must be Rejected, got ${status}`, missing === 'csms-root' ? 'A05.FR.02' : 'A05.FR.03');
      }
    },
  });
}

/** 1.6 TC_084_CS: a SecurityProfile lower than (or equal to) the active one is Rejected (A05.FR.01). */
export function downgradeRejected16(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'A05', variant: 'downgrade-rejected', ocpp: '1.6', sut: 'CS', octt, profile: 'security', needs: [ADVANCED],
    title: 'The charge point refuses a SecurityProfile lower than or equal to the active one',
    killedBy: [SEC.acceptsDowngrade],
    async run({ csms }) {
      await csms.booted();
      const answer = await csms.call('GetConfiguration', { key: ['SecurityProfile'] });
      const entry = (answer.configurationKey as Payload[] | undefined)?.find((k) => String(k.key).toLowerCase() === 'securityprofile');
      const active = Number(entry?.value);
      if (!entry || !Number.isInteger(active)) throw new Inconclusive('the charge point does not report its SecurityProfile configuration key');
      if (active === 0) throw new Inconclusive('the charge point runs security profile 0: there is no lower profile to refuse');
      for (const value of [active - 1, active]) {
        const status = String((await csms.call('ChangeConfiguration', { key: 'SecurityProfile', value: String(value) })).status);
        if (status !== 'Rejected') throw new Verdict(`SecurityProfile ${value} while ${active} is active must be Rejected, got ${status}`, 'A05.FR.01');
      }
    },
  });
}


/**
 * TC_A_23_CS (AS-3): with no CertificateSigned coming, the station repeats its SignCertificate after
 * CertSigningWaitMinimum, then after twice that (A02.FR.17/18); the certificate generated from the first CSR is
 * then Accepted.
 */
export function certSigningTimeoutCs(octt: OcttClaim[], over?: OverProfile) {
  return testCase<CsTestCase>({
    useCase: 'A02', variant: 'certificate-signed-timeout', ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: [ADVANCED, 'AS-3', ...profileNeeds(over)],
    securityProfile: over?.securityProfile,
    title: 'An unanswered SignCertificate is repeated after CertSigningWaitMinimum, then after twice that',
    killedBy: [SEC.certRetryEarly, SEC.certNoRetry],
    async run({ csms, profile }) {
      await csms.booted();
      // The configured wait: the profile's retry interval (short against the reference, 10 s by default).
      const waitS = profile.timing.retryIntervalS;
      const setting = (variable: string) => ({ v16: '', component: 'SecurityCtrlr', variable });
      await establishSetting(csms, '2.0.1', setting('CertSigningWaitMinimum'), String(waitS));
      await establishSetting(csms, '2.0.1', setting('CertSigningRepeatTimes'), '2');
      const organization = await organizationOf(csms, '2.0.1');
      const { csr, call: first } = await requestCsr(csms, '2.0.1', 'Accepted');
      const tolerance = profile.timing.toleranceMs;
      let previous = first;
      for (const factor of [1, 2]) {
        const minimum = waitS * 1000 * factor;
        const next = await csms.expectCall('SignCertificate', { after: previous, within: minimum + tolerance + profile.timing.callTimeoutMs }).catch((err: Error) => {
          throw err instanceof Verdict ? new Verdict(`without CertificateSigned the station must send SignCertificate again after ${minimum / 1000} s: ${err.message}`, 'A02.FR.17') : err;
        });
        if (next.at - previous.at < minimum - tolerance) {
          throw new Verdict(`SignCertificate was repeated after ${next.at - previous.at} ms, before the ${minimum} ms it must wait`, factor === 1 ? 'A02.FR.17' : 'A02.FR.18');
        }
        await checkCsr('2.0.1', next.payload, stationIdOfCsms(csms), organization);
        previous = next;
      }
      const answer = await csms.call('CertificateSigned', certificateSigned('2.0.1', await (await stationCa(csms, over)).signCsr(csr)));
      if (answer.status !== 'Accepted') throw new Verdict(`the certificate generated from the first CSR must be Accepted, got ${String(answer.status)}`, 'A02.FR.06');
    },
  });
}
