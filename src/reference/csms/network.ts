import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { StationRecord } from './csms.js';

/** B09 (2.0.1): what the CSMS's SetNetworkProfile gets wrong under a fault (security.ts sends the request). */
export const NETF = {
  wrongVersion: defineFault('csms.network-profile-wrong-version', '2.0.1: sends SetNetworkProfile with ocppVersion OCPP16 for a 2.0.1 station'),
  wrongTransport: defineFault('csms.network-profile-soap', '2.0.1: sends SetNetworkProfile with ocppTransport SOAP although it serves JSON only'),
  dropsOnFailed: defineFault('csms.network-profile-failed-drops-station', '2.0.1: cuts the station\'s connection when it answers SetNetworkProfile Failed'),
};

/** The connection data as sent, with the faults switched on. */
export function withNetworkFaults(has: (fault: string) => boolean, data: Payload): Payload {
  return {
    ...data,
    ...(has(NETF.wrongVersion) ? { ocppVersion: 'OCPP16' } : {}),
    ...(has(NETF.wrongTransport) ? { ocppTransport: 'SOAP' } : {}),
  };
}

/** A Failed answer is just an answer (B09.FR.03): the station stays served, unless the fault says otherwise. */
export function afterNetworkProfile(has: (fault: string) => boolean, station: StationRecord, answer: Payload): void {
  if (answer.status === 'Failed' && has(NETF.dropsOnFailed)) station.session.conn.terminate();
}
