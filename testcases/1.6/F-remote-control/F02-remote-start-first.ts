import { remoteStartAuthorizeCs, remoteStartFirstCs, remoteStartFirstCsms, remoteStartRejectedCsms, remoteStartTimeoutCs } from '../../shared/remote-control-steps.js';

export const remoteFirstCs = remoteStartFirstCs('1.6', ['TC_011_1_CS']);
export const timeoutCs = remoteStartTimeoutCs('1.6', ['TC_011_2_CS']);
export const remoteFirstCsms = remoteStartFirstCsms('1.6', ['TC_011_1_CSMS', 'TC_011_2_CSMS']);
export const rejectedCsms = remoteStartRejectedCsms('1.6', ['TC_026_CSMS']);
export const authorizeCs = remoteStartAuthorizeCs('1.6', []);
