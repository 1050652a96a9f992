import { createHash, randomBytes } from 'node:crypto';
import type { ReferenceStation } from './station.js';

/**
 * File transfers of the 1.6 reference station (firmware downloads, diagnostics uploads). A simulator on a test
 * machine: it transfers only over HTTP(S) and only with loopback, where the harness serves and receives files.
 */
const TRANSFER_TIMEOUT_MS = 10_000;

function loopbackUrl(location: string): URL | undefined {
  try {
    const url = new URL(location);
    return /^https?:$/.test(url.protocol) && /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Run `attempt` up to `attempts` times, `retryMs` apart, until it succeeds; false when every attempt failed. */
async function withRetries(station: ReferenceStation, attempts: number, retryMs: number, attempt: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await new Promise((resolve) => station.later(retryMs, () => resolve(undefined)));
    try {
      if (await attempt()) return true;
    } catch (err) {
      station.log.event(`file transfer failed: ${(err as Error).message}`);
    }
  }
  return false;
}

/** The 1.6 retries field: attempts after the first, capped so that a test run stays short. */
export function attemptsFor(retries: unknown): number {
  return 1 + Math.min(5, Math.max(0, Number(retries ?? 0) || 0));
}

/** Fetch a file, trying `attempts` times `retryMs` apart; undefined when every attempt failed. */
export async function download(station: ReferenceStation, location: string, attempts: number, retryMs: number): Promise<Buffer | undefined> {
  if (!loopbackUrl(location)) return undefined;
  let bytes: Buffer | undefined;
  await withRetries(station, attempts, retryMs, async () => {
    const res = await fetch(location, { signal: AbortSignal.timeout(TRANSFER_TIMEOUT_MS) });
    if (res.ok) bytes = Buffer.from(await res.arrayBuffer());
    return res.ok;
  });
  return bytes;
}

/** Upload a file with HTTP PUT into the directory `location` names (or to `location` itself when it names a file). */
export async function upload(station: ReferenceStation, location: string, fileName: string, body: Buffer, attempts: number, retryMs: number): Promise<boolean> {
  const url = loopbackUrl(location);
  if (!url) return false;
  if (url.pathname.endsWith('/')) url.pathname += encodeURIComponent(fileName);
  return withRetries(station, attempts, retryMs, async () => {
    const res = await fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': 'application/octet-stream' }, signal: AbortSignal.timeout(TRANSFER_TIMEOUT_MS) });
    return res.ok;
  });
}

// The harness's test firmware: a header the reference station recognises, a payload and its SHA-256. A real charger
// takes only its maker's firmware (the profile's firmware image); anything else is "a NOT supported file".
const MAGIC = Buffer.from('OCPP-CONFORMANCE-FIRMWARE/1\n');

/** A fresh test firmware image the reference station installs. */
export function testFirmwareImage(): Buffer {
  const payload = randomBytes(4096);
  return Buffer.concat([MAGIC, payload, createHash('sha256').update(payload).digest()]);
}

/** A file that is no firmware at all (TC_044_3: "the location of a NOT supported file"). */
export function unsupportedFirmwareFile(): Buffer {
  return Buffer.concat([Buffer.from('this is not a firmware image\n'), randomBytes(1024)]);
}

/** Whether `bytes` is a test firmware image, intact. */
export function isTestFirmware(bytes: Buffer): boolean {
  if (bytes.length < MAGIC.length + 32 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return false;
  const payload = bytes.subarray(MAGIC.length, bytes.length - 32);
  return createHash('sha256').update(payload).digest().equals(bytes.subarray(bytes.length - 32));
}
