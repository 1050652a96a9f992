import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceCsms, StationRecord } from './csms.js';

/**
 * O01-O06 (2.0.1), CSMS side. Operator actions (README "Operator actions"):
 *   setDisplayMessage { id?, priority?, format?, content?, language?, state?, startInS?, endInS?, transactionId? }
 *     SetDisplayMessage; id defaults to a fresh one, priority NormalCycle, format UTF8; startInS/endInS put
 *     startDateTime/endDateTime that many seconds from now.
 *   getDisplayMessages { id?: number | number[], priority?, state? }  GetDisplayMessages with a fresh requestId and
 *     only the filters given (none: all messages).
 *   clearDisplayMessage { id }  ClearDisplayMessage.
 * NotifyDisplayMessages is acknowledged and kept per station and request.
 */
export const CDM = {
  wrongPriority: defineFault('csms.set-display-message-wrong-priority', 'sends SetDisplayMessage with another priority than the operator chose'),
  wrongId: defineFault('csms.set-display-message-new-id', 'gives every SetDisplayMessage a new id, so a message is never replaced'),
  dropsTransaction: defineFault('csms.set-display-message-drops-transaction', 'leaves out the transactionId the operator chose'),
  dropsValidity: defineFault('csms.set-display-message-drops-validity', 'leaves out the startDateTime and endDateTime the operator chose'),
  dropsState: defineFault('csms.set-display-message-drops-state', 'leaves out the state the operator chose'),
  addsFilter: defineFault('csms.get-display-messages-adds-filter', 'asks GetDisplayMessages with priority NormalCycle although the operator set no priority filter'),
  ignoresFilters: defineFault('csms.get-display-messages-ignores-filters', 'sends GetDisplayMessages without the id, priority or state filter the operator chose'),
  clearWrongId: defineFault('csms.clear-display-message-wrong-id', 'sends ClearDisplayMessage for another id than the operator chose'),
  notifyError: defineFault('csms.notify-display-messages-error', 'answers NotifyDisplayMessages with a CALLERROR'),
};

/** What each station reported per GetDisplayMessages requestId. */
export const reportedMessages = new WeakMap<StationRecord, Map<number, Payload[]>>();

let nextMessageId = 1 + (Date.now() % 50_000);
let nextRequestId = 1 + (Date.now() % 70_000);

export function install(csms: ReferenceCsms): void {
  if (csms.version !== '2.0.1') return;
  const has = (f: string) => csms.faults.has(f);
  const at = (s: unknown) => new Date(Date.now() + Number(s) * 1000).toISOString();

  csms.onAction('setDisplayMessage', async (station, args) => {
    const id = args.id === undefined || has(CDM.wrongId) ? nextMessageId++ : Number(args.id);
    let priority = String(args.priority ?? 'NormalCycle');
    if (has(CDM.wrongPriority)) priority = priority === 'NormalCycle' ? 'InFront' : 'NormalCycle';
    const content: Payload = { format: String(args.format ?? 'UTF8'), content: String(args.content ?? 'Welcome') };
    if (args.language !== undefined) content.language = String(args.language);
    const message: Payload = { id, priority, message: content };
    if (args.state !== undefined && !has(CDM.dropsState)) message.state = String(args.state);
    if (args.startInS !== undefined && !has(CDM.dropsValidity)) message.startDateTime = at(args.startInS);
    if (args.endInS !== undefined && !has(CDM.dropsValidity)) message.endDateTime = at(args.endInS);
    if (args.transactionId !== undefined && !has(CDM.dropsTransaction)) message.transactionId = String(args.transactionId);
    const answer = await csms.send(station, 'SetDisplayMessage', { message });
    station.log.event(`SetDisplayMessage ${id} answered ${String(answer.status)}`);
  });

  csms.onAction('getDisplayMessages', async (station, args) => {
    const request: Payload = { requestId: nextRequestId++ };
    const filters = !has(CDM.ignoresFilters);
    if (args.id !== undefined && filters) request.id = [args.id].flat().map(Number);
    if (args.priority !== undefined && filters) request.priority = String(args.priority);
    else if (args.priority === undefined && has(CDM.addsFilter)) request.priority = 'NormalCycle';
    if (args.state !== undefined && filters) request.state = String(args.state);
    const answer = await csms.send(station, 'GetDisplayMessages', request);
    station.log.event(`GetDisplayMessages ${String(request.requestId)} answered ${String(answer.status)}`);
  });

  csms.onAction('clearDisplayMessage', async (station, args) => {
    const id = Number(args.id) + (has(CDM.clearWrongId) ? 1 : 0);
    const answer = await csms.send(station, 'ClearDisplayMessage', { id });
    station.log.event(`ClearDisplayMessage ${id} answered ${String(answer.status)}`);
  });

  csms.handle('NotifyDisplayMessages', (station, p) => {
    if (has(CDM.notifyError)) throw new Error('display message store unavailable');
    const byRequest = reportedMessages.get(station) ?? new Map<number, Payload[]>();
    reportedMessages.set(station, byRequest);
    const id = Number(p.requestId);
    byRequest.set(id, [...(byRequest.get(id) ?? []), ...((p.messageInfo as Payload[] | undefined) ?? [])]);
    return {};
  });
}
