import { full } from '../../../src/harness/test-case.js';
import { remoteStartCableFirstCs, remoteStartCableFirstCsms, remoteStartRejectedCs } from '../../shared/remote-control-steps.js';

export const cableFirstCs = remoteStartCableFirstCs('1.6', full('TC_010_CS'));
export const cableFirstCsms = remoteStartCableFirstCsms('1.6', full('TC_010_CSMS'));
export const rejectedCs = remoteStartRejectedCs('1.6', full('TC_026_CS', 'TC_027_CS'));
