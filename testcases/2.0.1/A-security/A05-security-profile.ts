import { full, partial } from '../../../src/harness/test-case.js';
import { upgradeWithoutPrerequisiteCs } from '../../shared/security-update-steps.js';
import { downgradeRejectedCs, upgradeAcceptedCs, upgradeCsms } from '../../shared/security-profile-steps.js';
const SLOT = 'the new slot is the first one after those NetworkConfigurationPriority lists (read with GetVariables first) and points at the harness\'s address over wss, where nothing listens: the document\'s second OCTT server is only needed by a station that wrongly switches';

export const noCsmsRootOfCs = upgradeWithoutPrerequisiteCs('csms-root', [partial('TC_A_20_CS',
  `${SLOT}; the prerequisite "no CSMS root installed" is established by the operator action removeCsmsRootCertificate`)]);
export const noStationCertificateOfCs = upgradeWithoutPrerequisiteCs('station-certificate', [partial('TC_A_21_CS',
  `${SLOT}; the prerequisites (a CSMS root but no charging station certificate installed) are taken as the SUT's state, not checked`)]);

export const upgradeOfCs = upgradeAcceptedCs([partial('TC_A_19_CS',
  'the upgrade from profile 1 to 2 (from 2 to 3: A05.upgrade-accepted-from-2); the memory state CertificateInstalled (a CSMS root installed) is taken as the SUT\'s state, not checked')]);
/** From 2 to 3, after RenewChargingStationCertificate with a certificate signed by the root of the harness's TLS certificate. */
export const upgradeFrom2OfCs = upgradeAcceptedCs(full('TC_A_19_CS'), 2);
const LOWER_SLOT = 'the lower-profile slot points at the harness\'s endpoint of that profile (against a real charger, which the harness serves at one profile only: the active endpoint\'s address), not at a second OCTT server started for it';
export const downgradeOfCs = downgradeRejectedCs([partial('TC_A_22_CS', `at security profile 2 (at 3: A05.downgrade-rejected-sp3); ${LOWER_SLOT}`)]);
export const downgradeSp3OfCs = downgradeRejectedCs([partial('TC_A_22_CS', `at security profile 3 (at 2: A05.downgrade-rejected); ${LOWER_SLOT}`)], 3);
const CSMS_CONFIGURED = 'the CSMS\'s configured slot, URL, messageTimeout and interface are not compared with configured values (the slot is the one the operator action is given, the URL must be wss://)';
export const upgradeOfCsms = upgradeCsms([partial('TC_A_19_CSMS', `the upgrade from profile 1 to 2 (from 2 to 3: A05.upgrade-from-2); ${CSMS_CONFIGURED}`)]);
export const upgradeFrom2OfCsms = upgradeCsms([partial('TC_A_19_CSMS',
  `the upgrade from profile 2 to 3 (from 1 to 2: A05.upgrade), after the memory state RenewChargingStationCertificate (the operator action renewStationCertificate); ${CSMS_CONFIGURED}`)], 2);
