import { full } from '../../../src/harness/test-case.js';
import {
  getConfigurationAllCs16, getConfigurationUnknownCs16, getWriteOnlyCs, getConfigurationAllCsms16, getConfigurationKeysCsms16,
} from '../../shared/variables-steps.js';

export const allKeysCs = getConfigurationAllCs16(full('TC_019_CS'));
export const unknownKeyCs = getConfigurationUnknownCs16([]);
export const writeOnlyCs = getWriteOnlyCs('1.6', []);
export const allKeysCsms = getConfigurationAllCsms16(full('TC_019_1_CSMS'));
export const keysCsms = getConfigurationKeysCsms16(full('TC_019_2_CSMS'));
