import { full } from '../../../src/harness/test-case.js';
import { rejectedAnswersSecurityErrorCs, rejectedBootCs, rejectedBootCsms } from '../../shared/boot-steps.js';

export const rejectedCs = rejectedBootCs('2.0.1', full('TC_B_03_CS'));
// TC_B_30_CSMS allows either a Pending or a Rejected boot; this test reproduces it with Rejected.
export const rejectedCsms = rejectedBootCsms('2.0.1', full('TC_B_30_CSMS'));
export const rejectedAnswersSecurityError = rejectedAnswersSecurityErrorCs(full('TC_B_30_CS'));
