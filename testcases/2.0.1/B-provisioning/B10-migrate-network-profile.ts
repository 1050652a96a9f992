import { partial } from '../../../src/harness/test-case.js';
import { fallbackBackoffCs, migrateFallbackCs, migrateNewRootCs, migrateNewRootFallbackCs, migrateSuccessCs } from '../../shared/network-profile-steps.js';

const BOOTED = 'the closing reusable state Booted is reduced to a BootNotification on a new connection (connector statuses and the start-up security event are not checked again)';
const DATA = 'the new profile keeps the active security profile with messageTimeout 30 and ocppInterface Wired0 (the harness has no <Configured ...2> values)';

export const migrateSuccess = migrateSuccessCs([partial('TC_B_45_CS',
  `the new CSMS URL is a second endpoint the harness opens for the test (same security profile and server certificate); ${DATA}; ${BOOTED}`)]);
export const migrateFallback = migrateFallbackCs([partial('TC_B_46_CS',
  `the new profile points at a harness port that closes every connection at once, and the attempts are counted there; ${DATA}; ${BOOTED}`)]);
export const fallbackBackoff = fallbackBackoffCs([partial('TC_B_49_CS',
  `<Configured RetryBackOffWaitMinimum> is 2 s; the new profile points at a harness port that closes every connection at once, the previous one is refused once at the handshake (HTTP 400); ${DATA}; ${BOOTED}`)]);
export const migrateNewRoot = migrateNewRootCs([partial('TC_B_50_CS',
  `runs at security profile 2 only; the memory state (new CSMS root 2 installed) is established by the harness with InstallCertificate; the new CSMS is a second endpoint of the harness with a server certificate from a second test root; ${DATA}; ${BOOTED}`)]);
export const migrateNewRootFallback = migrateNewRootFallbackCs([partial('TC_B_47_CS',
  `runs at security profile 2 only; the memory state (new CSMS root 2, signed by the harness's root, installed) is established by the harness with InstallCertificate; the new CSMS is a second endpoint of the harness presenting the old root's server certificate; ${DATA}; ${BOOTED}`)]);
