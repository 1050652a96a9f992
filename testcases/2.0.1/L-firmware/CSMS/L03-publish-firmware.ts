// 2.0.1 L03 publish firmware / L04 unpublish firmware on a Local Controller, CSMS as SUT: TC_L_17, 19-24_CSMS. The
// harness plays the Local Controller: it answers PublishFirmware / UnpublishFirmware as the document says and
// reports the publication; the CSMS must send the configured location (and checksum) and answer every report.
import { createHash } from 'node:crypto';
import { testCase, full, type CsmsTestCase, type OcttClaim } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { FWF201 } from '../../../../src/reference/csms/firmware201.js';

const ocpp = '2.0.1';
const NEEDS = ['local-controller-publish-firmware'];

/** A configured firmware: its location and the MD5 of the file (PublishFirmware's checksum). */
function configured(name: string) {
  return { location: `http://127.0.0.1:9/firmware/ocpp-conformance-${name}.bin`, checksum: createHash('md5').update(name).digest('hex') };
}

function publishCsms(o: { variant?: string; octt: OcttClaim[]; title: string; statuses: string[]; killedBy: string[] }) {
  return testCase<CsmsTestCase>({
    useCase: 'L03', ...(o.variant ? { variant: o.variant } : {}), ocpp, sut: 'CSMS', octt: o.octt, needs: NEEDS, actions: ['publishFirmware'],
    title: o.title, killedBy: o.killedBy,
    async run({ station, sut, profile }) {
      await station.booted();
      const fw = configured(o.variant ?? 'published');
      station.answer('PublishFirmware', { status: 'Accepted' });
      const since = Date.now();
      const acting = sut.act('publishFirmware', { stationId: profile.stationId, ...fw });
      acting.catch(() => undefined);
      const req = await station.expectCall('PublishFirmware', { after: since });
      await acting;
      if (req.payload.location !== fw.location) throw new Verdict(`PublishFirmware must carry the configured location ${fw.location}, it carries ${String(req.payload.location)}`);
      const requestId = Number(req.payload.requestId);
      for (const status of o.statuses) {
        const published = status === 'Published' ? { location: [fw.location] } : {};
        await station.call('PublishFirmwareStatusNotification', { status, requestId, ...published }).catch((err: Error) => {
          throw err instanceof Verdict ? err : new Verdict(`the CSMS must answer PublishFirmwareStatusNotification ${status}: ${err.message}`);
        });
      }
    },
  });
}

export const published = publishCsms({
  octt: full('TC_L_17_CSMS'), title: 'The CSMS publishes the configured firmware on the Local Controller and takes its reports through Published',
  statuses: ['Downloading', 'Downloaded', 'ChecksumVerified', 'Published'], killedBy: [FWF201.publishWrongLocation, FWF201.noPublishStatus],
});
export const invalidChecksum = publishCsms({
  variant: 'invalid-checksum', octt: full('TC_L_19_CSMS'), title: 'The CSMS takes the Local Controller\'s reports through InvalidChecksum',
  statuses: ['Downloading', 'Downloaded', 'InvalidChecksum'], killedBy: [FWF201.publishWrongLocation, FWF201.noPublishStatus],
});
export const publishFailed = publishCsms({
  variant: 'publish-failed', octt: full('TC_L_20_CSMS'), title: 'The CSMS takes the Local Controller\'s reports through PublishFailed',
  statuses: ['Downloading', 'Downloaded', 'ChecksumVerified', 'PublishFailed'], killedBy: [FWF201.publishWrongLocation, FWF201.noPublishStatus],
});
export const downloadFailed = publishCsms({
  variant: 'download-failed', octt: full('TC_L_24_CSMS'), title: 'The CSMS takes the Local Controller\'s reports Downloading and DownloadFailed',
  statuses: ['Downloading', 'DownloadFailed'], killedBy: [FWF201.publishWrongLocation, FWF201.noPublishStatus],
});

/** TC_L_21..23_CSMS: the operator unpublishes the configured firmware; the Local Controller answers as the document says. */
function unpublishCsms(answer: 'Unpublished' | 'NoFirmware' | 'DownloadOngoing', octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'L04', variant: answer.toLowerCase(), ocpp, sut: 'CSMS', octt, needs: NEEDS, actions: ['unpublishFirmware'],
    title: `The CSMS sends UnpublishFirmware with the configured checksum and takes the answer ${answer}`,
    killedBy: [FWF201.unpublishWrongChecksum],
    async run({ station, sut, profile }) {
      await station.booted();
      const { checksum } = configured(`unpublish-${answer}`);
      station.answer('UnpublishFirmware', { status: answer });
      const since = Date.now();
      const acting = sut.act('unpublishFirmware', { stationId: profile.stationId, checksum });
      acting.catch(() => undefined);
      const req = await station.expectCall('UnpublishFirmware', { after: since });
      await acting;
      // The checksum names the firmware to take off the Local Controller (L04).
      if (req.payload.checksum !== checksum) throw new Verdict(`UnpublishFirmware must carry the configured checksum ${checksum}, it carries ${String(req.payload.checksum)}`, 'L04');
    },
  });
}

export const unpublished = unpublishCsms('Unpublished', full('TC_L_21_CSMS'));
export const noFirmware = unpublishCsms('NoFirmware', full('TC_L_22_CSMS'));
export const downloadOngoing = unpublishCsms('DownloadOngoing', full('TC_L_23_CSMS'));
