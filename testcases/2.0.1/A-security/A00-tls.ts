// A00 security profiles 2 and 3 over real TLS (the harness's test PKI; a real SUT's through the SUT profile).
import { full, partial } from '../../../src/harness/test-case.js';
import { invalidClientCertCsms, invalidServerCertCs, oldTlsCs, oldTlsCsms, tlsValidCs, tlsValidCsms } from '../../shared/tls-steps.js';

const ON_RECONNECT = 'the invalid TLS setting is presented on a reconnection after the first boot, not on the boot itself (the harness cannot know when a real charger starts its first handshake), so OCPPCommCtrlr.NetworkProfileConnectionAttempts is not set';

export const serverCertOfCs = tlsValidCs('2.0.1', 2, full('TC_A_04_CS'));
export const clientCertOfCs = tlsValidCs('2.0.1', 3, full('TC_A_07_CS'));
export const invalidServerCertOfCs = invalidServerCertCs('2.0.1', 2, [partial('TC_A_05_CS', ON_RECONNECT)]);
export const oldTlsOfCs = oldTlsCs('2.0.1', 2, [partial('TC_A_06_CS', `${ON_RECONNECT}; the optional InvalidTLSVersion security event is not asked for`)]);

export const serverCertOfCsms = tlsValidCsms('2.0.1', 2, full('TC_A_04_CSMS'));
export const clientCertOfCsms = tlsValidCsms('2.0.1', 3, full('TC_A_07_CSMS'));
export const oldTlsOfCsms = oldTlsCsms('2.0.1', 2, full('TC_A_06_CSMS'));
export const invalidClientCertOfCsms = invalidClientCertCsms('2.0.1', full('TC_A_08_CSMS'));
