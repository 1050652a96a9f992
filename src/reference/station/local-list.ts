import type { Payload } from '../../ocpp/frames.js';
import { canonicalItem } from '../../catalog/pics.js';
import { defineFault } from '../faults.js';
import { cacheOf } from './auth-cache.js';
import type { ReferenceStation } from './station.js';

/**
 * D01/D02 (1.6: Local Auth List Management): the local authorization list the CSMS sends (SendLocalList, Full or
 * Differential, with a version number) and its version (GetLocalListVersion); and C12-C15: how a presented token
 * is decided from the local list and the authorization cache, online (LocalPreAuthorize, DisablePostAuthorize) and
 * offline (LocalAuthorizeOffline, OfflineTxForUnknownIdEnabled / 1.6 AllowOfflineTxForUnknownId).
 *
 * 2.0.1 variables: LocalAuthListCtrlr.Enabled (RW), Available, Entries, ItemsPerMessage, BytesPerMessage (R),
 * DisablePostAuthorize (RW); AuthCtrlr.OfflineTxForUnknownIdEnabled (RW). 1.6 keys: LocalAuthListEnabled (RW),
 * LocalAuthListMaxLength, SendLocalListMaxLength (R), AllowOfflineTxForUnknownId (RW).
 * Operator action `failLocalListUpdate` {}: the station cannot store the next list it is sent (storage failure),
 * so it answers that SendLocalList Failed.
 */
export const LF = {
  ignoresDifferential: defineFault('cs.local-list-ignores-differential', 'answers a Differential SendLocalList Accepted but leaves the list entries as they were'),
  staleVersion: defineFault('cs.local-list-old-version', 'reports the list version from before the last update in GetLocalListVersion'),
  noVersionMismatch: defineFault('cs.local-list-no-version-mismatch', 'accepts a Differential update whose version is not newer than its own list'),
  fullMerges: defineFault('cs.local-list-full-merges', 'merges a Full SendLocalList into the current list instead of replacing it'),
  versionWhenDisabled: defineFault('cs.local-list-version-when-disabled', 'reports its list version in GetLocalListVersion while the local list is disabled'),
  emptyVersion16: defineFault('cs.local-list-empty-version', '1.6: reports the version number of an empty list instead of 0'),
  failureAccepted: defineFault('cs.local-list-failure-accepted', 'answers Accepted to a SendLocalList it could not store'),
  listNotUsed: defineFault('cs.local-list-not-used', 'never looks a presented token up in the local list (always asks the CSMS, or refuses it offline)'),
  notPersistent: defineFault('cs.local-list-not-persistent', 'loses its local list (and version) when it reboots'),
  unsupportedAccepted: defineFault('cs.local-list-unsupported-accepted', '1.6: without the Local Auth List Management profile, answers SendLocalList Accepted'),
  listAcceptsBlocked: defineFault('cs.local-list-accepts-blocked', 'treats a token the local list holds as Blocked, Invalid or Expired as Accepted'),
  cacheBeforeList: defineFault('cs.cache-before-list', 'decides a token from the authorization cache before looking at the local list'),
  cacheIgnoresTxAnswer: defineFault('cs.cache-ignores-transaction-answer', 'does not update its cache from the idTokenInfo of a TransactionEventResponse / StartTransaction.conf'),
  cacheNotUsed: defineFault('cs.cache-pre-authorize-ignored', 'asks the CSMS (Authorize) for a token its cache holds as Accepted although LocalPreAuthorize is true'),
  preAuthorizeAlways: defineFault('cs.pre-authorize-always', 'starts on a cached Accepted token without Authorize although LocalPreAuthorize is false'),
  postAuthorizeAnyway: defineFault('cs.post-authorize-anyway', 'asks the CSMS about a token cached as not Accepted although DisablePostAuthorize is true'),
  offlineUnknownAccepted: defineFault('cs.offline-unknown-accepted', 'accepts an unknown token offline although OfflineTxForUnknownIdEnabled / AllowOfflineTxForUnknownId is false'),
};

export function claimsLocalList(station: ReferenceStation): boolean {
  const item = station.version === '1.6' ? '1.6:LocalAuthListManagement' : 'LA-1';
  return (station.options.optional ?? []).some((f) => canonicalItem(f, station.version) === item);
}

interface ListEntry {
  info: Payload;
}

export function install(station: ReferenceStation): void {
  const v16 = station.version === '1.6';
  const has = (fault: string) => station.faults.has(fault);
  const claimed = claimsLocalList(station);
  const list = new Map<string, ListEntry>();
  let version = 0;
  let previousVersion = 0;
  let failNext = false;

  const ENABLED = v16 ? 'LocalAuthListEnabled' : 'LocalAuthListCtrlr/Enabled';
  const bool = (key: string) => station.variables.get(key)?.value?.toLowerCase() === 'true';
  if (claimed) {
    station.variables.set(ENABLED, { value: 'true' });
    if (v16) {
      station.variables.set('LocalAuthListMaxLength', { value: '100', readonly: true });
      station.variables.set('SendLocalListMaxLength', { value: '50', readonly: true });
    } else {
      station.variables.set('LocalAuthListCtrlr/Available', { value: 'true', readonly: true });
      station.variables.set('LocalAuthListCtrlr/ItemsPerMessage', { value: '50', readonly: true });
      station.variables.set('LocalAuthListCtrlr/BytesPerMessage', { value: '8000', readonly: true });
      station.variables.set('LocalAuthListCtrlr/DisablePostAuthorize', { value: 'false' });
      station.variables.set('LocalAuthListCtrlr/Entries', { get value() { return String(list.size); }, set value(_v: string) { /* read-only */ }, readonly: true });
    }
  }
  station.variables.set(v16 ? 'AllowOfflineTxForUnknownId' : 'AuthCtrlr/OfflineTxForUnknownIdEnabled', { value: 'false' });
  const enabled = () => claimed && bool(ENABLED);

  // The 1.6 station names its feature profiles in SupportedFeatureProfiles (set by the device model after this).
  if (v16 && claimed) {
    station.on('connected', () => {
      const entry = station.variables.get('SupportedFeatureProfiles');
      if (entry && !entry.value.split(',').includes('LocalAuthListManagement')) entry.value = `${entry.value},LocalAuthListManagement`;
    });
  }

  if (!claimed && v16 && has(LF.unsupportedAccepted)) station.handle('SendLocalList', () => ({ status: 'Accepted' }));
  // A reboot (a boot on a new connection) keeps the list: it is held in non-volatile memory (D01.FR.10).
  station.on('connected', () => {
    if (station.bootState !== 'Accepted' && has(LF.notPersistent)) {
      list.clear();
      version = 0;
    }
  });

  if (claimed) {
    station.onAction('failLocalListUpdate', () => { failNext = true; });

    station.handle('SendLocalList', (p) => {
      const newVersion = Number(v16 ? p.listVersion : p.versionNumber);
      const items = (p.localAuthorizationList as Payload[] | undefined) ?? [];
      if (!enabled()) return { status: v16 ? 'NotSupported' : 'Failed' };
      if (failNext) {
        failNext = false;
        if (!has(LF.failureAccepted)) return { status: 'Failed' };
        return { status: 'Accepted' };
      }
      const key = (item: Payload) => String(v16 ? item.idTag : (item.idToken as Payload).idToken);
      const infoOf = (item: Payload) => (v16 ? item.idTagInfo : item.idTokenInfo) as Payload | undefined;
      if (p.updateType === 'Full') {
        if (!has(LF.fullMerges)) list.clear();
        for (const item of items) {
          const info = infoOf(item);
          if (info) list.set(key(item), { info });
        }
      } else {
        if (newVersion <= version && !has(LF.noVersionMismatch)) return { status: 'VersionMismatch' };
        if (!has(LF.ignoresDifferential)) {
          for (const item of items) {
            const info = infoOf(item);
            if (info) list.set(key(item), { info });
            else list.delete(key(item));
          }
        }
      }
      previousVersion = version;
      version = newVersion;
      return { status: 'Accepted' };
    });

    station.handle('GetLocalListVersion', () => {
      const reported = has(LF.staleVersion) ? previousVersion : version;
      if (!enabled() && !has(LF.versionWhenDisabled)) return v16 ? { listVersion: -1 } : { versionNumber: 0 };
      if (v16) return { listVersion: list.size === 0 && !has(LF.emptyVersion16) ? 0 : reported };
      return { versionNumber: reported };
    });
  }

  // ---- deciding a presented token (C12-C15; 1.6 3.5)

  /** The token's status from the local list (first) or the cache, or undefined when neither knows it. */
  function known(idToken: string): { status: string; source: 'list' | 'cache' } | undefined {
    const early = has(LF.cacheBeforeList) ? cacheOf(station)?.lookup(idToken) : undefined;
    if (early) return { status: early.status, source: 'cache' };
    const entry = enabled() && !has(LF.listNotUsed) ? list.get(idToken) : undefined;
    if (entry) {
      const expiry = entry.info.cacheExpiryDateTime ?? entry.info.expiryDate;
      const expired = expiry !== undefined && Date.parse(String(expiry)) < Date.now();
      const status = expired ? 'Expired' : String(entry.info.status);
      // The list names the token's group too (group stops read it from the transaction model).
      const group = entry.info.parentIdTag ?? (entry.info.groupIdToken as Payload | undefined)?.idToken;
      if (group !== undefined) station.transactions.groups.set(idToken, String(group));
      return { status: has(LF.listAcceptsBlocked) ? 'Accepted' : status, source: 'list' };
    }
    const cached = cacheOf(station)?.lookup(idToken);
    return cached ? { status: cached.status, source: 'cache' } : undefined;
  }

  const tx = station.transactions;
  tx.onTokenInfo = (idToken, _type, info, source) => {
    // A token on the local list is decided by the list; the cache holds what the CSMS said of the others, from
    // AuthorizeResponse and from transaction answers alike (C10.FR.04/05).
    if (source === 'Transaction' && has(LF.cacheIgnoresTxAnswer)) return;
    if (!(enabled() && list.has(idToken))) cacheOf(station)?.store(idToken, info);
  };
  const online = () => station.connected && station.bootState === 'Accepted';
  const decideOffline = (local: ReturnType<typeof known>): string => {
    if (!bool(v16 ? 'LocalAuthorizeOffline' : 'AuthCtrlr/LocalAuthorizeOffline')) return 'Invalid';
    if (local) return local.status;
    const unknownAllowed = bool(v16 ? 'AllowOfflineTxForUnknownId' : 'AuthCtrlr/OfflineTxForUnknownIdEnabled');
    if (unknownAllowed || has(LF.offlineUnknownAccepted)) return 'Accepted';
    return v16 ? 'Invalid' : 'Unknown';
  };
  tx.decideToken = async (idToken, type) => {
    const local = known(idToken);
    if (!online()) return decideOffline(local);
    const preAuthorize = bool(v16 ? 'LocalPreAuthorize' : 'AuthCtrlr/LocalPreAuthorize') || has(LF.preAuthorizeAlways);
    if (local && preAuthorize) {
      if (local.status === 'Accepted' && !(local.source === 'cache' && has(LF.cacheNotUsed))) return 'Accepted';
      const post = local.source === 'list' ? 'LocalAuthListCtrlr/DisablePostAuthorize' : 'AuthCacheCtrlr/DisablePostAuthorize';
      if (!v16 && bool(post) && !has(LF.postAuthorizeAnyway)) return local.status;
    }
    const status = await tx.askCsms(idToken, type);
    // The link went while asking (a close the station had not noticed yet): the token is decided as offline.
    return online() ? status : decideOffline(known(idToken));
  };
}
