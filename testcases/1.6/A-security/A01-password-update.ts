import { full } from '../../../src/harness/test-case.js';
import { passwordUpdateCs, passwordUpdateCsms } from '../../shared/security-update-steps.js';

export const passwordUpdateOfCs = passwordUpdateCs('1.6', full('TC_073_CS'));
export const passwordUpdateOfCsms = passwordUpdateCsms('1.6', full('TC_073_CSMS'));
