import { partial } from '../../../src/harness/test-case.js';
import { certSigningTimeoutCs, certificateUpdateCs, certificateUpdateCsms, invalidCertificateCs, signRejectedCs, unsoundCsrCsms } from '../../shared/security-update-steps.js';

// The documents run these over an active security profile 3 (mutual TLS), which src/transport does not offer yet
// (sec-tls's work): the message exchange is reproduced on the connection the run uses.
const NO_SP3 = 'prerequisite not established: the exchange runs over the run\'s connection, not over an active security profile 3 (mutual TLS is not available yet)';
const HARNESS_CA = 'the certificate is signed by the harness\'s CA of this run, which a charger under test must have installed as its CSMS root';

export const certificateUpdateOfCs = certificateUpdateCs('2.0.1', [partial('TC_A_11_CS', `${NO_SP3}; ${HARNESS_CA}`)]);
export const invalidCertificateOfCs = invalidCertificateCs('2.0.1', 'unknown-ca', [partial('TC_A_14_CS', NO_SP3)]);
/** Our own: a certificate for another key, signed by the trusted CA (not an official test case). */
export const wrongKeyCertificateOfCs = invalidCertificateCs('2.0.1', 'wrong-key', []);
export const signRejectedOfCs = signRejectedCs([partial('TC_A_15_CS', NO_SP3)]);
export const certSigningTimeoutOfCs = certSigningTimeoutCs([partial('TC_A_23_CS',
  `${NO_SP3}; CertSigningRepeatTimes is set to 2, not 1: the document then expects two repeats, which a station repeating CertSigningRepeatTimes times would not send; the configured CertSigningWaitMinimum is the profile's retry interval`)]);

export const certificateUpdateOfCsms = certificateUpdateCsms('2.0.1', 'accepted', [partial('TC_A_11_CSMS',
  `${NO_SP3}; the chain is checked to carry the CSR's key and CN and to be signed link by link up to the CA certificate it ends with, not against a configured CSMS root (the SUT profile has no setting for it)`)]);
export const certificateRejectedOfCsms = certificateUpdateCsms('2.0.1', 'rejected', [partial('TC_A_14_CSMS', NO_SP3)]);
/** Our own: no certificate for a CSR with a broken signature or another station's CN. */
export const unsoundCsrOfCsms = unsoundCsrCsms('2.0.1');
