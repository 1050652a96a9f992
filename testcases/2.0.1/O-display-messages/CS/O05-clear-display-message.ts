// O05 Clear a display message, charging station as SUT.
import { testCase, full, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { configureMessage, displaySupport, expectNoMessages, nextId } from '../../../shared/display-message-steps.js';

const ocpp = '2.0.1';
const needs = ['advanced-user-interface'];

export const success = testCase<CsTestCase>({
  useCase: 'O05', variant: 'success', ocpp, sut: 'CS', needs,
  octt: full('TC_O_04_CS'),
  title: 'ClearDisplayMessage of a configured message is Accepted; GetDisplayMessages for it is then Unknown',
  killedBy: ['cs.clear-display-message-keeps'],
  async run(ctx) {
    await ctx.csms.booted();
    const id = nextId();
    await configureMessage(ctx.csms, await displaySupport(ctx), { id });
    const answer = await ctx.csms.call('ClearDisplayMessage', { id });
    if (answer.status !== 'Accepted') throw new Verdict(`ClearDisplayMessage ${id} (a configured message) must be Accepted, got ${String(answer.status)}`, 'O05_FR_01');
    await expectNoMessages(ctx.csms, { id: [id] }, 'O05_FR_01');
  },
});

export const unknown = testCase<CsTestCase>({
  useCase: 'O05', variant: 'unknown', ocpp, sut: 'CS', needs,
  octt: full('TC_O_05_CS'),
  title: 'ClearDisplayMessage of an id the station does not have is answered Unknown',
  killedBy: ['cs.clear-display-message-unknown-accepted'],
  async run(ctx) {
    await ctx.csms.booted();
    const id = nextId();
    const answer = await ctx.csms.call('ClearDisplayMessage', { id });
    if (answer.status !== 'Unknown') throw new Verdict(`ClearDisplayMessage ${id} (no such message) must be answered Unknown, got ${String(answer.status)}`, 'O05_FR_02');
  },
});
