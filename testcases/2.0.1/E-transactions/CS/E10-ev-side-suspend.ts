// E10 (SUT = charging station): the cable comes out at the EV side, StopTxOnEVSideDisconnect false and a
// TxStopPoint that does not need the EV (Authorized): the transaction is suspended (Updated, EVCommunicationLost,
// Idle) and goes on charging when the EV is plugged in again (TC_E_26).
import { partial, testCase, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { brief, info, markOf, suspendByEv } from '../../../shared/session-states.js';
import {
  STOP_TX_ON_EV_SIDE, UNLOCK_ON_EV_SIDE, disconnectEvSide, energyTransferStartedLocally, prepareAuthorization, requireCompleteRecord,
  requireOptionalSetting, withTxPoints,
} from './steps.js';

export const suspendOnEvSide = testCase<CsTestCase>({
  useCase: 'E10', ocpp: '2.0.1', sut: 'CS', needs: ['C-10.2', 'C-06.1', 'C-12.2', 'HFS-1'],
  octt: [partial('TC_E_26_CS', 'run for a station with a detachable cable (HFS-1): step 3 (Available, for a permanently attached cable) is not reproduced, the harness has no fixed-cable operator flow')],
  actions: ['presentIdToken', 'plugIn', 'evSuspend', 'evSideDisconnect'],
  title: 'EV-side disconnect, StopTxOnEVSideDisconnect false, TxStopPoint Authorized: the transaction is suspended (Updated, Idle); plugged in again it reports CablePluggedIn and charges',
  killedBy: ['cs.ev-side-disconnect-ignored', 'cs.tx-stop-points-ignored'],
  async run(ctx) {
    const { csms, sut } = ctx;
    await csms.booted();
    await prepareAuthorization(csms);
    await requireOptionalSetting(csms, UNLOCK_ON_EV_SIDE, 'false', 'C-12');
    await requireOptionalSetting(csms, STOP_TX_ON_EV_SIDE, 'false', 'C-06');
    await withTxPoints(ctx, { stop: 'Authorized' }, async (tx) => {
      const s = await energyTransferStartedLocally(ctx, tx);
      await suspendByEv(ctx, s);
      const lost = await disconnectEvSide(ctx, s);
      if (lost.payload.eventType !== 'Updated') throw new Verdict(`StopTxOnEVSideDisconnect is false and TxStopPoint Authorized: the transaction must go on (eventType Updated), got ${brief(lost)}`, 'E10.FR.01');
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
      requireCompleteRecord(csms, s.txId!);
    });
  },
});
