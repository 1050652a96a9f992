import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceCsms, StationRecord } from './csms.js';

/**
 * 1.6 Smart Charging feature profile, CSMS side (K01-K10): the operator sets, clears and reads charging profiles.
 * Operator actions (1.6 only):
 *   setChargingProfile { connectorId, chargingProfilePurpose, stackLevel, chargingRateUnit, limit, chargingProfileKind?,
 *                        duration?, startPeriod?, numberPhases?, transactionId?, chargingProfileId? }
 *     SetChargingProfile with one period; an Absolute profile starts now and is valid from now for its duration
 *     (a day without one); a TxProfile names the transaction given, else the one running on the connector.
 *   clearChargingProfile { id?, connectorId?, chargingProfilePurpose?, stackLevel? }  ClearChargingProfile with exactly those
 *   getCompositeSchedule { connectorId, duration, chargingRateUnit? }
 *   remoteStartWithChargingProfile { evseId, idToken, chargingProfile: { chargingRateUnit, limit, stackLevel?, duration?, numberPhases? } }
 *     RemoteStartTransaction carrying a TxProfile relative to the start of the transaction (no transactionId yet).
 * What each station answered is kept per station (smartChargingLog) for inspection.
 */
export const SCF = {
  noValidity: defineFault('csms.charging-profile-no-validity', '1.6: sends an Absolute charging profile without validFrom, validTo and startSchedule'),
  stackLevelZero: defineFault('csms.charging-profile-stack-level-zero', '1.6: sends every charging profile with stackLevel 0, whatever the operator chose'),
  txProfileNoTransaction: defineFault('csms.tx-profile-no-transaction-id', '1.6: sends a TxProfile without the transactionId it applies to'),
  clearByIdWithCriteria: defineFault('csms.clear-profile-by-id-with-criteria', '1.6: adds connectorId and purpose to a ClearChargingProfile by id'),
  compositeDropsUnit: defineFault('csms.composite-schedule-drops-unit', '1.6: leaves the chargingRateUnit the operator chose out of GetCompositeSchedule'),
  remoteProfileTxDefault: defineFault('csms.remote-start-profile-tx-default', '1.6: sends the charging profile of a remote start with purpose TxDefaultProfile'),
};

/** What each station answered to the CSMS's smart charging requests, oldest first. */
export const smartChargingLog = new WeakMap<StationRecord, { action: string; request: Payload; answer: Payload }[]>();

let nextProfileId = 1 + (Date.now() % 10_000);

/** The fields of `args` that are given, as numbers where OCPP wants integers. */
function given(args: Record<string, unknown>, keys: string[], numeric: string[]): Payload {
  const out: Payload = {};
  for (const k of keys) if (args[k] !== undefined) out[k] = numeric.includes(k) ? Number(args[k]) : args[k];
  return out;
}

export function install(csms: ReferenceCsms): void {
  if (csms.version !== '1.6') return;
  const has = (fault: string) => csms.faults.has(fault);

  async function send(station: StationRecord, action: string, request: Payload): Promise<Payload> {
    const answer = await csms.send(station, action, request);
    const log = smartChargingLog.get(station) ?? [];
    log.push({ action, request, answer });
    smartChargingLog.set(station, log);
    return answer;
  }

  /** A one-period schedule from the operator's values. */
  function schedule(args: Record<string, unknown>): Payload {
    const period: Payload = { startPeriod: Number(args.startPeriod ?? 0), limit: Number(args.limit) };
    if (args.numberPhases !== undefined) period.numberPhases = Number(args.numberPhases);
    return {
      ...(args.duration !== undefined ? { duration: Number(args.duration) } : {}),
      chargingRateUnit: String(args.chargingRateUnit ?? 'A'), chargingSchedulePeriod: [period],
    };
  }

  csms.onAction('setChargingProfile', async (station, args) => {
    const connectorId = Number(args.connectorId ?? 0);
    const purpose = String(args.chargingProfilePurpose);
    const kind = String(args.chargingProfileKind ?? 'Absolute');
    const profile: Payload = {
      chargingProfileId: args.chargingProfileId === undefined ? nextProfileId++ : Number(args.chargingProfileId),
      stackLevel: has(SCF.stackLevelZero) ? 0 : Number(args.stackLevel ?? 0),
      chargingProfilePurpose: purpose, chargingProfileKind: kind, chargingSchedule: schedule(args),
    };
    if (purpose === 'TxProfile' && !has(SCF.txProfileNoTransaction)) {
      // 5.16: the CSMS SHALL name the transaction a TxProfile applies to.
      const running = [...station.transactions.values()].filter((t) => t.active && t.evseId === connectorId).at(-1);
      const id = args.transactionId ?? running?.id;
      if (id !== undefined) profile.transactionId = Number(id);
    }
    if (kind === 'Absolute' && !has(SCF.noValidity)) {
      const now = Date.now();
      (profile.chargingSchedule as Payload).startSchedule = new Date(now).toISOString();
      profile.validFrom = new Date(now).toISOString();
      profile.validTo = new Date(now + (args.duration === undefined ? 86_400 : Number(args.duration)) * 1000).toISOString();
    }
    await send(station, 'SetChargingProfile', { connectorId, csChargingProfiles: profile });
  });

  csms.onAction('clearChargingProfile', async (station, args) => {
    const request = given(args, ['id', 'connectorId', 'chargingProfilePurpose', 'stackLevel'], ['id', 'connectorId', 'stackLevel']);
    if (request.id !== undefined && has(SCF.clearByIdWithCriteria)) Object.assign(request, { connectorId: 0, chargingProfilePurpose: 'TxDefaultProfile' });
    await send(station, 'ClearChargingProfile', request);
  });

  csms.onAction('getCompositeSchedule', async (station, args) => {
    const request = given(args, ['connectorId', 'duration', 'chargingRateUnit'], ['connectorId', 'duration']);
    if (has(SCF.compositeDropsUnit)) delete request.chargingRateUnit;
    await send(station, 'GetCompositeSchedule', { connectorId: 0, duration: 0, ...request });
  });

  csms.onAction('remoteStartWithChargingProfile', async (station, args) => {
    const p = (args.chargingProfile ?? {}) as Record<string, unknown>;
    const chargingProfile: Payload = {
      chargingProfileId: nextProfileId++, stackLevel: has(SCF.stackLevelZero) ? 0 : Number(p.stackLevel ?? 0),
      chargingProfilePurpose: has(SCF.remoteProfileTxDefault) ? 'TxDefaultProfile' : 'TxProfile', chargingProfileKind: 'Relative',
      chargingSchedule: schedule(p),
    };
    const request: Payload = { idTag: String(args.idToken), chargingProfile };
    if (args.evseId !== undefined) request.connectorId = Number(args.evseId);
    await send(station, 'RemoteStartTransaction', request);
  });
}
