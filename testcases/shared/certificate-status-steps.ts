// M06 (2.0.1), charging station under test: the station asks the CSMS for the OCSP status of its V2G certificates
// (TC_M_24_CS: Accepted with a DER OCSPResponse; TC_M_25_CS: Failed without one). The V2G sub-CA the harness signs
// with names an OCSP responder (Authority Information Access); the harness, as the CSMS, answers from a responder of
// its own on loopback, signed by the V2G root.
import { testCase, type CsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { Payload } from '../../src/ocpp/frames.js';
import { CERT201 } from '../../src/reference/station/certificates201.js';
import { readChain, v2gPki } from '../../src/security/csr.js';
import { storeRoot } from './security-certificate-steps.js';
import { renewV2gCertificate } from './security-v2g-steps.js';

export function certificateStatusCs(accepted: boolean, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'M06', variant: accepted ? 'status-accepted' : 'status-failed', ocpp: '2.0.1', sut: 'CS', octt, profile: 'security',
    needs: ['certificate-management', 'ISO15118'],
    title: accepted
      ? 'The station asks for the OCSP status of its V2G certificate (GetCertificateStatus) and takes the Accepted OCSP response'
      : 'The station asks for the OCSP status of its V2G certificate (GetCertificateStatus) and handles a Failed answer',
    killedBy: [CERT201.ocspWrongKeyHash],
    async run({ csms, sut, profile }) {
      await csms.booted();
      const ocsp = await import('../../src/security/ocsp.js');
      const pki = await v2gPki();
      // Memory states: V2G and MO roots installed, then RenewV2GChargingStationCertificate.
      for (const [type, pem] of [['V2GRootCertificate', pki.root.pem], ['MORootCertificate', (await storeRoot('MORootCertificate')).toString('pem')]] as const) {
        const installed = await csms.call('InstallCertificate', { certificateType: type, certificate: pem });
        if (installed.status !== 'Accepted') throw new Inconclusive(`memory state CertificateInstalled ${type} not reached: InstallCertificate answered ${String(installed.status)}`);
      }
      const chain = await readChain(await renewV2gCertificate(csms));
      const named = chain.slice(0, -1).map((cert, i) => ({ cert, issuer: chain[i + 1]!, url: ocsp.ocspUrlOf(cert) }));
      const responder = await ocsp.OcspResponder.start({ certificate: pki.root.certificate, privateKey: pki.root.privateKey });
      responder.setStatus(pki.subCa.certificate, 'good');
      try {
        const asked: Payload[] = [];
        let noResponse: string | undefined;
        csms.answer('GetCertificateStatus', async (c) => {
          const data = c.payload.ocspRequestData as Payload;
          asked.push(data);
          if (!accepted) return { status: 'Failed' };
          const der = await ocsp.fetchOcspResponse(responder.url, data as unknown as Parameters<typeof ocsp.fetchOcspResponse>[1]).catch((err: Error) => {
            noResponse = err.message;
            return Buffer.alloc(0);
          });
          return { status: 'Accepted', ocspResult: der.toString('base64') };
        });
        // Step 1: the station's request (on its own schedule; the operator action starts it now).
        const acting = sut.act('requestV2gCertificateStatus', { stationId: profile.stationId });
        acting.catch(() => undefined);
        await csms.expectCall('GetCertificateStatus').catch((err: Error) => {
          throw new Inconclusive(`the station sent no GetCertificateStatus for its V2G certificate: ${err.message}`);
        });
        await acting.catch(() => undefined);
        for (const data of asked) {
          const hashAlgorithm = String(data.hashAlgorithm) as 'SHA256';
          const match = named.find((n) => ocsp.sameCertId(data, ocsp.certIdOf(n.cert, n.issuer, hashAlgorithm)));
          if (!match) {
            throw new Verdict(`GetCertificateStatus must name a certificate of the station's V2G chain by its RFC 6960 CertID (issuerNameHash, issuerKeyHash over the issuer's key bits, serialNumber); ${JSON.stringify(data)} names none`, 'M06.FR.01');
          }
          if (match.url && data.responderURL !== match.url) {
            throw new Verdict(`responderURL must be the OCSP responder the certificate names (${match.url}), got ${String(data.responderURL)}`, 'M06.FR.01');
          }
        }
        if (noResponse !== undefined) throw new Inconclusive(`the harness's OCSP responder gave no response for the certificate asked about: ${noResponse}`);
        // Step 2 taken: the station stays connected and answering.
        const alive = await csms.call('GetVariables', { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] }).then(() => true, () => false);
        if (!alive || !csms.connected) throw new Verdict(`after the ${accepted ? 'Accepted' : 'Failed'} GetCertificateStatus answer the station must go on (connected, answering calls)`);
      } finally {
        await responder.close();
      }
    },
  });
}
