import { full } from '../../../src/harness/test-case.js';
import { lockFailureCs, lockFailureCsms } from '../../shared/availability-steps.js';

export const lockFailure = lockFailureCs('1.6', full('TC_024_CS'));
export const lockFailureOfCsms = lockFailureCsms('1.6', full('TC_024_CSMS'));
