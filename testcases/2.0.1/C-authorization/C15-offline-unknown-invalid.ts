// C15/C13 offline authorization of a token the station does not know (TC_C_26_CS): with OfflineTxForUnknownIdEnabled
// true the station starts a transaction offline; after reconnecting the CSMS answers the token Invalid and, with
// StopTxOnInvalidId false and MaxEnergyOnInvalidId 0, the station suspends the energy (SuspendedEVSE) and keeps the
// transaction until the driver stops it with the same token.
import { partial, testCase, type CsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import type { Payload } from '../../../src/ocpp/frames.js';
import { offlineBackOff, rateTokens, whileOffline } from '../../shared/auth-cache-steps.js';
import { LOCAL_AUTHORIZE_OFFLINE, LOCAL_LIST_ENABLED, LOCAL_PRE_AUTHORIZE, setIfImplemented } from '../../shared/local-list-steps.js';
import { brief, info, markOf } from '../../shared/session-states.js';
import { establishSetting, type SettingName } from '../../shared/settings.js';

const ocpp = '2.0.1' as const;
const tx = (variable: string): SettingName => ({ v16: '', component: 'TxCtrlr', variable });
const OFFLINE_UNKNOWN: SettingName = { v16: '', component: 'AuthCtrlr', variable: 'OfflineTxForUnknownIdEnabled' };

export const offlineUnknownThenInvalid = testCase<CsTestCase>({
  useCase: 'C15', variant: 'unknown-then-invalid', ocpp, sut: 'CS', actions: ['presentIdToken', 'plugIn', 'unplug'],
  octt: [partial('TC_C_26_CS', 'the station is kept offline for RetryBackOffWaitMinimum (2 s); the authorization cache is cleared first (where the station has one) so that the token is unknown to it; '
    + 'offline true is required of the events queued while offline, not of the SuspendedEVSE event, which can only follow the Invalid answer after reconnecting')],
  title: 'Offline, an unknown token starts a transaction (OfflineTxForUnknownIdEnabled true); answered Invalid after reconnecting with StopTxOnInvalidId false, energy is suspended (SuspendedEVSE); the token then stops the transaction',
  killedBy: ['cs.invalid-id-keeps-charging', 'cs.invalid-id-stops-anyway', 'cs.tx-queued-not-offline'],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    const token = profile.idTokens.valid;
    await csms.booted();
    rateTokens(csms, { [token]: 'Invalid' });
    await setIfImplemented(csms, ocpp, LOCAL_LIST_ENABLED, 'true');
    await setIfImplemented(csms, ocpp, LOCAL_PRE_AUTHORIZE, 'true');
    await establishSetting(csms, ocpp, OFFLINE_UNKNOWN, 'true');
    await establishSetting(csms, ocpp, LOCAL_AUTHORIZE_OFFLINE, 'true');
    await setIfImplemented(csms, ocpp, tx('MaxEnergyOnInvalidId'), '0');
    await establishSetting(csms, ocpp, tx('StopTxOnInvalidId'), 'false');
    await offlineBackOff(csms);
    await csms.call('ClearCache', {}).catch(() => undefined);
    const evseId = profile.evses[0]!.id;
    // Reusable state StartOfflineTransaction.
    const dropped = markOf(csms);
    await whileOffline(ctx, async () => {
      await sut.act('presentIdToken', { evse: evseId, idToken: token, type: profile.idTokens.type });
      await sut.act('plugIn', { evse: evseId });
    });
    const from = dropped ? csms.received.indexOf(dropped) + 1 : 0;
    const suspended = await csms.expectCall('TransactionEvent', {
      after: dropped ?? 0,
      where: (q) => q.triggerReason === 'Deauthorized' || q.eventType === 'Ended' || (q.transactionInfo as Payload | undefined)?.chargingState === 'SuspendedEVSE',
    }).catch(() => { throw new Verdict('the CSMS answered the token Invalid, StopTxOnInvalidId is false and MaxEnergyOnInvalidId 0: the station must suspend the energy (chargingState SuspendedEVSE)', 'C15.FR.08'); });
    if (suspended.payload.triggerReason === 'Deauthorized' || suspended.payload.eventType === 'Ended') {
      throw new Verdict(`StopTxOnInvalidId is false: the transaction must go on with its energy suspended, not be deauthorized or ended (${brief(suspended)})`, 'C15.FR.08');
    }
    const txId = String(info(suspended).transactionId);
    const queued = csms.received.slice(from, csms.received.indexOf(suspended))
      .filter((c) => c.action === 'TransactionEvent' && String(info(c).transactionId) === txId);
    if (!queued.length) throw new Verdict('the transaction started offline must be reported after reconnecting (TransactionEvent offline true)', 'C15.FR.02');
    const online = queued.find((c) => c.payload.offline !== true);
    if (online) throw new Verdict(`every TransactionEvent of the time offline must carry offline true, got ${brief(online)}`, 'E12.FR.02');
    // The driver stops the transaction with the token that started it.
    const stopping = markOf(csms);
    await sut.act('presentIdToken', { evse: evseId, idToken: token, type: profile.idTokens.type });
    await sut.act('unplug', { evse: evseId });
    await csms.expectCall('TransactionEvent', { after: stopping ?? 0, where: { triggerReason: 'StopAuthorized', transactionInfo: { transactionId: txId } } })
      .catch(() => { throw new Verdict(`presenting the token that started transaction ${txId} must stop it (TransactionEvent triggerReason StopAuthorized)`); });
  },
});
