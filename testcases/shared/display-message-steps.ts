// Display messages (2.0.1 O01-O06) for both SUT roles. SUT = charging station: the harness sets, reads and clears
// messages as the documents' OCTT does, with the priority and format the station says it supports
// (DisplayMessageCtrlr.SupportedPriorities / SupportedFormats; the documents' <Configured priority/format>), and
// collects multi-part NotifyDisplayMessages reports. SUT = CSMS: the CSMS's operator makes it send the requests
// (operator actions setDisplayMessage, getDisplayMessages, clearDisplayMessage) and the harness judges them.
import type { CsContext, CsmsContext } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import { Inconclusive, NotApplicable } from '../../src/harness/verdicts.js';
import type { Payload } from '../../src/ocpp/frames.js';
import { canonicalItem } from '../../src/catalog/pics.js';
import { afterMark, brief, markOf } from './session-states.js';

type CsmsPeer = CsContext['csms'];

export const ALL_PRIORITIES = ['AlwaysFront', 'InFront', 'NormalCycle'];
export const ALL_FORMATS = ['ASCII', 'HTML', 'URI', 'UTF8'];
export const ALL_STATES = ['Charging', 'Faulted', 'Idle', 'Unavailable'];
/** <Configured content>: plain text any format can carry (a URI too, as the documents use one text for all). */
export const CONTENT = 'https://example.com/ocpp-conformance';

let counter = 100 + Math.floor(Math.random() * 100_000);
/** <Generated displayMessageId> / <Generated requestId>. */
export const nextId = () => counter++;

/** What the station says it can show; read once per test case. */
export interface DisplaySupport {
  priorities: string[];
  formats: string[];
  /** <Configured Priority>: NormalCycle where supported. */
  priority: string;
  /** <Configured format>: UTF8, else ASCII, else the first supported. */
  format: string;
}

const listFrom = (value: unknown) => String(value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/**
 * DisplayMessageCtrlr.SupportedPriorities and SupportedFormats as the station reports them; where it reports
 * nothing, the UI-1.x / UI-2.x items the profile claims. Neither: inconclusive (the documents configure them).
 */
export async function displaySupport({ csms, profile }: CsContext): Promise<DisplaySupport> {
  const answer = await csms.call('GetVariables', {
    getVariableData: ['SupportedPriorities', 'SupportedFormats'].map((name) => ({ component: { name: 'DisplayMessageCtrlr' }, variable: { name } })),
  });
  const read = (name: string) => {
    const r = ((answer.getVariableResult as Payload[] | undefined) ?? []).find((x) => (x.variable as Payload | undefined)?.name === name);
    return r?.attributeStatus === 'Accepted' ? listFrom(r.attributeValue) : [];
  };
  const claimed = (prefix: string, names: string[]) => names.filter((_, i) => profile.features.some((f) => canonicalItem(f, '2.0.1') === `${prefix}.${i + 1}`));
  const priorities = read('SupportedPriorities').length ? read('SupportedPriorities') : claimed('UI-1', ALL_PRIORITIES);
  const formats = read('SupportedFormats').length ? read('SupportedFormats') : claimed('UI-2', ALL_FORMATS);
  if (!priorities.length || !formats.length) {
    throw new Inconclusive('the station reports no DisplayMessageCtrlr.SupportedPriorities/SupportedFormats and the profile claims no UI-1.x/UI-2.x items');
  }
  const format = ['UTF8', 'ASCII'].find((f) => formats.includes(f)) ?? formats[0]!;
  return { priorities, formats, priority: priorities.includes('NormalCycle') ? 'NormalCycle' : priorities[0]!, format };
}

/** The priority the test case needs; a station without it makes the test not applicable. */
export function requirePriority(s: DisplaySupport, priority: string): void {
  if (!s.priorities.includes(priority)) throw new NotApplicable(`the station does not support message priority ${priority} (DisplayMessageCtrlr.SupportedPriorities: ${s.priorities.join(',')})`);
}

export interface MessageSpec {
  id: number;
  priority?: string;
  format?: string;
  content?: string;
  language?: string;
  state?: string;
  startDateTime?: string;
  endDateTime?: string;
  transactionId?: string;
}

/** MessageInfoType for SetDisplayMessageRequest, defaults from what the station supports. */
export function messageInfo(s: DisplaySupport, m: MessageSpec): Payload {
  const message: Payload = { format: m.format ?? s.format, content: m.content ?? CONTENT };
  if (m.language) message.language = m.language;
  const info: Payload = { id: m.id, priority: m.priority ?? s.priority, message };
  for (const k of ['state', 'startDateTime', 'endDateTime', 'transactionId'] as const) if (m[k] !== undefined) info[k] = m[k];
  return info;
}

/** SetDisplayMessage that must be answered `expected` (naming `requirement` when not). */
export async function setMessage(csms: CsmsPeer, s: DisplaySupport, m: MessageSpec, expected: string, requirement?: string): Promise<Payload> {
  const info = messageInfo(s, m);
  const answer = await csms.call('SetDisplayMessage', { message: info });
  if (answer.status !== expected) {
    throw new Verdict(`SetDisplayMessage ${JSON.stringify(info).slice(0, 200)} must be answered ${expected}, got ${String(answer.status)}`, requirement);
  }
  return info;
}

/** The documents' memory state "a display message is configured": a refusal leaves the precondition unmet. */
export async function configureMessage(csms: CsmsPeer, s: DisplaySupport, m: MessageSpec): Promise<Payload> {
  const info = messageInfo(s, m);
  const answer = await csms.call('SetDisplayMessage', { message: info });
  if (answer.status !== 'Accepted') throw new Inconclusive(`the preparation configures display message ${m.id}; SetDisplayMessage was answered ${String(answer.status)}`);
  return info;
}

export interface Filter { id?: number[]; priority?: string; state?: string }

/**
 * GetDisplayMessages with `filter` that must be answered Unknown (nothing matches, O03_FR_06 / O04_FR_02).
 */
export async function expectNoMessages(csms: CsmsPeer, filter: Filter, requirement: string): Promise<void> {
  const requestId = nextId();
  const since = markOf(csms);
  const answer = await csms.call('GetDisplayMessages', { requestId, ...filter });
  if (answer.status !== 'Unknown') {
    throw new Verdict(`GetDisplayMessages ${JSON.stringify(filter)} matches no configured message: it must be answered Unknown, got ${String(answer.status)}`, requirement);
  }
  const report = await csms.firstUnwanted((c) => c.action === 'NotifyDisplayMessages' && Number(c.payload.requestId) === requestId, csms.profile.timing.quietMs, since ? since : 0);
  if (report) throw new Verdict(`GetDisplayMessages ${requestId} was answered Unknown, yet the station reported ${brief(report)}`, requirement);
}

/**
 * GetDisplayMessages with `filter` that must be answered Accepted, then every NotifyDisplayMessages part of the
 * report (requestId of the request; each part but the last with tbc true, O03_FR_03/O03_FR_04). Every reported
 * message must match the filter (O04_FR_03..05: id, priority and state together). Returns the messages.
 */
export async function getMessages(csms: CsmsPeer, filter: Filter, requirement: string): Promise<Payload[]> {
  const requestId = nextId();
  let after: ReceivedCall | number = afterMark(markOf(csms));
  const answer = await csms.call('GetDisplayMessages', { requestId, ...filter });
  if (answer.status !== 'Accepted') {
    throw new Verdict(`GetDisplayMessages ${JSON.stringify(filter)} matches a configured message: it must be answered Accepted, got ${String(answer.status)}`, requirement);
  }
  const messages: Payload[] = [];
  for (;;) {
    const part = await csms.expectCall('NotifyDisplayMessages', { after })
      .catch((err: Error) => { throw new Verdict(`after GetDisplayMessages ${requestId} was Accepted the station must report with NotifyDisplayMessages: ${err.message}`, 'O03_FR_02'); });
    if (Number(part.payload.requestId) !== requestId) {
      throw new Verdict(`NotifyDisplayMessages must carry the requestId ${requestId} of the GetDisplayMessages it answers, got ${brief(part)}`, 'O03_FR_03');
    }
    after = part;
    const found = (part.payload.messageInfo as Payload[] | undefined) ?? [];
    for (const m of found) {
      const id = Number(m.id);
      if ((filter.id && !filter.id.includes(id)) || (filter.priority && m.priority !== filter.priority) || (filter.state && m.state !== filter.state)) {
        throw new Verdict(`GetDisplayMessages ${JSON.stringify(filter)}: the report must hold only messages matching every filter given, got ${JSON.stringify(m).slice(0, 200)}`, 'O04_FR_03');
      }
    }
    messages.push(...found);
    if (part.payload.tbc !== true) return messages;
  }
}

/** The message with `id` among those reported; its absence fails the test ("all messages have been received"). */
export function reported(messages: Payload[], id: number, what: string, requirement: string): Payload {
  const m = messages.find((x) => Number(x.id) === id);
  if (!m) throw new Verdict(`${what}: the report must hold display message ${id}; it held ${messages.map((x) => String(x.id)).join(',') || 'none'} (a partial part without tbc ends a report early)`, requirement);
  return m;
}

/** A reported message must carry `field` as configured (MessageInfoType; message.format / message.content nested). */
export function requireField(m: Payload, field: string, expected: unknown, requirement: string): void {
  const actual = field.startsWith('message.') ? (m.message as Payload | undefined)?.[field.slice(8)] : m[field];
  if (String(actual) !== String(expected)) throw new Verdict(`reported display message ${String(m.id)}: ${field} must be ${String(expected)}, got ${actual === undefined ? 'none' : String(actual)}`, requirement);
}

/**
 * The documents' memory state "no display messages configured": every message the station reports is cleared
 * (messages set by earlier test cases stay on a real station).
 */
export async function clearAllMessages(csms: CsmsPeer): Promise<void> {
  const requestId = nextId();
  let after: ReceivedCall | number = afterMark(markOf(csms));
  const answer = await csms.call('GetDisplayMessages', { requestId });
  if (answer.status !== 'Accepted') return;
  const ids: number[] = [];
  for (;;) {
    const part = await csms.expectCall('NotifyDisplayMessages', { after, where: { requestId } })
      .catch(() => { throw new Inconclusive('the preparation clears every display message; the station did not report them'); });
    after = part;
    ids.push(...((part.payload.messageInfo as Payload[] | undefined) ?? []).map((m) => Number(m.id)));
    if (part.payload.tbc !== true) break;
  }
  for (const id of ids) await csms.call('ClearDisplayMessage', { id });
}

/** <Current dateTime + 60 seconds>: 60 s with real timing, a few seconds against the reference. */
export const validityS = (csms: CsmsPeer) => Math.min(60, Math.max(2, Math.round(csms.profile.timing.callTimeoutMs / 500)));
export const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

/**
 * Wait until `iso` (plus the tolerance) has passed: the documents' "wait till 60 seconds are passed". Waited as the
 * other prescribed durations are (transactionDuration): on the peer, so an aborted test ends the wait too.
 */
export async function waitUntil(csms: CsmsPeer, iso: string): Promise<void> {
  const ms = Date.parse(iso) - Date.now() + csms.profile.timing.toleranceMs;
  if (ms > 0) await csms.firstUnwanted(() => false, ms);
}

// ---------------------------------------------------------------- SUT = CSMS

/**
 * The CSMS's operator makes it send `action` (operator action `name` with `args`); the harness answers `answer`
 * and returns the request.
 */
export async function operatorSends({ station, sut }: CsmsContext, name: string, args: Record<string, unknown>, action: string, answer: Payload): Promise<ReceivedCall> {
  station.answer(action, answer);
  const since = station.received.at(-1);
  await sut.act(name, args);
  return station.expectCall(action, { after: since ?? 0 });
}

/** A request field must be `expected` (a nested `message.x` reads MessageInfoType; undefined: must be omitted). */
export function requireRequestField(call: ReceivedCall, path: string, expected: unknown, requirement?: string): void {
  let v: unknown = call.payload;
  for (const k of path.split('.')) v = (v as Payload | undefined)?.[k];
  const same = expected === undefined ? v === undefined : JSON.stringify(v) === JSON.stringify(expected);
  if (!same) {
    throw new Verdict(`${call.action} ${brief(call)}: ${path} must be ${expected === undefined ? 'omitted' : JSON.stringify(expected)}, got ${v === undefined ? 'none' : JSON.stringify(v)}`, requirement);
  }
}

/** The operator sets a message with `args`; the harness answers `status`. Returns the request. */
export async function operatorSets(ctx: CsmsContext, args: Record<string, unknown>, status: string): Promise<ReceivedCall> {
  const call = await operatorSends(ctx, 'setDisplayMessage', args, 'SetDisplayMessage', { status });
  if (typeof (call.payload.message as { id?: unknown } | undefined)?.id !== 'number') throw new Verdict('SetDisplayMessage must carry message.id');
  return call;
}
