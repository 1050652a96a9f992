// OCPP 2.0.1 L01 secure firmware update, both roles (TC_L_01..TC_L_18). The harness makes a real firmware image,
// signs it (RSA-PSS, SHA-256) with a signing certificate of its test manufacturer CA and, as the CSMS, serves it over
// HTTP on its own host (file-servers.ts); the 1.6 steps (firmware-steps.ts) do the same for SignedUpdateFirmware.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import type { StationHarness } from '../../src/harness/station-harness.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { SignedFirmware } from '../../src/security/firmware-signing.js';
import { harnessHost } from './file-servers.js';
import { sendTrustingHarnessCa } from './firmware-steps.js';

/** <Current DateTime - 2 hours>: the documents' "at once" for retrieveDateTime and installDateTime. */
export const twoHoursAgo = () => new Date(Date.now() - 2 * 3_600_000).toISOString();

/** The documents' "Configured Install/Download Offset Period", kept short for a test run. */
export const OFFSET_MS = 3_000;

export function updateFirmwarePayload(requestId: number, location: string, fw: Partial<SignedFirmware>, o: { retrieveDateTime?: string; installDateTime?: string } = {}): Payload {
  return {
    requestId, retries: 1, retryInterval: 5,
    firmware: {
      location, retrieveDateTime: o.retrieveDateTime ?? twoHoursAgo(), installDateTime: o.installDateTime ?? twoHoursAgo(),
      ...(fw.signingCertificate ? { signingCertificate: fw.signingCertificate } : {}), ...(fw.signature ? { signature: fw.signature } : {}),
    },
  };
}

/**
 * The station's FirmwareStatusNotifications of one update, in order: `next(expected)` takes the next one and fails
 * unless it is one of `expected` and carries the update's requestId (L01.FR.20). `optional` statuses (the
 * InstallRebooting of L01.FR.15, the DownloadScheduled/InstallScheduled a station may report) are passed over.
 */
/** `after`: a call, or a time (ms since the epoch) before the update was sent. */
export function firmwareStatuses201(csms: CsmsHarness, requestId: number, after: ReceivedCall | number) {
  let previous: ReceivedCall | number = after;
  return async (expected: string[], o: { within?: number; optional?: string[] } = {}): Promise<ReceivedCall> => {
    for (;;) {
      const before = typeof previous === 'number' ? 'the accepted UpdateFirmware' : String(previous.payload.status);
      const call = await csms.expectCall('FirmwareStatusNotification', { after: previous, within: o.within ?? csms.profile.timing.rebootTimeoutMs }).catch((err: Error) => {
        throw err instanceof Verdict ? new Verdict(`after ${before} the charging station must report ${expected.join(' or ')} (FirmwareStatusNotification): ${err.message}`, 'L01.FR.01') : err;
      });
      previous = call;
      const status = String(call.payload.status);
      if (call.payload.requestId !== requestId) {
        throw new Verdict(`FirmwareStatusNotification ${status} must carry the requestId of the UpdateFirmware (${requestId}), it carries ${String(call.payload.requestId)}`, 'L01.FR.20');
      }
      if (!expected.includes(status) && o.optional?.includes(status)) continue;
      if (!expected.includes(status)) throw new Verdict(`after ${before} the charging station must report ${expected.join(' or ')}, it reported ${status}`, 'L01.FR.01');
      return call;
    }
  };
}

/** Step 1-2: UpdateFirmware with a valid signing certificate (trusting the harness's test manufacturer) must be Accepted. */
export async function startUpdate201(csms: CsmsHarness, payload: Payload, accepted = ['Accepted']): Promise<{ status: string; cleanUp: () => Promise<void> }> {
  const { status, cleanUp } = await sendTrustingHarnessCa(csms, async () => String((await csms.call('UpdateFirmware', payload)).status));
  if (!accepted.includes(status)) {
    await cleanUp();
    throw new Verdict(`UpdateFirmware with a valid signing certificate must be answered ${accepted.join(' or ')}, got ${status}`, 'L01.FR.01');
  }
  return { status, cleanUp };
}

/**
 * Steps 15-21 of TC_L_01_CS: the station reconnects (a reboot, or at least a new connection for the protocol
 * handshake), every connector it set Unavailable is reported Available again, and it reports Installed and the
 * security event FirmwareUpdated, in any order.
 */
export async function expectInstalled(csms: CsmsHarness, installing: ReceivedCall, connectionsBefore: number, mark: number, next: (expected: string[], o?: { optional?: string[] }) => Promise<ReceivedCall>): Promise<void> {
  const boot = await csms.waitForReboot(installing, connectionsBefore);
  if (boot.connection <= connectionsBefore) throw new Verdict('after installing the firmware the charging station must at least reconnect: its BootNotification came on the old connection');
  await expectAvailableAgain201(csms, mark);
  await next(['Installed'], { optional: ['InstallRebooting'] });
  await csms.expectCall('SecurityEventNotification', { after: installing, where: { type: 'FirmwareUpdated' }, within: csms.profile.timing.rebootTimeoutMs }).catch((err: Error) => {
    throw err instanceof Verdict ? new Verdict(`a firmware update must be reported as security event FirmwareUpdated: ${err.message}`, 'L01') : err;
  });
}

/** Every connector the station reported Unavailable since `mark` must be reported Available again (StatusNotification or NotifyEvent AvailabilityState). */
export async function expectAvailableAgain201(csms: CsmsHarness, mark: number): Promise<void> {
  const key = (p: Payload) => `${String(p.evseId)}/${String(p.connectorId)}`;
  const since = () => csms.received.slice(mark);
  const unavailable = since().filter((c) => c.action === 'StatusNotification' && c.payload.connectorStatus === 'Unavailable');
  for (const k of new Set(unavailable.map((c) => key(c.payload)))) {
    const last = unavailable.filter((c) => key(c.payload) === k).at(-1)!;
    await csms.expectCall('StatusNotification', { after: last, where: { evseId: last.payload.evseId, connectorId: last.payload.connectorId, connectorStatus: 'Available' } }).catch((err: Error) => {
      throw err instanceof Verdict ? new Verdict(`connector ${k}, set Unavailable for the firmware update, must be Available again after it: ${err.message}`, 'L01.FR.01') : err;
    });
  }
}

/**
 * A firmware server whose downloads hang: an update stays Downloading for as long as the test needs. With `bytes`,
 * release() answers the held downloads (and later ones) with them; without, close() breaks them off.
 */
export async function hangingFirmwareServer(csms: CsmsHarness, bytes?: Buffer): Promise<{ url: string; requests: () => number; release(): void; close(): Promise<void> }> {
  let requests = 0;
  let released = false;
  const held: http.ServerResponse[] = [];
  const serve = (res: http.ServerResponse) => res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes!.length }).end(bytes);
  const server = http.createServer((_req, res) => {
    requests++;
    if (released && bytes) serve(res);
    else held.push(res);
  });
  const host = harnessHost(csms);
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, host, () => resolve()); });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/firmware/held.bin`, requests: () => requests,
    release: () => { released = true; if (bytes) for (const res of held.splice(0)) serve(res); },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

// ---- CSMS under test --------------------------------------------------------------------------------------------

/** Whether two PEM texts carry the same certificate (whitespace and line breaks aside). */
export const samePem = (a: unknown, b: string) => typeof a === 'string' && a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

/** The harness station reports each status of one update; the CSMS must answer every one (a CALLERROR fails the test). */
export async function reportStatuses(station: StationHarness, requestId: number, statuses: string[]): Promise<void> {
  for (const status of statuses) {
    await station.call('FirmwareStatusNotification', { status, requestId }).catch((err: Error) => {
      throw err instanceof Verdict ? err : new Verdict(`the CSMS must answer FirmwareStatusNotification ${status}: ${err.message}`, 'L01.FR.01');
    });
  }
}

export async function eachConnector201(station: StationHarness, status: string): Promise<void> {
  for (const evse of station.profile.evses) for (let c = 1; c <= evse.connectors; c++) await station.call('StatusNotification', station.statusPayload(evse.id, c, status));
}

/** Steps 13-16 of TC_L_01_CSMS: the reboot into the new firmware, BootNotification FirmwareUpdate must be Accepted, connectors Available. */
export async function rebootIntoFirmware(station: StationHarness): Promise<void> {
  await station.close();
  await station.connect();
  const boot = await station.call('BootNotification', station.bootPayload('FirmwareUpdate'));
  if (boot.status !== 'Accepted') throw new Verdict(`the CSMS must accept the BootNotification (reason FirmwareUpdate) after the firmware reboot, it answered ${String(boot.status)}`, 'B01.FR.01');
  await eachConnector201(station, 'Available');
}
