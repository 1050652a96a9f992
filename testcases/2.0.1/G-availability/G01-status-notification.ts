import { full } from '../../../src/harness/test-case.js';
import { statusNotificationCs, statusNotificationCsms } from '../../shared/status-steps.js';

// TC_G_02 starts from the state TC_G_01 ends in (EVConnectedPreSession).
export const statusCs = statusNotificationCs('2.0.1', full('TC_G_01_CS', 'TC_G_02_CS'));
export const statusCsms = statusNotificationCsms('2.0.1', []);
