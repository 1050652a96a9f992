// E10 (SUT = charging station): the cable comes out at the EV side, StopTxOnEVSideDisconnect false and a
// TxStopPoint that does not need the EV (Authorized, ParkingBayOccupancy): the transaction is suspended (Updated,
// EVCommunicationLost, Idle). Plugged in again it goes on charging (TC_E_26); a station with a fixed cable (HFS-2)
// reports its connector Available meanwhile, and when the EV stays away longer than EVConnectionTimeOut it ends the
// authorization (EVConnectTimeout; TC_E_27).
import { full, partial, testCase, type CsContext, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import { canonicalItem } from '../../../../src/catalog/pics.js';
import { brief, expectConnectorStatus, info, markOf, suspendByEv, type Session } from '../../../shared/session-states.js';
import {
  STOP_TX_ON_EV_SIDE, UNLOCK_ON_EV_SIDE, disconnectEvSide, energyTransferStartedLocally, prepareAuthorization, requireCompleteRecord,
  requireOptionalSetting, setConnectionTimeout, withTxPoints,
} from './steps.js';

const claims = (ctx: CsContext, item: string) => ctx.profile.features.some((f) => canonicalItem(f, '2.0.1') === item);

/**
 * The documents' preparations (UnlockOnEVSideDisconnect and StopTxOnEVSideDisconnect false, TxStopPoint holding
 * Authorized and/or ParkingBayOccupancy, whichever the station supports), EnergyTransferSuspended, then the EV-side
 * disconnect: step 1 (Updated, EVCommunicationLost, Idle) and, with a fixed cable, step 3 (the connector Available).
 */
async function suspendedAtEvSide(ctx: CsContext, o: { fixed: boolean; timeoutS?: number },
  body: (s: Session, lost: ReceivedCall) => Promise<void>): Promise<void> {
  const { csms } = ctx;
  await csms.booted();
  await prepareAuthorization(csms);
  await requireOptionalSetting(csms, UNLOCK_ON_EV_SIDE, 'false', 'C-12');
  await requireOptionalSetting(csms, STOP_TX_ON_EV_SIDE, 'false', 'C-06');
  const points = ([['Authorized', 'C-10.2'], ['ParkingBayOccupancy', 'C-10.5']] as const).filter(([, item]) => claims(ctx, item)).map(([p]) => p);
  await withTxPoints(ctx, { stop: (points.length ? points : ['Authorized']).join(',') }, async (tx) => {
    if (o.timeoutS !== undefined) await setConnectionTimeout(csms, o.timeoutS);
    const s = await energyTransferStartedLocally(ctx, tx);
    await suspendByEv(ctx, s);
    const since = markOf(csms);
    const lost = await disconnectEvSide(ctx, s);
    if (lost.payload.eventType !== 'Updated') throw new Verdict(`StopTxOnEVSideDisconnect is false and TxStopPoint ${tx.stopPoints.join(',')}: the transaction must go on (eventType Updated), got ${brief(lost)}`, 'E10.FR.01');
    // A fixed cable leaves nothing plugged into the connector: it is free again while the transaction waits.
    if (o.fixed) await expectConnectorStatus(csms, s.evseId, s.connectorId, 'Available', since, 'the EV was disconnected from the fixed cable', { passing: ['Occupied'] });
    await body(s, lost);
    requireCompleteRecord(csms, s.txId!);
  });
}

/** Step 5 and 7 of TC_E_26: plugged in again, CablePluggedIn (EVConnected), then energy (ChargingStateChanged, Charging). */
async function comesBack(ctx: CsContext, s: Session): Promise<void> {
  const { csms, sut } = ctx;
  const since = markOf(csms);
  await sut.act('plugIn', { evse: s.evseId, connector: s.connectorId });
  const back = await csms.expectCall('TransactionEvent', { where: { transactionInfo: { transactionId: s.txId } }, after: since ?? 0 })
    .catch(() => { throw new Verdict('the EV was plugged in again: a TransactionEvent must report it', 'E10.FR.03'); });
  if (back.payload.triggerReason !== 'CablePluggedIn' || info(back).chargingState !== 'EVConnected' || back.payload.eventType !== 'Updated') {
    throw new Verdict(`the TransactionEvent after plugging in again must be Updated with triggerReason CablePluggedIn and chargingState EVConnected, got ${brief(back)}`, 'E10.FR.03');
  }
  const energy = await csms.expectCall('TransactionEvent', { where: { transactionInfo: { transactionId: s.txId } }, after: back })
    .catch(() => { throw new Verdict('the EV is back and the transaction authorized: energy transfer must start again', 'E10.FR.03'); });
  if (energy.payload.triggerReason !== 'ChargingStateChanged' || info(energy).chargingState !== 'Charging' || energy.payload.eventType !== 'Updated') {
    throw new Verdict(`after the EV came back, the next TransactionEvent must be Updated with triggerReason ChargingStateChanged and chargingState Charging, got ${brief(energy)}`, 'E10.FR.03');
  }
}

export const suspendOnEvSide = testCase<CsTestCase>({
  useCase: 'E10', ocpp: '2.0.1', sut: 'CS', needs: ['C-10.2', 'C-06.1', 'C-12.2', 'HFS-1'],
  octt: [partial('TC_E_26_CS', 'run for a station with a detachable cable (HFS-1), where step 3 does not apply; step 3 (Available, for a permanently attached cable) is checked by E10.fixed-cable/2.0.1/CS')],
  actions: ['presentIdToken', 'plugIn', 'evSuspend', 'evSideDisconnect'],
  title: 'EV-side disconnect, StopTxOnEVSideDisconnect false, TxStopPoint Authorized: the transaction is suspended (Updated, Idle); plugged in again it reports CablePluggedIn and charges',
  killedBy: ['cs.ev-side-disconnect-ignored', 'cs.tx-stop-points-ignored'],
  run: (ctx) => suspendedAtEvSide(ctx, { fixed: false }, (s) => comesBack(ctx, s)),
});

export const fixedCableReturn = testCase<CsTestCase>({
  useCase: 'E10', variant: 'fixed-cable', ocpp: '2.0.1', sut: 'CS', needs: ['C-06.1', 'C-12.2', 'HFS-2'], octt: full('TC_E_26_CS'),
  actions: ['presentIdToken', 'plugIn', 'evSuspend', 'evSideDisconnect'],
  title: 'Fixed cable, EV disconnected, StopTxOnEVSideDisconnect false: the transaction is suspended (Updated, Idle) and the connector Available; the EV back in time, CablePluggedIn and charging',
  killedBy: ['cs.ev-side-disconnect-ignored', 'cs.fixed-cable-ends-at-ev-side'],
  run: (ctx) => suspendedAtEvSide(ctx, { fixed: true }, (s) => comesBack(ctx, s)),
});

export const fixedCableTimeout = testCase<CsTestCase>({
  useCase: 'E10', variant: 'fixed-cable-timeout', ocpp: '2.0.1', sut: 'CS', needs: ['C-06.1', 'C-12.2', 'HFS-2'], octt: full('TC_E_27_CS'),
  actions: ['presentIdToken', 'plugIn', 'evSuspend', 'evSideDisconnect'],
  title: 'Fixed cable, EV disconnected and not back within EVConnectionTimeOut: the authorization ends (EVConnectTimeout): Ended with Timeout for TxStopPoint Authorized, Updated for ParkingBayOccupancy',
  killedBy: ['cs.ignores-connection-timeout', 'cs.fixed-cable-ends-at-ev-side', 'cs.tx-stop-reason-other'],
  async run(ctx) {
    const { csms, profile } = ctx;
    const timeoutS = profile.timing.connectionTimeoutS;
    const { callTimeoutMs, toleranceMs } = profile.timing;
    await suspendedAtEvSide(ctx, { fixed: true, timeoutS }, async (s, lost) => {
      // The document repeats TC_E_26's "reconnect the EV" action, but its step 5 is the timeout: the EV stays away.
      const within = timeoutS * 1000 + callTimeoutMs + toleranceMs;
      const event = await csms.expectCall('TransactionEvent', { where: { transactionInfo: { transactionId: s.txId } }, after: lost, within })
        .catch(() => { throw new Verdict(`the EV stayed away from the fixed cable: within ${within} ms (EVConnectionTimeOut ${timeoutS} s) the station must end the authorization (EVConnectTimeout)`, 'E10.FR.02'); });
      const what = `the TransactionEvent after EVConnectionTimeOut (${brief(event)})`;
      if (event.payload.triggerReason !== 'EVConnectTimeout') throw new Verdict(`${what}: triggerReason must be EVConnectTimeout`, 'E10.FR.02');
      const waited = event.at - lost.at;
      if (waited < timeoutS * 1000 - toleranceMs) throw new Verdict(`${what} came ${waited} ms after the EV left; EVConnectionTimeOut is ${timeoutS} s`, 'E10.FR.02');
      if (s.tx.stopPoints.includes('Authorized')) {
        if (event.payload.eventType !== 'Ended') throw new Verdict(`${what}: TxStopPoint holds Authorized, eventType must be Ended`, 'E06.FR.03');
        if (info(event).stoppedReason !== 'Timeout') throw new Verdict(`${what}: transactionInfo.stoppedReason must be Timeout`, 'E06.FR.15');
      } else if (event.payload.eventType !== 'Updated') {
        throw new Verdict(`${what}: TxStopPoint is ${s.tx.stopPoints.join(',')} (ParkingBayOccupancy), the transaction goes on: eventType must be Updated`, 'E06.FR.01');
      }
    });
  },
});
