import { remoteStopIso15118Cs, remoteStopIso15118Csms } from '../../shared/remote-control-steps.js';

export const iso15118StopCs = remoteStopIso15118Cs([]);
export const iso15118StopCsms = remoteStopIso15118Csms([]);
