// M03-M05 (2.0.1), charging station as SUT: CA certificates installed, listed and deleted. Where a document asks
// for "security profile 2 or 3" the test runs over TLS (profile 2, or 3 where the SUT runs only that). The
// "configured" certificates of the tester are fresh test roots the harness makes per test and takes off again.
import { full, partial } from '../../../../src/harness/test-case.js';
import {
  evCertificateCs, v2gChainCs, additionalRootCheckCs, deleteCertificateCs, deleteStationCertificateCs, deleteUnknownCs, installCertificateCs, installedCertificatesCs, invalidRootCs, noCertificateFoundCs,
} from '../../../shared/certificate201-steps.js';
import { overTls } from '../../../shared/over-tls.js';
import { newRootReconnectCs } from '../../../shared/additional-root-steps.js';

// M05: install (reusable state CertificateInstalled, then GetInstalledCertificates).
export const installCsmsRoot = overTls(installCertificateCs('CSMSRootCertificate', full('TC_M_01_CS')), 2, 3);
export const installManufacturerRoot = installCertificateCs('ManufacturerRootCertificate', full('TC_M_02_CS'));
export const installV2gRoot = installCertificateCs('V2GRootCertificate', full('TC_M_03_CS'));
export const installMoRoot = installCertificateCs('MORootCertificate', full('TC_M_04_CS'));
// AS-2 (AdditionalRootCertificateCheck true): the new root is a fresh self-signed one, signed by no installed root.
export const additionalRootCheck = overTls(additionalRootCheckCs(full('TC_M_09_CS')), 2, 3);
// The invalid certificate is an expired self-signed root.
export const invalidCsmsRoot = overTls(invalidRootCs(full('TC_M_07_CS')), 2, 3);

// M03: list (memory state CertificateInstalled, then GetInstalledCertificates).
export const listCsmsRoots = overTls(installedCertificatesCs(['CSMSRootCertificate'], full('TC_M_12_CS')), 2, 3);
export const listManufacturerRoots = installedCertificatesCs(['ManufacturerRootCertificate'], full('TC_M_13_CS'));
export const listV2gRoots = installedCertificatesCs(['V2GRootCertificate'], full('TC_M_14_CS'));
// The prerequisite "a V2G certificate chain installed" is the memory state RenewV2GChargingStationCertificate when none is listed.
export const listV2gChain = v2gChainCs(full('TC_M_15_CS'));
export const listMoRoots = installedCertificatesCs(['MORootCertificate'], full('TC_M_16_CS'));
export const listCsmsAndManufacturerRoots = overTls(installedCertificatesCs(['CSMSRootCertificate', 'ManufacturerRootCertificate'], full('TC_M_17_CS')), 2, 3);
export const listAllTypes = overTls(installedCertificatesCs(['CSMSRootCertificate', 'ManufacturerRootCertificate'], full('TC_M_18_CS'), true), 2, 3);
export const listNotFound = noCertificateFoundCs(full('TC_M_19_CS'));

// M04: delete.
export const deleteCertificate = overTls(deleteCertificateCs([partial('TC_M_20_CS',
  'the certificate deleted is a test root the harness installs first (the document\'s variant when none is listed), never one the station listed before: deleting the root of the connection in use would cut the station off')]), 2, 3);
// The configured CSMS root is the root of the harness's server certificate.
export const deleteUnknown = overTls(deleteUnknownCs(full('TC_M_22_CS')), 2, 3);
// Security profile 3 with a charging station certificate renewed first (memory state RenewChargingStationCertificate).
export const deleteStationCertificate = overTls(deleteStationCertificateCs(full('TC_M_23_CS')), 3);

// M01/M02: the EV's certificate request (operator action evRequestCertificate: the EV emulator's install / update
// trigger, with Plug and Charge as its authorization method). The EXI streams are stand-ins.
const EXI = 'the EXI streams are stand-ins (the harness has no EXI codec): exiRequest is not decoded and exiResponse is a stand-in the EV cannot read, so that the EV takes it and goes on is the station\'s word';
export const evCertificateInstall = evCertificateCs('Install', 'Accepted', [partial('TC_M_26_CS', EXI)]);
export const evCertificateInstallFailed = evCertificateCs('Install', 'Failed', [partial('TC_M_27_CS', `${EXI}; the Failed answer carries an empty exiResponse (the schema requires the field, the document omits it)`)]);
// Update: ISO15118Ctrlr.ContractCertificateInstallationEnabled is set true first (left as it is where not implemented).
export const evCertificateUpdate = evCertificateCs('Update', 'Accepted', [partial('TC_M_28_CS', EXI)]);
export const evCertificateUpdateFailed = evCertificateCs('Update', 'Failed', [partial('TC_M_29_CS', `${EXI}; the Failed answer carries an empty exiResponse (the schema requires the field, the document omits it)`)]);

// M05 with AdditionalRootCertificateCheck (AS-2): the new CSMS root is one the harness's root signed; the reconnection
// after a Reset validates with it (TC_M_30) or falls back to the old root (TC_M_31). After TC_M_30 a real station
// trusts the new root only: the harness cannot put the old one back over OCPP (it is not signed by the new).
const REBOOTED = 'the reusable state Booted after the Reset is reduced to a BootNotification on a new connection (connector statuses and the start-up security event are not checked again)';
export const newRootReconnect = overTls(newRootReconnectCs(false, [partial('TC_M_30_CS', REBOOTED)]), 2, 3);
export const newRootFallback = overTls(newRootReconnectCs(true, [partial('TC_M_31_CS', REBOOTED)]), 2, 3);
