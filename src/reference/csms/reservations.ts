import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceCsms, StationRecord } from './csms.js';

/**
 * H01-H04 (2.0.1) and the 1.6 Reservation profile, CSMS side. Operator actions:
 *   reserveNow { evseId?: number, idToken: string, type?: string, groupIdToken?: string, connectorType?: string,
 *                expiresInS?: number, reservationId?: number }
 *     2.0.1 ReserveNow (no evseId: any EVSE); 1.6 ReserveNow with connectorId = evseId (none: 0) and
 *     parentIdTag = groupIdToken. expiresInS defaults to an hour; reservationId to a fresh one.
 *   cancelReservation { reservationId?: number }  (default: the station's last accepted reservation)
 * ReservationStatusUpdate (2.0.1) is acknowledged and ends the reservation it names.
 */
export const CRF = {
  pastExpiry: defineFault('csms.reserve-now-past-expiry', 'sends ReserveNow with the expiry time already passed'),
  wrongEvse: defineFault('csms.reserve-now-wrong-evse', 'reserves another EVSE (connector) than the operator chose'),
  wrongToken: defineFault('csms.reserve-now-wrong-token', 'reserves for another token than the operator chose'),
  dropsGroup: defineFault('csms.reserve-now-drops-group', 'leaves out the groupIdToken / parentIdTag the operator gave'),
  cancelWrongId: defineFault('csms.cancel-reservation-wrong-id', 'cancels a reservation id other than the one it made'),
  statusUpdateError: defineFault('csms.reservation-status-update-error', '2.0.1: answers ReservationStatusUpdate with a CALLERROR'),
};

/** Reservations each station accepted, by id, with the request that made them. */
export const reservationsOf = new WeakMap<StationRecord, Map<number, Payload>>();

let nextReservationId = 1 + (Date.now() % 100_000);

export function install(csms: ReferenceCsms): void {
  const has = (fault: string) => csms.faults.has(fault);
  const v16 = csms.version === '1.6';
  const held = (station: StationRecord) => {
    const map = reservationsOf.get(station) ?? new Map<number, Payload>();
    reservationsOf.set(station, map);
    return map;
  };

  csms.onAction('reserveNow', async (station, args) => {
    const id = args.reservationId === undefined ? nextReservationId++ : Number(args.reservationId);
    const expiresInS = has(CRF.pastExpiry) ? -60 : Number(args.expiresInS ?? 3600);
    const expiry = new Date(Date.now() + expiresInS * 1000).toISOString();
    let evseId = args.evseId === undefined ? undefined : Number(args.evseId);
    if (evseId !== undefined && has(CRF.wrongEvse)) evseId += 1;
    const token = has(CRF.wrongToken) ? `${String(args.idToken)}X` : String(args.idToken);
    const group = has(CRF.dropsGroup) || args.groupIdToken === undefined ? undefined : String(args.groupIdToken);
    let request: Payload;
    if (v16) {
      request = { connectorId: evseId ?? 0, expiryDate: expiry, idTag: token, reservationId: id };
      if (group) request.parentIdTag = group;
    } else {
      request = { id, expiryDateTime: expiry, idToken: { idToken: token, type: String(args.type ?? 'ISO14443') } };
      if (evseId !== undefined) request.evseId = evseId;
      if (args.connectorType !== undefined) request.connectorType = String(args.connectorType);
      if (group) request.groupIdToken = { idToken: group, type: String(args.type ?? 'ISO14443') };
    }
    const answer = await csms.send(station, 'ReserveNow', request);
    if (answer.status === 'Accepted') held(station).set(id, request);
  });

  csms.onAction('cancelReservation', async (station, args) => {
    const id = args.reservationId === undefined ? [...held(station).keys()].at(-1) : Number(args.reservationId);
    if (id === undefined) throw new Error(`station ${station.id} has no reservation to cancel`);
    const answer = await csms.send(station, 'CancelReservation', { reservationId: has(CRF.cancelWrongId) ? id + 1 : id });
    if (answer.status === 'Accepted') held(station).delete(id);
  });

  if (!v16) {
    csms.handle('ReservationStatusUpdate', (station, p) => {
      if (has(CRF.statusUpdateError)) throw new Error('reservation store unavailable');
      held(station).delete(Number(p.reservationId));
      return {};
    });
  }
}
