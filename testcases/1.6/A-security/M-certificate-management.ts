import { full, partial } from '../../../src/harness/test-case.js';
import {
  deleteCertificateCs, deleteCertificateCsms, installCertificateCs, installCertificateCsms, invalidCsmsRootCs, invalidCsmsRootCsms, securityLogCs, securityLogCsms,
} from '../../shared/security-certificate-steps.js';

// The documents assume security profile 2 or 3 is supported; the exchange itself needs no TLS and runs over the
// run's connection. The PICS item certificate-management stands for that support.
const SP = 'prerequisite "supports security profile 2 and/or 3" is taken from the PICS item certificate-management, not from a TLS connection (not available yet)';
const STORE = 'the root of the tester\'s store is a fresh CA the harness makes per test; the harness deletes it again afterwards';

export const installManufacturerRootOfCs = installCertificateCs('ManufacturerRootCertificate', [partial('TC_075_1_CS', `${SP}; ${STORE}`)]);
export const installCsmsRootOfCs = installCertificateCs('CentralSystemRootCertificate', [partial('TC_075_2_CS', `${SP}; ${STORE}`)]);
export const deleteCertificateOfCs = deleteCertificateCs([partial('TC_076_CS', `${SP}; memory state CertificateInstalled is reached by installing a fresh Central System root first`)]);
export const invalidCsmsRootOfCs = invalidCsmsRootCs([partial('TC_078_CS', `${SP}; the invalid certificate is an expired self-signed root`)]);

export const installManufacturerRootOfCsms = installCertificateCsms('ManufacturerRootCertificate', [partial('TC_075_1_CSMS', SP)]);
export const installCsmsRootOfCsms = installCertificateCsms('CentralSystemRootCertificate', [partial('TC_075_2_CSMS', SP)]);
export const deleteCertificateOfCsms = deleteCertificateCsms(full('TC_076_CSMS'));
export const invalidCsmsRootOfCsms = invalidCsmsRootCsms([partial('TC_078_CSMS', SP)]);

// N01 (security log): the upload goes to an HTTP server the harness runs for the test, where its OCPP server listens.
const LOG_SP = 'prerequisite "supports a security profile" (with the white paper\'s messages) is taken from the PICS item certificate-management';
export const securityLogOfCs = securityLogCs([partial('TC_079_CS', `${LOG_SP}; the configured log location is an HTTP (PUT/POST) server of the harness`)]);
export const securityLogOfCsms = securityLogCsms([partial('TC_079_CSMS', `${LOG_SP}; the harness station reports the upload without uploading anything`)]);
