import { defineFault } from '../faults.js';
import type { Evse, Transaction } from './model.js';
import type { ReferenceStation } from './station.js';

/**
 * C12/C15/E05 (2.0.1): a transaction whose token the CSMS answers not Accepted in a TransactionEventResponse while
 * TxCtrlr.StopTxOnInvalidId is false. The transaction goes on, but the station stops the energy (chargingState
 * SuspendedEVSE): at once when TxCtrlr.MaxEnergyOnInvalidId is 0, else once the transaction has delivered that much
 * energy (Wh). With StopTxOnInvalidId true transactions.ts deauthorizes the transaction at once.
 */
export const IF = {
  keepsCharging: defineFault('cs.invalid-id-keeps-charging', '2.0.1: keeps delivering energy after the CSMS answered the token Invalid (StopTxOnInvalidId false, MaxEnergyOnInvalidId 0): no SuspendedEVSE'),
  stopsAnyway: defineFault('cs.invalid-id-stops-anyway', '2.0.1: deauthorizes and ends a transaction whose token the CSMS answered Invalid although StopTxOnInvalidId is false'),
  ignoresMaxEnergy: defineFault('cs.invalid-id-ignores-max-energy', '2.0.1: stops the energy at once after an Invalid answer although MaxEnergyOnInvalidId allows more'),
};

const MAX_ENERGY = 'TxCtrlr/MaxEnergyOnInvalidId';
const POLL_MS = 1000;

export function install(station: ReferenceStation): void {
  if (station.version !== '2.0.1') return;
  const has = (fault: string) => station.faults.has(fault);
  if (!station.variables.has(MAX_ENERGY)) station.variables.set(MAX_ENERGY, { value: '0' });
  const transactions = station.transactions;
  const delivered = (evse: Evse, tx: Transaction) => transactions.meterNowWh(evse) - tx.meterStartWh;

  async function suspend(evse: Evse, tx: Transaction): Promise<void> {
    if (evse.transaction !== tx || tx.chargingState === 'SuspendedEVSE') return;
    evse.meterWh = transactions.meterNowWh(evse);
    tx.chargingSince = undefined;
    tx.chargingState = 'SuspendedEVSE';
    await transactions.event201(evse, tx, 'Updated', 'ChargingStateChanged', {}, evse.meterWh);
  }

  transactions.onInvalidKept = async (evse, tx) => {
    if (has(IF.stopsAnyway)) return transactions.stop(evse, 'DeAuthorized');
    if (has(IF.keepsCharging)) return;
    const maxWh = Number(station.setting('', MAX_ENERGY, '0')) || 0;
    if (maxWh <= 0 || has(IF.ignoresMaxEnergy) || delivered(evse, tx) >= maxWh) return suspend(evse, tx);
    // Energy goes on until the transaction has delivered MaxEnergyOnInvalidId.
    const timer = setInterval(() => {
      if (evse.transaction !== tx) return clearInterval(timer);
      if (delivered(evse, tx) < maxWh) return;
      clearInterval(timer);
      void suspend(evse, tx);
    }, POLL_MS);
    station.track(timer);
  };
}
