import { full } from '../../../src/harness/test-case.js';
import { remoteStopRejectedCsms, remoteStopTxCs, remoteStopTxCsms, remoteStopUnknownCs } from '../../shared/remote-control-steps.js';

export const remoteStopCs = remoteStopTxCs('1.6', full('TC_012_CS'));
export const unknownCs = remoteStopUnknownCs('1.6', full('TC_028_CS'));
export const remoteStopCsms = remoteStopTxCsms('1.6', full('TC_012_CSMS'));
export const rejectedCsms = remoteStopRejectedCsms('1.6', full('TC_028_CSMS'));
