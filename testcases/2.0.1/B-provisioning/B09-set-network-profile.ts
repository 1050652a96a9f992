import { full, partial } from '../../../src/harness/test-case.js';
import { invalidSlotCs, setProfileCsms, setProfileFailedCsms } from '../../shared/network-profile-steps.js';

export const invalidSlot = invalidSlotCs(full('TC_B_43_CS'));
export const setProfileOfCsms = setProfileCsms([partial('TC_B_42_CSMS',
  'the configured slot is the one the operator action is given (1) and the URL is compared only where the harness knows the CSMS\'s endpoint; messageTimeout and ocppInterface are not compared with configured values (the harness has none for them)')]);
export const setProfileFailedOfCsms = setProfileFailedCsms(full('TC_B_44_CSMS'));
