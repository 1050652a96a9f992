import { full, partial } from '../../../src/harness/test-case.js';
import { overTls } from '../../shared/over-tls.js';
import { downgradeRejected16 } from '../../shared/security-update-steps.js';
import { upgradeAccepted16, upgradeCsms16 } from '../../shared/security-profile-steps.js';
// The document starts from an active profile 2 or 3: the test runs over profile 2 (or 3 where the SUT runs only
// that), reads the active value from SecurityProfile, offers one lower and, beyond the document, the active value
// itself, which A05.FR.01 rejects too.
export const downgradeRejectedOfCs = overTls(downgradeRejected16(full('TC_084_CS')), 2, 3);
export const upgradeOfCs = upgradeAccepted16([partial('TC_083_CS',
  'upgrades from profile 1 to 2 only (from 2, the memory state RenewChargePointCertificate is not set up: inconclusive); the memory state CertificateInstalled is taken as the SUT\'s state, not checked; step 7 checks connectors 1..n, not connector 0 (the reference charge point does not report its main controller, which 1.6 leaves optional)')]);
export const upgradeOfCsms = upgradeCsms16([partial('TC_083_CSMS',
  'no step-by-step document for TC_083_CSMS in the reference set: the steps are those of TC_083_CS seen from the CSMS side (the station answers RebootRequired, so the Accepted branch is not exercised); upgrades from profile 1 to 2 only')]);
