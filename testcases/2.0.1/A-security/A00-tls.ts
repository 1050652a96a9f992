// A00 security profiles 2 and 3 over real TLS (the harness's test PKI; a real SUT's through the SUT profile).
import { full, partial } from '../../../src/harness/test-case.js';
import { invalidClientCertCsms, invalidServerCertAtBootCs, oldTlsAtBootCs, oldTlsCsms, tlsValidCs, tlsValidCsms } from '../../shared/tls-steps.js';

// The harness cannot power a charger on: the state Booting is reached with Reset Immediate after a first boot, and the
// invalid TLS setting meets the first handshake of that boot.
const BOOTING = 'the state Booting is reached with Reset Immediate (boot reason RemoteReset), not a power-up';

export const serverCertOfCs = tlsValidCs('2.0.1', 2, full('TC_A_04_CS'));
export const clientCertOfCs = tlsValidCs('2.0.1', 3, full('TC_A_07_CS'));
export const invalidServerCertOfCs = invalidServerCertAtBootCs(2, [partial('TC_A_05_CS', BOOTING)]);
export const oldTlsOfCs = oldTlsAtBootCs(2, [partial('TC_A_06_CS', `${BOOTING}; the optional InvalidTLSVersion security event (steps 16-17) is not asked for`)]);

export const serverCertOfCsms = tlsValidCsms('2.0.1', 2, full('TC_A_04_CSMS'));
export const clientCertOfCsms = tlsValidCsms('2.0.1', 3, full('TC_A_07_CSMS'));
export const oldTlsOfCsms = oldTlsCsms('2.0.1', 2, full('TC_A_06_CSMS'));
export const invalidClientCertOfCsms = invalidClientCertCsms('2.0.1', full('TC_A_08_CSMS'));
