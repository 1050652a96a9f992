import { full } from '../../../src/harness/test-case.js';
import { remoteStopRejectedCsms, remoteStopTxCs, remoteStopTxCsms, remoteStopUnknownCs } from '../../shared/remote-control-steps.js';

export const remoteStopCs = remoteStopTxCs('2.0.1', full('TC_F_08_CS'));
export const unknownCs = remoteStopUnknownCs('2.0.1', full('TC_F_09_CS'));
export const remoteStopCsms = remoteStopTxCsms('2.0.1', []);
export const rejectedCsms = remoteStopRejectedCsms('2.0.1', []);
