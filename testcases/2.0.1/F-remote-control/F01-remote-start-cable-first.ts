import { full } from '../../../src/harness/test-case.js';
import { remoteStartCableFirstCs, remoteStartCableFirstCsms, remoteStartRejectedCs } from '../../shared/remote-control-steps.js';

export const cableFirstCs = remoteStartCableFirstCs('2.0.1', full('TC_F_01_CS'));
export const cableFirstCsms = remoteStartCableFirstCsms('2.0.1', full('TC_F_01_CSMS'));
export const rejectedCs = remoteStartRejectedCs('2.0.1', []);
