import { full } from '../../../src/harness/test-case.js';
import { lockFailureCs, lockFailureCsms } from '../../shared/availability-steps.js';

export const lockFailure = lockFailureCs('2.0.1', full('TC_G_20_CS'));
export const lockFailureOfCsms = lockFailureCsms('2.0.1', full('TC_G_20_CSMS'));
