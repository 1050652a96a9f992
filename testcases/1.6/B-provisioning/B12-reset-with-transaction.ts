import { resetWithTxCs16, resetWithTxCsms16 } from '../../shared/reset-steps.js';

export const hardResetWithTxCs = resetWithTxCs16('Hard', ['TC_015_CS']);
export const softResetWithTxCs = resetWithTxCs16('Soft', ['TC_016_CS']);
export const softResetWithTxCsms = resetWithTxCsms16([]);
