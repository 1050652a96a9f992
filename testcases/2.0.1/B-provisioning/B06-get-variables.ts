import {
  getValuesCs201, getUnknownCs201, getAttributeTypeCs201, getWriteOnlyCs, getVariablesCsms201, getVariablesLimitCsms201,
} from '../../shared/variables-steps.js';

export const valuesCs = getValuesCs201(['TC_B_06_CS', 'TC_B_07_CS']);
export const unknownCs = getUnknownCs201(['TC_B_32_CS', 'TC_B_33_CS']);
export const attributeTypeCs = getAttributeTypeCs201(['TC_B_34_CS']);
export const writeOnlyCs = getWriteOnlyCs('2.0.1', []);
export const requestCsms = getVariablesCsms201(['TC_B_06_CSMS', 'TC_B_07_CSMS']);
export const itemsLimitCsms = getVariablesLimitCsms201(['TC_B_08_CSMS']);
