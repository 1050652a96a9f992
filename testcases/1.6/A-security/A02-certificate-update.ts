import { full, partial } from '../../../src/harness/test-case.js';
import { certificateUpdateCs, certificateUpdateCsms, invalidCertificateCs, unsoundCsrCsms } from '../../shared/security-update-steps.js';
import { overTls } from '../../shared/over-tls.js';

// The documents run these over security profile 3 (mutual TLS): so do these.
const NO_RECONNECT = 'step 7 (the charge point reconnects with its new certificate) is not checked: the certificate is signed by the harness\'s CA of this run, not by the root the profile-3 endpoint verifies client certificates against, so the new certificate could not be presented there';

export const certificateUpdateOfCs = overTls(certificateUpdateCs('1.6', [partial('TC_074_CS',
  `${NO_RECONNECT}; a charger under test must have that CA installed as its Central System root`)]), 3);
export const invalidCertificateOfCs = overTls(invalidCertificateCs('1.6', 'unknown-ca', full('TC_077_CS')), 3);
/** Our own: a certificate for another key, signed by the trusted CA (not an official test case). */
export const wrongKeyCertificateOfCs = invalidCertificateCs('1.6', 'wrong-key', []);

export const certificateUpdateOfCsms = overTls(certificateUpdateCsms('1.6', 'accepted', [partial('TC_074_CSMS',
  'step 7 (the harness station reconnects with the certificate the CSMS signed) is not done: the harness station keeps its profile-3 client certificate')]), 3);
export const certificateRejectedOfCsms = overTls(certificateUpdateCsms('1.6', 'rejected', full('TC_077_CSMS')), 3);
/** Our own: no certificate for a CSR with a broken signature or another station's CN. */
export const unsoundCsrOfCsms = unsoundCsrCsms('1.6');
