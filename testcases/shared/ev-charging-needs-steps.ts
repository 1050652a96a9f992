// ISO 15118 smart charging (K15-K17) with the CSMS as SUT: the harness plays the station and its mock EV. The EV's
// needs go to the CSMS (NotifyEVChargingNeeds), the CSMS's TxProfile for the transaction is accepted, and the
// schedule the EV agreed to is reported (NotifyEVChargingSchedule); each answer as the documents validate it.
import type { CsmsContext } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import type { Payload } from '../../src/ocpp/frames.js';
import { prior, SimSession } from './tx-csms-steps.js';

type StationPeer = CsmsContext['station'];

/** The mock EV's configured needs: AC three phase, 6-16 A at 400 V, 20 kWh; three schedule tuples at most. */
export const MOCK_EV = {
  maxScheduleTuples: 3,
  chargingNeeds: {
    requestedEnergyTransfer: 'AC_three_phase',
    acChargingParameters: { energyAmount: 20_000, evMinCurrent: 6, evMaxCurrent: 16, evMaxVoltage: 400 },
  },
};

/** How long the documents wait for the TxProfile after a Processing answer (the note of their step 3/5). */
const PROCESSING_WAIT_MS = 60_000;

/** Part 6 Authorized AND EVConnectedPreSession on the configured EVSE: the transaction the TxProfile must name. */
export async function evConnectedAuthorized(station: StationPeer, evseId: number): Promise<SimSession> {
  const session = new SimSession(station, evseId);
  await prior(station, 'Authorized', () => session.authorize());
  await prior(station, 'EVConnectedPreSession', () => session.plugIn());
  return session;
}

/** The station (the harness) accepts every charging profile the CSMS sends, as the documents' OCTT does. */
export function acceptProfiles(station: StationPeer): void {
  station.answer('SetChargingProfile', { status: 'Accepted' });
}

/** NotifyEVChargingNeeds with the mock EV's needs; the answer must be one of `allowed`. Returns the status. */
export async function notifyNeeds(station: StationPeer, evseId: number, allowed: string[], step: string, requirement = 'OCPP 2.0.1 K15'): Promise<string> {
  const answer = await station.call('NotifyEVChargingNeeds', { evseId, ...MOCK_EV });
  const status = String(answer.status);
  if (!allowed.includes(status)) throw new Verdict(`${step}: NotifyEVChargingNeeds must be answered ${allowed.join(' or ')}, got ${status}`, requirement);
  return status;
}

/**
 * The CSMS's SetChargingProfile for the EV (the documents' validation): evseId the configured one, purpose TxProfile,
 * transactionId the session's. After a Processing answer the CSMS has 60 s.
 */
export async function expectTxProfile(station: StationPeer, session: SimSession, step: string, o: { after?: ReceivedCall | number; processing?: boolean; requirement?: string } = {}): Promise<ReceivedCall> {
  const request = await station.expectCall('SetChargingProfile', { after: o.after, within: o.processing ? PROCESSING_WAIT_MS : undefined });
  requireTxProfile(request, session, step, o.requirement ?? 'OCPP 2.0.1 K15');
  return request;
}

/** A SetChargingProfile as the documents validate it: the configured evseId, TxProfile, the transaction's id. */
export function requireTxProfile(request: ReceivedCall, session: SimSession, step: string, requirement: string): void {
  const p = (request.payload.chargingProfile ?? {}) as Payload;
  const wrong = request.payload.evseId !== session.evseId ? `evseId must be ${session.evseId}, got ${String(request.payload.evseId)}`
    : p.chargingProfilePurpose !== 'TxProfile' ? `chargingProfilePurpose must be TxProfile, got ${String(p.chargingProfilePurpose)}`
      : p.transactionId !== session.id ? `transactionId must be ${session.id} (the transaction's), got ${String(p.transactionId)}` : undefined;
  if (wrong) throw new Verdict(`${step}: the SetChargingProfile the CSMS sent: ${wrong}`, requirement);
}

/** The first schedule of a SetChargingProfile request. */
export function scheduleOf(request: ReceivedCall): Payload {
  return (((request.payload.chargingProfile as Payload | undefined)?.chargingSchedule as Payload[] | undefined) ?? [])[0] ?? {};
}

/** A schedule that exceeds `schedule` (each limit doubled), for the documents' "exceeds the limits" steps. */
export function exceeding(schedule: Payload): Payload {
  const periods = (schedule.chargingSchedulePeriod as Payload[] | undefined) ?? [{ startPeriod: 0, limit: 16 }];
  return { ...schedule, chargingSchedulePeriod: periods.map((p) => ({ ...p, limit: Number(p.limit) * 2 + 1 })) };
}

/** NotifyEVChargingSchedule with the EV's agreed schedule; the answer must be `want`. */
export async function notifySchedule(station: StationPeer, evseId: number, schedule: Payload, want: 'Accepted' | 'Rejected', step: string, requirement: string): Promise<void> {
  const chargingSchedule: Payload = { id: schedule.id ?? 1, chargingRateUnit: schedule.chargingRateUnit ?? 'A', chargingSchedulePeriod: schedule.chargingSchedulePeriod ?? [{ startPeriod: 0, limit: 16 }] };
  if (schedule.duration !== undefined) chargingSchedule.duration = schedule.duration;
  const answer = await station.call('NotifyEVChargingSchedule', { timeBase: new Date().toISOString(), evseId, chargingSchedule });
  if (answer.status !== want) throw new Verdict(`${step}: NotifyEVChargingSchedule must be answered ${want}, got ${String(answer.status)}`, requirement);
}

/**
 * Part 6 reusable state ISO15118SmartCharging: needs (Accepted or Processing), the TxProfile, the EV's schedule as
 * that profile gives it (Accepted), then Charging. Returns the TxProfile request.
 */
export async function iso15118SmartCharging(station: StationPeer, session: SimSession): Promise<ReceivedCall> {
  acceptProfiles(station);
  const status = await notifyNeeds(station, session.evseId, ['Accepted', 'Processing'], 'step 2');
  const request = await expectTxProfile(station, session, 'step 3', { processing: status === 'Processing' });
  await notifySchedule(station, session.evseId, scheduleOf(request), 'Accepted', 'step 6', 'OCPP 2.0.1 K15');
  await session.event({ trigger: 'ChargingStateChanged', chargingState: 'Charging' });
  session.state = 'EnergyTransferStarted';
  return request;
}
