import { defineFault } from '../faults.js';
import { attemptsFor, download, isTestFirmware } from './file-transfer.js';
import type { ReferenceStation } from './station.js';

/**
 * 1.6 Firmware Management (L02), for a station without the white paper's secure update: UpdateFirmware is answered,
 * the firmware fetched from its location after retrieveDate (retries, retryInterval apart), then installed with a
 * reboot once no transaction runs; idle connectors are Unavailable meanwhile. Every state goes out as
 * FirmwareStatusNotification: Downloading, Downloaded or DownloadFailed, Installing, Installed or InstallationFailed.
 * Only the harness's test firmware installs; any other file fails its installation.
 */
export const PFW = {
  skipsDownloaded: defineFault('cs.plain-firmware-skips-downloaded', '1.6: reports Installing without having reported the firmware Downloaded'),
  notDownloaded: defineFault('cs.plain-firmware-not-downloaded', '1.6: reports the firmware Downloaded without fetching it from its location'),
  noDownloadFailed: defineFault('cs.plain-firmware-no-download-failed', '1.6: reports nothing when every download attempt failed (no DownloadFailed)'),
  installsUnsupported: defineFault('cs.plain-firmware-installs-unsupported', '1.6: installs a file that is no firmware and reports it Installed'),
  noRetries: defineFault('cs.plain-firmware-no-retries', '1.6: tries the firmware download once, whatever retries UpdateFirmware gives'),
  unavailableAfterFailure: defineFault('cs.plain-firmware-unavailable-after-failure', '1.6: leaves its connectors Unavailable after a failed installation'),
};

export function installPlainFirmware(station: ReferenceStation): void {
  const has = (f: string) => station.faults.has(f);
  const profiles = station.variables.get('SupportedFeatureProfiles');
  if (profiles && !profiles.value.includes('FirmwareManagement')) profiles.value += ',FirmwareManagement';
  station.variables.set('SupportedFileTransferProtocols', { value: 'HTTP,HTTPS', readonly: true });
  const report = (status: string) => station.send('FirmwareStatusNotification', { status });
  let busy = false;

  station.handle('UpdateFirmware', (p) => {
    // UpdateFirmware.conf has no status: an update already under way simply goes on.
    if (busy) return {};
    busy = true;
    const startIn = Math.max(0, Date.parse(String(p.retrieveDate)) - Date.now()) || 0;
    const retryMs = Math.max(0, Number(p.retryInterval ?? 0) || 0) * 1000;
    station.later(startIn, async () => {
      try {
        await update(String(p.location), has(PFW.noRetries) ? 1 : attemptsFor(p.retries), retryMs);
      } finally {
        busy = false;
      }
    });
    return {};
  });

  const update = async (location: string, attempts: number, retryMs: number) => {
    await report('Downloading');
    const bytes = has(PFW.notDownloaded) ? Buffer.alloc(0) : await download(station, location, attempts, retryMs);
    if (!bytes) return void (has(PFW.noDownloadFailed) || await report('DownloadFailed'));
    if (!has(PFW.skipsDownloaded)) await report('Downloaded');
    // Recommended (Update Firmware): idle connectors Unavailable while transactions end, then install.
    const before = station.evses.map((e) => e.connectors.map((c) => c.status));
    for (const evse of station.evses) for (const c of evse.connectors) await station.setStatus(evse, c, 'Unavailable');
    while (station.evses.some((e) => e.transaction)) await new Promise((resolve) => station.once('transactionEnded', resolve));
    await report('Installing');
    if (!isTestFirmware(bytes) && !has(PFW.installsUnsupported) && !has(PFW.notDownloaded)) {
      await report('InstallationFailed');
      // The old firmware stays: the connectors are back as they were.
      if (!has(PFW.unavailableAfterFailure)) {
        for (const [i, evse] of station.evses.entries()) for (const [j, c] of evse.connectors.entries()) await station.setStatus(evse, c, before[i]![j]!);
      }
      return;
    }
    // The new firmware starts with the connectors as they were; Installed once it is accepted after the reboot.
    station.evses.forEach((e, i) => e.connectors.forEach((c, j) => { c.status = before[i]![j]!; }));
    station.once('accepted', () => station.later(0, async () => { await report('Installed'); }));
    await station.reboot('FirmwareUpdate');
  };
}
