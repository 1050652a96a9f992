// C12 authorization through the cache while offline, then the CSMS answers the token Invalid (TC_C_15_CS ...
// TC_C_18_CS): the station starts on a token it cached Accepted while the CSMS cannot be reached; after reconnecting
// it sends its queued TransactionEvents and the CSMS answers the token Invalid. StopTxOnInvalidId and
// MaxEnergyOnInvalidId decide what follows: the transaction is deauthorized (true), or its energy is suspended
// (false), at once or after MaxEnergyOnInvalidId Wh.
import { partial, testCase, type CsContext, type CsTestCase, type OcttClaim } from '../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../src/harness/peer.js';
import type { Payload } from '../../../src/ocpp/frames.js';
import { offlineBackOff, rateTokens, tokenCached, whileOffline } from '../../shared/auth-cache-steps.js';
import { AUTH_CACHE_ENABLED, LOCAL_AUTHORIZE_OFFLINE, LOCAL_PRE_AUTHORIZE, setIfImplemented } from '../../shared/local-list-steps.js';
import { brief, info, markOf, newSession, plugIn, readTxSettings, type Session } from '../../shared/session-states.js';
import { establishSetting, type SettingName } from '../../shared/settings.js';

const ocpp = '2.0.1' as const;
const STOP_TX_ON_INVALID: SettingName = { v16: '', component: 'TxCtrlr', variable: 'StopTxOnInvalidId' };
const MAX_ENERGY_ON_INVALID: SettingName = { v16: '', component: 'TxCtrlr', variable: 'MaxEnergyOnInvalidId' };
const OFFLINE_UNKNOWN: SettingName = { v16: '', component: 'AuthCtrlr', variable: 'OfflineTxForUnknownIdEnabled' };

interface Prep {
  stopOnInvalid: 'true' | 'false';
  maxEnergyWh: number;
  /** C-03: the document requires MaxEnergyOnInvalidId (else it is set where implemented). */
  maxEnergyRequired: boolean;
}

interface Offline {
  s: Session;
  /** The last call before the harness dropped the connection. */
  dropped: ReceivedCall | undefined;
  /** The queued energy-start event (ChargingStateChanged, offline true). */
  charging: ReceivedCall;
}

const tokenOf = (c: ReceivedCall) => c.payload.idToken as Payload | undefined;

/**
 * Preparation, IdTokenCached, EVConnectedPreSession; offline the cached token is presented; after reconnecting the
 * CSMS answers the token Invalid. Checks step 3: the queued Authorized event (when sent) and ChargingStateChanged,
 * both offline true.
 */
async function startOfflineThenInvalid(ctx: CsContext, p: Prep, authorizedRequired: boolean): Promise<Offline> {
  const { csms, sut, profile } = ctx;
  const token = profile.idTokens.valid;
  await csms.booted();
  rateTokens(csms);
  await setIfImplemented(csms, ocpp, AUTH_CACHE_ENABLED, 'true');
  await setIfImplemented(csms, ocpp, LOCAL_PRE_AUTHORIZE, 'true');
  await establishSetting(csms, ocpp, LOCAL_AUTHORIZE_OFFLINE, 'true');
  await setIfImplemented(csms, ocpp, OFFLINE_UNKNOWN, 'true');
  await establishSetting(csms, ocpp, STOP_TX_ON_INVALID, p.stopOnInvalid);
  if (p.maxEnergyRequired) await establishSetting(csms, ocpp, MAX_ENERGY_ON_INVALID, String(p.maxEnergyWh));
  else await setIfImplemented(csms, ocpp, MAX_ENERGY_ON_INVALID, String(p.maxEnergyWh));
  await offlineBackOff(csms);
  const evseId = profile.evses[0]!.id;
  await tokenCached(ctx, evseId);
  const s = newSession(csms, evseId, await readTxSettings(csms, ocpp));
  await plugIn(ctx, s, 'preSession');
  // From now on the CSMS holds the token Invalid, though the station cached it Accepted.
  rateTokens(csms, { [token]: 'Invalid' });
  const dropped = markOf(csms);
  await whileOffline(ctx, () => sut.act('presentIdToken', { evse: evseId, idToken: token, type: profile.idTokens.type }));
  const charging = await csms.expectCall('TransactionEvent', {
    after: dropped ?? 0, where: (q) => q.triggerReason === 'ChargingStateChanged' && (q.transactionInfo as Payload | undefined)?.chargingState === 'Charging',
  }).catch(() => { throw new Verdict('the token is cached Accepted and LocalAuthorizeOffline is true: energy transfer must start offline and be reported after reconnecting (TransactionEvent ChargingStateChanged)', 'C12.FR.02'); });
  if (charging.payload.offline !== true) throw new Verdict(`the energy transfer started while offline: its TransactionEvent must carry offline true, got ${brief(charging)}`, 'E12.FR.02');
  const from = dropped ? csms.received.indexOf(dropped) + 1 : 0;
  const authorized = csms.received.slice(from).find((c) => c.action === 'TransactionEvent' && c.payload.triggerReason === 'Authorized');
  if (!authorized && authorizedRequired) throw new Verdict('the authorization from the cache while offline must be reported after reconnecting (TransactionEvent triggerReason Authorized, offline true)', 'C12.FR.02');
  if (authorized) {
    const t = tokenOf(authorized);
    const what = `the queued Authorized TransactionEvent (${brief(authorized)})`;
    if (t?.idToken !== token || t.type !== profile.idTokens.type) throw new Verdict(`${what} must carry idToken ${token} (${profile.idTokens.type})`);
    if (authorized.payload.offline !== true) throw new Verdict(`${what} must carry offline true`, 'E12.FR.02');
  }
  s.txId = String(info(charging).transactionId);
  return { s, dropped, charging };
}

const ofTx = (s: Session) => (c: ReceivedCall) => c.action === 'TransactionEvent' && String(info(c).transactionId) === s.txId;

function c12(variant: string, octt: OcttClaim[], title: string, killedBy: string[], needs: string[], run: (ctx: CsContext) => Promise<void>) {
  return testCase<CsTestCase>({ useCase: 'C12', variant, ocpp, sut: 'CS', octt, needs, actions: ['presentIdToken', 'plugIn', 'unplug'], title, killedBy, run });
}

/** TC_C_16/18: StopTxOnInvalidId true: the Invalid answer deauthorizes the transaction and its energy stops. */
function deauthorized(variant: string, id: string, maxEnergyWh: number, needs: string[], onlineDeauthorized: boolean) {
  const octt = [partial(id, 'the station is kept offline for RetryBackOffWaitMinimum (2 s) rather than the document\'s wait for a manual action; '
    + 'OfflineTxForUnknownIdEnabled is set true where implemented, which the document sets only in some variants')];
  return c12(variant, octt,
    `Offline, a token cached Accepted starts charging; answered Invalid after reconnecting with StopTxOnInvalidId true${maxEnergyWh ? ` (MaxEnergyOnInvalidId ${maxEnergyWh})` : ''}, the transaction is deauthorized and energy stops`,
    ['cs.tx-ignores-invalid-token-answer'], needs, async (ctx) => {
      const { csms, sut } = ctx;
      const { s, charging } = await startOfflineThenInvalid(ctx, { stopOnInvalid: 'true', maxEnergyWh, maxEnergyRequired: maxEnergyWh > 0 }, false);
      const deauth = await csms.expectCall('TransactionEvent', { after: charging, where: (q) => q.triggerReason === 'Deauthorized' })
        .catch(() => { throw new Verdict('the CSMS answered the token Invalid and StopTxOnInvalidId is true: the station must deauthorize the transaction (TransactionEvent triggerReason Deauthorized)', 'C12.FR.04'); });
      if (onlineDeauthorized && deauth.payload.offline === true) throw new Verdict(`the Deauthorized event comes after reconnecting: it must not carry offline true (${brief(deauth)})`);
      // Post-scenario: the energy flow stopped.
      if (deauth.payload.eventType !== 'Ended' && info(deauth).chargingState === 'Charging') {
        await csms.expectCall('TransactionEvent', { after: deauth, where: (q) => String((q.transactionInfo as Payload | undefined)?.transactionId) === s.txId && (q.transactionInfo as Payload | undefined)?.chargingState !== 'Charging' })
          .catch(() => { throw new Verdict('after the deauthorization the energy transfer must stop (a TransactionEvent with chargingState other than Charging)', 'C12.FR.04'); });
      }
      await sut.act('unplug', { evse: s.evseId });
    });
}
export const invalidStops = deauthorized('invalid-stop', 'TC_C_16_CS', 0, ['C-49'], false);
export const invalidStopsMaxEnergy = deauthorized('invalid-stop-max-energy', 'TC_C_18_CS', 500, ['C-49', 'C-03'], true);

export const invalidSuspends = c12('invalid-suspend', [partial('TC_C_17_CS', 'the station is kept offline for RetryBackOffWaitMinimum (2 s) rather than the document\'s 5 s; '
  + 'LocalAuthorizeOffline is set true, which the document\'s preparation leaves out although its validation needs an offline authorization; '
  + 'the document\'s step 5 names a trigger reason SuspendedEVSE that does not exist: the harness expects the SuspendedEVSE charging state')],
'Offline, a token cached Accepted starts charging; answered Invalid after reconnecting with StopTxOnInvalidId false and MaxEnergyOnInvalidId 0, energy is suspended (SuspendedEVSE) and the transaction goes on',
['cs.invalid-id-keeps-charging', 'cs.invalid-id-stops-anyway'], ['C-49'], async (ctx) => {
  const { csms, sut } = ctx;
  const { s, charging } = await startOfflineThenInvalid(ctx, { stopOnInvalid: 'false', maxEnergyWh: 0, maxEnergyRequired: false }, true);
  const isTx = ofTx(s);
  const next = await csms.expectCall('TransactionEvent', {
    after: charging,
    where: (q) => q.triggerReason === 'Deauthorized' || q.eventType === 'Ended' || (q.transactionInfo as Payload | undefined)?.chargingState === 'SuspendedEVSE',
  }).catch(() => { throw new Verdict('the CSMS answered the token Invalid, StopTxOnInvalidId is false and MaxEnergyOnInvalidId 0: the station must stop the energy (chargingState SuspendedEVSE)', 'C12.FR.04'); });
  if (!isTx(next) || next.payload.triggerReason === 'Deauthorized' || next.payload.eventType === 'Ended') {
    throw new Verdict(`StopTxOnInvalidId is false: the transaction must go on with its energy suspended, not be deauthorized or ended (${brief(next)})`, 'C12.FR.04');
  }
  await sut.act('unplug', { evse: s.evseId });
});

export const invalidMaxEnergy = c12('invalid-max-energy', [partial('TC_C_15_CS', 'the station is kept offline for RetryBackOffWaitMinimum (2 s) rather than the document\'s <Configured Transaction Duration>; '
  + 'the post-scenario validation (no more than MaxEnergyOnInvalidId, 10 kWh, is delivered) is not judged: the harness watches the session for its quiet period only, '
  + 'in which the station must neither deauthorize nor suspend')],
'Offline, a token cached Accepted starts charging; answered Invalid after reconnecting with StopTxOnInvalidId false and MaxEnergyOnInvalidId 10000, energy goes on (no Deauthorized, no SuspendedEVSE)',
['cs.invalid-id-ignores-max-energy', 'cs.invalid-id-stops-anyway'], ['C-49', 'C-03'], async (ctx) => {
  const { csms, sut, profile } = ctx;
  const { s, charging } = await startOfflineThenInvalid(ctx, { stopOnInvalid: 'false', maxEnergyWh: 10_000, maxEnergyRequired: true }, false);
  const isTx = ofTx(s);
  const unwanted = await csms.firstUnwanted((c) => isTx(c) && (c.payload.triggerReason === 'Deauthorized' || c.payload.eventType === 'Ended'
    || info(c).chargingState === 'SuspendedEVSE'), profile.timing.quietMs + profile.timing.toleranceMs, charging);
  if (unwanted) throw new Verdict(`StopTxOnInvalidId is false and MaxEnergyOnInvalidId is 10000 Wh: energy must go on until that much is delivered, but the station sent ${brief(unwanted)}`, 'C12.FR.04');
  await sut.act('unplug', { evse: s.evseId });
});
