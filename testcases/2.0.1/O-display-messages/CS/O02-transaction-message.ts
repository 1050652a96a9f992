// O02 Set display message for a specific transaction, charging station as SUT. The transaction is reached as the
// reusable state EnergyTransferStarted and ended as the documents do: StopAuthorized (the driver's token again),
// EVConnectedPostSession, EVDisconnected (ParkingBayUnoccupied needs no step of a station without a bay sensor).
import { testCase, full, partial, type CsTestCase, type CsContext } from '../../../../src/harness/test-case.js';
import {
  CONTENT, displaySupport, expectNoMessages, getMessages, inSeconds, nextId, reported, requireField, requirePriority, setMessage,
  validityS, waitUntil,
} from '../../../shared/display-message-steps.js';
import { charging, disconnectEv, postSession, stopAuthorizedLocally, type Charging } from '../../../shared/session-states.js';

const ocpp = '2.0.1';
const needs = ['advanced-user-interface'];
const actions = ['plugIn', 'presentIdToken', 'unplug'];
const VISUAL = 'the notes on what the display shows (and when) are checked by a person at the station, not on the wire';

/** StopAuthorized, EVConnectedPostSession and EVDisconnected: the transaction ends. */
async function endSession(ctx: CsContext, c: Charging): Promise<void> {
  const s = c.session!;
  const ended = await stopAuthorizedLocally(ctx, s) ?? await postSession(ctx, s, 'Local');
  await disconnectEv(ctx, s, ended);
}

export const success = testCase<CsTestCase>({
  useCase: 'O02', variant: 'success', ocpp, sut: 'CS', needs, actions,
  octt: full('TC_O_06_CS'),
  title: 'A message for the running transaction is Accepted and gone (GetDisplayMessages Unknown) once the transaction ended',
  killedBy: ['cs.display-message-kept-after-transaction'],
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    const c = await charging(ctx, ctx.profile.evses[0]!.id);
    const id = nextId();
    await setMessage(ctx.csms, s, { id, transactionId: c.id }, 'Accepted', 'O02_FR_14');
    await endSession(ctx, c);
    await expectNoMessages(ctx.csms, { id: [id] }, 'O02.FR.02');
  },
});

export const unknownTransaction = testCase<CsTestCase>({
  useCase: 'O02', variant: 'unknown-transaction', ocpp, sut: 'CS', needs,
  octt: full('TC_O_10_CS'),
  title: 'A message for a transaction the station does not know is answered UnknownTransaction',
  killedBy: ['cs.display-message-unknown-transaction-accepted'],
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    await setMessage(ctx.csms, s, { id: nextId(), transactionId: `unknown-${nextId()}` }, 'UnknownTransaction', 'O02_FR_01');
  },
});

export const startTime = testCase<CsTestCase>({
  useCase: 'O02', variant: 'start-time', ocpp, sut: 'CS', needs, actions,
  octt: [partial('TC_O_27_CS', `that the message appears only after startDateTime: ${VISUAL}; the 60 s wait serves only that`)],
  title: 'A message for the running transaction with a later startDateTime is Accepted and gone once the transaction ended',
  killedBy: ['cs.display-message-kept-after-transaction'],
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    const c = await charging(ctx, ctx.profile.evses[0]!.id);
    const id = nextId();
    await setMessage(ctx.csms, s, { id, transactionId: c.id, startDateTime: inSeconds(validityS(ctx.csms)) }, 'Accepted', 'O02_FR_06');
    await endSession(ctx, c);
    await expectNoMessages(ctx.csms, { id: [id] }, 'O02.FR.02');
  },
});

export const endTime = testCase<CsTestCase>({
  useCase: 'O02', variant: 'end-time', ocpp, sut: 'CS', needs, actions,
  octt: full('TC_O_28_CS'),
  title: 'A message for the running transaction is gone (GetDisplayMessages Unknown) after its endDateTime',
  killedBy: ['cs.display-message-kept-after-end'],
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    const c = await charging(ctx, ctx.profile.evses[0]!.id);
    const id = nextId();
    const endDateTime = inSeconds(validityS(ctx.csms));
    await setMessage(ctx.csms, s, { id, transactionId: c.id, endDateTime }, 'Accepted', 'O02_FR_07');
    await waitUntil(ctx.csms, endDateTime);
    await expectNoMessages(ctx.csms, { id: [id] }, 'O02_FR_07');
  },
});

/**
 * TC_O_30 / TC_O_32: a running transaction (the station supports `priority`) and two messages of that priority for
 * it, the second with other content; both must be Accepted.
 */
async function twoTransactionMessages(ctx: CsContext, priority: string, requirement: string) {
  const { csms } = ctx;
  await csms.booted();
  const s = await displaySupport(ctx);
  requirePriority(s, priority);
  const c = await charging(ctx, ctx.profile.evses[0]!.id);
  const [a, b] = [nextId(), nextId()];
  await setMessage(csms, s, { id: a, transactionId: c.id, priority }, 'Accepted', requirement);
  await setMessage(csms, s, { id: b, transactionId: c.id, priority, content: `${CONTENT} 2` }, 'Accepted', requirement);
  return { c, a, b };
}

export const multipleInFront = testCase<CsTestCase>({
  useCase: 'O02', variant: 'in-front', ocpp, sut: 'CS', needs: [...needs, 'UI-1.2'], actions,
  octt: [partial('TC_O_30_CS', `that both are shown as their priority says: ${VISUAL}`)],
  title: 'Two InFront messages for the running transaction are both kept and reported, and both gone once it ended',
  killedBy: ['cs.display-message-in-front-replaces', 'cs.display-message-kept-after-transaction'],
  async run(ctx) {
    const { csms } = ctx;
    const { c, a, b } = await twoTransactionMessages(ctx, 'InFront', 'O02_FR_16');
    for (const [id, content] of [[a, CONTENT], [b, `${CONTENT} 2`]] as const) {
      const m = reported(await getMessages(csms, { id: [id] }, 'O02_FR_16'), id, `GetDisplayMessages for InFront message ${id}`, 'O02_FR_16');
      requireField(m, 'transactionId', c.id, 'O02_FR_16');
      requireField(m, 'priority', 'InFront', 'O02_FR_16');
      requireField(m, 'message.content', content, 'O02_FR_16');
    }
    await endSession(ctx, c);
    await expectNoMessages(csms, { id: [a] }, 'O02.FR.02');
    await expectNoMessages(csms, { id: [b] }, 'O02.FR.02');
  },
});

export const secondAlwaysFront = testCase<CsTestCase>({
  useCase: 'O02', variant: 'always-front', ocpp, sut: 'CS', needs: [...needs, 'UI-1.1'], actions,
  octt: full('TC_O_32_CS'),
  title: 'A second AlwaysFront message for the running transaction takes the first one\'s place; it is gone once the transaction ended',
  killedBy: ['cs.display-message-second-always-front-keeps-first', 'cs.display-message-kept-after-transaction'],
  async run(ctx) {
    const { csms } = ctx;
    const { c, a, b } = await twoTransactionMessages(ctx, 'AlwaysFront', 'O02_FR_18');
    await expectNoMessages(csms, { id: [a] }, 'O02_FR_18');
    const m = reported(await getMessages(csms, { id: [b] }, 'O02_FR_18'), b, `GetDisplayMessages for the second AlwaysFront message ${b}`, 'O02_FR_18');
    requireField(m, 'transactionId', c.id, 'O02_FR_18');
    requireField(m, 'priority', 'AlwaysFront', 'O02_FR_18');
    requireField(m, 'message.content', `${CONTENT} 2`, 'O02_FR_18');
    await endSession(ctx, c);
    await expectNoMessages(csms, { id: [b] }, 'O02.FR.02');
  },
});
