import { offlineStatusChangeCs } from '../../shared/offline-steps.js';

export const offlineStatusChange = offlineStatusChangeCs('1.6', []);
