import { full } from '../../../src/harness/test-case.js';
import { reconnectBackoffCs } from '../../shared/network-profile-steps.js';

// TC_B_57_CS belongs to no use case (Part 4 section 5.3): it sits with B04, the offline behaviour it exercises.
export const reconnectBackoff = reconnectBackoffCs(full('TC_B_57_CS'));
