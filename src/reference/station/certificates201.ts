import type { Payload } from '../../ocpp/frames.js';
import { OcppError } from '../errors.js';
import {
  brokenLink, certificateHashData, readChain, rootProblem, sameHashData, type Certificate, type CertificateHashData,
} from '../../security/csr.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';

/**
 * 2.0.1 M03/M04/M05: CA certificates installed, listed and deleted. CSMS roots are the store security.ts checks
 * certificates against (`trusted`); manufacturer, V2G and MO roots are kept here. The charging station certificate
 * (and its chain) is listed nowhere here but can never be deleted (M04.FR.06).
 */
export const CERT201 = {
  installsInvalidRoot: defineFault('cs.installs-invalid-root-201', '2.0.1: installs an expired or non-CA root certificate (InstallCertificate Accepted)'),
  idsIgnoreFilter: defineFault('cs.installed-ids-ignore-type-filter', '2.0.1: GetInstalledCertificateIds lists every type, whatever certificateType asks for'),
  idsOmittedCsmsOnly: defineFault('cs.installed-ids-omitted-type-csms-only', '2.0.1: GetInstalledCertificateIds without certificateType lists only the CSMS roots'),
  wrongHash: defineFault('cs.installed-ids-wrong-key-hash', '2.0.1: computes issuerKeyHash over the whole SubjectPublicKeyInfo instead of the key bits'),
  deleteKeeps: defineFault('cs.delete-certificate-keeps-it-201', '2.0.1: answers DeleteCertificate Accepted but keeps the certificate'),
  deleteUnknownAccepted: defineFault('cs.delete-unknown-certificate-accepted', '2.0.1: answers DeleteCertificate Accepted for hash data that matches no installed certificate'),
  additionalCheckIgnored: defineFault('cs.additional-root-check-ignored', '2.0.1 AS-2: installs a new CSMS root that the installed one did not sign, although AdditionalRootCertificateCheck is true'),
  v2gChainNoChildren: defineFault('cs.v2g-chain-without-children', '2.0.1: lists its V2G certificate chain without childCertificateHashData for the sub-CA certificates'),
  newRootNoFallback: defineFault('cs.new-csms-root-no-fallback', '2.0.1 AS-2: after a new CSMS root, never falls back to the old one when the CSMS certificate does not validate with the new'),
  newRootDropsOld: defineFault('cs.new-csms-root-drops-old-at-once', '2.0.1 AS-2: removes the old CSMS root as soon as the new one is installed, before a connection with the new one succeeded'),
  newRootKeepsOld: defineFault('cs.new-csms-root-keeps-old', '2.0.1 AS-2: keeps the old CSMS root after a connection validated with the new one succeeded'),
  ocspWrongKeyHash: defineFault('cs.ocsp-request-wrong-key-hash', '2.0.1: GetCertificateStatus names its V2G certificate with an issuerKeyHash over the whole SubjectPublicKeyInfo instead of the key bits'),
  deletesStationCert: defineFault('cs.deletes-station-certificate', '2.0.1: deletes its own charging station certificate on DeleteCertificate (Accepted)'),
};

export type InstallableType = 'CSMSRootCertificate' | 'ManufacturerRootCertificate' | 'V2GRootCertificate' | 'MORootCertificate';
const TYPES: readonly InstallableType[] = ['CSMSRootCertificate', 'ManufacturerRootCertificate', 'V2GRootCertificate', 'MORootCertificate'];

export function installCertificates201(
  station: ReferenceStation, trusted: () => Promise<Certificate[]>, stationCertificate: () => string | undefined,
  v2gChain: () => string | undefined = () => undefined,
): void {
  const has = (f: string) => station.faults.has(f);
  const others: Record<string, Certificate[]> = { ManufacturerRootCertificate: [], V2GRootCertificate: [], MORootCertificate: [] };
  const store = async (type: string): Promise<Certificate[] | undefined> => (type === 'CSMSRootCertificate' ? trusted() : others[type]);
  const hashOf = (cert: Certificate, algorithm: CertificateHashData['hashAlgorithm'] = 'SHA256') => certificateHashData(cert, algorithm, cert, has(CERT201.wrongHash));

  // AS-2 (a variant of the reference): SecurityCtrlr.AdditionalRootCertificateCheck is true, so a new CSMS root must
  // be signed by an installed one (M05.FR.10/11). Without it the variable is not implemented.
  if ((station.options.optional ?? []).includes('AS-2')) {
    station.variables.set('SecurityCtrlr/AdditionalRootCertificateCheck', { value: 'true', readonly: true });
  }
  const additionalCheck = () => station.variables.get('SecurityCtrlr/AdditionalRootCertificateCheck')?.value === 'true';

  // M05.FR.13-16: the next connection validates the CSMS certificate with the new root only. Once one succeeded the
  // old root (the one that signed the new) goes; if one fails the station falls back to the old root and keeps it.
  let pending: { cert: Certificate; oldCa?: string } | undefined;
  const signersOf = async (cert: Certificate, list: Certificate[]) => {
    const out: Certificate[] = [];
    for (const c of list) if (!c.equal(cert) && !(await brokenLink([cert, c]))) out.push(c);
    return out;
  };
  const drop = (list: Certificate[], gone: Certificate[]) => {
    for (const g of gone) {
      const i = list.findIndex((c) => c.equal(g));
      if (i >= 0) list.splice(i, 1);
    }
  };
  const tryNewRoot = async (cert: Certificate, pem: string, list: Certificate[]) => {
    const tls = station.options.tls ?? {};
    if (has(CERT201.newRootDropsOld)) drop(list, await signersOf(cert, list));
    pending = { cert, oldCa: has(CERT201.newRootDropsOld) ? undefined : tls.ca };
    station.options.tls = { ...tls, ca: pem.trim(), allowPartialTrustChain: true };
  };
  station.on('connected', () => {
    const tried = pending;
    if (!tried) return;
    pending = undefined;
    if (has(CERT201.newRootKeepsOld)) return;
    void trusted().then(async (list) => drop(list, await signersOf(tried.cert, list)));
  });
  station.on('connectFailed', () => {
    const tried = pending;
    if (!tried || has(CERT201.newRootNoFallback)) return;
    pending = undefined;
    station.log.event('the CSMS certificate did not validate with the new CSMS root: falling back to the old root');
    const tls = station.options.tls ?? {};
    station.options.tls = { ...tls, ca: [tried.oldCa, tls.ca].filter(Boolean).join('\n') };
  });

  station.handle('InstallCertificate', async (p) => {
    const list = await store(String(p.certificateType));
    if (!list) throw new OcppError('PropertyConstraintViolation', `unknown certificateType ${String(p.certificateType)}`);
    if (p.certificateType === 'CSMSRootCertificate' && additionalCheck()) {
      const [cert] = await readChain(String(p.certificate)).catch(() => [] as Certificate[]);
      if (!cert) return { status: 'Rejected' };
      let signedByOld = false;
      for (const old of list) if (!signedByOld && !(await brokenLink([cert, old]))) signedByOld = true;
      if (!signedByOld && !has(CERT201.additionalCheckIgnored)) return { status: 'Rejected' };
      // Kept beside the old root until a connection with the new one succeeded (the fallback of M05.FR.13/14).
      if (!list.some((c) => c.equal(cert))) {
        list.push(cert);
        await tryNewRoot(cert, String(p.certificate), list);
      }
      return { status: 'Accepted' };
    }
    // M05.FR.07 (expired, not a CA, not parseable: Rejected).
    if ((await rootProblem(String(p.certificate))) && !has(CERT201.installsInvalidRoot)) return { status: 'Rejected' };
    const cert = (await readChain(String(p.certificate)))[0]!;
    if (!list.some((c) => c.equal(cert))) list.push(cert);
    return { status: 'Accepted' };
  });

  station.handle('GetInstalledCertificateIds', async (p) => {
    const asked = p.certificateType as string[] | undefined;
    const types = has(CERT201.idsIgnoreFilter) || !asked?.length
      ? (has(CERT201.idsOmittedCsmsOnly) && !asked?.length ? ['CSMSRootCertificate'] : TYPES)
      : asked.filter((t) => (TYPES as readonly string[]).includes(t));
    const chain: Payload[] = [];
    for (const certificateType of types) {
      for (const c of (await store(certificateType)) ?? []) chain.push({ certificateType, certificateHashData: await hashOf(c) });
    }
    // The V2G charging station certificate, with its sub-CA certificates as children (the V2G root is listed apart).
    const v2g = v2gChain();
    if (v2g && (has(CERT201.idsIgnoreFilter) || !asked?.length || asked.includes('V2GCertificateChain'))) {
      const certs = await readChain(v2g).catch(() => [] as Certificate[]);
      const issuer = (i: number) => certs[i + 1] ?? certs[i]!;
      const subCas = certs.slice(1).filter((c) => !c.subject || c.subject !== c.issuer);
      const children = await Promise.all(subCas.map((c) => certificateHashData(c, 'SHA256', issuer(certs.indexOf(c)))));
      if (certs.length) {
        chain.push({
          certificateType: 'V2GCertificateChain', certificateHashData: await certificateHashData(certs[0]!, 'SHA256', issuer(0)),
          ...(children.length && !has(CERT201.v2gChainNoChildren) ? { childCertificateHashData: children } : {}),
        });
      }
    }
    // M03.FR.02: nothing of the asked types is NotFound, without a list.
    return chain.length ? { status: 'Accepted', certificateHashDataChain: chain } : { status: 'NotFound' };
  });

  // M06: the status of each certificate of the V2G chain that names an OCSP responder, asked of the CSMS (operator
  // action: in a real station a schedule does it). The answer is cached for the ISO 15118 handshake; Failed keeps
  // the last good one.
  const ocspCache = new Map<string, string>();
  station.onAction('requestV2gCertificateStatus', async () => {
    const { certIdOf, ocspUrlOf } = await import('../../security/ocsp.js');
    const { createHash } = await import('node:crypto');
    const certs = await readChain(v2gChain() ?? '').catch(() => [] as Certificate[]);
    const asked = certs.filter((c, i) => certs[i + 1] && ocspUrlOf(c));
    if (!asked.length) throw new Error('no certificate of the V2G chain names an OCSP responder');
    for (const cert of asked) {
      const id = certIdOf(cert, certs[certs.indexOf(cert) + 1]!);
      if (has(CERT201.ocspWrongKeyHash)) id.issuerKeyHash = createHash('sha256').update(Buffer.from(certs[certs.indexOf(cert) + 1]!.publicKey.rawData)).digest('hex').toUpperCase();
      const answer = await station.send('GetCertificateStatus', { ocspRequestData: { ...id, responderURL: ocspUrlOf(cert)! } });
      if (answer?.status === 'Accepted' && typeof answer.ocspResult === 'string') ocspCache.set(id.serialNumber, answer.ocspResult);
    }
  });

  station.handle('DeleteCertificate', async (p) => {
    const wanted = p.certificateHashData as Partial<CertificateHashData>;
    const algorithm = wanted.hashAlgorithm ?? 'SHA256';
    // M04.FR.06: the charging station certificate is never deleted.
    const own = stationCertificate();
    if (own) {
      const chain = await readChain(own).catch(() => [] as Certificate[]);
      for (const [i, c] of chain.entries()) {
        if (sameHashData(wanted, await certificateHashData(c, algorithm, chain[i + 1] ?? c))) return { status: has(CERT201.deletesStationCert) ? 'Accepted' : 'Failed' };
      }
    }
    for (const type of TYPES) {
      const list = (await store(type))!;
      for (const [i, c] of list.entries()) {
        if (!sameHashData(wanted, await hashOf(c, algorithm))) continue;
        if (!has(CERT201.deleteKeeps)) list.splice(i, 1);
        return { status: 'Accepted' };
      }
    }
    return { status: has(CERT201.deleteUnknownAccepted) ? 'Accepted' : 'NotFound' };
  });
}
