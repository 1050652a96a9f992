import type { OcppVersion } from '../../ocpp/versions.js';

/** Connector states in 2.0.1 terms; the 1.6 adapter maps them (Occupied -> Preparing/Charging/...). */
export type ConnectorStatus = 'Available' | 'Occupied' | 'Reserved' | 'Unavailable' | 'Faulted';

export interface Connector {
  id: number;
  status: ConnectorStatus;
  cablePlugged: boolean;
  locked: boolean;
}

export interface Transaction {
  /** 2.0.1 transactionId (string) or 1.6 transactionId (number, from the CSMS). */
  id: string | number;
  evseId: number;
  idToken?: string;
  startedAt: string;
  seqNo: number;
  meterStartWh: number;
  /** 1.6: charging state for StatusNotification (Charging, SuspendedEV, SuspendedEVSE). */
  chargingState: 'Charging' | 'SuspendedEV' | 'SuspendedEVSE' | 'EVConnected' | 'Idle';
}

export interface Evse {
  id: number;
  connectors: Connector[];
  operative: boolean;
  transaction?: Transaction;
  meterWh: number;
}

export function createEvses(layout: { id: number; connectors: number }[]): Evse[] {
  return layout.map(({ id, connectors }) => ({
    id,
    operative: true,
    meterWh: 0,
    connectors: Array.from({ length: connectors }, (_, i) => ({ id: i + 1, status: 'Available', cablePlugged: false, locked: false })),
  }));
}

/** The 1.6 ChargePointStatus a connector reports, derived from the shared model. */
export function status16(evse: Evse, connector: Connector): string {
  if (connector.status !== 'Occupied') return connector.status;
  const tx = evse.transaction;
  if (!tx) return connector.cablePlugged ? 'Preparing' : 'Finishing';
  if (tx.chargingState === 'Charging' || tx.chargingState === 'SuspendedEV' || tx.chargingState === 'SuspendedEVSE') return tx.chargingState;
  return 'Preparing';
}

export function statusFor(version: OcppVersion, evse: Evse, connector: Connector): string {
  return version === '1.6' ? status16(evse, connector) : connector.status;
}
