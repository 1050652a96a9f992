// Own test cases (not official): attacks on a CSMS's connection handling; see testcases/shared/attack-steps.ts.
import { bruteForceCsms, downgradeCsms, duplicateCsms, impersonationCsms } from '../../shared/attack-steps.js';

export const impersonation = impersonationCsms('1.6');
export const bruteForce = bruteForceCsms('1.6');
export const downgrade = downgradeCsms('1.6');
export const duplicate = duplicateCsms('1.6');
