import { canonicalItem } from '../../catalog/pics.js';
import { defineFault } from '../faults.js';
import { attemptsFor, upload } from './file-transfer.js';
import type { ReferenceStation } from './station.js';

/**
 * 1.6 Get Diagnostics (N01, Firmware Management profile): GetDiagnostics is answered with the name of the one file
 * the station uploads (HTTP PUT into the location, retries retryInterval apart), reported with
 * DiagnosticsStatusNotification Uploading, then Uploaded or UploadFailed.
 */
export const DG = {
  noUploaded: defineFault('cs.diagnostics-no-uploaded', '1.6: uploads the diagnostics file but never reports Uploaded'),
  wrongFileName: defineFault('cs.diagnostics-wrong-file-name', '1.6: uploads its diagnostics under another name than the fileName it answered'),
  uploadedOnFailure: defineFault('cs.diagnostics-uploaded-on-failure', '1.6: reports Uploaded although the upload failed'),
  noRetries: defineFault('cs.diagnostics-no-retries', '1.6: tries the diagnostics upload once, whatever retries GetDiagnostics gives'),
  noUploading: defineFault('cs.diagnostics-no-uploading', '1.6: reports the upload\'s end without reporting Uploading first'),
};

export function install(station: ReferenceStation): void {
  if (station.version !== '1.6') return;
  if (!(station.options.optional ?? []).some((f) => canonicalItem(f, station.version) === '1.6:FirmwareManagement')) return;
  const has = (f: string) => station.faults.has(f);
  if (!station.variables.has('SupportedFileTransferProtocols')) station.variables.set('SupportedFileTransferProtocols', { value: 'HTTP,HTTPS', readonly: true });
  const report = (status: string) => station.send('DiagnosticsStatusNotification', { status });

  station.handle('GetDiagnostics', (p) => {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const fileName = `diagnostics-${stamp}.log`;
    const log = Buffer.from([
      `ocpp-conformance reference station diagnostics ${new Date().toISOString()}`,
      `window: ${String(p.startTime ?? '-')} .. ${String(p.stopTime ?? '-')}`,
      ...station.evses.map((e) => `connector ${e.id}: ${e.connectors.map((c) => c.status).join(',')}`),
    ].join('\n') + '\n');
    const retryMs = Math.max(0, Number(p.retryInterval ?? 0) || 0) * 1000;
    station.later(0, async () => {
      if (!has(DG.noUploading)) await report('Uploading');
      const name = has(DG.wrongFileName) ? `other-${fileName}` : fileName;
      const ok = await upload(station, String(p.location), name, log, has(DG.noRetries) ? 1 : attemptsFor(p.retries), retryMs);
      if (ok || has(DG.uploadedOnFailure)) {
        if (!has(DG.noUploaded)) await report('Uploaded');
      } else await report('UploadFailed');
    });
    return { fileName };
  });
}
