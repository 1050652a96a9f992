import { full } from '../../../src/harness/test-case.js';
import {
  setAcceptedCs, setHeartbeatCs, setRejectedCs, setReadOnlyCs, changeUnknownKeyCs16, changeConfigurationCsms16, setRejectedCsms,
} from '../../shared/variables-steps.js';

export const acceptedCs = setAcceptedCs('1.6', full('TC_021_CS'));
export const heartbeatCs = setHeartbeatCs('1.6', []);
export const invalidValueCs = setRejectedCs('1.6', full('TC_040_2_CS'));
export const readOnlyCs = setReadOnlyCs('1.6', []);
export const unknownKeyCs = changeUnknownKeyCs16(full('TC_040_1_CS'));
export const changeCsms = changeConfigurationCsms16(full('TC_021_CSMS'));
export const rejectedCsms = setRejectedCsms('1.6', full('TC_040_1_CSMS', 'TC_040_2_CSMS'));
