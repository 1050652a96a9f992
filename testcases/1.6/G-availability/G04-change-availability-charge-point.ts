import {
  stationInoperativeCs, alreadyOperativeCs, alreadyInoperativeCs, scheduledCs, changeAvailabilityCsms, scheduledCsms, persistsCs,
} from '../../shared/availability-steps.js';

// connectorId 0: the whole charge point.
export const chargePointInoperative = stationInoperativeCs('1.6', []);
export const alreadyOperative = alreadyOperativeCs('1.6', 'station', []);
export const alreadyInoperative = alreadyInoperativeCs('1.6', 'station', []);
export const persists = persistsCs('1.6', 'station', []);
export const scheduled = scheduledCs('1.6', 'station', []);
export const chargePointCsms = changeAvailabilityCsms('1.6', {
  useCase: 'G04', variant: 'station', octt: [],
  killedBy: ['csms.change-availability-wrong-evse', 'csms.change-availability-inverted', 'csms.status-callerror'],
});
export const scheduledOfCsms = scheduledCsms('1.6', 'station', []);
