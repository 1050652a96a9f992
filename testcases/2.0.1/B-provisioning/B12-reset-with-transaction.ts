import { full, partial } from '../../../src/harness/test-case.js';
import {
  resetImmediateWithTxCs201, resetEvseWithTxCs201, resetEvseWithTxUnsupportedCs201, resetEvseWithTxCsms201, resetImmediateWithTxCsms201, resetOnIdleTwoTxCs201, resetOnIdleWithTxCs201, resetOnIdleWithTxCsms201,
} from '../../shared/reset-steps.js';

const noStartupEvent = 'the SecurityEventNotification (StartupOfTheDevice/ResetOrReboot) the document expects after the reboot is not checked';

export const immediateCs = resetImmediateWithTxCs201([partial('TC_B_22_CS', 'transactionInfo.chargingState EVConnected of the Ended event is not checked')]);
export const onIdleCs = resetOnIdleWithTxCs201([partial('TC_B_21_CS', noStartupEvent)]);
export const onIdleTwoTxCs = resetOnIdleTwoTxCs201([partial('TC_B_41_CS', noStartupEvent)]);
export const immediateCsms = resetImmediateWithTxCsms201(full('TC_B_22_CSMS'));
export const onIdleCsms = resetOnIdleWithTxCsms201(full('TC_B_21_CSMS'));
export const evseOnIdleCs = resetEvseWithTxCs201('OnIdle', [partial('TC_B_26_CS', 'the reusable states StopAuthorized, EVConnectedPostSession, EVDisconnected and ParkingBayUnoccupied are driven (card again, unplug) but their messages are not validated one by one; only the Ended event is awaited')]);
export const evseImmediateCs = resetEvseWithTxCs201('Immediate', full('TC_B_27_CS'));
export const evseUnsupportedCs = resetEvseWithTxUnsupportedCs201(full('TC_B_29_CS'));
export const evseOnIdleCsms = resetEvseWithTxCsms201('OnIdle', full('TC_B_26_CSMS'));
export const evseImmediateCsms = resetEvseWithTxCsms201('Immediate', full('TC_B_27_CSMS'));
