// 1.6 Firmware Management: the plain UpdateFirmware (L02), both roles, for a charge point without the white paper's
// secure update (which must refuse UpdateFirmware, L01.FR.20; see A-security/L01-secure-firmware.ts).
import { full, partial } from '../../../src/harness/test-case.js';
import { plainFirmwareDownloadFailedCs, plainFirmwareRetriesCs, plainFirmwareInstallationFailedCs, plainFirmwareUpdateCs, plainFirmwareUpdateCsms } from '../../shared/firmware-steps.js';

export const firmwareUpdateOfCs = plainFirmwareUpdateCs([partial('TC_044_1_CS',
  'the firmware is served over HTTP(S) only (a charger with FTP alone is inconclusive); a valid firmware for a real charger comes from the profile\'s firmware.image (without it, a charger that does not install the harness\'s test image is inconclusive)')]);
export const firmwareDownloadFailedOfCs = plainFirmwareDownloadFailedCs([partial('TC_044_2_CS',
  'the failing location is an HTTP location of the harness that serves nothing, not ftp://127.0.0.1:21/download_fail.fwi (the harness serves files over HTTP only)')]);
export const firmwareInstallationFailedOfCs = plainFirmwareInstallationFailedCs([partial('TC_044_3_CS',
  'the NOT supported file is served over HTTP(S) only (a charger with FTP alone is inconclusive)')]);
/** Own: retries and retryInterval of a failing download. */
export const firmwareDownloadRetriesOfCs = plainFirmwareRetriesCs();

export const firmwareUpdateOfCsms = plainFirmwareUpdateCsms('installed', full('TC_044_1_CSMS'));
export const firmwareDownloadFailedOfCsms = plainFirmwareUpdateCsms('download-failed', full('TC_044_2_CSMS'));
export const firmwareInstallationFailedOfCsms = plainFirmwareUpdateCsms('installation-failed', full('TC_044_3_CSMS'));
