import { testCase, full } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/verdicts.js';
import type { CsContext } from '../../../../src/harness/test-case.js';
import type { ReceivedCall } from '../../../../src/harness/peer.js';
import { establishSetting, type SettingName } from '../../../shared/settings.js';
import { afterMark, brief, fixStartAnswer, markOf, readSetting, type Mark } from '../../../shared/session-states.js';
import { AUTH_CACHE_ENABLED, LOCAL_AUTHORIZE_OFFLINE, LOCAL_LIST_ENABLED, sendLocalList, setIfImplemented } from '../../../shared/local-list-steps.js';
import { rateTokens, tokenCached } from '../../../shared/auth-cache-steps.js';
import { expectOneOfStatuses, goOffline, goOnline } from '../../../shared/transaction16-steps.js';
import { TF16 } from '../../../../src/reference/station/transactions.js';
import { QF } from '../../../../src/reference/station/offline.js';

/*
 * 1.6 transactions that start while the Charge Point is offline (TC_037_x, TC_039). The station authorizes the
 * idTag offline, queues StartTransaction.req (a transaction-related message, 1.6 section 4.7) and only learns the
 * transactionId from the late StartTransaction.conf; what it queued behind the start must carry that ID, and a
 * late answer that is not Accepted ends (or only pauses) a transaction that still runs (1.6 section 3.5.4).
 */

const ALLOW_OFFLINE_UNKNOWN: SettingName = { v16: 'AllowOfflineTxForUnknownId', component: 'AuthCtrlr', variable: 'OfflineTxForUnknownIdEnabled' };
const STOP_ON_INVALID: SettingName = { v16: 'StopTransactionOnInvalidId', component: 'TxCtrlr', variable: 'StopTxOnInvalidId' };
const MAX_ENERGY_ON_INVALID: SettingName = { v16: 'MaxEnergyOnInvalidId', component: 'TxCtrlr', variable: 'MaxEnergyOnInvalidId' };

/**
 * The documents' Before: LocalAuthorizeOffline true, and where implemented LocalAuthListEnabled,
 * AuthorizationCacheEnabled and AllowOfflineTxForUnknownId true, with the memory states IdTagLocalAuthList and
 * IdTagCached for `idTag` (Accepted in both, also for the documents' invalid idTag: what the station holds offline
 * is what lets it start, the CSMS says Invalid only later). A station implements at least one of these routes
 * (the documents' prerequisite); whichever it has is set up. Returns the transactionId the harness will answer
 * StartTransaction.req with (Accepted for the valid idTag, Invalid for any other).
 */
async function prepareOfflineStart(ctx: CsContext, idTag: string): Promise<number> {
  const { csms, profile } = ctx;
  await csms.booted();
  await establishSetting(csms, '1.6', LOCAL_AUTHORIZE_OFFLINE, 'true');
  await setIfImplemented(csms, '1.6', ALLOW_OFFLINE_UNKNOWN, 'true');
  if (await enabledIfImplemented(ctx, LOCAL_LIST_ENABLED)) {
    // IdTagLocalAuthList: a Full list of version 1 holding the idTag, Accepted.
    await sendLocalList(csms, '1.6', 'Full', 1, [{ token: idTag, status: 'Accepted' }]);
  }
  if (await enabledIfImplemented(ctx, AUTH_CACHE_ENABLED)) {
    // IdTagCached: a session of the idTag that the CSMS (the harness) accepts from start to stop.
    const accepted = { idTagInfo: { status: 'Accepted' } };
    csms.answer('StartTransaction', () => ({ transactionId: 6000 + Math.floor(Math.random() * 1000), ...accepted }));
    csms.answer('StopTransaction', () => accepted);
    rateTokens(csms, { [idTag]: 'Accepted' });
    await tokenCached(ctx, 1, idTag, true);
    csms.answer('StopTransaction', () => ({}));
    rateTokens(csms);
  }
  return fixStartAnswer(csms, profile.idTokens.valid);
}

/**
 * The invalid idTag was made Accepted in the station's list and cache for the test: take that back, so that later
 * test cases meet the station as they expect it (an empty list at a new version, an empty cache). Best effort.
 */
async function forgetInvalidGrant({ csms }: CsContext): Promise<void> {
  if (!csms.connected) return;
  await sendLocalList(csms, '1.6', 'Full', 2, []).catch(() => undefined);
  await csms.call('ClearCache', {}).catch(() => undefined);
}

/** A "(If implemented)" switch set to true; whether the station now holds it true. */
async function enabledIfImplemented({ csms }: CsContext, s: SettingName): Promise<boolean> {
  await setIfImplemented(csms, '1.6', s, 'true');
  return (await readSetting(csms, '1.6', s))?.toLowerCase() === 'true';
}

/** Offline: the cable goes in and the driver presents `idTag`; the station has nothing to send until it is back. */
async function startOffline(ctx: CsContext, idTag: string): Promise<{ before: number; mark: Mark }> {
  const { sut } = ctx;
  const before = await goOffline(ctx);
  await sut.act('plugIn', { evse: 1 });
  await sut.act('presentIdToken', { evse: 1, idToken: idTag });
  return { before, mark: markOf(ctx.csms) };
}

/** After reconnecting: the queued StartTransaction.req for connector 1 and `idTag`. */
async function expectQueuedStart({ csms, profile }: CsContext, mark: Mark, idTag: string): Promise<ReceivedCall> {
  const start = await csms.expectCall('StartTransaction', { after: afterMark(mark) })
    .catch(() => { throw new Verdict(`the transaction started offline must be reported after reconnecting: no StartTransaction.req within ${profile.timing.callTimeoutMs} ms`, 'OCPP 1.6 4.7'); });
  if (Number(start.payload.connectorId) !== 1 || start.payload.idTag !== idTag) {
    throw new Verdict(`the queued StartTransaction.req must be for connector 1 and idTag ${idTag}, got ${brief(start)}`);
  }
  return start;
}

/** After reconnecting, connector 1 reports Charging (before or after the StartTransaction.req; Preparing may come first). */
async function expectChargingAfterReconnect(ctx: CsContext, mark: Mark): Promise<ReceivedCall> {
  return expectOneOfStatuses(ctx, 1, ['Charging'], mark, 'after reconnecting, the connector of the transaction started offline', ['Preparing']);
}

/** TC_037_1: valid idTag authorized offline; after reconnecting StartTransaction.req (answered Accepted) and Charging. */
export const offlineStartValid = testCase({
  useCase: 'E12', variant: 'valid', ocpp: '1.6', sut: 'CS', title: 'Transaction started offline with a valid idTag: StartTransaction delivered after reconnecting',
  octt: full('TC_037_1_CS'),
  actions: ['plugIn', 'presentIdToken', 'disconnectNetwork', 'restoreNetwork'],
  killedBy: [TF16.offlineStartLost],
  async run(ctx) {
    await prepareOfflineStart(ctx, ctx.profile.idTokens.valid);
    const { before, mark } = await startOffline(ctx, ctx.profile.idTokens.valid);
    await goOnline(ctx, before);
    await expectChargingAfterReconnect(ctx, mark);
    await expectQueuedStart(ctx, mark, ctx.profile.idTokens.valid);
  },
});

/** The invalid idTag started offline: StartTransaction.req, answered Invalid, and Charging after reconnecting. */
async function invalidStartedOffline(ctx: CsContext, stopOnInvalid: boolean): Promise<{ txId: number; charging: ReceivedCall; mark: Mark }> {
  const txId = await prepareOfflineStart(ctx, ctx.profile.idTokens.invalid);
  await establishSetting(ctx.csms, '1.6', STOP_ON_INVALID, String(stopOnInvalid));
  await setIfImplemented(ctx.csms, '1.6', MAX_ENERGY_ON_INVALID, '0');
  const { before, mark } = await startOffline(ctx, ctx.profile.idTokens.invalid);
  await goOnline(ctx, before);
  const charging = await expectChargingAfterReconnect(ctx, mark);
  await expectQueuedStart(ctx, mark, ctx.profile.idTokens.invalid);
  return { txId, charging, mark };
}

/**
 * TC_037_2: an unknown (invalid) idTag authorized offline; the late StartTransaction.conf says Invalid and
 * StopTransactionOnInvalidId is false: the station only stops the energy (SuspendedEVSE) and keeps the transaction.
 */
export const offlineStartInvalidKeep = testCase({
  useCase: 'E12', variant: 'invalid-keep', ocpp: '1.6', sut: 'CS', title: 'Transaction started offline with an idTag found Invalid, StopTransactionOnInvalidId false: energy stops, the transaction stays',
  octt: full('TC_037_2_CS'),
  actions: ['plugIn', 'presentIdToken', 'disconnectNetwork', 'restoreNetwork'],
  killedBy: [TF16.stopsDespiteInvalidIdFalse, TF16.offlineStartLost],
  async run(ctx) {
    try {
      const { charging } = await invalidStartedOffline(ctx, false);
      await expectOneOfStatuses(ctx, 1, ['SuspendedEVSE'], charging, 'StopTransactionOnInvalidId is false and the StartTransaction.conf said Invalid: the Charge Point only stops the energy', ['Charging'])
        .catch((err: unknown) => { throw err instanceof Verdict ? new Verdict(err.message, 'OCPP 1.6 3.5.4') : err; });
    } finally {
      await forgetInvalidGrant(ctx);
    }
  },
});

/**
 * TC_037_3: as TC_037_2 with StopTransactionOnInvalidId true: the still running transaction ends, StopTransaction.req
 * with reason DeAuthorized and the transactionId of the StartTransaction.conf, and the connector reports Finishing.
 */
export const offlineStartInvalidStop = testCase({
  useCase: 'E12', variant: 'invalid-stop', ocpp: '1.6', sut: 'CS', title: 'Transaction started offline with an idTag found Invalid, StopTransactionOnInvalidId true: the transaction ends DeAuthorized',
  octt: full('TC_037_3_CS'),
  actions: ['plugIn', 'presentIdToken', 'disconnectNetwork', 'restoreNetwork'],
  killedBy: [TF16.keepsInvalidTransaction, TF16.offlineStartLost],
  async run(ctx) {
    const { csms, profile } = ctx;
    try {
      const { txId, charging } = await invalidStartedOffline(ctx, true);
      const stop = await csms.expectCall('StopTransaction', { after: charging })
        .catch(() => { throw new Verdict(`StopTransactionOnInvalidId is true and the StartTransaction.conf said Invalid while the transaction ran: it must be stopped, no StopTransaction.req within ${profile.timing.callTimeoutMs} ms`, 'OCPP 1.6 3.5.4'); });
      if (Number(stop.payload.transactionId) !== txId) throw new Verdict(`StopTransaction.req must carry the transactionId ${txId} of the StartTransaction.conf, got ${brief(stop)}`, 'OCPP 1.6 StopTransaction.req transactionId');
      if (stop.payload.reason !== 'DeAuthorized') throw new Verdict(`a transaction stopped for an Invalid idTag ends with reason DeAuthorized, got ${brief(stop)}`, 'OCPP 1.6 3.5.4');
      await expectOneOfStatuses(ctx, 1, ['Finishing'], charging, 'after the transaction was stopped for the Invalid idTag (cable still in)', ['Charging', 'SuspendedEVSE']);
    } finally {
      await forgetInvalidGrant(ctx);
    }
  },
});

/**
 * TC_039: the whole transaction happens offline (start, local stop by the same idTag, cable out); after reconnecting
 * StartTransaction.req comes first, then StopTransaction.req with the transactionId the StartTransaction.conf gave
 * (the station did not know it when it queued the stop) and reason Local or none.
 */
export const offlineTransaction = testCase({
  useCase: 'E12', variant: 'whole-transaction', ocpp: '1.6', sut: 'CS', title: 'Transaction started and stopped offline: both queued messages delivered, the stop with the CSMS\'s transactionId',
  octt: full('TC_039_CS'),
  actions: ['plugIn', 'presentIdToken', 'unplug', 'disconnectNetwork', 'restoreNetwork'],
  killedBy: [QF.keepsPlaceholderId, TF16.offlineStartLost],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    const txId = await prepareOfflineStart(ctx, profile.idTokens.valid);
    const { before, mark } = await startOffline(ctx, profile.idTokens.valid);
    await sut.act('presentIdToken', { evse: 1, idToken: profile.idTokens.valid });
    await sut.act('unplug', { evse: 1 });
    await goOnline(ctx, before);
    const start = await expectQueuedStart(ctx, mark, profile.idTokens.valid);
    const stop = await csms.expectCall('StopTransaction', { after: afterMark(mark) })
      .catch(() => { throw new Verdict(`the transaction stopped offline must be reported after reconnecting: no StopTransaction.req within ${profile.timing.callTimeoutMs} ms`, 'OCPP 1.6 4.7'); });
    if (csms.received.indexOf(stop) < csms.received.indexOf(start)) throw new Verdict(`queued messages go in order: StopTransaction.req came before the StartTransaction.req of its transaction (${brief(stop)})`, 'OCPP 1.6 4.7');
    if (Number(stop.payload.transactionId) !== txId) {
      throw new Verdict(`StopTransaction.req must carry the transactionId ${txId} the StartTransaction.conf gave, got ${brief(stop)}`, 'OCPP 1.6 StopTransaction.req transactionId');
    }
    if (stop.payload.reason !== undefined && stop.payload.reason !== 'Local') throw new Verdict(`a transaction stopped by the driver's idTag ends with reason Local (or none), got ${brief(stop)}`);
    if (Number(stop.payload.meterStop) < Number(start.payload.meterStart)) throw new Verdict(`meterStop ${String(stop.payload.meterStop)} is below meterStart ${String(start.payload.meterStart)}`);
  },
});
