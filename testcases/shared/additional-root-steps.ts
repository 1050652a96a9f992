// M05 with AdditionalRootCertificateCheck (PICS AS-2), charging station under test: a new CSMS root that the old
// one signed is installed; at the next connection the station validates the CSMS certificate with the new root,
// drops the old one once that worked (TC_M_30_CS) and falls back to the old one when it did not (TC_M_31_CS).
import { testCase, type CsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import { CERT201 } from '../../src/reference/station/certificates201.js';
import { certificateHashData, readChain, sameHashData, type Certificate, type CertificateHashData } from '../../src/security/csr.js';
import { renewStationCertificate } from './security-update-steps.js';

const TYPE = 'CSMSRootCertificate';

/** Whether GetInstalledCertificateIds (CSMS roots; must be Accepted) lists `cert`. */
export async function listsRoot(csms: CsmsHarness, cert: Certificate, step: string): Promise<boolean> {
  const answer = await csms.call('GetInstalledCertificateIds', { certificateType: [TYPE] });
  if (answer.status !== 'Accepted') throw new Verdict(`${step}: GetInstalledCertificateIds for ${TYPE} must be Accepted (a CSMS root is installed), got ${String(answer.status)}`, 'M03.FR.03');
  const chain = (answer.certificateHashDataChain as { certificateType: string; certificateHashData: CertificateHashData }[] | undefined) ?? [];
  for (const e of chain.filter((x) => x.certificateType === TYPE)) {
    if (sameHashData(e.certificateHashData, await certificateHashData(cert, e.certificateHashData.hashAlgorithm ?? 'SHA256', cert))) return true;
  }
  return false;
}

/**
 * TC_M_30_CS (`fallback` false): the harness presents a server certificate the new root issued; the station must
 * connect, boot and no longer list the old root. TC_M_31_CS (`fallback` true): the harness keeps its certificate
 * from the old root; the station's attempt with the new root fails, it must fall back to the old root, boot and
 * still list it. The harness's own root is the old one; it signs the new root.
 */
export function newRootReconnectCs(fallback: boolean, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'M05', variant: fallback ? 'new-root-fallback' : 'new-root-reconnect', ocpp: '2.0.1', sut: 'CS', octt, profile: 'security',
    needs: ['certificate-management', 'AS-2'],
    title: fallback
      ? 'AdditionalRootCertificateCheck: the CSMS certificate does not validate with the new CSMS root; the station falls back to the old root and keeps it'
      : 'AdditionalRootCertificateCheck: the station reconnects validating the CSMS certificate with the new CSMS root, then drops the old root',
    killedBy: fallback ? [CERT201.newRootNoFallback, CERT201.newRootDropsOld] : [CERT201.newRootKeepsOld],
    async run({ csms }) {
      await csms.booted();
      const tls = csms.server.options.tls;
      if (!tls) throw new Inconclusive('the station is not connected at security profile 2 or 3 (the prerequisite of this test case)');
      if (!csms.pki?.authority) throw new Inconclusive('the harness holds no key of the CSMS root the station trusts: it cannot sign a new CSMS root with it');
      const old = (await readChain(csms.pki.ca))[0]!;
      const root = await csms.pki.signedCsmsRoot();
      // Memory state CertificateInstalled: the new CSMS root (and at profile 3 RenewChargingStationCertificate).
      const installed = await csms.call('InstallCertificate', { certificateType: TYPE, certificate: root.ca });
      if (installed.status !== 'Accepted') throw new Inconclusive(`the memory state "new CSMS root installed" could not be established: InstallCertificate answered ${String(installed.status)}`);
      if (tls.requestClientCert) await renewStationCertificate(csms);

      // Step 3: the certificate the harness presents at the next handshake.
      const restore = fallback ? () => undefined : csms.server.presentOnce({ cert: root.server.cert, key: root.server.key });
      const handshakes: boolean[] = [];
      const failed = () => handshakes.push(false);
      const established = () => handshakes.push(true);
      csms.server.on('tlsFailure', failed);
      csms.server.on('tlsEstablished', established);
      try {
        const before = csms.connectionCount;
        const after = csms.received.at(-1) ?? Date.now();
        // Steps 1-2.
        const reset = await csms.call('Reset', { type: 'OnIdle' });
        if (reset.status !== 'Accepted') throw new Verdict(`ResetRequest OnIdle must be answered Accepted (the station is idle), got ${String(reset.status)}`);
        // Steps 4-5 (and 5-6 of the fallback): reusable state Booted on a new connection.
        const within = csms.profile.timing.rebootTimeoutMs * (fallback ? 2 : 1);
        const boot = await csms.expectCall('BootNotification', { after, within }).catch((err: Error) => {
          throw new Verdict(fallback
            ? `the station did not boot again: when the CSMS certificate does not validate with the new CSMS root it must fall back to the old one (${err.message})`
            : `the station did not boot again over a connection whose CSMS certificate the new CSMS root issued (${err.message})`, fallback ? 'M05.FR.14' : 'M05.FR.13');
        });
        if (boot.connection <= before) throw new Verdict('the BootNotification after the Reset came on the old connection: a reboot must reconnect');
        if (!fallback && handshakes[0] === false) throw new Verdict('the station refused the CSMS certificate the new CSMS root (signed by the old root) issued', 'M05.FR.13');
        if (fallback && handshakes[0] !== false) {
          throw new Verdict('the station accepted the CSMS certificate of the old root at its first attempt: that attempt must validate with the new CSMS root only, and fail', 'M05.FR.13');
        }
        // Step 7/8: the old root must be gone (TC_M_30) or still there (TC_M_31).
        const listed = await listsRoot(csms, old, fallback ? 'step 8' : 'step 7');
        if (!fallback && listed) throw new Verdict('after a connection validated with the new CSMS root succeeded, the old CSMS root must be removed; GetInstalledCertificateIds still lists it', 'M05.FR.13');
        if (fallback && !listed) throw new Verdict('after falling back to the old CSMS root the station must keep it; GetInstalledCertificateIds does not list it', 'M05.FR.14');
      } finally {
        restore();
        csms.server.off('tlsFailure', failed);
        csms.server.off('tlsEstablished', established);
      }
    },
  });
}
