// M03-M05 (2.0.1), CSMS as SUT: the operator installs, lists and deletes CA certificates through the CSMS (operator
// actions installCertificate, getInstalledCertificateIds, deleteCertificate); the harness station keeps a store of
// what it was sent and answers with hash data it computes itself.
import { full, partial } from '../../../../src/harness/test-case.js';
import { certificateStatusCsms, deleteCertificateCsms, evCertificateCsms, installCertificateCsms, installedCertificatesCsms } from '../../../shared/certificate201-steps.js';

// M05: reusable state CertificateInstalled per type; TC_M_05: the station answers Failed.
export const installCsmsRoot = installCertificateCsms('CSMSRootCertificate', full('TC_M_01_CSMS'));
export const installManufacturerRoot = installCertificateCsms('ManufacturerRootCertificate', full('TC_M_02_CSMS'));
export const installV2gRoot = installCertificateCsms('V2GRootCertificate', full('TC_M_03_CSMS'));
export const installMoRoot = installCertificateCsms('MORootCertificate', full('TC_M_04_CSMS'));
export const installFailed = installCertificateCsms('CSMSRootCertificate', full('TC_M_05_CSMS'), true);

// M03: reusable state GetInstalledCertificates per type (TC_M_12: once per hash algorithm).
export const listCsmsRoots = installedCertificatesCsms(['CSMSRootCertificate'], full('TC_M_12_CSMS'), { algorithms: ['SHA256', 'SHA384', 'SHA512'] });
export const listManufacturerRoots = installedCertificatesCsms(['ManufacturerRootCertificate'], full('TC_M_13_CSMS'));
export const listV2gRoots = installedCertificatesCsms(['V2GRootCertificate'], full('TC_M_14_CSMS'));
// The V2G chain the harness station lists is a test certificate standing in for its SECC certificate.
export const listV2gChain = installedCertificatesCsms(['V2GCertificateChain'], full('TC_M_15_CSMS'));
export const listMoRoots = installedCertificatesCsms(['MORootCertificate'], full('TC_M_16_CSMS'));
export const listCsmsAndManufacturerRoots = installedCertificatesCsms(['CSMSRootCertificate', 'ManufacturerRootCertificate'], full('TC_M_17_CSMS'));
export const listAllTypes = installedCertificatesCsms(undefined, full('TC_M_18_CSMS'));
export const listNotFound = installedCertificatesCsms(['ManufacturerRootCertificate'], full('TC_M_19_CSMS'), { notFound: true });

// M04: delete with the listed hash data, once per hash algorithm (TC_M_20); the station fails to delete (TC_M_21).
export const deleteCertificate = deleteCertificateCsms(full('TC_M_20_CSMS'), { algorithms: ['SHA256', 'SHA384', 'SHA512'] });
export const deleteFailed = deleteCertificateCsms(full('TC_M_21_CSMS'), { algorithms: ['SHA256'], failed: true });

// M06: the harness station asks for a certificate's OCSP status; its responder runs on loopback.
export const certificateStatus = certificateStatusCsms([partial('TC_M_24_CSMS',
  'the certificate asked about is a fresh test certificate of the harness\'s MO PKI (its OCSP responder is the harness\'s), standing in for the sub-CA of a configured V2G chain; one request is sent')]);

// M01/M02: the EV's certificate request forwarded by the harness station (a stand-in stream: the harness has no EXI codec).
const EXI = 'exiResponse is checked to be present and base64, not decoded as an EXI CertificateInstallationRes (the harness has no EXI codec); the request sent is a stand-in stream, so a CSMS that answers Failed leaves the test inconclusive';
export const evCertificateInstall = evCertificateCsms('Install', [partial('TC_M_26_CSMS', EXI)]);
export const evCertificateUpdate = evCertificateCsms('Update', [partial('TC_M_28_CSMS', EXI)]);
