import type { Payload } from '../../ocpp/frames.js';
import { canonicalItem } from '../../catalog/pics.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';

/**
 * C10/C11 (1.6: Authorization Cache, 3.5.2 / ClearCache): the station keeps what the CSMS said of each token it
 * presented (Authorize, transaction answers) and may use it when offline or to pre-authorize. An entry lasts until
 * its cacheExpiryDateTime or AuthCacheCtrlr.LifeTime after it was stored, whichever comes first. ClearCache empties
 * it (Rejected while the cache is disabled, C11.FR.04).
 *
 * 2.0.1 variables: AuthCacheCtrlr.Enabled (RW), Available (R), LifeTime (RW, s), DisablePostAuthorize (RW),
 * Policy (R). 1.6: AuthorizationCacheEnabled. Installed only when the station claims C-49 / 1.6:AuthorizationCache.
 */
export const CF = {
  acceptsBlocked: defineFault('cs.cache-accepts-blocked', 'treats a token the cache holds as Blocked (or Invalid) as Accepted'),
  clearIgnored: defineFault('cs.clear-cache-ignored', 'answers ClearCache Accepted but keeps every cached token'),
  clearWhenDisabled: defineFault('cs.clear-cache-accepted-when-disabled', 'answers ClearCache Accepted while the cache is disabled'),
  notPersistent: defineFault('cs.cache-not-persistent', 'loses its authorization cache when it reboots'),
  ignoresLifetime: defineFault('cs.cache-ignores-lifetime', 'keeps using a cached token after AuthCacheCtrlr.LifeTime has passed'),
};

export interface CachedToken {
  status: string;
  /** ms since epoch after which the entry no longer counts. */
  expiresAt: number;
  groupIdToken?: string;
}

export interface AuthCache {
  enabled(): boolean;
  /** The entry for a token, or undefined when absent or expired. */
  lookup(idToken: string): CachedToken | undefined;
  store(idToken: string, info: Payload): void;
  size(): number;
}

const caches = new WeakMap<ReferenceStation, AuthCache>();

/** The station's authorization cache, when it implements one. */
export function cacheOf(station: ReferenceStation): AuthCache | undefined {
  return caches.get(station);
}

export function claimsCache(station: ReferenceStation): boolean {
  const item = station.version === '1.6' ? '1.6:AuthorizationCache' : 'C-49';
  return (station.options.optional ?? []).some((f) => canonicalItem(f, station.version) === item);
}

export function install(station: ReferenceStation): void {
  if (!claimsCache(station)) {
    // No cache to clear: the request is refused (C11.FR.04's answer for a cache that is not enabled).
    station.handle('ClearCache', () => ({ status: 'Rejected' }));
    return;
  }
  const v16 = station.version === '1.6';
  const has = (fault: string) => station.faults.has(fault);
  const entries = new Map<string, CachedToken>();
  const ENABLED = v16 ? 'AuthorizationCacheEnabled' : 'AuthCacheCtrlr/Enabled';
  station.variables.set(ENABLED, { value: 'true' });
  if (!v16) {
    station.variables.set('AuthCacheCtrlr/Available', { value: 'true', readonly: true });
    station.variables.set('AuthCacheCtrlr/LifeTime', { value: '86400' });
    station.variables.set('AuthCacheCtrlr/DisablePostAuthorize', { value: 'false' });
    station.variables.set('AuthCacheCtrlr/Policy', { value: 'LRU', readonly: true });
  }
  const enabled = () => station.variables.get(ENABLED)?.value === 'true';
  const lifetimeMs = () => Number(station.setting('', 'AuthCacheCtrlr/LifeTime', '86400')) * 1000;

  const cache: AuthCache = {
    enabled,
    lookup(idToken) {
      const entry = entries.get(idToken);
      if (!entry || !enabled()) return undefined;
      if (Date.now() > entry.expiresAt && !has(CF.ignoresLifetime)) return undefined;
      return has(CF.acceptsBlocked) ? { ...entry, status: 'Accepted' } : entry;
    },
    store(idToken, info) {
      if (!enabled()) return;
      const expiry = info.cacheExpiryDateTime === undefined ? Infinity : Date.parse(String(info.cacheExpiryDateTime));
      const group = info.groupIdToken as Payload | undefined;
      const groupIdToken = typeof info.parentIdTag === 'string' ? info.parentIdTag : group?.idToken === undefined ? undefined : String(group.idToken);
      // 1.6 has no cache lifetime of its own: only the answer's expiryDate bounds an entry.
      const lifetime = v16 ? Infinity : Date.now() + lifetimeMs();
      const expiry16 = info.expiryDate === undefined ? Infinity : Date.parse(String(info.expiryDate));
      entries.set(idToken, { status: String(info.status), expiresAt: Math.min(expiry, expiry16, lifetime), groupIdToken });
    },
    size: () => entries.size,
  };
  caches.set(station, cache);
  // The cache is kept in non-volatile memory: a reboot (a boot on a new connection) keeps it (C10.FR.02).
  station.on('connected', () => {
    if (station.bootState !== 'Accepted' && has(CF.notPersistent)) entries.clear();
  });

  station.handle('ClearCache', () => {
    if (!enabled() && !has(CF.clearWhenDisabled)) return { status: 'Rejected' };
    if (!has(CF.clearIgnored)) entries.clear();
    return { status: 'Accepted' };
  });
}
