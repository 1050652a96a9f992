// E14 (SUT = charging station): GetTransactionStatus tells the CSMS whether a transaction is ongoing and whether
// transaction messages wait in the station's queue: unknown ID (TC_E_28), ongoing (TC_E_30), ended (TC_E_32),
// without an ID (TC_E_34), and an ended transaction whose messages wait after an offline period (TC_E_31); an
// ongoing transaction whose sampled readings wait after an offline period, asked with (TC_E_29) and without its ID
// (TC_E_33).
import { randomUUID } from 'node:crypto';
import { full, partial, testCase, type CsContext, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import type { Payload } from '../../../../src/ocpp/frames.js';
import { disconnectEv, postSession, readTxSettings, stopAuthorizedLocally } from '../../../shared/session-states.js';
import { energyTransferStartedLocally, eventsOf, offlinePeriod, offlineSampling, prepareAuthorization, requireCompleteRecord, requireOffline } from './steps.js';

const common = { ocpp: '2.0.1', sut: 'CS', useCase: 'E14' } as const;

/** GetTransactionStatus and the document's expected answer (ongoingIndicator undefined = must be omitted). */
async function expectStatus(ctx: CsContext, transactionId: string | undefined, ongoing: boolean | undefined, queued: boolean, requirement: string): Promise<void> {
  const answer: Payload = await ctx.csms.call('GetTransactionStatus', transactionId === undefined ? {} : { transactionId });
  const asked = transactionId === undefined ? 'without a transactionId' : `for transaction ${transactionId}`;
  if (ongoing === undefined && answer.ongoingIndicator !== undefined) throw new Verdict(`GetTransactionStatus ${asked}: ongoingIndicator must be omitted, got ${String(answer.ongoingIndicator)}`, requirement);
  if (ongoing !== undefined && answer.ongoingIndicator !== ongoing) throw new Verdict(`GetTransactionStatus ${asked}: ongoingIndicator must be ${ongoing}, got ${String(answer.ongoingIndicator)}`, requirement);
  if (answer.messagesInQueue !== queued) throw new Verdict(`GetTransactionStatus ${asked}: messagesInQueue must be ${queued}, got ${String(answer.messagesInQueue)}`, requirement);
}

async function charging(ctx: CsContext) {
  await ctx.csms.booted();
  await prepareAuthorization(ctx.csms);
  return energyTransferStartedLocally(ctx, await readTxSettings(ctx.csms, '2.0.1'));
}

export const unknownId = testCase<CsTestCase>({
  ...common, variant: 'unknown', octt: full('TC_E_28_CS'),
  title: 'GetTransactionStatus for an unknown transactionId: ongoingIndicator false, messagesInQueue false',
  killedBy: ['cs.tx-status-ongoing-inverted'],
  async run(ctx) {
    await ctx.csms.booted();
    await expectStatus(ctx, randomUUID(), false, false, 'E14.FR.01');
  },
});

export const ongoing = testCase<CsTestCase>({
  ...common, variant: 'ongoing', octt: full('TC_E_30_CS'), actions: ['presentIdToken', 'plugIn'],
  title: 'GetTransactionStatus for the running transaction, nothing queued: ongoingIndicator true, messagesInQueue false',
  killedBy: ['cs.tx-status-ongoing-inverted'],
  async run(ctx) {
    const s = await charging(ctx);
    await expectStatus(ctx, s.txId, true, false, 'E14.FR.02');
  },
});

export const ended = testCase<CsTestCase>({
  ...common, variant: 'ended', octt: full('TC_E_32_CS'), actions: ['presentIdToken', 'plugIn', 'unplug'],
  title: 'GetTransactionStatus for a transaction that ended, nothing queued: ongoingIndicator false, messagesInQueue false',
  killedBy: ['cs.tx-status-ongoing-inverted'],
  async run(ctx) {
    const s = await charging(ctx);
    const stopped = await stopAuthorizedLocally(ctx, s) ?? await postSession(ctx, s, 'Local');
    await disconnectEv(ctx, s, stopped);
    await expectStatus(ctx, s.txId, false, false, 'E14.FR.03');
  },
});

export const withoutId = testCase<CsTestCase>({
  ...common, variant: 'without-id', octt: full('TC_E_34_CS'),
  title: 'GetTransactionStatus without a transactionId, nothing queued: no ongoingIndicator, messagesInQueue false',
  killedBy: ['cs.tx-status-ongoing-inverted'],
  async run(ctx) {
    await ctx.csms.booted();
    await expectStatus(ctx, undefined, undefined, false, 'E14.FR.06');
  },
});

export const endedQueued = testCase<CsTestCase>({
  ...common, variant: 'ended-queued',
  octt: [partial('TC_E_31_CS', 'the queued events are checked as a whole (offline, none lost, repeated or out of order, up to Ended), not one by one against the tool validations of StopAuthorized..ParkingBayUnoccupied; the SampledDataCtrlr TxUpdated preparations are not made, the reference samples no periodic meter values')], actions: ['presentIdToken', 'plugIn', 'unplug'],
  title: 'A transaction stopped while offline: on reconnecting, GetTransactionStatus says not ongoing with messages queued; then its queued events arrive, offline',
  killedBy: ['cs.tx-status-queue-unknown', 'cs.tx-status-ongoing-inverted', 'cs.tx-queued-not-offline'],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    const s = await charging(ctx);
    const token = { evse: s.evseId, idToken: profile.idTokens.valid, type: profile.idTokens.type };
    const before = await offlinePeriod(ctx, profile.timing.connectionTimeoutS, async () => {
      await sut.act('presentIdToken', token);
      await sut.act('unplug', { evse: s.evseId });
    });
    await expectStatus(ctx, s.txId, false, true, 'E14.FR.04');
    await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: { transactionId: s.txId } }, after: s.last })
      .catch(() => { throw new Verdict(`after reconnecting the station must send the queued TransactionEvents of ${s.txId}, up to Ended`, 'E14.FR.04'); });
    requireOffline(eventsOf(csms, s.txId!), before, 'E11.FR.06');
    requireCompleteRecord(csms, s.txId!, { allowRepeats: true });
  },
});

/*
 * TC_E_29 / TC_E_33: readings sampled offline wait in the queue while the transaction runs on. The question is asked
 * the moment the station is back; the harness holds the answer to the first queued event until it is answered, so
 * messages are still queued whichever way the station counts the one in flight.
 */
export const ongoingQueued = testCase<CsTestCase>({
  ...common, variant: 'ongoing-queued', octt: full('TC_E_29_CS'), actions: ['presentIdToken', 'plugIn'],
  title: 'Readings sampled offline wait in the queue: on reconnecting, GetTransactionStatus for the running transaction says ongoing with messages queued; then they arrive, Updated with meter values, offline',
  killedBy: ['cs.tx-status-queue-unknown', 'cs.tx-status-ongoing-inverted', 'cs.tx-queued-not-offline'],
  async run(ctx) {
    await offlineSampling(ctx, { onReconnect: (s) => expectStatus(ctx, s.txId, true, true, 'E14.FR.04') });
  },
});

export const withoutIdQueued = testCase<CsTestCase>({
  ...common, variant: 'without-id-queued', octt: full('TC_E_33_CS'), actions: ['presentIdToken', 'plugIn'],
  title: 'Readings sampled offline wait in the queue: on reconnecting, GetTransactionStatus without a transactionId has no ongoingIndicator and messages queued; then they arrive, Updated with meter values, offline',
  killedBy: ['cs.tx-status-queue-unknown', 'cs.tx-status-ongoing-inverted', 'cs.tx-queued-not-offline'],
  async run(ctx) {
    await offlineSampling(ctx, { onReconnect: () => expectStatus(ctx, undefined, undefined, true, 'E14.FR.07') });
  },
});
