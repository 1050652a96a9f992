import { full, partial } from '../../../src/harness/test-case.js';
import {
  stationInoperativeCs, alreadyOperativeCs, alreadyInoperativeCs, scheduledCs, changeAvailabilityCsms, scheduledCsms, persistsCs,
  POST_SESSION,
} from '../../shared/availability-steps.js';

// TC_G_06 starts from the state the first half of the same test leaves (Unavailable).
export const stationInoperative = stationInoperativeCs('2.0.1', full('TC_G_05_CS', 'TC_G_06_CS'));
export const alreadyOperative = alreadyOperativeCs('2.0.1', 'station', full('TC_G_12_CS'));
export const alreadyInoperative = alreadyInoperativeCs('2.0.1', 'station', full('TC_G_13_CS'));
export const persists = persistsCs('2.0.1', 'station', full('TC_G_21_CS'));
export const scheduled = scheduledCs('2.0.1', 'station', [partial('TC_G_14_CS', POST_SESSION)]);
export const stationCsms = changeAvailabilityCsms('2.0.1', {
  useCase: 'G04', variant: 'station', octt: full('TC_G_05_CSMS', 'TC_G_06_CSMS'),
  killedBy: ['csms.change-availability-inverted', 'csms.status-callerror', 'csms.change-availability-station-evse-zero'],
});
export const scheduledOfCsms = scheduledCsms('2.0.1', 'station', full('TC_G_14_CSMS'));
