import { heartbeatCs, heartbeatCsms } from '../../shared/status-steps.js';

export const heartbeatOfCs = heartbeatCs('1.6', []);
export const heartbeatOfCsms = heartbeatCsms('1.6', []);
