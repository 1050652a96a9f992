import { notAcceptedBootCs, notAcceptedBootCsms } from '../../shared/boot-steps.js';

export const pendingCs = notAcceptedBootCs('1.6', 'Pending', ['TC_002_CS']);
export const pendingCsms = notAcceptedBootCsms('1.6', 'Pending', []);
