// O04 Get specific display messages (by id, priority, state), charging station as SUT. Every test configures a
// second message that the filter leaves out, so a station that ignores the filter shows it.
import { testCase, full, type CsTestCase } from '../../../../src/harness/test-case.js';
import { NotApplicable } from '../../../../src/harness/verdicts.js';
import {
  clearAllMessages, configureMessage, displaySupport, expectNoMessages, getMessages, nextId, reported,
} from '../../../shared/display-message-steps.js';

const ocpp = '2.0.1';
const needs = ['advanced-user-interface'];
const killedBy = ['cs.get-display-messages-ignores-filters'];

export const byId = testCase<CsTestCase>({
  useCase: 'O04', variant: 'id', ocpp, sut: 'CS', needs, killedBy,
  octt: full('TC_O_07_CS'),
  title: 'GetDisplayMessages for one id is Accepted and reports that message only',
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    const [a, b] = [nextId(), nextId()];
    await configureMessage(ctx.csms, s, { id: a });
    await configureMessage(ctx.csms, s, { id: b });
    reported(await getMessages(ctx.csms, { id: [a] }, 'O04_FR_01'), a, `GetDisplayMessages for id ${a}`, 'O04_FR_06');
  },
});

export const byPriority = testCase<CsTestCase>({
  useCase: 'O04', variant: 'priority', ocpp, sut: 'CS', needs, killedBy,
  octt: full('TC_O_08_CS'),
  title: 'GetDisplayMessages for a priority is Accepted and reports the messages of that priority only',
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    const other = s.priorities.find((p) => p !== s.priority);
    const [a, b] = [nextId(), nextId()];
    await configureMessage(ctx.csms, s, { id: a });
    if (other) await configureMessage(ctx.csms, s, { id: b, priority: other });
    reported(await getMessages(ctx.csms, { priority: s.priority }, 'O04_FR_01'), a, `GetDisplayMessages for priority ${s.priority}`, 'O04_FR_06');
  },
});

export const byState = testCase<CsTestCase>({
  useCase: 'O04', variant: 'state', ocpp, sut: 'CS', needs, killedBy: [...killedBy, 'cs.display-message-drops-state'],
  octt: full('TC_O_09_CS'),
  title: 'GetDisplayMessages for a state is Accepted and reports the messages of that state only',
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    const [a, b] = [nextId(), nextId()];
    await configureMessage(ctx.csms, s, { id: a, state: 'Charging' });
    await configureMessage(ctx.csms, s, { id: b, state: 'Idle' });
    reported(await getMessages(ctx.csms, { state: 'Charging' }, 'O04_FR_01'), a, 'GetDisplayMessages for state Charging', 'O04_FR_06');
  },
});

export const unknownId = testCase<CsTestCase>({
  useCase: 'O04', variant: 'unknown-id', ocpp, sut: 'CS', needs, killedBy,
  octt: full('TC_O_11_CS'),
  title: 'GetDisplayMessages for an id the station does not have is answered Unknown',
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    await configureMessage(ctx.csms, s, { id: nextId() });
    await expectNoMessages(ctx.csms, { id: [nextId()] }, 'O04_FR_02');
  },
});

export const noneConfigured = testCase<CsTestCase>({
  useCase: 'O04', variant: 'none', ocpp, sut: 'CS', needs, killedBy: ['cs.get-display-messages-accepted-when-none'],
  octt: full('TC_O_33_CS'),
  title: 'GetDisplayMessages for an id on a station without display messages is answered Unknown',
  async run(ctx) {
    await ctx.csms.booted();
    await clearAllMessages(ctx.csms);
    await expectNoMessages(ctx.csms, { id: [nextId()] }, 'O04_FR_07');
  },
});

export const idOtherState = testCase<CsTestCase>({
  useCase: 'O04', variant: 'id-other-state', ocpp, sut: 'CS', needs, killedBy,
  octt: full('TC_O_34_CS'),
  title: 'GetDisplayMessages for a known id with another state than the message has is answered Unknown',
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    const id = nextId();
    await configureMessage(ctx.csms, s, { id, state: 'Charging' });
    await expectNoMessages(ctx.csms, { id: [id], state: 'Idle' }, 'O04_FR_02');
  },
});

export const idOtherPriority = testCase<CsTestCase>({
  useCase: 'O04', variant: 'id-other-priority', ocpp, sut: 'CS', needs, killedBy,
  octt: full('TC_O_35_CS'),
  title: 'GetDisplayMessages for a known id with another priority than the message has is answered Unknown',
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    const other = s.priorities.find((p) => p !== s.priority);
    if (!other) throw new NotApplicable(`the station supports one message priority only (${s.priority}); the test needs two`);
    const id = nextId();
    await configureMessage(ctx.csms, s, { id });
    await expectNoMessages(ctx.csms, { id: [id], priority: other }, 'O04_FR_02');
  },
});
