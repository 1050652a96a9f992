import type { Payload } from '../../ocpp/frames.js';
import { OcppError } from '../errors.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';

/**
 * 2.0.1 I02/I03 (tariff and cost, Advanced User Interface): the running total cost a CSMS sends (CostUpdated, or
 * totalCost in its answer to a running transaction's TransactionEvent) and the final one (the answer to Ended) go to
 * the display; the reference's display is its log. A running cost never ends anything.
 */
export const TARIFF = {
  costUpdatedUnsupported: defineFault('cs.cost-updated-not-supported', '2.0.1: answers CostUpdated with CALLERROR NotImplemented'),
  runningCostEnds: defineFault('cs.running-cost-ends-transaction', '2.0.1: takes a totalCost in the answer to a running transaction\'s TransactionEvent for the final cost and ends the transaction'),
};

export function install(station: ReferenceStation): void {
  if (station.version === '1.6') return;
  const has = (f: string) => station.faults.has(f);
  const show = (what: string) => station.log.event(`display: ${what}`);

  station.handle('CostUpdated', (p) => {
    if (has(TARIFF.costUpdatedUnsupported)) throw new OcppError('NotImplemented', 'CostUpdated is not implemented');
    show(`running total cost ${String(p.totalCost)} (transaction ${String(p.transactionId)})`);
    return {};
  });

  // TransactionEvents go out through the transaction queue; the cost in their answers is only read here.
  const sendQueued = station.sendQueued.bind(station);
  station.sendQueued = async (action: string, payload: Payload) => {
    const answer = await sendQueued(action, payload);
    if (action === 'TransactionEvent' && answer?.totalCost !== undefined) {
      const txId = (payload.transactionInfo as Payload | undefined)?.transactionId;
      if (payload.eventType === 'Ended') show(`total cost ${String(answer.totalCost)} (transaction ${String(txId)})`);
      else {
        show(`running total cost ${String(answer.totalCost)} (transaction ${String(txId)})`);
        const tx = has(TARIFF.runningCostEnds) ? station.transactions.find(txId) : undefined;
        if (tx) void station.transactions.stop(station.evse(tx.evseId), 'Other');
      }
    }
    return answer;
  };
}
