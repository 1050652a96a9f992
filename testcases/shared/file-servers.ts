// The file servers the harness runs for firmware and diagnostics test cases, on its own host for the length of a
// test: one serves a firmware image (or nothing), one takes diagnostics uploads (or refuses them).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';

async function listen(host: string, handler: http.RequestListener): Promise<{ base: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, host, () => resolve()); });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The host a charger under test reaches the harness on: the one its CSMS endpoint listens on. */
export const harnessHost = (csms: CsmsHarness) => new URL(csms.server.url).hostname;

/**
 * Serves one firmware image under /firmware/<name> and counts its downloads; without `bytes` it serves nothing
 * (every request 404: a download that must fail).
 */
export async function firmwareServer(host: string, bytes: Buffer | undefined, name = 'ocpp-conformance-test.bin'): Promise<{ url: string; downloads: () => number; close(): Promise<void> }> {
  let downloads = 0;
  const server = await listen(host, (req, res) => {
    if (!bytes || req.method !== 'GET' || !req.url?.startsWith('/firmware/')) return void res.writeHead(404).end();
    downloads++;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length }).end(bytes);
  });
  return { url: `${server.base}/firmware/${name}`, downloads: () => downloads, close: server.close };
}

export interface Upload { method: string; path: string; fileName: string; bytes: number }

/**
 * Takes diagnostics uploads (HTTP PUT or POST, a multipart form's file too) into the directory /diagnostics/ and
 * records each file's name; `refuse` answers every request 403 (an upload that must fail).
 */
export async function uploadServer(host: string, refuse = false): Promise<{ url: string; uploads: Upload[]; close(): Promise<void> }> {
  const uploads: Upload[] = [];
  const server = await listen(host, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
      if (refuse || !['PUT', 'POST'].includes(req.method ?? '') || !path.startsWith('/diagnostics/')) return void res.writeHead(403).end();
      const body = Buffer.concat(chunks);
      // A multipart form names its file; a PUT (or a plain POST) names it in the path.
      const formName = /filename="([^"]+)"/.exec(body.subarray(0, 2048).toString('latin1'))?.[1];
      uploads.push({ method: req.method!, path, fileName: formName ?? path.slice('/diagnostics/'.length), bytes: body.length });
      res.writeHead(req.method === 'PUT' ? 201 : 200).end();
    });
  });
  return { url: `${server.base}/diagnostics/`, uploads, close: server.close };
}

/**
 * The harness serves files over HTTP only: a charger whose SupportedFileTransferProtocols (read with
 * GetConfiguration) lacks HTTP cannot reach them, so the test is inconclusive there. An unknown key is no obstacle.
 */
export async function requireHttpTransfers(csms: CsmsHarness): Promise<void> {
  const answer = await csms.call('GetConfiguration', { key: ['SupportedFileTransferProtocols'] }).catch(() => undefined);
  const entry = (answer?.configurationKey as { key: string; value?: string }[] | undefined)?.find((k) => k.key === 'SupportedFileTransferProtocols');
  if (entry?.value !== undefined && !/\bHTTPS?\b/i.test(entry.value)) {
    throw new Inconclusive(`the charge point transfers files only over ${entry.value} (SupportedFileTransferProtocols); the harness serves them over HTTP`);
  }
}

/**
 * A location whose every request fails as a network error would (the connection is reset before any answer): the
 * kind of failure a charger retries. Records when each attempt came, for checks of retries and retryInterval.
 */
export async function resettingServer(host: string, path: string): Promise<{ url: string; attempts: number[]; close(): Promise<void> }> {
  const attempts: number[] = [];
  const server = await listen(host, (req) => {
    attempts.push(Date.now());
    req.socket.destroy();
  });
  return { url: `${server.base}${path}`, attempts, close: server.close };
}

/** Own check of retries / retryInterval (1.6 UpdateFirmware, GetDiagnostics): at least `retries` attempts, never closer than the interval. */
export function checkRetries(attempts: number[], retries: number, retryIntervalS: number, toleranceMs: number, what: string): string | undefined {
  if (attempts.length < retries) return `with retries ${retries} the charge point must try the ${what} ${retries} times before giving up, it tried ${attempts.length} time(s)`;
  for (let i = 1; i < attempts.length; i++) {
    const gap = attempts[i]! - attempts[i - 1]!;
    if (gap < retryIntervalS * 1000 - toleranceMs) return `attempt ${i + 1} of the ${what} came ${gap} ms after the one before, sooner than the retryInterval of ${retryIntervalS} s`;
  }
  return undefined;
}

/**
 * A location that takes every upload's connection and never answers it (an upload that stays under way until the
 * charger gives it up): for a second request while the first upload runs (2.0.1 TC_N_36).
 */
export async function stallingServer(host: string, path: string): Promise<{ url: string; attempts: number[]; close(): Promise<void> }> {
  const attempts: number[] = [];
  const server = await listen(host, () => { attempts.push(Date.now()); });
  return { url: `${server.base}${path}`, attempts, close: server.close };
}
