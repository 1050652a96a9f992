// M06 (2.0.1), charging station as SUT: the station's OCSP check of its V2G certificates through the CSMS.
import { partial } from '../../../../src/harness/test-case.js';
import { certificateStatusCs } from '../../../shared/certificate-status-steps.js';

const TRIGGER = 'the request is started with the operator action requestV2gCertificateStatus (a station sends it on its own schedule, which the harness cannot wait for)';
export const certificateStatus = certificateStatusCs(true, [partial('TC_M_24_CS', `${TRIGGER}; the OCSP response comes from the harness's own responder (signed by the V2G root), not from the URL the sub-CA names`)]);
export const certificateStatusFailed = certificateStatusCs(false, [partial('TC_M_25_CS', TRIGGER)]);
