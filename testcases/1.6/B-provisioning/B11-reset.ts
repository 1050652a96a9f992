import { full } from '../../../src/harness/test-case.js';
import { resetCsms, resetKeepsUnavailableCs, resetRejectedCsms } from '../../shared/reset-steps.js';
import { connectorZeroNote } from '../../shared/boot-steps.js';

export const hardResetCs = resetKeepsUnavailableCs('1.6', 'Hard', [connectorZeroNote('TC_013_CS')]);
export const softResetCs = resetKeepsUnavailableCs('1.6', 'Soft', full('TC_014_CS'));
// TC_013_CSMS/TC_014_CSMS: the harness charge point reports its connectors after the reboot, connector 0 included.
export const hardResetCsms = resetCsms('1.6', 'Hard', full('TC_013_CSMS'));
export const softResetCsms = resetCsms('1.6', 'Soft', full('TC_014_CSMS'));
export const resetRejectedCsms16 = resetRejectedCsms('1.6');
