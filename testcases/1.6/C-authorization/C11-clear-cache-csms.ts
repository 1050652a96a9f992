// 1.6 Clear Authorization Cache with the central system as SUT (TC_061_CSMS).
import { full } from '../../../src/harness/test-case.js';
import { clearCacheCsms } from '../../shared/local-list-csms-cases.js';

export const clearCsms = clearCacheCsms('1.6', 'accepted', full('TC_061_CSMS'), 'Accepted');
