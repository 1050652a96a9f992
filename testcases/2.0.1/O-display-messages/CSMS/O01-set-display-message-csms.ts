// O01 Set display message, CSMS as SUT: the CSMS's operator has it send SetDisplayMessage (operator action
// setDisplayMessage); the harness checks the request against what the operator chose and answers as the
// document says. <Configured ...> values: priority InFront, format UTF8, state Charging.
import { testCase, full, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import { nextId, operatorSets, requireRequestField } from '../../../shared/display-message-steps.js';

const ocpp = '2.0.1';
const actions = ['setDisplayMessage'];
const PRIORITY = 'InFront';
const FORMAT = 'UTF8';
const STATE = 'Charging';

/** The request's validity time must be within the tolerance of what the operator asked (`inS` seconds from `at`). */
function requireTime(call: ReceivedCall, field: 'startDateTime' | 'endDateTime', at: number, inS: number, toleranceMs: number): void {
  const v = (call.payload.message as Record<string, unknown>)[field];
  if (v === undefined || Math.abs(Date.parse(String(v)) - (at + inS * 1000)) > toleranceMs + 2000) {
    throw new Verdict(`the operator asked for a message with ${field} ${inS} s from now: SetDisplayMessage must carry it, got ${v === undefined ? 'none' : String(v)}`, 'O01_FR_05');
  }
}

export const success = testCase<CsmsTestCase>({
  useCase: 'O01', variant: 'success', ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions,
  octt: full('TC_O_01_CSMS'),
  title: 'The operator sets a display message: SetDisplayMessage carries its id, priority, format and state; Accepted',
  killedBy: ['csms.set-display-message-wrong-priority', 'csms.set-display-message-drops-state'],
  async run(ctx) {
    await ctx.station.booted();
    const call = await operatorSets(ctx, { priority: PRIORITY, format: FORMAT, state: STATE }, 'Accepted');
    requireRequestField(call, 'message.priority', PRIORITY, 'O01_FR_04');
    requireRequestField(call, 'message.message.format', FORMAT, 'O01_FR_04');
    requireRequestField(call, 'message.state', STATE, 'O01_FR_04');
  },
});

export const startTime = testCase<CsmsTestCase>({
  useCase: 'O01', variant: 'start-time', ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions,
  octt: full('TC_O_13_CSMS'),
  title: 'The operator sets a display message with a start time: SetDisplayMessage carries it',
  killedBy: ['csms.set-display-message-drops-validity'],
  async run(ctx) {
    await ctx.station.booted();
    const at = Date.now();
    const call = await operatorSets(ctx, { startInS: 60 }, 'Accepted');
    requireTime(call, 'startDateTime', at, 60, ctx.profile.timing.toleranceMs);
  },
});

export const endTime = testCase<CsmsTestCase>({
  useCase: 'O01', variant: 'end-time', ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions,
  octt: full('TC_O_14_CSMS'),
  title: 'The operator sets a display message with an end time: SetDisplayMessage carries it',
  killedBy: ['csms.set-display-message-drops-validity'],
  async run(ctx) {
    await ctx.station.booted();
    const at = Date.now();
    const call = await operatorSets(ctx, { endInS: 60 }, 'Accepted');
    requireTime(call, 'endDateTime', at, 60, ctx.profile.timing.toleranceMs);
  },
});

/** TC_O_17/18/19/26_CSMS: the station refuses the message; the request carries what the operator chose. */
function refused(id: string, variant: string, status: string, args: Record<string, unknown>, field: string, killedBy: string[]) {
  return testCase<CsmsTestCase>({
    useCase: 'O01', variant, ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions,
    octt: full(id),
    title: `The operator sets a display message (${JSON.stringify(args)}); the station answers ${status}, which the CSMS takes`,
    killedBy,
    async run(ctx) {
      await ctx.station.booted();
      const call = await operatorSets(ctx, args, status);
      requireRequestField(call, field, Object.values(args)[0]);
      // The CSMS took the refusal: the station is still served (a Heartbeat is answered).
      await ctx.station.call('Heartbeat', {});
    },
  });
}

export const notSupportedPriority = refused('TC_O_17_CSMS', 'unsupported-priority', 'NotSupportedPriority', { priority: PRIORITY }, 'message.priority', ['csms.set-display-message-wrong-priority']);
export const notSupportedState = refused('TC_O_18_CSMS', 'unsupported-state', 'NotSupportedState', { state: STATE }, 'message.state', ['csms.set-display-message-drops-state']);
export const notSupportedFormat = refused('TC_O_19_CSMS', 'unsupported-format', 'NotSupportedMessageFormat', { priority: 'NormalCycle', format: 'HTML' }, 'message.priority', ['csms.set-display-message-wrong-priority']);
export const rejected = refused('TC_O_26_CSMS', 'rejected', 'Rejected', { priority: 'NormalCycle' }, 'message.priority', ['csms.set-display-message-wrong-priority']);

export const specificState = testCase<CsmsTestCase>({
  useCase: 'O01', variant: 'state', ocpp, sut: 'CSMS', needs: ['advanced-user-interface'], actions,
  octt: full('TC_O_25_CSMS'),
  title: 'The operator sets a display message with a chosen id for one state: SetDisplayMessage carries both; Accepted',
  killedBy: ['csms.set-display-message-drops-state', 'csms.set-display-message-new-id'],
  async run(ctx) {
    await ctx.station.booted();
    const id = nextId();
    const call = await operatorSets(ctx, { id, state: 'Idle' }, 'Accepted');
    requireRequestField(call, 'message.id', id);
    requireRequestField(call, 'message.state', 'Idle');
  },
});
