import { full } from '../../../src/harness/test-case.js';
import {
  remoteStartAuthorizeCs, remoteStartFirstCs, remoteStartFirstCsms, remoteStartInvalidTokenCs, remoteStartRejectedCsms,
  remoteStartTimeoutCs, remoteStartTimeoutCsms,
} from '../../shared/remote-control-steps.js';

export const remoteFirstCs = remoteStartFirstCs('2.0.1', full('TC_F_03_CS'));
export const timeoutCs = remoteStartTimeoutCs('2.0.1', full('TC_F_04_CS'));
export const authorizeCs = remoteStartAuthorizeCs('2.0.1', full('TC_F_02_CS'));
export const invalidTokenCs = remoteStartInvalidTokenCs('2.0.1');
export const remoteFirstCsms = remoteStartFirstCsms('2.0.1', full('TC_F_03_CSMS'));
export const authorizeCsms = remoteStartFirstCsms('2.0.1', full('TC_F_02_CSMS'), { authorize: true });
export const timeoutCsms = remoteStartTimeoutCsms('2.0.1', full('TC_F_04_CSMS'));
export const rejectedCsms = remoteStartRejectedCsms('2.0.1', []);
