import {
  evseInoperativeCs, alreadyOperativeCs, alreadyInoperativeCs, unknownEvseCs, noChargingWhileInoperativeCs, scheduledCs,
  changeAvailabilityCsms, persistsCs, scheduledCsms, rejectedCsms,
} from '../../shared/availability-steps.js';

// 1.6 addresses a connector by connectorId (> 0 here); there is no official test case for ChangeAvailability alone.
export const connectorInoperative = evseInoperativeCs('1.6', []);
export const alreadyOperative = alreadyOperativeCs('1.6', 'evse', []);
export const alreadyInoperative = alreadyInoperativeCs('1.6', 'evse', []);
export const persists = persistsCs('1.6', 'evse', []);
export const unknownConnector = unknownEvseCs('1.6', []);
export const noNewTransaction = noChargingWhileInoperativeCs('1.6', []);
export const scheduled = scheduledCs('1.6', 'evse', []);
export const connectorCsms = changeAvailabilityCsms('1.6', {
  useCase: 'G03', variant: 'evse', octt: [],
  killedBy: ['csms.change-availability-wrong-evse', 'csms.change-availability-inverted', 'csms.status-callerror'],
});
export const scheduledOfCsms = scheduledCsms('1.6', 'evse', []);
export const rejectedOfCsms = rejectedCsms('1.6', []);
