import { partial } from '../../../src/harness/test-case.js';
import { upgradeWithoutPrerequisiteCs } from '../../shared/security-update-steps.js';

// TC_A_19 (the upgrade itself, reconnecting at profile 2/3) and TC_A_22 (refusing a downgrade from an active
// profile 2/3) need TLS connections, which src/transport does not offer yet (sec-tls's work): not covered here.
const SLOT = 'the new slot is the first one after those NetworkConfigurationPriority lists (read with GetVariables first) and points at the harness\'s address over wss, where nothing listens: the document\'s second OCTT server is only needed by a station that wrongly switches';

export const noCsmsRootOfCs = upgradeWithoutPrerequisiteCs('csms-root', [partial('TC_A_20_CS',
  `${SLOT}; the prerequisite "no CSMS root installed" is established by the operator action removeCsmsRootCertificate`)]);
export const noStationCertificateOfCs = upgradeWithoutPrerequisiteCs('station-certificate', [partial('TC_A_21_CS',
  `${SLOT}; the prerequisites (a CSMS root but no charging station certificate installed) are taken as the SUT's state, not checked`)]);
