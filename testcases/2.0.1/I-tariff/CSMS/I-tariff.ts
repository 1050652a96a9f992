// I02/I03 (2.0.1), CSMS as SUT: the CSMS sends the running total cost (CostUpdated) and the final one (totalCost).
import { full, partial } from '../../../../src/harness/test-case.js';
import { finalCostCsms, runningCostCsms } from '../../../shared/tariff-steps.js';

export const runningCost = runningCostCsms([partial('TC_I_01_CSMS',
  'the periodic meter values are sent one after the other without waiting the configured interval (their timestamps are an interval apart); the session ends after two')]);
export const finalCost = finalCostCsms(full('TC_I_02_CSMS'));
