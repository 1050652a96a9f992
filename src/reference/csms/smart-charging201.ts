import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import { CallErrorReceived } from '../../session/rpc-session.js';
import type { ReferenceCsms, StationRecord } from './csms.js';

/**
 * 2.0.1 Smart Charging, CSMS side (K01, K05, K08-K10, K12, K13): the operator sets, clears and reads charging
 * profiles and asks for composite schedules; ReportChargingProfiles, NotifyChargingLimit and ClearedChargingLimit
 * are answered and kept. Operator actions (2.0.1 only):
 *   setChargingProfile { evseId, chargingProfilePurpose, stackLevel, chargingRateUnit, limit, chargingProfileKind?,
 *                        duration?, startPeriod?, numberPhases?, transactionId?, chargingProfileId?, recurrencyKind? }
 *     SetChargingProfile with one period; an Absolute profile starts now and is valid from now for its duration (a
 *     day without one), a Recurring one starts now and repeats per recurrencyKind; a TxProfile names the transaction
 *     given, else the one running on the EVSE.
 *   clearChargingProfile { chargingProfileId?, evseId?, chargingProfilePurpose?, stackLevel? }
 *     ClearChargingProfile by id, else with chargingProfileCriteria of the fields given.
 *   getChargingProfiles { evseId?, chargingProfilePurpose?, stackLevel?, chargingProfileId?, chargingLimitSource? }
 *   getCompositeSchedule { evseId, duration, chargingRateUnit? }
 *   remoteStartWithChargingProfile { evseId, idToken, type?, chargingProfile: { chargingRateUnit, limit, stackLevel?, duration?, numberPhases? } }
 *     RequestStartTransaction carrying a Relative TxProfile (no transactionId: none exists yet).
 * What each station answered, and the reports it sent, are kept per station (smartChargingLog201).
 */
export const SCF201 = {
  noValidity: defineFault('csms.201-charging-profile-no-validity', '2.0.1: sends an Absolute charging profile without validFrom, validTo and startSchedule'),
  txProfileNoTransaction: defineFault('csms.201-tx-profile-no-transaction-id', '2.0.1: sends a TxProfile without the transactionId it applies to (K01.FR.03)'),
  newIdOnReplace: defineFault('csms.201-charging-profile-new-id', '2.0.1: gives every profile it sends a new id, even when the operator replaces a profile by its id'),
  clearByIdWithCriteria: defineFault('csms.201-clear-profile-by-id-with-criteria', '2.0.1: adds chargingProfileCriteria to a ClearChargingProfile by id'),
  clearDropsEvse: defineFault('csms.201-clear-criteria-drops-evse', '2.0.1: leaves the EVSE the operator chose out of ClearChargingProfile\'s criteria (clearing it on every EVSE)'),
  getDropsCriteria: defineFault('csms.201-get-profiles-drops-criteria', '2.0.1: sends GetChargingProfiles with empty criteria, whatever the operator selected'),
  reportRefused: defineFault('csms.201-report-charging-profiles-refused', '2.0.1: answers ReportChargingProfiles with a CALLERROR'),
  stackLevelZero: defineFault('csms.201-charging-profile-stack-level-zero', '2.0.1: sends every charging profile with stackLevel 0, whatever the operator chose'),
  remoteProfileTxDefault: defineFault('csms.201-remote-start-profile-tx-default', '2.0.1: sends the charging profile of a remote start with purpose TxDefaultProfile'),
  limitRefused: defineFault('csms.201-charging-limit-refused', '2.0.1: answers NotifyChargingLimit and ClearedChargingLimit with a CALLERROR'),
  compositeDropsUnit: defineFault('csms.201-composite-schedule-drops-unit', '2.0.1: leaves the chargingRateUnit the operator chose out of GetCompositeSchedule'),
};

/** What each station answered to the CSMS's smart charging requests and the reports it sent, oldest first. */
export const smartChargingLog201 = new WeakMap<StationRecord, { action: string; request: Payload; answer: Payload }[]>();

let nextProfileId = 1 + (Date.now() % 10_000);
let nextRequestId = 1 + (Date.now() % 10_000);

export function install(csms: ReferenceCsms): void {
  if (csms.version !== '2.0.1') return;
  const has = (fault: string) => csms.faults.has(fault);
  const keep = (station: StationRecord, action: string, request: Payload, answer: Payload) => {
    const log = smartChargingLog201.get(station) ?? [];
    log.push({ action, request, answer });
    smartChargingLog201.set(station, log);
  };

  /** Send and keep the answer; a CALLERROR (a station without smart charging: NotSupported) is an answer too. */
  async function send(station: StationRecord, action: string, request: Payload): Promise<Payload> {
    let answer: Payload;
    try {
      answer = await csms.send(station, action, request);
    } catch (err) {
      if (!(err instanceof CallErrorReceived)) throw err;
      answer = { callError: err.code };
    }
    keep(station, action, request, answer);
    return answer;
  }

  csms.handle('ReportChargingProfiles', (station, payload) => {
    if (has(SCF201.reportRefused)) throw new Error('reports are not taken');
    keep(station, 'ReportChargingProfiles', payload, {});
    return {};
  });

  // K12/K13: an external limit set or released at the station is taken note of.
  for (const action of ['NotifyChargingLimit', 'ClearedChargingLimit']) {
    csms.handle(action, (station, payload) => {
      if (has(SCF201.limitRefused)) throw new Error('external limits are not taken');
      keep(station, action, payload, {});
      return {};
    });
  }

  csms.onAction('setChargingProfile', async (station, args) => {
    const evseId = Number(args.evseId ?? 0);
    const purpose = String(args.chargingProfilePurpose);
    const kind = String(args.chargingProfileKind ?? 'Absolute');
    const period: Payload = { startPeriod: Number(args.startPeriod ?? 0), limit: Number(args.limit) };
    if (args.numberPhases !== undefined) period.numberPhases = Number(args.numberPhases);
    const schedule: Payload = {
      id: 1, chargingRateUnit: String(args.chargingRateUnit ?? 'A'), chargingSchedulePeriod: [period],
      ...(args.duration !== undefined ? { duration: Number(args.duration) } : {}),
    };
    const profile: Payload = {
      id: args.chargingProfileId === undefined || has(SCF201.newIdOnReplace) ? nextProfileId++ : Number(args.chargingProfileId),
      stackLevel: has(SCF201.stackLevelZero) ? 0 : Number(args.stackLevel ?? 0), chargingProfilePurpose: purpose, chargingProfileKind: kind, chargingSchedule: [schedule],
    };
    if (kind === 'Recurring') {
      profile.recurrencyKind = String(args.recurrencyKind ?? 'Daily');
      schedule.startSchedule = new Date().toISOString();
    }
    if (purpose === 'TxProfile' && !has(SCF201.txProfileNoTransaction)) {
      // K01.FR.03: a TxProfile names the transaction it is for.
      const running = [...station.transactions.values()].filter((t) => t.active && t.evseId === evseId).at(-1);
      const id = args.transactionId ?? running?.id;
      if (id !== undefined) profile.transactionId = String(id);
    }
    if (kind === 'Absolute' && !has(SCF201.noValidity)) {
      const now = Date.now();
      schedule.startSchedule = new Date(now).toISOString();
      profile.validFrom = new Date(now).toISOString();
      profile.validTo = new Date(now + (args.duration === undefined ? 86_400 : Number(args.duration)) * 1000).toISOString();
    }
    await send(station, 'SetChargingProfile', { evseId, chargingProfile: profile });
  });

  csms.onAction('clearChargingProfile', async (station, args) => {
    const criteria: Payload = {};
    for (const k of ['evseId', 'chargingProfilePurpose', 'stackLevel']) if (args[k] !== undefined) criteria[k] = k === 'chargingProfilePurpose' ? args[k] : Number(args[k]);
    if (has(SCF201.clearDropsEvse)) delete criteria.evseId;
    const request: Payload = args.chargingProfileId !== undefined ? { chargingProfileId: Number(args.chargingProfileId) } : { chargingProfileCriteria: criteria };
    if (args.chargingProfileId !== undefined && has(SCF201.clearByIdWithCriteria)) request.chargingProfileCriteria = { chargingProfilePurpose: 'TxDefaultProfile' };
    await send(station, 'ClearChargingProfile', request);
  });

  csms.onAction('getChargingProfiles', async (station, args) => {
    const criteria: Payload = {};
    if (args.chargingProfilePurpose !== undefined) criteria.chargingProfilePurpose = String(args.chargingProfilePurpose);
    if (args.stackLevel !== undefined) criteria.stackLevel = Number(args.stackLevel);
    if (args.chargingProfileId !== undefined) criteria.chargingProfileId = [Number(args.chargingProfileId)];
    if (args.chargingLimitSource !== undefined) criteria.chargingLimitSource = [String(args.chargingLimitSource)];
    const request: Payload = { requestId: nextRequestId++, chargingProfile: has(SCF201.getDropsCriteria) ? {} : criteria };
    if (args.evseId !== undefined && !has(SCF201.getDropsCriteria)) request.evseId = Number(args.evseId);
    await send(station, 'GetChargingProfiles', request);
  });

  csms.onAction('remoteStartWithChargingProfile', async (station, args) => {
    const p = (args.chargingProfile ?? {}) as Record<string, unknown>;
    const period: Payload = { startPeriod: 0, limit: Number(p.limit) };
    if (p.numberPhases !== undefined) period.numberPhases = Number(p.numberPhases);
    const chargingProfile: Payload = {
      id: nextProfileId++, stackLevel: has(SCF201.stackLevelZero) ? 0 : Number(p.stackLevel ?? 0),
      chargingProfilePurpose: has(SCF201.remoteProfileTxDefault) ? 'TxDefaultProfile' : 'TxProfile', chargingProfileKind: 'Relative',
      chargingSchedule: [{ id: 1, chargingRateUnit: String(p.chargingRateUnit ?? 'A'), chargingSchedulePeriod: [period], ...(p.duration !== undefined ? { duration: Number(p.duration) } : {}) }],
    };
    const request: Payload = { idToken: { idToken: String(args.idToken), type: String(args.type ?? 'ISO14443') }, remoteStartId: nextRequestId++, chargingProfile };
    if (args.evseId !== undefined) request.evseId = Number(args.evseId);
    await send(station, 'RequestStartTransaction', request);
  });

  csms.onAction('getCompositeSchedule', async (station, args) => {
    const request: Payload = { evseId: Number(args.evseId ?? 0), duration: Number(args.duration ?? 0) };
    if (args.chargingRateUnit !== undefined && !has(SCF201.compositeDropsUnit)) request.chargingRateUnit = String(args.chargingRateUnit);
    await send(station, 'GetCompositeSchedule', request);
  });
}
