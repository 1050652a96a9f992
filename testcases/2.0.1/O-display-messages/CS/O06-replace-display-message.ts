// O06 Replace a display message, charging station as SUT.
import { testCase, full, type CsTestCase } from '../../../../src/harness/test-case.js';
import { configureMessage, displaySupport, getMessages, nextId, reported, requireField, setMessage } from '../../../shared/display-message-steps.js';

export const replace = testCase<CsTestCase>({
  useCase: 'O06', variant: 'success', ocpp: '2.0.1', sut: 'CS', needs: ['advanced-user-interface'],
  octt: full('TC_O_12_CS'),
  title: 'SetDisplayMessage with the id of a configured message is Accepted and replaces it (its new content is reported)',
  killedBy: ['cs.display-message-replace-keeps-old'],
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    const id = nextId();
    await configureMessage(ctx.csms, s, { id, content: 'first message' });
    await setMessage(ctx.csms, s, { id, content: 'replacement message' }, 'Accepted', 'O06_FR_01');
    // Beyond the document's step 2: the replacement is what the station now reports (O06_FR_01: it replaces all).
    const m = reported(await getMessages(ctx.csms, { id: [id] }, 'O04_FR_01'), id, `GetDisplayMessages for the replaced message ${id}`, 'O06_FR_01');
    requireField(m, 'message.content', 'replacement message', 'O06_FR_01');
  },
});
