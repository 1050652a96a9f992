import { notAcceptedBootCs, notAcceptedBootCsms } from '../../shared/boot-steps.js';

export const rejectedCs = notAcceptedBootCs('1.6', 'Rejected', []);
export const rejectedCsms = notAcceptedBootCsms('1.6', 'Rejected', []);
