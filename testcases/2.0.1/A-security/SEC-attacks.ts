// Own test cases (not official): attacks on a CSMS's connection handling; see testcases/shared/attack-steps.ts.
import { bruteForceCsms, downgradeCsms, duplicateCsms, impersonationCsms } from '../../shared/attack-steps.js';

export const impersonation = impersonationCsms('2.0.1');
export const bruteForce = bruteForceCsms('2.0.1');
export const downgrade = downgradeCsms('2.0.1');
export const duplicate = duplicateCsms('2.0.1');
