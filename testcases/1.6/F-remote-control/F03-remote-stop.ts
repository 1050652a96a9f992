import { remoteStopTxCs, remoteStopTxCsms, remoteStopUnknownCs } from '../../shared/remote-control-steps.js';

export const remoteStopCs = remoteStopTxCs('1.6', ['TC_012_CS']);
export const unknownCs = remoteStopUnknownCs('1.6', ['TC_028_CS']);
export const remoteStopCsms = remoteStopTxCsms('1.6', ['TC_012_CSMS']);
