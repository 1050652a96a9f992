// Transactions and meter values with the CSMS as SUT: the harness plays the station and walks the official
// reusable states of Part 6 3.18 (EVConnectedPreSession, Authorized, EnergyTransferStarted,
// EnergyTransferSuspended, StopAuthorized, EVConnectedPostSession, EVDisconnected) and the 1.6 document's 3.22
// (Authorized, Charging), checking the answers the documents validate. A CSMS answers every transaction message;
// what it must say is checked where a document says so (idTokenInfo of a token).
import type { CsmsContext } from '../../src/harness/test-case.js';
import { Verdict } from '../../src/harness/peer.js';
import type { MeterReading } from '../../src/harness/station-harness.js';
import type { Payload } from '../../src/ocpp/frames.js';

type StationPeer = CsmsContext['station'];

/**
 * The connector's status as the station reports it: StatusNotification and, in 2.0.1, the NotifyEvent
 * AvailabilityState the documents send beside it (`event: false` leaves it out).
 */
export async function reportConnector(station: StationPeer, evseId: number, status: string, o: { event?: boolean } = {}): Promise<void> {
  await station.call('StatusNotification', station.statusPayload(evseId, 1, status));
  if (station.profile.ocpp === '2.0.1' && o.event !== false) await station.call('NotifyEvent', station.availabilityEvent(evseId, 1, status));
}

/** Which token a message carries: the profile's valid or invalid one. */
type TokenKind = 'valid' | 'invalid';

/** The meter readings one message carries: contexts in order, signed or not, with more measurands or not. */
export interface MeterSpec {
  contexts: string[];
  signed?: boolean;
  extraMeasurands?: boolean;
  /** The readings are this many ms apart (clock-aligned or sampled interval), the last one at the event's time. */
  intervalMs?: number;
}

/** How far the 2.0.1 session has come, in the names of the reusable states. */
export type SimState = 'Idle' | 'Authorized' | 'EVConnectedPreSession' | 'EnergyTransferStarted' | 'EnergyTransferSuspended'
  | 'StopAuthorized' | 'EVConnectedPostSession' | 'EVDisconnected';

export interface EventSpec {
  eventType?: 'Started' | 'Updated' | 'Ended';
  trigger: string;
  chargingState?: string;
  stoppedReason?: string;
  evse?: boolean;
  token?: TokenKind;
  offline?: boolean;
  meter?: MeterSpec;
  /** Force a sequence number (queued messages sent out of order); otherwise the next one. */
  seqNo?: number;
  /** The event happened this many ms ago (queued while offline). */
  agoMs?: number;
}

/** The answer's idTokenInfo.status must be one of `allowed` (the document's tool validation). */
export function requireTokenStatus(answer: Payload, allowed: string[], what: string, requirement?: string): void {
  const status = ((answer.idTokenInfo ?? answer.idTagInfo) as Payload | undefined)?.status;
  if (!allowed.includes(String(status))) {
    throw new Verdict(`${what}: the CSMS must answer with idTokenInfo.status ${allowed.join(' or ')}, got ${status === undefined ? 'no idTokenInfo' : String(status)}`, requirement);
  }
}

/**
 * A 2.0.1 transaction the harness (as station) runs on one EVSE: its own ID, sequence numbers from 0 and a meter
 * that only goes up.
 */
export class SimSession {
  readonly id = `tx-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
  seqNo = 0;
  started = false;
  evConnected = false;
  authorized = false;
  state: SimState = 'Idle';
  energyWh = 0;

  constructor(readonly station: StationPeer, readonly evseId: number, readonly connectorId = 1) {}

  token(kind: TokenKind): { idToken: string; type: string } {
    const t = this.station.profile.idTokens;
    return { idToken: kind === 'valid' ? t.valid : t.invalid, type: t.type };
  }

  readings(spec: MeterSpec, at: number): Payload[] {
    const step = spec.intervalMs ?? 0;
    return spec.contexts.map((context, i) => {
      const reading: MeterReading = {
        timestamp: new Date(at - (spec.contexts.length - 1 - i) * step).toISOString(), context,
        energyWh: context === 'Transaction.Begin' ? this.energyWh : (this.energyWh += 150),
        signed: spec.signed, extraMeasurands: spec.extraMeasurands,
      };
      return this.station.meterValue(reading);
    });
  }

  /** Send one TransactionEvent and return the CSMS's answer (a CALLERROR or silence fails the test). */
  async event(e: EventSpec): Promise<Payload> {
    const at = Date.now() - (e.agoMs ?? 0);
    const eventType = e.eventType ?? (this.started ? 'Updated' : 'Started');
    const payload = this.station.transactionEventPayload({
      eventType, triggerReason: e.trigger, transactionId: this.id, seqNo: e.seqNo ?? this.seqNo++,
      timestamp: new Date(at).toISOString(), chargingState: e.chargingState, stoppedReason: e.stoppedReason,
      evse: e.evse ? { id: this.evseId, connectorId: this.connectorId } : undefined,
      idToken: e.token ? this.token(e.token) : undefined, offline: e.offline,
      meterValue: e.meter ? this.readings(e.meter, at) : undefined,
    });
    this.started = true;
    return this.station.call('TransactionEvent', payload);
  }

  /** Part 6 Authorized: Authorize, then a TransactionEvent Authorized with the token; both answered Accepted. */
  async authorize(o: { evse?: boolean } = {}): Promise<void> {
    const token = this.token('valid');
    requireTokenStatus(await this.station.call('Authorize', { idToken: token }), ['Accepted'], 'Authorize with the valid token');
    const answer = await this.event({ trigger: 'Authorized', token: 'valid', evse: o.evse ?? true, chargingState: this.evConnected ? 'EVConnected' : undefined });
    requireTokenStatus(answer, ['Accepted'], 'the TransactionEvent Authorized with the valid token');
    this.authorized = true;
    this.state = 'Authorized';
  }

  /** Part 6 EVConnectedPreSession (and part 1 of EnergyTransferStarted): Occupied, then CablePluggedIn with EVConnected. */
  async plugIn(o: { meter?: MeterSpec } = {}): Promise<void> {
    await reportConnector(this.station, this.evseId, 'Occupied');
    await this.event({ trigger: 'CablePluggedIn', chargingState: 'EVConnected', evse: true, meter: o.meter });
    this.evConnected = true;
    if (!this.authorized) this.state = 'EVConnectedPreSession';
  }

  /** Part 6 EnergyTransferStarted: Authorized when not yet, the cable when not yet, then ChargingStateChanged Charging. */
  async energyTransferStarted(): Promise<void> {
    if (!this.authorized) await this.authorize();
    if (!this.evConnected) await this.plugIn();
    await this.event({ trigger: 'ChargingStateChanged', chargingState: 'Charging' });
    this.state = 'EnergyTransferStarted';
  }

  /** Part 6 EnergyTransferSuspended: the EV pauses (SuspendedEV). */
  async energyTransferSuspended(): Promise<void> {
    if (this.state !== 'EnergyTransferStarted') await this.energyTransferStarted();
    await this.event({ trigger: 'ChargingStateChanged', chargingState: 'SuspendedEV' });
    this.state = 'EnergyTransferSuspended';
  }

  /** Part 6 StopAuthorized: the driver presents the token to stop; the answer must accept it. */
  async stopAuthorized(): Promise<void> {
    if (this.state !== 'EnergyTransferStarted') await this.energyTransferStarted();
    requireTokenStatus(await this.event({ trigger: 'StopAuthorized', token: 'valid' }), ['Accepted'], 'the TransactionEvent StopAuthorized with the valid token');
    this.state = 'StopAuthorized';
  }

  /** Part 6 EVConnectedPostSession: energy stopped, the EV still plugged in. */
  async evConnectedPostSession(): Promise<void> {
    if (this.state !== 'StopAuthorized') await this.stopAuthorized();
    await this.event({ trigger: 'ChargingStateChanged', chargingState: 'EVConnected' });
    this.state = 'EVConnectedPostSession';
  }

  /**
   * Part 6 EVDisconnected: Available, then the transaction ends with EVCommunicationLost, Idle, EVDisconnected.
   * As the states chain in Part 6, from any state but EVConnectedPostSession (EnergyTransferSuspended too, for
   * TC_E_20) the stop is authorized first. `meter` adds the final readings the J test cases put in the Ended event.
   */
  async evDisconnected(o: { meter?: MeterSpec } = {}): Promise<Payload> {
    if (this.state !== 'EVConnectedPostSession') await this.evConnectedPostSession();
    await reportConnector(this.station, this.evseId, 'Available');
    const answer = await this.event({ eventType: 'Ended', trigger: 'EVCommunicationLost', chargingState: 'Idle', stoppedReason: 'EVDisconnected', meter: o.meter });
    this.evConnected = false;
    this.state = 'EVDisconnected';
    return answer;
  }
}

/**
 * The use case whose test cases check each reusable state step by step: where a state is only a precondition, a
 * CSMS that fails it leaves the test inconclusive, naming that use case, whose own test case fails.
 */
const STATE_OWNERS: Record<string, string> = {
  Authorized: 'E03', EnergyTransferStarted: 'E03', Charging: 'E02',
  StopAuthorized: 'E06', EVConnectedPostSession: 'E06', EVDisconnected: 'E06', EnergyTransferSuspended: 'E06',
};

/** A reusable state that the running test case is not about, reached through Peer.reusableState. */
export function prior(station: StationPeer, name: string, reach: () => Promise<void>): Promise<void> {
  return station.reusableState(name, STATE_OWNERS[name] ?? 'E03', reach);
}

/** EnergyTransferStarted on the first EVSE, as a precondition. */
export async function runningSession(station: StationPeer): Promise<SimSession> {
  const s = new SimSession(station, station.profile.evses[0]!.id);
  await prior(station, 'EnergyTransferStarted', () => s.energyTransferStarted());
  return s;
}

// ---------------------------------------------------------------- 1.6

/** 1.6 reusable state Authorized: Authorize with the valid idTag, answered Accepted. */
export async function authorized16(station: StationPeer): Promise<void> {
  requireTokenStatus(await station.call('Authorize', { idTag: station.profile.idTokens.valid }), ['Accepted'], 'Authorize with the valid idTag');
}

/** StartTransaction; returns the CSMS's answer after checking the transactionId is an integer. */
export async function start16(station: StationPeer, connectorId: number, idTag: string, o: { meterStart?: number; timestamp?: string } = {}): Promise<{ transactionId: number; answer: Payload }> {
  const answer = await station.call('StartTransaction', station.startTransactionPayload(connectorId, idTag, o.meterStart ?? 0, o.timestamp));
  if (!Number.isInteger(answer.transactionId)) throw new Verdict(`StartTransaction must be answered with an integer transactionId, got ${String(answer.transactionId)}`);
  return { transactionId: Number(answer.transactionId), answer };
}

/**
 * 1.6 reusable state Charging (OCTT document 3.22): Authorized, Preparing, StartTransaction (Accepted), Charging.
 * Returns the CSMS's transactionId.
 */
export async function charging16(station: StationPeer, connectorId: number): Promise<number> {
  await authorized16(station);
  await reportConnector(station, connectorId, 'Preparing');
  const { transactionId, answer } = await start16(station, connectorId, station.profile.idTokens.valid);
  requireTokenStatus(answer, ['Accepted'], 'StartTransaction with the valid idTag');
  await reportConnector(station, connectorId, 'Charging');
  return transactionId;
}

/** An ISO time `ms` before now: when a queued message really happened. */
export const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
