import type { ReferenceStation } from './station.js';
import { install as authCache } from './auth-cache.js';
import { install as localList } from './local-list.js';
import { install as driver } from './driver.js';
import { install as deviceModel } from './device-model.js';
import { install as reset } from './reset.js';
import { install as remoteControl } from './remote-control.js';
import { install as availability } from './availability.js';
import { install as trigger } from './trigger.js';
import { install as offline } from './offline.js';
import { install as authorization } from './authorization.js';
import { install as security } from './security.js';
import { install as reservations } from './reservations.js';
import { install as meterValues } from './meter-values.js';
import { install as network, installNetworkProfiles } from './network.js';
import { install as invalidId } from './invalid-id.js';
import { install as smartCharging } from './smart-charging.js';
import { install as smartCharging201 } from './smart-charging201.js';
import { install as evChargingNeeds } from './ev-charging-needs.js';
import { install as firmware } from './firmware.js';
import { install as firmware201 } from './firmware201.js';
import { install as diagnostics } from './diagnostics.js';
import { install as displayMessages } from './display-messages.js';
import { install as dataTransfer } from './data-transfer.js';
import { install as report } from './report.js';
import { install as tariff } from './tariff.js';
import { install as evCertificates } from './ev-certificates.js';
import { install as logs201 } from './logs201.js';
import { install as monitoring } from './monitoring.js';
import { install as customerInformation } from './customer-information.js';

/** Each use-case family adds its handlers and operator actions here (one install function per file). */
const FEATURES: ((station: ReferenceStation) => void)[] = [
  authCache,
  localList,
  driver,
  meterValues, // before deviceModel: it sets its own default measurands first
  deviceModel,
  reset,
  remoteControl,
  smartCharging, // after remoteControl: wraps its RemoteStartTransaction (a TxProfile with the start)
  smartCharging201, // after remoteControl: wraps its RequestStartTransaction (K05)
  evChargingNeeds, // after smartCharging201: wraps its SetChargingProfile for ISO 15118 sessions
  availability,
  trigger,
  offline,
  network,
  reservations,
  authorization, // after driver: replaces its presentIdToken
  invalidId,
  firmware, // after deviceModel: it adds FirmwareManagement to SupportedFeatureProfiles
  firmware201,
  diagnostics, // after firmware: it keeps the SupportedFileTransferProtocols firmware set
  report, // B07/B08: reads the variables every other feature added
  security, // after deviceModel and trigger: wraps their handlers
  installNetworkProfiles, // after security: wraps its SetNetworkProfile
  displayMessages,
  tariff,
  evCertificates, // after authorization: goes on with its evPlugAndCharge
  logs201, // 2.0.1 GetLog (security.ts handles it in 1.6 only)
  monitoring, // wraps station.send: checks the monitors after each StatusNotification
  customerInformation,
  // After every handler of a request that may carry customData: its fault wraps them.
  dataTransfer,
];

export function installStationFeatures(station: ReferenceStation): void {
  for (const install of FEATURES) install(station);
}
