import { triggerCs, triggerCsms } from '../../shared/trigger-steps.js';

export const triggerMessageCs = triggerCs('2.0.1');
export const triggerMessageCsms = triggerCsms('2.0.1');
