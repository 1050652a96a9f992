// B04 Offline behaviour of an idle charging station (2.0.1) and the 1.6 rule for status after an offline period
// (1.6 section 4.9): the CSMS drops the connection, a connector changes while the station is offline, the station
// reconnects and reports what the CSMS has missed.
import { testCase, type CsContext, type CsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { establishSetting } from './settings.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';

/** 2.0.1: set the OCPPCommCtrlr variables of the preparation; all are required, so a refusal fails (settings.ts). */
async function setCommVariables({ csms }: CsContext, values: Record<string, number>): Promise<void> {
  for (const [variable, value] of Object.entries(values)) {
    await establishSetting(csms, '2.0.1', { v16: '', component: 'OCPPCommCtrlr', variable }, String(value));
  }
}

/**
 * Drop the connection, plug a cable in at the first EVSE while offline, wait for the reconnection; returns when it
 * came, after how long, and the connection count before.
 */
async function changeWhileOffline({ csms, sut, profile }: CsContext, offlineWaitMs: number) {
  const evseId = profile.evses[0]!.id;
  const before = csms.connectionCount;
  const droppedAt = performance.now();
  csms.dropConnection();
  // The cable goes in once our side of the link is gone, so the change happens while the station is offline.
  await csms.waitForDisconnect(profile.timing.callTimeoutMs);
  await sut.act('plugIn', { evse: evseId });
  await csms.waitForConnection(offlineWaitMs + profile.timing.bootTimeoutMs, before)
    .catch((err: Error) => { throw new Verdict(`after the CSMS dropped the connection the station must reconnect: ${err.message}`); });
  return { evseId, before, droppedAt, reconnectedAt: performance.now() };
}

/** The changed connector is reported, with its current status, on the new connection. */
async function expectChangedReported({ csms, profile }: CsContext, ocpp: OcppVersion, evseId: number, before: number): Promise<ReceivedCall> {
  const where = ocpp === '1.6' ? { connectorId: evseId, status: 'Preparing' } : { evseId, connectorId: 1, connectorStatus: 'Occupied' };
  const call = await csms.expectCall('StatusNotification', { where, within: profile.timing.callTimeoutMs })
    .catch((err: Error) => { throw new Verdict(`after reconnecting the station must report the connector that changed while offline: ${err.message}`); });
  if (call.connection <= before) throw new Verdict('the plug-in was reported on the dropped connection, not after reconnecting: the test could not take the station offline');
  return call;
}

/** 2.0.1 TC_B_52 / 1.6: offline shorter than the threshold; the changed connector is reported after reconnecting. */
export function offlineStatusChangeCs(ocpp: OcppVersion, octt: OcttClaim[]) {
  const v201 = ocpp === '2.0.1';
  return testCase<CsTestCase>({
    useCase: 'B04', variant: 'status-change', ocpp, sut: 'CS', octt, actions: ['plugIn'],
    title: v201
      ? 'Connection lost, cable plugged in while offline (shorter than OfflineThreshold): the station reconnects after RetryBackOffWaitMinimum and reports the connector Occupied'
      : 'Connection lost, cable plugged in while offline: the Charge Point reconnects and reports the connector Preparing',
    killedBy: v201 ? ['cs.no-reconnect', 'cs.reconnect-without-status', 'cs.reconnect-ignores-backoff'] : ['cs.no-reconnect', 'cs.reconnect-without-status'],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const waitMinS = 1;
      if (v201) {
        await setCommVariables(ctx, { OfflineThreshold: waitMinS + 2, RetryBackOffWaitMinimum: waitMinS, RetryBackOffRandomRange: 0 });
      }
      const { evseId, before, droppedAt, reconnectedAt } = await changeWhileOffline(ctx, waitMinS * 1000);
      if (v201 && reconnectedAt - droppedAt < waitMinS * 1000 - profile.timing.toleranceMs) {
        throw new Verdict(`RetryBackOffWaitMinimum is ${waitMinS} s, the station reconnected after ${Math.round(reconnectedAt - droppedAt)} ms`);
      }
      await expectChangedReported(ctx, ocpp, evseId, before);
    },
  });
}

/** 2.0.1 TC_B_51: offline longer than OfflineThreshold: every connector is reported, changed or not. */
export function offlineLongCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B04', variant: 'long-offline', ocpp: '2.0.1', sut: 'CS', octt, actions: ['plugIn'],
    title: 'Offline longer than OfflineThreshold: after reconnecting the station reports every connector (the changed one Occupied, the others Available)',
    killedBy: ['cs.reconnect-without-status', 'cs.reconnect-changed-only'],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const thresholdS = 1;
      const waitMinS = thresholdS + 1;
      await setCommVariables(ctx, { OfflineThreshold: thresholdS, RetryBackOffWaitMinimum: waitMinS, RetryBackOffRandomRange: 0 });
      const { evseId, before, droppedAt, reconnectedAt } = await changeWhileOffline(ctx, waitMinS * 1000);
      if (reconnectedAt - droppedAt <= thresholdS * 1000) {
        throw new Verdict(`the station reconnected after ${Math.round(reconnectedAt - droppedAt)} ms, within the OfflineThreshold (${thresholdS} s) although RetryBackOffWaitMinimum is ${waitMinS} s`);
      }
      await expectChangedReported(ctx, '2.0.1', evseId, before);
      for (const evse of profile.evses) {
        for (let c = 1; c <= evse.connectors; c++) {
          if (evse.id === evseId && c === 1) continue;
          const call = await csms.expectCall('StatusNotification', { where: { evseId: evse.id, connectorId: c }, within: profile.timing.callTimeoutMs })
            .catch((err: Error) => { throw new Verdict(`offline longer than OfflineThreshold, every connector must be reported: ${err.message}`); });
          if (call.connection <= before) throw new Verdict(`EVSE ${evse.id} connector ${c} was not reported after reconnecting`);
          if (call.payload.connectorStatus !== 'Available') throw new Verdict(`EVSE ${evse.id} connector ${c} is idle and must be reported Available, got ${String(call.payload.connectorStatus)}`);
        }
      }
    },
  });
}
