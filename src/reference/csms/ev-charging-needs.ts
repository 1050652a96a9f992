import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceCsms, StationRecord } from './csms.js';
import { smartChargingLog201 } from './smart-charging201.js';

/**
 * 2.0.1 ISO 15118 smart charging, CSMS side (K15-K17): the station passes on the EV's charging needs
 * (NotifyEVChargingNeeds), the CSMS accepts them and answers with a TxProfile for the running transaction that
 * stays within the EV's maximum (AC: evMaxCurrent in A; DC: evMaxPower in W), and accepts the schedule the EV
 * agreed to (NotifyEVChargingSchedule). New needs during the transaction (renegotiation, K17) get a new profile.
 */
export const EVF = {
  needsRejected: defineFault('csms.201-ev-charging-needs-rejected', '2.0.1: answers NotifyEVChargingNeeds Rejected (K15)'),
  noTxProfile: defineFault('csms.201-ev-charging-needs-no-profile', '2.0.1: accepts the EV\'s charging needs but sends no TxProfile for them (K15)'),
  scheduleNotChecked: defineFault('csms.201-ev-charging-schedule-not-checked', '2.0.1: accepts an EV charging schedule that exceeds the profile it sent, and does not renegotiate (K16.FR.07/FR.08)'),
  scheduleRejected: defineFault('csms.201-ev-charging-schedule-rejected', '2.0.1: answers NotifyEVChargingSchedule Rejected even when it fits the profile sent'),
  renegotiationIgnored: defineFault('csms.201-ev-renegotiation-ignored', '2.0.1: sends a TxProfile only for the first charging needs of a transaction; new needs (renegotiation) are accepted and ignored (K17)'),
  renegotiatedScheduleRejected: defineFault('csms.201-ev-renegotiated-schedule-rejected', '2.0.1: answers every EV charging schedule after the first of a transaction Rejected, even when it fits the profile (K16.FR.06)'),
};

let nextProfileId = 5000 + (Date.now() % 10_000);

/** The TxProfile for the EV's needs: one period at the EV's maximum, in A for AC and W for DC. */
export function profileForNeeds(needs: Payload, transactionId: string): Payload {
  const ac = needs.acChargingParameters as Payload | undefined;
  const dc = needs.dcChargingParameters as Payload | undefined;
  const unit = ac || !dc ? 'A' : 'W';
  const max = ac ? Number(ac.evMaxCurrent) : dc ? Number(dc.evMaxPower ?? Number(dc.evMaxCurrent) * Number(dc.evMaxVoltage)) : 16;
  const limit = Number.isFinite(max) && max > 0 ? max : 16;
  return {
    id: nextProfileId++, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', transactionId,
    chargingSchedule: [{ id: 1, chargingRateUnit: unit, chargingSchedulePeriod: [{ startPeriod: 0, limit }] }],
  };
}

/** The TxProfile last sent for an EVSE, by this module or by the operator (smart-charging201.ts). */
function lastTxProfile(mine: Map<number, Payload> | undefined, station: StationRecord, evseId: number): Payload | undefined {
  const own = mine?.get(evseId);
  if (own) return own;
  const sent = (smartChargingLog201.get(station) ?? []).filter((e) => e.action === 'SetChargingProfile' && Number(e.request.evseId) === evseId).at(-1);
  return sent?.request.chargingProfile as Payload | undefined;
}

/** Whether each period of the EV's schedule stays within the profile's highest limit (compared in the same unit only). */
function withinProfile(schedule: Payload, profile: Payload | undefined): boolean {
  const own = ((profile?.chargingSchedule as Payload[] | undefined) ?? [])[0];
  if (!own) return true;
  if (own.chargingRateUnit !== schedule.chargingRateUnit) return true;
  const cap = Math.max(...((own.chargingSchedulePeriod as Payload[]) ?? []).map((p) => Number(p.limit)));
  return ((schedule.chargingSchedulePeriod as Payload[] | undefined) ?? []).every((p) => Number(p.limit) <= cap);
}

export function install(csms: ReferenceCsms): void {
  if (csms.version !== '2.0.1') return;
  const has = (fault: string) => csms.faults.has(fault);
  const sentFor = new WeakMap<StationRecord, Map<number, Payload>>();
  const needsFor = new WeakMap<StationRecord, Map<number, Payload>>();

  const schedulesFor = new WeakMap<StationRecord, Set<string>>();
  const txOn = (station: StationRecord, evseId: number) => [...station.transactions.values()].filter((t) => t.active && t.evseId === evseId).at(-1);

  const sendTxProfile = (station: StationRecord, evseId: number) => {
    const tx = txOn(station, evseId);
    const needs = needsFor.get(station)?.get(evseId);
    if (!tx || !needs) return;
    if (has(EVF.renegotiationIgnored) && sentFor.get(station)?.get(evseId)?.transactionId === String(tx.id)) return;
    const chargingProfile = profileForNeeds(needs, String(tx.id));
    const sent = sentFor.get(station) ?? new Map<number, Payload>();
    sent.set(evseId, chargingProfile);
    sentFor.set(station, sent);
    // After the response that caused it: a station expects its CALL answered first.
    setImmediate(() => void csms.send(station, 'SetChargingProfile', { evseId, chargingProfile }).catch(() => undefined));
  };

  csms.handle('NotifyEVChargingNeeds', (station, payload) => {
    if (has(EVF.needsRejected)) return { status: 'Rejected' };
    const evseId = Number(payload.evseId);
    const known = needsFor.get(station) ?? new Map<number, Payload>();
    known.set(evseId, (payload.chargingNeeds ?? {}) as Payload);
    needsFor.set(station, known);
    // K15.FR.05 / K17: the answer to (new) needs is a TxProfile for the EVSE's transaction.
    if (!has(EVF.noTxProfile)) sendTxProfile(station, evseId);
    return { status: 'Accepted' };
  });

  csms.handle('NotifyEVChargingSchedule', (station, payload) => {
    if (has(EVF.scheduleRejected)) return { status: 'Rejected' };
    const evseId = Number(payload.evseId);
    const txId = String(txOn(station, evseId)?.id);
    const seen = schedulesFor.get(station) ?? new Set<string>();
    schedulesFor.set(station, seen);
    if (has(EVF.renegotiatedScheduleRejected) && seen.has(txId)) return { status: 'Rejected' };
    seen.add(txId);
    if (has(EVF.scheduleNotChecked) || withinProfile((payload.chargingSchedule ?? {}) as Payload, lastTxProfile(sentFor.get(station), station, evseId))) return { status: 'Accepted' };
    // K16.FR.07/FR.08: rejected, and a new schedule is negotiated with a fresh TxProfile.
    sendTxProfile(station, evseId);
    return { status: 'Rejected' };
  });
}
