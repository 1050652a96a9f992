// E03 (SUT = charging station): the driver authorizes first, then plugs in (TC_E_04); or never plugs in, and the
// authorization ends after TxCtrlr.EVConnectionTimeOut, after which the EVSE takes a new session (TC_E_05).
import { full, testCase, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { Inconclusive } from '../../../../src/harness/verdicts.js';
import {
  AUTH_ENABLED, DISABLE_REMOTE_AUTHORIZATION, authorizeLocally, brief, info, markOf, newSession, plugIn, readTxSettings, reportedStatus, setIfWritable, startEnergyTransfer, startsWithEnergy,
} from '../../../shared/session-states.js';
import { establishSetting, writeSetting } from '../../../shared/settings.js';
import { AUTH_CACHE_ENABLED, LOCAL_PRE_AUTHORIZE, prepareAuthorization, requireCompleteRecord, setConnectionTimeout } from './steps.js';

export const authorizationFirst = testCase<CsTestCase>({
  useCase: 'E03', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_04_CS'), actions: ['presentIdToken', 'plugIn'],
  title: 'Local authorization first, then the cable: Authorize, the Authorized event with the token, Occupied, CablePluggedIn, then energy',
  killedBy: ['cs.tx-authorized-event-no-token', 'cs.charging-state-folded', 'cs.tx-seqno-gap'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    await prepareAuthorization(csms);
    const s = newSession(csms, profile.evses[0]!.id, await readTxSettings(csms, '2.0.1'));
    await authorizeLocally(ctx, s);
    await startEnergyTransfer(ctx, s);
    requireCompleteRecord(csms, s.txId!);
  },
});

export const connectionTimeout = testCase<CsTestCase>({
  useCase: 'E03', variant: 'connection-timeout', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_05_CS'), actions: ['presentIdToken', 'plugIn'],
  title: 'Local authorization and no cable: after EVConnectionTimeOut the transaction reports EVConnectTimeout (Ended, Timeout where TxStopPoint holds Authorized); the EVSE then charges a new session',
  killedBy: ['cs.ignores-connection-timeout', 'cs.tx-stop-reason-other'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    const timeoutS = profile.timing.connectionTimeoutS;
    await setConnectionTimeout(csms, timeoutS);
    await prepareAuthorization(csms);
    await setIfWritable(csms, '2.0.1', AUTH_CACHE_ENABLED, 'false');
    await setIfWritable(csms, '2.0.1', LOCAL_PRE_AUTHORIZE, 'false');
    const tx = await readTxSettings(csms, '2.0.1');
    const evseId = profile.evses[0]!.id;
    const s = newSession(csms, evseId, tx);
    await authorizeLocally(ctx, s);
    const authorizedAt = Date.now();
    const timeoutMs = timeoutS * 1000;
    const within = timeoutMs + profile.timing.callTimeoutMs;
    if (s.txId !== undefined) {
      const event = await csms.expectCall('TransactionEvent', { where: { transactionInfo: { transactionId: s.txId } }, after: s.last, within })
        .catch(() => { throw new Verdict(`no cable came: within ${within} ms of the authorization the transaction must report the connection timeout (${timeoutS} s)`, 'E03.FR.05'); });
      const what = `the TransactionEvent after the connection timeout (${brief(event)})`;
      if (event.at - authorizedAt < timeoutMs - profile.timing.toleranceMs) throw new Verdict(`${what} came ${event.at - authorizedAt} ms after the authorization, before EVConnectionTimeOut (${timeoutS} s)`);
      if (event.payload.triggerReason !== 'EVConnectTimeout') throw new Verdict(`${what}: triggerReason must be EVConnectTimeout`, 'E03.FR.05');
      if (tx.stopPoints.includes('Authorized')) {
        if (event.payload.eventType !== 'Ended' || info(event).stoppedReason !== 'Timeout') throw new Verdict(`${what}: TxStopPoint holds Authorized, so eventType must be Ended and stoppedReason Timeout`, 'E03.FR.05');
      } else if (event.payload.eventType !== 'Updated') {
        throw new Verdict(`${what}: TxStopPoint does not hold Authorized, so eventType must be Updated`);
      }
    } else {
      // No transaction began: the timeout passes without a message the document requires (Available may come).
      await csms.firstUnwanted((c) => reportedStatus('2.0.1', c, evseId, 1) === 'Available', timeoutMs + profile.timing.toleranceMs, s.last ?? 0);
    }
    // The EVSE takes a new session: Authorized (local) and EnergyTransferStarted again.
    const again = newSession(csms, evseId, tx);
    await authorizeLocally(ctx, again);
    await startEnergyTransfer(ctx, again);
  },
});

export const evNotReady = testCase<CsTestCase>({
  useCase: 'E03', variant: 'ev-not-ready', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_38_CS'), actions: ['presentIdToken', 'evNotReady', 'plugIn'],
  title: 'Authorized, then an EV that is not ready for energy is plugged in: the station reports ChargingStateChanged with SuspendedEV',
  killedBy: ['cs.ev-suspend-unreported'],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    await csms.booted();
    await prepareAuthorization(csms);
    const tx = await readTxSettings(csms, '2.0.1');
    if (startsWithEnergy(tx)) throw new Inconclusive('the document is for a TxStartPoint other than EnergyTransfer; this station starts transactions with the energy');
    const s = newSession(csms, profile.evses[0]!.id, tx);
    await authorizeLocally(ctx, s);
    await sut.act('evNotReady', { evse: s.evseId });
    await plugIn(ctx, s, 'preSession');
    const event = await csms.expectCall('TransactionEvent', { where: { transactionInfo: { transactionId: s.txId } }, after: s.last })
      .catch(() => { throw new Verdict('the EV is connected but not ready: a TransactionEvent must report the charging state'); });
    if (event.payload.triggerReason !== 'ChargingStateChanged' || info(event).chargingState !== 'SuspendedEV') {
      throw new Verdict(`an EV not ready for energy is reported with triggerReason ChargingStateChanged and chargingState SuspendedEV, got ${brief(event)}`);
    }
  },
});

export const remoteAuthorizationDisabled = testCase<CsTestCase>({
  useCase: 'E03', variant: 'remote-authorization-disabled', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_52_CS'), needs: ['C-58'], actions: ['presentIdToken'],
  title: 'DisableRemoteAuthorization true: a token the station does not hold is refused without an Authorize to the CSMS, and starts nothing',
  killedBy: ['cs.authorize-despite-disabled'],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    await csms.booted();
    await setIfWritable(csms, '2.0.1', AUTH_ENABLED, 'true');
    await establishSetting(csms, '2.0.1', DISABLE_REMOTE_AUTHORIZATION, 'true');
    try {
      // A token no cache or local list can hold: made up for this run.
      const token = { idToken: `UNKNOWN${Math.floor(Math.random() * 1e8)}`, type: profile.idTokens.type };
      const since = markOf(csms);
      await sut.act('presentIdToken', { evse: profile.evses[0]!.id, ...token });
      const wrong = await csms.firstUnwanted((c) => c.action === 'Authorize'
        || (c.action === 'TransactionEvent' && (c.payload.idToken as { idToken?: string } | undefined)?.idToken === token.idToken), profile.timing.quietMs, since ?? 0);
      if (wrong?.action === 'Authorize') throw new Verdict(`DisableRemoteAuthorization is true: the station must not send Authorize, got ${brief(wrong)}`, 'C01.FR.05');
      if (wrong) throw new Verdict(`a token the station cannot authorize locally must be refused; it was used in ${brief(wrong)}`, 'C01.FR.05');
    } finally {
      if (csms.connected) await writeSetting(csms, '2.0.1', DISABLE_REMOTE_AUTHORIZATION, 'false').catch(() => undefined);
    }
  },
});
