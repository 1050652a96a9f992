import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { Evse } from './model.js';
import type { ReferenceStation } from './station.js';

/**
 * 2.0.1 ISO 15118 smart charging, station side (K15-K17), with a simulated ISO 15118 EV. Operator actions:
 *   evIso15118 { evse? }  the EV about to be plugged in speaks ISO 15118: it takes no energy until its charging
 *     schedule is negotiated (the session reports SuspendedEV meanwhile).
 *   evChargingNeeds { evse?, requestedEnergyTransfer? (AC_three_phase | DC), maxCurrent? (A, default 16) }
 *     the EV announces its charging needs (at session start, or again while charging: renegotiation, K17):
 *     NotifyEVChargingNeeds for the EVSE. Accepted: the TxProfile the CSMS sends for the transaction goes to the EV,
 *     which answers with its schedule (capped at its maximum), reported by NotifyEVChargingSchedule; then energy
 *     flows (ChargingStateChanged Charging) or, renegotiated, ChargingRateChanged. Rejected: the EV charges without
 *     a schedule from the CSMS (K15: ChargingStateChanged Charging). Offline: the station's own profiles give the
 *     schedule and the EV charges (K15.FR.15).
 * A TxProfile the CSMS sends on its own during an ISO 15118 session (K16) is renegotiated with the EV the same way.
 * Installed for a 2.0.1 station that claims ISO15118 and smart charging.
 */
export const EVS = {
  needsNotSent: defineFault('cs.201-ev-charging-needs-not-sent', '2.0.1: does not pass the ISO 15118 EV\'s charging needs on to the CSMS (no NotifyEVChargingNeeds, K15.FR.01)'),
  needsWrongEvse: defineFault('cs.201-ev-charging-needs-wrong-evse', '2.0.1: sends NotifyEVChargingNeeds with an evseId other than the EV\'s'),
  needsNoParameters: defineFault('cs.201-ev-charging-needs-no-parameters', '2.0.1: leaves the AC/DC charging parameters out of NotifyEVChargingNeeds'),
  profileRejected: defineFault('cs.201-iso15118-tx-profile-rejected', '2.0.1: rejects the TxProfile the CSMS sends for an ISO 15118 session'),
  rejectedNoCharging: defineFault('cs.201-ev-needs-rejected-no-charging', '2.0.1: after NotifyEVChargingNeeds is answered Rejected, the EV never starts charging'),
  renegotiationNotSent: defineFault('cs.201-ev-renegotiation-not-sent', '2.0.1: passes on only the EV\'s first charging needs of a session; new needs while charging are dropped (K17.FR.01)'),
  offlineNoCharging: defineFault('cs.201-ev-needs-offline-no-charging', '2.0.1: while offline, the ISO 15118 EV waits for the CSMS and never charges (instead of a schedule from the station\'s own profiles, K15.FR.15)'),
  rateChangeWrongTrigger: defineFault('cs.201-renegotiated-rate-wrong-trigger', '2.0.1: reports the charging rate after a renegotiation with triggerReason ChargingStateChanged instead of ChargingRateChanged'),
};

interface EvSession {
  /** The EV's maximum per phase (A) and its energy transfer mode. */
  maxCurrent: number;
  transfer: string;
  /** Needs were passed on during this session (a further time is a renegotiation). */
  announced: boolean;
}

export function install(station: ReferenceStation): void {
  if (station.version !== '2.0.1') return;
  const optional = station.options.optional ?? [];
  if (!optional.includes('ISO15118') || !optional.includes('smart-charging')) return;
  const has = (fault: string) => station.faults.has(fault);
  const evs = new WeakMap<Evse, EvSession>();
  const evseOf = (args: Record<string, unknown>) => station.evse(Number(args.evse ?? station.evses[0]!.id));
  const tx = station.transactions;

  station.onAction('evIso15118', (args) => {
    const evse = evseOf(args);
    evs.set(evse, { maxCurrent: 16, transfer: 'AC_three_phase', announced: false });
    // Held until the schedule is negotiated: the same hold as an EV not ready for energy (E03).
    evse.evNotReady = true;
  });

  /** The EV starts (or changes) drawing energy under its schedule; the session reports it. */
  async function energyFlows(evse: Evse, renegotiated: boolean): Promise<void> {
    evse.evNotReady = false;
    const t = evse.transaction;
    if (!t) return;
    if (t.chargingState === 'Charging') {
      if (renegotiated) await tx.event201(evse, t, 'Updated', has(EVS.rateChangeWrongTrigger) ? 'ChargingStateChanged' : 'ChargingRateChanged', {}, tx.meterNowWh(evse));
      return;
    }
    t.chargingState = 'Charging';
    t.chargingSince = Date.now();
    await tx.event201(evse, t, 'Updated', 'ChargingStateChanged', {}, tx.meterNowWh(evse));
  }

  station.onAction('evChargingNeeds', async (args) => {
    const evse = evseOf(args);
    const ev = evs.get(evse) ?? { maxCurrent: 16, transfer: 'AC_three_phase', announced: false };
    evs.set(evse, ev);
    if (args.maxCurrent !== undefined) ev.maxCurrent = Number(args.maxCurrent);
    if (args.requestedEnergyTransfer !== undefined) ev.transfer = String(args.requestedEnergyTransfer);
    if (has(EVS.needsNotSent) || (ev.announced && has(EVS.renegotiationNotSent))) return;
    const renegotiation = ev.announced;
    ev.announced = true;
    const chargingNeeds: Payload = { requestedEnergyTransfer: ev.transfer };
    if (!has(EVS.needsNoParameters)) {
      if (ev.transfer === 'DC') chargingNeeds.dcChargingParameters = { evMaxCurrent: ev.maxCurrent, evMaxVoltage: 400, evMaxPower: ev.maxCurrent * 400 };
      else chargingNeeds.acChargingParameters = { energyAmount: 20_000, evMinCurrent: 6, evMaxCurrent: ev.maxCurrent, evMaxVoltage: 400 };
    }
    const answer = station.connected
      ? await station.send('NotifyEVChargingNeeds', { evseId: has(EVS.needsWrongEvse) ? evse.id + 1 : evse.id, maxScheduleTuples: 3, chargingNeeds })
      : undefined;
    // Offline, or the needs did not get through (K15.FR.15): the EV gets its schedule from the station's own
    // profiles and charges; the queued TransactionEvent reaches the CSMS after reconnecting.
    if (answer === undefined) {
      if (!renegotiation && !has(EVS.offlineNoCharging)) await energyFlows(evse, false);
      return;
    }
    // Rejected (no SASchedule): the EV charges within the station's own limits (K15). Accepted: wait for the TxProfile.
    if (answer?.status === 'Rejected' && !renegotiation && !has(EVS.rejectedNoCharging)) await energyFlows(evse, false);
  });

  // The CSMS's TxProfile for an ISO 15118 session goes to the EV, whose schedule is reported (K15.FR.06, K16, K17).
  const setProfile = station.handlerFor('SetChargingProfile');
  if (!setProfile) return;
  station.handle('SetChargingProfile', async (p, call) => {
    const evse = station.evses.find((e) => e.id === Number(p.evseId));
    const ev = evse && evs.get(evse);
    const profile = p.chargingProfile as Payload;
    if (!evse || !ev || profile.chargingProfilePurpose !== 'TxProfile') return setProfile(p, call);
    if (has(EVS.profileRejected)) return { status: 'Rejected' };
    const answer = await setProfile(p, call);
    if (answer.status !== 'Accepted') return answer;
    const renegotiated = evse.transaction?.chargingState === 'Charging';
    const schedule = ((profile.chargingSchedule as Payload[] | undefined) ?? [])[0] ?? {};
    // The EV's schedule: the CSMS's periods, each capped at what the EV can take (A: its maximum; W: at 230 V x 3).
    const cap = schedule.chargingRateUnit === 'W' ? ev.maxCurrent * 230 * 3 : ev.maxCurrent;
    const periods = ((schedule.chargingSchedulePeriod as Payload[] | undefined) ?? []).map((x) => ({ startPeriod: x.startPeriod, limit: Math.min(Number(x.limit), cap) }));
    const chargingSchedule: Payload = { id: schedule.id ?? 1, chargingRateUnit: schedule.chargingRateUnit, chargingSchedulePeriod: periods };
    if (schedule.duration !== undefined) chargingSchedule.duration = schedule.duration;
    setImmediate(() => void (async () => {
      await station.send('NotifyEVChargingSchedule', { timeBase: new Date().toISOString(), evseId: evse.id, chargingSchedule });
      await energyFlows(evse, renegotiated);
    })().catch(() => undefined));
    return answer;
  });

  station.on('transactionEnded', (evseId) => {
    const evse = station.evses.find((e) => e.id === evseId);
    if (evse) evs.delete(evse);
  });
}
