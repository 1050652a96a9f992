import { randomUUID } from 'node:crypto';
import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';
import type { Connector, Evse, Transaction } from './model.js';
import type { ReservationHook } from './reservations.js';

/**
 * The reference station's transaction model, for both versions. One place decides when a transaction starts
 * and ends (cable, authorization, remote start/stop, reset, timeouts) and words it per version:
 * 1.6 Authorize / StartTransaction / StopTransaction, 2.0.1 Authorize / TransactionEvent.
 *
 * 2.0.1 runs with TxStartPoint = EVConnected,Authorized and TxStopPoint = EVConnected,Authorized: a transaction
 * starts with whichever comes first and ends when either goes away. Energy flows while both hold; its start is an
 * event of its own (triggerReason ChargingStateChanged), after the event of the cable or authorization that made it
 * possible, as the official reusable state EnergyTransferStarted expects.
 */

export const TF = {
  noStopOnUnplug: defineFault('cs.tx-continues-after-unplug', 'keeps the transaction running when the cable is unplugged'),
  wrongStopReason: defineFault('cs.tx-stop-reason-other', 'ends every transaction with reason Other'),
  ignoresConnectionTimeout: defineFault('cs.ignores-connection-timeout', 'keeps waiting for a cable after the connection timeout expired'),
  foldsChargingState: defineFault('cs.charging-state-folded', '2.0.1: reports the start of energy transfer inside the cable or authorization event, with no ChargingStateChanged event'),
  cableEventNoEvse: defineFault('cs.tx-cable-event-no-evse', '2.0.1: leaves evse out of the first TransactionEvent after the cable is plugged in'),
  remoteStartNoOccupied: defineFault('cs.remote-start-no-occupied', '2.0.1: does not report the connector Occupied when a remote start begins a transaction before the cable'),
};

/** 1.6 behaviours of the transaction model the 1.6 E test cases (TC_003..TC_005) check (tx16-meter). */
export const TF16 = {
  skipsAuthorize: defineFault('cs.v16-local-start-skips-authorize', '1.6: takes every idTag as Accepted without asking Authorize.req, so a presented card starts a transaction unchecked'),
  ignoresStopOnEvDisconnect: defineFault('cs.v16-ignores-stop-on-ev-disconnect', '1.6: ends the transaction when the cable leaves the EV although StopTransactionOnEVSideDisconnect is false'),
};

/** Why a transaction ends, in 2.0.1 words; 1.6 gets its own from stopReason16. */
export type StopCause = 'Local' | 'Remote' | 'EVDisconnected' | 'ImmediateReset' | 'SoftReset' | 'HardReset' | 'Reboot'
  | 'DeAuthorized' | 'Timeout' | 'UnlockCommand' | 'Other' | 'PowerLoss' | 'EmergencyStop' | 'MasterPass';

/** The 2.0.1 TriggerReasonEnumType that goes with each stop cause. */
const STOP_TRIGGER: Record<StopCause, string> = {
  Local: 'StopAuthorized', Remote: 'RemoteStop', EVDisconnected: 'EVCommunicationLost', ImmediateReset: 'ResetCommand',
  SoftReset: 'ResetCommand', HardReset: 'ResetCommand', Reboot: 'ResetCommand', DeAuthorized: 'Deauthorized',
  Timeout: 'EVConnectTimeout', UnlockCommand: 'UnlockCommand', Other: 'AbnormalCondition', PowerLoss: 'AbnormalCondition',
  EmergencyStop: 'AbnormalCondition', MasterPass: 'StopAuthorized',
};

/** 2.0.1 ReasonEnumType has no SoftReset/HardReset: a reset ends a transaction with ImmediateReset. */
function stopReason201(cause: StopCause): string {
  return cause === 'SoftReset' || cause === 'HardReset' ? 'ImmediateReset' : cause;
}

/** 1.6 Reason has no ImmediateReset/Timeout: map to its nearest words. */
function stopReason16(cause: StopCause): string {
  if (cause === 'ImmediateReset') return 'HardReset';
  if (cause === 'Timeout') return 'Other';
  if (cause === 'MasterPass') return 'Local';
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

  /** ConnectionTimeOut (1.6) / TxCtrlr.EVConnectionTimeOut (2.0.1), in seconds. */
  connectionTimeoutS(): number {
    return Number(this.station.setting('ConnectionTimeOut', 'TxCtrlr/EVConnectionTimeOut', '60'));
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
    return candidates.find((e) => e.operative && !e.transaction && !e.pendingAuth && e.connectors.every((c) => c.status !== 'Faulted' && c.status !== 'Unavailable'));
  }

  // ---- Operator actions: the EV driver at the station ----

  async plugIn(evse: Evse, connectorId = 1): Promise<void> {
    const connector = evse.connectors.find((c) => c.id === connectorId) ?? evse.connectors[0]!;
    connector.cablePlugged = true;
    connector.finished = false;
    const tx = evse.transaction;
    const pending = evse.pendingAuth;
    if (this.v16) {
      if (pending) return this.start16(evse, pending.idToken, pending.remoteStartId);
      return this.station.refreshStatus(evse);
    }
    await this.station.refreshStatus(evse);
    if (!tx) {
      if (!this.freeEvse(evse.id)) return; // inoperative or faulted (G03/G04): no transaction starts
      await this.begin201(evse, { trigger: 'CablePluggedIn', chargingState: 'EVConnected', connectorId });
      return;
    }
    this.clearConnectionTimer(evse);
    tx.connectorId = connectorId;
    await this.updateCharging(evse, 'CablePluggedIn');
  }

  async unplug(evse: Evse): Promise<void> {
    for (const c of evse.connectors) {
      c.cablePlugged = false;
      c.finished = false;
      c.lockFailed = false;
    }
    if (evse.transaction && !this.has(TF.noStopOnUnplug)) await this.stop(evse, 'EVDisconnected');
    else await this.station.refreshStatus(evse);
  }

  /**
   * 1.6: the cable is pulled out at the EV but stays in the station's socket. StopTransactionOnEVSideDisconnect true
   * ends the transaction (EVDisconnected, then Finishing); false suspends it (SuspendedEV) until it is stopped
   * otherwise. UnlockConnectorOnEVSideDisconnect false keeps the cable locked in the socket.
   */
  async unplugEvSide(evse: Evse): Promise<void> {
    const tx = evse.transaction;
    const unlock = this.station.setting('UnlockConnectorOnEVSideDisconnect', 'TxCtrlr/UnlockOnEVSideDisconnect', 'true') === 'true';
    if (unlock) for (const c of evse.connectors) c.locked = false;
    if (!tx) return;
    const stops = this.station.setting('StopTransactionOnEVSideDisconnect', 'TxCtrlr/StopTxOnEVSideDisconnect', 'true') === 'true';
    if ((stops || this.has(TF16.ignoresStopOnEvDisconnect)) && !this.has(TF.noStopOnUnplug)) return this.stop(evse, 'EVDisconnected');
    evse.meterWh = this.meterNowWh(evse);
    tx.chargingSince = undefined;
    tx.chargingState = 'SuspendedEV';
    await this.station.refreshStatus(evse);
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
    if (tx) {
      Object.assign(tx, { idToken: req.idToken, idTokenType, authorized: true, remoteStartId: req.remoteStartId });
      await this.updateCharging(evse, trigger);
    } else {
      await this.begin201(evse, {
        trigger, chargingState: 'Idle', idToken: req.idToken, idTokenType, remoteStartId: req.remoteStartId,
      });
      this.startConnectionTimer(evse);
      if (!(req.remote && this.has(TF.remoteStartNoOccupied))) await this.station.refreshStatus(evse);
    }
    return status;
  }

  /** End the EVSE's transaction (or its pending authorization) for `cause`; `stopper` names another token that stopped it. */
  async stop(evse: Evse, cause: StopCause, stopper?: Stopper): Promise<void> {
    this.clearConnectionTimer(evse);
    const tx = evse.transaction;
    if (!tx) {
      evse.pendingAuth = undefined;
      return this.station.refreshStatus(evse);
    }
    const meter = this.meterNowWh(evse);
    evse.meterWh = meter;
    evse.transaction = undefined;
    for (const c of evse.connectors) if (c.cablePlugged) c.finished = true;
    const reason = this.has(TF.wrongStopReason) ? 'Other' : cause;
    if (this.v16) {
      const payload: Payload = { transactionId: Number(tx.id), meterStop: meter, timestamp: this.station.now(), reason: stopReason16(reason as StopCause) };
      const idTag = stopper?.idToken ?? tx.idToken;
      if (idTag) payload.idTag = idTag;
      await this.station.refreshStatus(evse);
      await this.station.sendQueued('StopTransaction', payload);
    } else {
      // Energy stops with the transaction: the EV stays connected while its cable is in.
      tx.chargingState = evse.connectors.some((c) => c.cablePlugged) ? 'EVConnected' : 'Idle';
      await this.event201(evse, tx, 'Ended', STOP_TRIGGER[cause], { stoppedReason: stopReason201(reason as StopCause) }, meter, stopper);
      await this.station.refreshStatus(evse);
    }
    this.station.emit('transactionEnded', evse.id);
  }

  /** End every transaction (reset, station-wide unavailability). */
  async stopAll(cause: StopCause): Promise<void> {
    for (const evse of this.station.evses) if (evse.transaction || evse.pendingAuth) await this.stop(evse, cause);
  }

  // ---- version wording ----

  private authorizeRemote(): boolean {
    return this.station.setting('AuthorizeRemoteTxRequests', 'AuthCtrlr/AuthorizeRemoteStart', 'false') === 'true';
  }

  // ---- auth-c2 hook (local list / cache, C10-C15): how a presented token is decided, and what the CSMS said of one.
  /** Decide a token; local-list.ts replaces this with local list / cache / offline rules. Default: ask the CSMS. */
  decideToken: (idToken: string, type: string) => Promise<string> = (idToken, type) => this.askCsms(idToken, type);
  /** Called with every idTokenInfo (idTagInfo) the CSMS returns for a token (Authorize, transaction answers). */
  onTokenInfo?: (idToken: string, type: string, info: Payload, source: 'Authorize' | 'Transaction') => void;
  // ---- end auth-c2 hook
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
    const answer = await this.station.send('StartTransaction', start);
    if (answer) tx.id = Number(answer.transactionId);
    if (answer?.idTagInfo) this.learnToken(idToken, 'ISO14443', answer.idTagInfo as Payload, 'Transaction');
    await this.station.refreshStatus(evse);
    const status = (answer?.idTagInfo as Payload | undefined)?.status;
    if (answer && status !== 'Accepted' && evse.transaction === tx) await this.stop(evse, 'DeAuthorized');
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
    evse.transaction = tx;
    await this.event201(evse, tx, 'Started', o.trigger, {}, evse.meterWh);
  }

  /**
   * Report what the cable or authorization (`trigger`) changed; when both now hold, energy starts flowing, reported
   * as a ChargingStateChanged event of its own. A connector whose lock failed (G05) never starts energy transfer.
   */
  private async updateCharging(evse: Evse, trigger: string): Promise<void> {
    const tx = evse.transaction!;
    const connector = evse.connectors.find((c) => c.cablePlugged);
    if (connector && tx.chargingState === 'Idle') tx.chargingState = 'EVConnected';
    const energy = tx.authorized && !!connector && tx.chargingState !== 'Charging';
    if (energy && connector?.lockFailed) {
      await this.event201(evse, tx, 'Updated', trigger, {}, this.meterNowWh(evse));
      await this.onLockFailure?.(evse, connector);
      return;
    }
    if (energy && this.has(TF.foldsChargingState)) this.startEnergy(tx);
    await this.event201(evse, tx, 'Updated', trigger, {}, this.meterNowWh(evse));
    if (!energy || tx.chargingState === 'Charging') return;
    this.startEnergy(tx);
    await this.event201(evse, tx, 'Updated', 'ChargingStateChanged', {}, this.meterNowWh(evse));
  }

  private startEnergy(tx: Transaction): void {
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
      eventType, timestamp: this.station.now(), triggerReason, seqNo: tx.seqNo++, transactionInfo,
      meterValue: [{ timestamp: this.station.now(), sampledValue: [{ value: meterWh, context: contextOf(eventType), measurand: 'Energy.Active.Import.Register' }] }],
    };
    const configured = this.meterValuesFor?.(evse, tx, eventType, meterWh); // J02/J01: the configured measurands (meter-values.ts)
    if (configured?.length) payload.meterValue = configured;
    else if (configured) delete payload.meterValue;
    const names = eventType === 'Started' || triggerReason === 'CablePluggedIn' || triggerReason === 'RemoteStart' || triggerReason === 'Authorized';
    if (names && !(triggerReason === 'CablePluggedIn' && this.has(TF.cableEventNoEvse))) {
      payload.evse = { id: evse.id, connectorId: tx.connectorId };
    }
    const announceToken = tx.idToken && (triggerReason === 'Authorized' || triggerReason === 'RemoteStart' || (eventType === 'Started' && tx.authorized));
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
