import { full } from '../../../src/harness/test-case.js';
import {
  remoteStartAuthorizeCs, remoteStartFirstCs, remoteStartFirstCsms, remoteStartInvalidTokenCs, remoteStartRejectedCsms,
  remoteStartTimeoutCs, remoteStartTimeoutCsms,
} from '../../shared/remote-control-steps.js';

export const remoteFirstCs = remoteStartFirstCs('1.6', full('TC_011_1_CS'));
export const timeoutCs = remoteStartTimeoutCs('1.6', full('TC_011_2_CS'));
export const remoteFirstCsms = remoteStartFirstCsms('1.6', full('TC_011_1_CSMS'));
export const timeoutCsms = remoteStartTimeoutCsms('1.6', full('TC_011_2_CSMS'));
export const rejectedCsms = remoteStartRejectedCsms('1.6', full('TC_026_CSMS'));
// TC_011_1_CS takes the Authorize branch only when the station's AuthorizeRemoteTxRequests is true; this sets it.
export const authorizeCs = remoteStartAuthorizeCs('1.6', []);
export const invalidTokenCs = remoteStartInvalidTokenCs('1.6');
