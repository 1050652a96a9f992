import { full, partial } from '../../../src/harness/test-case.js';
import { configurationInventoryCs, fullInventoryCs, summaryInventoryCs, summaryNotSupportedCs, baseReportCsms } from '../../shared/report-steps.js';

/** The CSMS-side documents end with a person checking that the CSMS shows the report, which no operator action reports. */
const shown = (id: string) => partial(id, 'the post-scenario check that the CSMS shows the report to an operator is not reproduced: no operator action reports what the CSMS stored');
const table = 'the required variables are checked for the physical components (ChargingStation, each EVSE and connector), the Core controllers and LocalAuthListCtrlr; the blocks the harness does not test (smart charging, ISO 15118, display messages, tariff and cost, monitoring) are not checked';

export const configurationInventoryCsTc = configurationInventoryCs(full('TC_B_12_CS'));
export const fullInventoryCsTc = fullInventoryCs([partial('TC_B_13_CS', table), partial('TC_B_53_CS', table)]);
export const summaryInventoryCsTc = summaryInventoryCs([partial('TC_B_14_CS', 'connectors\' AvailabilityState (required only if known and different from the EVSE) and the problem variables of components in an abnormal state are not checked: the harness cannot put a component in such a state')]);
export const summaryNotSupportedCsTc = summaryNotSupportedCs(full('TC_B_15_CS'));
export const configurationInventoryCsms = baseReportCsms('ConfigurationInventory', [shown('TC_B_12_CSMS')]);
export const fullInventoryCsms = baseReportCsms('FullInventory', [shown('TC_B_13_CSMS')]);
export const summaryInventoryCsms = baseReportCsms('SummaryInventory', [shown('TC_B_14_CSMS')]);
