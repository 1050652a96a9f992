import { partial } from '../../../src/harness/test-case.js';
import { downgradeRejected16 } from '../../shared/security-update-steps.js';
import { upgradeAccepted16, upgradeCsms16 } from '../../shared/security-profile-steps.js';
export const downgradeRejectedOfCs = downgradeRejected16([partial('TC_084_CS',
  'the document starts from an active profile 2 or 3; this lowers whatever profile is active (read from GetConfiguration SecurityProfile; at profile 1 the lower value is 0), and also offers the active value itself, which A05.FR.01 rejects too')]);
export const upgradeOfCs = upgradeAccepted16([partial('TC_083_CS',
  'upgrades from profile 1 to 2 only (from 2, the memory state RenewChargePointCertificate is not set up: inconclusive); the memory state CertificateInstalled is taken as the SUT\'s state, not checked; step 7 checks connectors 1..n, not connector 0 (the reference charge point does not report its main controller, which 1.6 leaves optional)')]);
export const upgradeOfCsms = upgradeCsms16([partial('TC_083_CSMS',
  'no step-by-step document for TC_083_CSMS in the reference set: the steps are those of TC_083_CS seen from the CSMS side (the station answers RebootRequired, so the Accepted branch is not exercised); upgrades from profile 1 to 2 only')]);
