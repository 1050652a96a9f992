// O05 Clear a display message, CSMS as SUT (operator actions setDisplayMessage, clearDisplayMessage).
import { testCase, full, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { nextId, operatorSends, operatorSets, requireRequestField } from '../../../shared/display-message-steps.js';

const ocpp = '2.0.1';

export const success = testCase<CsmsTestCase>({
  useCase: 'O05', variant: 'success', ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions: ['setDisplayMessage', 'clearDisplayMessage'],
  octt: full('TC_O_04_CSMS'),
  title: 'The operator sets a display message, then clears it: ClearDisplayMessage names the id SetDisplayMessage used; Accepted',
  killedBy: ['csms.clear-display-message-wrong-id'],
  async run(ctx) {
    await ctx.station.booted();
    const set = await operatorSets(ctx, { id: nextId() }, 'Accepted');
    const id = (set.payload.message as { id: number }).id;
    // The document's help step: a CSMS that asks GetDisplayMessages before it clears hears of the configured message.
    ctx.station.answer('GetDisplayMessages', (c) => {
      setImmediate(() => void ctx.station.call('NotifyDisplayMessages', { requestId: c.payload.requestId, messageInfo: [set.payload.message] }).catch(() => undefined));
      return { status: 'Accepted' };
    });
    const clear = await operatorSends(ctx, 'clearDisplayMessage', { id }, 'ClearDisplayMessage', { status: 'Accepted' });
    requireRequestField(clear, 'id', id);
  },
});

export const unknown = testCase<CsmsTestCase>({
  useCase: 'O05', variant: 'unknown', ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions: ['clearDisplayMessage'],
  octt: full('TC_O_05_CSMS'),
  title: 'The operator clears a display message id the station does not have: ClearDisplayMessage answered Unknown',
  killedBy: ['csms.clear-display-message-wrong-id'],
  async run(ctx) {
    await ctx.station.booted();
    const id = nextId();
    const clear = await operatorSends(ctx, 'clearDisplayMessage', { id }, 'ClearDisplayMessage', { status: 'Unknown' });
    requireRequestField(clear, 'id', id);
  },
});
