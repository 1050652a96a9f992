import { full, partial } from '../../../src/harness/test-case.js';
import {
  resetImmediateWithTxCs201, resetImmediateWithTxCsms201, resetOnIdleTwoTxCs201, resetOnIdleWithTxCs201, resetOnIdleWithTxCsms201,
} from '../../shared/reset-steps.js';

const noStartupEvent = 'the SecurityEventNotification (StartupOfTheDevice/ResetOrReboot) the document expects after the reboot is not checked';

export const immediateCs = resetImmediateWithTxCs201([partial('TC_B_22_CS', 'transactionInfo.chargingState EVConnected of the Ended event is not checked')]);
export const onIdleCs = resetOnIdleWithTxCs201([partial('TC_B_21_CS', noStartupEvent)]);
export const onIdleTwoTxCs = resetOnIdleTwoTxCs201([partial('TC_B_41_CS', noStartupEvent)]);
export const immediateCsms = resetImmediateWithTxCsms201(full('TC_B_22_CSMS'));
export const onIdleCsms = resetOnIdleWithTxCsms201(full('TC_B_21_CSMS'));
