import { full } from '../../../src/harness/test-case.js';
import { unlockCs, unlockFailedCs, unlockUnknownCs, unlockDuringTransactionCs, unlockCsms } from '../../shared/availability-steps.js';

// TC_F_06 (no transaction) and TC_F_07 (no transaction, no cable) are the same request to an idle connector.
export const unlocked = unlockCs('2.0.1', full('TC_F_06_CS', 'TC_F_07_CS'));
export const unlockFailed = unlockFailedCs('2.0.1', []);
export const unknownConnector = unlockUnknownCs('2.0.1', full('TC_F_10_CS'));
export const ongoingTransaction = unlockDuringTransactionCs('2.0.1', full('TC_F_05_CS'));
export const unlockedOfCsms = unlockCsms('2.0.1', { variant: 'unlocked', answer: 'Unlocked', octt: full('TC_F_06_CSMS') });
export const unlockFailedOfCsms = unlockCsms('2.0.1', { variant: 'unlock-failed', answer: 'UnlockFailed', octt: [] });
