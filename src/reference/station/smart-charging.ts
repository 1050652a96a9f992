import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';
import type { Transaction } from './model.js';
import { compositePeriods, convert, scheduleOf, periodsOf, type InstalledProfile, type Period } from './composite-schedule.js';

/**
 * 1.6 Smart Charging feature profile (section 3.13, K01-K10): SetChargingProfile with the three purposes, stack
 * levels and validity, ClearChargingProfile with its filters, GetCompositeSchedule computed from the installed
 * profiles, and RemoteStartTransaction with a TxProfile. Installed only when the station claims 1.6:SmartCharging;
 * without it the calls are NotSupported and a remote start's profile is ignored (5.11).
 */
export const SC = {
  txDefaultIgnoredDuringTx: defineFault('cs.tx-default-ignored-during-transaction', '1.6: accepts a TxDefaultProfile during a transaction but does not apply it to that transaction'),
  ignoresStackLevel: defineFault('cs.composite-ignores-stack-level', '1.6: lets the first installed profile of a purpose prevail instead of the one with the highest stackLevel'),
  clearIgnoresFilter: defineFault('cs.clear-profile-ignores-filter', '1.6: ClearChargingProfile clears every profile, whatever id or criteria it names'),
  txProfileWithoutTx: defineFault('cs.tx-profile-without-transaction-accepted', '1.6: accepts a TxProfile for a connector without a transaction'),
  txProfileWrongTx: defineFault('cs.tx-profile-wrong-transaction-accepted', '1.6: accepts a TxProfile whose transactionId is not the connector\'s running transaction'),
  remoteProfileAnyPurpose: defineFault('cs.remote-start-profile-any-purpose', '1.6: accepts a RemoteStartTransaction whose chargingProfile is not a TxProfile'),
  remoteProfileIgnored: defineFault('cs.remote-start-profile-ignored', '1.6: accepts a RemoteStartTransaction with a TxProfile but does not apply the profile to the transaction'),
  txProfileMerged: defineFault('cs.tx-profile-merged-with-default', '1.6: limits a transaction by its TxDefaultProfile as well as its TxProfile instead of the TxProfile overruling it'),
  idleIgnoresDefault: defineFault('cs.composite-idle-ignores-tx-default', '1.6: leaves the TxDefaultProfile out of the composite schedule of a connector without a transaction (it applies it only once one starts)'),
  txProfileIgnored: defineFault('cs.tx-profile-ignored', '1.6: accepts a TxProfile for the running transaction but keeps limiting it by the profiles it had'),
  sameStackLevelKept: defineFault('cs.same-stack-level-kept', '1.6: keeps a profile when another with the same purpose and stackLevel arrives for its connector, instead of replacing it'),
  connectorZeroDefaultKept: defineFault('cs.connector-zero-default-kept', '1.6: keeps applying the TxDefaultProfile of connector 0 to a connector that got a TxDefaultProfile of its own'),
  validityIgnored: defineFault('cs.profile-validity-ignored', '1.6: applies a charging profile outside its validFrom/validTo'),
  clearAlwaysAccepted: defineFault('cs.clear-profile-always-accepted', '1.6: answers ClearChargingProfile Accepted when no profile matched (instead of Unknown)'),
  compositeUnknownConnector: defineFault('cs.composite-unknown-connector-accepted', '1.6: answers GetCompositeSchedule for a connector it does not have with Accepted'),
  maxProfileOnConnector: defineFault('cs.max-profile-on-connector-accepted', '1.6: accepts a ChargePointMaxProfile for a connector other than 0'),
  recurringOnce: defineFault('cs.recurring-profile-not-repeated', '1.6: runs a Recurring profile\'s schedule once from its startSchedule, as if it were Absolute'),
  txProfileDroppedOffline: defineFault('cs.tx-profile-dropped-offline', '1.6: drops the TxProfile of a running transaction when the connection to the Central System is lost'),
  ignoresMaxProfile: defineFault('cs.composite-ignores-charge-point-max', '1.6: leaves the ChargePointMaxProfile out of a connector\'s composite schedule'),
};

/** The station's own limit per phase, where no profile limits a connector (and the cap on every profile). */
const LOCAL_LIMIT_A = 32;
const MAX_STACK_LEVEL = 8;
const MAX_PERIODS = 24;
const MAX_PROFILES = 16;

interface Installed extends InstalledProfile {
  /** A remote start's TxProfile: it governs the transaction the remote start begins (its idTag), once that exists. */
  remote?: { idTag: string; tx?: Transaction };
}

export function install(station: ReferenceStation): void {
  if (station.version !== '1.6' || !station.options.optional?.includes('1.6:SmartCharging')) return;
  const has = (fault: string) => station.faults.has(fault);
  const installed: Installed[] = [];

  const profiles = station.variables.get('SupportedFeatureProfiles');
  if (profiles && !profiles.value.split(',').includes('SmartCharging')) profiles.value += ',SmartCharging';
  // 3.13.5: the keys a Smart Charging enabled charge point reports (9.4, all read-only).
  station.variables.set('ChargeProfileMaxStackLevel', { value: String(MAX_STACK_LEVEL), readonly: true });
  station.variables.set('ChargingScheduleAllowedChargingRateUnit', { value: 'Current,Power', readonly: true });
  station.variables.set('ChargingScheduleMaxPeriods', { value: String(MAX_PERIODS), readonly: true });
  station.variables.set('MaxChargingProfilesInstalled', { value: String(MAX_PROFILES), readonly: true });

  const connectorIds = () => station.evses.map((e) => e.id);
  const transactionOn = (connectorId: number) => station.evses.find((e) => e.id === connectorId)?.transaction;

  /** Why a profile cannot be installed (Rejected), or undefined; `remote`: it came with a remote start. */
  function problem(connectorId: number, p: Payload, remote: boolean): string | undefined {
    const purpose = p.chargingProfilePurpose;
    const schedule = scheduleOf(p);
    if (connectorId !== 0 && !connectorIds().includes(connectorId)) return `no connector ${connectorId}`;
    if (Number(p.stackLevel) < 0 || Number(p.stackLevel) > MAX_STACK_LEVEL) return `stackLevel outside 0..${MAX_STACK_LEVEL} (ChargeProfileMaxStackLevel)`;
    if (periodsOf(p).length === 0 || periodsOf(p).length > MAX_PERIODS) return `1 to ${MAX_PERIODS} periods (ChargingScheduleMaxPeriods)`;
    if (periodsOf(p)[0]!.startPeriod !== 0) return 'the first period must start at 0 (7.13)';
    if (p.chargingProfileKind === 'Recurring' && !p.recurrencyKind) return 'a Recurring profile needs recurrencyKind';
    if (p.chargingProfileKind === 'Recurring' && schedule.startSchedule === undefined) return 'a Recurring profile needs startSchedule';
    if (purpose === 'ChargePointMaxProfile' && connectorId !== 0 && !has(SC.maxProfileOnConnector)) return 'ChargePointMaxProfile only at connector 0 (3.13.1)';
    if (purpose !== 'TxProfile' && p.transactionId !== undefined) return 'transactionId only with TxProfile (7.8)';
    if (purpose !== 'TxProfile' || remote) return undefined;
    if (connectorId === 0) return 'TxProfile only at a connector > 0 (3.13.1)';
    const tx = transactionOn(connectorId);
    if (!tx && !has(SC.txProfileWithoutTx)) return `no transaction on connector ${connectorId} (3.13.1)`;
    if (tx && p.transactionId !== undefined && Number(p.transactionId) !== Number(tx.id) && !has(SC.txProfileWrongTx)) {
      return `transaction ${String(p.transactionId)} is not the one on connector ${connectorId}`;
    }
    return undefined;
  }

  /** Install, replacing a profile with the same ID, or the same purpose and stack level on the connector (3.13.2). */
  function put(entry: Installed): boolean {
    const p = entry.profile;
    for (let i = installed.length - 1; i >= 0; i--) {
      const o = installed[i]!;
      const same = o.profile.chargingProfileId === p.chargingProfileId
        || (!has(SC.sameStackLevelKept) && o.connectorId === entry.connectorId && o.profile.chargingProfilePurpose === p.chargingProfilePurpose && o.profile.stackLevel === p.stackLevel);
      if (same) installed.splice(i, 1);
    }
    if (installed.length >= MAX_PROFILES) return false;
    installed.push(entry);
    return true;
  }

  station.handle('SetChargingProfile', (p) => {
    const connectorId = Number(p.connectorId);
    const profile = p.csChargingProfiles as Payload;
    const why = problem(connectorId, profile, false);
    if (why) {
      station.log.event(`SetChargingProfile rejected: ${why}`);
      return { status: 'Rejected' };
    }
    return { status: put({ connectorId, profile, installedAt: Date.now() }) ? 'Accepted' : 'Rejected' };
  });

  station.handle('ClearChargingProfile', (p) => {
    const matches = (e: Installed) => (has(SC.clearIgnoresFilter) ? true
      : p.id !== undefined ? e.profile.chargingProfileId === p.id
        : (p.connectorId === undefined || e.connectorId === p.connectorId)
          && (p.chargingProfilePurpose === undefined || e.profile.chargingProfilePurpose === p.chargingProfilePurpose)
          && (p.stackLevel === undefined || e.profile.stackLevel === p.stackLevel));
    const before = installed.length;
    for (let i = installed.length - 1; i >= 0; i--) if (matches(installed[i]!)) installed.splice(i, 1);
    return { status: installed.length < before || has(SC.clearAlwaysAccepted) ? 'Accepted' : 'Unknown' };
  });

  // 3.13.6: offline the station keeps using a running transaction's TxProfile (the fault drops it).
  station.on('disconnected', () => {
    if (!has(SC.txProfileDroppedOffline)) return;
    for (let i = installed.length - 1; i >= 0; i--) if (installed[i]!.profile.chargingProfilePurpose === 'TxProfile') installed.splice(i, 1);
  });

  // A TxProfile ceases to be valid when its transaction ends (7.10).
  station.on('transactionEnded', (connectorId) => {
    for (let i = installed.length - 1; i >= 0; i--) {
      const e = installed[i]!;
      if (e.connectorId === connectorId && e.profile.chargingProfilePurpose === 'TxProfile') installed.splice(i, 1);
    }
  });

  // 5.11: a remote start's chargingProfile must be a TxProfile; if accepted it governs the transaction it starts.
  const remoteStart = station.handlerFor('RemoteStartTransaction');
  if (remoteStart) {
    station.handle('RemoteStartTransaction', async (p, call) => {
      const profile = p.chargingProfile as Payload | undefined;
      if (!profile) return remoteStart(p, call);
      const connectorId = p.connectorId === undefined ? undefined : Number(p.connectorId);
      if (profile.chargingProfilePurpose !== 'TxProfile' && !has(SC.remoteProfileAnyPurpose)) {
        station.log.event('RemoteStartTransaction rejected: its chargingProfile must have purpose TxProfile (6.33)');
        return { status: 'Rejected' };
      }
      const why = problem(connectorId ?? 1, profile, true);
      if (why) {
        station.log.event(`RemoteStartTransaction rejected: ${why}`);
        return { status: 'Rejected' };
      }
      // The EVSE the remote start goes to (remote-control.ts): the one named, else one waiting for authorization, else a free one.
      const target = connectorId ?? (station.evses.find((e) => e.transaction && !e.transaction.authorized)
        ?? station.evses.find((e) => !e.transaction && !e.pendingAuth))?.id;
      const answer = await remoteStart(p, call);
      if (answer.status === 'Accepted' && target !== undefined && !has(SC.remoteProfileIgnored)) {
        put({ connectorId: target, profile: { ...profile, chargingProfilePurpose: 'TxProfile' }, installedAt: Date.now(), remote: { idTag: String(p.idTag) } });
      }
      return answer;
    });
  }

  station.handle('GetCompositeSchedule', (p) => {
    const connectorId = Number(p.connectorId);
    const duration = Number(p.duration);
    if (connectorId !== 0 && !connectorIds().includes(connectorId) && !has(SC.compositeUnknownConnector)) return { status: 'Rejected' };
    const unit = String(p.chargingRateUnit ?? firstUnit(connectorId) ?? 'A');
    const start = Date.now();
    const chargingSchedulePeriod = composite(connectorId, start, duration, unit);
    const scheduleStart = new Date(start).toISOString();
    return {
      status: 'Accepted', connectorId, scheduleStart,
      chargingSchedule: { duration, startSchedule: scheduleStart, chargingRateUnit: unit, chargingSchedulePeriod },
    };
  });

  /** The unit of the first profile that concerns the connector: the composite's when the request names none. */
  function firstUnit(connectorId: number): string | undefined {
    const e = installed.find((x) => x.connectorId === connectorId || x.connectorId === 0);
    return e ? String(scheduleOf(e.profile).chargingRateUnit) : undefined;
  }

  /** A remote start's profile governs the first transaction of its idTag on its connector (and no later one). */
  function boundTo(e: Installed, tx: Transaction): boolean {
    if (!e.remote!.tx && tx.idToken === e.remote!.idTag) e.remote!.tx = tx;
    return e.remote!.tx === tx;
  }

  /** The profiles that may limit the connector, per purpose (3.13.1). */
  function relevant(connectorId: number): { max: Installed[]; tx: Installed[]; txDefault: Installed[]; txStart?: number } {
    const tx = transactionOn(connectorId);
    // A remote start's profile whose start never came (timeout, no cable) goes with it.
    const evse = station.evses.find((e) => e.id === connectorId);
    if (evse && !evse.transaction && !evse.pendingAuth) {
      for (let i = installed.length - 1; i >= 0; i--) if (installed[i]!.remote && installed[i]!.connectorId === connectorId) installed.splice(i, 1);
    }
    const max = has(SC.ignoresMaxProfile) && connectorId !== 0 ? [] : installed.filter((e) => e.profile.chargingProfilePurpose === 'ChargePointMaxProfile');
    const txProfiles = tx ? installed.filter((e) => e.profile.chargingProfilePurpose === 'TxProfile' && e.connectorId === connectorId
      && (!e.remote || boundTo(e, tx))
      && (e.profile.transactionId === undefined || Number(e.profile.transactionId) === Number(tx.id))) : [];
    // A TxDefaultProfile for the connector replaces the one for connector 0 (3.13.1).
    const defaults = installed.filter((e) => e.profile.chargingProfilePurpose === 'TxDefaultProfile');
    const own = defaults.filter((e) => e.connectorId === connectorId);
    let txDefault = own.length && !has(SC.connectorZeroDefaultKept) ? own : defaults.filter((e) => e.connectorId === 0 || e.connectorId === connectorId);
    if (tx && has(SC.txDefaultIgnoredDuringTx)) txDefault = txDefault.filter((e) => e.installedAt <= tx.startedAt);
    if (!tx && has(SC.idleIgnoresDefault)) txDefault = [];
    return { max, tx: has(SC.txProfileIgnored) ? txProfiles.filter((e) => e.remote) : txProfiles, txDefault, txStart: tx?.startedAt };
  }

  /**
   * The composite schedule (3.13.3): at every moment the minimum of the prevailing ChargePointMaxProfile, the
   * prevailing TxProfile (when the transaction has one, it overrules TxDefaultProfile throughout) or else
   * TxDefaultProfile, and the station's own limit; periods relative to `from`, equal neighbours merged.
   */
  function composite(connectorId: number, from: number, duration: number, unit: string): Period[] {
    const local = convert(LOCAL_LIMIT_A, 'A', unit) * (connectorId === 0 ? station.evses.length : 1);
    const rules = { stackLevels: !has(SC.ignoresStackLevel), validity: !has(SC.validityIgnored), recurrence: !has(SC.recurringOnce) };
    if (connectorId === 0) {
      const max = installed.filter((e) => e.profile.chargingProfilePurpose === 'ChargePointMaxProfile');
      return compositePeriods({ groups: [max], local, from, duration, unit, relativeStart: from, rules });
    }
    const r = relevant(connectorId);
    const groups = r.tx.length ? [r.max, r.tx, ...(has(SC.txProfileMerged) ? [r.txDefault] : [])] : [r.max, r.txDefault];
    return compositePeriods({ groups, local, from, duration, unit, relativeStart: r.txStart ?? from, rules });
  }
}
