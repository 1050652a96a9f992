import { full, partial } from '../../../src/harness/test-case.js';
import {
  setAcceptedCs, setHeartbeatCs, setRejectedCs, setReadOnlyCs, setUnknownCs201, setAttributeTypeCs201, setMultipleCs201,
  setVariablesCsms201, setVariablesMultipleCsms201, setVariablesInstanceCsms201, setRejectedCsms,
} from '../../shared/variables-steps.js';

/** The CSMS-side documents end with a person checking the CSMS's own records, which no operator action reports. */
const manualCheck = (id: string) => partial(id, 'the manual post-scenario check that the CSMS recorded the values it set is not reproduced: no operator action reports what the CSMS stored');

export const acceptedCs = setAcceptedCs('2.0.1', full('TC_B_09_CS'));
export const heartbeatCs = setHeartbeatCs('2.0.1', []);
export const invalidValueCs = setRejectedCs('2.0.1', full('TC_B_11_CS'));
export const readOnlyCs = setReadOnlyCs('2.0.1', full('TC_B_39_CS'));
export const unknownCs = setUnknownCs201(full('TC_B_35_CS', 'TC_B_36_CS'));
export const attributeTypeCs = setAttributeTypeCs201(full('TC_B_37_CS'));
export const multipleCs = setMultipleCs201(full('TC_B_10_CS'));
export const singleCsms = setVariablesCsms201([manualCheck('TC_B_09_CSMS')]);
export const multipleCsms = setVariablesMultipleCsms201([manualCheck('TC_B_10_CSMS')]);
export const instanceCsms = setVariablesInstanceCsms201([]);
export const rejectedCsms = setRejectedCsms('2.0.1', []);
