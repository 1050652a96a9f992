// I02/I03 (2.0.1), charging station as SUT: running and final total cost of a transaction, over the wire.
import { partial } from '../../../../src/harness/test-case.js';
import { VISUAL, finalCostCs, runningCostCs } from '../../../shared/tariff-steps.js';

export const runningCostUpdated = runningCostCs('cost-updated', [partial('TC_I_01_CS',
  `${VISUAL}; steps 6-9 run once, on the TransactionEvent that starts the energy transfer, with two CostUpdated (no periodic events are awaited)`)]);
export const runningCostInAnswer = runningCostCs('transaction-event', [partial('TC_I_07_CS',
  `${VISUAL}; steps 6-9 run once, on the TransactionEvent that starts the energy transfer; that the station charges on is checked through the end of the session`)]);
export const finalCost = finalCostCs([partial('TC_I_02_CS', VISUAL)]);
