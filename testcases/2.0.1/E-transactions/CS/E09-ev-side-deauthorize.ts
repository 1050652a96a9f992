// E09 (SUT = charging station): the cable comes out at the EV side and StopTxOnEVSideDisconnect is true: the
// transaction ends (EVCommunicationLost, Idle); the cable left at the station is unlocked at once
// (UnlockOnEVSideDisconnect true, TC_E_24) or after the token is presented again (false, TC_E_25); the connector
// is Available once it is out.
import { full, testCase, type CsContext, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { expectConnectorStatus, markOf, readTxSettings, suspendByEv } from '../../../shared/session-states.js';
import {
  STOP_TX_ON_EV_SIDE, UNLOCK_ON_EV_SIDE, disconnectEvSide, energyTransferStartedLocally, prepareAuthorization, requireOptionalSetting,
} from './steps.js';

async function deauthorizeOnEvSide(ctx: CsContext, unlock: boolean): Promise<void> {
  const { csms, sut, profile } = ctx;
  await csms.booted();
  await prepareAuthorization(csms);
  await requireOptionalSetting(csms, STOP_TX_ON_EV_SIDE, 'true', 'C-06');
  await requireOptionalSetting(csms, UNLOCK_ON_EV_SIDE, String(unlock), 'C-12');
  const s = await energyTransferStartedLocally(ctx, await readTxSettings(csms, '2.0.1'));
  const suspended = await suspendByEv(ctx, s);
  if (suspended.payload.eventType === 'Ended') return void csms.log.event('the transaction ended with the suspension (TxStopPoint EnergyTransfer): no EV-side step left');
  const event = await disconnectEvSide(ctx, s);
  if (event.payload.eventType !== 'Ended') throw new Verdict('StopTxOnEVSideDisconnect is true: the EV-side disconnect must end the transaction (eventType Ended)', 'E09.FR.01');
  const since = markOf(csms);
  // The cable stays locked at the station until the driver shows the token again (E09.FR.03).
  if (!unlock) await sut.act('presentIdToken', { evse: s.evseId, idToken: profile.idTokens.valid, type: profile.idTokens.type });
  await sut.act('unplug', { evse: s.evseId });
  await expectConnectorStatus(csms, s.evseId, s.connectorId, 'Available', since, 'after the cable was taken out at the station');
}

export const unlockTrue = testCase<CsTestCase>({
  useCase: 'E09', variant: 'unlock', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_24_CS'), needs: ['HFS-1', 'C-06.2', 'C-12.1'],
  actions: ['presentIdToken', 'plugIn', 'evSuspend', 'evSideDisconnect', 'unplug'],
  title: 'EV-side disconnect, StopTxOnEVSideDisconnect and UnlockOnEVSideDisconnect true: the transaction ends (EVCommunicationLost, Idle); the cable comes out, Available',
  killedBy: ['cs.ev-side-disconnect-ignored', 'cs.ev-suspend-unreported'],
  run: (ctx) => deauthorizeOnEvSide(ctx, true),
});

export const unlockFalse = testCase<CsTestCase>({
  useCase: 'E09', variant: 'locked', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_25_CS'), needs: ['HFS-1', 'C-06.2', 'C-12.2'],
  actions: ['presentIdToken', 'plugIn', 'evSuspend', 'evSideDisconnect', 'unplug'],
  title: 'EV-side disconnect, StopTxOnEVSideDisconnect true, UnlockOnEVSideDisconnect false: the transaction ends; the token releases the cable, Available',
  killedBy: ['cs.ev-side-disconnect-ignored'],
  run: (ctx) => deauthorizeOnEvSide(ctx, false),
});
