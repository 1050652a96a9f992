// O03 Get all and O04 get specific display messages, CSMS as SUT: the operator has the CSMS ask (operator action
// getDisplayMessages); the harness checks the filters, answers, and reports with NotifyDisplayMessages.
import { testCase, full, type CsmsTestCase, type CsmsContext } from '../../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import type { Payload } from '../../../../src/ocpp/frames.js';
import { nextId, operatorSends, requireRequestField } from '../../../shared/display-message-steps.js';

const ocpp = '2.0.1';
const actions = ['getDisplayMessages'];

/** The operator asks with `filter`; the request must carry exactly those filters and a requestId. */
async function operatorGets(ctx: CsmsContext, filter: Record<string, unknown>, status: string): Promise<ReceivedCall> {
  const call = await operatorSends(ctx, 'getDisplayMessages', filter, 'GetDisplayMessages', { status });
  if (typeof call.payload.requestId !== 'number') throw new Verdict('GetDisplayMessages must carry a requestId');
  requireRequestField(call, 'id', filter.id === undefined ? undefined : [filter.id]);
  requireRequestField(call, 'priority', filter.priority);
  requireRequestField(call, 'state', filter.state);
  return call;
}

/** Steps 3-4: the harness reports one message for the request; the CSMS must acknowledge it. */
async function report(ctx: CsmsContext, call: ReceivedCall, m: { id: number; priority?: string; state?: string }): Promise<void> {
  const info: Payload = { id: m.id, priority: m.priority ?? 'NormalCycle', message: { format: 'UTF8', content: 'Welcome' } };
  if (m.state) info.state = m.state;
  await ctx.station.call('NotifyDisplayMessages', { requestId: call.payload.requestId, messageInfo: [info] })
    .catch((err: Error) => { throw new Verdict(`the CSMS must acknowledge NotifyDisplayMessages: ${err.message}`, 'O03'); });
}

export const all = testCase<CsmsTestCase>({
  useCase: 'O03', variant: 'success', ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions,
  octt: full('TC_O_02_CSMS'),
  title: 'The operator asks for all display messages: GetDisplayMessages without filters; the report is acknowledged',
  killedBy: ['csms.get-display-messages-adds-filter', 'csms.notify-display-messages-error'],
  async run(ctx) {
    await ctx.station.booted();
    const call = await operatorGets(ctx, {}, 'Accepted');
    await report(ctx, call, { id: nextId() });
  },
});

export const none = testCase<CsmsTestCase>({
  useCase: 'O03', variant: 'none', ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions,
  octt: full('TC_O_03_CSMS'),
  title: 'The operator asks for all display messages of a station that has none: GetDisplayMessages answered Unknown',
  killedBy: ['csms.get-display-messages-adds-filter'],
  async run(ctx) {
    await ctx.station.booted();
    await operatorGets(ctx, {}, 'Unknown');
  },
});

export const byId = testCase<CsmsTestCase>({
  useCase: 'O04', variant: 'id', ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions,
  octt: full('TC_O_07_CSMS'),
  title: 'The operator asks for one display message by id: GetDisplayMessages carries that id only; the report is acknowledged',
  killedBy: ['csms.get-display-messages-ignores-filters', 'csms.get-display-messages-adds-filter'],
  async run(ctx) {
    await ctx.station.booted();
    const id = nextId();
    const call = await operatorGets(ctx, { id }, 'Accepted');
    await report(ctx, call, { id });
  },
});

export const byPriority = testCase<CsmsTestCase>({
  useCase: 'O04', variant: 'priority', ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions,
  octt: full('TC_O_08_CSMS'),
  title: 'The operator asks for the display messages of a priority: GetDisplayMessages carries that priority only',
  killedBy: ['csms.get-display-messages-ignores-filters'],
  async run(ctx) {
    await ctx.station.booted();
    const call = await operatorGets(ctx, { priority: 'InFront' }, 'Accepted');
    await report(ctx, call, { id: nextId(), priority: 'InFront' });
  },
});

export const byState = testCase<CsmsTestCase>({
  useCase: 'O04', variant: 'state', ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions,
  octt: full('TC_O_09_CSMS'),
  title: 'The operator asks for the display messages of a state: GetDisplayMessages carries that state only',
  killedBy: ['csms.get-display-messages-ignores-filters', 'csms.get-display-messages-adds-filter'],
  async run(ctx) {
    await ctx.station.booted();
    const call = await operatorGets(ctx, { state: 'Charging' }, 'Accepted');
    await report(ctx, call, { id: nextId(), state: 'Charging' });
  },
});

export const unknownId = testCase<CsmsTestCase>({
  useCase: 'O04', variant: 'unknown-id', ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions,
  octt: full('TC_O_11_CSMS'),
  title: 'The operator asks for a display message id the station does not have: GetDisplayMessages answered Unknown',
  killedBy: ['csms.get-display-messages-ignores-filters'],
  async run(ctx) {
    await ctx.station.booted();
    await operatorGets(ctx, { id: nextId() }, 'Unknown');
  },
});
