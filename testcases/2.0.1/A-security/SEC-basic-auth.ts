import { full } from '../../../src/harness/test-case.js';
import { basicAuthCs, basicAuthCsms } from '../../shared/security-steps.js';

export const basicAuthOfCs = basicAuthCs('2.0.1', full('TC_A_01_CS'));
export const basicAuthOfCsms = basicAuthCsms('2.0.1', full('TC_A_01_CSMS', 'TC_A_02_CSMS', 'TC_A_03_CSMS'));
