// Security profiles 2 and 3 of the OCPP 1.6 security white paper over real TLS.
import { full, partial } from '../../../src/harness/test-case.js';
import { invalidClientCertCsms, invalidServerCertCs, tlsValidCs, tlsValidCsms } from '../../shared/tls-steps.js';

const RESET = 'the charge point is not reset first (its boot after start-up is used), and the StatusNotification of connectorId 0 is not required';

export const serverCertOfCs = tlsValidCs('1.6', 2, [partial('TC_086_CS', `${RESET}; the hex form of the AuthorizationKey is not checked`)]);
export const clientCertOfCs = tlsValidCs('1.6', 3, [partial('TC_087_CS', RESET)]);
// No official 1.6 test case presents a broken CSMS certificate; the white paper requires refusing it (A00.FR.310/414).
export const invalidServerCertOfCs = invalidServerCertCs('1.6', 2, []);

export const serverCertOfCsms = tlsValidCsms('1.6', 2, full('TC_086_CSMS'));
export const clientCertOfCsms = tlsValidCsms('1.6', 3, full('TC_087_CSMS'));
// Own test: the white paper requires refusing an invalid client certificate (A00.FR.405/407); 1.6 has no official one.
export const invalidClientCertOfCsms = invalidClientCertCsms('1.6', []);
