// 1.6 security white paper L01 (secure firmware update), both roles: TC_080 (the firmware is downloaded, its signature
// verified and installed with a reboot) and TC_081 (the signature is invalid), plus own checks of L01.FR.02/20/24.
// The harness makes a real firmware image, signs it (RSA-PSS, SHA-256) with a signing certificate of its test
// manufacturer CA and, as the Central System, serves it over HTTP on its own host.
import { testCase, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import type { StationHarness } from '../../src/harness/station-harness.js';
import type { Payload } from '../../src/ocpp/frames.js';
import { signedFirmware, type SignedFirmware } from '../../src/security/firmware-signing.js';
import { FW } from '../../src/reference/station/firmware.js';
import { FWF } from '../../src/reference/csms/firmware.js';
import { SECF } from '../../src/reference/csms/security.js';
import { expectConnectorReports } from './boot-steps.js';
import { install, removeQuietly } from './security-certificate-steps.js';
import { harnessCa } from '../../src/security/csr.js';
import { checkRetries, firmwareServer, harnessHost, requireHttpTransfers, resettingServer } from './file-servers.js';
import { readFile } from 'node:fs/promises';
import type { SutProfile } from '../../src/harness/config.js';
import { PFW } from '../../src/reference/station/firmware-plain.js';
import { testFirmwareImage, unsupportedFirmwareFile } from '../../src/reference/station/file-transfer.js';
import { TRCF } from '../../src/reference/csms/trigger.js';

/** The 1.6 Firmware Management profile with the white paper's signed firmware update. */
const NEEDS = ['1.6:FirmwareManagement', 'secure-firmware-update'];

function updatePayload(requestId: number, location: string, fw: SignedFirmware): Payload {
  return {
    requestId, retries: 1, retryInterval: 5,
    firmware: { location, retrieveDateTime: new Date().toISOString(), signingCertificate: fw.signingCertificate, signature: fw.signature },
  };
}

/**
 * The charge point's SignedFirmwareStatusNotifications in order: each the status the document expects next and with
 * the requestId of the update (L01.FR.01/10). InstallRebooting (L01.FR.15) may come anywhere after SignatureVerified.
 */
function firmwareStatuses(csms: CsmsHarness, requestId: number) {
  let previous: ReceivedCall | undefined;
  return async (expected: string, within = csms.profile.timing.callTimeoutMs): Promise<ReceivedCall> => {
    for (;;) {
      const call = await csms.expectCall('SignedFirmwareStatusNotification', { ...(previous ? { after: previous } : {}), within }).catch((err: Error) => {
        throw err instanceof Verdict ? new Verdict(`the charge point must report ${expected} next (SignedFirmwareStatusNotification): ${err.message}`, 'L01.FR.01') : err;
      });
      const status = String(call.payload.status);
      const before = previous ? String(previous.payload.status) : 'the accepted SignedUpdateFirmware';
      previous = call;
      if (call.payload.requestId !== requestId) {
        throw new Verdict(`SignedFirmwareStatusNotification ${status} must carry the requestId of the SignedUpdateFirmware (${requestId}), it carries ${String(call.payload.requestId)}`, 'L01.FR.10');
      }
      if (status === 'InstallRebooting' && ['Installing', 'Installed'].includes(expected)) continue;
      if (status !== expected) throw new Verdict(`after ${before} the charge point must report ${expected}, it reported ${status}`, 'L01.FR.01');
      return call;
    }
  };
}

/**
 * Send a signed firmware update (`send` returns the station's status). A charger that does not know the harness's
 * test manufacturer (InvalidCertificate) gets its root installed as ManufacturerRootCertificate first, where it takes
 * InstallCertificate (the tester's preparation; `cleanUp` takes it off again); otherwise the test is inconclusive.
 */
export async function sendTrustingHarnessCa(csms: CsmsHarness, send: () => Promise<string>): Promise<{ status: string; cleanUp: () => Promise<void> }> {
  let status = await send();
  let cleanUp = async (): Promise<void> => undefined;
  if (status === 'InvalidCertificate') {
    const root = (await harnessCa()).certificate;
    const installed = await install(csms, 'ManufacturerRootCertificate', root).catch(() => 'not supported');
    if (installed === 'Accepted') {
      cleanUp = () => removeQuietly(csms, 'ManufacturerRootCertificate', root);
      status = await send();
    }
  }
  if (status === 'InvalidCertificate' || status === 'RevokedCertificate') {
    await cleanUp();
    throw new Inconclusive(`the station answered ${status}: its ManufacturerRootCertificate must be the harness's test CA, which issued the firmware signing certificate (prerequisite: a signed firmware it accepts), and installing that root failed`);
  }
  return { status, cleanUp };
}

/** Step 1-2: the update is sent (trusting the harness's test manufacturer) and must be Accepted. */
async function startUpdate(csms: CsmsHarness, requestId: number, location: string, fw: SignedFirmware): Promise<() => Promise<void>> {
  const { status, cleanUp } = await sendTrustingHarnessCa(csms, async () => String((await csms.call('SignedUpdateFirmware', updatePayload(requestId, location, fw))).status));
  if (status !== 'Accepted') {
    await cleanUp();
    throw new Verdict(`SignedUpdateFirmware with a valid signing certificate must be Accepted, got ${status}`);
  }
  return cleanUp;
}

/**
 * TC_080_CS / TC_081_CS: the charge point downloads the firmware from the harness (Downloading, Downloaded), verifies
 * the signature and then either installs it (SignatureVerified, Installing, a reboot, every connector Available,
 * Installed) or rejects it (InvalidSignature with the InvalidFirmwareSignature security event, nothing installed).
 */
export function secureFirmwareUpdateCs(kind: 'valid' | 'invalid-signature', octt: OcttClaim[]) {
  const invalid = kind === 'invalid-signature';
  return testCase<CsTestCase>({
    useCase: 'L01', ...(invalid ? { variant: 'invalid-signature' } : {}), ocpp: '1.6', sut: 'CS', octt, profile: 'security', needs: NEEDS,
    title: invalid ? 'A firmware whose signature does not verify is downloaded, reported InvalidSignature with a security event, and not installed'
      : 'A signed firmware is downloaded, its signature verified and installed with a reboot, each state reported in order',
    killedBy: invalid ? [FW.installsInvalidSignature, FW.noInvalidSignatureEvent, FW.skipsDownloaded]
      : [FW.skipsDownloaded, FW.notDownloaded, FW.wrongRequestId, FW.unavailableAfterInstall],
    async run({ csms, profile }) {
      await csms.booted();
      const fw = await signedFirmware({ invalidSignature: invalid });
      const server = await firmwareServer(new URL(csms.server.url).hostname, fw.bytes);
      let cleanUp = async (): Promise<void> => undefined;
      try {
        const requestId = invalid ? 81 : 80;
        const connections = csms.connectionCount;
        cleanUp = await startUpdate(csms, requestId, server.url, fw);
        const next = firmwareStatuses(csms, requestId);
        await next('Downloading');
        const downloaded = await next('Downloaded', profile.timing.rebootTimeoutMs);
        if (server.downloads() === 0) throw new Verdict('the charge point reported Downloaded, but it never fetched the firmware from its location', 'L01.FR.01');
        if (invalid) {
          const mark = csms.received.length;
          await next('InvalidSignature');
          await csms.expectCall('SecurityEventNotification', { after: downloaded, where: { type: 'InvalidFirmwareSignature' } }).catch((err: Error) => {
            throw err instanceof Verdict ? new Verdict(`a firmware with an invalid signature must be reported as security event InvalidFirmwareSignature: ${err.message}`, 'L01.FR.03') : err;
          });
          // Expected result: the firmware is rejected, so nothing of an installation follows.
          const installed = await csms.firstUnwanted((c) => c.action === 'BootNotification' || (c.action === 'SignedFirmwareStatusNotification'
            && ['SignatureVerified', 'Installing', 'InstallRebooting', 'Installed'].includes(String(c.payload.status))), profile.timing.quietMs, mark);
          if (installed) throw new Verdict(`a firmware with an invalid signature must not be installed, but the charge point sent ${installed.action} ${JSON.stringify(installed.payload)}`, 'L01.FR.03');
          return;
        }
        await next('SignatureVerified');
        // Before installing it may set its connectors Unavailable; installing waits for no transaction here.
        const installing = await next('Installing', profile.timing.rebootTimeoutMs);
        // Steps 11-17 may come in any order: the reboot, every connector Available after it, and Installed.
        const boot = await csms.waitForReboot(installing, connections);
        if (boot.connection <= connections) throw new Verdict('installing the firmware must restart the charge point: its BootNotification came on the old connection');
        await expectConnectorReports(csms, boot, () => ['Available']);
        await next('Installed', profile.timing.rebootTimeoutMs);
      } finally {
        await server.close();
        await cleanUp();
      }
    },
  });
}

/** Own (L01.FR.02/24): a signing certificate no manufacturer root issued is answered InvalidCertificate and reported. */
export function untrustedSigningCertificateCs() {
  return testCase<CsTestCase>({
    useCase: 'L01', variant: 'invalid-certificate', ocpp: '1.6', sut: 'CS', profile: 'security', needs: NEEDS,
    title: 'A firmware signing certificate from an unknown manufacturer is refused (InvalidCertificate) and reported as a security event',
    killedBy: [FW.acceptsUnknownSigningCert],
    async run({ csms, profile }) {
      await csms.booted();
      const fw = await signedFirmware({ untrustedCertificate: true });
      const since = Date.now();
      const mark = csms.received.length;
      // Nobody serves this location: a charger that wrongly accepts fails on its answer, not on the download.
      const answer = await csms.call('SignedUpdateFirmware', updatePayload(82, 'http://127.0.0.1:9/firmware/untrusted.bin', fw));
      if (answer.status !== 'InvalidCertificate') throw new Verdict(`a signing certificate no manufacturer root issued must be answered InvalidCertificate, got ${String(answer.status)}`, 'L01.FR.24');
      await csms.expectCall('SecurityEventNotification', { after: since, where: { type: 'InvalidFirmwareSigningCertificate' } }).catch((err: Error) => {
        throw err instanceof Verdict ? new Verdict(`the refused signing certificate must be reported as security event InvalidFirmwareSigningCertificate: ${err.message}`, 'L01.FR.02') : err;
      });
      const started = await csms.firstUnwanted((c) => c.action === 'SignedFirmwareStatusNotification' && c.payload.requestId === 82, profile.timing.quietMs, mark);
      if (started) throw new Verdict(`after InvalidCertificate the update must be aborted, but the charge point reported ${String(started.payload.status)}`, 'L01.FR.24');
    },
  });
}

/** Own (L01.FR.20): the unsigned 1.6 UpdateFirmware is answered CALLERROR NotSupported and starts nothing. */
export function unsignedUpdateRefusedCs() {
  return testCase<CsTestCase>({
    useCase: 'L01', variant: 'unsigned-update', ocpp: '1.6', sut: 'CS', profile: 'security', needs: NEEDS,
    title: 'A charge point with the secure firmware update answers the unsigned UpdateFirmware with NotSupported',
    killedBy: [FW.acceptsUnsignedUpdate],
    async run({ csms, profile }) {
      await csms.booted();
      const mark = csms.received.length;
      const error = await csms.callExpectingError('UpdateFirmware', { location: 'http://127.0.0.1:9/firmware/unsigned.bin', retrieveDate: new Date().toISOString() })
        .catch((err: Error) => { throw err instanceof Verdict ? new Verdict(err.message, 'L01.FR.20') : err; });
      if (error.code !== 'NotSupported') throw new Verdict(`UpdateFirmware must be answered with CALLERROR NotSupported, got ${error.code}`, 'L01.FR.20');
      const started = await csms.firstUnwanted((c) => c.action === 'FirmwareStatusNotification', profile.timing.quietMs, mark);
      if (started) throw new Verdict(`the unsigned update must not start the firmware update process, but the charge point reported ${String(started.payload.status)}`, 'L01.FR.20');
    },
  });
}

// ---- CSMS under test --------------------------------------------------------------------------------------------

/** Whether two PEM texts carry the same certificate (whitespace and line breaks aside). */
const samePem = (a: unknown, b: string) => typeof a === 'string' && a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

async function eachConnector(station: StationHarness, status: string): Promise<void> {
  for (const evse of station.profile.evses) for (let c = 1; c <= evse.connectors; c++) await station.call('StatusNotification', station.statusPayload(evse.id, c, status));
}

/**
 * TC_080_CSMS / TC_081_CSMS: the operator starts a signed update with the configured location, signature and signing
 * certificate; the CSMS must send them unchanged in SignedUpdateFirmware (L01.FR.11) and answer every report of
 * the harness station: StatusNotifications, the SignedFirmwareStatusNotifications, the reboot's BootNotification and
 * the security event (FirmwareUpdated, or InvalidFirmwareSignature for an invalid signature).
 */
export function secureFirmwareUpdateCsms(kind: 'valid' | 'invalid-signature', octt: OcttClaim[]) {
  const invalid = kind === 'invalid-signature';
  return testCase<CsmsTestCase>({
    useCase: 'L01', ...(invalid ? { variant: 'invalid-signature' } : {}), ocpp: '1.6', sut: 'CSMS', octt, profile: 'security', needs: NEEDS,
    actions: ['signedUpdateFirmware'],
    title: invalid ? 'The CSMS sends the configured (invalid) signature and takes the charge point\'s InvalidSignature report and security event'
      : 'The CSMS sends a signed firmware update with its signing certificate and takes every status report through the reboot',
    killedBy: invalid ? [FWF.signatureReencoded, FWF.statusNotSupported, FWF.unsignedUpdate, SECF.noSecurityEvents]
      : [FWF.noSigningCertificate, FWF.signatureReencoded, FWF.statusNotSupported, FWF.unsignedUpdate],
    async run({ station, sut, profile }) {
      await station.booted();
      const fw = await signedFirmware({ invalidSignature: invalid });
      // The configured download location: the harness station reports the download without fetching anything.
      const location = `http://127.0.0.1:9/firmware/ocpp-conformance-${invalid ? 81 : 80}.bin`;
      station.answer('SignedUpdateFirmware', { status: 'Accepted' });
      const acting = sut.act('signedUpdateFirmware', { stationId: profile.stationId, location, signature: fw.signature, signingCertificate: fw.signingCertificate });
      acting.catch(() => undefined);
      const req = await station.expectCall('SignedUpdateFirmware').catch((err: Error) => {
        const unsigned = station.lastCall('UpdateFirmware');
        throw unsigned ? new Verdict('the CSMS sent the unsigned UpdateFirmware; a charge point with the secure firmware update takes only SignedUpdateFirmware', 'L01.FR.20') : err;
      });
      await acting;
      const firmware = (req.payload.firmware ?? {}) as Payload;
      if (firmware.location !== location) throw new Verdict(`SignedUpdateFirmware must carry the configured location ${location}, it carries ${String(firmware.location)}`);
      if (firmware.signature !== fw.signature) throw new Verdict(`SignedUpdateFirmware must carry the configured signature, it carries ${JSON.stringify(firmware.signature)}`);
      if (!samePem(firmware.signingCertificate, fw.signingCertificate)) throw new Verdict('SignedUpdateFirmware must carry the configured firmware signing certificate', 'L01.FR.11');
      const requestId = Number(req.payload.requestId);
      const notify = (status: string) => station.call('SignedFirmwareStatusNotification', { status, requestId });
      if (invalid) {
        for (const status of ['Downloading', 'Downloaded', 'InvalidSignature']) await notify(status);
        await station.call('SecurityEventNotification', { type: 'InvalidFirmwareSignature', timestamp: station.now() });
        return;
      }
      await eachConnector(station, 'Unavailable');
      for (const status of ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallRebooting']) await notify(status);
      // The reboot into the new firmware: a new connection and a new boot.
      await station.close();
      await station.connect();
      const boot = await station.call('BootNotification', station.bootPayload());
      if (boot.status !== 'Accepted') throw new Inconclusive(`the CSMS answered the BootNotification after the firmware reboot ${String(boot.status)}, so the rest of the update cannot be reported`);
      await station.call('SecurityEventNotification', { type: 'FirmwareUpdated', timestamp: station.now() });
      await eachConnector(station, 'Available');
      await notify('Installed');
    },
  });
}

// ---- Plain firmware update of the Firmware Management profile (L02): TC_044_1..3, both roles --------------------

/** A charge point without the white paper's secure update: a station that has it must refuse UpdateFirmware (L01.FR.20). */
const PLAIN_NEEDS = { needs: ['1.6:FirmwareManagement'], needsAbsent: ['secure-firmware-update'] };

/**
 * The charge point's FirmwareStatusNotifications since `mark`, one after the other: `next(expected)` takes the next
 * one and fails unless its status is one of `expected` (the Update Firmware sequence: Downloading, Downloaded or
 * DownloadFailed, Installing, Installed or InstallationFailed).
 */
function plainFirmwareStatuses(csms: CsmsHarness, mark: number) {
  let previous: ReceivedCall | number = mark;
  return async (expected: string[], within = csms.profile.timing.callTimeoutMs): Promise<ReceivedCall> => {
    const before = typeof previous === 'number' ? 'the UpdateFirmware' : String(previous.payload.status);
    const call = await csms.expectCall('FirmwareStatusNotification', { after: previous, within }).catch((err: Error) => {
      throw err instanceof Verdict ? new Verdict(`after ${before} the charge point must report ${expected.join(' or ')} (FirmwareStatusNotification): ${err.message}`) : err;
    });
    previous = call;
    const status = String(call.payload.status);
    if (!expected.includes(status)) throw new Verdict(`after ${before} the charge point must report ${expected.join(' or ')}, it reported ${status}`);
    return call;
  };
}

/**
 * Every connector the charge point reported Unavailable since `mark` must be reported Available again (TC_044_2/3:
 * after a failed update the charge point is available again with its old firmware).
 */
async function expectAvailableAgain(csms: CsmsHarness, mark: number): Promise<void> {
  const since = csms.received.slice(mark);
  const connectors = new Set(since.filter((c) => c.action === 'StatusNotification' && c.payload.status === 'Unavailable').map((c) => Number(c.payload.connectorId)));
  for (const connectorId of connectors) {
    const last = since.filter((c) => c.action === 'StatusNotification' && c.payload.connectorId === connectorId && c.payload.status === 'Unavailable').at(-1)!;
    await csms.expectCall('StatusNotification', { after: last, where: { connectorId, status: 'Available' } }).catch((err: Error) => {
      throw err instanceof Verdict ? new Verdict(`connector ${connectorId}, set Unavailable for the firmware update, must be Available again after the update failed: ${err.message}`) : err;
    });
  }
}

/** The firmware the charger under test gets: the profile's image, or the harness's test image (only the reference installs it). */
export async function firmwareImage(profile: SutProfile): Promise<{ bytes: Buffer; configured: boolean }> {
  const path = profile.firmware?.image;
  return path ? { bytes: await readFile(path), configured: true } : { bytes: testFirmwareImage(), configured: false };
}

/**
 * TC_044_1_CS: the firmware is downloaded (Downloading, Downloaded: fetched from the harness), installed (Installing),
 * and then, in any order, the reboot with every connector Available and Installed. A charge point that reports
 * Installed and waits for the Central System to reboot it (Update Firmware, manual reboot) gets Reset Hard.
 */
export function plainFirmwareUpdateCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'L02', ocpp: '1.6', sut: 'CS', octt, profile: 'firmware-management', ...PLAIN_NEEDS,
    title: 'UpdateFirmware: the firmware is downloaded, installed and the charge point comes back Available, each state reported in order',
    killedBy: [PFW.skipsDownloaded, PFW.notDownloaded],
    async run({ csms, profile }) {
      await csms.booted();
      await requireHttpTransfers(csms);
      const image = await firmwareImage(profile);
      const server = await firmwareServer(harnessHost(csms), image.bytes);
      try {
        const connections = csms.connectionCount;
        const mark = csms.received.length;
        await csms.call('UpdateFirmware', { location: server.url, retrieveDate: new Date().toISOString(), retries: 1, retryInterval: 5 });
        const next = plainFirmwareStatuses(csms, mark);
        await next(['Downloading'], profile.timing.rebootTimeoutMs);
        await next(['Downloaded'], profile.timing.rebootTimeoutMs);
        if (server.downloads() === 0) throw new Verdict('the charge point reported Downloaded, but it never fetched the firmware from its location');
        const installing = await next(['Installing', 'InstallationFailed'], profile.timing.rebootTimeoutMs);
        const notInstalled = () => image.configured
          ? new Verdict('the charge point failed to install the valid firmware the profile configures (firmware.image)')
          : new Inconclusive('the charge point did not install the harness\'s test firmware: configure a valid firmware for it as firmware.image in the profile');
        if (installing.payload.status === 'InstallationFailed') throw notInstalled();
        // Steps 9-13 in any order: the reboot with every connector Available, and Installed.
        const first = await csms.firstUnwanted((c) => c.action === 'BootNotification' || c.action === 'FirmwareStatusNotification', profile.timing.rebootTimeoutMs, installing);
        if (!first) throw new Verdict(`after Installing the charge point neither rebooted nor reported the installation's end within ${profile.timing.rebootTimeoutMs} ms`);
        let boot: ReceivedCall;
        if (first.action === 'BootNotification') {
          boot = await csms.waitForReboot(installing, connections);
          await expectConnectorReports(csms, boot, () => ['Available']);
          const done = await next(['Installed', 'InstallationFailed'], profile.timing.rebootTimeoutMs);
          if (done.payload.status !== 'Installed') throw notInstalled();
          return;
        }
        const done = await next(['Installed', 'InstallationFailed'], profile.timing.rebootTimeoutMs);
        if (done.payload.status !== 'Installed') throw notInstalled();
        // Installed before the reboot: it reboots by itself, or waits to be reset (the manual reboot of Update Firmware).
        const own = await csms.expectCall('BootNotification', { after: done, within: profile.timing.callTimeoutMs }).catch(() => undefined);
        if (!own) await csms.call('Reset', { type: 'Hard' }).catch(() => undefined);
        boot = own ?? await csms.waitForReboot(done, connections);
        await expectConnectorReports(csms, boot, () => ['Available']);
      } finally {
        await server.close();
      }
    },
  });
}

/**
 * TC_044_2_CS: the location serves nothing (retries 0): Downloading (optional, the download may fail at once), then
 * DownloadFailed; nothing is installed and connectors set Unavailable are Available again.
 */
export function plainFirmwareDownloadFailedCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'L02', variant: 'download-failed', ocpp: '1.6', sut: 'CS', octt, profile: 'firmware-management', ...PLAIN_NEEDS,
    title: 'UpdateFirmware from a location that serves nothing: DownloadFailed, nothing installed, the charge point Available again',
    killedBy: [PFW.noDownloadFailed],
    async run({ csms, profile }) {
      await csms.booted();
      await requireHttpTransfers(csms);
      const server = await firmwareServer(harnessHost(csms), undefined, 'download_fail.fwi');
      try {
        const mark = csms.received.length;
        await csms.call('UpdateFirmware', { location: server.url, retrieveDate: new Date().toISOString(), retries: 0 });
        const next = plainFirmwareStatuses(csms, mark);
        const first = await next(['Downloading', 'DownloadFailed'], profile.timing.rebootTimeoutMs);
        const failed = first.payload.status === 'DownloadFailed' ? first : await next(['DownloadFailed'], profile.timing.rebootTimeoutMs);
        const installed = await csms.firstUnwanted((c) => c.action === 'FirmwareStatusNotification' && ['Downloaded', 'Installing', 'Installed'].includes(String(c.payload.status)), profile.timing.quietMs, failed);
        if (installed) throw new Verdict(`after DownloadFailed the old firmware stays, but the charge point reported ${String(installed.payload.status)}`);
        await expectAvailableAgain(csms, mark);
      } finally {
        await server.close();
      }
    },
  });
}

/**
 * TC_044_3_CS: the location serves a file that is no firmware: Downloading, Downloaded, Installing (optional: the
 * installation may fail at once), InstallationFailed; an optional reboot in between with every connector reported;
 * in the end every connector Available.
 */
export function plainFirmwareInstallationFailedCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'L02', variant: 'installation-failed', ocpp: '1.6', sut: 'CS', octt, profile: 'firmware-management', ...PLAIN_NEEDS,
    title: 'UpdateFirmware with a file that is no firmware: downloaded, its installation fails (InstallationFailed), the charge point Available again',
    killedBy: [PFW.installsUnsupported, PFW.unavailableAfterFailure, PFW.skipsDownloaded],
    async run({ csms, profile }) {
      await csms.booted();
      await requireHttpTransfers(csms);
      const server = await firmwareServer(harnessHost(csms), unsupportedFirmwareFile(), 'not-a-firmware.bin');
      try {
        const mark = csms.received.length;
        await csms.call('UpdateFirmware', { location: server.url, retrieveDate: new Date().toISOString(), retries: 1, retryInterval: 5 });
        const next = plainFirmwareStatuses(csms, mark);
        await next(['Downloading'], profile.timing.rebootTimeoutMs);
        await next(['Downloaded'], profile.timing.rebootTimeoutMs);
        if (server.downloads() === 0) throw new Verdict('the charge point reported Downloaded, but it never fetched the file from its location');
        const installing = await next(['Installing', 'InstallationFailed'], profile.timing.rebootTimeoutMs);
        if (installing.payload.status === 'Installing') await next(['InstallationFailed'], profile.timing.rebootTimeoutMs);
        // Steps 9-13 in any order: after an (optional) reboot every connector is reported, Available.
        const boot = csms.received.slice(mark).find((c) => c.action === 'BootNotification');
        if (boot) await expectConnectorReports(csms, boot, () => ['Available']);
        else await expectAvailableAgain(csms, mark);
      } finally {
        await server.close();
      }
    },
  });
}

/** What the harness station sends in a CSMS test: a FirmwareStatusNotification the CSMS must answer. */
async function reportFirmware(station: StationHarness, status: string): Promise<void> {
  await station.call('FirmwareStatusNotification', { status });
}

/**
 * TC_044_1..3_CSMS: the operator starts a firmware update with the configured location; the CSMS must send it in
 * UpdateFirmware and answer every report of the harness station: FirmwareStatusNotifications, StatusNotifications
 * and, installing, the reboot's BootNotification.
 */
export function plainFirmwareUpdateCsms(kind: 'installed' | 'download-failed' | 'installation-failed', octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'L02', ...(kind === 'installed' ? {} : { variant: kind }), ocpp: '1.6', sut: 'CSMS', octt, profile: 'firmware-management',
    needs: ['1.6:FirmwareManagement'], actions: ['updateFirmware'],
    title: kind === 'installed' ? 'The CSMS sends UpdateFirmware with the configured location and takes every report through the installation and reboot'
      : kind === 'download-failed' ? 'The CSMS sends UpdateFirmware and takes the charge point\'s DownloadFailed report'
        : 'The CSMS sends UpdateFirmware and takes every report through a failed installation and reboot',
    killedBy: [TRCF.noFirmwareStatus, ...(kind === 'installed' ? [FWF.wrongLocation] : [])],
    async run({ station, sut, profile }) {
      await station.booted();
      // The configured download location: the harness station reports the download without fetching anything.
      const location = `http://127.0.0.1:9/firmware/ocpp-conformance-044-${kind}.bin`;
      const acting = sut.act('updateFirmware', { stationId: profile.stationId, location });
      acting.catch(() => undefined);
      const req = await station.expectCall('UpdateFirmware');
      await acting;
      // TC_044_1 step 1 (the other two check nothing there): the location is the configured one.
      if (kind === 'installed' && req.payload.location !== location) throw new Verdict(`UpdateFirmware must carry the configured location ${location}, it carries ${String(req.payload.location)}`);
      await reportFirmware(station, 'Downloading');
      if (kind === 'download-failed') return void await reportFirmware(station, 'DownloadFailed');
      await reportFirmware(station, 'Downloaded');
      await eachConnector(station, 'Unavailable');
      await reportFirmware(station, 'Installing');
      await station.close();
      await station.connect();
      const boot = await station.call('BootNotification', station.bootPayload());
      if (boot.status !== 'Accepted') throw new Inconclusive(`the CSMS answered the BootNotification after the firmware reboot ${String(boot.status)}, so the rest of the update cannot be reported`);
      await eachConnector(station, 'Available');
      await reportFirmware(station, kind === 'installed' ? 'Installed' : 'InstallationFailed');
    },
  });
}

/**
 * Own (UpdateFirmware retries, retryInterval): a location whose every download attempt fails at the network: the
 * charge point must try `retries` times (retryInterval apart at least) before it reports DownloadFailed.
 */
export function plainFirmwareRetriesCs() {
  return testCase<CsTestCase>({
    useCase: 'L02', variant: 'download-retries', ocpp: '1.6', sut: 'CS', profile: 'firmware-management', ...PLAIN_NEEDS,
    title: 'UpdateFirmware with retries: a failing download is tried that many times, retryInterval apart, before DownloadFailed',
    killedBy: [PFW.noRetries],
    async run({ csms, profile }) {
      await csms.booted();
      await requireHttpTransfers(csms);
      const server = await resettingServer(harnessHost(csms), '/firmware/unreachable.bin');
      const retries = 2;
      const retryInterval = 2;
      try {
        const mark = csms.received.length;
        await csms.call('UpdateFirmware', { location: server.url, retrieveDate: new Date().toISOString(), retries, retryInterval });
        const next = plainFirmwareStatuses(csms, mark);
        const first = await next(['Downloading', 'DownloadFailed'], profile.timing.rebootTimeoutMs);
        if (first.payload.status === 'Downloading') await next(['DownloadFailed'], profile.timing.rebootTimeoutMs);
        const problem = checkRetries(server.attempts, retries, retryInterval, profile.timing.toleranceMs, 'download');
        if (problem) throw new Verdict(problem);
      } finally {
        await server.close();
      }
    },
  });
}
