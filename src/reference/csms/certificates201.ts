import { certificateHashData, readChain, sameHashData, type CertificateHashData } from '../../security/csr.js';
import { defineFault } from '../faults.js';
import type { ReferenceCsms } from './csms.js';

/**
 * 2.0.1 M03-M05 operated from the CSMS: the operator installs a CA certificate on a station, asks which are installed
 * and deletes one. Operator actions (README "Operator actions"): `installCertificate` { stationId?, certificateType,
 * certificate }, `getInstalledCertificateIds` { stationId?, certificateType?: string[] } (omitted: every type) and
 * `deleteCertificate` { stationId?, certificateType, certificate }: lists that type, then deletes the entry that
 * names the certificate with the hash data (and algorithm) the station reported (M04.FR.07). M06: GetCertificateStatus
 * is answered with the OCSP responder's own answer.
 */
export const CERT201F = {
  installWrongType: defineFault('csms.install-certificate-wrong-type-201', '2.0.1: sends InstallCertificate with certificateType ManufacturerRootCertificate for every root the operator installs (CSMSRootCertificate for a manufacturer root)'),
  idsNoFilter: defineFault('csms.installed-ids-drops-filter', '2.0.1: sends GetInstalledCertificateIds without the certificateType filter the operator asked for'),
  idsAlwaysFiltered: defineFault('csms.installed-ids-always-filtered', '2.0.1: sends GetInstalledCertificateIds for CSMSRootCertificate only when the operator asked for every type'),
  certificateStatusNoOcsp: defineFault('csms.certificate-status-without-ocsp', '2.0.1: answers GetCertificateStatus Accepted without asking the OCSP responder (no ocspResult)'),
  evCertificateEmpty: defineFault('csms.ev-certificate-empty-exi', '2.0.1: answers Get15118EVCertificate Accepted with an empty exiResponse'),
  deleteSha256Only: defineFault('csms.delete-certificate-sha256-only', '2.0.1: deletes with SHA256 hash data it computed itself, whatever hash algorithm the station listed'),
};

export function install(csms: ReferenceCsms): void {
  if (csms.version === '1.6') return;
  const has = (f: string) => csms.faults.has(f);

  // M06: the station asks for the OCSP status of a certificate; the CSMS asks the responder it names and passes its
  // DER answer on (base64). An unreachable responder or an unsuccessful answer is Failed.
  void import('../../security/ocsp.js').catch(() => undefined);
  csms.handle('GetCertificateStatus', async (_station, p) => {
    if (has(CERT201F.certificateStatusNoOcsp)) return { status: 'Accepted' };
    const { responderURL, ...id } = p.ocspRequestData as CertificateHashData & { responderURL: string };
    // OCSP is HTTP (RFC 6960 A.1): nothing else is fetched.
    if (!/^https?:\/\//i.test(responderURL)) return { status: 'Failed' };
    try {
      const { fetchOcspResponse } = await import('../../security/ocsp.js');
      const ocspResult = (await fetchOcspResponse(responderURL, id)).toString('base64');
      return ocspResult.length <= 5500 ? { status: 'Accepted', ocspResult } : { status: 'Failed' };
    } catch {
      return { status: 'Failed' };
    }
  });

  // M01/M02: a real CSMS passes the EV's EXI request to a contract certificate provisioning service and hands back
  // its CertificateInstallationRes. The reference has neither that service nor an EXI codec: it answers Accepted
  // with a stand-in stream (base64) so that a station's forwarding can be exercised end to end.
  csms.handle('Get15118EVCertificate', (_station, p) => {
    const exi = Buffer.from(String(p.exiRequest ?? ''), 'base64');
    if (!exi.length) return { status: 'Failed', exiResponse: '' };
    const standIn = Buffer.concat([Buffer.from('ocpp-conformance stand-in CertificateInstallationRes for ', 'ascii'), exi.subarray(0, 64)]);
    return { status: 'Accepted', exiResponse: has(CERT201F.evCertificateEmpty) ? '' : standIn.toString('base64') };
  });

  csms.onAction('installCertificate', async (station, args) => {
    const wrong = args.certificateType === 'ManufacturerRootCertificate' ? 'CSMSRootCertificate' : 'ManufacturerRootCertificate';
    const certificateType = has(CERT201F.installWrongType) ? wrong : String(args.certificateType);
    await csms.send(station, 'InstallCertificate', { certificateType, certificate: String(args.certificate) });
  });

  csms.onAction('getInstalledCertificateIds', async (station, args) => {
    const types = args.certificateType as string[] | undefined;
    const filter = has(CERT201F.idsNoFilter) ? undefined : types?.length ? types : has(CERT201F.idsAlwaysFiltered) ? ['CSMSRootCertificate'] : undefined;
    await csms.send(station, 'GetInstalledCertificateIds', filter ? { certificateType: filter } : {});
  });

  csms.onAction('deleteCertificate', async (station, args) => {
    const cert = (await readChain(String(args.certificate)))[0]!;
    const listed = await csms.send(station, 'GetInstalledCertificateIds', { certificateType: [String(args.certificateType)] });
    const chain = (listed.certificateHashDataChain as { certificateHashData: CertificateHashData }[] | undefined) ?? [];
    let entry: CertificateHashData | undefined;
    for (const e of chain) {
      const h = e.certificateHashData;
      if (!entry && ['SHA256', 'SHA384', 'SHA512'].includes(h.hashAlgorithm) && sameHashData(h, await certificateHashData(cert, h.hashAlgorithm))) entry = h;
    }
    if (!entry) throw new Error('the station does not list that certificate');
    await csms.send(station, 'DeleteCertificate', { certificateHashData: has(CERT201F.deleteSha256Only) ? await certificateHashData(cert, 'SHA256') : entry });
  });
}
