import { remoteStartAuthorizeCs, remoteStartFirstCs, remoteStartFirstCsms, remoteStartRejectedCsms, remoteStartTimeoutCs } from '../../shared/remote-control-steps.js';

export const remoteFirstCs = remoteStartFirstCs('2.0.1', ['TC_F_03_CS']);
export const timeoutCs = remoteStartTimeoutCs('2.0.1', ['TC_F_04_CS']);
export const remoteFirstCsms = remoteStartFirstCsms('2.0.1', ['TC_F_03_CSMS', 'TC_F_04_CSMS']);
export const rejectedCsms = remoteStartRejectedCsms('2.0.1', []);
export const authorizeCs = remoteStartAuthorizeCs('2.0.1', ['TC_F_02_CS']);
