import {
  resetImmediateWithTxCs201, resetImmediateWithTxCsms201, resetOnIdleTwoTxCs201, resetOnIdleWithTxCs201, resetOnIdleWithTxCsms201,
} from '../../shared/reset-steps.js';

export const immediateCs = resetImmediateWithTxCs201(['TC_B_22_CS']);
export const onIdleCs = resetOnIdleWithTxCs201(['TC_B_21_CS']);
export const onIdleTwoTxCs = resetOnIdleTwoTxCs201(['TC_B_41_CS']);
export const immediateCsms = resetImmediateWithTxCsms201(['TC_B_22_CSMS']);
export const onIdleCsms = resetOnIdleWithTxCsms201(['TC_B_21_CSMS']);
