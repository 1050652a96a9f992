// N01 Retrieve log information, charging station as SUT: the harness takes the uploads over HTTP on its own host.
import { testCase, full, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { LG } from '../../../../src/reference/station/logs201.js';
import { harnessHost, resettingServer, stallingServer, uploadServer } from '../../../shared/file-servers.js';
import { expectLogStatus, getLog, logRequestId, requireHttpTransfers201, UPLOAD_FAILED } from '../../../shared/log-steps.js';

const ocpp = '2.0.1';

/**
 * TC_N_25_CS / TC_N_35_CS: GetLog for the diagnostics or the security log: Accepted with a file name, then
 * LogStatusNotification Uploading and Uploaded with the GetLog's requestId. Own check beside the document's: the
 * file reached the location (Uploaded says so).
 */
function logSuccess(logType: 'DiagnosticsLog' | 'SecurityLog', id: string) {
  return testCase<CsTestCase>({
    useCase: 'N01', variant: logType === 'SecurityLog' ? 'security-log' : 'diagnostics-log', ocpp, sut: 'CS',
    octt: full(id),
    title: `GetLog ${logType}: Accepted with a file name, the log uploaded to the location, Uploading then Uploaded with the requestId`,
    killedBy: [LG.noUploaded, LG.wrongRequestId, LG.noUploading, ...(logType === 'SecurityLog' ? [LG.rejectsSecurityLog] : [])],
    async run({ csms, profile }) {
      await csms.booted();
      await requireHttpTransfers201(csms);
      const server = await uploadServer(harnessHost(csms));
      try {
        const requestId = logRequestId();
        const since = Date.now();
        const answer = await getLog(csms, logType, requestId, server.url, 'Accepted');
        if (logType === 'DiagnosticsLog' && (typeof answer.filename !== 'string' || answer.filename === '')) throw new Verdict('GetLogResponse must name the file it uploads (filename not omitted and not empty)');
        const uploading = await expectLogStatus(csms, since, 'Uploading', requestId, profile.timing.callTimeoutMs);
        await expectLogStatus(csms, uploading, 'Uploaded', requestId, profile.timing.rebootTimeoutMs);
        if (server.uploads.length === 0) throw new Verdict(`the station reported Uploaded, but nothing arrived at ${server.url}`, 'N01.FR.09');
      } finally {
        await server.close();
      }
    },
  });
}

export const diagnosticsLog = logSuccess('DiagnosticsLog', 'TC_N_25_CS');
export const securityLog = logSuccess('SecurityLog', 'TC_N_35_CS');

/**
 * TC_N_26_CS: a location that fails every upload, GetLog with retries 3: Uploading, then a failure status with the
 * requestId once the four attempts are done, retryInterval apart (the station may report a failure, and Uploading
 * again, per attempt).
 */
export const uploadFailed = testCase<CsTestCase>({
  useCase: 'N01', variant: 'upload-failed', ocpp, sut: 'CS',
  octt: full('TC_N_26_CS'),
  title: 'GetLog with retries 3 to a location that fails every upload: four attempts retryInterval apart, then UploadFailure with the requestId',
  killedBy: [LG.noRetries, LG.uploadedOnFailure, LG.noUploading],
  async run({ csms, profile }) {
    await csms.booted();
    await requireHttpTransfers201(csms);
    const server = await resettingServer(harnessHost(csms), '/diagnostics/');
    const retries = 3;
    const retryInterval = 2;
    const { callTimeoutMs, toleranceMs } = profile.timing;
    try {
      const requestId = logRequestId();
      const since = Date.now();
      await getLog(csms, 'DiagnosticsLog', requestId, server.url, 'Accepted', { retries, retryInterval });
      const uploading = await expectLogStatus(csms, since, 'Uploading', requestId, callTimeoutMs);
      // Each further report is Uploading (optional per attempt) or a failure; the last failure ends the upload.
      let last = await expectLogStatus(csms, uploading, [...UPLOAD_FAILED, 'Uploading'], requestId, (retries + 1) * (retryInterval * 1000 + callTimeoutMs));
      while (server.attempts.length < retries + 1 || !UPLOAD_FAILED.includes(String(last.payload.status))) {
        last = await expectLogStatus(csms, last, [...UPLOAD_FAILED, 'Uploading'], requestId, retryInterval * 1000 + callTimeoutMs).catch(() => {
          throw new Verdict(`with retries ${retries} the station must try the upload ${retries + 1} times before it gives up, it tried ${server.attempts.length} time(s)`, 'N01.FR.10');
        });
      }
      for (let i = 1; i < server.attempts.length; i++) {
        const gap = server.attempts[i]! - server.attempts[i - 1]!;
        if (gap < retryInterval * 1000 - toleranceMs) throw new Verdict(`upload attempt ${i + 1} came ${gap} ms after the one before, sooner than the retryInterval of ${retryInterval} s`, 'N01.FR.10');
      }
      const span = last.at - uploading.at;
      if (span < retries * retryInterval * 1000 - toleranceMs) throw new Verdict(`the failure came ${span} ms after Uploading, sooner than ${retries} x retryInterval (${retries * retryInterval} s)`, 'N01.FR.10');
      // "Equals 3 x retryInterval": besides the intervals, each attempt may take up to a call timeout.
      const most = retries * retryInterval * 1000 + (retries + 1) * callTimeoutMs + toleranceMs;
      if (span > most) throw new Verdict(`the failure came ${span} ms after Uploading, far later than ${retries} x retryInterval (${retries * retryInterval} s)`, 'N01.FR.10');
    } finally {
      await server.close();
    }
  },
});

/** TC_N_34_CS: a station without log information (operator action clearLogs) answers GetLog Rejected. */
export const rejected = testCase<CsTestCase>({
  useCase: 'N01', variant: 'rejected', ocpp, sut: 'CS', actions: ['clearLogs'],
  octt: full('TC_N_34_CS'),
  title: 'GetLog to a station without log information is answered Rejected',
  killedBy: [LG.acceptsWithoutLog],
  async run({ csms, sut }) {
    await csms.booted();
    await sut.act('clearLogs', {});
    await getLog(csms, 'DiagnosticsLog', logRequestId(), `http://${harnessHost(csms)}:9/diagnostics/`, 'Rejected');
  },
});

/**
 * TC_N_36_CS (C-57): a second GetLog while the first upload runs (its location never answers) is answered
 * AcceptedCanceled; the station reports AcceptedCanceled, then Uploading and Uploaded with the second requestId.
 */
export const secondRequest = testCase<CsTestCase>({
  useCase: 'N01', variant: 'second-request', ocpp, sut: 'CS', needs: ['C-57'],
  octt: full('TC_N_36_CS'),
  title: 'A second GetLog while an upload runs: AcceptedCanceled, the first reported AcceptedCanceled, the second uploaded',
  killedBy: [LG.noCancel, LG.wrongRequestId],
  async run({ csms, profile }) {
    await csms.booted();
    await requireHttpTransfers201(csms);
    const stalling = await stallingServer(harnessHost(csms), '/diagnostics/');
    const server = await uploadServer(harnessHost(csms));
    const { callTimeoutMs, rebootTimeoutMs } = profile.timing;
    try {
      const first = logRequestId();
      const since = Date.now();
      await getLog(csms, 'DiagnosticsLog', first, stalling.url, 'Accepted');
      const uploading = await expectLogStatus(csms, since, 'Uploading', first, callTimeoutMs);
      const second = logRequestId();
      await getLog(csms, 'DiagnosticsLog', second, server.url, 'AcceptedCanceled');
      const canceled = await expectLogStatus(csms, uploading, 'AcceptedCanceled', undefined, callTimeoutMs);
      const next = await expectLogStatus(csms, canceled, 'Uploading', second, callTimeoutMs);
      await expectLogStatus(csms, next, 'Uploaded', second, rebootTimeoutMs);
    } finally {
      await stalling.close();
      await server.close();
    }
  },
});
