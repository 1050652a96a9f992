import { triggerCs, triggerCsms } from '../../shared/trigger-steps.js';

export const triggerMessageCs = triggerCs('1.6');
export const triggerMessageCsms = triggerCsms('1.6');
