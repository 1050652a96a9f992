import { full, partial } from '../../../src/harness/test-case.js';
import { certSigningTimeoutCs, certificateUpdateCs, certificateUpdateCsms, invalidCertificateCs, signRejectedCs, unsoundCsrCsms } from '../../shared/security-update-steps.js';
import { combinedCertificateCs, v2gCertificateCs, v2gCertificateCsms } from '../../shared/security-v2g-steps.js';

// The documents run these over an active security profile 3 (mutual TLS): the test cases use the target's profile-3
// endpoint, and the charging station certificates the harness signs chain to the root of its TLS certificate (the
// CSMS root the station trusts), so a station can reconnect with one.
const SP3 = { securityProfile: 3 } as const;
const V2G_PKI = 'the V2G certificate chain is the harness\'s test V2G PKI (a V2G root and a CPO sub-CA), whose root a charger under test must have installed';

export const certificateUpdateOfCs = certificateUpdateCs('2.0.1', full('TC_A_11_CS'), SP3);
export const invalidCertificateOfCs = invalidCertificateCs('2.0.1', 'unknown-ca', full('TC_A_14_CS'), SP3);
/** Our own: a certificate for another key, signed by the trusted CA (not an official test case). */
export const wrongKeyCertificateOfCs = invalidCertificateCs('2.0.1', 'wrong-key', []);
export const signRejectedOfCs = signRejectedCs(full('TC_A_15_CS'), SP3);
export const certSigningTimeoutOfCs = certSigningTimeoutCs([partial('TC_A_23_CS',
  'CertSigningRepeatTimes is set to 2, not 1: the document then expects two repeats, which a station repeating CertSigningRepeatTimes times would not send; the configured CertSigningWaitMinimum is the profile\'s retry interval')], SP3);

export const v2gCertificateOfCs = v2gCertificateCs('accepted', [partial('TC_A_12_CS',
  `the SeccIds are read with GetVariables (ISO15118Ctrlr of the station and of each EVSE of the SUT profile), not with GetBaseReport (the harness has no B07 report support); ${V2G_PKI}`)]);
/** Our own: a V2G certificate from a V2G root the station has not installed. */
export const v2gUnknownRootOfCs = v2gCertificateCs('unknown-root', []);
/** TC_A_13_CS is withdrawn from certification (2025-02 erratum) but still in Part 6. */
export const combinedCertificateOfCs = combinedCertificateCs(full('TC_A_13_CS'));

const CHAIN_CHECKED = 'the certificate checks the document only reports on (generated from the CSR, PEM X.509, signed under the V2G root) fail this test: a V2G certificate outside the V2G hierarchy is of no use to an EV. The V2G root is the harness\'s test V2G PKI\'s or any root marked DC=V2G (ISO 15118-2 certificate profile): the SUT profile names no configured V2G chain';

export const certificateUpdateOfCsms = certificateUpdateCsms('2.0.1', 'accepted', [partial('TC_A_11_CSMS',
  'the configured CSMS root is the root the harness\'s client certificates chain to (the test PKI\'s; for a CSMS under test tls.issuerCert, without which the chain is only checked link by link); CertificateSigned may leave certificateType out (OCPP makes it optional), where the document requires ChargingStationCertificate')], SP3);
export const certificateRejectedOfCsms = certificateUpdateCsms('2.0.1', 'rejected', full('TC_A_14_CSMS'), SP3);
/** Our own: no certificate for a CSR with a broken signature or another station's CN. */
export const unsoundCsrOfCsms = unsoundCsrCsms('2.0.1');
export const v2gCertificateOfCsms = v2gCertificateCsms('v2g', [partial('TC_A_12_CSMS', CHAIN_CHECKED)]);
/** TC_A_13_CSMS is withdrawn from certification (2025-02 erratum) but still in Part 6. */
export const combinedCertificateOfCsms = v2gCertificateCsms('combined', [partial('TC_A_13_CSMS', `withdrawn from certification (2025-02 erratum); ${CHAIN_CHECKED}`)]);
