// The optional items a SUT may or may not implement, named as the official certification documents name them:
// OCPP 2.0.1 Part 5 (optional features C-xx, AS-x, SC-x, R-x, LA-x, UI-x, ISO-x; additional questions AQ-x;
// hardware features HFS-x) and the OCPP 1.6 feature profiles. A test case lists the items it needs; the SUT
// profile claims items (`features`) or denies them (`absent`); what it leaves unsaid may be read from the SUT.
import type { OcppVersion } from '../ocpp/versions.js';

export interface PicsItem {
  /** Official identifier (C-49, HFS-1, AQ-2) or, for 1.6, the feature profile name prefixed `1.6:`. */
  id: string;
  title: string;
  /** Which SUT role the item describes. */
  role: 'CS' | 'CSMS' | 'both';
  ocpp: OcppVersion[];
  /** Friendlier names users may write in `features` instead of the ID. */
  aliases?: string[];
  /** Where a charger states it itself: 1.6 SupportedFeatureProfiles entry, or a 2.0.1 device-model variable. */
  discover?: { key16?: string; variable?: { component: string; variable: string } };
}

const both: OcppVersion[] = ['1.6', '2.0.1'];
const v201: OcppVersion[] = ['2.0.1'];
const v16: OcppVersion[] = ['1.6'];

export const PICS: readonly PicsItem[] = [
  // OCPP 2.0.1 Part 5, optional features of a charging station / CSMS
  { id: 'C-56', title: 'Support for providing the SummaryInventory (GetBaseReport)', role: 'both', ocpp: v201, aliases: ['summary-inventory'] },
  { id: 'C-17', title: 'Retrieving the ConfigurationInventory (CSMS)', role: 'CSMS', ocpp: v201, aliases: ['configuration-inventory'] },
  { id: 'advanced-device-management', title: 'Advanced Device Management (Part 5 certification profile): Get Custom Report, monitoring', role: 'both', ocpp: v201, aliases: ['custom-report'] },
  { id: 'C-13', title: 'Reset per EVSE', role: 'both', ocpp: v201, aliases: ['reset-evse'] },
  { id: 'C-11', title: 'Unlocking a connector of a station with a detachable cable (CSMS)', role: 'CSMS', ocpp: v201, aliases: ['unlock-connector'] },
  { id: 'C-29.1', title: 'TriggerMessage MeterValues', role: 'both', ocpp: v201, aliases: ['trigger-metervalues'] },
  { id: 'C-29.2', title: 'TriggerMessage TransactionEvent', role: 'both', ocpp: v201, aliases: ['trigger-transactionevent'] },
  { id: 'C-29.3', title: 'TriggerMessage LogStatusNotification', role: 'both', ocpp: v201, aliases: ['trigger-logstatusnotification'] },
  { id: 'C-29.4', title: 'TriggerMessage FirmwareStatusNotification', role: 'both', ocpp: v201, aliases: ['trigger-firmwarestatusnotification'] },
  { id: 'C-15', title: 'Support for scheduled firmware updates (retrieveDateTime / installDateTime in the future)', role: 'both', ocpp: v201, aliases: ['scheduled-firmware-update'] },
  { id: 'C-20', title: 'Allowing new sessions pending a firmware update (AllowNewSessionsPendingFirmwareUpdate)', role: 'CS', ocpp: v201, aliases: ['allow-new-sessions-pending-firmware-update'] },
  { id: 'C-43', title: 'Install firmware with ongoing transaction(s)', role: 'CS', ocpp: v201, aliases: ['install-firmware-during-transaction'] },
  { id: 'AQ-7', title: 'The charging station can download firmware while a transaction is ongoing', role: 'CS', ocpp: v201, aliases: ['download-firmware-during-transaction'] },
  { id: 'local-controller-publish-firmware', title: 'Publishing firmware on a Local Controller (L03 PublishFirmware, L04 UnpublishFirmware; no Part 5 item)', role: 'CSMS', ocpp: v201, aliases: ['publish-firmware'] },
  { id: 'C-60', title: 'Support for cancelling an ongoing firmware update (AcceptedCanceled)', role: 'CS', ocpp: v201, aliases: ['cancel-firmware-update'] },
  { id: 'C-29.5', title: 'TriggerMessage StatusNotification', role: 'both', ocpp: v201, aliases: ['trigger-statusnotification'] },
  { id: 'C-29.6', title: 'TriggerMessage BootNotification', role: 'CS', ocpp: v201, aliases: ['trigger-bootnotification'] },
  { id: 'C-16', title: 'Checking the transaction status: GetTransactionStatus (CSMS)', role: 'CSMS', ocpp: v201, aliases: ['get-transaction-status'] },
  { id: 'C-44', title: 'BootNotification answered Pending before Accepted (CSMS)', role: 'CSMS', ocpp: v201, aliases: ['boot-pending'] },
  { id: 'C-45', title: 'Multiple elements in one GetVariablesRequest', role: 'both', ocpp: v201, aliases: ['multiple-getvariables'] },
  { id: 'C-46', title: 'Multiple elements in one SetVariablesRequest', role: 'both', ocpp: v201, aliases: ['multiple-setvariables'] },
  { id: 'C-47', title: 'Falling back to the default OCPP reconnection mechanism when a network connection profile failed (B10.FR.07)', role: 'CS', ocpp: v201, aliases: ['network-profile-fallback'] },
  { id: 'C-03', title: 'MaxEnergyOnInvalidId: energy allowed after the CSMS answered a started transaction\'s token Invalid', role: 'CS', ocpp: v201, aliases: ['max-energy-on-invalid-id'] },
  { id: 'C-07', title: 'Master pass (MasterPassGroupId) at a station with a user interface', role: 'CS', ocpp: v201, aliases: ['master-pass-ui'] },
  { id: 'C-08', title: 'Master pass (MasterPassGroupId) at a station without a user interface', role: 'CS', ocpp: v201, aliases: ['master-pass'] },
  { id: 'ISO15118', title: 'ISO 15118 support (certification profile): Plug and Charge authorization with contract certificates, ISO 15118 smart charging (K15-K17)', role: 'both', ocpp: v201, aliases: ['iso15118-pnc', 'pnc'] },
  { id: 'ISO-3', title: 'Combined charging station certificate, for both OCPP and ISO 15118 (TriggerMessage SignCombinedCertificate)', role: 'both', ocpp: v201, aliases: ['combined-certificate'] },
  { id: 'ISO-5', title: 'Central contract validation: the station sends a contract certificate it cannot validate (CentralContractValidationAllowed)', role: 'CS', ocpp: v201, aliases: ['central-contract-validation'] },
  { id: 'C-48.1', title: 'Authorization of a remote start (AuthorizeRemoteStart true)', role: 'CS', ocpp: v201 },
  { id: 'C-48.2', title: 'No authorization of a remote start (AuthorizeRemoteStart false)', role: 'CS', ocpp: v201 },
  {
    id: 'C-49', title: 'Authorization cache (AuthCacheEnabled)', role: 'CS', ocpp: v201, aliases: ['auth-cache'],
    discover: { variable: { component: 'AuthCacheCtrlr', variable: 'Available' } },
  },
  {
    id: 'LA-1', title: 'Local authorization list (LocalAuthListEnabled)', role: 'CS', ocpp: v201, aliases: ['local-auth-list'],
    discover: { variable: { component: 'LocalAuthListCtrlr', variable: 'Available' } },
  },
  { id: 'C-53', title: 'Lifetime of cached tokens (AuthCacheLifeTime)', role: 'CS', ocpp: v201, aliases: ['auth-cache-lifetime'] },
  { id: 'C-59', title: 'No remote authorization of cached invalid tokens (AuthCacheDisablePostAuthorize)', role: 'CS', ocpp: v201 },
  { id: 'LA-2', title: 'GetLocalListVersion (CSMS)', role: 'CSMS', ocpp: v201, aliases: ['get-local-list-version'] },
  { id: 'LA-3', title: 'No remote authorization of invalid tokens on the local list (LocalAuthListDisablePostAuthorize)', role: 'CS', ocpp: v201 },
  {
    id: 'R-3', title: 'Reservation (ReservationEnabled)', role: 'CS', ocpp: v201, aliases: ['reservation'],
    discover: { variable: { component: 'ReservationCtrlr', variable: 'Available' } },
  },
  { id: 'R-1', title: 'Reservation of a connector type (ReserveNow connectorType) (CSMS)', role: 'CSMS', ocpp: v201, aliases: ['reservation-connector-type'] },
  {
    id: 'R-2', title: 'Reservation of an unspecified EVSE (ReservationNonEvseSpecific)', role: 'both', ocpp: v201, aliases: ['reservation-any-evse'],
    discover: { variable: { component: 'ReservationCtrlr', variable: 'NonEvseSpecific' } },
  },
  // Part 5 C-09 / C-10: the TxStartPoint / TxStopPoint values a station supports, and whether it lets them be set
  ...[['1', 'EVConnected'], ['2', 'Authorized'], ['3', 'DataSigned'], ['4', 'PowerPathClosed'], ['5', 'EnergyTransfer'], ['6', 'ParkingBayOccupancy']]
    .map(([n, v]): PicsItem => ({ id: `C-09.${n}`, title: `TxStartPoint ${v}`, role: 'CS', ocpp: v201 })),
  ...[['1', 'EVConnected'], ['2', 'Authorized'], ['3', 'PowerPathClosed'], ['4', 'EnergyTransfer'], ['5', 'ParkingBayOccupancy']]
    .map(([n, v]): PicsItem => ({ id: `C-10.${n}`, title: `TxStopPoint ${v}`, role: 'CS', ocpp: v201 })),
  { id: 'C-06.1', title: 'Keeps the authorization when the cable is disconnected at the EV side (StopTxOnEVSideDisconnect false)', role: 'CS', ocpp: v201 },
  { id: 'C-06.2', title: 'Ends the authorization when the cable is disconnected at the EV side (StopTxOnEVSideDisconnect true)', role: 'CS', ocpp: v201 },
  { id: 'C-12.1', title: 'Unlocks the connector when the cable is disconnected at the EV side (UnlockOnEVSideDisconnect true)', role: 'CS', ocpp: v201 },
  { id: 'C-12.2', title: 'Keeps the connector locked when the cable is disconnected at the EV side (UnlockOnEVSideDisconnect false)', role: 'CS', ocpp: v201 },
  { id: 'C-58', title: 'Option for disabling remote authorization (DisableRemoteAuthorization)', role: 'CS', ocpp: v201 },
  { id: 'C-57', title: 'Support for cancelling ongoing log file upload', role: 'CS', ocpp: v201, aliases: ['cancel-log-upload'] },
  { id: 'C-14', title: 'Support for retrieving / deleting CustomerInformation - CustomerIdentifier', role: 'both', ocpp: v201 },
  { id: 'ISO-4', title: 'Support for retrieving / deleting CustomerInformation - CustomerCertificate', role: 'both', ocpp: v201 },
  { id: 'C-51', title: 'Configurable TxStartPoint', role: 'CS', ocpp: v201 },
  { id: 'C-42', title: 'Signed meter values (SampledDataCtrlr.SignReadings)', role: 'CS', ocpp: v201, aliases: ['signed-meter-values'] },
  { id: 'C-52', title: 'Configurable TxStopPoint', role: 'CS', ocpp: v201 },
  // OCPP 2.0.1 Part 5, Advanced Device Management (certification profile): variable monitoring (N02-N06) and event
  // notification (N07).
  {
    id: 'advanced-device-management', title: 'Advanced Device Management (certification profile): monitoring reports, monitoring base/level, variable monitors, event notification', role: 'both', ocpp: v201,
    aliases: ['monitoring'], discover: { variable: { component: 'MonitoringCtrlr', variable: 'Enabled' } },
  },
  // Part 5 additional question AQ-5: a hard-wired monitor (TC_N_21_CS, TC_N_44_CS).
  { id: 'AQ-5', title: 'The Charging Station has at least one hardWired monitor', role: 'CS', ocpp: v201 },
  // Part 5 additional question AQ-6: a pre-configured monitor (TC_N_41_CS).
  { id: 'AQ-6', title: 'The Charging Station has a pre-configured monitor', role: 'CS', ocpp: v201 },
  // Harness items (no Part 5 item): the station lacks a value the document takes as configured unsupported; the profile
  // names it (unsupportedMonitoringCriteria, unsupportedMonitoringBase, unsupportedDisplayMessageStates).
  { id: 'monitoring-criteria-unsupported', title: 'The station does not support every GetMonitoringReport monitoringCriteria (TC_N_04_CS; no Part 5 item)', role: 'CS', ocpp: v201 },
  { id: 'monitoring-base-unsupported', title: 'The station does not support every SetMonitoringBase monitoringBase (TC_N_07_CS; no Part 5 item)', role: 'CS', ocpp: v201 },
  { id: 'display-state-unsupported', title: 'The station does not support display messages for every charging state (TC_O_18_CS; no Part 5 item)', role: 'CS', ocpp: v201 },
  { id: 'DM-3', title: 'Queue notifyEventRequest messages for specific severities (OfflineMonitoringEventQueuingSeverity)', role: 'CS', ocpp: v201 },
  // OCPP 2.0.1 Part 5, Advanced User Interface (certification profile): display messages (O01-O06), with the
  // priorities (UI-1.x, DisplayMessageCtrlr.SupportedPriorities) and formats (UI-2.x, SupportedFormats) a station shows
  {
    id: 'advanced-user-interface', title: 'Advanced User Interface (certification profile): display messages set, read and cleared by the CSMS', role: 'both', ocpp: v201,
    aliases: ['display-messages'], discover: { variable: { component: 'DisplayMessageCtrlr', variable: 'Available' } },
  },
  ...[['1', 'AlwaysFront'], ['2', 'InFront'], ['3', 'NormalCycle']]
    .map(([n, v]): PicsItem => ({ id: `UI-1.${n}`, title: `Supported message priority ${v}`, role: 'CS', ocpp: v201 })),
  ...[['1', 'ASCII'], ['2', 'HTML'], ['3', 'URI'], ['4', 'UTF8']]
    .map(([n, v]): PicsItem => ({ id: `UI-2.${n}`, title: `Supported message format ${v}`, role: 'CS', ocpp: v201 })),
  // OCPP 2.0.1 Part 5, additional questions and hardware features
  { id: 'AQ-1', title: 'The CSMS can be configured to answer a BootNotification Pending or Rejected first', role: 'CSMS', ocpp: v201, aliases: ['configurable-boot-answer'] },
  { id: 'AQ-2', title: 'A cable lock keeps the driver from connecting before authorization', role: 'CS', ocpp: v201 },
  { id: 'HFS-1', title: 'Detachable cable (a connector lock that can be unlocked)', role: 'CS', ocpp: both, aliases: ['detachable-cable'] },
  { id: 'HFS-2', title: 'Fixed cable', role: 'CS', ocpp: both, aliases: ['fixed-cable'] },
  // Security profiles (2.0.1 A00; 1.6 security white paper)
  { id: 'security-profile-1', title: 'Security profile 1: HTTP Basic authentication over ws://', role: 'both', ocpp: both, aliases: ['SP1'] },
  {
    id: 'smart-charging', title: 'Smart Charging (Part 5 certification profile, SmartChargingCtrlr): SetChargingProfile, GetCompositeSchedule, GetChargingProfiles, ClearChargingProfile, remote start with a charging profile',
    role: 'both', ocpp: v201, aliases: ['smartcharging'], discover: { variable: { component: 'SmartChargingCtrlr', variable: 'Available' } },
  },
  { id: 'SC-2.1', title: 'Charging rate unit A supported (SmartChargingCtrlr.RateUnit)', role: 'CS', ocpp: v201 },
  { id: 'SC-2.2', title: 'Charging rate unit W supported (SmartChargingCtrlr.RateUnit)', role: 'CS', ocpp: v201 },
  { id: 'advanced-security', title: 'Advanced Security (Part 5 certification profile; 1.6 white paper A02/A05): charging station certificate signed on request, security profile upgrade', role: 'both', ocpp: both, aliases: ['certificate-update'] },
  { id: 'AS-2', title: 'Additional root certificate check (SecurityCtrlr.AdditionalRootCertificateCheck true): a new CSMS root must be signed by the installed one', role: 'CS', ocpp: v201 },
  { id: 'AS-3', title: 'Update Charging Station Certificate - CertificateSignedRequest Timeout (CertSigningWaitMinimum, CertSigningRepeatTimes)', role: 'CS', ocpp: v201 },
  { id: 'certificate-management', title: 'Install, list and delete CA certificates on the station (1.6 white paper M03-M05, 2.0.1 M03-M05; their test cases assume security profile 2 or 3 is supported)', role: 'both', ocpp: both },
  { id: 'secure-firmware-update', title: 'Secure firmware update (1.6 white paper L01): SignedUpdateFirmware with a firmware signing certificate, signature verified, SignedFirmwareStatusNotification', role: 'both', ocpp: v16, aliases: ['signed-firmware'] },
  { id: 'security-profile-2', title: 'Security profile 2: TLS with the CSMS certificate and HTTP Basic authentication (wss://)', role: 'both', ocpp: both, aliases: ['SP2'] },
  { id: 'security-profile-3', title: 'Security profile 3: TLS with client and CSMS certificates (mutual TLS, wss://)', role: 'both', ocpp: both, aliases: ['SP3'] },
  // OCPP 1.6 feature profiles (SupportedFeatureProfiles)
  { id: '1.6:Core', title: 'Core feature profile', role: 'both', ocpp: v16, discover: { key16: 'Core' } },
  { id: '1.6:FirmwareManagement', title: 'Firmware Management feature profile', role: 'both', ocpp: v16, discover: { key16: 'FirmwareManagement' } },
  { id: '1.6:LocalAuthListManagement', title: 'Local Auth List Management feature profile', role: 'both', ocpp: v16, discover: { key16: 'LocalAuthListManagement' } },
  { id: '1.6:Reservation', title: 'Reservation feature profile', role: 'both', ocpp: v16, discover: { key16: 'Reservation' } },
  { id: '1.6:SmartCharging', title: 'Smart Charging feature profile', role: 'both', ocpp: v16, discover: { key16: 'SmartCharging' } },
  { id: '1.6:RemoteTrigger', title: 'Remote Trigger feature profile', role: 'both', ocpp: v16, discover: { key16: 'RemoteTrigger' } },
  // OCPP 1.6 has no certification item for the authorization cache (3.5.2): the AuthorizationCacheEnabled key shows it.
  { id: '1.6:AuthorizationCache', title: 'Authorization cache (AuthorizationCacheEnabled)', role: 'CS', ocpp: v16, aliases: ['auth-cache-16'] },
];

const byName = new Map<string, PicsItem[]>();
for (const item of PICS) {
  const names = [item.id, ...(item.aliases ?? [])];
  // A 1.6 feature profile may also be written without its prefix (RemoteTrigger, Reservation).
  if (item.id.startsWith('1.6:')) names.push(item.id.slice(4));
  for (const name of names) byName.set(name.toLowerCase(), [...(byName.get(name.toLowerCase()) ?? []), item]);
}

/** The item a user's word names (ID or alias, any case), preferring the one of `ocpp`; undefined if unknown. */
export function picsItem(name: string, ocpp?: OcppVersion): PicsItem | undefined {
  const found = byName.get(name.toLowerCase()) ?? [];
  return found.find((i) => !ocpp || i.ocpp.includes(ocpp)) ?? found[0];
}

/** The canonical ID for a user's word; unknown words are kept as they are (a SUT may claim a feature we do not know). */
export function canonicalItem(name: string, ocpp?: OcppVersion): string {
  return picsItem(name, ocpp)?.id ?? name;
}

export function describeItem(id: string, ocpp?: OcppVersion): string {
  const item = picsItem(id, ocpp);
  return item ? `${item.id} (${item.title})` : id;
}
