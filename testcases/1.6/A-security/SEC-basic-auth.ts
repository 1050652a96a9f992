import { basicAuthCs, basicAuthCsms } from '../../shared/security-steps.js';

export const basicAuthOfCs = basicAuthCs('1.6', ['TC_085_CS']);
export const basicAuthOfCsms = basicAuthCsms('1.6', ['TC_085_CSMS']);
