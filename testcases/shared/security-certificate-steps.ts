// 1.6 security white paper M03-M05 (TC_075_1/075_2/076/078, both roles): root certificates installed, listed and
// deleted on a charge point, with real certificates and certificate hash data the harness computes itself.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { testCase, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict, type Peer } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import type { Payload } from '../../src/ocpp/frames.js';
import { SEC } from '../../src/reference/station/security.js';
import { SECF } from '../../src/reference/csms/security.js';
import { certificateHashData, createAuthority, readChain, sameHashData, type Certificate, type CertificateHashData } from '../../src/security/csr.js';

/** Install, list and delete CA certificates (white paper M03-M05; the documents' prerequisite: profile 2 or 3 supported). */
const CERTS = 'certificate-management';
export type RootType = 'CentralSystemRootCertificate' | 'ManufacturerRootCertificate';

/** A root of the harness's "store" (a fresh CA per test), named after its type. */
export async function storeRoot(type: string, validity: { notBefore?: Date; notAfter?: Date } = {}): Promise<Certificate> {
  return (await createAuthority({ CN: `ocpp-conformance test ${type}`, O: 'ocpp-conformance' }, validity)).certificate;
}

/** The station's list for `type`: its status and hash data. */
async function installedIds(csms: CsmsHarness, type: RootType): Promise<{ status: string; hashes: CertificateHashData[] }> {
  const answer = await csms.call('GetInstalledCertificateIds', { certificateType: type });
  return { status: String(answer.status), hashes: (answer.certificateHashData as CertificateHashData[] | undefined) ?? [] };
}

/** Whether the list names `cert`, each entry compared with our own calculation in that entry's algorithm. */
export async function lists(hashes: CertificateHashData[], cert: Certificate): Promise<CertificateHashData | undefined> {
  for (const h of hashes) {
    if (['SHA256', 'SHA384', 'SHA512'].includes(h.hashAlgorithm) && sameHashData(h, await certificateHashData(cert, h.hashAlgorithm))) return h;
  }
  return undefined;
}

export async function install(csms: CsmsHarness, type: RootType, cert: Certificate): Promise<string> {
  return String((await csms.call('InstallCertificate', { certificateType: type, certificate: cert.toString('pem') })).status);
}

/** Best effort: take our test root off a charger again (not a step of the documents). */
export async function removeQuietly(csms: CsmsHarness, type: RootType, cert: Certificate): Promise<void> {
  try {
    const entry = await lists((await installedIds(csms, type)).hashes, cert);
    if (entry) await csms.call('DeleteCertificate', { certificateHashData: entry });
  } catch (err) {
    csms.log.event(`clean-up: could not delete the test root: ${(err as Error).message}`);
  }
}

/** TC_075_1_CS / TC_075_2_CS: a root is installed (Accepted) and then listed with the hash data we compute. */
export function installCertificateCs(type: RootType, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'M05', variant: type === 'CentralSystemRootCertificate' ? 'install-csms-root' : 'install-manufacturer-root', ocpp: '1.6', sut: 'CS',
    octt, profile: 'security', needs: [CERTS],
    title: `The charge point installs a ${type} and lists it with the right certificate hash data`,
    killedBy: [SEC.idsMissLatest, SEC.wholeKeyHash],
    async run({ csms }) {
      await csms.booted();
      const root = await storeRoot(type);
      const status = await install(csms, type, root);
      if (status !== 'Accepted') throw new Verdict(`a valid ${type} must be installed (Accepted), the charge point answered ${status}`, 'M05.FR.02');
      const { status: listed, hashes } = await installedIds(csms, type);
      if (listed !== 'Accepted') throw new Verdict(`GetInstalledCertificateIds for ${type} must be Accepted after an install, got ${listed}`, 'M03.FR.03');
      if (!(await lists(hashes, root))) {
        throw new Verdict(`GetInstalledCertificateIds must list the installed certificate; none of the ${hashes.length} entries matches the hash data computed from it (issuer name and key hashes, serial number)`, 'M03.FR.04');
      }
      await removeQuietly(csms, type, root);
    },
  });
}

/** TC_076_CS: an installed Central System root is deleted by its hash data and no longer listed. */
export function deleteCertificateCs(octt: OcttClaim[]) {
  const type: RootType = 'CentralSystemRootCertificate';
  return testCase<CsTestCase>({
    useCase: 'M04', variant: 'delete', ocpp: '1.6', sut: 'CS', octt, profile: 'security', needs: [CERTS],
    title: 'The charge point deletes an installed certificate named by its hash data',
    killedBy: [SEC.deleteKeeps],
    async run({ csms }) {
      await csms.booted();
      // Memory state CertificateInstalled: installing is TC_075's subject, so a refusal here is inconclusive.
      const root = await storeRoot(type);
      const installed = await install(csms, type, root);
      if (installed !== 'Accepted') throw new Inconclusive(`memory state CertificateInstalled not reached: InstallCertificate answered ${installed} (TC_075_2 is about it)`);
      const entry = await lists((await installedIds(csms, type)).hashes, root);
      if (!entry) throw new Inconclusive('memory state CertificateInstalled not reached: the installed root is not listed (TC_075_2 is about it)');
      // Step 3: the hash data of our certificate, computed by us with the algorithm the charge point used at step 2.
      const status = String((await csms.call('DeleteCertificate', { certificateHashData: await certificateHashData(root, entry.hashAlgorithm) })).status);
      if (status !== 'Accepted') throw new Verdict(`deleting an installed certificate must be Accepted, got ${status}`, 'M04.FR.02');
      const after = await installedIds(csms, type);
      if (await lists(after.hashes, root)) throw new Verdict('the deleted certificate is still listed by GetInstalledCertificateIds', 'M04.FR.02');
    },
  });
}

/** TC_078_CS: an expired Central System root is Rejected and reported as InvalidCentralSystemCertificate. */
export function invalidCsmsRootCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'M05', variant: 'invalid-csms-root', ocpp: '1.6', sut: 'CS', octt, profile: 'security', needs: [CERTS],
    title: 'An expired Central System root is rejected and reported as a security event',
    killedBy: [SEC.installsInvalidRoot, SEC.noInvalidCsmsCertEvent],
    async run({ csms }) {
      await csms.booted();
      const day = 86_400_000;
      const expired = await storeRoot('CentralSystemRootCertificate', { notBefore: new Date(Date.now() - 30 * day), notAfter: new Date(Date.now() - day) });
      const since = Date.now();
      const status = await install(csms, 'CentralSystemRootCertificate', expired);
      if (status !== 'Rejected') throw new Verdict(`an expired Central System root must be Rejected, the charge point answered ${status}`, 'M05.FR.06');
      await csms.expectCall('SecurityEventNotification', { after: since, where: { type: 'InvalidCentralSystemCertificate' } }).catch((err: Error) => {
        throw err instanceof Verdict ? new Verdict(`the charge point must report the invalid certificate as security event InvalidCentralSystemCertificate: ${err.message}`) : err;
      });
    },
  });
}

// ---- CSMS under test --------------------------------------------------------------------------------------------

/** The harness station's certificate store: answers InstallCertificate (Accepted or not), lists and deletes. */
function stationStore(station: Peer, accept: boolean) {
  const installed: { type: string; cert: Certificate }[] = [];
  station.answer('InstallCertificate', async (call) => {
    if (!accept) return { status: 'Rejected' };
    try {
      installed.push({ type: String(call.payload.certificateType), cert: (await readChain(String(call.payload.certificate)))[0]! });
      return { status: 'Accepted' };
    } catch {
      return { status: 'Rejected' };
    }
  });
  station.answer('GetInstalledCertificateIds', async (call) => {
    const mine = installed.filter((i) => i.type === call.payload.certificateType);
    return mine.length ? { status: 'Accepted', certificateHashData: await Promise.all(mine.map((i) => certificateHashData(i.cert))) } : { status: 'NotFound' };
  });
  return installed;
}

/** TC_075_1_CSMS / TC_075_2_CSMS: the operator installs a root; the CSMS sends it with the right type, then lists that type. */
export function installCertificateCsms(type: RootType, octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'M05', variant: type === 'CentralSystemRootCertificate' ? 'install-csms-root' : 'install-manufacturer-root', ocpp: '1.6', sut: 'CSMS',
    octt, profile: 'security', needs: [CERTS], actions: ['installCertificate'],
    title: `The CSMS installs a ${type} on the charge point and lists that type`,
    killedBy: [SECF.installWrongType],
    async run({ station, sut, profile }) {
      await station.booted();
      stationStore(station, true);
      const root = await storeRoot(type);
      const acting = sut.act('installCertificate', { stationId: profile.stationId, certificateType: type, certificate: root.toString('pem') });
      acting.catch(() => undefined);
      const req = await station.expectCall('InstallCertificate');
      if (req.payload.certificateType !== type) throw new Verdict(`InstallCertificate must carry certificateType ${type}, it carries ${String(req.payload.certificateType)}`);
      const sent = await readChain(String(req.payload.certificate)).catch(() => []);
      if (!sent[0]?.equal(root)) throw new Verdict('InstallCertificate must carry the certificate the operator gave');
      const ids = await station.expectCall('GetInstalledCertificateIds', { after: req });
      await acting;
      if (ids.payload.certificateType !== type) throw new Verdict(`GetInstalledCertificateIds must ask for ${type}, it asks for ${String(ids.payload.certificateType)}`);
    },
  });
}

/** TC_076_CSMS: the CSMS deletes an installed root with the hash data the charge point reported. */
export function deleteCertificateCsms(octt: OcttClaim[]) {
  const type: RootType = 'CentralSystemRootCertificate';
  return testCase<CsmsTestCase>({
    useCase: 'M04', variant: 'delete', ocpp: '1.6', sut: 'CSMS', octt, profile: 'security', needs: [CERTS], actions: ['installCertificate', 'deleteCertificate'],
    title: 'The CSMS deletes a certificate with the hash data the charge point listed',
    killedBy: [SECF.deleteOwnHash],
    async run({ station, sut, profile }) {
      await station.booted();
      const installed = stationStore(station, true);
      const root = await storeRoot(type);
      // Memory state: the CSMS installed this root (Root 2).
      await sut.act('installCertificate', { stationId: profile.stationId, certificateType: type, certificate: root.toString('pem') });
      await station.expectCall('InstallCertificate');
      const since = Date.now();
      let deleted: Payload | undefined;
      station.answer('DeleteCertificate', (call) => {
        deleted = call.payload.certificateHashData as Payload;
        return { status: 'Accepted' };
      });
      const acting = sut.act('deleteCertificate', { stationId: profile.stationId, certificateType: type, certificate: root.toString('pem') });
      acting.catch(() => undefined);
      const listed = await station.expectCall('GetInstalledCertificateIds', { after: since });
      if (listed.payload.certificateType !== type) throw new Verdict(`GetInstalledCertificateIds must ask for ${type}, it asks for ${String(listed.payload.certificateType)}`);
      await station.expectCall('DeleteCertificate', { after: listed });
      await acting;
      const mine = await certificateHashData(root);
      if (!deleted || !sameHashData(deleted as Partial<CertificateHashData>, mine)) {
        throw new Verdict(`DeleteCertificate must name the certificate with the hash data (and algorithm ${mine.hashAlgorithm}) the charge point listed; got ${JSON.stringify(deleted)}`, 'M04.FR.07');
      }
      installed.length = 0;
    },
  });
}

/** TC_078_CSMS: the charge point rejects the root and reports InvalidCentralSystemCertificate; the CSMS answers it. */
export function invalidCsmsRootCsms(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'M05', variant: 'invalid-csms-root', ocpp: '1.6', sut: 'CSMS', octt, profile: 'security', needs: [CERTS], actions: ['installCertificate'],
    title: 'The CSMS takes the security event of a charge point that rejected its Central System root',
    killedBy: [SECF.noSecurityEvents],
    async run({ station, sut, profile }) {
      await station.booted();
      stationStore(station, false);
      const acting = sut.act('installCertificate', { stationId: profile.stationId, certificateType: 'CentralSystemRootCertificate', certificate: (await storeRoot('CentralSystemRootCertificate')).toString('pem') });
      acting.catch(() => undefined);
      const req = await station.expectCall('InstallCertificate');
      if (req.payload.certificateType !== 'CentralSystemRootCertificate') throw new Verdict(`InstallCertificate must carry certificateType CentralSystemRootCertificate, it carries ${String(req.payload.certificateType)}`);
      await acting;
      await station.call('SecurityEventNotification', { type: 'InvalidCentralSystemCertificate', timestamp: station.now() });
    },
  });
}

// ---- security log (TC_079) --------------------------------------------------------------------------------------

/** A loopback HTTP server that takes uploads (PUT or POST) for the length of one test, where the harness listens. */
async function uploadServer(host: string): Promise<{ url: string; uploads: { path: string; bytes: number }[]; close(): Promise<void> }> {
  const uploads: { path: string; bytes: number }[] = [];
  const server = http.createServer((req, res) => {
    if (req.method !== 'PUT' && req.method !== 'POST') return void res.writeHead(405).end();
    let bytes = 0;
    req.on('data', (chunk: Buffer) => { bytes += chunk.length; });
    req.on('end', () => {
      uploads.push({ path: req.url ?? '/', bytes });
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, host, () => resolve()); });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/logs`, uploads,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/**
 * TC_079_CS: GetLog SecurityLog to an HTTP location of the harness; Accepted, LogStatusNotification Uploading then
 * Uploaded, and the expected result: the log really arrived at that location.
 */
export function securityLogCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'N01', variant: 'security-log', ocpp: '1.6', sut: 'CS', octt, profile: 'security', needs: [CERTS],
    title: 'The charge point uploads its security log where GetLog says and reports Uploading, then Uploaded',
    killedBy: [SEC.logUploadedWithoutUpload, SEC.logNoUploadingStatus],
    async run({ csms }) {
      await csms.booted();
      const upload = await uploadServer(new URL(csms.server.url).hostname);
      try {
        const requestId = 79;
        const answer = await csms.call('GetLog', { logType: 'SecurityLog', requestId, log: { remoteLocation: upload.url } });
        if (answer.status !== 'Accepted') throw new Verdict(`GetLog for the security log must be Accepted, got ${String(answer.status)}`);
        const uploading = await csms.expectCall('LogStatusNotification', { within: csms.profile.timing.callTimeoutMs });
        if (uploading.payload.status !== 'Uploading') throw new Verdict(`the first LogStatusNotification must say Uploading, it says ${String(uploading.payload.status)}`);
        const done = await csms.expectCall('LogStatusNotification', { after: uploading, within: csms.profile.timing.callTimeoutMs });
        if (done.payload.status !== 'Uploaded') throw new Verdict(`after the upload the charge point must report Uploaded, it reported ${String(done.payload.status)}`);
        for (const call of [uploading, done]) {
          if (call.payload.requestId !== undefined && call.payload.requestId !== requestId) throw new Verdict(`LogStatusNotification must carry the requestId of the GetLog (${requestId}), it carries ${String(call.payload.requestId)}`);
        }
        if (!upload.uploads.some((u) => u.bytes > 0)) throw new Verdict('the charge point reported Uploaded, but nothing arrived at the log location');
      } finally {
        await upload.close();
      }
    },
  });
}

/** TC_079_CSMS: the operator asks for the security log; the CSMS sends GetLog SecurityLog to the location given and takes both status reports. */
export function securityLogCsms(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'N01', variant: 'security-log', ocpp: '1.6', sut: 'CSMS', octt, profile: 'security', needs: [CERTS], actions: ['getSecurityLog'],
    title: 'The CSMS asks for the security log and takes the upload status reports',
    killedBy: [SECF.getLogWrongType],
    async run({ station, sut, profile }) {
      await station.booted();
      const remoteLocation = 'http://127.0.0.1:9/ocpp-conformance-logs';
      station.answer('GetLog', { status: 'Accepted', filename: 'security.log' });
      const acting = sut.act('getSecurityLog', { stationId: profile.stationId, remoteLocation });
      acting.catch(() => undefined);
      const req = await station.expectCall('GetLog');
      await acting;
      if (req.payload.logType !== 'SecurityLog') throw new Verdict(`GetLog must ask for logType SecurityLog, it asks for ${String(req.payload.logType)}`);
      const location = (req.payload.log as Payload | undefined)?.remoteLocation;
      if (location !== remoteLocation) throw new Verdict(`GetLog must carry the configured log location ${remoteLocation}, it carries ${String(location)}`);
      for (const status of ['Uploading', 'Uploaded']) await station.call('LogStatusNotification', { status, requestId: req.payload.requestId });
    },
  });
}
