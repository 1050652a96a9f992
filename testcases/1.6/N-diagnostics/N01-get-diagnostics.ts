// 1.6 Get Diagnostics (N01, Firmware Management profile), both roles.
import { full, partial } from '../../../src/harness/test-case.js';
import { diagnosticsRetriesCs, getDiagnosticsCs, getDiagnosticsCsms } from '../../shared/diagnostics-steps.js';

export const getDiagnosticsOfCs = getDiagnosticsCs('uploaded', [partial('TC_045_1_CS',
  'the log location is an HTTP location of the harness (PUT or POST) only; a charger that uploads only over FTP is inconclusive')]);
export const uploadFailedOfCs = getDiagnosticsCs('upload-failed', [partial('TC_045_2_CS',
  'the failing location is an HTTP location of the harness that refuses every upload, not ftp://127.0.0.1:21/files/failedLocation (the harness takes files over HTTP only)')]);
/** Own: retries and retryInterval of a failing upload. */
export const uploadRetriesOfCs = diagnosticsRetriesCs();

export const getDiagnosticsOfCsms = getDiagnosticsCsms('uploaded', full('TC_045_1_CSMS'));
export const uploadFailedOfCsms = getDiagnosticsCsms('upload-failed', full('TC_045_2_CSMS'));
