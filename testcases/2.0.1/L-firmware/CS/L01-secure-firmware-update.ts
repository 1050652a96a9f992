// 2.0.1 L01 secure firmware update, charging station as SUT: TC_L_01, 02, 03, 05, 06, 07, 10, 18.
import { testCase, full, partial, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { signedFirmware } from '../../../../src/security/firmware-signing.js';
import { FW201 } from '../../../../src/reference/station/firmware201.js';
import { firmwareServer, harnessHost } from '../../../shared/file-servers.js';
import { firmwareImage } from '../../../shared/firmware-steps.js';
import { unsupportedFirmwareFile } from '../../../../src/reference/station/file-transfer.js';
import {
  OFFSET_MS, expectAvailableAgain201, expectInstalled, firmwareStatuses201, hangingFirmwareServer, startUpdate201, updateFirmwarePayload,
} from '../../../shared/firmware201-steps.js';

const ocpp = '2.0.1';
const SERVED = 'the firmware is served over HTTP by the harness (a charger without HTTP among FileTransferProtocols cannot take it) and signed with a signing certificate of the harness\'s test CA, installed as ManufacturerRootCertificate where the charger does not know it (inconclusive where it cannot)';

type Kind = 'installed' | 'install-scheduled' | 'download-scheduled';

/** TC_L_01/02/03_CS: downloaded, verified and installed with a reboot; 02 with a later installDateTime, 03 with a later retrieveDateTime. */
function installation(kind: Kind) {
  const scheduled = kind !== 'installed';
  const octt = { installed: 'TC_L_01_CS', 'install-scheduled': 'TC_L_02_CS', 'download-scheduled': 'TC_L_03_CS' }[kind];
  return testCase<CsTestCase>({
    useCase: 'L01', ...(kind === 'installed' ? {} : { variant: kind }), ocpp, sut: 'CS', profile: 'core',
    ...(scheduled ? { needs: ['C-15'] } : {}),
    octt: [partial(octt, `${SERVED}; the Configured ${kind === 'download-scheduled' ? 'Download' : 'Install'} Offset Period is ${OFFSET_MS / 1000} s`)],
    title: kind === 'installed' ? 'A signed firmware is downloaded, verified and installed with a reboot, each state reported with the requestId, then FirmwareUpdated'
      : kind === 'install-scheduled' ? 'A firmware with a later installDateTime is downloaded and verified, reported InstallScheduled and installed only at that time'
        : 'A firmware with a later retrieveDateTime is reported DownloadScheduled and downloaded only at that time, then installed',
    killedBy: kind === 'installed' ? [FW201.skipsDownloaded, FW201.skipsSignatureVerified, FW201.wrongRequestId, FW201.noFirmwareUpdatedEvent]
      : kind === 'install-scheduled' ? [FW201.ignoresInstallDateTime] : [FW201.ignoresRetrieveDateTime],
    async run({ csms, profile }) {
      await csms.booted();
      const fw = await signedFirmware({ image: (await firmwareImage(profile)).bytes });
      const server = await firmwareServer(harnessHost(csms), fw.bytes);
      const requestId = { installed: 201, 'install-scheduled': 202, 'download-scheduled': 203 }[kind];
      const at = new Date(Date.now() + OFFSET_MS).toISOString();
      const mark = csms.received.length;
      const since = Date.now();
      const connections = csms.connectionCount;
      const { cleanUp } = await startUpdate201(csms, updateFirmwarePayload(requestId, server.url, fw, kind === 'install-scheduled' ? { installDateTime: at } : kind === 'download-scheduled' ? { retrieveDateTime: at } : {}));
      try {
        const next = firmwareStatuses201(csms, requestId, since);
        if (kind === 'download-scheduled') {
          await next(['DownloadScheduled']);
          const downloading = await next(['Downloading'], { within: OFFSET_MS + profile.timing.rebootTimeoutMs });
          if (downloading.at < Date.parse(at) - profile.timing.toleranceMs) throw new Verdict(`the download must wait for retrieveDateTime ${at}; Downloading came ${Date.parse(at) - downloading.at} ms before it`, 'L01');
        } else await next(['Downloading']);
        await next(['Downloaded']);
        if (server.downloads() === 0) throw new Verdict('the charging station reported Downloaded, but it never fetched the firmware from its location', 'L01.FR.01');
        await next(['SignatureVerified']);
        if (kind === 'install-scheduled') {
          await next(['InstallScheduled']);
          const installing = await next(['Installing', 'InstallRebooting'], { within: OFFSET_MS + profile.timing.rebootTimeoutMs });
          if (installing.at < Date.parse(at) - profile.timing.toleranceMs) throw new Verdict(`the installation must wait for installDateTime ${at}; ${String(installing.payload.status)} came ${Date.parse(at) - installing.at} ms before it`, 'L01.FR.16');
          return void await expectInstalled(csms, installing, connections, mark, next);
        }
        // Step 11 (RebootBeforeFirmwareInstallation) may replace Installing by InstallRebooting.
        const installing = await next(['Installing', 'InstallRebooting']);
        await expectInstalled(csms, installing, connections, mark, next);
      } finally {
        await server.close();
        await cleanUp();
      }
    },
  });
}

export const installationSuccessful = installation('installed');
export const installScheduled = installation('install-scheduled');
export const downloadScheduled = installation('download-scheduled');

/** TC_L_05_CS: a signing certificate no manufacturer root issued: InvalidCertificate (or Revoked) and the security event. */
export const invalidCertificate = testCase<CsTestCase>({
  useCase: 'L01', variant: 'invalid-certificate', ocpp, sut: 'CS', profile: 'core',
  octt: [partial('TC_L_05_CS', 'the invalid signing certificate is issued by a CA of the harness nobody installed, so it is untrusted rather than "a trusted certificate" other than the configured one')],
  title: 'A firmware signing certificate from an unknown manufacturer is refused (InvalidCertificate) and reported as security event',
  killedBy: [FW201.acceptsUnknownSigningCert, FW201.noSigningCertEvent],
  async run({ csms, profile }) {
    await csms.booted();
    const fw = await signedFirmware({ untrustedCertificate: true });
    const mark = csms.received.length;
    const since = Date.now();
    // Nobody serves this location: a charger that wrongly accepts fails on its answer, not on the download.
    const answer = await csms.call('UpdateFirmware', updateFirmwarePayload(205, 'http://127.0.0.1:9/firmware/untrusted.bin', fw));
    if (!['InvalidCertificate', 'RevokedCertificate'].includes(String(answer.status))) {
      throw new Verdict(`a signing certificate no manufacturer root issued must be answered InvalidCertificate, got ${String(answer.status)}`, 'L01.FR.02');
    }
    await csms.expectCall('SecurityEventNotification', { after: since, where: { type: 'InvalidFirmwareSigningCertificate' } }).catch((err: Error) => {
      throw err instanceof Verdict ? new Verdict(`the refused signing certificate must be reported as security event InvalidFirmwareSigningCertificate: ${err.message}`, 'L01.FR.02') : err;
    });
    const started = await csms.firstUnwanted((c) => c.action === 'FirmwareStatusNotification' && c.payload.requestId === 205, profile.timing.quietMs, mark);
    if (started) throw new Verdict(`after InvalidCertificate the update must not start, but the charging station reported ${String(started.payload.status)}`, 'L01.FR.02');
  },
});

/** TC_L_06_CS: a real signature over other bytes: Downloading, Downloaded, InvalidSignature, the security event, nothing installed. */
export const invalidSignature = testCase<CsTestCase>({
  useCase: 'L01', variant: 'invalid-signature', ocpp, sut: 'CS', profile: 'core',
  octt: [partial('TC_L_06_CS', SERVED)],
  title: 'A firmware whose signature does not verify is downloaded, reported InvalidSignature with the security event, and not installed',
  killedBy: [FW201.installsInvalidSignature, FW201.noInvalidSignatureEvent, FW201.skipsDownloaded],
  async run({ csms, profile }) {
    await csms.booted();
    const fw = await signedFirmware({ invalidSignature: true });
    const server = await firmwareServer(harnessHost(csms), fw.bytes);
    const since = Date.now();
    const { cleanUp } = await startUpdate201(csms, updateFirmwarePayload(206, server.url, fw));
    try {
      const next = firmwareStatuses201(csms, 206, since);
      await next(['Downloading']);
      const downloaded = await next(['Downloaded']);
      if (server.downloads() === 0) throw new Verdict('the charging station reported Downloaded, but it never fetched the firmware from its location', 'L01.FR.01');
      const rejected = await next(['InvalidSignature']);
      await csms.expectCall('SecurityEventNotification', { after: downloaded, where: { type: 'InvalidFirmwareSignature' } }).catch((err: Error) => {
        throw err instanceof Verdict ? new Verdict(`a firmware with an invalid signature must be reported as security event InvalidFirmwareSignature: ${err.message}`, 'L01.FR.03') : err;
      });
      const installed = await csms.firstUnwanted((c) => c.action === 'BootNotification' || (c.action === 'FirmwareStatusNotification'
        && ['SignatureVerified', 'Installing', 'InstallRebooting', 'Installed'].includes(String(c.payload.status))), profile.timing.quietMs, rejected);
      if (installed) throw new Verdict(`a firmware with an invalid signature must not be installed, but the charging station sent ${installed.action} ${JSON.stringify(installed.payload)}`, 'L01.FR.03');
    } finally {
      await server.close();
      await cleanUp();
    }
  },
});

/** TC_L_07_CS: a location that serves nothing: (Downloading,) DownloadFailed. */
export const downloadFailed = testCase<CsTestCase>({
  useCase: 'L01', variant: 'download-failed', ocpp, sut: 'CS', profile: 'core',
  octt: full('TC_L_07_CS'),
  title: 'A firmware location that does not exist is reported DownloadFailed (Downloading before it optional)',
  killedBy: [FW201.noDownloadFailed],
  async run({ csms }) {
    await csms.booted();
    const fw = await signedFirmware();
    // The configured location + "_does_not_exist": the harness's file server answers it 404.
    const server = await firmwareServer(harnessHost(csms), undefined);
    const since = Date.now();
    const { cleanUp } = await startUpdate201(csms, updateFirmwarePayload(207, `${server.url}_does_not_exist`, fw));
    try {
      const next = firmwareStatuses201(csms, 207, since);
      const first = await next(['Downloading', 'DownloadFailed']);
      if (first.payload.status === 'Downloading') await next(['DownloadFailed']);
    } finally {
      await server.close();
      await cleanUp();
    }
  },
});

/** TC_L_08_CS: a signed file the station cannot install: verified, Installing, InstallVerificationFailed (or InstallationFailed), connectors back. */
export const installVerificationFailed = testCase<CsTestCase>({
  useCase: 'L01', variant: 'install-verification-failed', ocpp, sut: 'CS', profile: 'core',
  octt: [partial('TC_L_08_CS', `the file that fails its installation is a file that is no firmware, signed validly by the harness; ${SERVED}`)],
  title: 'A validly signed file that is no firmware is downloaded and verified, its installation fails (InstallVerificationFailed or InstallationFailed), connectors Available again',
  killedBy: [FW201.installsUnverifiable, FW201.unavailableAfterFailure],
  async run({ csms }) {
    await csms.booted();
    const fw = await signedFirmware({ image: unsupportedFirmwareFile() });
    const server = await firmwareServer(harnessHost(csms), fw.bytes, 'not-a-firmware.bin');
    const since = Date.now();
    const mark = csms.received.length;
    const { cleanUp } = await startUpdate201(csms, updateFirmwarePayload(208, server.url, fw));
    try {
      const next = firmwareStatuses201(csms, 208, since);
      await next(['Downloading']);
      await next(['Downloaded']);
      await next(['SignatureVerified']);
      const failed = ['InstallVerificationFailed', 'InstallationFailed'];
      const installing = await next(['Installing', 'InstallRebooting', ...failed]);
      if (!failed.includes(String(installing.payload.status))) await next(failed, { optional: ['Installing', 'InstallRebooting'] });
      // Steps 14-17 in any order: every connector set Unavailable is Available again (the old firmware stays).
      await expectAvailableAgain201(csms, mark);
    } finally {
      await server.close();
      await cleanUp();
    }
  },
});

/** TC_L_10_CS: a second UpdateFirmware during a download cancels it (AcceptedCanceled) and its own update runs. */
export const acceptedCanceled = testCase<CsTestCase>({
  useCase: 'L01', variant: 'accepted-canceled', ocpp, sut: 'CS', profile: 'core', needs: ['C-60'],
  octt: [partial('TC_L_10_CS', `the first download is kept under way by a harness location that never answers; ${SERVED}`)],
  title: 'An UpdateFirmware during a download is answered AcceptedCanceled and the new firmware is downloaded and verified',
  killedBy: [FW201.rejectsWhileBusy, FW201.wrongRequestId],
  async run({ csms, profile }) {
    await csms.booted();
    const fw = await signedFirmware({ image: (await firmwareImage(profile)).bytes });
    const hanging = await hangingFirmwareServer(csms);
    const server = await firmwareServer(harnessHost(csms), fw.bytes);
    const since = Date.now();
    const mark = csms.received.length;
    const connections = csms.connectionCount;
    const first = await startUpdate201(csms, updateFirmwarePayload(210, hanging.url, fw));
    try {
      await firmwareStatuses201(csms, 210, since)(['Downloading']);
      const second = Date.now();
      const answer = await csms.call('UpdateFirmware', updateFirmwarePayload(211, server.url, fw));
      if (answer.status !== 'AcceptedCanceled') throw new Verdict(`an UpdateFirmware during a download must cancel it and be answered AcceptedCanceled, got ${String(answer.status)}`, 'L01.FR.24');
      await hanging.close();
      const next = firmwareStatuses201(csms, 211, second);
      await next(['Downloading']);
      await next(['Downloaded']);
      await next(['SignatureVerified']);
      const installing = await next(['Installing', 'InstallRebooting']);
      await expectInstalled(csms, installing, connections, mark, next);
    } finally {
      await hanging.close();
      await server.close();
      await first.cleanUp();
    }
  },
});

/** TC_L_11_CS: a station that cannot cancel answers a second UpdateFirmware during a download Rejected and completes the first. */
export const unableToCancel = testCase<CsTestCase>({
  useCase: 'L01', variant: 'unable-to-cancel', ocpp, sut: 'CS', profile: 'core', needsAbsent: ['C-60'],
  octt: [partial('TC_L_11_CS', `the first download is held under way by the harness's location until the second request is answered; ${SERVED}`)],
  title: 'An UpdateFirmware during a download, at a station that cannot cancel, is Rejected and the first update completes',
  killedBy: [FW201.acceptsWhileBusy],
  async run({ csms, profile }) {
    await csms.booted();
    const fw = await signedFirmware({ image: (await firmwareImage(profile)).bytes });
    const held = await hangingFirmwareServer(csms, fw.bytes);
    const since = Date.now();
    const mark = csms.received.length;
    const connections = csms.connectionCount;
    const { cleanUp } = await startUpdate201(csms, updateFirmwarePayload(216, held.url, fw));
    try {
      const next = firmwareStatuses201(csms, 216, since);
      await next(['Downloading']);
      const answer = await csms.call('UpdateFirmware', updateFirmwarePayload(217, held.url, fw));
      if (answer.status !== 'Rejected') throw new Verdict(`a station that cannot cancel a running update must answer a new UpdateFirmware Rejected, got ${String(answer.status)}`, 'L01.FR.27');
      held.release();
      await next(['Downloaded']);
      await next(['SignatureVerified']);
      const installing = await next(['Installing', 'InstallRebooting']);
      await expectInstalled(csms, installing, connections, mark, next);
    } finally {
      await held.close();
      await cleanUp();
    }
  },
});

/** TC_L_18_CS: UpdateFirmware without signing certificate and signature is Rejected (or InvalidCertificate). */
export const missingSignature = testCase<CsTestCase>({
  useCase: 'L01', variant: 'unsigned', ocpp, sut: 'CS', profile: 'core',
  octt: full('TC_L_18_CS'),
  title: 'An UpdateFirmware without signing certificate and signature is Rejected (or InvalidCertificate) and starts nothing',
  killedBy: [FW201.acceptsUnsigned],
  async run({ csms, profile }) {
    await csms.booted();
    const mark = csms.received.length;
    const answer = await csms.call('UpdateFirmware', updateFirmwarePayload(218, 'http://127.0.0.1:9/firmware/unsigned.bin', {}));
    if (!['Rejected', 'InvalidCertificate'].includes(String(answer.status))) {
      throw new Verdict(`a station with the secure firmware update must answer an UpdateFirmware without signing certificate and signature Rejected or InvalidCertificate, got ${String(answer.status)}`, 'L01');
    }
    const started = await csms.firstUnwanted((c) => c.action === 'FirmwareStatusNotification' && c.payload.requestId === 218, profile.timing.quietMs, mark);
    if (started) throw new Verdict(`the refused update must not start, but the charging station reported ${String(started.payload.status)}`);
  },
});
