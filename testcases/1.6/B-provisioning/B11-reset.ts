import { resetCsms, resetKeepsUnavailableCs, resetRejectedCsms } from '../../shared/reset-steps.js';

export const hardResetCs = resetKeepsUnavailableCs('1.6', 'Hard', ['TC_013_CS']);
export const softResetCs = resetKeepsUnavailableCs('1.6', 'Soft', ['TC_014_CS']);
export const hardResetCsms = resetCsms('1.6', 'Hard', ['TC_013_CSMS']);
export const softResetCsms = resetCsms('1.6', 'Soft', ['TC_014_CSMS']);
export const resetRejectedCsms16 = resetRejectedCsms('1.6');
