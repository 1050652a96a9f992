import type { ReferenceCsms } from './csms.js';
import { install as transactions } from './transactions.js';
import { install as deviceModel } from './device-model.js';
import { install as reset } from './reset.js';
import { install as remoteControl } from './remote-control.js';
import { install as availability } from './availability.js';
import { install as trigger } from './trigger.js';
import { install as security } from './security.js';
import { install as reservations } from './reservations.js';
import { install as localList } from './local-list.js';
import { install as firmware } from './firmware.js';
import { install as firmware201 } from './firmware201.js';
import { install as diagnostics } from './diagnostics.js';
import { install as authorization } from './authorization.js';
import { install as smartCharging } from './smart-charging.js';
import { install as smartCharging201 } from './smart-charging201.js';
import { install as evChargingNeeds } from './ev-charging-needs.js';
import { install as displayMessages } from './display-messages.js';
import { install as dataTransfer } from './data-transfer.js';
import { install as report } from './report.js';
import { install as certificates201 } from './certificates201.js';
import { install as tariff } from './tariff.js';
import { install as logs201 } from './logs201.js';
import { install as monitoring } from './monitoring.js';
import { install as customerInformation } from './customer-information.js';

/** Each use-case family adds its handlers and operator actions here (one install function per file). */
const FEATURES: ((csms: ReferenceCsms) => void)[] = [
  transactions,
  deviceModel,
  reset,
  remoteControl,
  availability,
  trigger,
  security,
  reservations,
  localList,
  firmware,
  firmware201,
  diagnostics,
  authorization, // after transactions: wraps its Authorize
  smartCharging,
  smartCharging201,
  evChargingNeeds,
  displayMessages,
  report,
  certificates201,
  tariff, // after transactions: wraps its TransactionEvent
  logs201,
  monitoring,
  customerInformation,
  // Last: its customData fault wraps the StatusNotification and TransactionEvent handlers.
  dataTransfer,
];

export function installCsmsFeatures(csms: ReferenceCsms): void {
  for (const install of FEATURES) install(csms);
}
