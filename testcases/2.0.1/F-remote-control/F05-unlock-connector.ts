import { unlockCs, unlockFailedCs, unlockUnknownCs, unlockDuringTransactionCs, unlockCsms } from '../../shared/availability-steps.js';

export const unlocked = unlockCs('2.0.1', ['TC_F_06_CS', 'TC_F_07_CS']);
export const unlockFailed = unlockFailedCs('2.0.1', []);
export const unknownConnector = unlockUnknownCs('2.0.1', ['TC_F_10_CS']);
export const ongoingTransaction = unlockDuringTransactionCs('2.0.1', ['TC_F_05_CS']);
export const unlockedOfCsms = unlockCsms('2.0.1', { variant: 'unlocked', answer: 'Unlocked', octt: ['TC_F_06_CSMS'] });
export const unlockFailedOfCsms = unlockCsms('2.0.1', { variant: 'unlock-failed', answer: 'UnlockFailed', octt: [] });
