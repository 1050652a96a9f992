import { unlockCs, unlockFailedCs, unlockUnknownCs, unlockDuringTransactionCs, unlockCsms } from '../../shared/availability-steps.js';

export const unlocked = unlockCs('1.6', ['TC_017_1_CS']);
export const unlockFailed = unlockFailedCs('1.6', ['TC_030_CS']);
export const unknownConnector = unlockUnknownCs('1.6', ['TC_031_CS']);
export const ongoingTransaction = unlockDuringTransactionCs('1.6', ['TC_018_1_CS']);
export const unlockedOfCsms = unlockCsms('1.6', { variant: 'unlocked', answer: 'Unlocked', octt: ['TC_017_1_CSMS'] });
export const unlockFailedOfCsms = unlockCsms('1.6', { variant: 'unlock-failed', answer: 'UnlockFailed', octt: ['TC_030_CSMS'] });
export const notSupportedOfCsms = unlockCsms('1.6', { variant: 'not-supported', answer: 'NotSupported', octt: ['TC_031_CSMS'] });
