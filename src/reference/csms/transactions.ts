import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceCsms } from './csms.js';

// auth-c2: a station may start for a token it knows itself (cache, local list) without asking first.
const startNeedsAuthorize = defineFault('csms.start-requires-authorize', '1.6: answers StartTransaction Invalid for an idTag the station did not send Authorize for first');
const eventNeedsAuthorize = defineFault('csms.tx-token-requires-authorize', '2.0.1: answers a TransactionEvent token Invalid when the station did not send Authorize for it first');
const eventAcceptsAny = defineFault('csms.tx-event-accepts-any-token', '2.0.1: answers every token in a TransactionEvent Accepted, unknown ones too');

let nextTransactionId = 1;

/**
 * Transactions as the CSMS sees them: Authorize, 1.6 StartTransaction/StopTransaction (the CSMS assigns the ID)
 * and 2.0.1 TransactionEvent (the station assigns it), plus MeterValues.
 */
export function install(csms: ReferenceCsms): void {
  const status = (token: unknown) => csms.tokenStatus(token);
  if (csms.version === '1.6') {
    const asked = new Set<string>(); // auth-c2: idTags stations sent Authorize for (fault csms.start-requires-authorize)
    csms.handle('Authorize', (s, p) => {
      asked.add(`${s.id}/${String(p.idTag)}`);
      return { idTagInfo: { status: status(p.idTag) } };
    });
    csms.handle('StartTransaction', (station, p) => {
      const id = nextTransactionId++;
      station.transactions.set(String(id), { id: String(id), evseId: Number(p.connectorId), idToken: String(p.idTag), active: true });
      const unasked = csms.faults.has(startNeedsAuthorize) && !asked.has(`${station.id}/${String(p.idTag)}`); // auth-c2
      return { transactionId: id, idTagInfo: { status: unasked ? 'Invalid' : status(p.idTag) } };
    });
    csms.handle('StopTransaction', (station, p) => {
      const tx = station.transactions.get(String(p.transactionId));
      if (tx) Object.assign(tx, { active: false, stoppedReason: String(p.reason ?? 'Local') });
      return p.idTag === undefined ? {} : { idTagInfo: { status: status(p.idTag) } };
    });
  } else {
    const asked = new Set<string>(); // auth-c2: tokens stations sent Authorize for (fault csms.tx-token-requires-authorize)
    csms.handle('Authorize', (s, p) => {
      asked.add(`${s.id}/${String((p.idToken as Payload).idToken)}`);
      return { idTokenInfo: { status: status((p.idToken as Payload).idToken) } };
    });
    csms.handle('TransactionEvent', (station, p) => {
      const info = p.transactionInfo as Payload;
      const id = String(info.transactionId);
      const token = (p.idToken as Payload | undefined)?.idToken;
      const evse = p.evse as Payload | undefined;
      const tx = station.transactions.get(id) ?? { id, evseId: Number(evse?.id ?? 0), active: true };
      if (token !== undefined) tx.idToken = String(token);
      if (info.remoteStartId !== undefined) tx.remoteStartId = Number(info.remoteStartId);
      if (p.eventType === 'Ended') Object.assign(tx, { active: false, stoppedReason: String(info.stoppedReason ?? 'Local') });
      station.transactions.set(id, tx);
      if (token === undefined) return {};
      // auth-c2: a station may authorize from its cache or local list, without Authorize first.
      if (csms.faults.has(eventAcceptsAny)) return { idTokenInfo: { status: 'Accepted' } };
      if (csms.faults.has(eventNeedsAuthorize) && !asked.has(`${station.id}/${String(token)}`)) return { idTokenInfo: { status: 'Invalid' } };
      return { idTokenInfo: { status: status(token) } };
    });
  }
  csms.handle('MeterValues', () => ({}));
}
