import type { ReferenceCsms } from './csms.js';

/** F06: TriggerMessage. */
export function install(csms: ReferenceCsms): void {
  void csms;
}
