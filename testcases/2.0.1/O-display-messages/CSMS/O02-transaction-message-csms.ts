// O02 Set display message for a specific transaction, CSMS as SUT: the harness (as station) runs a transaction
// (reusable state EnergyTransferStarted) and the operator has the CSMS send a message for it.
import { testCase, full, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { operatorSets, requireRequestField } from '../../../shared/display-message-steps.js';
import { simEnergyTransferStarted, simStopAndDisconnect } from '../../../shared/session-states.js';

const ocpp = '2.0.1';
const actions = ['setDisplayMessage'];
const PRIORITY = 'InFront';

/** The request's validity time must be present (the operator asked for one `inS` seconds ahead). */
function requirePresent(payload: Record<string, unknown>, field: string): void {
  const v = (payload.message as Record<string, unknown>)[field];
  if (v === undefined || Number.isNaN(Date.parse(String(v)))) throw new Verdict(`the operator asked for a message with ${field}: SetDisplayMessage must carry it`);
}

export const success = testCase<CsmsTestCase>({
  useCase: 'O02', variant: 'success', ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions,
  octt: full('TC_O_06_CSMS'),
  title: 'The operator sets a message for the running transaction: SetDisplayMessage names that transaction and the priority; then the EV leaves',
  killedBy: ['csms.set-display-message-drops-transaction', 'csms.set-display-message-wrong-priority'],
  async run(ctx) {
    const { station, profile } = ctx;
    await station.booted();
    const t = await simEnergyTransferStarted(station, profile.evses[0]!.id);
    const call = await operatorSets(ctx, { transactionId: t.id, priority: PRIORITY }, 'Accepted');
    requireRequestField(call, 'message.transactionId', t.id);
    requireRequestField(call, 'message.priority', PRIORITY);
    await simStopAndDisconnect(station, t);
  },
});

export const unknownTransaction = testCase<CsmsTestCase>({
  useCase: 'O02', variant: 'unknown-transaction', ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions,
  octt: full('TC_O_10_CSMS'),
  title: 'The operator sets a message for a transaction the station does not know: it is answered UnknownTransaction',
  killedBy: ['csms.set-display-message-drops-transaction', 'csms.set-display-message-wrong-priority'],
  async run(ctx) {
    const { station, profile } = ctx;
    await station.booted();
    await simEnergyTransferStarted(station, profile.evses[0]!.id);
    const unknown = `unknown-${Date.now().toString(36)}`;
    const call = await operatorSets(ctx, { transactionId: unknown, priority: PRIORITY }, 'UnknownTransaction');
    requireRequestField(call, 'message.transactionId', unknown);
    requireRequestField(call, 'message.priority', PRIORITY);
  },
});

export const startTime = testCase<CsmsTestCase>({
  useCase: 'O02', variant: 'start-time', ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions,
  octt: full('TC_O_27_CSMS'),
  title: 'The operator sets a message for the running transaction with a start time: SetDisplayMessage carries both',
  killedBy: ['csms.set-display-message-drops-validity', 'csms.set-display-message-drops-transaction'],
  async run(ctx) {
    const { station, profile } = ctx;
    await station.booted();
    const t = await simEnergyTransferStarted(station, profile.evses[0]!.id);
    const call = await operatorSets(ctx, { transactionId: t.id, startInS: 60 }, 'Accepted');
    requirePresent(call.payload, 'startDateTime');
    requireRequestField(call, 'message.transactionId', t.id);
  },
});

export const endTime = testCase<CsmsTestCase>({
  useCase: 'O02', variant: 'end-time', ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions,
  octt: full('TC_O_28_CSMS'),
  title: 'The operator sets a message for the running transaction with an end time and a state: SetDisplayMessage carries them all',
  killedBy: ['csms.set-display-message-drops-validity', 'csms.set-display-message-drops-state'],
  async run(ctx) {
    const { station, profile } = ctx;
    await station.booted();
    const t = await simEnergyTransferStarted(station, profile.evses[0]!.id);
    const call = await operatorSets(ctx, { transactionId: t.id, endInS: 60, state: 'Charging', priority: PRIORITY }, 'Accepted');
    requirePresent(call.payload, 'endDateTime');
    requireRequestField(call, 'message.priority', PRIORITY);
    requireRequestField(call, 'message.state', 'Charging');
    requireRequestField(call, 'message.transactionId', t.id);
  },
});
