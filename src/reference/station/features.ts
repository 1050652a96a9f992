import type { ReferenceStation } from './station.js';
import { install as authCache } from './auth-cache.js';

/** Each use-case family adds its handlers and operator actions here (one install function per file). */
const FEATURES: ((station: ReferenceStation) => void)[] = [
  authCache,
];

export function installStationFeatures(station: ReferenceStation): void {
  for (const install of FEATURES) install(station);
}
