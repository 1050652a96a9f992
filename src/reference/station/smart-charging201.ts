import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';
import type { Transaction } from './model.js';
import { compositePeriods, convert, type InstalledProfile, type Period } from './composite-schedule.js';

/**
 * 2.0.1 Smart Charging (K01 SetChargingProfile, K05 remote start with a profile, K08 GetCompositeSchedule, K09
 * GetChargingProfiles + ReportChargingProfiles, K10 ClearChargingProfile) with the SmartChargingCtrlr variables.
 * Installed only when the station claims `smart-charging`; without it the calls are NotSupported (K01.FR.29).
 * The composite schedule is the 1.6 calculation (composite-schedule.ts) over a 1.6-shaped view of each profile:
 * the rules of combining purposes and stack levels are the same in both versions.
 */
export const SC201 = {
  txProfileWithoutTx: defineFault('cs.201-tx-profile-without-transaction-accepted', '2.0.1: accepts a TxProfile for an EVSE without a transaction (K01.FR.09)'),
  unknownTxAccepted: defineFault('cs.201-tx-profile-unknown-transaction-accepted', '2.0.1: accepts a TxProfile whose transactionId is not the EVSE\'s running transaction (K01.FR.33)'),
  txProfileEvseZero: defineFault('cs.201-tx-profile-evse-zero-accepted', '2.0.1: accepts a TxProfile for evseId 0 (K01.FR.16)'),
  unknownEvseAccepted: defineFault('cs.201-set-profile-unknown-evse-accepted', '2.0.1: accepts a charging profile for an EVSE it does not have (K01.FR.28)'),
  periodsUnchecked: defineFault('cs.201-periods-per-schedule-unchecked', '2.0.1: accepts a schedule with more periods than its PeriodsPerSchedule'),
  sameIdKept: defineFault('cs.201-profile-id-not-replaced', '2.0.1: keeps the old profile when one with the same id arrives, instead of replacing it (K01.FR.05)'),
  ignoresStackLevel: defineFault('cs.201-composite-ignores-stack-level', '2.0.1: lets the first installed profile of a purpose prevail instead of the one with the highest stackLevel'),
  ignoresMaxProfile: defineFault('cs.201-composite-ignores-station-max', '2.0.1: leaves the ChargingStationMaxProfile out of an EVSE\'s composite schedule'),
  compositeEmptyRejected: defineFault('cs.201-composite-empty-rejected', '2.0.1: answers GetCompositeSchedule Rejected while no charging profile is installed (instead of its own limits)'),
  unsupportedUnitAccepted: defineFault('cs.201-unsupported-rate-unit-accepted', '2.0.1: accepts a charging profile in a chargingRateUnit it does not support (K01.FR.26)'),
  compositeUnsupportedUnit: defineFault('cs.201-composite-unsupported-unit-accepted', '2.0.1: answers GetCompositeSchedule in a chargingRateUnit it does not support with Accepted (K08.FR.07)'),
  compositeUnknownEvse: defineFault('cs.201-composite-unknown-evse-accepted', '2.0.1: answers GetCompositeSchedule for an EVSE it does not have with Accepted'),
  clearNotRemoved: defineFault('cs.201-clear-profile-not-removed', '2.0.1: answers ClearChargingProfile Accepted but keeps the profile'),
  clearIgnoresCriteria: defineFault('cs.201-clear-profile-ignores-criteria', '2.0.1: ClearChargingProfile clears every profile, whatever id or criteria it names'),
  clearAlwaysAccepted: defineFault('cs.201-clear-profile-always-accepted', '2.0.1: answers ClearChargingProfile Accepted when no profile matched (instead of Unknown, K10.FR.01)'),
  getIgnoresCriteria: defineFault('cs.201-get-profiles-ignores-criteria', '2.0.1: GetChargingProfiles reports every installed profile, whatever the request selects'),
  reportNoTbc: defineFault('cs.201-report-profiles-no-tbc', '2.0.1: sends one ReportChargingProfiles per EVSE but never sets tbc, so a CSMS stops reading after the first'),
  reportAltered: defineFault('cs.201-report-profile-altered', '2.0.1: reports a profile without its validity, schedule duration and transactionId (a reduced copy instead of the profile installed)'),
  txDefaultIgnoredDuringTx: defineFault('cs.201-tx-default-ignored-during-transaction', '2.0.1: accepts a TxDefaultProfile during a transaction but does not apply it to that transaction (K01.FR.32)'),
  validityIgnored: defineFault('cs.201-profile-validity-ignored', '2.0.1: applies a charging profile outside its validFrom/validTo'),
  startScheduleIgnored: defineFault('cs.201-start-schedule-ignored', '2.0.1: runs an Absolute schedule from when the profile arrived instead of its startSchedule'),
  recurringRejected: defineFault('cs.201-recurring-profile-rejected', '2.0.1: rejects a Recurring charging profile'),
  stationCompositeNoDefault: defineFault('cs.201-station-composite-ignores-evse-zero-default', '2.0.1: leaves the TxDefaultProfile of evseId 0 out of the composite schedule of the station (evseId 0)'),
  lostOnReboot: defineFault('cs.201-profiles-lost-on-reboot', '2.0.1: loses its charging profiles when it reboots (K01.FR.27)'),
  unsupportedAccepts: defineFault('cs.201-no-smart-charging-accepts-profile', '2.0.1: a station without smart charging answers SetChargingProfile Accepted instead of CALLERROR NotSupported (K01.FR.29)'),
  unsupportedRemoteRejected: defineFault('cs.201-no-smart-charging-rejects-remote-profile', '2.0.1: a station without smart charging rejects a RequestStartTransaction that carries a chargingProfile instead of ignoring the profile'),
  externalNotReported: defineFault('cs.201-external-constraints-not-reported', '2.0.1: leaves an external limit (ChargingStationExternalConstraints) out of its ReportChargingProfiles (K12.FR.05)'),
  remoteProfileIgnored: defineFault('cs.201-remote-start-profile-ignored', '2.0.1: accepts a RequestStartTransaction with a TxProfile but does not install it for the transaction'),
};

/** The rate units the station supports: Part 5 SC-2.1 (A) and SC-2.2 (W) as claimed; both when neither is. */
function rateUnits(station: ReferenceStation): string[] {
  const units = [['SC-2.1', 'A'], ['SC-2.2', 'W']].filter(([item]) => station.options.optional?.includes(item!)).map(([, unit]) => unit!);
  return units.length ? units : ['A', 'W'];
}

/** The station's own limit per phase where no profile limits an EVSE (as in 1.6). */
const LOCAL_LIMIT_A = 32;
const MAX_STACK_LEVEL = 8;
const PERIODS_PER_SCHEDULE = 24;
const MAX_PROFILES = 16;

interface Installed {
  evseId: number;
  profile: Payload;
  installedAt: number;
  /** chargingLimitSource: CSO for the CSMS's profiles, EMS for an external limit (K12). */
  source?: string;
  /** A remote start's profile: it governs the transaction that start begins (its remoteStartId). */
  remoteStartId?: number;
}

const scheduleOf = (p: Payload) => (p.chargingSchedule as Payload[])[0]!;
/** The 1.6 shape the shared calculation reads (one schedule, purpose names as 1.6 groups them). */
const view = (e: Installed, scale = 1): InstalledProfile => {
  const schedule = scheduleOf(e.profile);
  const periods = (schedule.chargingSchedulePeriod as Period[]).map((p) => ({ ...p, limit: p.limit * scale }));
  return { connectorId: e.evseId, installedAt: e.installedAt, profile: { ...e.profile, chargingSchedule: { ...schedule, chargingSchedulePeriod: periods } } };
};

export function install(station: ReferenceStation): void {
  if (station.version !== '2.0.1') return;
  const has = (fault: string) => station.faults.has(fault);
  if (!station.options.optional?.includes('smart-charging')) {
    unsupported(station, has);
    return;
  }
  const installed: Installed[] = [];

  // K01/K08/K09: the SmartChargingCtrlr variables (Part 2 Appendix 3), read-only where the hardware decides.
  const vars: [string, string, boolean][] = [
    ['Available', 'true', true], ['Enabled', 'true', false], ['Entries', String(MAX_PROFILES), true],
    ['LimitChangeSignificance', '1.0', false], ['PeriodsPerSchedule', String(PERIODS_PER_SCHEDULE), true],
    ['ProfileStackLevel', String(MAX_STACK_LEVEL), true], ['RateUnit', rateUnits(station).join(','), true],
    ['ExternalControlSignalsEnabled', 'false', false], ['NotifyChargingLimitWithSchedules', 'false', false], ['Phases3to1', 'false', true],
  ];
  for (const [name, value, readonly] of vars) station.variables.set(`SmartChargingCtrlr/${name}`, { value, readonly });
  const supportsUnit = (unit: string) => (station.variables.get('SmartChargingCtrlr/RateUnit')?.value ?? 'A,W').split(',').includes(unit);
  const intVar = (name: string, fallback: number) => Number(station.variables.get(`SmartChargingCtrlr/${name}`)?.value ?? fallback);

  const evseExists = (evseId: number) => station.evses.some((e) => e.id === evseId);
  const transactionOn = (evseId: number): Transaction | undefined => station.evses.find((e) => e.id === evseId)?.transaction;

  /** Why a profile cannot be installed (Rejected), or undefined; `remote`: it came with a remote start. */
  function problem(evseId: number, p: Payload, remote: boolean): string | undefined {
    const purpose = p.chargingProfilePurpose;
    const schedules = p.chargingSchedule as Payload[];
    if (evseId !== 0 && !evseExists(evseId) && !has(SC201.unknownEvseAccepted)) return `no EVSE ${evseId} (K01.FR.28)`;
    if (Number(p.stackLevel) > intVar('ProfileStackLevel', MAX_STACK_LEVEL)) return 'stackLevel above ProfileStackLevel';
    for (const s of schedules) {
      const periods = (s.chargingSchedulePeriod as Period[]) ?? [];
      if (periods.length > intVar('PeriodsPerSchedule', PERIODS_PER_SCHEDULE) && !has(SC201.periodsUnchecked)) return 'more periods than PeriodsPerSchedule';
      if (periods[0]?.startPeriod !== 0) return 'the first period must start at 0';
      if (!supportsUnit(String(s.chargingRateUnit)) && !has(SC201.unsupportedUnitAccepted)) return `chargingRateUnit ${String(s.chargingRateUnit)} not supported (K01.FR.26)`;
    }
    if (p.chargingProfileKind === 'Recurring' && has(SC201.recurringRejected)) return 'Recurring profiles not supported';
    if (p.chargingProfileKind === 'Recurring' && (!p.recurrencyKind || schedules.some((s) => s.startSchedule === undefined))) return 'a Recurring profile needs recurrencyKind and startSchedule';
    if (purpose === 'ChargingStationMaxProfile' && evseId !== 0) return 'ChargingStationMaxProfile only on evseId 0';
    if (purpose === 'ChargingStationExternalConstraints') return 'ChargingStationExternalConstraints are set by external systems, not the CSMS';
    if (purpose !== 'TxProfile' && p.transactionId !== undefined) return 'transactionId only with TxProfile';
    if (purpose !== 'TxProfile' || remote) return undefined;
    if (evseId === 0 && !has(SC201.txProfileEvseZero)) return 'a TxProfile cannot be set on evseId 0 (K01.FR.16)';
    if (evseId === 0) return undefined;
    const tx = transactionOn(evseId);
    if (!tx && !has(SC201.txProfileWithoutTx)) return `no transaction on EVSE ${evseId} (K01.FR.09)`;
    if (tx && p.transactionId !== undefined && String(p.transactionId) !== String(tx.id) && !has(SC201.unknownTxAccepted)) {
      return `transaction ${String(p.transactionId)} is not the one on EVSE ${evseId} (K01.FR.33)`;
    }
    if (!tx && p.transactionId !== undefined && !has(SC201.txProfileWithoutTx) && !has(SC201.unknownTxAccepted)) return 'unknown transactionId (K01.FR.33)';
    return undefined;
  }

  /** Install, replacing a profile with the same id (K01.FR.05) or the same purpose and stack level on the EVSE. */
  function put(entry: Installed): boolean {
    const p = entry.profile;
    for (let i = installed.length - 1; i >= 0; i--) {
      const o = installed[i]!;
      const sameId = o.profile.id === p.id && !has(SC201.sameIdKept);
      const sameSlot = o.evseId === entry.evseId && o.profile.chargingProfilePurpose === p.chargingProfilePurpose && o.profile.stackLevel === p.stackLevel
        && o.profile.id !== p.id;
      if (sameId || sameSlot) installed.splice(i, 1);
    }
    if (installed.length >= intVar('Entries', MAX_PROFILES)) return false;
    installed.push(entry);
    return true;
  }

  station.handle('SetChargingProfile', (p) => {
    const evseId = Number(p.evseId);
    const profile = p.chargingProfile as Payload;
    const why = problem(evseId, profile, false);
    if (why) {
      station.log.event(`SetChargingProfile rejected: ${why}`);
      return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidValue', additionalInfo: why.slice(0, 512) } };
    }
    return { status: put({ evseId, profile, installedAt: Date.now() }) ? 'Accepted' : 'Rejected' };
  });

  station.handle('ClearChargingProfile', (p) => {
    const c = (p.chargingProfileCriteria ?? {}) as Payload;
    const matches = (e: Installed) => (has(SC201.clearIgnoresCriteria) ? true
      : p.chargingProfileId !== undefined ? e.profile.id === p.chargingProfileId
        : (c.evseId === undefined || e.evseId === c.evseId)
          && (c.chargingProfilePurpose === undefined || e.profile.chargingProfilePurpose === c.chargingProfilePurpose)
          && (c.stackLevel === undefined || e.profile.stackLevel === c.stackLevel));
    // An external limit is not the CSMS's to clear.
    const hits = installed.filter((e) => (e.source ?? 'CSO') === 'CSO' && matches(e));
    if (!has(SC201.clearNotRemoved)) for (const e of hits) installed.splice(installed.indexOf(e), 1);
    return { status: hits.length || has(SC201.clearAlwaysAccepted) ? 'Accepted' : 'Unknown' };
  });

  // K09: answer, then report the selected profiles, one ReportChargingProfiles per EVSE, tbc on all but the last.
  station.handle('GetChargingProfiles', (p) => {
    const c = (p.chargingProfile ?? {}) as Payload;
    const ids = c.chargingProfileId as number[] | undefined;
    const sources = c.chargingLimitSource as string[] | undefined;
    const selected = installed.filter((e) => has(SC201.getIgnoresCriteria) || (
      (p.evseId === undefined || e.evseId === Number(p.evseId))
      && (!ids?.length || ids.includes(Number(e.profile.id)))
      && (c.chargingProfilePurpose === undefined || e.profile.chargingProfilePurpose === c.chargingProfilePurpose)
      && (c.stackLevel === undefined || e.profile.stackLevel === c.stackLevel)
      && (!sources?.length || sources.includes(e.source ?? 'CSO'))))
      .filter((e) => !(has(SC201.externalNotReported) && e.source === 'EMS'));
    if (!selected.length) return { status: 'NoProfiles' };
    // One report per EVSE and source.
    const groups = [...new Set(selected.map((e) => `${e.evseId}/${e.source ?? 'CSO'}`))];
    station.later(0, async () => {
      for (const [i, group] of groups.entries()) {
        const [evseId, source] = [Number(group.split('/')[0]), group.split('/')[1]!];
        const chargingProfile = selected.filter((e) => e.evseId === evseId && (e.source ?? 'CSO') === source).map((e) => reported(e.profile));
        const last = i === groups.length - 1;
        await station.send('ReportChargingProfiles', {
          requestId: p.requestId, chargingLimitSource: source, evseId, chargingProfile, ...(has(SC201.reportNoTbc) ? {} : { tbc: !last }),
        });
      }
    });
    return { status: 'Accepted' };
  });

  /** The profile as installed (the fault reports a reduced copy). */
  function reported(p: Payload): Payload {
    if (!has(SC201.reportAltered)) return p;
    const { validFrom: _f, validTo: _t, transactionId: _x, ...rest } = p;
    const schedules = (p.chargingSchedule as Payload[]).map(({ duration: _d, ...s }) => s);
    return { ...rest, chargingSchedule: schedules };
  }

  // K01.FR.27: profiles are kept over a reboot (the fault loses them when the connection closes for one).
  station.on('disconnected', () => {
    if (has(SC201.lostOnReboot) && station.bootState !== 'Accepted') installed.length = 0;
  });

  // K12: an energy management system sets a limit at the station (operator action setExternalLimit { limit, evseId?,
  // chargingRateUnit? }): installed as a ChargingStationExternalConstraints profile of source EMS and reported.
  let externalId = 90_000;
  station.onAction('setExternalLimit', async (args) => {
    const evseId = Number(args.evseId ?? 0);
    const profile: Payload = {
      id: externalId++, stackLevel: 0, chargingProfilePurpose: 'ChargingStationExternalConstraints', chargingProfileKind: 'Absolute',
      chargingSchedule: [{ id: 1, startSchedule: new Date().toISOString(), chargingRateUnit: String(args.chargingRateUnit ?? 'A'), chargingSchedulePeriod: [{ startPeriod: 0, limit: Number(args.limit) }] }],
    };
    installed.push({ evseId, profile, installedAt: Date.now(), source: 'EMS' });
    await station.send('NotifyChargingLimit', { chargingLimit: { chargingLimitSource: 'EMS', isGridCritical: false }, ...(evseId ? { evseId } : {}) });
  });

  // A TxProfile ends with its transaction.
  station.on('transactionEnded', (evseId) => {
    for (let i = installed.length - 1; i >= 0; i--) {
      const e = installed[i]!;
      if (e.evseId === evseId && e.profile.chargingProfilePurpose === 'TxProfile') installed.splice(i, 1);
    }
  });

  // K05: a RequestStartTransaction's chargingProfile must be a TxProfile (K05.FR.03); it governs the transaction started.
  const requestStart = station.handlerFor('RequestStartTransaction');
  if (requestStart) {
    station.handle('RequestStartTransaction', async (p, call) => {
      const profile = p.chargingProfile as Payload | undefined;
      if (!profile) return requestStart(p, call);
      if (profile.chargingProfilePurpose !== 'TxProfile') {
        station.log.event('RequestStartTransaction rejected: its chargingProfile must have purpose TxProfile');
        return { status: 'Rejected' };
      }
      const why = problem(Number(p.evseId ?? 1), profile, true);
      if (why || profile.transactionId !== undefined) {
        station.log.event(`RequestStartTransaction rejected: ${why ?? 'a remote start\'s TxProfile has no transaction yet'}`);
        return { status: 'Rejected' };
      }
      const target = p.evseId !== undefined ? Number(p.evseId)
        : (station.evses.find((e) => e.transaction && !e.transaction.authorized) ?? station.evses.find((e) => !e.transaction))?.id;
      const answer = await requestStart(p, call);
      if (answer.status === 'Accepted' && target !== undefined && !has(SC201.remoteProfileIgnored)) {
        put({ evseId: target, profile, installedAt: Date.now(), remoteStartId: Number(p.remoteStartId) });
      }
      return answer;
    });
  }

  station.handle('GetCompositeSchedule', (p) => {
    const evseId = Number(p.evseId);
    const duration = Number(p.duration);
    if (evseId !== 0 && !evseExists(evseId) && !has(SC201.compositeUnknownEvse)) return { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } };
    if (!installed.length && has(SC201.compositeEmptyRejected)) return { status: 'Rejected' };
    if (p.chargingRateUnit !== undefined && !supportsUnit(String(p.chargingRateUnit)) && !has(SC201.compositeUnsupportedUnit)) {
      return { status: 'Rejected', statusInfo: { reasonCode: 'UnsupportedRateUnit' } };
    }
    const unit = String(p.chargingRateUnit ?? (supportsUnit('A') ? 'A' : 'W'));
    const start = Date.now();
    const scheduleStart = new Date(start).toISOString();
    return {
      status: 'Accepted',
      schedule: { evseId, duration, scheduleStart, chargingRateUnit: unit, chargingSchedulePeriod: composite(evseId, start, duration, unit) },
    };
  });

  /** The fault runs an Absolute schedule from the profile's arrival. */
  function arrived(e: InstalledProfile): InstalledProfile {
    if (!has(SC201.startScheduleIgnored) || e.profile.chargingProfileKind !== 'Absolute') return e;
    const schedule = { ...(e.profile.chargingSchedule as Payload), startSchedule: new Date(e.installedAt).toISOString() };
    return { ...e, profile: { ...e.profile, chargingSchedule: schedule } };
  }

  /** A TxProfile applies to its transaction: the one it names, or the one its remote start began. */
  function governs(e: Installed, tx: Transaction): boolean {
    if (e.remoteStartId !== undefined && e.profile.transactionId === undefined) return tx.remoteStartId === e.remoteStartId;
    return e.profile.transactionId === undefined || String(e.profile.transactionId) === String(tx.id);
  }

  /**
   * The composite schedule (K08): at every moment the minimum of the prevailing ChargingStationMaxProfile, the
   * prevailing TxProfile (which overrules TxDefaultProfile for its transaction) or else TxDefaultProfile (the EVSE's
   * own replacing evseId 0's), and the station's own limit; evseId 0: the station as a whole.
   */
  function composite(evseId: number, from: number, duration: number, unit: string): Period[] {
    const local = convert(LOCAL_LIMIT_A, 'A', unit) * (evseId === 0 ? station.evses.length : 1);
    const rules = { stackLevels: !has(SC201.ignoresStackLevel), validity: !has(SC201.validityIgnored), recurrence: true };
    const of = (purpose: string, pick: (e: Installed) => boolean = () => true, scale = 1) =>
      installed.filter((e) => e.profile.chargingProfilePurpose === purpose && pick(e)).map((e) => view(e, scale)).map(arrived);
    const max = [...of('ChargingStationMaxProfile'), ...of('ChargingStationExternalConstraints', (e) => e.evseId === 0 || e.evseId === evseId)];
    if (evseId === 0) {
      // The station as a whole: its max profile, and evseId 0's TxDefaultProfile once for every EVSE.
      const defaults = has(SC201.stationCompositeNoDefault) ? [] : of('TxDefaultProfile', (e) => e.evseId === 0, station.evses.length);
      return compositePeriods({ groups: [max, defaults], local, from, duration, unit, relativeStart: from, rules });
    }
    const tx = transactionOn(evseId);
    const txProfiles = tx ? of('TxProfile', (e) => e.evseId === evseId && governs(e, tx)) : [];
    const own = of('TxDefaultProfile', (e) => e.evseId === evseId && !(tx && has(SC201.txDefaultIgnoredDuringTx) && e.installedAt > tx.startedAt));
    const txDefault = own.length ? own : of('TxDefaultProfile', (e) => e.evseId === 0 && !(tx && has(SC201.txDefaultIgnoredDuringTx) && e.installedAt > tx.startedAt));
    const groups = [has(SC201.ignoresMaxProfile) ? [] : max, txProfiles.length ? txProfiles : txDefault];
    return compositePeriods({ groups, local, from, duration, unit, relativeStart: tx?.startedAt ?? from, rules });
  }
}

/**
 * A station without smart charging: SetChargingProfile and its siblings stay NotSupported (K01.FR.29) and a remote
 * start's chargingProfile is ignored (F01); the faults break each.
 */
function unsupported(station: ReferenceStation, has: (fault: string) => boolean): void {
  if (has(SC201.unsupportedAccepts)) station.handle('SetChargingProfile', () => ({ status: 'Accepted' }));
  const requestStart = station.handlerFor('RequestStartTransaction');
  if (requestStart && has(SC201.unsupportedRemoteRejected)) {
    station.handle('RequestStartTransaction', (p, call) => (p.chargingProfile ? { status: 'Rejected' } : requestStart(p, call)));
  }
}
