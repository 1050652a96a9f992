// Security profiles 2 and 3 of the OCPP 1.6 security white paper over real TLS.
import { full, partial } from '../../../src/harness/test-case.js';
import { invalidClientCertCsms, invalidServerCertCs, tlsValidCs, tlsValidCsms } from '../../shared/tls-steps.js';

// The reusable state "triggered to reset" is a Hard reset once the charge point has booted; steps 1-10 are checked
// on the reconnection after it.
const CONNECTOR_0 = 'step 9 asks for connectorId 0 too, which OCPP 1.6 does not oblige a charge point to report, so only connectors 1..n are required';

export const serverCertOfCs = tlsValidCs('1.6', 2, [partial('TC_086_CS',
  `${CONNECTOR_0}; step 5's hex form of the AuthorizationKey (20-40 hex digits) is not checked`)], { resetFirst: true });
export const clientCertOfCs = tlsValidCs('1.6', 3, [partial('TC_087_CS', CONNECTOR_0)], { resetFirst: true });
// No official 1.6 test case presents a broken CSMS certificate; the white paper requires refusing it (A00.FR.310/414).
export const invalidServerCertOfCs = invalidServerCertCs('1.6', 2, []);

export const serverCertOfCsms = tlsValidCsms('1.6', 2, full('TC_086_CSMS'));
export const clientCertOfCsms = tlsValidCsms('1.6', 3, full('TC_087_CSMS'));
// Own test: the white paper requires refusing an invalid client certificate (A00.FR.405/407); 1.6 has no official one.
export const invalidClientCertOfCsms = invalidClientCertCsms('1.6', []);
