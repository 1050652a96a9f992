// E07 (SUT = charging station): the driver ends a running transaction by presenting the same token again; then
// the energy ends, the EV is unplugged (and, where TxStopPoint holds ParkingBayOccupancy, drives out of the bay) and
// the transaction is over (TC_E_06).
import { full, testCase, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { afterMark, brief, disconnectEv, driveOutOfBay, info, markOf, postSession, readTxSettings, stopAuthorizedLocally } from '../../../shared/session-states.js';
import { energyTransferStartedLocally, prepareAuthorization, requireCompleteRecord } from './steps.js';

export const localStop = testCase<CsTestCase>({
  useCase: 'E07', ocpp: '2.0.1', sut: 'CS', actions: ['presentIdToken', 'plugIn', 'unplug', 'driveOut'], octt: full('TC_E_06_CS'),
  title: 'Local stop: the same token stops the transaction (StopAuthorized), energy ends, unplugging reports Available (and, TxStopPoint ParkingBayOccupancy, the EV leaves the bay); the transaction ends, its record complete',
  killedBy: ['cs.tx-stop-reason-other', 'cs.tx-meter-decreasing', 'cs.tx-seqno-gap'],
  async run(ctx) {
    const { csms } = ctx;
    await csms.booted();
    await prepareAuthorization(csms);
    const tx = await readTxSettings(csms, '2.0.1');
    const s = await energyTransferStartedLocally(ctx, tx);
    const stopped = await stopAuthorizedLocally(ctx, s) ?? await postSession(ctx, s, 'Local');
    const unplugged = stopped ?? await disconnectEv(ctx, s, stopped);
    if (stopped) await disconnectEv(ctx, s, stopped);
    // Reusable state ParkingBayUnoccupied: a step only where the bay is a stop point and the transaction still runs.
    const ended = await driveOutOfBay(ctx, s, 'Local', unplugged?.payload.eventType === 'Ended' ? unplugged : undefined) ?? unplugged;
    if (ended?.payload.eventType !== 'Ended') {
      throw new Verdict(`after the local stop and unplugging, the transaction must have ended; the last event was ${brief(s.last!)}`, 'E07.FR.04');
    }
    const reason = info(ended).stoppedReason;
    if (reason !== undefined && reason !== 'Local' && reason !== 'EVDisconnected') {
      throw new Verdict(`a transaction stopped by the driver at the station ends with stoppedReason Local (or EVDisconnected when the cable ended it), got ${String(reason)}`, 'E06.FR.15');
    }
    requireCompleteRecord(csms, s.txId!);
  },
});

// Beyond the official online cases (TC_E_45_CS is the offline one, with a cache or local list): a token of the same
// group as the one that started the transaction stops it. The CSMS gives both tokens one groupIdToken.
export const groupStop = testCase<CsTestCase>({
  useCase: 'E07', variant: 'group', ocpp: '2.0.1', sut: 'CS', actions: ['presentIdToken', 'plugIn'],
  title: 'Another token of the same group (same groupIdToken in the Authorize answer) stops the transaction: Authorize for it, then the stop (StopAuthorized)',
  killedBy: ['cs.group-stop-refused'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    await prepareAuthorization(csms);
    const group = { idToken: `GROUP${Math.floor(Math.random() * 1e6)}`, type: 'Central' };
    // The CSMS names the group wherever it describes a token (Authorize and the transaction's answers).
    csms.answer('Authorize', { idTokenInfo: { status: 'Accepted', groupIdToken: group } });
    csms.answer('TransactionEvent', (c) => (c.payload.idToken ? { idTokenInfo: { status: 'Accepted', groupIdToken: group } } : {}));
    const s = await energyTransferStartedLocally(ctx, await readTxSettings(csms, '2.0.1'));
    const mate = { idToken: 'GROUPMATE01', type: profile.idTokens.type };
    const since = markOf(csms);
    const stopped = await stopAuthorizedLocally(ctx, s, mate) ?? await postSession(ctx, s, 'Local');
    const authorize = await csms.expectCall('Authorize', { after: afterMark(since), within: 1 })
      .catch(() => { throw new Verdict('a token the station does not know was presented to stop the transaction: it must be authorized first (Authorize)', 'C01.FR.02'); });
    if ((authorize.payload.idToken as { idToken?: string } | undefined)?.idToken !== mate.idToken) throw new Verdict(`Authorize must carry the presented token ${mate.idToken}, got ${brief(authorize)}`);
    if (csms.received.indexOf(authorize) > csms.received.indexOf(s.last!)) throw new Verdict('the station stopped the transaction before the CSMS authorized the group token');
    if (!stopped && s.tx.stopPoints.some((p) => ['Authorized', 'PowerPathClosed', 'EnergyTransfer'].includes(p))) {
      throw new Verdict(`TxStopPoint ${s.tx.stopPoints.join(',')}: the stop by a token of the same group must end the transaction`, 'E06.FR.03');
    }
  },
});
