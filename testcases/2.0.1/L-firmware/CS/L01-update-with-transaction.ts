// 2.0.1 L01 secure firmware update while a transaction is ongoing, charging station as SUT: TC_L_14_CS and
// TC_L_15_CS (a station that downloads during a transaction, AQ-7, and installs only once none runs, NOT C-43);
// TC_L_12_CS and TC_L_13_CS (a station that neither downloads nor installs while charging: NOT AQ-7, NOT C-43).
import { testCase, partial, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import { NotApplicable } from '../../../../src/harness/verdicts.js';
import { signedFirmware } from '../../../../src/security/firmware-signing.js';
import { FW201 } from '../../../../src/reference/station/firmware201.js';
import { firmwareServer, harnessHost } from '../../../shared/file-servers.js';
import { firmwareImage } from '../../../shared/firmware-steps.js';
import { expectInstalled, firmwareStatuses201, startUpdate201, updateFirmwarePayload } from '../../../shared/firmware201-steps.js';
import { charging, chargeByRemoteStart, endAfterStop, requireSetting, setIfWritable, stopRemotely, type Charging } from '../../../shared/session-states.js';
import type { SettingName } from '../../../shared/settings.js';

const ALLOW_NEW_SESSIONS: SettingName = { v16: '', component: 'ChargingStation', variable: 'AllowNewSessionsPendingFirmwareUpdate' };

/** Ends the transaction as Part 6 StopAuthorized + EVDisconnected (+ ParkingBayUnoccupied where TxStopPoint needs it); returns its Ended event. */
async function endTransaction(ctx: Parameters<CsTestCase['run']>[0], c: Charging): Promise<ReceivedCall> {
  const { ended, unplugged } = await endAfterStop(ctx, c, await stopRemotely(ctx, c));
  // ParkingBayUnoccupied: the EV is gone in any case, so the connectors come back Available.
  if (!unplugged) await ctx.sut.act('unplug', { evse: c.evseId });
  return ended;
}

function installWithTransaction(allowNew: boolean) {
  const octt = allowNew ? 'TC_L_14_CS' : 'TC_L_15_CS';
  return testCase<CsTestCase>({
    useCase: 'L01', variant: allowNew ? 'transaction-new-sessions' : 'transaction', ocpp: '2.0.1', sut: 'CS', profile: 'core',
    needs: allowNew ? ['AQ-7', 'C-20'] : ['AQ-7'], needsAbsent: ['C-43'], actions: ['plugIn', 'unplug'],
    octt: [partial(octt, `the transaction${allowNew ? 's end' : ' ends'} by a remote stop and unplugging (ParkingBayUnoccupied where TxStopPoint has it); the firmware is served over HTTP and signed by the harness's test CA`)],
    title: allowNew ? 'An update during a transaction with new sessions allowed: another EVSE starts a transaction, the installation waits for both to end'
      : 'An update during a transaction: downloaded and verified, idle connectors Unavailable, installed only after the transaction ended',
    killedBy: allowNew ? [FW201.installsDuringTransaction] : [FW201.installsDuringTransaction, FW201.idleConnectorsStayAvailable],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const second = profile.evses[1];
      if (allowNew && !second) throw new NotApplicable('TC_L_14 needs a second EVSE for a second transaction (HFS-8 > 1)');
      await requireSetting(csms, '2.0.1', ALLOW_NEW_SESSIONS, String(allowNew), { readOnlyAllowed: 'the variable may be read-only' });
      const first = await charging(ctx, profile.evses[0]!.id);
      const fw = await signedFirmware({ image: (await firmwareImage(profile)).bytes });
      const server = await firmwareServer(harnessHost(csms), fw.bytes);
      const requestId = allowNew ? 214 : 215;
      const since = Date.now();
      const mark = csms.received.length;
      const connections = csms.connectionCount;
      const { cleanUp } = await startUpdate201(csms, updateFirmwarePayload(requestId, server.url, fw));
      try {
        const next = firmwareStatuses201(csms, requestId, since);
        await next(['Downloading']);
        await next(['Downloaded']);
        await next(['SignatureVerified']);
        const step9 = await next(['InstallScheduled', 'Installing']);
        const installingEarly = step9.payload.status === 'Installing' ? step9 : undefined;
        const transactions = [first];
        if (allowNew) {
          // Step 11: new sessions are allowed while the update waits.
          transactions.push(await chargeByRemoteStart(ctx, second!.id));
        } else {
          // Step 11: every idle connector is set Unavailable (L01.FR.07).
          for (const evse of profile.evses.slice(1)) {
            for (let c = 1; c <= evse.connectors; c++) {
              await csms.expectCall('StatusNotification', { after: step9.at - 1, where: { evseId: evse.id, connectorId: c, connectorStatus: 'Unavailable' } }).catch((err: Error) => {
                throw err instanceof Verdict ? new Verdict(`with AllowNewSessionsPendingFirmwareUpdate false the idle connector ${evse.id}/${c} must be set Unavailable while the update waits for the transaction: ${err.message}`, 'L01.FR.07') : err;
              });
            }
          }
        }
        // Nothing of an activation while a transaction runs (L01.FR.06).
        const quiet = await csms.firstUnwanted((c) => c.action === 'BootNotification' || (c.action === 'FirmwareStatusNotification'
          && ['InstallRebooting', 'Installed', ...(installingEarly ? [] : ['Installing'])].includes(String(c.payload.status))), profile.timing.quietMs, step9);
        if (quiet) throw new Verdict(`the firmware must not be installed or activated while a transaction is ongoing, but the charging station sent ${quiet.action} ${JSON.stringify(quiet.payload)}`, 'L01.FR.06');
        let ended: ReceivedCall | undefined;
        for (const c of transactions) ended = await endTransaction(ctx, c);
        const installing = installingEarly ?? await next(['Installing', 'InstallRebooting']);
        if (!installingEarly && installing.at < ended!.at) throw new Verdict('the installation must wait for the transactions to end', 'L01.FR.06');
        await expectInstalled(csms, installing, connections, mark, next);
      } finally {
        await server.close();
        await cleanUp();
      }
    },
  });
}

export const installAfterTransaction = installWithTransaction(false);
export const installAfterTransactionsNewSessions = installWithTransaction(true);

/** Step 5 of TC_L_13 / 11 of TC_L_15: every connector of the idle EVSEs set Unavailable since `after` (L01.FR.07). */
async function expectIdleUnavailable(csms: Parameters<CsTestCase['run']>[0]['csms'], evses: { id: number; connectors: number }[], after: number) {
  for (const evse of evses) {
    for (let c = 1; c <= evse.connectors; c++) {
      await csms.expectCall('StatusNotification', { after, where: { evseId: evse.id, connectorId: c, connectorStatus: 'Unavailable' } }).catch((err: Error) => {
        throw err instanceof Verdict ? new Verdict(`with AllowNewSessionsPendingFirmwareUpdate false the idle connector ${evse.id}/${c} must be set Unavailable while the update waits for the transaction: ${err.message}`, 'L01.FR.07') : err;
      });
    }
  }
}

function downloadAfterTransaction(allowNew: boolean) {
  const octt = allowNew ? 'TC_L_12_CS' : 'TC_L_13_CS';
  return testCase<CsTestCase>({
    useCase: 'L01', variant: allowNew ? 'download-after-transactions-new-sessions' : 'download-after-transaction', ocpp: '2.0.1', sut: 'CS', profile: 'core',
    ...(allowNew ? { needs: ['C-20'] } : {}), needsAbsent: ['C-43', 'AQ-7'], actions: ['plugIn', 'unplug'],
    octt: [partial(octt, `the transaction${allowNew ? 's end' : ' ends'} by a remote stop and unplugging (ParkingBayUnoccupied where TxStopPoint has it); the firmware is served over HTTP and signed by the harness's test CA`)],
    title: allowNew ? 'An update during a transaction with new sessions allowed: another EVSE starts one, download and installation wait for both to end'
      : 'An update during a transaction: idle connectors Unavailable, the firmware downloaded and installed only after the transaction ended',
    killedBy: allowNew ? [FW201.installsDuringTransaction] : [FW201.installsDuringTransaction, FW201.idleConnectorsStayAvailable],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const second = profile.evses[1];
      if (allowNew && !second) throw new NotApplicable('TC_L_12 needs a second EVSE for a second transaction (HFS-8 > 1)');
      if (allowNew) await requireSetting(csms, '2.0.1', ALLOW_NEW_SESSIONS, 'true', { readOnlyAllowed: 'the variable may be read-only' });
      else await setIfWritable(csms, '2.0.1', ALLOW_NEW_SESSIONS, 'false');
      const first = await charging(ctx, profile.evses[0]!.id);
      const fw = await signedFirmware({ image: (await firmwareImage(profile)).bytes });
      const server = await firmwareServer(harnessHost(csms), fw.bytes);
      const requestId = allowNew ? 212 : 213;
      const since = Date.now();
      const mark = csms.received.length;
      const connections = csms.connectionCount;
      const { cleanUp } = await startUpdate201(csms, updateFirmwarePayload(requestId, server.url, fw));
      try {
        const transactions = [first];
        if (allowNew) transactions.push(await chargeByRemoteStart(ctx, second!.id));
        else await expectIdleUnavailable(csms, profile.evses.slice(1), since);
        // Nothing of an installation while a transaction runs (L01.FR.06).
        const quiet = await csms.firstUnwanted((c) => c.action === 'BootNotification' || (c.action === 'FirmwareStatusNotification'
          && ['Installing', 'InstallRebooting', 'Installed'].includes(String(c.payload.status))), profile.timing.quietMs, mark);
        if (quiet) throw new Verdict(`the firmware must not be installed while a transaction is ongoing, but the charging station sent ${quiet.action} ${JSON.stringify(quiet.payload)}`, 'L01.FR.06');
        let ended: ReceivedCall | undefined;
        for (const c of transactions) ended = await endTransaction(ctx, c);
        const next = firmwareStatuses201(csms, requestId, since);
        await next(['Downloading'], { optional: ['DownloadScheduled'] });
        await next(['Downloaded']);
        await next(['SignatureVerified']);
        const installing = await next(['Installing', 'InstallRebooting'], { optional: ['InstallScheduled'] });
        if (installing.at < ended!.at) throw new Verdict('the installation must wait for the transactions to end', 'L01.FR.06');
        await expectInstalled(csms, installing, connections, mark, next);
      } finally {
        await server.close();
        await cleanUp();
      }
    },
  });
}

export const downloadAfterTransactionEnded = downloadAfterTransaction(false);
export const downloadAfterTransactionsNewSessions = downloadAfterTransaction(true);

/**
 * TC_L_16_CS (C-43): during a transaction the firmware is downloaded, verified and installed; the station at least
 * reconnects (the protocol handshake), then reports Installed and the security event FirmwareUpdated.
 */
export const installDuringTransaction = testCase<CsTestCase>({
  useCase: 'L01', variant: 'install-during-transaction', ocpp: '2.0.1', sut: 'CS', profile: 'core', needs: ['C-43'], actions: ['plugIn'],
  octt: [partial('TC_L_16_CS', 'the firmware is served over HTTP and signed by the harness\'s test CA')],
  title: 'A station that installs firmware while charging: downloaded, verified, Installing, a reconnect, Installed and FirmwareUpdated during the transaction',
  killedBy: [FW201.noFirmwareUpdatedEvent, FW201.wrongRequestId],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    await charging(ctx, profile.evses[0]!.id);
    const fw = await signedFirmware({ image: (await firmwareImage(profile)).bytes });
    const server = await firmwareServer(harnessHost(csms), fw.bytes);
    const since = Date.now();
    const { cleanUp } = await startUpdate201(csms, updateFirmwarePayload(226, server.url, fw));
    try {
      const next = firmwareStatuses201(csms, 226, since);
      await next(['Downloading']);
      await next(['Downloaded']);
      await next(['SignatureVerified']);
      const connections = csms.connectionCount;
      const installing = await next(['Installing'], { optional: ['InstallScheduled'] });
      // Step 11: the station reconnects to re-establish the protocol handshake.
      await csms.waitForConnection(profile.timing.rebootTimeoutMs, connections);
      await next(['Installed'], { optional: ['InstallRebooting'] });
      await csms.expectCall('SecurityEventNotification', { after: installing, where: { type: 'FirmwareUpdated' } }).catch((err: Error) => {
        throw err instanceof Verdict ? new Verdict(`a firmware update must be reported as security event FirmwareUpdated: ${err.message}`, 'L01') : err;
      });
    } finally {
      await server.close();
      await cleanUp();
    }
  },
});
