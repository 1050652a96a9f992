import { full, partial } from '../../../src/harness/test-case.js';
import { pendingBootCs201, pendingBootCsms } from '../../shared/boot-steps.js';

export const pendingCs = pendingBootCs201([partial('TC_B_02_CS',
  'steps 7-10 (GetBaseReport FullInventory and the NotifyReport messages while Pending) are not reproduced: the harness has no B07 report support yet')]);
// TC_B_30_CSMS allows either a Pending or a Rejected boot; this test reproduces it with Pending.
export const pendingCsms = pendingBootCsms('2.0.1', full('TC_B_02_CSMS', 'TC_B_30_CSMS'));
