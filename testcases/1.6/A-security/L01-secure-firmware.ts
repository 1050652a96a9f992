// 1.6 security white paper L01: secure firmware update (SignedUpdateFirmware), both roles.
import { full, partial } from '../../../src/harness/test-case.js';
import { secureFirmwareUpdateCs, secureFirmwareUpdateCsms, unsignedUpdateRefusedCs, untrustedSigningCertificateCs } from '../../shared/firmware-steps.js';

export const secureFirmwareUpdateOfCs = secureFirmwareUpdateCs('valid', [partial('TC_080_CS',
  'step 15 asks for connectorId 0 too, which OCPP 1.6 does not oblige a charge point to report, so only connectors 1..n are required; the firmware is served over HTTP by the harness and signed with a signing certificate of the harness\'s test CA, which the harness installs as ManufacturerRootCertificate on a charger that does not know it (inconclusive where it cannot)')]);
export const invalidFirmwareSignatureOfCs = secureFirmwareUpdateCs('invalid-signature', full('TC_081_CS'));
/** Own (L01.FR.02/24): a signing certificate from an unknown manufacturer. */
export const untrustedSigningCertificateOfCs = untrustedSigningCertificateCs();
/** Own (L01.FR.20): the unsigned UpdateFirmware is NotSupported. */
export const unsignedUpdateOfCs = unsignedUpdateRefusedCs();

export const secureFirmwareUpdateOfCsms = secureFirmwareUpdateCsms('valid', full('TC_080_CSMS'));
export const invalidFirmwareSignatureOfCsms = secureFirmwareUpdateCsms('invalid-signature', full('TC_081_CSMS'));
