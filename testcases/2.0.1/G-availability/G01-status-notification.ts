import { statusNotificationCs, statusNotificationCsms } from '../../shared/status-steps.js';

export const statusCs = statusNotificationCs('2.0.1', ['TC_G_01_CS', 'TC_G_02_CS']);
export const statusCsms = statusNotificationCsms('2.0.1', []);
