import type { Payload } from '../../ocpp/frames.js';
import { stationIdOf } from '../../transport/client.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';

/**
 * 2.0.1 N01 Retrieve log information: GetLog for the DiagnosticsLog or the SecurityLog is answered with the file
 * name, the file goes by HTTP PUT into log.remoteLocation (loopback only, like every transfer of the reference),
 * reported with LogStatusNotification Uploading, then Uploaded or UploadFailure, each with the GetLog's requestId.
 * A failed attempt is retried `retries` times, retryInterval apart (N01.FR.10). A GetLog while an upload runs
 * cancels it (C-57, N01.FR.12): answered AcceptedCanceled, the old request reported AcceptedCanceled.
 * Operator action (README "Operator actions"): clearLogs {} — the station has no log information any more, so a
 * GetLog is Rejected (N01.FR.05, TC_N_34_CS).
 */
export const LG = {
  noUploaded: defineFault('cs.log-no-uploaded', '2.0.1: uploads the log but never reports Uploaded'),
  noUploading: defineFault('cs.log-no-uploading', '2.0.1: reports the end of a log upload without Uploading first'),
  wrongRequestId: defineFault('cs.log-wrong-request-id', '2.0.1: LogStatusNotification carries another requestId than the GetLog'),
  uploadedOnFailure: defineFault('cs.log-uploaded-on-failure', '2.0.1: reports Uploaded although the log upload failed'),
  noRetries: defineFault('cs.log-no-retries', '2.0.1: tries a log upload once, whatever retries GetLog gives'),
  noCancel: defineFault('cs.log-no-cancel', '2.0.1: a GetLog while an upload runs is Accepted without cancelling the running one'),
  rejectsSecurityLog: defineFault('cs.log-rejects-security-log', '2.0.1: answers GetLog for the SecurityLog Rejected'),
  acceptsWithoutLog: defineFault('cs.log-accepts-without-log', '2.0.1: Accepts GetLog although it has no log information'),
};

const TRANSFER_TIMEOUT_MS = 10_000;

interface Upload { requestId: number; abort: AbortController; canceled: boolean }

export function install(station: ReferenceStation): void {
  if (station.version !== '2.0.1') return;
  const has = (f: string) => station.faults.has(f);
  let current: Upload | undefined;
  let hasLogs = true;
  station.onAction('clearLogs', () => { hasLogs = false; });

  const report = (status: string, requestId: number) =>
    station.send('LogStatusNotification', { status, requestId: has(LG.wrongRequestId) ? requestId + 1 : requestId });

  /** One PUT of the file; false when the location refused it or the network failed. */
  const attempt = async (url: URL, body: Buffer, signal: AbortSignal): Promise<boolean> => {
    try {
      const res = await fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': 'text/plain' }, signal: AbortSignal.any([signal, AbortSignal.timeout(TRANSFER_TIMEOUT_MS)]) });
      return res.ok;
    } catch (err) {
      station.log.event(`log upload failed: ${(err as Error).message}`);
      return false;
    }
  };

  const run = async (upload: Upload, url: URL | undefined, body: Buffer, attempts: number, retryMs: number) => {
    if (!has(LG.noUploading)) await report('Uploading', upload.requestId);
    let ok = false;
    for (let i = 0; i < attempts && url && !ok && !upload.canceled; i++) {
      if (i > 0) await new Promise((resolve) => station.later(retryMs, () => resolve(undefined)));
      if (!upload.canceled) ok = await attempt(url, body, upload.abort.signal);
    }
    if (upload.canceled) return;
    if (current === upload) current = undefined;
    if (ok || has(LG.uploadedOnFailure)) {
      if (!has(LG.noUploaded)) await report('Uploaded', upload.requestId);
    } else await report('UploadFailure', upload.requestId);
  };

  station.handle('GetLog', async (p) => {
    const log = p.log as Payload;
    const requestId = Number(p.requestId);
    if (p.logType === 'SecurityLog' && has(LG.rejectsSecurityLog)) return { status: 'Rejected' };
    if (!hasLogs && !has(LG.acceptsWithoutLog)) return { status: 'Rejected' };
    let url: URL | undefined;
    try {
      url = new URL(String(log.remoteLocation));
      if (!/^https?:$/.test(url.protocol) || !/^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname)) url = undefined;
    } catch {
      url = undefined;
    }
    const filename = `${p.logType === 'SecurityLog' ? 'security' : 'diagnostics'}-${stationIdOf(station.options.url)}-${requestId}.log`;
    if (url?.pathname.endsWith('/')) url.pathname += encodeURIComponent(filename);
    const body = Buffer.from([
      `ocpp-conformance reference station ${String(p.logType)} ${station.now()}`,
      `window: ${String(log.oldestTimestamp ?? '-')} .. ${String(log.latestTimestamp ?? '-')}`,
      ...(p.logType === 'SecurityLog' ? [`boot: ${station.bootState}`] : station.evses.map((e) => `evse ${e.id}: ${e.connectors.map((c) => c.status).join(',')}`)),
    ].join('\n') + '\n');
    // 2.0.1 retries: how many times to retry after the first attempt, capped so that a test run stays short.
    const attempts = has(LG.noRetries) ? 1 : 1 + Math.min(5, Math.max(0, Number(p.retries ?? 0) || 0));
    const retryMs = Math.max(0, Number(p.retryInterval ?? 0) || 0) * 1000;
    const previous = current && !has(LG.noCancel) ? current : undefined;
    const upload: Upload = { requestId, abort: new AbortController(), canceled: false };
    current = upload;
    station.later(0, async () => {
      if (previous) {
        previous.canceled = true;
        previous.abort.abort();
        await report('AcceptedCanceled', previous.requestId);
      }
      await run(upload, url, body, attempts, retryMs);
    });
    return { status: previous ? 'AcceptedCanceled' : 'Accepted', filename };
  });
}
