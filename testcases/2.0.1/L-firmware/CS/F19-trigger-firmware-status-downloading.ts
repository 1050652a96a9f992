// F06 TriggerMessage during a firmware update (TC_F_19_CS): lives with the firmware tests, whose update it needs.
import { testCase, partial, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { signedFirmware } from '../../../../src/security/firmware-signing.js';
import { firmwareImage } from '../../../shared/firmware-steps.js';
import { firmwareStatuses201, hangingFirmwareServer, startUpdate201, updateFirmwarePayload } from '../../../shared/firmware201-steps.js';

/**
 * TC_F_19_CS: while the firmware is downloading (the harness's location holds the download), TriggerMessage
 * FirmwareStatusNotification must be Accepted and answered with Downloading, carrying the update's requestId.
 */
export const triggerWhileDownloading = testCase<CsTestCase>({
  useCase: 'F06', variant: 'firmware-status-downloading', ocpp: '2.0.1', sut: 'CS', profile: 'core', needs: ['C-29.4'],
  octt: [partial('TC_F_19_CS', 'the download is kept under way by a harness location that never answers (the document\'s configured location serves a real firmware, so its Downloading lasts only as long as the file takes); the firmware is served over HTTP and signed by the harness\'s test CA')],
  title: 'TriggerMessage FirmwareStatusNotification during a firmware download is answered with Downloading and the update\'s requestId',
  killedBy: ['cs.trigger-no-message'],
  async run({ csms, profile }) {
    await csms.booted();
    const fw = await signedFirmware({ image: (await firmwareImage(profile)).bytes });
    const hanging = await hangingFirmwareServer(csms);
    const since = Date.now();
    const payload = updateFirmwarePayload(219, hanging.url, fw);
    delete (payload.firmware as Record<string, unknown>).installDateTime;
    const { cleanUp } = await startUpdate201(csms, payload);
    try {
      const downloading = await firmwareStatuses201(csms, 219, since)(['Downloading']);
      const answer = await csms.call('TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' });
      if (answer.status !== 'Accepted') throw new Verdict(`TriggerMessage FirmwareStatusNotification must be Accepted, got ${String(answer.status)}`, 'F06.FR.04');
      const triggered = await csms.expectCall('FirmwareStatusNotification', { after: downloading }).catch((err: Error) => {
        throw err instanceof Verdict ? new Verdict(`after accepting the trigger the charging station must send FirmwareStatusNotification: ${err.message}`, 'F06.FR.05') : err;
      });
      if (triggered.payload.status !== 'Downloading') throw new Verdict(`the triggered FirmwareStatusNotification must report the download under way (Downloading), it reports ${String(triggered.payload.status)}`, 'L01.FR.26');
      if (triggered.payload.requestId !== 219) throw new Verdict(`a triggered FirmwareStatusNotification during an update must carry its requestId (219), it carries ${String(triggered.payload.requestId)}`, 'L01.FR.26');
    } finally {
      await hanging.close();
      await cleanUp();
    }
  },
});
