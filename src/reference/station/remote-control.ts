import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';
import type { Evse } from './model.js';

/**
 * F01-F04: remote start and remote stop of transactions, for both versions.
 * 2.0.1 RequestStartTransaction / RequestStopTransaction, 1.6 RemoteStartTransaction / RemoteStopTransaction.
 * The station answers first and acts afterwards, so the CALLRESULT precedes the transaction messages it causes.
 */
export const RF = {
  ignoresEvse: defineFault('cs.remote-start-ignores-evse', 'starts a remote transaction on the first free EVSE instead of the one requested'),
  stopUnknownAccepted: defineFault('cs.remote-stop-unknown-accepted', 'answers Accepted to a remote stop of a transaction it does not know'),
  noRemoteStartId: defineFault('cs.remote-start-no-remote-start-id', 'leaves remoteStartId out of the transaction a remote start began'),
  actsBeforeAnswer: defineFault('cs.remote-start-acts-before-answer', 'starts the remote transaction before it answers the remote start request'),
  occupiedAccepted: defineFault('cs.remote-start-occupied-accepted', 'answers Accepted to a remote start on an EVSE that already charges'),
  connectorZero: defineFault('cs.remote-start-accepts-connector-zero', '1.6: accepts RemoteStartTransaction for connectorId 0'),
  noTransactionId: defineFault('cs.remote-start-no-transaction-id', '2.0.1: omits transactionId when a remote start authorizes a transaction begun by cable'),
  stopIgnored: defineFault('cs.remote-stop-ignored', 'answers Accepted to a remote stop but keeps charging'),
  skipsAuthorize: defineFault('cs.remote-start-skips-authorize', 'starts a remote transaction without Authorize although AuthorizeRemoteStart is true'),
  tokenTypeChanged: defineFault('cs.remote-start-token-type-changed', '2.0.1: reports the token of a remote start with type Central instead of the type the CSMS sent'),
};

/** Whether the EVSE can take a remote start: it exists, is operative and none of its connectors is out of use. */
function usable(evse: Evse): boolean {
  return evse.operative && evse.connectors.every((c) => c.status !== 'Faulted' && c.status !== 'Unavailable');
}

export function install(station: ReferenceStation): void {
  const has = (fault: string) => station.faults.has(fault);
  const tx = station.transactions;

  /**
   * The EVSE a remote start goes to, or undefined when it must be rejected: the one named (unknown, inoperative or
   * already authorized → none), else one with a transaction waiting for authorization, else the first free one.
   */
  function targetOf(evseId: number | undefined): Evse | undefined {
    if (evseId !== undefined && has(RF.ignoresEvse)) evseId = undefined;
    if (evseId !== undefined) {
      const evse = station.evses.find((e) => e.id === evseId);
      if (!evse || !usable(evse) || evse.pendingAuth) return undefined;
      if (evse.transaction?.authorized) return has(RF.occupiedAccepted) ? evse : undefined;
      return evse;
    }
    return station.evses.find((e) => usable(e) && e.transaction && !e.transaction.authorized) ?? tx.freeEvse();
  }

  /** Answer first, then run the start (unless the fault runs it before answering). */
  async function startAfterAnswer(run: () => Promise<unknown>): Promise<void> {
    if (has(RF.actsBeforeAnswer)) {
      await run();
      return;
    }
    station.later(0, async () => {
      await run();
    });
  }

  if (station.version === '1.6') {
    station.handle('RemoteStartTransaction', async (p) => {
      const connectorId = p.connectorId === undefined ? undefined : Number(p.connectorId);
      if (connectorId === 0 && !has(RF.connectorZero)) return { status: 'Rejected' };
      const evse = targetOf(connectorId === 0 ? undefined : connectorId);
      if (!evse || tx.reservations?.blocks(evse, String(p.idTag))) return { status: 'Rejected' }; // reserved for another token
      if (evse.transaction) return { status: 'Accepted' }; // only with the occupied fault: accepted, nothing happens
      await startAfterAnswer(() => tx.authorize({ remote: true, evseId: evse.id, idToken: String(p.idTag), skipAuthorize: has(RF.skipsAuthorize) }));
      return { status: 'Accepted' };
    });
    station.handle('RemoteStopTransaction', (p) => remoteStop(p.transactionId));
  } else {
    station.handle('RequestStartTransaction', async (p) => {
      const idToken = p.idToken as Payload;
      const evse = targetOf(p.evseId === undefined ? undefined : Number(p.evseId));
      const group = (p.groupIdToken as Payload | undefined)?.idToken as string | undefined;
      if (!evse || tx.reservations?.blocks(evse, String(idToken.idToken), group)) return { status: 'Rejected' }; // reserved for another token
      const running = evse.transaction;
      if (running?.authorized) return { status: 'Accepted' }; // only with the occupied fault
      const remoteStartId = has(RF.noRemoteStartId) ? undefined : Number(p.remoteStartId);
      await startAfterAnswer(() => tx.authorize({
        remote: true, evseId: evse.id, idToken: String(idToken.idToken),
        idTokenType: has(RF.tokenTypeChanged) ? 'Central' : String(idToken.type), remoteStartId,
        skipAuthorize: has(RF.skipsAuthorize), group,
      }));
      // A transaction the cable already began is the one this start authorizes: say which.
      return running && !has(RF.noTransactionId) ? { status: 'Accepted', transactionId: String(running.id) } : { status: 'Accepted' };
    });
    station.handle('RequestStopTransaction', (p) => remoteStop(p.transactionId));
  }

  function remoteStop(transactionId: unknown): Payload {
    const running = tx.find(transactionId);
    if (!running) return { status: has(RF.stopUnknownAccepted) ? 'Accepted' : 'Rejected' };
    const evse = station.evse(running.evseId);
    if (!has(RF.stopIgnored)) station.later(0, () => tx.stop(evse, 'Remote'));
    return { status: 'Accepted' };
  }
}
