import { partial } from '../../../src/harness/test-case.js';
import { downgradeRejected16 } from '../../shared/security-update-steps.js';

// TC_083_CS / TC_083_CSMS (the upgrade, reconnecting at profile 2/3) need TLS, which src/transport does not offer
// yet (sec-tls's work): not covered here.
export const downgradeRejectedOfCs = downgradeRejected16([partial('TC_084_CS',
  'the document starts from an active profile 2 or 3; this lowers whatever profile is active (read from GetConfiguration SecurityProfile; at profile 1 the lower value is 0), and also offers the active value itself, which A05.FR.01 rejects too')]);
