import { statusNotificationCs, statusNotificationCsms } from '../../shared/status-steps.js';

export const statusCs = statusNotificationCs('1.6', []);
export const statusCsms = statusNotificationCsms('1.6', []);
