import { pendingBootCs16, pendingBootCsms, connectorZeroNote } from '../../shared/boot-steps.js';

export const pendingCs = pendingBootCs16([connectorZeroNote('TC_002_CS')]);
// 1.6 has no CSMS-side test case for a Pending boot.
export const pendingCsms = pendingBootCsms('1.6', []);
