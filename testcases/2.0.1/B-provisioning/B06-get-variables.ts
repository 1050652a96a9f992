import { full, partial } from '../../../src/harness/test-case.js';
import {
  getValuesCs201, getUnknownCs201, getAttributeTypeCs201, getWriteOnlyCs, getVariablesCsms201, getVariablesLimitCsms201,
} from '../../shared/variables-steps.js';

/** The CSMS-side documents end with a person checking the CSMS's own records, which no operator action reports. */
const manualCheck = (id: string) => partial(id, 'the manual post-scenario check that the CSMS read the values correctly is not reproduced: no operator action reports what the CSMS stored');

export const valuesCs = getValuesCs201(full('TC_B_06_CS', 'TC_B_07_CS'));
export const unknownCs = getUnknownCs201(full('TC_B_32_CS', 'TC_B_33_CS'));
export const attributeTypeCs = getAttributeTypeCs201(full('TC_B_34_CS'));
export const writeOnlyCs = getWriteOnlyCs('2.0.1', []);
export const requestCsms = getVariablesCsms201([manualCheck('TC_B_06_CSMS'), manualCheck('TC_B_07_CSMS')]);
export const itemsLimitCsms = getVariablesLimitCsms201(full('TC_B_08_CSMS'));
