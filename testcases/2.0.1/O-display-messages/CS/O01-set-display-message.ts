// O01 Set display message, charging station as SUT (Advanced User Interface). What a display shows, and when, is
// seen by a person at the station; the harness checks what the station answers and reports about its messages.
import { testCase, full, partial, type CsTestCase, type CsContext } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { Inconclusive, NotApplicable } from '../../../../src/harness/verdicts.js';
import {
  ALL_FORMATS, ALL_PRIORITIES, CONTENT, displaySupport, expectNoMessages, getMessages, inSeconds, nextId, reported, requireField,
  requirePriority, setMessage, validityS, waitUntil, type DisplaySupport, type MessageSpec,
} from '../../../shared/display-message-steps.js';
import { authorizeLocally, newSession, plugIn, readTxSettings, startEnergyTransfer } from '../../../shared/session-states.js';

const ocpp = '2.0.1';
const needs = ['advanced-user-interface'];
const VISUAL = 'the notes on what the display shows (and when) are checked by a person at the station, not on the wire';

/** Set a message and read it back by id: it must be reported with what was set. Returns the reported message. */
async function setAndRead(ctx: CsContext, s: DisplaySupport, m: MessageSpec, requirement: string) {
  await setMessage(ctx.csms, s, m, 'Accepted', requirement);
  const got = reported(await getMessages(ctx.csms, { id: [m.id] }, 'O04_FR_01'), m.id, `GetDisplayMessages for message ${m.id}`, 'O04_FR_01');
  requireField(got, 'priority', m.priority ?? s.priority, requirement);
  requireField(got, 'message.format', m.format ?? s.format, requirement);
  requireField(got, 'message.content', m.content ?? CONTENT, requirement);
  return got;
}

export const success = testCase<CsTestCase>({
  useCase: 'O01', variant: 'success', ocpp, sut: 'CS', needs,
  octt: full('TC_O_01_CS'),
  title: 'SetDisplayMessage with a supported priority and format is Accepted; GetDisplayMessages for its id reports it as set',
  killedBy: ['cs.notify-display-messages-wrong-request-id'],
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    await setAndRead(ctx, s, { id: nextId() }, 'O01_FR_12');
  },
});

export const startTime = testCase<CsTestCase>({
  useCase: 'O01', variant: 'start-time', ocpp, sut: 'CS', needs,
  octt: [partial('TC_O_13_CS', `that the message appears only once startDateTime has passed: ${VISUAL}; the 60 s wait serves only that`)],
  title: 'SetDisplayMessage with a startDateTime a minute ahead is Accepted and reported with its startDateTime',
  killedBy: ['cs.display-message-drops-start-time'],
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    const startDateTime = inSeconds(validityS(ctx.csms));
    const m = await setAndRead(ctx, s, { id: nextId(), startDateTime }, 'O01_FR_06');
    if (m.startDateTime === undefined) throw new Verdict(`display message ${String(m.id)} was set with startDateTime ${startDateTime}: the report must not omit it`, 'O01_FR_06');
  },
});

export const endTime = testCase<CsTestCase>({
  useCase: 'O01', variant: 'end-time', ocpp, sut: 'CS', needs,
  octt: full('TC_O_14_CS'),
  title: 'A message with an endDateTime is reported with it until then, and is gone (GetDisplayMessages Unknown) after it',
  killedBy: ['cs.display-message-kept-after-end'],
  async run(ctx) {
    const { csms } = ctx;
    await csms.booted();
    const s = await displaySupport(ctx);
    const id = nextId();
    const endDateTime = inSeconds(validityS(csms));
    const m = await setAndRead(ctx, s, { id, endDateTime }, 'O01_FR_07');
    if (m.endDateTime === undefined) throw new Verdict(`display message ${id} was set with endDateTime ${endDateTime}: the report must not omit it`, 'O01_FR_07');
    await waitUntil(csms, endDateTime);
    await expectNoMessages(csms, { id: [id] }, 'O01_FR_07');
  },
});

export const language = testCase<CsTestCase>({
  useCase: 'O01', variant: 'language', ocpp, sut: 'CS', needs, actions: ['plugIn', 'presentIdToken'],
  octt: [partial('TC_O_15_CS', `that the message is shown in the driver's language: ${VISUAL}. TC_O_15_CS was taken out of certification by the 2025-02 erratum; kept here`)],
  title: 'A driver whose token has a preferred language charges; a message set then (with that language) is Accepted',
  killedBy: ['cs.display-message-rejects-language'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    const s = await displaySupport(ctx);
    const evseId = profile.evses[0]!.id;
    const session = newSession(csms, evseId, await readTxSettings(csms, ocpp));
    await plugIn(ctx, session, 'preSession');
    csms.answer('Authorize', { idTokenInfo: { status: 'Accepted', language1: 'nl' } });
    await authorizeLocally(ctx, session);
    await startEnergyTransfer(ctx, session);
    await setMessage(csms, s, { id: nextId(), language: 'nl', content: 'Welkom' }, 'Accepted', 'O01_FR_08');
  },
});

export const unsupportedPriority = testCase<CsTestCase>({
  useCase: 'O01', variant: 'unsupported-priority', ocpp, sut: 'CS', needs,
  octt: full('TC_O_17_CS'),
  title: 'SetDisplayMessage with a priority the station does not support is answered NotSupportedPriority',
  killedBy: ['cs.display-message-unsupported-priority-accepted'],
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    const priority = ALL_PRIORITIES.find((p) => !s.priorities.includes(p));
    if (!priority) throw new NotApplicable('the station supports every message priority (the test is for one that does not: NOT (UI-1.1 and UI-1.2 and UI-1.3))');
    await setMessage(ctx.csms, s, { id: nextId(), priority }, 'NotSupportedPriority', 'O01_FR_01');
  },
});

export const unsupportedFormat = testCase<CsTestCase>({
  useCase: 'O01', variant: 'unsupported-format', ocpp, sut: 'CS', needs,
  octt: full('TC_O_19_CS'),
  title: 'SetDisplayMessage in a format the station does not support is answered NotSupportedMessageFormat',
  killedBy: ['cs.display-message-unsupported-format-accepted'],
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    const format = ALL_FORMATS.find((f) => !s.formats.includes(f));
    if (!format) throw new NotApplicable('the station supports every message format (the test is for one that does not: NOT (UI-2.1 and UI-2.2 and UI-2.3 and UI-2.4))');
    await setMessage(ctx.csms, s, { id: nextId(), format }, 'NotSupportedMessageFormat', 'O01_FR_03');
  },
});

/**
 * TC_O_18_CS: a station that lacks display messages for some state (the profile names it: the station does not
 * report which states it supports) answers a message for that state NotSupportedState.
 */
export const unsupportedState = testCase<CsTestCase>({
  useCase: 'O01', variant: 'unsupported-state', ocpp, sut: 'CS', needs: [...needs, 'display-state-unsupported'],
  octt: full('TC_O_18_CS'),
  title: 'SetDisplayMessage for a state the station does not support is answered NotSupportedState',
  killedBy: ['cs.display-message-unsupported-state-accepted'],
  async run(ctx) {
    const state = ctx.profile.unsupportedDisplayMessageStates?.[0];
    if (!state) throw new Inconclusive('the profile names no display message state the station does not support (unsupportedDisplayMessageStates)');
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    await setMessage(ctx.csms, s, { id: nextId(), state }, 'NotSupportedState', 'O01_FR_02');
  },
});

export const persistent = testCase<CsTestCase>({
  useCase: 'O01', variant: 'reboot', ocpp, sut: 'CS', needs, actions: ['powerFailure'],
  octt: full('TC_O_20_CS'),
  title: 'A display message outlives a power cycle: after the reboot GetDisplayMessages reports it as set',
  killedBy: ['cs.display-messages-lost-on-reboot'],
  async run(ctx) {
    const { csms, sut } = ctx;
    await csms.booted();
    const s = await displaySupport(ctx);
    const id = nextId();
    await setMessage(csms, s, { id }, 'Accepted', 'O01_FR_12');
    // Reusable state Booted: the station is power cycled and boots again.
    const before = csms.connectionCount;
    const since = csms.received.at(-1) ?? 0;
    await sut.act('powerFailure', { backupPower: false });
    await csms.waitForReboot(since, before);
    const m = reported(await getMessages(csms, { id: [id] }, 'O01_FR_10'), id, `after the reboot, GetDisplayMessages for message ${id}`, 'O01_FR_10');
    requireField(m, 'priority', s.priority, 'O01_FR_10');
    requireField(m, 'message.format', s.format, 'O01_FR_10');
    requireField(m, 'message.content', CONTENT, 'O01_FR_10');
  },
});

export const multipleInFront = testCase<CsTestCase>({
  useCase: 'O01', variant: 'in-front', ocpp, sut: 'CS', needs: [...needs, 'UI-1.2'],
  octt: [partial('TC_O_22_CS', `that both are shown as their priority says: ${VISUAL}`)],
  title: 'Two InFront messages are both Accepted and both kept: GetDisplayMessages reports each',
  killedBy: ['cs.display-message-in-front-replaces'],
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    requirePriority(s, 'InFront');
    const [a, b] = [nextId(), nextId()];
    await setMessage(ctx.csms, s, { id: a, priority: 'InFront' }, 'Accepted', 'O01_FR_14');
    await setMessage(ctx.csms, s, { id: b, priority: 'InFront', content: `${CONTENT} 2` }, 'Accepted', 'O01_FR_14');
    reported(await getMessages(ctx.csms, { id: [a] }, 'O01_FR_14'), a, `GetDisplayMessages for the first InFront message ${a}`, 'O01_FR_14');
    reported(await getMessages(ctx.csms, { id: [b] }, 'O01_FR_14'), b, `GetDisplayMessages for the second InFront message ${b}`, 'O01_FR_14');
  },
});

export const secondAlwaysFront = testCase<CsTestCase>({
  useCase: 'O01', variant: 'always-front', ocpp, sut: 'CS', needs: [...needs, 'UI-1.1'],
  octt: full('TC_O_24_CS'),
  title: 'A second AlwaysFront message takes the place of the first: the first is Unknown, the second reported',
  killedBy: ['cs.display-message-second-always-front-keeps-first'],
  async run(ctx) {
    await ctx.csms.booted();
    const s = await displaySupport(ctx);
    requirePriority(s, 'AlwaysFront');
    const [a, b] = [nextId(), nextId()];
    await setMessage(ctx.csms, s, { id: a, priority: 'AlwaysFront' }, 'Accepted', 'O01_FR_16');
    await setMessage(ctx.csms, s, { id: b, priority: 'AlwaysFront', content: `${CONTENT} 2` }, 'Accepted', 'O01_FR_16');
    await expectNoMessages(ctx.csms, { id: [a] }, 'O01_FR_16');
    reported(await getMessages(ctx.csms, { id: [b] }, 'O01_FR_16'), b, `GetDisplayMessages for the second AlwaysFront message ${b}`, 'O01_FR_16');
  },
});

/** TC_O_36..39: a message for one state is Accepted and reported with that state. */
function stateMessage(state: string, id: string, extra = '') {
  return testCase<CsTestCase>({
    useCase: 'O01', variant: `state-${state.toLowerCase()}`, ocpp, sut: 'CS', needs,
    octt: [partial(id, `the steps that take the station through ${state === 'Charging' ? 'a charging session' : `state ${state}`} and back only serve the notes on when the message is shown: ${VISUAL}; they are left out${extra}`)],
    title: `SetDisplayMessage for state ${state} is Accepted and reported with state ${state}`,
    killedBy: ['cs.display-message-drops-state'],
    async run(ctx) {
      await ctx.csms.booted();
      const s = await displaySupport(ctx);
      const m = await setAndRead(ctx, s, { id: nextId(), state }, 'O01_FR_12');
      requireField(m, 'state', state, 'O01_FR_12');
    },
  });
}

export const stateCharging = stateMessage('Charging', 'TC_O_36_CS');
export const stateIdle = stateMessage('Idle', 'TC_O_37_CS');
export const stateUnavailable = stateMessage('Unavailable', 'TC_O_38_CS', ' (with them the ChangeAvailability and status checks of steps 5-6)');
export const stateFaulted = stateMessage('Faulted', 'TC_O_39_CS');
