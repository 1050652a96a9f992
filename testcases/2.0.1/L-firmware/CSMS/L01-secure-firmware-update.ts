// 2.0.1 L01 secure firmware update, CSMS as SUT: TC_L_01..TC_L_11_CSMS. The operator starts an update with the
// configured location, signature and signing certificate (operator action updateFirmware); the harness station
// answers it as the document says and reports the update; the CSMS must send the configured firmware and answer
// every report, accepting the BootNotification of the reboot into the new firmware.
import { testCase, full, type CsmsTestCase, type OcttClaim } from '../../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import type { StationHarness } from '../../../../src/harness/station-harness.js';
import type { SutHandle } from '../../../../src/harness/operator.js';
import type { Payload } from '../../../../src/ocpp/frames.js';
import { signedFirmware, type SignedFirmware } from '../../../../src/security/firmware-signing.js';
import { FWF201 } from '../../../../src/reference/csms/firmware201.js';
import { TRCF } from '../../../../src/reference/csms/trigger.js';
import { SECF } from '../../../../src/reference/csms/security.js';
import { rebootIntoFirmware, reportStatuses, samePem } from '../../../shared/firmware201-steps.js';
import { reportConnector, simEnergyTransferStarted, simStopAndDisconnect } from '../../../shared/session-states.js';

const ocpp = '2.0.1';

interface Script {
  variant?: string;
  octt: OcttClaim[];
  title: string;
  /** What the harness station answers the (first) UpdateFirmware. */
  answer: string;
  /** Reports before the reboot (none: the update ends with the answer). */
  before?: string[];
  /** The security event the station sends after the reports. */
  event?: string;
  /** Reboot into the new firmware, then these reports. */
  after?: string[];
  /** The operator configured a later installDateTime / retrieveDateTime, which the request must carry. */
  scheduled?: 'installDateTime' | 'retrieveDateTime';
  /** TC_L_10/11: after Downloading the operator starts a second update, answered so; `canceled`: the reports then follow the new requestId. */
  second?: { answer: 'AcceptedCanceled' | 'Rejected' };
  /** TC_L_13: a transaction runs; after DownloadScheduled the idle connectors go Unavailable and the transaction ends. */
  transaction?: boolean;
  killedBy: string[];
  needs?: string[];
}

/** Step 1: the operator's update; the request must carry the configured firmware (L01.FR.11). */
async function operatorUpdate(station: StationHarness, sut: SutHandle, stationId: string, fw: SignedFirmware, location: string, extra: Payload): Promise<ReceivedCall> {
  const since = Date.now();
  const acting = sut.act('updateFirmware', { stationId, location, signature: fw.signature, signingCertificate: fw.signingCertificate, ...extra });
  acting.catch(() => undefined);
  const req = await station.expectCall('UpdateFirmware', { after: since });
  await acting;
  const firmware = (req.payload.firmware ?? {}) as Payload;
  if (firmware.location !== location) throw new Verdict(`UpdateFirmware must carry the configured location ${location}, it carries ${String(firmware.location)}`);
  if (!samePem(firmware.signingCertificate, fw.signingCertificate)) throw new Verdict('UpdateFirmware must carry the configured firmware signing certificate', 'L01.FR.11');
  if (firmware.signature !== fw.signature) throw new Verdict(`UpdateFirmware must carry the configured signature, it carries ${JSON.stringify(firmware.signature)}`, 'L01.FR.11');
  return req;
}

function secureUpdateCsms(s: Script) {
  return testCase<CsmsTestCase>({
    useCase: 'L01', ...(s.variant ? { variant: s.variant } : {}), ocpp, sut: 'CSMS', octt: s.octt, profile: 'core',
    ...(s.needs ? { needs: s.needs } : {}), actions: ['updateFirmware'], title: s.title, killedBy: s.killedBy,
    async run({ station, sut, profile }) {
      await station.booted();
      const evseId = profile.evses[0]!.id;
      const tx = s.transaction ? await simEnergyTransferStarted(station, evseId) : undefined;
      const fw = await signedFirmware({ invalidSignature: s.variant === 'invalid-signature' });
      // The configured download location: the harness station reports the download without fetching anything.
      const location = `http://127.0.0.1:9/firmware/ocpp-conformance-${s.variant ?? 'installed'}.bin`;
      const at = new Date(Date.now() + 3_600_000).toISOString();
      station.answer('UpdateFirmware', { status: s.answer });
      const req = await operatorUpdate(station, sut, profile.stationId, fw, location, s.scheduled ? { [s.scheduled]: at } : {});
      if (s.scheduled) {
        const given = (req.payload.firmware as Payload)[s.scheduled];
        if (typeof given !== 'string' || !(Date.parse(given) > Date.now())) throw new Verdict(`UpdateFirmware must carry the configured firmware.${s.scheduled}, a time in the future; it carries ${JSON.stringify(given)}`);
      }
      let requestId = Number(req.payload.requestId);
      if (s.second) {
        await reportStatuses(station, requestId, ['Downloading']);
        station.answer('UpdateFirmware', { status: s.second.answer });
        const again = await operatorUpdate(station, sut, profile.stationId, fw, location, {});
        if (s.second.answer === 'AcceptedCanceled') requestId = Number(again.payload.requestId);
      }
      if (tx) {
        // Steps 3-9: the download waits for the transaction; the idle connectors go Unavailable; then it ends.
        await reportStatuses(station, requestId, ['DownloadScheduled']);
        for (const evse of profile.evses.filter((e) => e.id !== evseId)) await reportConnector(station, evse.id, 'Unavailable');
        await simStopAndDisconnect(station, tx);
      }
      await reportStatuses(station, requestId, s.before ?? []);
      if (s.event) await station.call('SecurityEventNotification', { type: s.event, timestamp: station.now() });
      if (!s.after) return;
      await rebootIntoFirmware(station);
      await reportStatuses(station, requestId, s.after);
    },
  });
}

const INSTALL = ['Installing', 'InstallRebooting'];

export const installationSuccessful = secureUpdateCsms({
  octt: full('TC_L_01_CSMS'), answer: 'Accepted',
  title: 'The CSMS sends UpdateFirmware with the configured signing certificate and signature and takes every report through the reboot',
  before: ['Downloading', 'Downloaded', 'SignatureVerified', ...INSTALL], after: ['Installed'],
  killedBy: [FWF201.noSigningCertificate, FWF201.signatureReencoded, TRCF.noFirmwareStatus],
});

export const installScheduled = secureUpdateCsms({
  variant: 'install-scheduled', octt: full('TC_L_02_CSMS'), answer: 'Accepted', scheduled: 'installDateTime', needs: ['C-15'],
  title: 'The CSMS sends the configured future installDateTime and takes InstallScheduled and the later installation',
  before: ['Downloading', 'Downloaded', 'SignatureVerified', 'InstallScheduled', ...INSTALL], after: ['Installed'],
  killedBy: [FWF201.ignoresInstallDateTime],
});

export const downloadScheduled = secureUpdateCsms({
  variant: 'download-scheduled', octt: full('TC_L_03_CSMS'), answer: 'Accepted', scheduled: 'retrieveDateTime', needs: ['C-15'],
  title: 'The CSMS sends the configured future retrieveDateTime and takes DownloadScheduled and the later download and installation',
  before: ['DownloadScheduled', 'Downloading', 'Downloaded', 'SignatureVerified', ...INSTALL], after: ['Installed'],
  killedBy: [FWF201.ignoresRetrieveDateTime],
});

export const revokedCertificate = secureUpdateCsms({
  variant: 'revoked-certificate', octt: full('TC_L_04_CSMS'), answer: 'RevokedCertificate',
  title: 'The CSMS sends UpdateFirmware with the configured signing certificate and takes the answer RevokedCertificate',
  killedBy: [FWF201.noSigningCertificate],
});

export const invalidCertificate = secureUpdateCsms({
  variant: 'invalid-certificate', octt: full('TC_L_05_CSMS'), answer: 'InvalidCertificate', event: 'InvalidFirmwareSigningCertificate',
  title: 'The CSMS takes the answer InvalidCertificate and the security event InvalidFirmwareSigningCertificate',
  killedBy: [FWF201.noSigningCertificate, SECF.noSecurityEvents],
});

export const invalidSignature = secureUpdateCsms({
  variant: 'invalid-signature', octt: full('TC_L_06_CSMS'), answer: 'Accepted', event: 'InvalidFirmwareSignature',
  title: 'The CSMS takes the reports Downloading, Downloaded, InvalidSignature and the security event InvalidFirmwareSignature',
  before: ['Downloading', 'Downloaded', 'InvalidSignature'],
  killedBy: [FWF201.signatureReencoded, TRCF.noFirmwareStatus, SECF.noSecurityEvents],
});

export const downloadFailed = secureUpdateCsms({
  variant: 'download-failed', octt: full('TC_L_07_CSMS'), answer: 'Accepted',
  title: 'The CSMS takes the reports Downloading and DownloadFailed',
  before: ['Downloading', 'DownloadFailed'],
  killedBy: [TRCF.noFirmwareStatus, FWF201.noSigningCertificate],
});

export const installVerificationFailed = secureUpdateCsms({
  variant: 'install-verification-failed', octt: full('TC_L_08_CSMS'), answer: 'Accepted',
  title: 'The CSMS takes the reports through Installing and InstallVerificationFailed',
  before: ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallVerificationFailed'],
  killedBy: [TRCF.noFirmwareStatus, FWF201.noSigningCertificate],
});

export const installationFailed = secureUpdateCsms({
  variant: 'installation-failed', octt: full('TC_L_09_CSMS'), answer: 'Accepted',
  title: 'The CSMS takes the reports through the reboot and InstallationFailed',
  before: ['Downloading', 'Downloaded', 'SignatureVerified', ...INSTALL], after: ['InstallationFailed'],
  killedBy: [TRCF.noFirmwareStatus, FWF201.noSigningCertificate],
});

export const acceptedCanceled = secureUpdateCsms({
  variant: 'accepted-canceled', octt: full('TC_L_10_CSMS'), answer: 'Accepted', second: { answer: 'AcceptedCanceled' },
  title: 'A second UpdateFirmware during a download, answered AcceptedCanceled: the CSMS takes the new update\'s reports through the reboot',
  before: ['Downloading', 'Downloaded', 'SignatureVerified', ...INSTALL], after: ['Installed'],
  killedBy: [FWF201.noSigningCertificate, TRCF.noFirmwareStatus],
});

export const unableToCancel = secureUpdateCsms({
  variant: 'unable-to-cancel', octt: full('TC_L_11_CSMS'), answer: 'Accepted', second: { answer: 'Rejected' },
  title: 'A second UpdateFirmware during a download, answered Rejected: the CSMS takes the first update\'s reports through the reboot',
  before: ['Downloaded', 'SignatureVerified', ...INSTALL], after: ['Installed'],
  killedBy: [FWF201.noSigningCertificate, TRCF.noFirmwareStatus],
});

export const duringTransaction = secureUpdateCsms({
  variant: 'transaction', octt: full('TC_L_13_CSMS'), answer: 'Accepted', transaction: true,
  title: 'An update during a transaction: the CSMS takes DownloadScheduled, the idle connectors Unavailable, the transaction\'s end and the update through the reboot',
  before: ['Downloading', 'Downloaded', 'SignatureVerified', ...INSTALL], after: ['Installed'],
  killedBy: [FWF201.noSigningCertificate, TRCF.noFirmwareStatus],
});
