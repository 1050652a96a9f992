// E12 (SUT = charging station): a whole transaction happens while the station is offline (memory state
// TransactionEventsInQueueEnded); after reconnecting it sends all its TransactionEvents, offline, in order, none
// lost and none twice (TC_E_43).
import { full, testCase, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { info, setIfWritable } from '../../../shared/session-states.js';
import { OFFLINE_TX_FOR_UNKNOWN_ID, eventsOf, offlinePeriod, requireCompleteRecord, requireOffline } from './steps.js';

export const offlineTransaction = testCase<CsTestCase>({
  useCase: 'E12', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_43_CS'), actions: ['plugIn', 'presentIdToken', 'unplug'],
  title: 'A transaction started and ended while offline: after reconnecting all its TransactionEvents arrive, offline true, Started and Ended among them, in order, none lost or repeated',
  killedBy: ['cs.tx-queue-drops-message', 'cs.tx-queue-out-of-order', 'cs.tx-queue-duplicate', 'cs.tx-queued-not-offline', 'cs.tx-seqno-gap'],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    await csms.booted();
    await setIfWritable(csms, '2.0.1', OFFLINE_TX_FOR_UNKNOWN_ID, 'true');
    const evse = profile.evses[0]!.id;
    const token = { evse, idToken: profile.idTokens.valid, type: profile.idTokens.type };
    const before = await offlinePeriod(ctx, profile.timing.connectionTimeoutS, async () => {
      await sut.act('plugIn', { evse });
      await sut.act('presentIdToken', token);
      await sut.act('presentIdToken', token);
      await sut.act('unplug', { evse });
    });
    const first = await csms.expectCall('TransactionEvent', { after: csms.received.filter((c) => c.connection <= before).at(-1) ?? 0 })
      .catch(() => { throw new Verdict('after reconnecting the station must send the TransactionEvents of the transaction it ran offline', 'E12.FR.01'); });
    const txId = String(info(first).transactionId);
    await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: { transactionId: txId } }, after: first })
      .catch(() => { if (first.payload.eventType !== 'Ended') throw new Verdict(`the transaction ${txId} run offline must be reported up to its Ended event`, 'E12.FR.01'); });
    const events = eventsOf(csms, txId);
    requireOffline(events, before, 'E12.FR.02');
    requireCompleteRecord(csms, txId);
    if (!events.some((e) => e.payload.eventType === 'Ended')) throw new Verdict(`transaction ${txId}: no Ended event arrived`, 'E12.FR.01');
  },
});
