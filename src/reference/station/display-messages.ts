import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';

/**
 * O01-O06 (2.0.1, Advanced User Interface): display messages set by the CSMS. The station keeps them by id
 * (a known id replaces the message, O06), answers what it cannot show (a priority or format outside
 * DisplayMessageCtrlr.SupportedPriorities/SupportedFormats, a transaction it does not run, more messages than
 * DisplayMessageCtrlr.DisplayMessages allows), lets a second AlwaysFront message take the first one's place
 * (O01_FR_16, O02_FR_18), removes a message at its endDateTime (O01_FR_07) and a transaction's messages when that
 * transaction ends (O02.FR.02), and reports them on GetDisplayMessages with its filters (id, priority, state, all of
 * them together, O04) in NotifyDisplayMessages parts of PART_SIZE messages, each but the last with tbc (O03).
 * Messages outlive a reboot (O01_FR_10): they are kept in the station object, which a reboot does not replace.
 *
 * Priorities: AlwaysFront and NormalCycle by default (UI-1.1, UI-1.3); InFront only in the variant that claims
 * UI-1.2, so a default reference has a priority it does not support (TC_O_17_CS). Formats: ASCII, URI, UTF8 (not
 * HTML). States: all of MessageStateEnumType.
 */
export const DMF = {
  unsupportedPriorityAccepted: defineFault('cs.display-message-unsupported-priority-accepted', 'accepts a display message with a priority it does not support'),
  unsupportedFormatAccepted: defineFault('cs.display-message-unsupported-format-accepted', 'accepts a display message in a format it does not support'),
  unknownTransactionAccepted: defineFault('cs.display-message-unknown-transaction-accepted', 'accepts a display message for a transaction it does not know'),
  keptAfterEnd: defineFault('cs.display-message-kept-after-end', 'keeps (and shows) a display message after its endDateTime'),
  keptAfterTransaction: defineFault('cs.display-message-kept-after-transaction', 'keeps a transaction\'s display messages after the transaction ended'),
  ignoresFilters: defineFault('cs.get-display-messages-ignores-filters', 'answers GetDisplayMessages with every message, whatever id, priority or state it asks for'),
  noTbc: defineFault('cs.notify-display-messages-no-tbc', 'sends a multi-part NotifyDisplayMessages report without tbc on its partial parts'),
  wrongRequestId: defineFault('cs.notify-display-messages-wrong-request-id', 'sends NotifyDisplayMessages with another requestId than the GetDisplayMessages asked for'),
  clearUnknownAccepted: defineFault('cs.clear-display-message-unknown-accepted', 'answers ClearDisplayMessage of an id it does not have with Accepted'),
  clearKeeps: defineFault('cs.clear-display-message-keeps', 'answers ClearDisplayMessage Accepted but keeps the message'),
  replaceKeepsOld: defineFault('cs.display-message-replace-keeps-old', 'answers Accepted to a message with a known id but keeps the old message'),
  secondAlwaysFrontKept: defineFault('cs.display-message-second-always-front-keeps-first', 'keeps the first AlwaysFront message when a second one is set'),
  lostOnReboot: defineFault('cs.display-messages-lost-on-reboot', 'forgets its display messages when it reboots'),
  dropsStart: defineFault('cs.display-message-drops-start-time', 'ignores a display message\'s startDateTime (shows it at once and reports it without one)'),
  dropsState: defineFault('cs.display-message-drops-state', 'ignores a display message\'s state (shows it in every state and reports it without one)'),
  inFrontReplaces: defineFault('cs.display-message-in-front-replaces', 'lets a second InFront message take the place of the first, as if InFront were AlwaysFront'),
  rejectsLanguage: defineFault('cs.display-message-rejects-language', 'answers Rejected to a display message that names its language'),
  getUnknownWhenNone: defineFault('cs.get-display-messages-accepted-when-none', 'answers GetDisplayMessages Accepted (and reports an empty list) when no message matches'),
  unsupportedStateAccepted: defineFault('cs.display-message-unsupported-state-accepted', 'accepts a display message for a state it does not support (variant display-state-unsupported)'),
};

/** Messages per NotifyDisplayMessages part: small, so a report of a few messages already comes in parts. */
export const PART_SIZE = 2;
/** DisplayMessageCtrlr.DisplayMessages (its maxLimit): how many messages the reference keeps. */
export const MAX_MESSAGES = 8;

interface Stored {
  info: Payload;
  /** The EVSE of the message's transaction. */
  evseId?: number;
  timer?: NodeJS.Timeout;
}

export function install(station: ReferenceStation): void {
  if (station.version !== '2.0.1' || !station.options.optional?.includes('advanced-user-interface')) return;
  const has = (f: string) => station.faults.has(f);
  const inFront = station.options.optional.includes('UI-1.2');
  const priorities = ['AlwaysFront', ...(inFront ? ['InFront'] : []), 'NormalCycle'];
  const formats = ['ASCII', 'URI', 'UTF8'];
  // Variant display-state-unsupported (TC_O_18_CS): no messages for the Faulted state, as config.ts REFERENCE_VARIANT_PROFILE says.
  const unsupportedStates = station.options.optional.includes('display-state-unsupported') ? ['Faulted'] : [];
  const v = (name: string, value: string, readonly = true) => station.variables.set(`DisplayMessageCtrlr/${name}`, { value, readonly });
  v('Available', 'true');
  v('Enabled', 'true', false);
  v('DisplayMessages', String(MAX_MESSAGES));
  v('SupportedPriorities', priorities.join(','));
  v('SupportedFormats', formats.join(','));

  const messages = new Map<number, Stored>();
  const remove = (id: number) => {
    const m = messages.get(id);
    if (m?.timer) clearTimeout(m.timer);
    messages.delete(id);
  };

  station.on('transactionEnded', (evseId) => {
    if (has(DMF.keptAfterTransaction)) return;
    for (const [id, m] of messages) if (m.evseId === evseId) remove(id);
  });
  station.on('accepted', () => {
    if (has(DMF.lostOnReboot)) for (const id of [...messages.keys()]) remove(id);
  });

  const transactionEvse = (txId: string) => station.evses.find((e) => e.transaction && String(e.transaction.id) === txId);

  station.handle('SetDisplayMessage', (p) => {
    const info = p.message as Payload;
    const id = Number(info.id);
    const content = info.message as Payload;
    if (station.variables.get('DisplayMessageCtrlr/Enabled')?.value !== 'true') return { status: 'Rejected' };
    if (!priorities.includes(String(info.priority)) && !has(DMF.unsupportedPriorityAccepted)) return { status: 'NotSupportedPriority' };
    if (!formats.includes(String(content.format)) && !has(DMF.unsupportedFormatAccepted)) return { status: 'NotSupportedMessageFormat' };
    if (info.state !== undefined && unsupportedStates.includes(String(info.state)) && !has(DMF.unsupportedStateAccepted)) return { status: 'NotSupportedState' };
    if (content.language !== undefined && has(DMF.rejectsLanguage)) return { status: 'Rejected' };
    let evseId: number | undefined;
    if (info.transactionId !== undefined) {
      evseId = transactionEvse(String(info.transactionId))?.id;
      if (evseId === undefined && !has(DMF.unknownTransactionAccepted)) return { status: 'UnknownTransaction' };
    }
    if (messages.has(id) && has(DMF.replaceKeepsOld)) return { status: 'Accepted' };
    if (!messages.has(id) && messages.size >= MAX_MESSAGES) return { status: 'Rejected' };
    remove(id);
    // O01_FR_16 / O02_FR_18: one AlwaysFront message at a time (per transaction, or outside any).
    const replacing = info.priority === 'AlwaysFront' ? !has(DMF.secondAlwaysFrontKept) : info.priority === 'InFront' && has(DMF.inFrontReplaces);
    if (replacing) {
      for (const [other, m] of messages) {
        if (m.info.priority === info.priority && m.info.transactionId === info.transactionId) remove(other);
      }
    }
    const stored: Stored = { info: structuredClone(info), evseId };
    if (has(DMF.dropsStart)) delete stored.info.startDateTime;
    if (has(DMF.dropsState)) delete stored.info.state;
    if (info.endDateTime !== undefined && !has(DMF.keptAfterEnd)) {
      const ms = Math.max(0, Date.parse(String(info.endDateTime)) - Date.now());
      stored.timer = setTimeout(() => { if (messages.get(id) === stored) messages.delete(id); }, Math.min(ms, 2_147_000_000));
      station.track(stored.timer);
    }
    messages.set(id, stored);
    return { status: 'Accepted' };
  });

  station.handle('GetDisplayMessages', (p) => {
    const ids = (p.id as number[] | undefined)?.map(Number);
    const matches = (m: Stored) => has(DMF.ignoresFilters) || ((!ids || ids.includes(Number(m.info.id)))
      && (p.priority === undefined || m.info.priority === p.priority) && (p.state === undefined || m.info.state === p.state));
    const found = [...messages.values()].filter(matches).map((m) => m.info);
    if (found.length === 0 && !has(DMF.getUnknownWhenNone)) return { status: 'Unknown' };
    const requestId = has(DMF.wrongRequestId) ? Number(p.requestId) + 1 : Number(p.requestId);
    station.later(0, async () => {
      // The fault's empty report: one part without messages.
      if (found.length === 0) await station.send('NotifyDisplayMessages', { requestId });
      for (let i = 0; i < found.length; i += PART_SIZE) {
        const last = i + PART_SIZE >= found.length;
        const part: Payload = { requestId, messageInfo: found.slice(i, i + PART_SIZE) };
        if (!last && !has(DMF.noTbc)) part.tbc = true;
        await station.send('NotifyDisplayMessages', part);
      }
    });
    return { status: 'Accepted' };
  });

  station.handle('ClearDisplayMessage', (p) => {
    const id = Number(p.id);
    if (!messages.has(id)) return { status: has(DMF.clearUnknownAccepted) ? 'Accepted' : 'Unknown' };
    if (!has(DMF.clearKeeps)) remove(id);
    return { status: 'Accepted' };
  });
}
