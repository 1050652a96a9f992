import type { ReferenceCsms } from './csms.js';

/** B11/B12: Reset without and with an ongoing transaction. */
export function install(csms: ReferenceCsms): void {
  void csms;
}
