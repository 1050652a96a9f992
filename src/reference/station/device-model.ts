import type { ReferenceStation } from './station.js';

/** B05/B06: device model (2.0.1 SetVariables/GetVariables) and configuration keys (1.6 ChangeConfiguration/GetConfiguration). */
export function install(station: ReferenceStation): void {
  void station;
}
