import { full } from '../../../src/harness/test-case.js';
import { passwordRejectedCs, passwordRejectedCsms, passwordUpdateCs, passwordUpdateCsms } from '../../shared/security-update-steps.js';

export const passwordUpdateOfCs = passwordUpdateCs('2.0.1', full('TC_A_09_CS'));
export const passwordRejectedOfCs = passwordRejectedCs(full('TC_A_10_CS'));
export const passwordUpdateOfCsms = passwordUpdateCsms('2.0.1', full('TC_A_09_CSMS'));
export const passwordRejectedOfCsms = passwordRejectedCsms(full('TC_A_10_CSMS'));
