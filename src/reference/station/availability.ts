import type { ReferenceStation } from './station.js';

/** G03-G05 and F05: change availability, unlock connector, lock failure. */
export function install(station: ReferenceStation): void {
  void station;
}
