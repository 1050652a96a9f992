import type { ReferenceStation } from './station.js';

/**
 * The station's network link as an operator controls it (the 1.6 offline test cases: "remove the connectivity
 * between the Charge Point and the Central System", then restore it).
 * - `disconnectNetwork` {}: the connection drops and the station stays offline (it keeps running: transactions,
 *   meter values and the queue of transaction messages go on).
 * - `restoreNetwork` {}: the station reconnects at once.
 */
export function install(station: ReferenceStation): void {
  station.onAction('disconnectNetwork', () => station.setNetwork(false));
  station.onAction('restoreNetwork', () => station.setNetwork(true));
}
