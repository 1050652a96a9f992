// 2.0.1 M03-M05 (TC_M_*, both roles): CA certificates installed, listed (certificateHashDataChain, with the
// certificateType filter) and deleted, with real certificates and hash data the harness computes itself. The 1.6
// white paper's steps (security-certificate-steps.ts) give the test roots and the hash comparison.
import { testCase, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict, type Peer } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import type { Payload } from '../../src/ocpp/frames.js';
import { CERT201, type InstallableType } from '../../src/reference/station/certificates201.js';
import { CERT201F } from '../../src/reference/csms/certificates201.js';
import { EVCERT } from '../../src/reference/station/ev-certificates.js';
import { newSession, plugIn, readTxSettings } from './session-states.js';
import { certificateHashData, readChain, sameHashData, type Certificate, type CertificateHashData } from '../../src/security/csr.js';
import { lists, storeRoot } from './security-certificate-steps.js';
import { renewStationCertificate } from './security-update-steps.js';
import { renewV2gCertificate } from './security-v2g-steps.js';

export type { InstallableType };
type Algorithm = CertificateHashData['hashAlgorithm'];
interface ChainEntry { certificateType: string; certificateHashData: CertificateHashData }

const CERTS = 'certificate-management';
/** V2G and MO roots belong to the ISO 15118 certification profile. */
const needsFor = (types: readonly string[]) => (types.some((t) => t.startsWith('V2G') || t.startsWith('MO')) ? [CERTS, 'ISO15118'] : [CERTS]);
const short = (t: string) => t.replace(/Certificate$/, '').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

// ---- Charging station under test --------------------------------------------------------------------------------

async function installedIds(csms: CsmsHarness, types?: readonly string[]): Promise<{ status: string; chain: ChainEntry[]; answer: Payload }> {
  const answer = await csms.call('GetInstalledCertificateIds', types ? { certificateType: [...types] } : {});
  return { status: String(answer.status), chain: (answer.certificateHashDataChain as ChainEntry[] | undefined) ?? [], answer };
}

/** The entry of `type` whose hash data names `cert` (computed by us in that entry's algorithm). */
async function entryFor(chain: ChainEntry[], type: string, cert: Certificate): Promise<CertificateHashData | undefined> {
  return lists(chain.filter((e) => e.certificateType === type).map((e) => e.certificateHashData), cert);
}

async function install(csms: CsmsHarness, type: string, cert: Certificate): Promise<string> {
  return String((await csms.call('InstallCertificate', { certificateType: type, certificate: cert.toString('pem') })).status);
}

/** Best effort: take our test root off the station again (not a step of the documents). */
async function removeQuietly(csms: CsmsHarness, installed: [string, Certificate][]): Promise<void> {
  try {
    const { chain } = await installedIds(csms);
    for (const [type, cert] of installed) {
      const entry = await entryFor(chain, type, cert);
      if (entry) await csms.call('DeleteCertificate', { certificateHashData: entry });
    }
  } catch (err) {
    csms.log.event(`clean-up: could not delete the test roots: ${(err as Error).message}`);
  }
}

/** Reusable state GetInstalledCertificates: Accepted, and an entry of each type naming its certificate (M03.FR.03/04). */
async function getInstalledCertificates(csms: CsmsHarness, installed: [string, Certificate][], ask: readonly string[] | undefined): Promise<void> {
  const { status, chain } = await installedIds(csms, ask);
  if (status !== 'Accepted') throw new Verdict(`GetInstalledCertificateIds for ${ask?.join(' and ') ?? 'every type'} must be Accepted with certificates installed, got ${status}`, 'M03.FR.03');
  for (const [type, cert] of installed) {
    if (!(await entryFor(chain, type, cert))) {
      throw new Verdict(`certificateHashDataChain must hold an entry of type ${type} with the hash data of the certificate installed (issuer name and key hashes, serial number); none of its ${chain.length} entries does`, 'M03.FR.04');
    }
  }
}

/** Memory state CertificateInstalled for each type: a fresh test root, Accepted (else the state is not reached). */
async function installState(csms: CsmsHarness, types: readonly InstallableType[]): Promise<[string, Certificate][]> {
  const installed: [string, Certificate][] = [];
  for (const type of types) {
    const root = await storeRoot(type);
    const status = await install(csms, type, root);
    if (status !== 'Accepted') {
      await removeQuietly(csms, installed);
      throw new Inconclusive(`memory state CertificateInstalled (${type}) not reached: InstallCertificate answered ${status}`);
    }
    installed.push([type, root]);
  }
  return installed;
}

/**
 * A station with AdditionalRootCertificateCheck (AS-2) takes only a CSMS root signed by its old one; the documents
 * ask for such a "custom" root there, which the harness cannot sign without the old root's key: not applicable.
 */
const csmsRootAbsent = (types: readonly string[]) => (types.includes('CSMSRootCertificate') ? { needsAbsent: ['AS-2'] } : {});

/** TC_M_01-04_CS: the station installs a root of `type` (reusable state CertificateInstalled) and lists it. */
export function installCertificateCs(type: InstallableType, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'M05', variant: `install-${short(type)}`, ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: needsFor([type]), ...csmsRootAbsent([type]),
    title: `The station installs a ${type} and lists it with the right certificate hash data`,
    killedBy: [CERT201.wrongHash],
    async run({ csms }) {
      await csms.booted();
      const root = await storeRoot(type);
      const status = await install(csms, type, root);
      if (status !== 'Accepted') throw new Verdict(`a valid ${type} must be installed (Accepted), the station answered ${status}`, 'M05.FR.02');
      try {
        await getInstalledCertificates(csms, [[type, root]], [type]);
      } finally {
        await removeQuietly(csms, [[type, root]]);
      }
    },
  });
}

/**
 * TC_M_12-14/16-18_CS: with roots of `types` installed (memory state), GetInstalledCertificateIds for those types
 * (`omitType`: without certificateType, TC_M_18) lists each of them.
 */
export function installedCertificatesCs(types: readonly InstallableType[], octt: OcttClaim[], omitType = false) {
  return testCase<CsTestCase>({
    useCase: 'M03', variant: omitType ? 'all-types' : types.map(short).join('+'), ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: needsFor(types), ...csmsRootAbsent(types),
    title: `The station lists the installed ${types.join(' and ')} ${omitType ? 'when asked for every type' : 'asked for by type'}`,
    killedBy: omitType ? [CERT201.wrongHash, CERT201.idsOmittedCsmsOnly] : [CERT201.wrongHash],
    async run({ csms }) {
      await csms.booted();
      const installed = await installState(csms, types);
      try {
        await getInstalledCertificates(csms, installed, omitType ? undefined : types);
      } finally {
        await removeQuietly(csms, installed);
      }
    },
  });
}

/** TC_M_19_CS: no MORootCertificate (the preparation deletes any): NotFound, without certificateHashDataChain. */
export function noCertificateFoundCs(octt: OcttClaim[]) {
  const type = 'MORootCertificate';
  return testCase<CsTestCase>({
    useCase: 'M03', variant: 'not-found', ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: [CERTS],
    title: 'The station answers NotFound for a certificate type it holds none of',
    killedBy: [CERT201.idsIgnoreFilter],
    async run({ csms }) {
      await csms.booted();
      // Preparation: MO roots found are deleted.
      for (const entry of (await installedIds(csms, [type])).chain.filter((e) => e.certificateType === type)) {
        const deleted = String((await csms.call('DeleteCertificate', { certificateHashData: entry.certificateHashData })).status);
        if (deleted !== 'Accepted') throw new Inconclusive(`the preparation could not remove an installed MORootCertificate: DeleteCertificate answered ${deleted}`);
      }
      const { status, answer } = await installedIds(csms, [type]);
      if (status !== 'NotFound') throw new Verdict(`with no ${type} installed, GetInstalledCertificateIds for it must be NotFound, got ${status}`, 'M03.FR.02');
      if (answer.certificateHashDataChain !== undefined) throw new Verdict('a NotFound answer must leave certificateHashDataChain out', 'M03.FR.02');
    },
  });
}

/** TC_M_07_CS: an expired CSMS root is Rejected and not listed afterwards. */
export function invalidRootCs(octt: OcttClaim[]) {
  const type = 'CSMSRootCertificate';
  return testCase<CsTestCase>({
    useCase: 'M05', variant: 'invalid-csms-root', ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: [CERTS], needsAbsent: ['AS-2'],
    title: 'The station rejects an expired CSMS root and does not list it',
    killedBy: [CERT201.installsInvalidRoot],
    async run({ csms }) {
      await csms.booted();
      const day = 86_400_000;
      const expired = await storeRoot(type, { notBefore: new Date(Date.now() - 30 * day), notAfter: new Date(Date.now() - day) });
      const status = await install(csms, type, expired);
      if (status !== 'Rejected') {
        await removeQuietly(csms, [[type, expired]]);
        throw new Verdict(`an expired CSMS root must be Rejected, the station answered ${status}`, 'M05.FR.07');
      }
      const { status: listed, chain } = await installedIds(csms, [type]);
      // The station runs at security profile 2 or 3, so it holds the root of the harness's server certificate.
      if (listed !== 'Accepted') throw new Verdict(`GetInstalledCertificateIds for ${type} must be Accepted (the CSMS root of this connection is installed), got ${listed}`, 'M03.FR.03');
      if (await entryFor(chain, type, expired)) throw new Verdict('the rejected certificate is listed by GetInstalledCertificateIds', 'M05.FR.07');
    },
  });
}

/** TC_M_20_CS: an installed CSMS root is deleted by the hash data listed for it and is no longer listed. */
export function deleteCertificateCs(octt: OcttClaim[]) {
  const type = 'CSMSRootCertificate';
  return testCase<CsTestCase>({
    useCase: 'M04', variant: 'delete', ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: [CERTS], needsAbsent: ['AS-2'],
    title: 'The station deletes an installed certificate named by the hash data it listed',
    killedBy: [CERT201.deleteKeeps],
    async run({ csms }) {
      await csms.booted();
      const installed = await installState(csms, [type]);
      const root = installed[0]![1];
      const listed = await installedIds(csms, [type]);
      const entry = await entryFor(listed.chain, type, root);
      if (listed.status !== 'Accepted' || !entry) throw new Verdict('the certificate to delete must be listed by GetInstalledCertificateIds', 'M03.FR.04');
      const status = String((await csms.call('DeleteCertificate', { certificateHashData: entry })).status);
      if (status !== 'Accepted') throw new Verdict(`deleting an installed certificate must be Accepted, got ${status}`, 'M04.FR.02');
      if (await entryFor((await installedIds(csms, [type])).chain, type, root)) throw new Verdict('the deleted certificate is still listed by GetInstalledCertificateIds', 'M04.FR.02');
    },
  });
}

/** TC_M_22_CS: hash data of a certificate the station never had: NotFound. */
export function deleteUnknownCs(octt: OcttClaim[]) {
  const type = 'CSMSRootCertificate';
  return testCase<CsTestCase>({
    useCase: 'M04', variant: 'delete-unknown', ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: [CERTS],
    title: 'The station answers NotFound to DeleteCertificate for a certificate it does not hold',
    killedBy: [CERT201.deleteUnknownAccepted],
    async run({ csms }) {
      await csms.booted();
      // Step 1, reusable state GetInstalledCertificates: the configured CSMS root is the root of the harness's server certificate.
      const configured = csms.pki?.ca;
      if (!configured) throw new Inconclusive('the harness serves no TLS certificate of its own here, so it does not know the configured CSMS root to look for');
      const listed = await installedIds(csms, [type]);
      if (listed.status !== 'Accepted') throw new Verdict(`GetInstalledCertificateIds for ${type} must be Accepted (the CSMS root of this connection is installed), got ${listed.status}`, 'M03.FR.03');
      if (!(await entryFor(listed.chain, type, (await readChain(configured))[0]!))) {
        throw new Verdict('GetInstalledCertificateIds must list the configured CSMS root (the root of the harness\'s server certificate) with its hash data', 'M03.FR.04');
      }
      const unknown = await storeRoot('unknown root');
      const status = String((await csms.call('DeleteCertificate', { certificateHashData: await certificateHashData(unknown) })).status);
      if (status !== 'NotFound') throw new Verdict(`DeleteCertificate for a certificate the station does not hold must be NotFound, got ${status}`, 'M04.FR.04');
    },
  });
}

// ---- CSMS under test ----------------------------------------------------------------------------------------------

interface StoreOptions { install?: string; delete?: string; algorithm?: Algorithm }

/** The harness station's store: answers InstallCertificate (status as asked), lists by type filter and deletes. */
function stationStore(station: Peer, options: StoreOptions = {}) {
  const installed: [string, Certificate][] = [];
  let algorithm: Algorithm = options.algorithm ?? 'SHA256';
  station.answer('InstallCertificate', async (call) => {
    const status = options.install ?? 'Accepted';
    if (status === 'Accepted') {
      const cert = (await readChain(String(call.payload.certificate)).catch(() => []))[0];
      if (!cert) return { status: 'Rejected' };
      installed.push([String(call.payload.certificateType), cert]);
    }
    return { status };
  });
  station.answer('GetInstalledCertificateIds', async (call) => {
    const asked = call.payload.certificateType as string[] | undefined;
    const mine = installed.filter(([t]) => !asked?.length || asked.includes(t));
    if (!mine.length) return { status: 'NotFound' };
    return { status: 'Accepted', certificateHashDataChain: await Promise.all(mine.map(async ([certificateType, c]) => ({ certificateType, certificateHashData: await certificateHashData(c, algorithm) }))) };
  });
  station.answer('DeleteCertificate', () => ({ status: options.delete ?? 'Accepted' }));
  return { installed, useAlgorithm: (a: Algorithm) => { algorithm = a; } };
}

/** Reusable state CertificateInstalled (CSMS): the operator installs a root; the CSMS sends it with the right type. */
async function certificateInstalled(ctx: { station: Peer; sut: { act(n: string, a: Record<string, unknown>): Promise<unknown> }; profile: { stationId: string } }, type: string): Promise<Certificate> {
  const root = await storeRoot(type);
  const since = Date.now();
  const acting = ctx.sut.act('installCertificate', { stationId: ctx.profile.stationId, certificateType: type, certificate: root.toString('pem') });
  acting.catch(() => undefined);
  const req = await ctx.station.expectCall('InstallCertificate', { after: since });
  await acting;
  if (req.payload.certificateType !== type) throw new Verdict(`InstallCertificate must carry certificateType ${type}, it carries ${String(req.payload.certificateType)}`, 'M05.FR.01');
  const sent = await readChain(String(req.payload.certificate)).catch(() => []);
  if (!sent[0]?.equal(root)) throw new Verdict('InstallCertificate must carry the certificate the operator gave', 'M05.FR.01');
  return root;
}

/** TC_M_01-04_CSMS, TC_M_05_CSMS (`failed`: the station answers Failed): the CSMS installs a root of `type`. */
export function installCertificateCsms(type: InstallableType, octt: OcttClaim[], failed = false) {
  return testCase<CsmsTestCase>({
    useCase: 'M05', variant: failed ? 'install-failed' : `install-${short(type)}`, ocpp: '2.0.1', sut: 'CSMS', octt, profile: 'security', needs: needsFor([type]),
    actions: ['installCertificate'],
    title: failed ? `The CSMS sends a ${type} that the station fails to install` : `The CSMS installs a ${type} on the station`,
    killedBy: [CERT201F.installWrongType],
    async run(ctx) {
      await ctx.station.booted();
      stationStore(ctx.station, failed ? { install: 'Failed' } : {});
      await certificateInstalled(ctx, type);
    },
  });
}

/**
 * TC_M_12-14/16-19_CSMS: the operator asks for the installed certificates of `types` (none: every type); the CSMS
 * sends GetInstalledCertificateIds with that filter. The harness answers from roots it installed itself, once per
 * hash algorithm in `algorithms` (TC_M_12: SHA256, SHA384, SHA512); `notFound`: it holds none (TC_M_19).
 */
export function installedCertificatesCsms(types: readonly (InstallableType | 'V2GCertificateChain')[] | undefined, octt: OcttClaim[], options: { algorithms?: Algorithm[]; notFound?: boolean } = {}) {
  const algorithms = options.algorithms ?? ['SHA256'];
  return testCase<CsmsTestCase>({
    useCase: 'M03', variant: options.notFound ? 'not-found' : types ? types.map(short).join('+') : 'all-types', ocpp: '2.0.1', sut: 'CSMS', octt, profile: 'security',
    needs: needsFor(types ?? []), actions: ['getInstalledCertificateIds'],
    title: `The CSMS asks the station for its installed ${types ? types.join(' and ') : 'certificates of every type'}${options.notFound ? ' (none there)' : ''}`,
    killedBy: types ? [CERT201F.idsNoFilter] : [CERT201F.idsAlwaysFiltered],
    async run({ station, sut, profile }) {
      await station.booted();
      const store = stationStore(station);
      if (!options.notFound) {
        for (const type of types ?? ['CSMSRootCertificate', 'ManufacturerRootCertificate']) store.installed.push([type, await storeRoot(type)]);
      }
      for (const algorithm of algorithms) {
        store.useAlgorithm(algorithm);
        const since = Date.now();
        const acting = sut.act('getInstalledCertificateIds', { stationId: profile.stationId, ...(types ? { certificateType: [...types] } : {}) });
        acting.catch(() => undefined);
        const req = await station.expectCall('GetInstalledCertificateIds', { after: since });
        await acting;
        const asked = (req.payload.certificateType as string[] | undefined) ?? [];
        const same = types ? asked.length === types.length && types.every((t) => asked.includes(t)) : asked.length === 0;
        if (!same) throw new Verdict(`GetInstalledCertificateIds must ${types ? `ask for ${types.join(' and ')}` : 'leave certificateType out'}, it asks for ${JSON.stringify(req.payload.certificateType)}`, 'M03.FR.01');
      }
    },
  });
}

/**
 * TC_M_20_CSMS / TC_M_21_CSMS (`failed`): with a CSMS root installed by the CSMS, the operator deletes it; the CSMS
 * lists CSMS roots (or every type) and deletes with the hash data the station listed, in each algorithm of
 * `algorithms` in turn (the harness lists in that algorithm).
 */
export function deleteCertificateCsms(octt: OcttClaim[], options: { algorithms: Algorithm[]; failed?: boolean }) {
  const type = 'CSMSRootCertificate';
  return testCase<CsmsTestCase>({
    useCase: 'M04', variant: options.failed ? 'delete-failed' : 'delete', ocpp: '2.0.1', sut: 'CSMS', octt, profile: 'security', needs: [CERTS],
    actions: ['installCertificate', 'deleteCertificate'],
    title: options.failed ? 'The CSMS deletes a certificate the station fails to delete' : 'The CSMS deletes a certificate with the hash data the station listed, in each hash algorithm',
    killedBy: options.failed ? [CERT201F.installWrongType] : [CERT201F.deleteSha256Only],
    async run(ctx) {
      const { station, sut, profile } = ctx;
      await station.booted();
      const store = stationStore(station, options.failed ? { delete: 'Failed' } : {});
      for (const algorithm of options.algorithms) {
        store.useAlgorithm(algorithm);
        const root = await certificateInstalled(ctx, type);
        const since = Date.now();
        const acting = sut.act('deleteCertificate', { stationId: profile.stationId, certificateType: type, certificate: root.toString('pem') });
        acting.catch(() => undefined);
        const listed = await station.expectCall('GetInstalledCertificateIds', { after: since });
        const asked = (listed.payload.certificateType as string[] | undefined) ?? [];
        if (asked.length && !asked.includes(type)) throw new Verdict(`GetInstalledCertificateIds must ask for ${type} or leave certificateType out, it asks for ${JSON.stringify(asked)}`, 'M03.FR.01');
        const del = await station.expectCall('DeleteCertificate', { after: listed });
        await acting;
        const mine = await certificateHashData(root, algorithm);
        if (!sameHashData(del.payload.certificateHashData as Partial<CertificateHashData>, mine)) {
          throw new Verdict(`DeleteCertificate must name the certificate with the hash data (algorithm ${algorithm}) the station listed; got ${JSON.stringify(del.payload.certificateHashData)}`, 'M04.FR.07');
        }
        store.installed.length = 0;
      }
    },
  });
}

/**
 * TC_M_24_CSMS: the harness station asks for the OCSP status of a certificate whose responder the harness runs on
 * loopback; the CSMS must answer Accepted with that responder's DER OCSPResponse (base64), which must say good.
 */
export function certificateStatusCsms(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'M06', variant: 'ocsp', ocpp: '2.0.1', sut: 'CSMS', octt, profile: 'security', needs: [CERTS, 'ISO15118'],
    title: 'The CSMS answers GetCertificateStatus with the OCSP response of the responder named',
    killedBy: [CERT201F.certificateStatusNoOcsp],
    async run({ station }) {
      await station.booted();
      const ocsp = await import('../../src/security/ocsp.js');
      const pki = await (await import('../../src/security/contract-pki.js')).harnessContractPki();
      const responder = await ocsp.OcspResponder.start(pki.signer);
      try {
        const { certificate, ocspRequestData } = await pki.issueContract('OCPPCONFORMANCE-SUBCA', responder.url);
        responder.setStatus(certificate, 'good');
        const answer = await station.call('GetCertificateStatus', { ocspRequestData });
        if (answer.status !== 'Accepted') throw new Verdict(`the OCSP responder named answers good, so GetCertificateStatus must be Accepted, got ${String(answer.status)}`, 'M06.FR.02');
        if (typeof answer.ocspResult !== 'string' || !answer.ocspResult) throw new Verdict('an Accepted GetCertificateStatus must carry ocspResult (the DER OCSPResponse, base64)', 'M06.FR.03');
        if (!responder.queries.length) throw new Verdict('the CSMS answered without asking the OCSP responder named in ocspRequestData', 'M06.FR.02');
        const status = await ocsp.readOcspResponse(Buffer.from(answer.ocspResult, 'base64'), ocspRequestData, [pki.root]).catch((err: Error) => {
          throw new Verdict(`ocspResult must be the responder's OCSPResponse (RFC 6960, DER, base64): ${err.message}`, 'M06.FR.03');
        });
        if (status !== 'good') throw new Verdict(`ocspResult must be the responder's answer (good), it says ${status}`, 'M06.FR.03');
      } finally {
        await responder.close();
      }
    },
  });
}

/**
 * TC_M_23_CS (security profile 3): after the memory state RenewChargingStationCertificate, DeleteCertificate with the
 * hash data of that new charging station certificate must be refused (NotFound or Failed, M04.FR.06).
 */
export function deleteStationCertificateCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'M04', variant: 'delete-station-certificate', ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: [CERTS, 'advanced-security'],
    exclusive: true,
    title: 'The station refuses to delete its own charging station certificate',
    killedBy: [CERT201.deletesStationCert],
    async run({ csms }) {
      await csms.booted();
      const ca = csms.pki?.authority;
      if (!ca) throw new Inconclusive('the harness holds no key of the CSMS root the station trusts (tls.issuerCert / tls.issuerKey): it cannot sign a charging station certificate for profile 3');
      const before = csms.connectionCount;
      const der = await renewStationCertificate(csms);
      // At profile 3 the station moves to the new certificate by reconnecting (A02.FR.08, TC_A_11's subject): the
      // next steps go to the new connection when there is one.
      await csms.waitForConnection(csms.profile.timing.bootTimeoutMs, before).catch(() => undefined);
      const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
      const leaf = (await readChain(pem))[0]!;
      await installedIds(csms);
      const status = String((await csms.call('DeleteCertificate', { certificateHashData: await certificateHashData(leaf, 'SHA256', ca.certificate) })).status);
      if (status !== 'NotFound' && status !== 'Failed') throw new Verdict(`the charging station certificate must not be deleted: DeleteCertificate must be NotFound or Failed, got ${status}`, 'M04.FR.06');
    },
  });
}

/**
 * TC_M_09_CS (AS-2, AdditionalRootCertificateCheck true): a new CSMS root that the installed one did not sign is
 * Rejected; the list still names the old root (the root of the harness's server certificate) and not the new one.
 */
export function additionalRootCheckCs(octt: OcttClaim[]) {
  const type = 'CSMSRootCertificate';
  return testCase<CsTestCase>({
    useCase: 'M05', variant: 'additional-root-check', ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: [CERTS, 'AS-2'],
    title: 'With AdditionalRootCertificateCheck the station rejects a CSMS root its installed root did not sign',
    killedBy: [CERT201.additionalCheckIgnored],
    async run({ csms }) {
      await csms.booted();
      const oldPem = csms.pki?.ca;
      if (!oldPem) throw new Inconclusive('the harness serves no TLS certificate of its own here, so it does not know the old CSMS root to look for');
      const old = (await readChain(oldPem))[0]!;
      const root = await storeRoot(type);
      const status = await install(csms, type, root);
      if (status !== 'Rejected') {
        await removeQuietly(csms, [[type, root]]);
        throw new Verdict(`with AdditionalRootCertificateCheck true, a CSMS root the installed one did not sign must be Rejected, got ${status}`, 'M05.FR.10');
      }
      const { status: listed, chain } = await installedIds(csms, [type]);
      if (listed !== 'Accepted') throw new Verdict(`GetInstalledCertificateIds for ${type} must be Accepted (the old CSMS root is installed), got ${listed}`, 'M03.FR.03');
      if (await entryFor(chain, type, root)) throw new Verdict('the rejected CSMS root is listed by GetInstalledCertificateIds', 'M05.FR.10');
      if (!(await entryFor(chain, type, old))) throw new Verdict('the old CSMS root (the root of the harness\'s server certificate) must still be listed', 'M05.FR.11');
    },
  });
}

/**
 * TC_M_26_CSMS (Install) / TC_M_28_CSMS (Update): the harness station forwards an EV's certificate request
 * (Get15118EVCertificate); the CSMS must answer Accepted with the EV's response, base64. The request is a stand-in
 * byte stream, not EXI: a CSMS that decodes it and answers Failed leaves the test inconclusive.
 */
export function evCertificateCsms(action: 'Install' | 'Update', octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: action === 'Install' ? 'M01' : 'M02', variant: 'ev-certificate', ocpp: '2.0.1', sut: 'CSMS', octt, profile: 'security', needs: ['ISO15118'],
    title: `The CSMS answers an EV's certificate ${action === 'Install' ? 'installation' : 'update'} request with the response for the EV`,
    killedBy: [CERT201F.evCertificateEmpty],
    async run({ station }) {
      await station.booted();
      const exiRequest = Buffer.from(`ocpp-conformance stand-in Certificate${action === 'Install' ? 'Installation' : 'Update'}Req ${Date.now()}`).toString('base64');
      const answer = await station.call('Get15118EVCertificate', { iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef', action, exiRequest });
      if (answer.status !== 'Accepted') {
        throw new Inconclusive(`the CSMS answered ${String(answer.status)}: the harness's exiRequest is a stand-in, not an EXI CertificateInstallationReq a provisioning service could answer`);
      }
      const exi = String(answer.exiResponse ?? '');
      if (!exi || !/^[A-Za-z0-9+/]+={0,2}$/.test(exi) || exi.length % 4 !== 0) {
        throw new Verdict(`an Accepted Get15118EVCertificate must carry the EV's response base64-encoded in exiResponse, got ${JSON.stringify(exi.slice(0, 40))}`, `${action === 'Install' ? 'M01' : 'M02'}.FR.01`);
      }
    },
  });
}

/**
 * TC_M_15_CS: the station lists its V2G certificate chain: an entry of type V2GCertificateChain whose sub-CA
 * certificates are given in childCertificateHashData. The prerequisite (a chain installed) is established with the
 * memory state RenewV2GChargingStationCertificate when the station has none.
 */
export function v2gChainCs(octt: OcttClaim[]) {
  const type = 'V2GCertificateChain';
  return testCase<CsTestCase>({
    useCase: 'M03', variant: 'v2g-certificate-chain', ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: [CERTS, 'ISO15118'],
    title: 'The station lists its V2G certificate chain with the sub-CA certificates as children',
    killedBy: [CERT201.v2gChainNoChildren],
    async run({ csms }) {
      await csms.booted();
      let installed: Certificate[] | undefined;
      if ((await installedIds(csms, [type])).status !== 'Accepted') installed = await readChain(await renewV2gCertificate(csms));
      const { status, chain } = await installedIds(csms, [type]);
      if (status !== 'Accepted') throw new Verdict(`with a V2G certificate chain installed, GetInstalledCertificateIds for ${type} must be Accepted, got ${status}`, 'M03.FR.03');
      const entries = chain.filter((e) => e.certificateType === type) as (ChainEntry & { childCertificateHashData?: CertificateHashData[] })[];
      if (!entries.length) throw new Verdict(`certificateHashDataChain must hold an entry of type ${type}`, 'M03.FR.04');
      if (installed) {
        let mine = false;
        for (const e of entries) {
          const h = e.certificateHashData;
          if (['SHA256', 'SHA384', 'SHA512'].includes(h.hashAlgorithm) && sameHashData(h, await certificateHashData(installed[0]!, h.hashAlgorithm, installed[1] ?? installed[0]))) mine = true;
        }
        if (!mine) throw new Verdict(`no ${type} entry names the V2G certificate installed (its hash data, computed with its sub-CA as issuer)`, 'M03.FR.04');
      }
      if (!entries.some((e) => Array.isArray(e.childCertificateHashData) && e.childCertificateHashData.length > 0)) {
        throw new Verdict(`the ${type} entry must give the chain's sub-CA certificates in childCertificateHashData`, 'M03.FR.04');
      }
    },
  });
}

/**
 * TC_M_26-29_CS: with V2G and MO roots installed and the EV connected (EVConnectedPreSession), the EV asks for its
 * contract certificate to be installed (M01) or updated (M02): the station forwards the request with that action.
 * `answer` Accepted: the EV goes on with Plug and Charge (Authorize, answered Accepted); Failed: no Authorize follows.
 */
export function evCertificateCs(action: 'Install' | 'Update', answer: 'Accepted' | 'Failed', octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: action === 'Install' ? 'M01' : 'M02', variant: `ev-certificate-${answer.toLowerCase()}`, ocpp: '2.0.1', sut: 'CS', octt, profile: 'security',
    needs: [CERTS, 'ISO15118'], actions: ['plugIn', 'evRequestCertificate', 'unplug'],
    title: `The station forwards an EV's certificate ${action === 'Install' ? 'installation' : 'update'} request${answer === 'Failed' ? ' and stops when it failed' : ' and goes on with Plug and Charge'}`,
    killedBy: answer === 'Accepted' ? [EVCERT.wrongAction] : [EVCERT.authorizesAfterFailed],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      const installed = await installState(csms, ['V2GRootCertificate', 'MORootCertificate']);
      const evse = profile.evses[0]!.id;
      try {
        if (action === 'Update') {
          // Configuration state: ContractCertificateInstallationEnabled true, where the station implements it.
          await csms.call('SetVariables', { setVariableData: [{ component: { name: 'ISO15118Ctrlr' }, variable: { name: 'ContractCertificateInstallationEnabled' }, attributeValue: 'true' }] });
        }
        const tx = await readTxSettings(csms, '2.0.1');
        await plugIn(ctx, newSession(csms, evse, tx), 'preSession');
        csms.answer('Get15118EVCertificate', answer === 'Accepted'
          ? { status: 'Accepted', exiResponse: Buffer.from('ocpp-conformance stand-in CertificateInstallationRes').toString('base64') }
          : { status: 'Failed', exiResponse: '' });
        csms.answer('Authorize', { idTokenInfo: { status: 'Accepted' } });
        const since = Date.now();
        await sut.act('evRequestCertificate', { evse, action, emaid: profile.idTokens.emaid });
        const req = await csms.expectCall('Get15118EVCertificate', { after: since }).catch((err: Error) => {
          throw err instanceof Verdict ? new Verdict(`the EV asked for a certificate: the station must forward its request (Get15118EVCertificate): ${err.message}`, `${action === 'Install' ? 'M01' : 'M02'}.FR.01`) : err;
        });
        if (req.payload.action !== action) throw new Verdict(`Get15118EVCertificate must carry action ${action}, it carries ${String(req.payload.action)}`, `${action === 'Install' ? 'M01' : 'M02'}.FR.01`);
        if (answer === 'Accepted') {
          await csms.expectCall('Authorize', { after: req }).catch((err: Error) => {
            throw err instanceof Verdict ? new Verdict(`with its certificate installed the EV goes on with Plug and Charge: the station must send Authorize: ${err.message}`) : err;
          });
        } else {
          const authorize = await csms.firstUnwanted((c) => c.action === 'Authorize', profile.timing.quietMs, req);
          if (authorize) throw new Verdict('the CSMS answered the EV\'s certificate request Failed: the station must not go on with an Authorize');
        }
      } finally {
        await sut.act('unplug', { evse }).catch(() => undefined);
        await removeQuietly(csms, installed);
      }
    },
  });
}
