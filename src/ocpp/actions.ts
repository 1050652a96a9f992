import type { OcppVersion } from './versions.js';

/** Who sends a CALL: the charging station (CS) or the CSMS. */
export type Role = 'CS' | 'CSMS';

// Actions each side initiates, per version. 1.6 includes the security white paper's messages.
const CS_TO_CSMS: Record<OcppVersion, readonly string[]> = {
  '1.6': [
    'Authorize', 'BootNotification', 'DataTransfer', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification',
    'Heartbeat', 'LogStatusNotification', 'MeterValues', 'SecurityEventNotification', 'SignCertificate',
    'SignedFirmwareStatusNotification', 'StartTransaction', 'StatusNotification', 'StopTransaction',
  ],
  '2.0.1': [
    'Authorize', 'BootNotification', 'ClearedChargingLimit', 'DataTransfer', 'FirmwareStatusNotification',
    'Get15118EVCertificate', 'GetCertificateStatus', 'Heartbeat', 'LogStatusNotification', 'MeterValues',
    'NotifyChargingLimit', 'NotifyCustomerInformation', 'NotifyDisplayMessages', 'NotifyEVChargingNeeds',
    'NotifyEVChargingSchedule', 'NotifyEvent', 'NotifyMonitoringReport', 'NotifyReport',
    'PublishFirmwareStatusNotification', 'ReportChargingProfiles', 'ReservationStatusUpdate',
    'SecurityEventNotification', 'SignCertificate', 'StatusNotification', 'TransactionEvent',
  ],
};

const CSMS_TO_CS: Record<OcppVersion, readonly string[]> = {
  '1.6': [
    'CancelReservation', 'CertificateSigned', 'ChangeAvailability', 'ChangeConfiguration', 'ClearCache',
    'ClearChargingProfile', 'DataTransfer', 'DeleteCertificate', 'ExtendedTriggerMessage', 'GetCompositeSchedule',
    'GetConfiguration', 'GetDiagnostics', 'GetInstalledCertificateIds', 'GetLocalListVersion', 'GetLog',
    'InstallCertificate', 'RemoteStartTransaction', 'RemoteStopTransaction', 'ReserveNow', 'Reset',
    'SendLocalList', 'SetChargingProfile', 'SignedUpdateFirmware', 'TriggerMessage', 'UnlockConnector',
    'UpdateFirmware',
  ],
  '2.0.1': [
    'CancelReservation', 'CertificateSigned', 'ChangeAvailability', 'ClearCache', 'ClearChargingProfile',
    'ClearDisplayMessage', 'ClearVariableMonitoring', 'CostUpdated', 'CustomerInformation', 'DataTransfer',
    'DeleteCertificate', 'GetBaseReport', 'GetChargingProfiles', 'GetCompositeSchedule', 'GetDisplayMessages',
    'GetInstalledCertificateIds', 'GetLocalListVersion', 'GetLog', 'GetMonitoringReport', 'GetReport',
    'GetTransactionStatus', 'GetVariables', 'InstallCertificate', 'PublishFirmware', 'RequestStartTransaction',
    'RequestStopTransaction', 'ReserveNow', 'Reset', 'SendLocalList', 'SetChargingProfile', 'SetDisplayMessage',
    'SetMonitoringBase', 'SetMonitoringLevel', 'SetNetworkProfile', 'SetVariableMonitoring', 'SetVariables',
    'TriggerMessage', 'UnlockConnector', 'UnpublishFirmware', 'UpdateFirmware',
  ],
};

/** Actions that `sender` may send as a CALL in `version`. */
export function actionsSentBy(sender: Role, version: OcppVersion): readonly string[] {
  return sender === 'CS' ? CS_TO_CSMS[version] : CSMS_TO_CS[version];
}

/** Actions a system under test in `role` must accept as incoming CALLs. */
export function actionsAcceptedBy(role: Role, version: OcppVersion): readonly string[] {
  return actionsSentBy(role === 'CS' ? 'CSMS' : 'CS', version);
}

export function isKnownAction(version: OcppVersion, action: string): boolean {
  return CS_TO_CSMS[version].includes(action) || CSMS_TO_CS[version].includes(action);
}
