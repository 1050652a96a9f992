import { rejectedBootCs, rejectedBootCsms, connectorZeroNote } from '../../shared/boot-steps.js';

// TC_001_CS "Cold Boot Charge Point" answers the first boot Rejected, then expects the retry after the interval.
export const rejectedCs = rejectedBootCs('1.6', [connectorZeroNote('TC_001_CS')]);
// 1.6 has no CSMS-side test case for a Rejected boot.
export const rejectedCsms = rejectedBootCsms('1.6', []);
