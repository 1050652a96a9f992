import { full } from '../../../src/harness/test-case.js';
import { unlockCs, unlockFailedCs, unlockUnknownCs, unlockDuringTransactionCs, unlockCsms, unlockFixedCableCs } from '../../shared/availability-steps.js';

export const unlocked = unlockCs('1.6', full('TC_017_1_CS'));
export const unlockFailed = unlockFailedCs('1.6', full('TC_030_CS'));
export const unknownConnector = unlockUnknownCs('1.6', full('TC_031_CS'));
export const ongoingTransaction = unlockDuringTransactionCs('1.6', full('TC_018_1_CS'));
export const fixedCable = unlockFixedCableCs(full('TC_017_2_CS'), { charging: false });
export const fixedCableCharging = unlockFixedCableCs(full('TC_018_2_CS'), { charging: true });
export const unlockedOfCsms = unlockCsms('1.6', { variant: 'unlocked', answer: 'Unlocked', octt: full('TC_017_1_CSMS') });
export const unlockFailedOfCsms = unlockCsms('1.6', { variant: 'unlock-failed', answer: 'UnlockFailed', octt: full('TC_030_CSMS') });
// A fixed-cable charge point (TC_017_2) and an unknown connector (TC_031) both answer NotSupported.
export const notSupportedOfCsms = unlockCsms('1.6', { variant: 'not-supported', answer: 'NotSupported', octt: full('TC_031_CSMS', 'TC_017_2_CSMS') });
export const ongoingTransactionOfCsms = unlockCsms('1.6', { variant: 'ongoing-transaction', answer: 'Unlocked', octt: full('TC_018_1_CSMS'), charging: true });
