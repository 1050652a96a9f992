// 1.6 Get Diagnostics (N01, Firmware Management profile), both roles: TC_045_1 (the log is uploaded) and TC_045_2
// (the upload fails). As the Central System the harness takes the upload over HTTP on its own host.
import { testCase, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import { DG } from '../../src/reference/station/diagnostics.js';
import { DGF } from '../../src/reference/csms/diagnostics.js';
import { TRCF } from '../../src/reference/csms/trigger.js';
import { checkRetries, harnessHost, requireHttpTransfers, resettingServer, uploadServer } from './file-servers.js';

const NEEDS = ['1.6:FirmwareManagement'];

/** The charge point's next DiagnosticsStatusNotification after `after`, which must have status `expected`. */
async function expectDiagnosticsStatus(csms: CsmsHarness, after: ReceivedCall | number, expected: string, within: number): Promise<ReceivedCall> {
  const call = await csms.expectCall('DiagnosticsStatusNotification', { after, within }).catch((err: Error) => {
    throw err instanceof Verdict ? new Verdict(`the charge point must report ${expected} (DiagnosticsStatusNotification): ${err.message}`) : err;
  });
  if (call.payload.status !== expected) throw new Verdict(`the charge point must report ${expected} next, it reported ${String(call.payload.status)}`);
  return call;
}

/**
 * TC_045_1_CS / TC_045_2_CS: GetDiagnostics with a location of the harness; the charge point names its file,
 * reports Uploading and then Uploaded (the harness received that one file under that name) or, where the location
 * refuses every upload (retries 0), UploadFailed and carries on answering.
 */
export function getDiagnosticsCs(kind: 'uploaded' | 'upload-failed', octt: OcttClaim[]) {
  const failing = kind === 'upload-failed';
  return testCase<CsTestCase>({
    useCase: 'N01', ...(failing ? { variant: 'upload-failed' } : {}), ocpp: '1.6', sut: 'CS', octt, profile: 'firmware-management', needs: NEEDS,
    title: failing ? 'GetDiagnostics to a location that refuses the upload: Uploading, then UploadFailed, and the charge point carries on'
      : 'GetDiagnostics: the charge point names its file, uploads it to the location and reports Uploading, then Uploaded',
    killedBy: failing ? [DG.uploadedOnFailure, DG.noUploading] : [DG.noUploaded, DG.wrongFileName, DG.noUploading],
    async run({ csms, profile }) {
      await csms.booted();
      await requireHttpTransfers(csms);
      const server = await uploadServer(harnessHost(csms), failing);
      try {
        const mark = csms.received.length;
        const answer = await csms.call('GetDiagnostics', { location: server.url, ...(failing ? { retries: 0 } : {}) });
        const fileName = answer.fileName;
        // Get Diagnostics: without diagnostics information the answer names no file, and nothing is uploaded.
        if (typeof fileName !== 'string' || fileName === '') throw new Inconclusive('the charge point has no diagnostics information (GetDiagnostics.conf names no file), so there is nothing to upload');
        const uploading = await expectDiagnosticsStatus(csms, mark, 'Uploading', profile.timing.callTimeoutMs);
        await expectDiagnosticsStatus(csms, uploading, failing ? 'UploadFailed' : 'Uploaded', profile.timing.rebootTimeoutMs);
        if (failing) {
          // Expected result: the charge point continues normal operation.
          await csms.call('GetConfiguration', { key: ['HeartbeatInterval'] });
          return;
        }
        if (server.uploads.length === 0) throw new Verdict(`the charge point reported Uploaded, but nothing arrived at ${server.url}`);
        const names = [...new Set(server.uploads.map((u) => u.fileName))];
        if (names.length > 1) throw new Verdict(`the charge point must upload a single file, it uploaded ${names.join(', ')}`);
        if (names[0] !== fileName) throw new Verdict(`GetDiagnostics.conf named the file ${fileName}, but the charge point uploaded ${names[0]}`);
      } finally {
        await server.close();
      }
    },
  });
}

/**
 * TC_045_1_CSMS / TC_045_2_CSMS: the operator asks for the diagnostics with the configured location; the CSMS must
 * send it in GetDiagnostics and answer the harness station's DiagnosticsStatusNotifications (Uploading, then
 * Uploaded or UploadFailed).
 */
export function getDiagnosticsCsms(kind: 'uploaded' | 'upload-failed', octt: OcttClaim[]) {
  const failing = kind === 'upload-failed';
  return testCase<CsmsTestCase>({
    useCase: 'N01', ...(failing ? { variant: 'upload-failed' } : {}), ocpp: '1.6', sut: 'CSMS', octt, profile: 'firmware-management', needs: NEEDS,
    actions: ['getDiagnostics'],
    title: failing ? 'The CSMS asks for the diagnostics and takes the charge point\'s Uploading and UploadFailed reports'
      : 'The CSMS asks for the diagnostics at the configured location and takes the charge point\'s Uploading and Uploaded reports',
    killedBy: [TRCF.noDiagnosticsStatus, ...(failing ? [] : [DGF.wrongLocation])],
    async run({ station, sut, profile }) {
      await station.booted();
      // The configured log location: the harness station reports the upload without sending anything there.
      const location = `ftp://127.0.0.1:21/files/${failing ? 'failedLocation' : 'ocpp-conformance'}/`;
      station.answer('GetDiagnostics', { fileName: 'ocpp-conformance-diagnostics.log' });
      const acting = sut.act('getDiagnostics', { stationId: profile.stationId, location });
      acting.catch(() => undefined);
      const req = await station.expectCall('GetDiagnostics');
      await acting;
      // TC_045_1's expected result: the log goes to the location the operator configured.
      if (!failing && req.payload.location !== location) throw new Verdict(`GetDiagnostics must carry the configured location ${location}, it carries ${String(req.payload.location)}`);
      await station.call('DiagnosticsStatusNotification', { status: 'Uploading' });
      await station.call('DiagnosticsStatusNotification', { status: failing ? 'UploadFailed' : 'Uploaded' });
    },
  });
}

/**
 * Own (GetDiagnostics retries, retryInterval): a location whose every upload attempt fails at the network: the
 * charge point must try `retries` times (retryInterval apart at least) before it reports UploadFailed.
 */
export function diagnosticsRetriesCs() {
  return testCase<CsTestCase>({
    useCase: 'N01', variant: 'upload-retries', ocpp: '1.6', sut: 'CS', profile: 'firmware-management', needs: NEEDS,
    title: 'GetDiagnostics with retries: a failing upload is tried that many times, retryInterval apart, before UploadFailed',
    killedBy: [DG.noRetries],
    async run({ csms, profile }) {
      await csms.booted();
      await requireHttpTransfers(csms);
      const server = await resettingServer(harnessHost(csms), '/diagnostics/');
      const retries = 2;
      const retryInterval = 2;
      try {
        const mark = csms.received.length;
        const answer = await csms.call('GetDiagnostics', { location: server.url, retries, retryInterval });
        if (typeof answer.fileName !== 'string' || answer.fileName === '') throw new Inconclusive('the charge point has no diagnostics information (GetDiagnostics.conf names no file), so there is nothing to upload');
        const uploading = await expectDiagnosticsStatus(csms, mark, 'Uploading', profile.timing.callTimeoutMs);
        await expectDiagnosticsStatus(csms, uploading, 'UploadFailed', profile.timing.rebootTimeoutMs);
        const problem = checkRetries(server.attempts, retries, retryInterval, profile.timing.toleranceMs, 'upload');
        if (problem) throw new Verdict(problem);
      } finally {
        await server.close();
      }
    },
  });
}
