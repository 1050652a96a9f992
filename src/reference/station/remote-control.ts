import type { ReferenceStation } from './station.js';

/** F01-F04: remote start and remote stop of transactions. */
export function install(station: ReferenceStation): void {
  void station;
}
