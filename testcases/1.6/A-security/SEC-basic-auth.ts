import { full, partial } from '../../../src/harness/test-case.js';
import { basicAuthCs, basicAuthCsms } from '../../shared/security-steps.js';

export const basicAuthOfCs = basicAuthCs('1.6', [partial('TC_085_CS',
  'the hex form of the AuthorizationKey (20-40 hex digits) is not checked, nor the StatusNotification for connectorId 0, which OCPP 1.6 does not oblige a charge point to send')]);
export const basicAuthOfCsms = basicAuthCsms('1.6', full('TC_085_CSMS'));
