import { offlineLongCs, offlineStatusChangeCs } from '../../shared/offline-steps.js';

export const offlineStatusChange = offlineStatusChangeCs('2.0.1', ['TC_B_52_CS']);
export const offlineLong = offlineLongCs(['TC_B_51_CS']);
