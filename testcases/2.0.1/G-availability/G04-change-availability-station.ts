import { stationInoperativeCs, sameStateCs, scheduledCs, changeAvailabilityCsms, scheduledCsms, persistsCs } from '../../shared/availability-steps.js';

export const stationInoperative = stationInoperativeCs('2.0.1', ['TC_G_05_CS', 'TC_G_06_CS']);
export const sameState = sameStateCs('2.0.1', 'station', ['TC_G_12_CS', 'TC_G_13_CS']);
export const persists = persistsCs('2.0.1', 'station', ['TC_G_21_CS']);
export const scheduled = scheduledCs('2.0.1', 'station', ['TC_G_14_CS']);
export const stationCsms = changeAvailabilityCsms('2.0.1', {
  useCase: 'G04', variant: 'station', octt: ['TC_G_05_CSMS', 'TC_G_06_CSMS'],
  killedBy: ['csms.change-availability-inverted', 'csms.status-callerror'],
});
export const scheduledOfCsms = scheduledCsms('2.0.1', 'station', ['TC_G_14_CSMS']);
