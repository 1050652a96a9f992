import { full } from '../../../src/harness/test-case.js';
import {
  resetCsms, resetEvseCs201, resetKeepsReservationCs201, resetEvseCsms201, resetEvseUnsupportedCs201, resetIdleCs201, resetKeepsUnavailableCs, resetRejectedCsms,
} from '../../shared/reset-steps.js';

export const resetOnIdleCs = resetIdleCs201('OnIdle', full('TC_B_20_CS'));
export const resetImmediateCs = resetIdleCs201('Immediate', []);
export const resetUnavailableCs = resetKeepsUnavailableCs('2.0.1', 'OnIdle', full('TC_B_23_CS'));
export const resetEvseCs = resetEvseCs201(full('TC_B_25_CS'));
export const resetEvseUnsupportedCs = resetEvseUnsupportedCs201(full('TC_B_28_CS'));
export const resetOnIdleCsms = resetCsms('2.0.1', 'OnIdle', full('TC_B_20_CSMS'));
export const resetImmediateCsms = resetCsms('2.0.1', 'Immediate', []);
export const resetEvseCsms = resetEvseCsms201(full('TC_B_25_CSMS'));
export const resetRejectedCsms201 = resetRejectedCsms('2.0.1');
export const resetReservedCs = resetKeepsReservationCs201(full('TC_B_24_CS'));
