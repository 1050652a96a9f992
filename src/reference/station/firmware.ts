import { canonicalItem } from '../../catalog/pics.js';
import { firmwareSignatureValid, manufacturerRootPem, signingCertificateProblem } from '../../security/firmware-signing.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';
import { attemptsFor, download } from './file-transfer.js';
import { installPlainFirmware } from './firmware-plain.js';

/**
 * 1.6 security white paper L01 (secure firmware update), when the station claims `secure-firmware-update`:
 * SignedUpdateFirmware is answered after the signing certificate is checked against the manufacturer roots (the
 * harness CA: the operator installed the test manufacturer's root before the run); the firmware is fetched over
 * HTTP(S) from its location, its signature verified over the whole image, then installed with a reboot. Every state
 * is reported with SignedFirmwareStatusNotification carrying the request's requestId. The unsigned UpdateFirmware
 * stays unsupported (L01.FR.20: CALLERROR NotSupported, no handler).
 */
export const FW = {
  installsInvalidSignature: defineFault('cs.firmware-installs-invalid-signature', '1.6: reports SignatureVerified and installs a firmware whose signature does not verify'),
  skipsDownloaded: defineFault('cs.firmware-skips-downloaded', '1.6: goes from Downloading to signature verification without reporting Downloaded'),
  noInvalidSignatureEvent: defineFault('cs.firmware-no-invalid-signature-event', '1.6: reports InvalidSignature without the InvalidFirmwareSignature security event'),
  acceptsUnknownSigningCert: defineFault('cs.firmware-accepts-unknown-signing-cert', '1.6: accepts a firmware signing certificate no manufacturer root issued'),
  notDownloaded: defineFault('cs.firmware-not-downloaded', '1.6: reports the firmware Downloaded and verified without fetching it from its location'),
  wrongRequestId: defineFault('cs.firmware-wrong-request-id', '1.6: SignedFirmwareStatusNotification carries another requestId than the SignedUpdateFirmware'),
  unavailableAfterInstall: defineFault('cs.firmware-unavailable-after-install', '1.6: leaves its connectors Unavailable after installing a firmware'),
  acceptsUnsignedUpdate: defineFault('cs.firmware-accepts-unsigned-update', '1.6: answers the unsigned UpdateFirmware instead of CALLERROR NotSupported'),
};

export function install(station: ReferenceStation): void {
  if (station.version !== '1.6') return;
  const claims = (item: string) => (station.options.optional ?? []).some((f) => canonicalItem(f, station.version) === item);
  // Without the white paper's update, the plain UpdateFirmware of the Firmware Management profile (L02).
  if (!claims('secure-firmware-update')) return void (claims('1.6:FirmwareManagement') && installPlainFirmware(station));
  const has = (f: string) => station.faults.has(f);
  const profiles = station.variables.get('SupportedFeatureProfiles');
  if (profiles && !profiles.value.includes('FirmwareManagement')) profiles.value += ',FirmwareManagement';
  // Required with the white paper's firmware update (L01 remarks): the protocols the download may use.
  station.variables.set('SupportedFileTransferProtocols', { value: 'HTTP,HTTPS', readonly: true });
  let busy = false;

  if (has(FW.acceptsUnsignedUpdate)) station.handle('UpdateFirmware', () => ({}));

  station.handle('SignedUpdateFirmware', async (p) => {
    const fw = p.firmware as { location: string; retrieveDateTime: string; installDateTime?: string; signingCertificate: string; signature: string };
    // L01.FR.23/24: the certificate is checked before the request is accepted; a bad one is a security event (L01.FR.02).
    const problem = has(FW.acceptsUnknownSigningCert) ? undefined : signingCertificateProblem(fw.signingCertificate, [await manufacturerRootPem()]);
    if (problem) {
      station.later(0, async () => {
        await station.send('SecurityEventNotification', { type: 'InvalidFirmwareSigningCertificate', timestamp: station.now(), techInfo: problem.slice(0, 255) });
      });
      return { status: 'InvalidCertificate' };
    }
    if (busy) return { status: 'Rejected' };
    busy = true;
    const requestId = has(FW.wrongRequestId) ? Number(p.requestId) + 1 : Number(p.requestId);
    const attempts = attemptsFor(p.retries);
    const retryMs = Math.max(0, Number(p.retryInterval ?? 0)) * 1000;
    const startIn = Math.max(0, Date.parse(fw.retrieveDateTime) - Date.now()) || 0;
    station.later(startIn, async () => {
      try {
        await update(fw, requestId, attempts, retryMs);
      } finally {
        busy = false;
      }
    });
    return { status: 'Accepted' };
  });

  const report = (status: string, requestId: number) => station.send('SignedFirmwareStatusNotification', { status, requestId });

  const update = async (fw: { location: string; signingCertificate: string; signature: string }, requestId: number, attempts: number, retryMs: number) => {
    await report('Downloading', requestId);
    const bytes = has(FW.notDownloaded) ? Buffer.alloc(0) : await download(station, fw.location, attempts, retryMs);
    if (!bytes) return void await report('DownloadFailed', requestId);
    if (!has(FW.skipsDownloaded)) await report('Downloaded', requestId);
    const valid = has(FW.installsInvalidSignature) || has(FW.notDownloaded) || firmwareSignatureValid(bytes, fw.signature, fw.signingCertificate);
    if (!valid) {
      await report('InvalidSignature', requestId);
      // L01.FR.03
      if (!has(FW.noInvalidSignatureEvent)) await station.send('SecurityEventNotification', { type: 'InvalidFirmwareSignature', timestamp: station.now() });
      return;
    }
    await report('SignatureVerified', requestId);
    await installFirmware(requestId);
  };

  /**
   * L01.FR.06/07: wait for ongoing transactions to end, idle connectors Unavailable meanwhile; then every connector
   * Unavailable, Installing, InstallRebooting (L01.FR.15), the reboot; once accepted again FirmwareUpdated and Installed.
   */
  const installFirmware = async (requestId: number) => {
    const before = station.evses.map((e) => e.connectors.map((c) => c.status));
    for (const evse of station.evses) for (const c of evse.connectors) await station.setStatus(evse, c, 'Unavailable');
    while (station.evses.some((e) => e.transaction)) await new Promise((resolve) => station.once('transactionEnded', resolve));
    await report('Installing', requestId);
    await report('InstallRebooting', requestId);
    // The new firmware starts with the connectors as they were before the update.
    if (!has(FW.unavailableAfterInstall)) {
      station.evses.forEach((e, i) => e.connectors.forEach((c, j) => { c.status = before[i]![j]!; }));
    }
    station.once('accepted', () => station.later(0, async () => {
      await station.send('SecurityEventNotification', { type: 'FirmwareUpdated', timestamp: station.now() });
      await report('Installed', requestId);
    }));
    await station.reboot('FirmwareUpdate');
  };
}

