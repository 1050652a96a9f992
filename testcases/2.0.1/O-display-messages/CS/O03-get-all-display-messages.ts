// O03 Get all display messages, charging station as SUT.
import { testCase, full, type CsTestCase } from '../../../../src/harness/test-case.js';
import { clearAllMessages, configureMessage, displaySupport, expectNoMessages, getMessages, nextId, reported } from '../../../shared/display-message-steps.js';

const ocpp = '2.0.1';
const needs = ['advanced-user-interface'];

export const all = testCase<CsTestCase>({
  useCase: 'O03', variant: 'success', ocpp, sut: 'CS', needs,
  octt: full('TC_O_02_CS'),
  title: 'GetDisplayMessages without filters is Accepted and the report (in parts with tbc) holds every configured message',
  killedBy: ['cs.notify-display-messages-no-tbc', 'cs.notify-display-messages-wrong-request-id'],
  async run(ctx) {
    const { csms } = ctx;
    await csms.booted();
    const s = await displaySupport(ctx);
    // Three messages: a station that reports in parts needs more than one part for them.
    const ids = [nextId(), nextId(), nextId()];
    for (const id of ids) await configureMessage(csms, s, { id });
    const messages = await getMessages(csms, {}, 'O03_FR_01');
    for (const id of ids) reported(messages, id, 'GetDisplayMessages without filters', 'O03_FR_04');
  },
});

export const none = testCase<CsTestCase>({
  useCase: 'O03', variant: 'none', ocpp, sut: 'CS', needs,
  octt: full('TC_O_03_CS'),
  title: 'GetDisplayMessages without filters on a station without display messages is answered Unknown',
  killedBy: ['cs.get-display-messages-accepted-when-none'],
  async run(ctx) {
    await ctx.csms.booted();
    await clearAllMessages(ctx.csms);
    await expectNoMessages(ctx.csms, {}, 'O03_FR_06');
  },
});
