import { canonicalItem } from '../../catalog/pics.js';
import { firmwareSignatureValid, manufacturerRootPem, signingCertificateProblem } from '../../security/firmware-signing.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';
import type { Connector } from './model.js';
import { attemptsFor, download, isTestFirmware } from './file-transfer.js';

/**
 * 2.0.1 L01 secure firmware update, charging station side. UpdateFirmware carries the firmware's location, when to
 * fetch it (retrieveDateTime) and install it (installDateTime), the signing certificate and the signature: the
 * certificate is checked against the manufacturer roots (the harness CA as test manufacturer) before the answer,
 * the firmware fetched over HTTP(S) on loopback, its signature verified, then installed with a reboot. Every state
 * goes out as FirmwareStatusNotification with the request's requestId (L01.FR.20). A new UpdateFirmware while one
 * runs cancels it (AcceptedCanceled, L01.FR.24) when the station claims C-60, otherwise it is Rejected.
 */
export const FW201 = {
  installsInvalidSignature: defineFault('cs.fw201-installs-invalid-signature', '2.0.1: reports SignatureVerified and installs a firmware whose signature does not verify'),
  noInvalidSignatureEvent: defineFault('cs.fw201-no-invalid-signature-event', '2.0.1: reports InvalidSignature without the InvalidFirmwareSignature security event'),
  skipsDownloaded: defineFault('cs.fw201-skips-downloaded', '2.0.1: goes from Downloading to signature verification without reporting Downloaded'),
  skipsSignatureVerified: defineFault('cs.fw201-skips-signature-verified', '2.0.1: goes from Downloaded to Installing without reporting SignatureVerified'),
  wrongRequestId: defineFault('cs.fw201-wrong-request-id', '2.0.1: FirmwareStatusNotification carries another requestId than the UpdateFirmware'),
  acceptsUnknownSigningCert: defineFault('cs.fw201-accepts-unknown-signing-cert', '2.0.1: accepts a firmware signing certificate no manufacturer root issued'),
  noSigningCertEvent: defineFault('cs.fw201-no-signing-cert-event', '2.0.1: answers InvalidCertificate without the InvalidFirmwareSigningCertificate security event'),
  acceptsUnsigned: defineFault('cs.fw201-accepts-unsigned', '2.0.1: accepts an UpdateFirmware without signing certificate and signature'),
  ignoresInstallDateTime: defineFault('cs.fw201-ignores-install-date-time', '2.0.1: installs right after the verification, before installDateTime (no InstallScheduled)'),
  ignoresRetrieveDateTime: defineFault('cs.fw201-ignores-retrieve-date-time', '2.0.1: downloads right away, before retrieveDateTime (no DownloadScheduled)'),
  noFirmwareUpdatedEvent: defineFault('cs.fw201-no-firmware-updated-event', '2.0.1: reports Installed without the FirmwareUpdated security event'),
  noDownloadFailed: defineFault('cs.fw201-no-download-failed', '2.0.1: reports nothing when every download attempt failed (no DownloadFailed)'),
  installsUnverifiable: defineFault('cs.fw201-installs-unverifiable', '2.0.1: reports a signed file that is no firmware Installed instead of InstallVerificationFailed'),
  unavailableAfterFailure: defineFault('cs.fw201-unavailable-after-failure', '2.0.1: leaves its connectors Unavailable after a failed installation'),
  installsDuringTransaction: defineFault('cs.fw201-installs-during-transaction', '2.0.1: installs and reboots while a transaction is ongoing'),
  idleConnectorsStayAvailable: defineFault('cs.fw201-idle-connectors-stay-available', '2.0.1: leaves idle connectors Available while an installation waits for a transaction, AllowNewSessionsPendingFirmwareUpdate false'),
  acceptsWhileBusy: defineFault('cs.fw201-accepts-while-busy', '2.0.1: cannot cancel (no C-60) but answers a new UpdateFirmware during a download Accepted'),
  rejectsWhileBusy: defineFault('cs.fw201-rejects-while-busy', '2.0.1: claims cancelling (C-60) but answers a new UpdateFirmware during a download Rejected'),
};

const ALLOW_NEW_SESSIONS = 'ChargingStation/AllowNewSessionsPendingFirmwareUpdate';

interface Firmware { location: string; retrieveDateTime: string; installDateTime?: string; signingCertificate?: string; signature?: string }

export function install(station: ReferenceStation): void {
  if (station.version !== '2.0.1') return;
  const has = (f: string) => station.faults.has(f);
  const claims = (item: string) => (station.options.optional ?? []).some((f) => canonicalItem(f, station.version) === item);
  // The protocols the downloads may use (the test documents' prerequisite reads it).
  station.variables.set('OCPPCommCtrlr/FileTransferProtocols', { value: 'HTTP,HTTPS', readonly: true });
  // C-20: whether idle EVSEs take new sessions while an installation waits for transactions to end.
  if (claims('C-20')) station.variables.set(ALLOW_NEW_SESSIONS, { value: 'false' });
  // Each update gets a generation; a newer one (a cancel) makes the older one stop at its next step.
  let generation = 0;
  let busy = false;

  station.handle('UpdateFirmware', async (p) => {
    const fw = p.firmware as Firmware;
    // A station with the secure update takes no unsigned firmware (TC_L_18).
    if ((!fw.signingCertificate || !fw.signature) && !has(FW201.acceptsUnsigned)) return { status: 'Rejected' };
    // L01.FR.02/21: the certificate is checked before the answer; a bad one is a security event.
    const problem = has(FW201.acceptsUnknownSigningCert) || !fw.signingCertificate ? undefined
      : signingCertificateProblem(fw.signingCertificate, [await manufacturerRootPem()]);
    if (problem) {
      if (!has(FW201.noSigningCertEvent)) {
        station.later(0, async () => {
          await station.send('SecurityEventNotification', { type: 'InvalidFirmwareSigningCertificate', timestamp: station.now(), techInfo: problem.slice(0, 255) });
        });
      }
      return { status: 'InvalidCertificate' };
    }
    let status = 'Accepted';
    if (busy) {
      // L01.FR.24/27: cancel the running update, or (unable to) reject the new one.
      if ((!claims('C-60') && !has(FW201.acceptsWhileBusy)) || has(FW201.rejectsWhileBusy)) return { status: 'Rejected' };
      status = claims('C-60') ? 'AcceptedCanceled' : 'Accepted';
    }
    const mine = ++generation;
    busy = true;
    const requestId = has(FW201.wrongRequestId) ? Number(p.requestId) + 1 : Number(p.requestId);
    const attempts = attemptsFor(p.retries);
    const retryMs = Math.max(0, Number(p.retryInterval ?? 0)) * 1000;
    station.later(0, async () => {
      try {
        await update(fw, requestId, attempts, retryMs, () => generation !== mine);
      } finally {
        if (generation === mine) busy = false;
      }
    });
    return { status };
  });

  const report = (status: string, requestId: number) => station.send('FirmwareStatusNotification', { status, requestId });
  const wait = (ms: number) => new Promise((resolve) => station.later(ms, () => resolve(undefined)));
  const untilTime = (iso: string | undefined) => Math.max(0, (iso ? Date.parse(iso) : NaN) - Date.now()) || 0;

  const update = async (fw: Firmware, requestId: number, attempts: number, retryMs: number, canceled: () => boolean) => {
    // The connectors' own conditions before the update: what the station has again after it (or after a failure).
    const before = station.evses.map((e) => e.connectors.map((c) => c.status));
    const restore = async () => {
      for (const [i, evse] of station.evses.entries()) for (const [j, c] of evse.connectors.entries()) await station.setStatus(evse, c, before[i]![j]!);
    };
    const retrieveIn = has(FW201.ignoresRetrieveDateTime) ? 0 : untilTime(fw.retrieveDateTime);
    if (retrieveIn > 0) {
      await report('DownloadScheduled', requestId);
      await wait(retrieveIn);
      if (canceled()) return;
    }
    // Without AQ-7 a station cannot download while charging: the download waits for the transactions (Part 6 allows
    // DownloadScheduled for it), idle connectors Unavailable meanwhile unless new sessions are allowed (L01.FR.07).
    if (charging() && !claims('AQ-7') && !has(FW201.installsDuringTransaction)) {
      await report('DownloadScheduled', requestId);
      await waitForTransactions();
      if (canceled()) return;
    }
    await report('Downloading', requestId);
    const bytes = await download(station, fw.location, attempts, retryMs);
    if (canceled()) return;
    if (!bytes) {
      if (!has(FW201.noDownloadFailed)) await report('DownloadFailed', requestId);
      return void await restore();
    }
    if (!has(FW201.skipsDownloaded)) await report('Downloaded', requestId);
    const valid = has(FW201.installsInvalidSignature) || firmwareSignatureValid(bytes, fw.signature ?? '', fw.signingCertificate ?? '');
    if (!valid) {
      await report('InvalidSignature', requestId);
      // L01.FR.03
      if (!has(FW201.noInvalidSignatureEvent)) await station.send('SecurityEventNotification', { type: 'InvalidFirmwareSignature', timestamp: station.now() });
      return void await restore();
    }
    if (!has(FW201.skipsSignatureVerified)) await report('SignatureVerified', requestId);
    // L01.FR.15/16: an installDateTime in the future schedules the installation.
    const installIn = has(FW201.ignoresInstallDateTime) ? 0 : untilTime(fw.installDateTime);
    if (installIn > 0) {
      await report('InstallScheduled', requestId);
      await wait(installIn);
    }
    if (canceled()) return;
    await installFirmware(requestId, bytes, before);
  };

  const charging = () => station.evses.some((e) => e.transaction);
  /** L01.FR.07: without AllowNewSessionsPendingFirmwareUpdate the idle connectors go Unavailable while transactions end. */
  const waitForTransactions = async () => {
    const allowNew = station.variables.get(ALLOW_NEW_SESSIONS)?.value === 'true' || has(FW201.idleConnectorsStayAvailable);
    if (!allowNew) for (const evse of station.evses) for (const c of evse.connectors) if (!evse.transaction) await station.setStatus(evse, c, 'Unavailable');
    while (charging()) await new Promise((resolve) => station.once('transactionEnded', resolve));
  };

  /**
   * L01.FR.06/07: idle connectors Unavailable while ongoing transactions end; then Installing, InstallRebooting, the
   * reboot; once accepted again Installed and the FirmwareUpdated security event, connectors as they were before.
   */
  const installFirmware = async (requestId: number, bytes: Buffer, before: Connector['status'][][]) => {
    // C-43: installed and activated while charging; only the connection is renewed (the protocol handshake), the
    // transactions go on.
    if (charging() && claims('C-43')) {
      await report('Installing', requestId);
      station.once('connected', () => station.later(0, async () => {
        await report('Installed', requestId);
        if (!has(FW201.noFirmwareUpdatedEvent)) await station.send('SecurityEventNotification', { type: 'FirmwareUpdated', timestamp: station.now() });
      }));
      await station.setNetwork(false);
      await station.setNetwork(true);
      return;
    }
    if (charging() && !has(FW201.installsDuringTransaction) && !claims('C-43')) {
      // L01.FR.06: the installation waits for the transactions (reported as scheduled, which Part 6 allows).
      await report('InstallScheduled', requestId);
      await waitForTransactions();
    }
    // Every connector Unavailable while installing (Part 6: optional, reported before Installing).
    for (const evse of station.evses) for (const c of evse.connectors) if (!evse.transaction) await station.setStatus(evse, c, 'Unavailable');
    await report('Installing', requestId);
    // Only the harness's test firmware image installs: any other file, signed or not, fails its verification and
    // the old firmware stays, connectors as they were.
    if (!isTestFirmware(bytes) && !has(FW201.installsUnverifiable)) {
      await report('InstallVerificationFailed', requestId);
      if (has(FW201.unavailableAfterFailure)) return;
      for (const [i, evse] of station.evses.entries()) for (const [j, c] of evse.connectors.entries()) await station.setStatus(evse, c, before[i]![j]!);
      return;
    }
    await report('InstallRebooting', requestId);
    station.evses.forEach((e, i) => e.connectors.forEach((c, j) => { c.status = before[i]![j]!; }));
    station.once('accepted', () => station.later(0, async () => {
      await report('Installed', requestId);
      if (!has(FW201.noFirmwareUpdatedEvent)) await station.send('SecurityEventNotification', { type: 'FirmwareUpdated', timestamp: station.now() });
    }));
    await station.reboot('FirmwareUpdate');
  };
}
