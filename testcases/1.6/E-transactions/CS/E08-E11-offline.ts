import { testCase, full } from '../../../../src/harness/test-case.js';
import { Inconclusive, Verdict } from '../../../../src/harness/verdicts.js';
import type { ReceivedCall } from '../../../../src/harness/peer.js';
import { establishSetting } from '../../../shared/settings.js';
import { brief, charging } from '../../../shared/session-states.js';
import { ALIGNED_INTERVAL, SAMPLE_INTERVAL } from '../../../shared/meter-value-settings.js';
import { checkIntervals, collectReadings, meterIntervalS } from '../../../shared/meter-value-steps.js';
import { expectOneOfStatuses, goOffline, goOnline, stayOffline } from '../../../shared/transaction16-steps.js';
import { MV } from '../../../../src/reference/station/meter-values.js';
import { TF } from '../../../../src/reference/station/transactions.js';

/**
 * TC_036: the connection is lost during a transaction with MeterValueSampleInterval set. The values sampled offline
 * are queued (transaction-related messages, 1.6 section 4.7 and 3.7) and delivered after reconnecting, in
 * chronological order and before any new value, none missing: the series from the last value before the loss on is
 * one interval apart throughout. The station stays offline 4.5 intervals, so at least three values are queued.
 */
export const connectionLoss = testCase({
  useCase: 'E11', ocpp: '1.6', sut: 'CS', title: 'Connection loss during a transaction: the sampled meter values are queued and delivered in order',
  octt: full('TC_036_CS'),
  actions: ['plugIn', 'disconnectNetwork', 'restoreNetwork'],
  killedBy: [MV.dropsQueued, MV.reordersQueued, MV.noTransactionId],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    const interval = meterIntervalS(profile);
    const tolerance = profile.timing.toleranceMs;
    await establishSetting(csms, '1.6', SAMPLE_INTERVAL, String(interval));
    await establishSetting(csms, '1.6', ALIGNED_INTERVAL, '0');
    const c = await charging(ctx, 1);
    const ofConnector = (m: ReceivedCall) => m.action === 'MeterValues' && Number(m.payload.connectorId) === c.evseId;
    const what = `MeterValues of transaction ${c.id}`;
    const [anchor] = await collectReadings(csms, ofConnector, 1, 2 * interval * 1000 + tolerance, c.last, `${what} before the connection loss`);
    const before = await goOffline(ctx);
    await stayOffline(ctx, 4.5 * interval * 1000);
    await goOnline(ctx, before);
    const afterReconnect = (m: ReceivedCall) => ofConnector(m) && m.connection > before;
    const later = await collectReadings(csms, afterReconnect, 4, 2 * interval * 1000 + tolerance, anchor!.call, `${what} after reconnecting`);
    const series = [anchor!, ...later];
    for (let i = 1; i < series.length; i++) {
      if (series[i]!.at < series[i - 1]!.at) {
        throw new Verdict(`${what}: queued values must be delivered in chronological order, before any new one; ${new Date(series[i]!.at).toISOString()} came after ${new Date(series[i - 1]!.at).toISOString()}`, 'OCPP 1.6 3.7');
      }
    }
    for (const r of later) {
      if (String(r.call.payload.transactionId) !== c.id) throw new Verdict(`${what}: queued values of the transaction must carry its transactionId ${c.id}, got ${brief(r.call)}`, 'OCPP 1.6 4.7');
    }
    checkIntervals(series, interval, tolerance, `${what} (from the last value before the loss, through the queued ones; a missing one shows as a gap)`);
  },
});

/**
 * TC_038: the driver stops the transaction (presents the same idTag) while the station is offline; after reconnecting
 * the queued StopTransaction.req arrives with reason Local (or none) and the connector reports Finishing.
 */
export const offlineStop = testCase({
  useCase: 'E08', ocpp: '1.6', sut: 'CS', title: 'Transaction stopped locally while offline: StopTransaction delivered after reconnecting',
  octt: full('TC_038_CS'),
  actions: ['plugIn', 'presentIdToken', 'disconnectNetwork', 'restoreNetwork'],
  killedBy: [TF.wrongStopReason],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    await csms.booted();
    const c = await charging(ctx, 1);
    const before = await goOffline(ctx);
    await sut.act('presentIdToken', { evse: c.evseId, idToken: profile.idTokens.valid });
    const last = csms.received.at(-1);
    await goOnline(ctx, before);
    const stop = await csms.expectCall('StopTransaction', { after: last ?? 0 })
      .catch(() => { throw new Verdict(`the transaction stopped while offline must be reported after reconnecting: no StopTransaction.req within ${profile.timing.callTimeoutMs} ms`, 'OCPP 1.6 3.7'); });
    if (stop.connection <= before) throw new Inconclusive('the StopTransaction.req came before the connection was lost: the stop did not happen offline');
    if (String(stop.payload.transactionId) !== c.id) throw new Verdict(`StopTransaction.req must name transaction ${c.id}, got ${brief(stop)}`);
    if (stop.payload.reason !== undefined && stop.payload.reason !== 'Local') throw new Verdict(`a transaction stopped by the driver's idTag ends with reason Local (or none), got ${String(stop.payload.reason)}`);
    await expectOneOfStatuses(ctx, c.evseId, ['Finishing'], last, 'after reconnecting, the connector of the stopped transaction');
  },
});
