// E08 (SUT = charging station): the transaction is stopped while the station is offline; after reconnecting it
// sends the queued TransactionEvents, each marked offline, in order, the Ended one among them (TC_E_44).
import { full, testCase, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { readTxSettings } from '../../../shared/session-states.js';
import { energyTransferStartedLocally, eventsOf, offlinePeriod, prepareAuthorization, requireCompleteRecord, requireOffline } from './steps.js';

export const offlineStop = testCase<CsTestCase>({
  useCase: 'E08', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_44_CS'), actions: ['presentIdToken', 'plugIn', 'unplug'],
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
    });
    await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: { transactionId: s.txId } }, after: s.last })
      .catch(() => { throw new Verdict(`after reconnecting the station must send the TransactionEvents it queued for ${s.txId}, the Ended one among them`, 'E08.FR.04'); });
    const late = requireOffline(eventsOf(csms, s.txId!), before, 'E08.FR.05');
    if (!late.length) throw new Verdict('no TransactionEvent made while offline arrived after reconnecting', 'E08.FR.04');
    requireCompleteRecord(csms, s.txId!, { allowRepeats: true });
  },
});
