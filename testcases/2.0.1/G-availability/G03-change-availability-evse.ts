import { full, partial } from '../../../src/harness/test-case.js';
import {
  evseInoperativeCs, connectorInoperativeCs, alreadyOperativeCs, alreadyInoperativeCs, unknownEvseCs, noChargingWhileInoperativeCs,
  scheduledCs, changeAvailabilityCsms, persistsCs, scheduledCsms, rejectedCsms, POST_SESSION,
} from '../../shared/availability-steps.js';

// TC_G_04 / TC_G_08 start from the state the first half of the same test leaves (memory state Unavailable).
export const evseInoperative = evseInoperativeCs('2.0.1', full('TC_G_03_CS', 'TC_G_04_CS'));
export const connectorInoperative = connectorInoperativeCs('2.0.1', full('TC_G_07_CS', 'TC_G_08_CS'));
export const alreadyOperative = alreadyOperativeCs('2.0.1', 'evse', full('TC_G_09_CS'));
export const alreadyInoperative = alreadyInoperativeCs('2.0.1', 'evse', full('TC_G_10_CS'));
export const connectorAlreadyOperative = alreadyOperativeCs('2.0.1', 'connector', full('TC_G_15_CS'));
export const connectorAlreadyInoperative = alreadyInoperativeCs('2.0.1', 'connector', full('TC_G_16_CS'));
export const persists = persistsCs('2.0.1', 'evse', full('TC_G_18_CS'));
export const connectorPersists = persistsCs('2.0.1', 'connector', full('TC_G_19_CS'));
export const unknownEvse = unknownEvseCs('2.0.1', []);
export const noNewTransaction = noChargingWhileInoperativeCs('2.0.1', []);
export const scheduled = scheduledCs('2.0.1', 'evse', [partial('TC_G_11_CS', POST_SESSION)]);
export const connectorScheduled = scheduledCs('2.0.1', 'connector', [partial('TC_G_17_CS', POST_SESSION)]);
export const evseCsms = changeAvailabilityCsms('2.0.1', {
  useCase: 'G03', variant: 'evse', octt: full('TC_G_03_CSMS', 'TC_G_04_CSMS'),
  killedBy: ['csms.change-availability-wrong-evse', 'csms.change-availability-inverted', 'csms.status-callerror', 'csms.notify-event-callerror'],
});
export const connectorCsms = changeAvailabilityCsms('2.0.1', {
  useCase: 'G03', variant: 'connector', connector: true, octt: full('TC_G_07_CSMS', 'TC_G_08_CSMS'),
  killedBy: ['csms.change-availability-wrong-evse', 'csms.change-availability-inverted'],
});
export const scheduledOfCsms = scheduledCsms('2.0.1', 'evse', full('TC_G_11_CSMS'));
export const connectorScheduledOfCsms = scheduledCsms('2.0.1', 'connector', full('TC_G_17_CSMS'));
export const rejectedOfCsms = rejectedCsms('2.0.1', []);
