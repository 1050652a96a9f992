import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceCsms } from './csms.js';

/**
 * 2.0.1 I02/I03 (tariff and cost): a flat price per kWh. The running total cost goes to the station in a CostUpdated
 * after each periodic meter value of a running transaction (I02); the final one in the answer to the Ended event (I03).
 */
export const TARIFFF = {
  noCostUpdated: defineFault('csms.no-cost-updated', '2.0.1: never sends the running total cost (CostUpdated) during a transaction'),
  noFinalCost: defineFault('csms.no-total-cost-at-end', '2.0.1: leaves totalCost out of its answer to the TransactionEvent that ends a transaction'),
};

/** Price per kWh of the reference CSMS's one tariff. */
const PRICE_PER_KWH = 0.25;

/** The energy register (Wh) a TransactionEvent's meter values carry, if any. */
function registerWh(p: Payload): number | undefined {
  let found: number | undefined;
  for (const mv of (p.meterValue as { sampledValue: { value: number; measurand?: string; unitOfMeasure?: { unit?: string; multiplier?: number } }[] }[] | undefined) ?? []) {
    for (const sv of mv.sampledValue) {
      if ((sv.measurand ?? 'Energy.Active.Import.Register') !== 'Energy.Active.Import.Register') continue;
      const scale = (sv.unitOfMeasure?.unit === 'kWh' ? 1000 : 1) * 10 ** (sv.unitOfMeasure?.multiplier ?? 0);
      found = Number(sv.value) * scale;
    }
  }
  return found;
}

export function install(csms: ReferenceCsms): void {
  if (csms.version === '1.6') return;
  const has = (f: string) => csms.faults.has(f);
  const prev = csms.handlerFor('TransactionEvent');
  if (!prev) return;
  const meters = new Map<string, { first: number; last: number }>();

  csms.handle('TransactionEvent', async (station, p, call) => {
    const answer = await prev(station, p, call);
    const id = String((p.transactionInfo as Payload).transactionId);
    const wh = registerWh(p);
    const seen = meters.get(id);
    if (wh !== undefined) meters.set(id, { first: seen?.first ?? wh, last: wh });
    const m = meters.get(id);
    const totalCost = Math.round(((m ? m.last - m.first : 0) / 1000) * PRICE_PER_KWH * 100) / 100;
    if (p.eventType === 'Ended') {
      meters.delete(id);
      if (!has(TARIFFF.noFinalCost)) answer.totalCost = totalCost;
    } else if (p.triggerReason === 'MeterValuePeriodic' && !has(TARIFFF.noCostUpdated)) {
      // After the answer: the CSMS's own CALL must not overtake it.
      setImmediate(() => void csms.send(station, 'CostUpdated', { totalCost, transactionId: id }).catch(() => undefined));
    }
    return answer;
  });
}
