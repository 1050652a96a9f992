// E06 stop transaction options (SUT = charging station): with TxStopPoint set to one value, the transaction ends
// at that point: PowerPathClosed on a local (TC_E_07) or remote (TC_E_35) stop, EnergyTransfer (TC_E_08),
// Authorized on a local (TC_E_15) or remote (TC_E_21) stop, EVConnected when the EV is unplugged at the station
// (TC_E_14), Authorized when the connection timeout deauthorizes (TC_E_39), ParkingBayOccupancy when the EV drives
// out of the bay (TC_E_19), EVConnected when the cable leaves an ISO 15118 EV (TC_E_54).
import { full, partial, testCase, type CsContext, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import { establishSetting } from '../../../shared/settings.js';
import {
  authorizeLocally, brief, disconnectEv, driveOutOfBay, expectConnectorStatus, info, markOf, newSession, postSession, stopAuthorizedLocally, stopRemotely,
  setIfWritable, suspendByEv, type Session,
} from '../../../shared/session-states.js';
import {
  OFFLINE_TX_FOR_UNKNOWN_ID, STOP_TX_ON_EV_SIDE, UNLOCK_ON_EV_SIDE, disconnectEvSide, eventsOf, offlinePeriod, energyTransferStartedLocally, prepareAuthorization, requireCompleteRecord,
  requireOptionalSetting, setConnectionTimeout, withTxPoints,
} from './steps.js';

const common = { ocpp: '2.0.1', sut: 'CS', useCase: 'E06' } as const;

/** Part 6 StopAuthorized main A; the transaction must end with it (or with EVConnectedPostSession's event). */
async function localStopEnds(ctx: CsContext, s: Session, point: string, requirement: string): Promise<ReceivedCall> {
  const ended = await stopAuthorizedLocally(ctx, s) ?? await postSession(ctx, s, 'Local');
  if (!ended) throw new Verdict(`TxStopPoint is ${point}: the local stop must end the transaction, it goes on (${brief(s.last!)})`, requirement);
  return ended;
}

/** Part 6 StopAuthorized main B, and the document's check that the transaction ends with reason Remote. */
async function remoteStopEnds(ctx: CsContext, s: Session, point: string, requirement: string): Promise<ReceivedCall> {
  const event = await stopRemotely(ctx, { id: s.txId!, evseId: s.evseId, last: s.last! });
  const what = `TxStopPoint is ${point}: the TransactionEvent after the remote stop (${brief(event)})`;
  if (event.payload.eventType !== 'Ended') throw new Verdict(`${what} must end the transaction (eventType Ended)`, requirement);
  if (info(event).stoppedReason !== 'Remote') throw new Verdict(`${what}: transactionInfo.stoppedReason must be Remote`, 'E06.FR.15');
  s.last = event;
  return event;
}

async function charging(ctx: CsContext, stop: string, body: (s: Session) => Promise<void>): Promise<void> {
  await ctx.csms.booted();
  await prepareAuthorization(ctx.csms);
  await withTxPoints(ctx, { stop }, async (tx) => {
    const s = await energyTransferStartedLocally(ctx, tx);
    await body(s);
    requireCompleteRecord(ctx.csms, s.txId!);
  });
}

export const powerPathLocal = testCase<CsTestCase>({
  ...common, variant: 'power-path-closed-local', octt: full('TC_E_07_CS'), needs: ['C-10.3'], actions: ['presentIdToken', 'plugIn'],
  title: 'TxStopPoint PowerPathClosed, local stop: presenting the token again ends the transaction (stoppedReason Local or none)',
  killedBy: ['cs.tx-stop-reason-other', 'cs.tx-meter-decreasing'],
  run: (ctx) => charging(ctx, 'PowerPathClosed', async (s) => { await localStopEnds(ctx, s, 'PowerPathClosed', 'E06.FR.06'); }),
});

export const powerPathRemote = testCase<CsTestCase>({
  ...common, variant: 'power-path-closed-remote', octt: full('TC_E_35_CS'), needs: ['C-10.3'], actions: ['presentIdToken', 'plugIn'],
  title: 'TxStopPoint PowerPathClosed, remote stop: Accepted, then Ended with triggerReason RemoteStop and stoppedReason Remote',
  killedBy: ['cs.tx-stop-reason-other', 'cs.remote-stop-ignored'],
  run: (ctx) => charging(ctx, 'PowerPathClosed', async (s) => { await remoteStopEnds(ctx, s, 'PowerPathClosed', 'E06.FR.06'); }),
});

export const energyTransferStopped = testCase<CsTestCase>({
  ...common, variant: 'energy-transfer', octt: full('TC_E_08_CS'), needs: ['C-10.4'], actions: ['presentIdToken', 'plugIn'],
  title: 'TxStopPoint EnergyTransfer: the local stop ends the energy and with it the transaction',
  killedBy: ['cs.tx-stop-reason-other'],
  run: (ctx) => charging(ctx, 'EnergyTransfer', async (s) => { await localStopEnds(ctx, s, 'EnergyTransfer', 'E06.FR.07'); }),
});

export const authorizedLocal = testCase<CsTestCase>({
  ...common, variant: 'authorized-local', octt: full('TC_E_15_CS'), needs: ['C-10.2'], actions: ['presentIdToken', 'plugIn'],
  title: 'TxStopPoint Authorized, local stop: Ended with triggerReason StopAuthorized and stoppedReason Local',
  killedBy: ['cs.tx-stop-reason-other', 'cs.tx-meter-decreasing'],
  run: (ctx) => charging(ctx, 'Authorized', async (s) => {
    const since = markOf(ctx.csms);
    await ctx.sut.act('presentIdToken', { evse: s.evseId, idToken: ctx.profile.idTokens.valid, type: ctx.profile.idTokens.type });
    const event = await ctx.csms.expectCall('TransactionEvent', { where: { transactionInfo: { transactionId: s.txId } }, after: since ?? 0 })
      .catch(() => { throw new Verdict('the driver presented the token again: a TransactionEvent must end the transaction', 'E06.FR.03'); });
    const what = `the TransactionEvent after the local stop (${brief(event)})`;
    if (event.payload.triggerReason !== 'StopAuthorized' || event.payload.eventType !== 'Ended') throw new Verdict(`${what}: TxStopPoint is Authorized, so it must be Ended with triggerReason StopAuthorized`, 'E06.FR.03');
    if (info(event).stoppedReason !== 'Local') throw new Verdict(`${what}: transactionInfo.stoppedReason must be Local`, 'E06.FR.15');
  }),
});

export const authorizedRemote = testCase<CsTestCase>({
  ...common, variant: 'authorized-remote', octt: full('TC_E_21_CS'), needs: ['C-10.2'], actions: ['presentIdToken', 'plugIn'],
  title: 'TxStopPoint Authorized, remote stop: Accepted, then Ended with triggerReason RemoteStop and stoppedReason Remote',
  killedBy: ['cs.tx-stop-reason-other', 'cs.remote-stop-ignored'],
  run: (ctx) => charging(ctx, 'Authorized', async (s) => { await remoteStopEnds(ctx, s, 'Authorized', 'E06.FR.03'); }),
});

export const evDisconnectedStationSide = testCase<CsTestCase>({
  ...common, variant: 'ev-connected', octt: full('TC_E_14_CS'), needs: ['C-10.1', 'HFS-1'], actions: ['presentIdToken', 'plugIn', 'unplug'],
  title: 'TxStopPoint EVConnected: a local stop ends the energy only; unplugging reports Available and ends the transaction (EVCommunicationLost, Idle)',
  killedBy: ['cs.tx-stop-points-ignored', 'cs.tx-stop-reason-other', 'cs.tx-meter-decreasing', 'cs.tx-continues-after-unplug'],
  run: (ctx) => charging(ctx, 'EVConnected', async (s) => {
    // Reusable state EVConnectedPostSession: the stop is authorized, energy ends, the transaction goes on.
    const early = await stopAuthorizedLocally(ctx, s) ?? await postSession(ctx, s, 'Local');
    if (early) throw new Verdict(`TxStopPoint is EVConnected: the transaction must last until the EV is unplugged, it ended at the stop (${brief(early)})`, 'E06.FR.02');
    const ended = (await disconnectEv(ctx, s))!;
    const what = `the TransactionEvent after unplugging (${brief(ended)})`;
    if (ended.payload.eventType !== 'Ended') throw new Verdict(`${what}: eventType must be Ended`, 'E06.FR.02');
    const reason = info(ended).stoppedReason;
    if (reason !== undefined && reason !== 'Local' && reason !== 'EVDisconnected') throw new Verdict(`${what}: stoppedReason must be Local, EVDisconnected or omitted`, 'E06.FR.15');
  }),
});

export const deauthorizedTimeout = testCase<CsTestCase>({
  ...common, variant: 'deauthorized-timeout', needs: ['C-10.2'], actions: ['presentIdToken', 'plugIn'],
  octt: [partial('TC_E_39_CS', 'step 3 eventType is not checked: after the timeout ended the transaction, a cable may begin a new one (TxStartPoint EVConnected: Started), so the document\'s "Ended" cannot hold for it; its trigger CablePluggedIn and that no charging starts are checked')],
  title: 'TxStopPoint Authorized: no cable within EVConnectionTimeOut ends the transaction (EVConnectTimeout, Timeout); a cable plugged in afterwards starts no charging',
  killedBy: ['cs.ignores-connection-timeout', 'cs.tx-stop-reason-other'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    const timeoutS = profile.timing.connectionTimeoutS;
    await prepareAuthorization(csms);
    await withTxPoints(ctx, { stop: 'Authorized' }, async (tx) => {
      await setConnectionTimeout(csms, timeoutS);
      const evseId = profile.evses[0]!.id;
      const s = newSession(csms, evseId, tx);
      await authorizeLocally(ctx, s);
      const within = timeoutS * 1000 + profile.timing.callTimeoutMs;
      if (s.txId !== undefined) {
        const event = await csms.expectCall('TransactionEvent', { where: { transactionInfo: { transactionId: s.txId } }, after: s.last, within })
          .catch(() => { throw new Verdict(`no cable came: within ${within} ms the transaction must end for the connection timeout (${timeoutS} s)`, 'E06.FR.04'); });
        const what = `the TransactionEvent after the connection timeout (${brief(event)})`;
        if (event.payload.triggerReason !== 'EVConnectTimeout' || event.payload.eventType !== 'Ended') throw new Verdict(`${what}: must be Ended with triggerReason EVConnectTimeout`, 'E06.FR.04');
        if (info(event).stoppedReason !== 'Timeout') throw new Verdict(`${what}: transactionInfo.stoppedReason must be Timeout`, 'E06.FR.15');
      }
      // The cable after the timeout: the station may report it, but energy must not flow.
      const since = markOf(csms);
      await ctx.sut.act('plugIn', { evse: evseId });
      const wrong = await csms.firstUnwanted((c) => c.action === 'TransactionEvent'
        && (c.payload.triggerReason !== 'CablePluggedIn' || info(c).chargingState === 'Charging'), profile.timing.callTimeoutMs, since ?? 0);
      if (wrong) throw new Verdict(`after the authorization timed out, plugging in may only be reported (CablePluggedIn) and must not start charging; got ${brief(wrong)}`, 'E06.FR.04');
    });
  },
});

export const suspendedByEv = testCase<CsTestCase>({
  ...common, variant: 'energy-transfer-suspended-ev', octt: full('TC_E_22_CS'), needs: ['C-10.4'], actions: ['presentIdToken', 'plugIn', 'evSuspend'],
  title: 'TxStopPoint EnergyTransfer: the EV suspends the energy; ChargingStateChanged ends the transaction (EVConnected, StoppedByEV) or reports SuspendedEV',
  killedBy: ['cs.ev-suspend-unreported', 'cs.tx-stop-reason-other'],
  run: (ctx) => charging(ctx, 'EnergyTransfer', async (s) => { await suspendByEv(ctx, s); }),
});

/**
 * The EV-side disconnect of a suspended transaction must end it (TC_E_17 / TC_E_20 / TC_E_37): Ended,
 * EVCommunicationLost, Idle, stoppedReason one of `reasons`.
 */
async function evSideEnds(ctx: CsContext, s: Session, reasons: string[], requirement: string): Promise<ReceivedCall | undefined> {
  const suspended = await suspendByEv(ctx, s);
  if (suspended.payload.eventType === 'Ended') throw new Verdict(`the EV suspending the energy must not end a transaction whose TxStopPoint has no EnergyTransfer (${brief(suspended)})`, requirement);
  const event = await disconnectEvSide(ctx, s);
  const what = `the TransactionEvent after the EV-side disconnect (${brief(event)})`;
  if (event.payload.eventType !== 'Ended') throw new Verdict(`${what}: eventType must be Ended`, requirement);
  if (!reasons.includes(String(info(event).stoppedReason))) throw new Verdict(`${what}: transactionInfo.stoppedReason must be ${reasons.join(' or ')}`, 'E06.FR.15');
  return event;
}

export const deauthorizedEvSide = testCase<CsTestCase>({
  ...common, variant: 'deauthorized-ev-side', octt: full('TC_E_17_CS'), needs: ['C-10.2', 'C-06.2', 'HFS-1'],
  actions: ['presentIdToken', 'plugIn', 'evSuspend', 'evSideDisconnect', 'unplug'],
  title: 'TxStopPoint Authorized, StopTxOnEVSideDisconnect true: the EV-side disconnect ends the transaction (EVCommunicationLost, Idle, EVDisconnected); the cable taken out, Available',
  killedBy: ['cs.ev-side-disconnect-ignored', 'cs.tx-stop-reason-other'],
  run: (ctx) => charging(ctx, 'Authorized', async (s) => {
    await requireOptionalSetting(ctx.csms, STOP_TX_ON_EV_SIDE, 'true', 'C-06');
    await requireOptionalSetting(ctx.csms, UNLOCK_ON_EV_SIDE, 'false', 'C-12');
    await evSideEnds(ctx, s, ['EVDisconnected'], 'E06.FR.04');
    const since = markOf(ctx.csms);
    // A detachable cable kept locked (UnlockOnEVSideDisconnect false): the token releases it, then it comes out.
    await ctx.sut.act('presentIdToken', { evse: s.evseId, idToken: ctx.profile.idTokens.valid, type: ctx.profile.idTokens.type });
    await ctx.sut.act('unplug', { evse: s.evseId });
    await expectConnectorStatus(ctx.csms, s.evseId, s.connectorId, 'Available', since, 'after the cable was taken out at the station');
  }),
});

export const evDisconnectedEvSide = testCase<CsTestCase>({
  ...common, variant: 'ev-connected-ev-side', octt: full('TC_E_20_CS'), needs: ['C-10.1'], actions: ['presentIdToken', 'plugIn', 'evSuspend', 'evSideDisconnect'],
  title: 'TxStopPoint EVConnected, StopTxOnEVSideDisconnect false: the EV-side disconnect still ends the transaction (EVCommunicationLost, Idle, EVDisconnected)',
  killedBy: ['cs.ev-side-disconnect-ignored', 'cs.tx-stop-reason-other'],
  run: (ctx) => charging(ctx, 'EVConnected', async (s) => {
    await setIfWritable(ctx.csms, '2.0.1', STOP_TX_ON_EV_SIDE, 'false');
    await evSideEnds(ctx, s, ['EVDisconnected'], 'E06.FR.02');
  }),
});

export const powerPathEvSide = testCase<CsTestCase>({
  ...common, variant: 'power-path-closed-ev-side', octt: full('TC_E_37_CS'), needs: ['C-10.3'], actions: ['presentIdToken', 'plugIn', 'evSuspend', 'evSideDisconnect'],
  title: 'TxStopPoint PowerPathClosed, StopTxOnEVSideDisconnect false: the EV-side disconnect ends the transaction (EVCommunicationLost, Idle, EVDisconnected or StoppedByEV)',
  killedBy: ['cs.ev-side-disconnect-ignored', 'cs.tx-stop-reason-other'],
  run: (ctx) => charging(ctx, 'PowerPathClosed', async (s) => {
    await setIfWritable(ctx.csms, '2.0.1', STOP_TX_ON_EV_SIDE, 'false');
    await evSideEnds(ctx, s, ['EVDisconnected', 'StoppedByEV'], 'E06.FR.06');
  }),
});

export const deauthorizedInvalid = testCase<CsTestCase>({
  ...common, variant: 'deauthorized-invalid', octt: full('TC_E_16_CS'), needs: ['C-10.2'], actions: ['plugIn', 'presentIdToken'],
  title: 'TxStopPoint Authorized, StopTxOnInvalidId true: a transaction started offline whose token the CSMS answers Invalid after reconnecting is ended, after the queue (Deauthorized, DeAuthorized)',
  killedBy: ['cs.tx-ignores-invalid-token-answer', 'cs.tx-queued-not-offline'],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    await csms.booted();
    await prepareAuthorization(csms);
    await setIfWritable(csms, '2.0.1', OFFLINE_TX_FOR_UNKNOWN_ID, 'true');
    await establishSetting(csms, '2.0.1', { v16: '', component: 'TxCtrlr', variable: 'StopTxOnInvalidId' }, 'true');
    await withTxPoints(ctx, { stop: 'Authorized' }, async () => {
      // Reusable state StartOfflineTransaction; after it, the token's TransactionEvent is answered Invalid.
      csms.answer('TransactionEvent', (c) => (c.payload.idToken ? { idTokenInfo: { status: 'Invalid' } } : {}));
      const evse = profile.evses[0]!.id;
      const before = await offlinePeriod(ctx, profile.timing.connectionTimeoutS, async () => {
        await sut.act('plugIn', { evse });
        await sut.act('presentIdToken', { evse, idToken: profile.idTokens.valid, type: profile.idTokens.type });
      });
      const first = await csms.expectCall('TransactionEvent', { after: csms.received.filter((c) => c.connection <= before).at(-1) ?? 0 })
        .catch(() => { throw new Verdict('after reconnecting the station must send the TransactionEvents of the transaction it started offline', 'E12.FR.01'); });
      const txId = String(info(first).transactionId);
      const ended = await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: { transactionId: txId } }, after: first })
        .catch(() => { throw new Verdict(`the CSMS answered the token of transaction ${txId} Invalid and StopTxOnInvalidId is true: the transaction must end`, 'E06.FR.04'); });
      const what = `the TransactionEvent that ends the deauthorized transaction (${brief(ended)})`;
      if (ended.payload.triggerReason !== 'Deauthorized' || info(ended).stoppedReason !== 'DeAuthorized') {
        throw new Verdict(`${what}: triggerReason must be Deauthorized and stoppedReason DeAuthorized`, 'E06.FR.04');
      }
      const queued = eventsOf(csms, txId).filter((e) => e !== ended && e.connection > before);
      for (const e of queued) {
        if (e.payload.offline !== true) throw new Verdict(`a TransactionEvent queued while offline must have offline true, got ${brief(e)}`, 'E12.FR.02');
        if (csms.received.indexOf(e) > csms.received.indexOf(ended)) throw new Verdict(`the station ended the transaction before it had sent its queued events (${brief(e)} came after the end)`, 'E06.FR.04');
      }
      if (!queued.length) throw new Verdict('the queued TransactionEvents of the offline transaction did not arrive before its end');
    });
  },
});

export const parkingBayUnoccupied = testCase<CsTestCase>({
  ...common, variant: 'parking-bay', octt: full('TC_E_19_CS'), needs: ['C-10.5'], actions: ['presentIdToken', 'plugIn', 'unplug', 'driveOut'],
  title: 'TxStopPoint ParkingBayOccupancy: the stop and the EV unplugged leave the transaction running (Updated); driving out of the bay ends it (EVDeparted, stoppedReason Local)',
  killedBy: ['cs.parking-bay-departure-ignored', 'cs.tx-stop-points-ignored'],
  run: (ctx) => charging(ctx, 'ParkingBayOccupancy', async (s) => {
    // Reusable states StopAuthorized, EVConnectedPostSession and EVDisconnected: none of them is a stop point here.
    const early = await stopAuthorizedLocally(ctx, s) ?? await postSession(ctx, s, 'Local') ?? await disconnectEv(ctx, s).then((e) => (e?.payload.eventType === 'Ended' ? e : undefined));
    if (early) throw new Verdict(`TxStopPoint is ParkingBayOccupancy: the transaction must last until the EV leaves the parking bay, it ended before (${brief(early)})`, 'E06.FR.01');
    await driveOutOfBay(ctx, s, 'Local');
  }),
});

export const evDisconnectedEvSide15118 = testCase<CsTestCase>({
  ...common, variant: 'ev-connected-ev-side-15118', octt: full('TC_E_54_CS'), needs: ['C-10.1', 'ISO15118'],
  actions: ['presentIdToken', 'plugIn', 'evSuspend', 'evSideDisconnect'],
  title: 'TxStopPoint EVConnected, ISO 15118 EV, StopTxOnEVSideDisconnect false: the EV-side disconnect ends the transaction (EVCommunicationLost, Idle, StoppedByEV or EVDisconnected)',
  killedBy: ['cs.ev-side-disconnect-ignored', 'cs.tx-stop-reason-other'],
  run: (ctx) => charging(ctx, 'EVConnected', async (s) => {
    await setIfWritable(ctx.csms, '2.0.1', STOP_TX_ON_EV_SIDE, 'false');
    await evSideEnds(ctx, s, ['StoppedByEV', 'EVDisconnected'], 'E06.FR.02');
  }),
});
