import { randomUUID } from 'node:crypto';
import type { Payload } from '../../ocpp/frames.js';
import { canonicalItem } from '../../catalog/pics.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';
import type { Connector, Evse, Transaction } from './model.js';
import type { ReservationHook } from './reservations.js';

/**
 * The reference station's transaction model, for both versions. One place decides when a transaction starts
 * and ends (cable, authorization, remote start/stop, reset, timeouts) and words it per version:
 * 1.6 Authorize / StartTransaction / StopTransaction, 2.0.1 Authorize / TransactionEvent.
 *
 * 2.0.1 follows TxCtrlr.TxStartPoint and TxStopPoint (any mix of EVConnected, Authorized, PowerPathClosed,
 * EnergyTransfer; default EVConnected,Authorized for both). A transaction starts at the first start point reached
 * (PowerPathClosed: cable and authorization both hold; EnergyTransfer: energy flows, which in this model is the same
 * moment) and ends at the first stop point left. Energy flows while cable and authorization both hold; its start is
 * an event of its own (triggerReason ChargingStateChanged), after the event of the cable or authorization that made
 * it possible, as the official reusable state EnergyTransferStarted expects. A stop of the authorization that is no
 * stop point (TxStopPoint EVConnected only) stops the energy and leaves the transaction running until the cable goes.
 */

export const TF = {
  noStopOnUnplug: defineFault('cs.tx-continues-after-unplug', 'keeps the transaction running when the cable is unplugged'),
  wrongStopReason: defineFault('cs.tx-stop-reason-other', 'ends every transaction with reason Other'),
  ignoresConnectionTimeout: defineFault('cs.ignores-connection-timeout', 'keeps waiting for a cable after the connection timeout expired'),
  foldsChargingState: defineFault('cs.charging-state-folded', '2.0.1: reports the start of energy transfer inside the cable or authorization event, with no ChargingStateChanged event'),
  cableEventNoEvse: defineFault('cs.tx-cable-event-no-evse', '2.0.1: leaves evse out of the first TransactionEvent after the cable is plugged in'),
  remoteStartNoOccupied: defineFault('cs.remote-start-no-occupied', '2.0.1: does not report the connector Occupied when a remote start begins a transaction before the cable'),
  startPointsIgnored: defineFault('cs.tx-start-points-ignored', '2.0.1: accepts a new TxStartPoint but keeps starting transactions at EVConnected,Authorized'),
  stopPointsIgnored: defineFault('cs.tx-stop-points-ignored', '2.0.1: accepts a new TxStopPoint but keeps ending transactions at EVConnected,Authorized'),
  seqNoGap: defineFault('cs.tx-seqno-gap', '2.0.1: skips a sequence number after the Started event'),
  authorizedNoToken: defineFault('cs.tx-authorized-event-no-token', '2.0.1: leaves idToken out of the TransactionEvent that reports a local authorization'),
  evSideKeepsCharging: defineFault('cs.ev-side-disconnect-ignored', '2.0.1: reports nothing when the cable comes out at the EV side and keeps the transaction charging'),
  suspendIgnored: defineFault('cs.ev-suspend-unreported', '2.0.1: does not report it when the EV suspends the energy transfer (or is not ready for it)'),
  ignoresInvalidAnswer: defineFault('cs.tx-ignores-invalid-token-answer', '2.0.1: keeps a transaction whose token the CSMS answered Invalid in a TransactionEventResponse, although StopTxOnInvalidId is true'),
  authorizesWhenDisabled: defineFault('cs.authorize-despite-disabled', '2.0.1: sends Authorize although AuthCtrlr.DisableRemoteAuthorization is true'),
  meterDown: defineFault('cs.tx-meter-decreasing', 'reports a final energy register below the one the transaction started with'),
};

/** 1.6 behaviours of the transaction model the 1.6 E test cases (TC_003..TC_005) check. */
export const TF16 = {
  skipsAuthorize: defineFault('cs.v16-local-start-skips-authorize', '1.6: takes every idTag as Accepted without asking Authorize.req, so a presented card starts a transaction unchecked'),
  ignoresStopOnEvDisconnect: defineFault('cs.v16-ignores-stop-on-ev-disconnect', '1.6: ends the transaction when the cable leaves the EV although StopTransactionOnEVSideDisconnect is false'),
  // TC_037_x: what a late StartTransaction.conf with a not-Accepted idTagInfo does to a running transaction.
  offlineStartLost: defineFault('cs.v16-offline-start-not-queued', '1.6: sends StartTransaction.req only when online, so a transaction started offline is never reported'),
  keepsInvalidTransaction: defineFault('cs.v16-keeps-invalid-offline-transaction', '1.6: keeps charging a transaction whose late StartTransaction.conf came back Invalid although StopTransactionOnInvalidId is true'),
  stopsDespiteInvalidIdFalse: defineFault('cs.v16-stops-invalid-despite-setting', '1.6: ends a transaction whose StartTransaction.conf came back Invalid although StopTransactionOnInvalidId is false (it must only stop the energy)'),
  startsWhenFaulted: defineFault('cs.starts-when-faulted', 'starts a transaction on a connector that reported Faulted'),
};
/** E01 S1 (TxStartPoint ParkingBayOccupancy): the bay's sensor, operator action driveIn. */
export const TF_BAY = {
  bayIgnored: defineFault('cs.parking-bay-ignored', '2.0.1: starts no transaction when an EV drives into the parking bay although TxStartPoint holds ParkingBayOccupancy'),
  // E06 S1 (TxStopPoint ParkingBayOccupancy): operator action driveOut.
  departureIgnored: defineFault('cs.parking-bay-departure-ignored', '2.0.1: keeps the transaction running when the EV drives out of the parking bay although TxStopPoint holds ParkingBayOccupancy'),
};
/** E10 with a fixed cable (HFS-2): the EV-side disconnect suspends the transaction until the EV is back or EVConnectionTimeOut. */
export const TF_FIXED = {
  endsAtEvSide: defineFault('cs.fixed-cable-ends-at-ev-side', '2.0.1, fixed cable: ends the transaction when the EV is disconnected although StopTxOnEVSideDisconnect is false and TxStopPoint needs no EV'),
};
/** E15 (ISO 15118): the EV ends the charging session with SessionStopReq(Terminate); operator action evSessionStop. */
export const TF_15118 = {
  sessionStopWrongTrigger: defineFault('cs.ev-session-stop-wrong-trigger', '2.0.1: reports the EV\'s ISO 15118 SessionStop(Terminate) with triggerReason ChargingStateChanged instead of StopAuthorized'),
};
const DEFAULT_POINTS = 'EVConnected,Authorized';
/** Causes that end the authorization of a transaction; whether they end the transaction depends on TxStopPoint. */
const AUTHORIZATION_ENDS: ReadonlySet<StopCause> = new Set(['Local', 'Remote', 'DeAuthorized', 'Timeout']);

/** Why a transaction ends, in 2.0.1 words; 1.6 gets its own from stopReason16. */
export type StopCause = 'Local' | 'Remote' | 'EVDisconnected' | 'ImmediateReset' | 'SoftReset' | 'HardReset' | 'Reboot'
  | 'DeAuthorized' | 'Timeout' | 'UnlockCommand' | 'Other' | 'PowerLoss' | 'EmergencyStop' | 'MasterPass' | 'StoppedByEV'
  /** The EV left the parking bay (TxStopPoint ParkingBayOccupancy); its stoppedReason is that of the stop before it. */
  | 'EVDeparted';

/** The 2.0.1 TriggerReasonEnumType that goes with each stop cause. */
const STOP_TRIGGER: Record<StopCause, string> = {
  Local: 'StopAuthorized', Remote: 'RemoteStop', EVDisconnected: 'EVCommunicationLost', ImmediateReset: 'ResetCommand',
  SoftReset: 'ResetCommand', HardReset: 'ResetCommand', Reboot: 'ResetCommand', DeAuthorized: 'Deauthorized',
  Timeout: 'EVConnectTimeout', UnlockCommand: 'UnlockCommand', Other: 'AbnormalCondition', PowerLoss: 'AbnormalCondition',
  EmergencyStop: 'AbnormalCondition', MasterPass: 'StopAuthorized', StoppedByEV: 'ChargingStateChanged', EVDeparted: 'EVDeparted',
};
/** TxStopPoint members that end a transaction without the parking bay: with none of them only the EV driving away ends it. */
const STOPS_WITHOUT_BAY = ['EVConnected', 'Authorized', 'PowerPathClosed', 'EnergyTransfer', 'DataSigned'];

/** 2.0.1 ReasonEnumType has no SoftReset/HardReset: a reset ends a transaction with ImmediateReset. */
function stopReason201(cause: StopCause): string {
  return cause === 'SoftReset' || cause === 'HardReset' ? 'ImmediateReset' : cause;
}

/** 1.6 Reason has no ImmediateReset/Timeout: map to its nearest words. */
function stopReason16(cause: StopCause): string {
  if (cause === 'ImmediateReset') return 'HardReset';
  if (cause === 'Timeout' || cause === 'StoppedByEV') return 'Other';
  if (cause === 'MasterPass' || cause === 'EVDeparted') return 'Local';
  return cause;
}

const WH_PER_SECOND = 3; // about 11 kW

export interface AuthorizeRequest {
  evseId?: number;
  idToken: string;
  idTokenType?: string;
  /** Set by a remote start: no local Authorize (AuthorizeRemoteStart false), and its ID is reported. */
  remoteStartId?: number;
  remote?: boolean;
  /** Remote start only: skip the Authorize even when AuthorizeRemoteStart is true (fault cs.remote-start-skips-authorize). */
  skipAuthorize?: boolean;
  /** 2.0.1 groupIdToken a remote start carries (reservations: a token of the reserved group may use it). */
  group?: string;
  /** The status station/authorization.ts already learned for a token presented at the station: no second Authorize. */
  knownStatus?: string;
}

/** A token that stopped a transaction other than the one that started it (group member, master pass: authorization.ts). */
export interface Stopper {
  idToken: string;
  type?: string;
}

export class Transactions {
  constructor(private readonly station: ReferenceStation) {}

  /** Reservations (reservations.ts, set when the station supports them): who may start on a reserved EVSE. */
  reservations?: ReservationHook;

  private get v16(): boolean {
    return this.station.version === '1.6';
  }

  private has(fault: string): boolean {
    return this.station.faults.has(fault);
  }

  /** HFS-2: the cable is fixed to the station, so the EV-side disconnect leaves nothing plugged into the connector. */
  get fixedCable(): boolean {
    return (this.station.options.optional ?? []).some((f) => canonicalItem(f, this.station.version) === 'HFS-2');
  }

  /** ConnectionTimeOut (1.6) / TxCtrlr.EVConnectionTimeOut (2.0.1), in seconds. */
  connectionTimeoutS(): number {
    return Number(this.station.setting('ConnectionTimeOut', 'TxCtrlr/EVConnectionTimeOut', '60'));
  }

  /** TxCtrlr.TxStartPoint / TxStopPoint members (2.0.1). */
  points(kind: 'Start' | 'Stop'): Set<string> {
    const ignored = this.has(kind === 'Start' ? TF.startPointsIgnored : TF.stopPointsIgnored);
    const value = ignored ? DEFAULT_POINTS : this.station.setting('', `TxCtrlr/Tx${kind}Point`, DEFAULT_POINTS);
    return new Set(value.split(',').map((p) => p.trim()).filter(Boolean));
  }

  /** A stop of the authorization (local, remote, deauthorized, timeout) ends the transaction. */
  private endsOnDeauthorization(): boolean {
    const stop = this.points('Stop');
    return ['Authorized', 'PowerPathClosed', 'EnergyTransfer'].some((p) => stop.has(p));
  }

  all(): Transaction[] {
    return this.station.evses.flatMap((e) => (e.transaction ? [e.transaction] : []));
  }

  find(id: unknown): Transaction | undefined {
    return this.all().find((t) => String(t.id) === String(id));
  }

  /** Energy register of the EVSE now, counting what flowed since charging began. */
  meterNowWh(evse: Evse): number {
    const since = evse.transaction?.chargingSince;
    return Math.round(evse.meterWh + (since ? ((Date.now() - since) / 1000) * WH_PER_SECOND : 0));
  }

  /** An idle EVSE that may start a transaction (the first when none is named). */
  freeEvse(evseId?: number, also: (e: Evse) => boolean = () => true): Evse | undefined {
    const candidates = evseId ? this.station.evses.filter((e) => e.id === evseId && also(e)) : this.station.evses.filter(also);
    const faultedOk = this.has(TF16.startsWhenFaulted);
    return candidates.find((e) => e.operative && !e.transaction && !e.pendingAuth
      && e.connectors.every((c) => (c.status !== 'Faulted' || faultedOk) && c.status !== 'Unavailable'));
  }

  // ---- Operator actions: the EV driver at the station ----

  async plugIn(evse: Evse, connectorId = 1): Promise<void> {
    const connector = evse.connectors.find((c) => c.id === connectorId) ?? evse.connectors[0]!;
    connector.cablePlugged = true;
    connector.finished = false;
    evse.evGone = false;
    const tx = evse.transaction;
    const pending = evse.pendingAuth;
    if (this.v16) {
      if (pending) return this.start16(evse, pending.idToken, pending.remoteStartId);
      return this.station.refreshStatus(evse);
    }
    await this.station.refreshStatus(evse);
    if (!tx) {
      if (!pending && !this.freeEvse(evse.id)) return; // inoperative or faulted (G03/G04): no transaction starts
      if (pending) {
        // Authorized before the cable, with a start point that needed the cable too: the transaction starts now.
        this.clearConnectionTimer(evse);
        evse.pendingAuth = undefined;
        await this.beginAuthorizedWithCable(evse, {
          trigger: pending.remoteStartId !== undefined ? 'RemoteStart' : 'CablePluggedIn', connectorId,
          idToken: pending.idToken, idTokenType: pending.idTokenType, remoteStartId: pending.remoteStartId,
        });
        return;
      }
      if (this.points('Start').has('EVConnected')) await this.begin201(evse, { trigger: 'CablePluggedIn', chargingState: 'EVConnected', connectorId });
      return;
    }
    this.clearConnectionTimer(evse);
    tx.connectorId = connectorId;
    tx.unplugged = false;
    await this.updateCharging(evse, 'CablePluggedIn');
  }

  async unplug(evse: Evse): Promise<void> {
    evse.evGone = false;
    evse.evNotReady = false;
    for (const c of evse.connectors) {
      c.cablePlugged = false;
      c.finished = false;
      c.lockFailed = false;
    }
    const tx = evse.transaction;
    if (tx && !this.v16 && !STOPS_WITHOUT_BAY.some((p) => this.points('Stop').has(p))) return this.keepWithoutEv(evse, tx);
    if (tx && !this.has(TF.noStopOnUnplug)) await this.stop(evse, 'EVDisconnected');
    else await this.station.refreshStatus(evse);
  }

  /**
   * 2.0.1: the EV is no longer connected but the transaction goes on (TxStopPoint ParkingBayOccupancy only; a fixed
   * cable's EV-side disconnect, E10): energy stops, the connector is free again (Available) and the transaction
   * reports EVCommunicationLost with chargingState Idle.
   */
  private async keepWithoutEv(evse: Evse, tx: Transaction): Promise<void> {
    evse.meterWh = this.meterNowWh(evse);
    tx.chargingSince = undefined;
    tx.chargingState = 'Idle';
    tx.unplugged = true;
    await this.station.refreshStatus(evse);
    await this.event201(evse, tx, 'Updated', 'EVCommunicationLost', {}, evse.meterWh);
  }

  /**
   * The cable comes out at the EV side and stays in the station's socket (1.6 TC_005_x, 2.0.1 E09/E10).
   * 2.0.1: the transaction ends (EVCommunicationLost, EVDisconnected) where StopTxOnEVSideDisconnect is true or
   * TxStopPoint ends it without the EV (EVConnected, PowerPathClosed, EnergyTransfer); otherwise it is suspended
   * (Updated, Idle) until the EV is plugged in again. 1.6: StopTransactionOnEVSideDisconnect true ends the
   * transaction (EVDisconnected, then Finishing); false suspends it (SuspendedEV) until it is stopped otherwise;
   * UnlockConnectorOnEVSideDisconnect false keeps the cable locked in the socket.
   */
  async evSideDisconnect(evse: Evse): Promise<void> {
    if (this.v16) return this.evSideDisconnect16(evse);
    const tx = evse.transaction;
    if (this.has(TF.evSideKeepsCharging)) return;
    evse.evGone = true;
    if (!tx) return;
    evse.meterWh = this.meterNowWh(evse);
    tx.chargingSince = undefined;
    tx.chargingState = 'Idle';
    const stop = this.points('Stop');
    const ends = this.station.setting('', 'TxCtrlr/StopTxOnEVSideDisconnect', 'true') === 'true'
      || ['EVConnected', 'PowerPathClosed', 'EnergyTransfer'].some((p) => stop.has(p));
    if (this.fixedCable) {
      // E10.FR.02: nothing is plugged into the connector any more; the EV has EVConnectionTimeOut to come back.
      for (const c of evse.connectors) c.cablePlugged = false;
      if (ends || this.has(TF_FIXED.endsAtEvSide)) return this.stop(evse, 'EVDisconnected');
      this.startConnectionTimer(evse);
      tx.unplugged = true;
      await this.event201(evse, tx, 'Updated', 'EVCommunicationLost', {}, evse.meterWh);
      return this.station.refreshStatus(evse);
    }
    if (ends) return this.stop(evse, 'EVDisconnected');
    await this.event201(evse, tx, 'Updated', 'EVCommunicationLost', {}, evse.meterWh);
  }

  /**
   * E15 (ISO 15118): the EV ends the charging session (SessionStopReq Terminate). Energy stops and the
   * authorization ends (StopAuthorized, chargingState EVConnected): the transaction ends there (stoppedReason
   * StoppedByEV) where TxStopPoint holds Authorized, PowerPathClosed or EnergyTransfer, else it runs on unauthorized.
   */
  async evSessionStop(evse: Evse): Promise<void> {
    const tx = evse.transaction;
    if (this.v16 || !tx) return;
    evse.meterWh = this.meterNowWh(evse);
    tx.chargingSince = undefined;
    tx.chargingState = 'EVConnected';
    const trigger = this.has(TF_15118.sessionStopWrongTrigger) ? 'ChargingStateChanged' : 'StopAuthorized';
    if (this.endsOnDeauthorization()) return this.stop(evse, 'StoppedByEV', undefined, trigger);
    tx.authorized = false;
    tx.stopCause = 'StoppedByEV';
    await this.event201(evse, tx, 'Updated', trigger, {}, evse.meterWh);
  }

  /** E06 S1: the EV drives out of the parking bay; with TxStopPoint ParkingBayOccupancy that ends its transaction (EVDeparted). */
  async parkingBayVacated(evse: Evse): Promise<void> {
    const tx = evse.transaction;
    if (this.v16 || !tx || !this.points('Stop').has('ParkingBayOccupancy') || this.has(TF_BAY.departureIgnored)) return;
    await this.stop(evse, 'EVDeparted');
  }

  private async evSideDisconnect16(evse: Evse): Promise<void> {
    const tx = evse.transaction;
    const unlock = this.station.setting('UnlockConnectorOnEVSideDisconnect', '', 'true') === 'true';
    if (unlock) for (const c of evse.connectors) c.locked = false;
    if (!tx) return;
    const stops = this.station.setting('StopTransactionOnEVSideDisconnect', '', 'true') === 'true';
    if ((stops || this.has(TF16.ignoresStopOnEvDisconnect)) && !this.has(TF.noStopOnUnplug)) return this.stop(evse, 'EVDisconnected');
    evse.meterWh = this.meterNowWh(evse);
    tx.chargingSince = undefined;
    tx.chargingState = 'SuspendedEV';
    await this.station.refreshStatus(evse);
  }

  /** The EV suspends the energy transfer: SuspendedEV, or the end of a transaction whose TxStopPoint is EnergyTransfer. */
  async evSuspend(evse: Evse): Promise<void> {
    const tx = evse.transaction;
    if (!tx || tx.chargingState !== 'Charging' || this.has(TF.suspendIgnored)) return;
    evse.meterWh = this.meterNowWh(evse);
    tx.chargingSince = undefined;
    if (this.points('Stop').has('EnergyTransfer')) return this.stop(evse, 'StoppedByEV');
    tx.chargingState = 'SuspendedEV';
    await this.event201(evse, tx, 'Updated', 'ChargingStateChanged', {}, evse.meterWh);
  }

  /**
   * A token presented at the station (or sent by a remote start). Returns the authorization status; when
   * Accepted the EVSE is authorized and charging begins as soon as a cable is in.
   */
  async authorize(req: AuthorizeRequest): Promise<string> {
    const idTokenType = req.idTokenType ?? 'ISO14443';
    // The same token presented again at an EVSE in a transaction stops it (local stop).
    const running = this.station.evses.find((e) => e.transaction?.idToken === req.idToken && e.transaction.authorized);
    if (running && !req.remote) {
      await this.stop(running, 'Local');
      return 'Accepted';
    }
    // E09: the cable left at the station after an EV-side disconnect is released by the token; nothing starts.
    const evGone = this.station.evses.find((e) => e.evGone && !e.transaction && (!req.evseId || e.id === req.evseId));
    if (evGone && !req.remote) return 'Accepted';
    const status = req.knownStatus
      ?? (req.remote && (req.skipAuthorize || !this.authorizeRemote()) ? 'Accepted' : await this.decideToken(req.idToken, idTokenType));
    // The token's group: what a remote start carried, else what the CSMS last said of the token.
    const group = req.group ?? this.groups.get(req.idToken);
    if (status !== 'Accepted') return status;
    // Reservations (reservations.ts): the token's reserved EVSE first; an EVSE held for another token is refused.
    const held = this.reservations;
    const blocked = (e: Evse) => !!held?.blocks(e, req.idToken, group);
    const mine = held?.reservedFor(req.idToken, group);
    const evse = (mine && (req.evseId === undefined || req.evseId === mine.id) && !mine.transaction?.authorized ? mine : undefined)
      ?? this.station.evses.find((e) => e.id === req.evseId && e.transaction && !e.transaction.authorized)
      ?? this.station.evses.find((e) => !req.evseId && e.transaction && !e.transaction.authorized && !blocked(e))
      ?? this.freeEvse(req.evseId, (e) => !blocked(e));
    if (!evse || blocked(evse)) return 'Rejected';
    await held?.use(evse, req.idToken, group);
    const plugged = evse.connectors.some((c) => c.cablePlugged);
    if (this.v16) {
      if (plugged) await this.start16(evse, req.idToken, req.remoteStartId);
      else {
        evse.pendingAuth = { idToken: req.idToken, idTokenType, remoteStartId: req.remoteStartId };
        this.startConnectionTimer(evse);
        await this.station.refreshStatus(evse);
      }
      return status;
    }
    const trigger = req.remote ? 'RemoteStart' : 'Authorized';
    const tx = evse.transaction;
    return this.authorize201(req, evse, tx, trigger, idTokenType, status);
  }

  private async authorize201(req: AuthorizeRequest, evse: Evse, tx: Transaction | undefined, trigger: string, idTokenType: string,
    status: string): Promise<string> {
    const plugged = evse.connectors.some((c) => c.cablePlugged);
    if (tx) {
      Object.assign(tx, { idToken: req.idToken, idTokenType, authorized: true, remoteStartId: req.remoteStartId });
      await this.updateCharging(evse, trigger);
    } else if (plugged) {
      // The cable is in but started nothing (TxStartPoint without EVConnected): the authorization starts it.
      const connectorId = evse.connectors.find((c) => c.cablePlugged)!.id;
      await this.beginAuthorizedWithCable(evse, { trigger, connectorId, idToken: req.idToken, idTokenType, remoteStartId: req.remoteStartId });
    } else if (this.points('Start').has('Authorized')) {
      await this.begin201(evse, {
        trigger, chargingState: 'Idle', idToken: req.idToken, idTokenType, remoteStartId: req.remoteStartId,
      });
      this.startConnectionTimer(evse);
      if (!(req.remote && this.has(TF.remoteStartNoOccupied))) await this.station.refreshStatus(evse);
    } else {
      // Authorized, waiting for the cable before the transaction can start (as in 1.6).
      evse.pendingAuth = { idToken: req.idToken, idTokenType, remoteStartId: req.remoteStartId };
      this.startConnectionTimer(evse);
      if (!(req.remote && this.has(TF.remoteStartNoOccupied))) await this.station.refreshStatus(evse);
    }
    return status;
  }

  /** End the EVSE's transaction (or its pending authorization) for `cause`; `stopper` names another token that stopped it. */
  async stop(evse: Evse, cause: StopCause, stopper?: Stopper, trigger = STOP_TRIGGER[cause]): Promise<void> {
    this.clearConnectionTimer(evse);
    const tx = evse.transaction;
    if (!tx) {
      evse.pendingAuth = undefined;
      return this.station.refreshStatus(evse);
    }
    if (!this.v16 && AUTHORIZATION_ENDS.has(cause) && !this.endsOnDeauthorization()) return this.deauthorize(evse, tx, cause);
    const meter = this.has(TF.meterDown) ? tx.meterStartWh - 10 : this.meterNowWh(evse);
    evse.meterWh = Math.max(meter, this.meterNowWh(evse));
    evse.transaction = undefined;
    for (const c of evse.connectors) if (c.cablePlugged) c.finished = true;
    // The EV leaving after a stop that was no stop point: the transaction ends for the reason of that stop.
    // The EV driving out of the bay: the reason of the stop before it, else the driver left (Local) or unplugged first.
    const why = cause === 'EVDeparted' ? tx.stopCause ?? (tx.unplugged ? 'EVDisconnected' : 'Local')
      : cause === 'EVDisconnected' && tx.stopCause ? tx.stopCause : cause;
    const reason = this.has(TF.wrongStopReason) ? 'Other' : why;
    if (this.v16) {
      const payload: Payload = { transactionId: Number(tx.id), meterStop: meter, timestamp: this.station.now(), reason: stopReason16(reason as StopCause) };
      const idTag = stopper?.idToken ?? tx.idToken;
      if (idTag) payload.idTag = idTag;
      await this.station.refreshStatus(evse);
      await this.station.sendQueued('StopTransaction', payload);
    } else {
      // Energy stops with the transaction: the EV stays connected while its cable is in.
      tx.chargingState = evse.connectors.some((c) => c.cablePlugged) && !evse.evGone ? 'EVConnected' : 'Idle';
      await this.event201(evse, tx, 'Ended', trigger, { stoppedReason: stopReason201(reason as StopCause) }, meter, stopper);
      await this.station.refreshStatus(evse);
    }
    this.station.emit('transactionEnded', evse.id);
  }

  /**
   * 2.0.1: the authorization ends (`cause`) but TxStopPoint keeps the transaction (EVConnected only): the stop is
   * reported, energy stops (ChargingStateChanged), and the transaction runs on until the EV is unplugged.
   */
  private async deauthorize(evse: Evse, tx: Transaction, cause: StopCause): Promise<void> {
    tx.authorized = false;
    tx.stopCause = cause;
    await this.event201(evse, tx, 'Updated', STOP_TRIGGER[cause], {}, this.meterNowWh(evse));
    if (tx.chargingState !== 'Charging') return;
    evse.meterWh = this.meterNowWh(evse);
    tx.chargingSince = undefined;
    tx.chargingState = evse.connectors.some((c) => c.cablePlugged) ? 'EVConnected' : 'Idle';
    await this.event201(evse, tx, 'Updated', 'ChargingStateChanged', {}, evse.meterWh);
  }

  /**
   * E06/C15: the CSMS's answer to a TransactionEvent that carried the token. Not Accepted, with
   * TxCtrlr.StopTxOnInvalidId true: the transaction is deauthorized (and ends where TxStopPoint says so).
   */
  async onTransactionAnswer(sent: Payload, answer: Payload | undefined): Promise<void> {
    const status = (answer?.idTokenInfo as Payload | undefined)?.status;
    if (this.v16 || !sent.idToken || status === undefined || status === 'Accepted' || this.has(TF.ignoresInvalidAnswer)) return;
    const tx = this.find((sent.transactionInfo as Payload | undefined)?.transactionId);
    // ---- C12/C15 StopTxOnInvalidId false: the transaction stays; invalid-id.ts stops the energy (MaxEnergyOnInvalidId).
    if (this.station.setting('', 'TxCtrlr/StopTxOnInvalidId', 'true') !== 'true') {
      if (tx?.authorized) await this.onInvalidKept?.(this.station.evse(tx.evseId), tx);
      return;
    }
    // ---- end StopTxOnInvalidId false
    if (tx?.authorized) await this.stop(this.station.evse(tx.evseId), 'DeAuthorized');
  }

  /** StopTxOnInvalidId false: what happens to a transaction whose token the CSMS answered not Accepted (set by invalid-id.ts). */
  onInvalidKept?: (evse: Evse, tx: Transaction) => Promise<void>;

  /** End every transaction (reset, station-wide unavailability). */
  async stopAll(cause: StopCause): Promise<void> {
    for (const evse of this.station.evses) if (evse.transaction || evse.pendingAuth) await this.stop(evse, cause);
  }

  /** 2.0.1, TxStartPoint ParkingBayOccupancy: an EV driving into the bay starts the transaction (EVDetected, Idle). */
  async parkingBayOccupied(evse: Evse): Promise<void> {
    if (this.v16 || evse.transaction || !this.points('Start').has('ParkingBayOccupancy') || !this.freeEvse(evse.id)) return;
    if (this.has(TF_BAY.bayIgnored)) return;
    await this.begin201(evse, { trigger: 'EVDetected', chargingState: 'Idle' });
  }

  // ---- version wording ----

  private authorizeRemote(): boolean {
    return this.station.setting('AuthorizeRemoteTxRequests', 'AuthCtrlr/AuthorizeRemoteStart', 'false') === 'true';
  }

  // How a presented token is decided (local-list.ts installs the local list and cache rules), and what the CSMS said of one.
  /** Decide a token; local-list.ts replaces this with local list / cache / offline rules. Default: ask the CSMS. */
  decideToken: (idToken: string, type: string) => Promise<string> = (idToken, type) => this.askCsms(idToken, type);
  /** Called with every idTokenInfo (idTagInfo) the CSMS returns for a token (Authorize, transaction answers). */
  onTokenInfo?: (idToken: string, type: string, info: Payload, source: 'Authorize' | 'Transaction') => void;
  /**
   * Each token's group (2.0.1 groupIdToken, 1.6 parentIdTag) as the CSMS last described the token: group stops
   * (authorization.ts) and reservations held for a group (reservations.ts) read it.
   */
  readonly groups = new Map<string, string>();

  /** What the CSMS said of a token (Authorize or a transaction answer): remember its group, tell onTokenInfo. */
  private learnToken(idToken: string, type: string, info: Payload, source: 'Authorize' | 'Transaction'): void {
    const group = info.parentIdTag ?? (info.groupIdToken as Payload | undefined)?.idToken;
    if (group === undefined) this.groups.delete(idToken);
    else this.groups.set(idToken, String(group));
    this.onTokenInfo?.(idToken, type, info, source);
  }

  async askCsms(idToken: string, type: string): Promise<string> {
    if (this.v16 && this.has(TF16.skipsAuthorize)) return 'Accepted';
    // C01/E03 (TC_E_52): with DisableRemoteAuthorization true the station asks the CSMS nothing; it has no cache or
    // local list of its own here, so the token is unknown and refused.
    if (!this.v16 && this.station.setting('', 'AuthCtrlr/DisableRemoteAuthorization', 'false') === 'true' && !this.has(TF.authorizesWhenDisabled)) {
      return 'Unknown';
    }
    // Offline (E12): a token the station cannot look up is accepted only where OfflineTxForUnknownIdEnabled says so.
    if (!this.station.connected && !this.v16) {
      return this.station.setting('', 'AuthCtrlr/OfflineTxForUnknownIdEnabled', 'false') === 'true' ? 'Accepted' : 'Invalid';
    }
    const answer = this.v16
      ? await this.station.send('Authorize', { idTag: idToken })
      : await this.station.send('Authorize', { idToken: { idToken, type } });
    const info = (answer?.idTagInfo ?? answer?.idTokenInfo) as Payload | undefined;
    if (info) this.learnToken(idToken, type, info, 'Authorize');
    return String(info?.status ?? 'Invalid');
  }

  private async start16(evse: Evse, idToken: string, remoteStartId?: number): Promise<void> {
    this.clearConnectionTimer(evse);
    evse.pendingAuth = undefined;
    const connector = evse.connectors.find((c) => c.cablePlugged) ?? evse.connectors[0]!;
    const tx: Transaction = {
      id: 0, evseId: evse.id, connectorId: connector.id, idToken, authorized: true, remoteStartId,
      startedAt: Date.now(), seqNo: 0, meterStartWh: evse.meterWh, chargingState: 'Charging', chargingSince: Date.now(),
    };
    evse.transaction = tx;
    const start: Payload = { connectorId: evse.id, idTag: idToken, meterStart: tx.meterStartWh, timestamp: this.station.now() };
    const reservationId = this.reservations?.takeUsed(evse);
    if (reservationId !== undefined) start.reservationId = reservationId;
    // Queued like every transaction message: offline it waits for the reconnect (1.6 section 4.7/3.5.4).
    const answer = this.has(TF16.offlineStartLost) && !this.station.connected
      ? undefined : await this.station.sendQueued('StartTransaction', start);
    if (!answer) {
      // No transactionId yet: a local placeholder stands in until the queue delivers the start (onStartAnswer16).
      tx.id = --this.placeholderIds;
      this.startsAwaitingId.set(start, tx);
      await this.station.refreshStatus(evse);
      return;
    }
    tx.id = Number(answer.transactionId);
    await this.station.refreshStatus(evse);
    await this.applyStartAnswer16(tx, answer);
  }

  // ---- 1.6 transactions started offline (TC_037_x, TC_039) ----
  private placeholderIds = 0;
  /** Queued StartTransaction payloads whose transaction still holds a placeholder transactionId. */
  private readonly startsAwaitingId = new WeakMap<Payload, Transaction>();

  /**
   * The queue delivered a StartTransaction that was queued (offline): the transaction takes the CSMS's transactionId;
   * returns the placeholder it replaces so the queue can hand the real one on to the messages behind it. What the
   * answer says of the idTag is acted on after this turn of the queue.
   */
  onStartAnswer16(sent: Payload, answer: Payload | undefined): { placeholder: number; transactionId: number } | undefined {
    const tx = this.startsAwaitingId.get(sent);
    if (!tx || answer?.transactionId === undefined) return undefined;
    this.startsAwaitingId.delete(sent);
    const placeholder = Number(tx.id);
    tx.id = Number(answer.transactionId);
    void Promise.resolve().then(() => this.applyStartAnswer16(tx, answer));
    return { placeholder, transactionId: Number(tx.id) };
  }

  /**
   * StartTransaction.conf's idTagInfo (1.6 section 3.5.4): not Accepted while the transaction still runs →
   * StopTransactionOnInvalidId true: stop it (DeAuthorized); false: only stop the energy (SuspendedEVSE).
   */
  private async applyStartAnswer16(tx: Transaction, answer: Payload): Promise<void> {
    const info = answer.idTagInfo as Payload | undefined;
    if (info && tx.idToken) this.learnToken(tx.idToken, 'ISO14443', info, 'Transaction');
    const evse = this.station.evses.find((e) => e.transaction === tx);
    if (!evse || info?.status === 'Accepted') return;
    const stops = this.station.setting('StopTransactionOnInvalidId', '', 'true') === 'true';
    if (stops ? !this.has(TF16.keepsInvalidTransaction) : this.has(TF16.stopsDespiteInvalidIdFalse)) return this.stop(evse, 'DeAuthorized');
    if (stops) return;
    evse.meterWh = this.meterNowWh(evse);
    tx.chargingSince = undefined;
    tx.chargingState = 'SuspendedEVSE';
    await this.station.refreshStatus(evse);
  }

  private async begin201(evse: Evse, o: {
    trigger: string; chargingState: Transaction['chargingState']; connectorId?: number;
    idToken?: string; idTokenType?: string; remoteStartId?: number;
  }): Promise<void> {
    const tx: Transaction = {
      id: randomUUID(), evseId: evse.id, connectorId: o.connectorId ?? 1, idToken: o.idToken, idTokenType: o.idTokenType,
      authorized: !!o.idToken, remoteStartId: o.remoteStartId, startedAt: Date.now(), seqNo: 0,
      meterStartWh: evse.meterWh, chargingState: o.chargingState,
    };
    if (o.chargingState === 'Charging') tx.chargingSince = Date.now();
    evse.transaction = tx;
    await this.event201(evse, tx, 'Started', o.trigger, {}, evse.meterWh);
  }

  /**
   * Cable and authorization both hold and no transaction runs yet: it starts now. With EnergyTransfer as the only
   * start point that applies it starts with the energy (chargingState Charging); otherwise it starts EVConnected
   * and energy follows as an event of its own.
   */
  private async beginAuthorizedWithCable(evse: Evse, o: {
    trigger: string; connectorId: number; idToken: string; idTokenType?: string; remoteStartId?: number;
  }): Promise<void> {
    const start = this.points('Start');
    const withEnergy = !['EVConnected', 'Authorized', 'PowerPathClosed', 'DataSigned'].some((p) => start.has(p));
    // DataSigned (E01.S4): the meter's signed start reading, taken once cable and authorization hold, starts it.
    const bySignedData = start.has('DataSigned') && !['EVConnected', 'Authorized', 'PowerPathClosed'].some((p) => start.has(p));
    const trigger = bySignedData ? 'SignedDataReceived' : withEnergy && o.trigger === 'CablePluggedIn' ? 'ChargingStateChanged' : o.trigger;
    await this.begin201(evse, { ...o, trigger, chargingState: withEnergy ? 'Charging' : 'EVConnected' });
    await this.station.refreshStatus(evse);
    if (withEnergy) return;
    const tx = evse.transaction!;
    this.startEnergy(tx);
    await this.event201(evse, tx, 'Updated', 'ChargingStateChanged', {}, this.meterNowWh(evse));
  }

  /**
   * Report what the cable or authorization (`trigger`) changed; when both now hold, energy starts flowing, reported
   * as a ChargingStateChanged event of its own. A connector whose lock failed (G05) never starts energy transfer.
   */
  private async updateCharging(evse: Evse, trigger: string): Promise<void> {
    const tx = evse.transaction!;
    const connector = evse.connectors.find((c) => c.cablePlugged);
    if (connector && tx.chargingState === 'Idle') tx.chargingState = 'EVConnected';
    const energy = tx.authorized && !!connector && tx.chargingState !== 'Charging' && tx.chargingState !== 'SuspendedEV';
    if (energy && connector?.lockFailed) {
      await this.event201(evse, tx, 'Updated', trigger, {}, this.meterNowWh(evse));
      await this.onLockFailure?.(evse, connector);
      return;
    }
    if (energy && this.has(TF.foldsChargingState)) this.startEnergy(tx);
    await this.event201(evse, tx, 'Updated', trigger, {}, this.meterNowWh(evse));
    if (!energy || tx.chargingState === 'Charging' || tx.chargingState === 'SuspendedEV') return;
    this.startEnergy(tx);
    await this.event201(evse, tx, 'Updated', 'ChargingStateChanged', {}, this.meterNowWh(evse));
  }

  private startEnergy(tx: Transaction): void {
    const evse = this.station.evses.find((e) => e.transaction === tx);
    if (evse?.evNotReady && !this.has(TF.suspendIgnored)) {
      tx.chargingState = 'SuspendedEV';
      return;
    }
    tx.chargingState = 'Charging';
    tx.chargingSince = Date.now();
  }

  /** G05: what the station does when energy transfer cannot start because the connector lock failed (set by availability.ts). */
  onLockFailure?: (evse: Evse, connector: Connector) => Promise<void>;

  /** 2.0.1: the meter values a Started or Ended event carries as configured (set by meter-values.ts); undefined keeps the default, [] sends none. */
  meterValuesFor?: (evse: Evse, tx: Transaction, eventType: 'Started' | 'Updated' | 'Ended', meterWh: number) => Payload[] | undefined;

  /** Send one TransactionEvent; idToken goes with the event that first carries the authorization (or names the stopper). */
  async event201(evse: Evse, tx: Transaction, eventType: 'Started' | 'Updated' | 'Ended', triggerReason: string,
    info: Payload, meterWh: number, stopper?: Stopper): Promise<void> {
    const transactionInfo: Payload = { transactionId: String(tx.id), chargingState: tx.chargingState, ...info };
    if (tx.remoteStartId !== undefined && (triggerReason === 'RemoteStart' || eventType === 'Started')) transactionInfo.remoteStartId = tx.remoteStartId;
    const payload: Payload = {
      eventType, timestamp: this.station.now(), triggerReason, seqNo: tx.seqNo++ + (eventType !== 'Started' && this.has(TF.seqNoGap) ? 1 : 0), transactionInfo,
      meterValue: [{ timestamp: this.station.now(), sampledValue: [{ value: meterWh, context: contextOf(eventType), measurand: 'Energy.Active.Import.Register' }] }],
    };
    const configured = this.meterValuesFor?.(evse, tx, eventType, meterWh); // J02/J01: the configured measurands (meter-values.ts)
    if (configured?.length) payload.meterValue = configured;
    else if (configured) delete payload.meterValue;
    const names = eventType === 'Started' || triggerReason === 'CablePluggedIn' || triggerReason === 'RemoteStart' || triggerReason === 'Authorized';
    if (names && !(triggerReason === 'CablePluggedIn' && this.has(TF.cableEventNoEvse))) {
      payload.evse = { id: evse.id, connectorId: tx.connectorId };
    }
    const announceToken = tx.idToken && (triggerReason === 'Authorized' || triggerReason === 'RemoteStart' || (eventType === 'Started' && tx.authorized))
      && !(triggerReason === 'Authorized' && this.has(TF.authorizedNoToken));
    if (announceToken) payload.idToken = { idToken: tx.idToken!, type: tx.idTokenType ?? 'ISO14443' };
    if (stopper) payload.idToken = { idToken: stopper.idToken, type: stopper.type ?? 'ISO14443' };
    const answer = await this.station.sendQueued('TransactionEvent', payload);
    if (announceToken && answer?.idTokenInfo) this.learnToken(tx.idToken!, tx.idTokenType ?? 'ISO14443', answer.idTokenInfo as Payload, 'Transaction');
  }

  private startConnectionTimer(evse: Evse): void {
    this.clearConnectionTimer(evse);
    if (this.has(TF.ignoresConnectionTimeout)) return;
    const timer = setTimeout(() => {
      if (evse.connectors.some((c) => c.cablePlugged)) return;
      void this.stop(evse, 'Timeout');
    }, this.connectionTimeoutS() * 1000);
    this.station.track(timer);
    if (evse.pendingAuth) evse.pendingAuth.timer = timer;
    else this.timers.set(evse.id, timer);
  }

  private readonly timers = new Map<number, NodeJS.Timeout>();

  private clearConnectionTimer(evse: Evse): void {
    clearTimeout(evse.pendingAuth?.timer);
    clearTimeout(this.timers.get(evse.id));
    this.timers.delete(evse.id);
  }
}

function contextOf(eventType: string): string {
  if (eventType === 'Started') return 'Transaction.Begin';
  if (eventType === 'Ended') return 'Transaction.End';
  return 'Sample.Periodic';
}
