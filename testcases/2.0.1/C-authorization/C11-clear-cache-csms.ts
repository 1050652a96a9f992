// C11 Clear Authorization Data in Authorization Cache with the CSMS as SUT (TC_C_37_CSMS, TC_C_38_CSMS).
import { full } from '../../../src/harness/test-case.js';
import { clearCacheCsms } from '../../shared/local-list-csms-cases.js';

export const acceptedCsms = clearCacheCsms('2.0.1', 'accepted', full('TC_C_37_CSMS'), 'Accepted');
export const rejectedCsms = clearCacheCsms('2.0.1', 'rejected', full('TC_C_38_CSMS'), 'Rejected');
