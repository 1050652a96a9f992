import type { ReferenceCsms } from './csms.js';

/** Each use-case family adds its handlers and operator actions here (one install function per file). */
const FEATURES: ((csms: ReferenceCsms) => void)[] = [];

export function installCsmsFeatures(csms: ReferenceCsms): void {
  for (const install of FEATURES) install(csms);
}
