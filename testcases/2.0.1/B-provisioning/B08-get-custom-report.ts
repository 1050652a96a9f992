import { full } from '../../../src/harness/test-case.js';
import {
  customCriteriaCs, customComponentVariableCs, customCriteriaAndVariableCs, customUnsupportedCriteriaCs, customInstancesCs,
  customAllEvsesCs, customReportCsms,
} from '../../shared/report-steps.js';

export const criteriaCs = customCriteriaCs(full('TC_B_16_CS'));
export const componentVariableCs = customComponentVariableCs(full('TC_B_17_CS'));
export const criteriaAndVariableCs = customCriteriaAndVariableCs(full('TC_B_18_CS'));
export const unsupportedCriteriaCs = customUnsupportedCriteriaCs(full('TC_B_19_CS'));
export const allInstancesCs = customInstancesCs(full('TC_B_54_CS'), false);
export const instanceCs = customInstancesCs(full('TC_B_55_CS'), true);
export const allEvsesCs = customAllEvsesCs(full('TC_B_56_CS'));
export const criteriaAndVariableCsms = customReportCsms(full('TC_B_18_CSMS'));
