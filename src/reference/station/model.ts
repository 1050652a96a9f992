import type { OcppVersion } from '../../ocpp/versions.js';

/**
 * A connector's own condition, set by availability, reservation and fault features. Whether it is in use
 * (Occupied; in 1.6 Preparing/Charging/Finishing...) is derived from cable and transaction, not stored.
 */
export type ConnectorCondition = 'Available' | 'Reserved' | 'Unavailable' | 'Faulted';

export interface Connector {
  id: number;
  status: ConnectorCondition;
  cablePlugged: boolean;
  locked: boolean;
  /** 1.6: a transaction ended while the cable stayed in (Finishing until unplugged). */
  finished: boolean;
  /** G05: the cable went in only halfway, so the lock cannot engage and energy must not flow. */
  lockFailed?: boolean;
  /** The status last reported to the CSMS, so only changes are reported. */
  reported?: string;
}

export type ChargingState = 'Charging' | 'SuspendedEV' | 'SuspendedEVSE' | 'EVConnected' | 'Idle';

export interface Transaction {
  /** 2.0.1 transactionId (chosen by the station) or 1.6 transactionId (given by the CSMS; 0 until then). */
  id: string | number;
  evseId: number;
  connectorId: number;
  idToken?: string;
  /** 2.0.1 IdTokenEnumType of idToken. */
  idTokenType?: string;
  authorized: boolean;
  remoteStartId?: number;
  startedAt: number;
  /** 2.0.1 TransactionEvent sequence number, counted per transaction. */
  seqNo: number;
  meterStartWh: number;
  chargingState: ChargingState;
  /** 2.0.1: when charging (energy transfer) began, for the meter. */
  chargingSince?: number;
  /** 2.0.1: why the authorization ended when that did not end the transaction (TxStopPoint EVConnected only). */
  stopCause?: import('./transactions.js').StopCause;
  /** 2.0.1: the EV is no longer connected but the transaction runs on (ParkingBayOccupancy stop point, fixed cable E10). */
  unplugged?: boolean;
}

/** 1.6: an authorization waiting for a cable before StartTransaction can be sent (no transaction exists yet). */
export interface PendingAuthorization {
  idToken: string;
  idTokenType: string;
  remoteStartId?: number;
  timer?: NodeJS.Timeout;
}

export interface Evse {
  id: number;
  connectors: Connector[];
  operative: boolean;
  transaction?: Transaction;
  pendingAuth?: PendingAuthorization;
  /** Energy register in Wh, as of meterReadAt. */
  meterWh: number;
  /** E09/E10: the cable came out at the EV side; it is still in at the station side (a detachable cable). */
  evGone?: boolean;
  /** E03: the EV connected is not ready to take energy (energy transfer waits, SuspendedEV). */
  evNotReady?: boolean;
}

export function createEvses(layout: { id: number; connectors: number }[]): Evse[] {
  return layout.map(({ id, connectors }) => ({
    id,
    operative: true,
    meterWh: 0,
    connectors: Array.from({ length: connectors }, (_, i) => ({
      id: i + 1, status: 'Available' as const, cablePlugged: false, locked: false, finished: false,
    })),
  }));
}

function inUse(evse: Evse, connector: Connector): boolean {
  return connector.cablePlugged || !!evse.pendingAuth || (evse.transaction?.connectorId === connector.id && !evse.transaction.unplugged);
}

/** The 2.0.1 ConnectorStatusEnumType a connector reports. */
export function status201(evse: Evse, connector: Connector): string {
  if (connector.status === 'Faulted') return 'Faulted';
  // G03/G04: an inoperative connector reports Unavailable, cable or not, once no transaction runs on it.
  if (connector.status === 'Unavailable' && !evse.transaction) return 'Unavailable';
  if (inUse(evse, connector)) return 'Occupied';
  return connector.status;
}

/** The 1.6 ChargePointStatus a connector reports. */
export function status16(evse: Evse, connector: Connector): string {
  if (connector.status === 'Faulted') return 'Faulted';
  // An inoperative connector reports Unavailable once no transaction (or pending authorization) holds it.
  if (connector.status === 'Unavailable' && !evse.transaction && !evse.pendingAuth) return 'Unavailable';
  const tx = evse.transaction;
  if (tx) return tx.chargingState === 'SuspendedEV' || tx.chargingState === 'SuspendedEVSE' ? tx.chargingState : 'Charging';
  if (evse.pendingAuth) return 'Preparing';
  if (connector.cablePlugged) return connector.finished ? 'Finishing' : 'Preparing';
  return connector.status;
}

export function statusFor(version: OcppVersion, evse: Evse, connector: Connector): string {
  return version === '1.6' ? status16(evse, connector) : status201(evse, connector);
}
