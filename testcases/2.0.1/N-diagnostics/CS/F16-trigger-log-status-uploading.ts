// F06 TriggerMessage during a log upload (TC_F_16_CS): lives with the log tests, whose upload it needs.
import { testCase, partial, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { harnessHost, stallingServer } from '../../../shared/file-servers.js';
import { expectLogStatus, getLog, logRequestId, requireHttpTransfers201 } from '../../../shared/log-steps.js';

/**
 * TC_F_16_CS: while a diagnostics log is uploading (the harness's location holds the upload), TriggerMessage
 * LogStatusNotification must be Accepted and answered with Uploading.
 */
export const triggerWhileUploading = testCase<CsTestCase>({
  useCase: 'F06', variant: 'log-status-uploading', ocpp: '2.0.1', sut: 'CS', profile: 'core', needs: ['C-29.3'],
  octt: [partial('TC_F_16_CS', 'the upload is kept under way by a harness location that never answers (the document\'s configured log location takes the file, so its Uploading lasts only as long as the upload); the location is HTTP')],
  title: 'TriggerMessage LogStatusNotification during a log upload is answered with Uploading',
  killedBy: ['cs.trigger-no-message'],
  async run({ csms, profile }) {
    await csms.booted();
    await requireHttpTransfers201(csms);
    const stalling = await stallingServer(harnessHost(csms), '/diagnostics/');
    try {
      const requestId = logRequestId();
      const since = Date.now();
      await getLog(csms, 'DiagnosticsLog', requestId, stalling.url, 'Accepted');
      const uploading = await expectLogStatus(csms, since, 'Uploading', undefined, profile.timing.callTimeoutMs);
      const answer = await csms.call('TriggerMessage', { requestedMessage: 'LogStatusNotification' });
      if (answer.status !== 'Accepted') throw new Verdict(`TriggerMessage LogStatusNotification must be Accepted, got ${String(answer.status)}`, 'F06.FR.04');
      const triggered = await csms.expectCall('LogStatusNotification', { after: uploading }).catch((err: Error) => {
        throw err instanceof Verdict ? new Verdict(`after accepting the trigger the charging station must send LogStatusNotification: ${err.message}`, 'F06.FR.05') : err;
      });
      if (triggered.payload.status !== 'Uploading') throw new Verdict(`the triggered LogStatusNotification must report the upload under way (Uploading), it reports ${String(triggered.payload.status)}`, 'F06');
    } finally {
      await stalling.close();
    }
  },
});
