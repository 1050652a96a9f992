import { heartbeatCs, heartbeatCsms } from '../../shared/status-steps.js';

export const heartbeatOfCs = heartbeatCs('2.0.1', []);
export const heartbeatOfCsms = heartbeatCsms('2.0.1', []);
