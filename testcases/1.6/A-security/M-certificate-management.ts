import { full, partial } from '../../../src/harness/test-case.js';
import {
  deleteCertificateCs, deleteCertificateCsms, installCertificateCs, installCertificateCsms, invalidCsmsRootCs, invalidCsmsRootCsms, securityLogCs, securityLogCsms,
} from '../../shared/security-certificate-steps.js';
import { overTls } from '../../shared/over-tls.js';

// The documents' prerequisite "supports security profile 2 and/or 3" is established for real: each runs over TLS,
// profile 2 (or 3 where the SUT runs only that). The tester's store is a fresh root the harness makes per test
// (and takes off the charge point again afterwards).
export const installManufacturerRootOfCs = overTls(installCertificateCs('ManufacturerRootCertificate', full('TC_075_1_CS')), 2, 3);
export const installCsmsRootOfCs = overTls(installCertificateCs('CentralSystemRootCertificate', full('TC_075_2_CS')), 2, 3);
// Memory state CertificateInstalled: a fresh Central System root is installed first.
export const deleteCertificateOfCs = overTls(deleteCertificateCs(full('TC_076_CS')), 2, 3);
// The invalid certificate is an expired self-signed root.
export const invalidCsmsRootOfCs = overTls(invalidCsmsRootCs(full('TC_078_CS')), 2, 3);

export const installManufacturerRootOfCsms = overTls(installCertificateCsms('ManufacturerRootCertificate', full('TC_075_1_CSMS')), 2, 3);
export const installCsmsRootOfCsms = overTls(installCertificateCsms('CentralSystemRootCertificate', full('TC_075_2_CSMS')), 2, 3);
export const deleteCertificateOfCsms = overTls(deleteCertificateCsms(full('TC_076_CSMS')), 2, 3);
export const invalidCsmsRootOfCsms = overTls(invalidCsmsRootCsms([partial('TC_078_CSMS',
  'step 1: the certificate the CSMS sends is not compared with the configured one, only its certificateType is checked')]), 2, 3);

// N01 (security log): "supports a security profile" (1 included), so it runs on the run's connection; the configured
// log location is an HTTP (PUT/POST) server of the harness, where its OCPP server listens; the harness station (CSMS
// under test) reports the upload as the tool does, without uploading anything.
export const securityLogOfCs = securityLogCs(full('TC_079_CS'));
export const securityLogOfCsms = securityLogCsms(full('TC_079_CSMS'));
