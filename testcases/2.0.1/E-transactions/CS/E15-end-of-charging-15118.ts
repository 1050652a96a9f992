// E15 (SUT = charging station): the ISO 15118 EV ends the charging session with SessionStopReq(Terminate)
// (operator action evSessionStop). The station tells the CSMS the authorization was stopped by the EV:
// triggerReason StopAuthorized, chargingState EVConnected; where TxStopPoint holds Authorized, PowerPathClosed or
// EnergyTransfer this ends the transaction (stoppedReason StoppedByEV), otherwise it goes on (TC_E_46).
import { full, testCase, type CsContext, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { brief, info, markOf, readTxSettings, type TxSettings } from '../../../shared/session-states.js';
import { energyTransferStartedLocally, prepareAuthorization, requireCompleteRecord, withTxPoints } from './steps.js';

/** TxStopPoint members the end of the authorization reaches. */
const ENDS_AT_AUTHORIZATION = ['Authorized', 'PowerPathClosed', 'EnergyTransfer'];

/** TC_E_46 with the station's TxStopPoint as it finds it (`tx` given: as a test set it). */
async function sessionStopByEv(ctx: CsContext, tx?: TxSettings): Promise<void> {
  const { csms, sut } = ctx;
  const s = await energyTransferStartedLocally(ctx, tx ?? await readTxSettings(csms, '2.0.1'));
  const since = markOf(csms);
  await sut.act('evSessionStop', { evse: s.evseId });
  const event = await csms.expectCall('TransactionEvent', { where: { transactionInfo: { transactionId: s.txId } }, after: since ?? 0 })
    .catch(() => { throw new Verdict('the EV ended the charging session (ISO 15118 SessionStopReq Terminate): a TransactionEvent must tell the CSMS the authorization stopped', 'E15.FR.04'); });
  const what = `the TransactionEvent after the EV ended the session (${brief(event)})`;
  if (event.payload.triggerReason !== 'StopAuthorized') throw new Verdict(`${what}: triggerReason must be StopAuthorized`, 'E15.FR.04');
  if (info(event).chargingState !== 'EVConnected') throw new Verdict(`${what}: transactionInfo.chargingState must be EVConnected`, 'E15.FR.04');
  const ends = ENDS_AT_AUTHORIZATION.some((p) => s.tx.stopPoints.includes(p));
  if (ends) {
    if (event.payload.eventType !== 'Ended') throw new Verdict(`${what}: TxStopPoint ${s.tx.stopPoints.join(',')} ends the transaction with the authorization, eventType must be Ended`, 'E15.FR.05');
    if (info(event).stoppedReason !== 'StoppedByEV') throw new Verdict(`${what}: transactionInfo.stoppedReason must be StoppedByEV`, 'E15.FR.05');
  } else if (event.payload.eventType !== 'Updated') {
    throw new Verdict(`${what}: TxStopPoint ${s.tx.stopPoints.join(',')} does not end the transaction with the authorization, eventType must be Updated`, 'E15.FR.05');
  }
  requireCompleteRecord(csms, s.txId!);
}

export const endOfCharging15118 = testCase<CsTestCase>({
  useCase: 'E15', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_46_CS'), needs: ['ISO15118'], actions: ['presentIdToken', 'plugIn', 'evSessionStop'],
  title: 'The ISO 15118 EV ends the session (SessionStopReq Terminate): StopAuthorized with chargingState EVConnected; Ended with StoppedByEV where TxStopPoint ends at the authorization, else Updated',
  killedBy: ['cs.ev-session-stop-wrong-trigger'],
  async run(ctx) {
    await ctx.csms.booted();
    await prepareAuthorization(ctx.csms);
    await sessionStopByEv(ctx);
  },
});

// Beyond the document's run with the station's own TxStopPoint: its other branch, TxStopPoint EVConnected, where the
// EV's session stop ends only the authorization and the transaction runs on until the cable goes.
export const authorizationOnly = testCase<CsTestCase>({
  useCase: 'E15', variant: 'ev-connected', ocpp: '2.0.1', sut: 'CS', needs: ['ISO15118', 'C-10.1'], actions: ['presentIdToken', 'plugIn', 'evSessionStop'],
  title: 'TxStopPoint EVConnected: the ISO 15118 EV ending the session stops the authorization only (Updated, StopAuthorized, EVConnected)',
  killedBy: ['cs.ev-session-stop-wrong-trigger', 'cs.tx-stop-points-ignored'],
  async run(ctx) {
    await ctx.csms.booted();
    await prepareAuthorization(ctx.csms);
    await withTxPoints(ctx, { stop: 'EVConnected' }, (tx) => sessionStopByEv(ctx, tx));
  },
});
