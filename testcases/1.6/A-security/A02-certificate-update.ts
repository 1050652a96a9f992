import { full, partial } from '../../../src/harness/test-case.js';
import { certificateUpdateCs, certificateUpdateCsms, invalidCertificateCs, unsoundCsrCsms } from '../../shared/security-update-steps.js';

// The documents run these over security profile 3 (mutual TLS): so do these, on the target's profile-3 endpoint.
const SP3 = { securityProfile: 3 } as const;

export const certificateUpdateOfCs = certificateUpdateCs('1.6', full('TC_074_CS'), SP3);
export const invalidCertificateOfCs = invalidCertificateCs('1.6', 'unknown-ca', full('TC_077_CS'), SP3);
/** Our own: a certificate for another key, signed by the trusted CA (not an official test case). */
export const wrongKeyCertificateOfCs = invalidCertificateCs('1.6', 'wrong-key', []);

export const certificateUpdateOfCsms = certificateUpdateCsms('1.6', 'accepted', [partial('TC_074_CSMS',
  'step 7 (the harness station reconnects with the certificate the CSMS signed) is not done: the harness station keeps its profile-3 client certificate')], SP3);
export const certificateRejectedOfCsms = certificateUpdateCsms('1.6', 'rejected', full('TC_077_CSMS'), SP3);
/** Our own: no certificate for a CSR with a broken signature or another station's CN. */
export const unsoundCsrOfCsms = unsoundCsrCsms('1.6');
