import { partial } from '../../../src/harness/test-case.js';
import { offlineLongCs, offlineStatusChangeCs } from '../../shared/offline-steps.js';

const differences = 'the connector report is accepted only as StatusNotification (the document also allows NotifyEvent AvailabilityState), and the harness takes the reconnection as soon as it comes instead of refusing it until the cable is in';

export const offlineStatusChange = offlineStatusChangeCs('2.0.1', [partial('TC_B_52_CS', differences)]);
export const offlineLong = offlineLongCs([partial('TC_B_51_CS', differences)]);
