import type { ReferenceCsms } from './csms.js';

/** G03-G05 and F05: change availability, unlock connector, lock failure. */
export function install(csms: ReferenceCsms): void {
  void csms;
}
