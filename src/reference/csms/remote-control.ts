import type { ReferenceCsms } from './csms.js';

/** F01-F04: remote start and remote stop of transactions. */
export function install(csms: ReferenceCsms): void {
  void csms;
}
