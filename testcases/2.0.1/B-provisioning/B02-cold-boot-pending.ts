import { notAcceptedBootCs, notAcceptedBootCsms } from '../../shared/boot-steps.js';

export const pendingCs = notAcceptedBootCs('2.0.1', 'Pending', ['TC_B_02_CS']);
export const pendingCsms = notAcceptedBootCsms('2.0.1', 'Pending', ['TC_B_02_CSMS', 'TC_B_30_CSMS']);
