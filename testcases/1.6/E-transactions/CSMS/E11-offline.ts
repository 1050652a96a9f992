// E11 in 1.6 with the CSMS as SUT: transaction messages that reach the CSMS late. TC_032_1_CSMS a power failure
// during a transaction (boot, statuses, StopTransaction PowerLoss); TC_037_1 / TC_037_3 a transaction started
// offline with a valid or an unknown idTag, reported after the connection returns; TC_039 a whole transaction
// held offline. Queued messages carry the times they happened; the CSMS must take them and judge the idTag.
import { Verdict } from '../../../../src/harness/peer.js';
import { full, testCase, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { ago, charging16, prior, reportConnector, requireTokenStatus, start16 } from '../../../shared/tx-csms-steps.js';

/** How long ago the offline transaction started and stopped (the official tool's configured transaction duration). */
const STARTED_AGO_MS = 60_000;
const STOPPED_AGO_MS = 30_000;

export const powerFailure = testCase<CsmsTestCase>({
  useCase: 'E11', variant: 'power-failure', ocpp: '1.6', sut: 'CSMS', octt: full('TC_032_1_CSMS'),
  title: 'Power failure while charging: the station boots again (Accepted), reports Finishing for the connector that charged and Available for the rest, and stops the transaction with reason PowerLoss',
  killedBy: ['csms.stop-transaction-rejects-reason'],
  async run({ station, profile }) {
    await station.booted();
    const connectorId = profile.evses[0]!.id;
    let transactionId = 0;
    await prior(station, 'Charging', async () => { transactionId = await charging16(station, connectorId); });
    await station.goOffline();
    await station.backOnline();
    const boot = await station.call('BootNotification', station.bootPayload());
    if (boot.status !== 'Accepted') throw new Verdict(`the BootNotification after the power failure must be Accepted, got ${String(boot.status)}`);
    for (const id of [0, ...profile.evses.map((e) => e.id)]) await reportConnector(station, id, id === connectorId ? 'Finishing' : 'Available');
    await station.call('StopTransaction', station.stopTransactionPayload(transactionId, 1_000, 'PowerLoss'));
  },
});

/** TC_037_1 / TC_037_3: connectivity goes, the driver starts offline, connectivity returns and the queued StartTransaction goes out. */
function offlineStart(variant: string, id: string, valid: boolean) {
  return testCase<CsmsTestCase>({
    useCase: 'E11', variant, ocpp: '1.6', sut: 'CSMS', octt: full(id),
    title: valid
      ? 'Transaction started offline with a valid idTag: the late StartTransaction is Accepted, then Charging'
      : 'Transaction started offline with an unknown idTag: the late StartTransaction is answered Invalid, Charging, the station stops it (DeAuthorized), Finishing',
    killedBy: ['csms.rejects-offline-queued', ...(valid ? [] : ['csms.start-accepts-unknown-token', 'csms.stop-transaction-rejects-reason'])],
    async run({ station, profile }) {
      await station.booted();
      const connectorId = profile.evses[0]!.id;
      await station.goOffline();
      await station.backOnline();
      const idTag = valid ? profile.idTokens.valid : profile.idTokens.invalid;
      const { transactionId, answer } = await start16(station, connectorId, idTag, { timestamp: ago(STARTED_AGO_MS) });
      requireTokenStatus(answer, [valid ? 'Accepted' : 'Invalid'], `the queued StartTransaction with the ${valid ? 'valid' : 'unknown'} idTag ${idTag}`);
      await reportConnector(station, connectorId, 'Charging');
      if (valid) return;
      await station.call('StopTransaction', station.stopTransactionPayload(transactionId, 200, 'DeAuthorized'));
      await reportConnector(station, connectorId, 'Finishing');
    },
  });
}

export const offlineStartValid = offlineStart('offline-start', 'TC_037_1_CSMS', true);
export const offlineStartInvalid = offlineStart('offline-start-invalid', 'TC_037_3_CSMS', false);

export const offlineTransaction = testCase<CsmsTestCase>({
  useCase: 'E11', variant: 'offline-transaction', ocpp: '1.6', sut: 'CSMS', octt: full('TC_039_CSMS'),
  title: 'A whole transaction held offline: after the reconnect the late StartTransaction is Accepted and the StopTransaction (Local) naming the ID it got is answered',
  killedBy: ['csms.rejects-offline-queued'],
  async run({ station, profile }) {
    await station.booted();
    const connectorId = profile.evses[0]!.id;
    await station.goOffline();
    await station.backOnline();
    const { transactionId, answer } = await start16(station, connectorId, profile.idTokens.valid, { timestamp: ago(STARTED_AGO_MS) });
    requireTokenStatus(answer, ['Accepted'], 'the queued StartTransaction with the valid idTag');
    await station.call('StopTransaction', station.stopTransactionPayload(transactionId, 800, 'Local', { timestamp: ago(STOPPED_AGO_MS) }));
  },
});

/**
 * Beyond the documents: after the late StartTransaction and StopTransaction of an offline transaction, the same
 * idTag starts a new transaction online: Accepted (not ConcurrentTx: the CSMS took the late stop) and with a
 * transactionId of its own.
 */
export const lateStopTaken = testCase<CsmsTestCase>({
  useCase: 'E11', variant: 'late-stop', ocpp: '1.6', sut: 'CSMS', octt: [],
  title: 'After a transaction held offline is reported late, the same idTag starts a new one: Accepted, not ConcurrentTx, with a new transactionId',
  killedBy: ['csms.ignores-late-end', 'csms.tx-id-reused'],
  async run({ station, profile }) {
    await station.booted();
    const connectorId = profile.evses[0]!.id;
    const idTag = profile.idTokens.valid;
    await station.goOffline();
    await station.backOnline();
    const late = await start16(station, connectorId, idTag, { timestamp: ago(STARTED_AGO_MS) });
    requireTokenStatus(late.answer, ['Accepted'], 'the queued StartTransaction with the valid idTag');
    await station.call('StopTransaction', station.stopTransactionPayload(late.transactionId, 800, 'Local', { timestamp: ago(STOPPED_AGO_MS), idTag }));
    const next = await start16(station, connectorId, idTag);
    requireTokenStatus(next.answer, ['Accepted'], 'a new StartTransaction with the valid idTag after the late StopTransaction of its previous one (a CSMS that lost the late stop still thinks it runs)');
    if (next.transactionId === late.transactionId) throw new Verdict(`the new transaction got transactionId ${next.transactionId}, the one the offline transaction had: each transaction needs its own`);
  },
});
