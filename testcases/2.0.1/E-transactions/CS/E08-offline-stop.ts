// E08 (SUT = charging station): the transaction is stopped while the station is offline; after reconnecting it
// sends the queued TransactionEvents, each marked offline, in order, the Ended one among them (TC_E_44); the same with
// the stop by another token of the group, known from the local list or cache (TC_E_45).
import { full, partial, testCase, type CsContext, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { NotApplicable } from '../../../../src/harness/verdicts.js';
import { readTxSettings, setIfWritable, type Session } from '../../../shared/session-states.js';
import { answerTokens } from '../../../shared/authorization-steps.js';
import { tokenCached } from '../../../shared/auth-cache-steps.js';
import { enableLocalList } from '../../../shared/local-list-steps.js';
import { AUTH_CACHE_ENABLED, energyTransferStartedLocally, eventsOf, offlinePeriod, prepareAuthorization, requireCompleteRecord, requireOffline } from './steps.js';

/** The documents' last manual action while offline: the EV drives out of the bay, only needed where TxStopPoint holds ParkingBayOccupancy. */
async function leaveBay({ sut }: CsContext, s: Session): Promise<void> {
  if (s.tx.stopPoints.includes('ParkingBayOccupancy')) await sut.act('driveOut', { evse: s.evseId });
}

export const offlineStop = testCase<CsTestCase>({
  useCase: 'E08', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_44_CS'), actions: ['presentIdToken', 'plugIn', 'unplug', 'driveOut'],
  title: 'Stopped while offline: after reconnecting the queued TransactionEvents arrive with offline true, the transaction Ended, its record complete',
  killedBy: ['cs.tx-queued-not-offline', 'cs.no-reconnect'],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    await csms.booted();
    await prepareAuthorization(csms);
    const s = await energyTransferStartedLocally(ctx, await readTxSettings(csms, '2.0.1'));
    const before = await offlinePeriod(ctx, profile.timing.connectionTimeoutS, async () => {
      await sut.act('presentIdToken', { evse: s.evseId, idToken: profile.idTokens.valid, type: profile.idTokens.type });
      await sut.act('unplug', { evse: s.evseId });
      await leaveBay(ctx, s);
    });
    await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: { transactionId: s.txId } }, after: s.last })
      .catch(() => { throw new Verdict(`after reconnecting the station must send the TransactionEvents it queued for ${s.txId}, the Ended one among them`, 'E08.FR.04'); });
    const late = requireOffline(eventsOf(csms, s.txId!), before, 'E08.FR.05');
    if (!late.length) throw new Verdict('no TransactionEvent made while offline arrived after reconnecting', 'E08.FR.04');
    requireCompleteRecord(csms, s.txId!, { allowRepeats: true });
  },
});

/**
 * TC_E_45: the same offline stop by another token of the starting token's group, which the station knows from its
 * local authorization list (or, without one, its authorization cache) with that group. The queued events arrive
 * offline, Ended among them; beyond the document's validations the harness also requires the stop itself among them
 * (triggerReason StopAuthorized before the cable left), since the unplugging alone would end the transaction too.
 */
export const offlineGroupStop = testCase<CsTestCase>({
  useCase: 'E08', variant: 'group', ocpp: '2.0.1', sut: 'CS',
  octt: [partial('TC_E_45_CS', 'a station with both a cache and a local list is given the second token through its local list only (the document sets up both memory states)')], actions: ['presentIdToken', 'plugIn', 'unplug', 'driveOut'],
  title: 'Stopped while offline by another token of the same group known from the local list or cache: after reconnecting the queued events arrive offline, the stop (StopAuthorized) and Ended among them',
  killedBy: ['cs.tx-queued-not-offline', 'cs.group-stop-refused'],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    const { valid2, groupId, type } = profile.idTokens;
    const features = new Set(profile.features);
    const route = features.has('LA-1') ? 'list' : features.has('C-49') ? 'cache' : undefined;
    if (!route) throw new NotApplicable('the test needs an authorization cache (C-49) or a local authorization list (LA-1); the SUT profile claims neither');
    await csms.booted();
    await prepareAuthorization(csms);
    answerTokens(csms);
    if (route === 'list') {
      // Memory state IdTokenLocalAuthList: the second token, with the group.
      await enableLocalList(csms, '2.0.1');
      const answer = await csms.call('SendLocalList', {
        versionNumber: 45, updateType: 'Full',
        localAuthorizationList: [{ idToken: { idToken: valid2, type }, idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: groupId, type: 'Central' } } }],
      });
      if (answer.status !== 'Accepted') throw new Verdict(`SendLocalList Full with ${valid2} must be Accepted, got ${String(answer.status)}`, 'D01.FR.02');
    } else {
      // Memory state IdTokenCached: the CSMS's Authorize answer (answerTokens) gives the second token the group.
      await setIfWritable(csms, '2.0.1', AUTH_CACHE_ENABLED, 'true');
      await tokenCached(ctx, profile.evses[0]!.id, valid2);
    }
    const tx = await readTxSettings(csms, '2.0.1');
    // State Authorized with the group (answerTokens names it for the valid token), then EnergyTransferStarted.
    const s = await energyTransferStartedLocally(ctx, tx);
    const before = await offlinePeriod(ctx, profile.timing.connectionTimeoutS, async () => {
      await sut.act('presentIdToken', { evse: s.evseId, idToken: valid2, type });
      await sut.act('unplug', { evse: s.evseId });
      await leaveBay(ctx, s);
    });
    await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: { transactionId: s.txId } }, after: s.last })
      .catch(() => { throw new Verdict(`after reconnecting the station must send the TransactionEvents it queued for ${s.txId}, the Ended one among them`, 'E08.FR.04'); });
    const late = requireOffline(eventsOf(csms, s.txId!), before, 'E08.FR.05');
    const stop = late.find((e) => e.payload.triggerReason === 'StopAuthorized');
    const unplugged = late.find((e) => e.payload.triggerReason === 'EVCommunicationLost');
    if (!stop || (unplugged && late.indexOf(unplugged) < late.indexOf(stop))) {
      throw new Verdict(`${valid2} is of the starting token's group (${groupId}) and known to the station from its ${route === 'list' ? 'local list' : 'cache'}: presented offline it must stop the transaction (triggerReason StopAuthorized) before the cable left; got ${late.map((e) => String(e.payload.triggerReason)).join(', ')}`, 'C09.FR.03');
    }
    requireCompleteRecord(csms, s.txId!, { allowRepeats: true });
  },
});
