import { resetWithTxCs16, resetWithTxCsms16 } from '../../shared/reset-steps.js';
import { connectorZeroNote } from '../../shared/boot-steps.js';

export const hardResetWithTxCs = resetWithTxCs16('Hard', [connectorZeroNote('TC_015_CS')]);
export const softResetWithTxCs = resetWithTxCs16('Soft', [connectorZeroNote('TC_016_CS')]);
export const softResetWithTxCsms = resetWithTxCsms16([]);
