import type { ReferenceStation } from './station.js';

/** B11/B12: Reset without and with an ongoing transaction. */
export function install(station: ReferenceStation): void {
  void station;
}
