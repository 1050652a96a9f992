// E14 with the CSMS as SUT (C-16, checking the transaction status): the CSMS asks GetTransactionStatus, for one
// transaction or none, and the station answers whether that transaction goes on and whether messages wait in its
// queue; where they do, the queued messages (offline true, older timestamps, TC_E_31 out of seqNo order) follow
// and the CSMS must take them. The operator has the CSMS ask (action getTransactionStatus); a CSMS that asks on its
// own after the reconnect is taken as well.
import { Verdict } from '../../../../src/harness/peer.js';
import { full, testCase, type CsmsContext, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import type { Payload } from '../../../../src/ocpp/frames.js';
import { runningSession, type SimSession } from '../../../shared/tx-csms-steps.js';

type Def = Pick<CsmsTestCase, 'variant' | 'title' | 'killedBy' | 'run'> & { id: string };
const statusCase = ({ id, ...def }: Def) => testCase<CsmsTestCase>({
  useCase: 'E14', ocpp: '2.0.1', sut: 'CSMS', octt: full(id), needs: ['C-16'], actions: ['getTransactionStatus'], ...def,
});

/**
 * Have the CSMS ask for the status (of `s`'s transaction, or of none) and answer it `answer`; a request naming
 * exactly what was asked must come. `since`: requests from this point on count (a CSMS may ask by itself on
 * reconnect). A request of its own that asks something else (say, each open transaction by ID on a reconnect
 * where the document wants the queue as a whole) is no defect: the operator then has it ask as the document does.
 */
async function askStatus({ station, sut }: CsmsContext, s: SimSession | undefined, answer: Payload, since = station.received.length): Promise<void> {
  station.answer('GetTransactionStatus', answer);
  const after = station.received[since - 1] ?? 0;
  const wanted = (p: Payload) => (s ? p.transactionId === s.id : p.transactionId === undefined);
  const asked = station.received.slice(since).some((c) => c.action === 'GetTransactionStatus' && wanted(c.payload));
  if (!asked) await sut.act('getTransactionStatus', s ? { transactionId: s.id } : {});
  try {
    await station.expectCall('GetTransactionStatus', { after, where: wanted });
  } catch (err) {
    const named = station.received.slice(since).filter((c) => c.action === 'GetTransactionStatus').map((c) => c.payload.transactionId);
    if (!(err instanceof Verdict) || named.length === 0) throw err;
    const got = named.map((id) => (id === undefined ? 'no transactionId' : String(id))).join(', ');
    throw new Verdict(s
      ? `GetTransactionStatus must name transaction ${s.id}, got ${got}`
      : `GetTransactionStatus for the station's queue as a whole must leave transactionId out, got ${got}`);
  }
}

/**
 * The connection drops during the transaction and comes back (the document's configured transaction duration is
 * kept short). `answer` is set first: a CSMS may ask as soon as the station is back.
 */
async function dropAndReturn(station: CsmsContext['station'], answer: Payload): Promise<number> {
  station.answer('GetTransactionStatus', answer);
  await station.goOffline();
  const since = station.received.length;
  await station.backOnline();
  return since;
}

export const ongoingWithQueue = statusCase({
  id: 'TC_E_29_CSMS', variant: 'ongoing-queued',
  title: 'After a reconnect the CSMS asks the status of the running transaction by its ID; told messages wait, it takes the queued event (offline, with meter values)',
  killedBy: ['csms.tx-status-drops-id', 'csms.tx-status-not-sent', 'csms.rejects-offline-queued'],
  async run(ctx) {
    const { station } = ctx;
    await station.booted();
    const s = await runningSession(station);
    const answer = { ongoingIndicator: true, messagesInQueue: true };
    const since = await dropAndReturn(station, answer);
    await askStatus(ctx, s, answer, since);
    await s.event({ eventType: 'Updated', trigger: 'MeterValuePeriodic', offline: true, agoMs: 1_000, meter: { contexts: ['Sample.Periodic'] } });
  },
});

export const ongoingNoQueue = statusCase({
  id: 'TC_E_30_CSMS', variant: 'ongoing',
  title: 'The CSMS asks the status of the running transaction by its ID; the station answers ongoing, nothing queued',
  killedBy: ['csms.tx-status-drops-id', 'csms.tx-status-not-sent'],
  async run(ctx) {
    await ctx.station.booted();
    const s = await runningSession(ctx.station);
    await askStatus(ctx, s, { ongoingIndicator: true, messagesInQueue: false });
  },
});

export const endedWithQueue = statusCase({
  id: 'TC_E_31_CSMS', variant: 'ended-queued',
  title: 'After a reconnect the queued Ended event comes first, two seqNo skipped; the CSMS asks the transaction\'s status and takes the two missing events, offline and late',
  killedBy: ['csms.tx-status-drops-id', 'csms.tx-status-not-sent', 'csms.rejects-offline-queued', 'csms.tx-event-seqno-in-order'],
  async run(ctx) {
    const { station } = ctx;
    await station.booted();
    const s = await runningSession(station);
    const answer = { ongoingIndicator: false, messagesInQueue: true };
    const since = await dropAndReturn(station, answer);
    await station.call('StatusNotification', station.statusPayload(s.evseId, s.connectorId, 'Available'));
    const skipped = s.seqNo;
    s.seqNo += 2;
    await s.event({ eventType: 'Ended', trigger: 'EVCommunicationLost', chargingState: 'Idle', offline: true, agoMs: 1_000 });
    await askStatus(ctx, s, answer, since);
    await s.event({ eventType: 'Updated', trigger: 'StopAuthorized', offline: true, seqNo: skipped, agoMs: 3_000 });
    await s.event({ eventType: 'Updated', trigger: 'ChargingStateChanged', chargingState: 'EVConnected', offline: true, seqNo: skipped + 1, agoMs: 2_000 });
  },
});

export const queueWithQueue = statusCase({
  id: 'TC_E_33_CSMS', variant: 'queue-queued',
  title: 'After a reconnect the CSMS asks about the station\'s queue without a transactionId; told messages wait, it takes the queued event',
  killedBy: ['csms.tx-status-adds-id', 'csms.tx-status-not-sent', 'csms.rejects-offline-queued'],
  async run(ctx) {
    const { station } = ctx;
    await station.booted();
    const s = await runningSession(station);
    const answer = { messagesInQueue: true };
    const since = await dropAndReturn(station, answer);
    await askStatus(ctx, undefined, answer, since);
    await s.event({ eventType: 'Updated', trigger: 'MeterValuePeriodic', offline: true, agoMs: 1_000, meter: { contexts: ['Sample.Periodic'] } });
  },
});

export const queueNoQueue = statusCase({
  id: 'TC_E_34_CSMS', variant: 'queue',
  title: 'The CSMS asks about the station\'s queue without a transactionId; the station answers nothing queued',
  killedBy: ['csms.tx-status-not-sent'],
  async run(ctx) {
    await ctx.station.booted();
    await askStatus(ctx, undefined, { messagesInQueue: false });
  },
});
