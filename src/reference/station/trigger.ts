import type { ReferenceStation } from './station.js';

/** F06: TriggerMessage. */
export function install(station: ReferenceStation): void {
  void station;
}
