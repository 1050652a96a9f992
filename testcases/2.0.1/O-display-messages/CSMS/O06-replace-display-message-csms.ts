// O06 Replace a display message, CSMS as SUT (operator action setDisplayMessage with the id of a configured one).
import { testCase, full, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { nextId, operatorSets, requireRequestField } from '../../../shared/display-message-steps.js';

export const replace = testCase<CsmsTestCase>({
  useCase: 'O06', variant: 'success', ocpp: '2.0.1', sut: 'CSMS', needs: ['advanced-user-interface'], actions: ['setDisplayMessage'],
  octt: full('TC_O_12_CSMS'),
  title: 'The operator sets a display message, then one with the same id: the second SetDisplayMessage carries that id and the priority',
  killedBy: ['csms.set-display-message-new-id', 'csms.set-display-message-wrong-priority'],
  async run(ctx) {
    await ctx.station.booted();
    const id = nextId();
    await operatorSets(ctx, { id, content: 'first message' }, 'Accepted');
    const second = await operatorSets(ctx, { id, priority: 'InFront', content: 'replacement message' }, 'Accepted');
    requireRequestField(second, 'message.id', id, 'O06_FR_01');
    requireRequestField(second, 'message.priority', 'InFront');
  },
});
