import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceCsms, StationRecord } from './csms.js';

/**
 * F01-F04: remote start and remote stop of transactions. Operator actions:
 *   remoteStart { evseId?: number, idToken: string, type?: string }
 *     2.0.1 RequestStartTransaction with a fresh remoteStartId, 1.6 RemoteStartTransaction (connectorId = evseId)
 *   remoteStop { transactionId?: string|number, evseId?: number }  (default: the station's active transaction, on evseId if given)
 *     2.0.1 RequestStopTransaction, 1.6 RemoteStopTransaction
 * The station's answers are kept per station (remoteAnswers) for inspection.
 */
export const RF = {
  wrongStopTransaction: defineFault('csms.remote-stop-wrong-transaction', 'asks to stop a transaction ID other than the running one'),
  reusesRemoteStartId: defineFault('csms.remote-start-reuses-id', 'sends the same remoteStartId with every RequestStartTransaction'),
  dropsEvse: defineFault('csms.remote-start-drops-evse', 'leaves out the EVSE (connector) the operator chose for the remote start'),
  retriesRejected: defineFault('csms.remote-start-retries-rejected', 'sends the remote start again at once after the station rejected it'),
};

/** What each station answered to the CSMS's remote start/stop requests, oldest first. */
export const remoteAnswers = new WeakMap<StationRecord, { action: string; request: Payload; answer: Payload }[]>();

let nextRemoteStartId = 1 + (Date.now() % 100_000);

export function install(csms: ReferenceCsms): void {
  const has = (fault: string) => csms.faults.has(fault);
  const v16 = csms.version === '1.6';

  async function send(station: StationRecord, action: string, request: Payload): Promise<Payload> {
    const answer = await csms.send(station, action, request);
    const log = remoteAnswers.get(station) ?? [];
    log.push({ action, request, answer });
    remoteAnswers.set(station, log);
    return answer;
  }

  csms.onAction('remoteStart', async (station, args) => {
    const evseId = args.evseId === undefined || has(RF.dropsEvse) ? undefined : Number(args.evseId);
    const token = String(args.idToken);
    let action: string;
    let request: Payload;
    if (v16) {
      action = 'RemoteStartTransaction';
      request = { idTag: token };
      if (evseId !== undefined) request.connectorId = evseId;
    } else {
      action = 'RequestStartTransaction';
      const remoteStartId = has(RF.reusesRemoteStartId) ? 1 : nextRemoteStartId++;
      request = { idToken: { idToken: token, type: String(args.type ?? 'ISO14443') }, remoteStartId };
      if (evseId !== undefined) request.evseId = evseId;
    }
    const answer = await send(station, action, request);
    if (answer.status !== 'Accepted' && has(RF.retriesRejected)) await send(station, action, request);
  });

  csms.onAction('remoteStop', async (station, args) => {
    let id: unknown = args.transactionId;
    if (id === undefined) {
      const evseId = args.evseId === undefined ? undefined : Number(args.evseId);
      const active = [...station.transactions.values()].filter((t) => t.active && (evseId === undefined || t.evseId === evseId)).at(-1);
      if (!active) throw new Error(`station ${station.id} has no active transaction to stop`);
      id = active.id;
      if (has(RF.wrongStopTransaction)) id = `${active.id}9`;
    }
    await send(station, v16 ? 'RemoteStopTransaction' : 'RequestStopTransaction', { transactionId: v16 ? Number(id) : String(id) });
  });
}
