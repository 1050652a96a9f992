import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';
import type { Evse } from './model.js';

/**
 * H01-H04 (2.0.1) and the 1.6 Reservation profile: ReserveNow for one EVSE (1.6: connector) or for any
 * (2.0.1 no evseId, 1.6 connectorId 0), expiry, CancelReservation, use by the reserved token or its group only.
 *
 * Which EVSE shows Reserved is derived in one place (`refresh`): an EVSE with a reservation of its own, and, when
 * the free EVSEs are no more than the reservations for any EVSE, every free one (H01.FR.20). A reservation ends
 * when used, cancelled, expired, or when its EVSE goes out of service; 2.0.1 reports the last two with
 * ReservationStatusUpdate (Expired / Removed).
 */
export const RSV = {
  keepsExpired: defineFault('cs.reservation-never-expires', 'keeps a reservation (and the connector Reserved) after its expiry time'),
  anyToken: defineFault('cs.reservation-any-token', 'lets any token start on a reserved EVSE'),
  acceptsOccupied: defineFault('cs.reservation-accepts-occupied', 'answers Accepted to a reservation of an EVSE that is in use or already reserved'),
  acceptsUnavailable: defineFault('cs.reservation-accepts-unavailable', 'answers Accepted to a reservation of an unavailable or faulted EVSE'),
  noReservedStatus: defineFault('cs.reservation-no-reserved-status', 'does not report a reserved connector as Reserved'),
  cancelKeepsReserved: defineFault('cs.reservation-cancel-keeps-reserved', 'answers CancelReservation Accepted but keeps the connector Reserved'),
  cancelUnknownAccepted: defineFault('cs.cancel-reservation-unknown-accepted', 'answers Accepted to CancelReservation for a reservation it does not have'),
  noStatusUpdate: defineFault('cs.reservation-no-status-update', '2.0.1: sends no ReservationStatusUpdate when a reservation expires or is removed'),
  ignoresGroup: defineFault('cs.reservation-ignores-group', 'refuses a token of the reservation\'s group (groupIdToken / parentIdTag)'),
  noReservationId: defineFault('cs.start-without-reservation-id', '1.6: leaves reservationId out of the StartTransaction that uses a reservation'),
  ignoresDisabled: defineFault('cs.reservation-ignores-disabled', '2.0.1: accepts reservations while ReservationCtrlr.Enabled is false'),
  noReplace: defineFault('cs.reservation-no-replace', 'answers Occupied to a ReserveNow that repeats the id of its own reservation instead of replacing it'),
  keptWhenInoperative: defineFault('cs.reservation-kept-when-inoperative', 'keeps a reservation when its EVSE is made inoperative or faulted'),
  anyEvseRefused: defineFault('cs.reservation-any-evse-refused', 'answers Rejected to every reservation of any EVSE (2.0.1 no evseId, 1.6 connectorId 0) although it supports them'),
  ignoresNonEvseSpecific: defineFault('cs.reservation-ignores-non-evse-specific', '2.0.1: accepts a reservation of any EVSE although ReservationCtrlr.NonEvseSpecific is false'),
  acceptsUnsupported: defineFault('cs.reservation-accepted-unsupported', 'answers ReserveNow Accepted although it does not support reservations'),
  unspecifiedNotReserved: defineFault('cs.reservation-unspecified-not-reserved', '2.0.1: does not set the free EVSEs Reserved when reservations for any EVSE take them all'),
};

/** The type of every connector of the reference station (2.0.1 ConnectorEnumType). */
export const CONNECTOR_TYPE = 'cType2';

interface Reservation {
  id: number;
  /** Undefined: any EVSE (2.0.1 no evseId, 1.6 connectorId 0). */
  evseId?: number;
  idToken: string;
  /** 2.0.1 groupIdToken / 1.6 parentIdTag. */
  group?: string;
  timer: NodeJS.Timeout;
}

/** What the transaction model asks before and when a token starts on an EVSE (see Transactions.reservations). */
export interface ReservationHook {
  /** The EVSE is held for someone else than this token (and its group). */
  blocks(evse: Evse, idToken: string, group?: string): boolean;
  /** The EVSE reserved for this token or its group, if one is. */
  reservedFor(idToken: string, group?: string): Evse | undefined;
  /** The token starts on the EVSE: its reservation ends (and 2.0.1 reports the connector Available first). */
  use(evse: Evse, idToken: string, group?: string): Promise<void>;
  /** 1.6: the reservation the transaction about to start on this EVSE used (once). */
  takeUsed(evse: Evse): number | undefined;
}

export function install(station: ReferenceStation): void {
  const v16 = station.version === '1.6';
  const has = (fault: string) => station.faults.has(fault);
  const supported = station.options.optional?.includes(v16 ? '1.6:Reservation' : 'R-3') ?? false;
  const reservations = new Map<number, Reservation>();
  const used = new Map<number, number>();

  if (supported) {
    if (v16) {
      const profiles = station.variables.get('SupportedFeatureProfiles');
      if (profiles && !profiles.value.includes('Reservation')) profiles.value += ',Reservation';
      station.variables.set('ReserveConnectorZeroSupported', { value: 'true', readonly: true });
    } else {
      station.variables.set('ReservationCtrlr/Available', { value: 'true', readonly: true });
      station.variables.set('ReservationCtrlr/Enabled', { value: 'true' });
      const anyEvse = station.options.optional?.includes('R-2') ?? false;
      station.variables.set('ReservationCtrlr/NonEvseSpecific', { value: String(anyEvse), readonly: true });
    }
  }

  const setting = (name: string) => station.variables.get(`ReservationCtrlr/${name}`)?.value === 'true';
  const inUse = (e: Evse) => !!e.transaction || !!e.pendingAuth || e.connectors.some((c) => c.cablePlugged);
  const outOfService = (e: Evse) => !e.operative || e.connectors.some((c) => c.status === 'Unavailable' || c.status === 'Faulted');
  const ownReservation = (e: Evse) => [...reservations.values()].find((r) => r.evseId === e.id);
  const forAny = () => [...reservations.values()].filter((r) => r.evseId === undefined);
  /** EVSEs a reservation for any EVSE could still be used on. */
  const free = () => station.evses.filter((e) => !inUse(e) && !outOfService(e) && !ownReservation(e));
  const matches = (r: Reservation, idToken: string, group?: string) => has(RSV.anyToken) || r.idToken === idToken
    || (!has(RSV.ignoresGroup) && r.group !== undefined && (r.group === group || r.group === idToken));

  /** Set each EVSE Reserved or Available as the reservations say, and report what changed (one refresh at a time). */
  let refreshing: Promise<void> = Promise.resolve();
  function refresh(): Promise<void> {
    refreshing = refreshing.then(refreshNow, refreshNow);
    return refreshing;
  }
  async function refreshNow(): Promise<void> {
    const anyCount = forAny().length;
    const freeNow = free();
    const allHeld = anyCount > 0 && freeNow.length <= anyCount && !has(RSV.unspecifiedNotReserved);
    for (const evse of station.evses) {
      const reserved = !!ownReservation(evse) || (allHeld && freeNow.includes(evse));
      let changed = false;
      for (const c of evse.connectors) {
        if (c.status !== 'Available' && c.status !== 'Reserved') continue;
        const next = reserved && !has(RSV.noReservedStatus) ? 'Reserved' : 'Available';
        if (next === 'Available' && c.status === 'Reserved' && has(RSV.cancelKeepsReserved) && cancelled.has(evse.id)) continue;
        changed ||= c.status !== next;
        c.status = next;
      }
      if (changed) await station.refreshStatus(evse);
    }
  }
  /** EVSEs whose reservation was cancelled (for the fault that leaves them Reserved). */
  const cancelled = new Set<number>();

  /** End a reservation; `why` Expired/Removed is reported in 2.0.1, a use or cancel is not. */
  async function end(r: Reservation, why?: 'Expired' | 'Removed'): Promise<void> {
    clearTimeout(r.timer);
    reservations.delete(r.id);
    await refresh();
    if (why && !v16 && !has(RSV.noStatusUpdate)) {
      await station.send('ReservationStatusUpdate', { reservationId: r.id, reservationUpdateStatus: why });
    }
  }

  function add(id: number, evseId: number | undefined, idToken: string, group: string | undefined, expiry: string): void {
    const ms = Math.max(0, Date.parse(expiry) - Date.now());
    const timer = setTimeout(() => {
      if (has(RSV.keepsExpired)) return;
      const r = reservations.get(id);
      if (r?.timer === timer) void end(r, 'Expired');
    }, Math.min(ms, 2_147_000_000));
    station.track(timer);
    reservations.set(id, { id, evseId, idToken, group, timer });
  }

  /** Why one EVSE cannot be reserved now, as a ReserveNow status; undefined when it can. */
  function refusal(evse: Evse): string | undefined {
    if (evse.connectors.some((c) => c.status === 'Faulted')) return has(RSV.acceptsUnavailable) ? undefined : 'Faulted';
    if (outOfService(evse)) return has(RSV.acceptsUnavailable) ? undefined : 'Unavailable';
    if (inUse(evse) || ownReservation(evse)) return has(RSV.acceptsOccupied) ? undefined : 'Occupied';
    return undefined;
  }

  /** Why no EVSE can be reserved for any EVSE now; undefined when one can. */
  function refusalForAny(): string | undefined {
    if (free().length > forAny().length) return undefined;
    if (has(RSV.acceptsOccupied)) return undefined;
    if (station.evses.every(outOfService) && has(RSV.acceptsUnavailable)) return undefined;
    if (station.evses.every((e) => e.connectors.some((c) => c.status === 'Faulted'))) return 'Faulted';
    if (station.evses.every(outOfService)) return 'Unavailable';
    return 'Occupied';
  }

  /** ReserveNow in the version's words: evseId undefined means any EVSE. */
  function reserve(id: number, evseId: number | undefined, idToken: string, group: string | undefined, expiry: string): string {
    if (!supported) return has(RSV.acceptsUnsupported) ? 'Accepted' : 'Rejected';
    if (!v16 && !setting('Enabled') && !has(RSV.ignoresDisabled)) return 'Rejected';
    // The same id again replaces that reservation (H01.FR.02; 1.6 5.13): judge the new one without it.
    const same = has(RSV.noReplace) ? undefined : reservations.get(id);
    if (same) reservations.delete(id);
    let status: string | undefined;
    if (evseId === undefined) {
      if (has(RSV.anyEvseRefused)) status = 'Rejected';
      else if (!v16 && !setting('NonEvseSpecific') && !has(RSV.ignoresNonEvseSpecific)) status = 'Rejected';
      else status = refusalForAny();
    } else {
      const evse = station.evses.find((e) => e.id === evseId);
      status = evse ? refusal(evse) : 'Rejected';
    }
    if (same) {
      if (status) reservations.set(id, same); // refused: the old reservation stays
      else clearTimeout(same.timer);
    }
    if (status) return status;
    add(id, evseId, idToken, group, expiry);
    cancelled.delete(evseId ?? -1);
    station.later(0, refresh);
    return 'Accepted';
  }

  function cancel(id: number): string {
    const r = reservations.get(id);
    if (!supported || !r) return has(RSV.cancelUnknownAccepted) ? 'Accepted' : 'Rejected';
    if (r.evseId !== undefined) cancelled.add(r.evseId);
    station.later(0, () => end(r));
    return 'Accepted';
  }

  if (v16) {
    station.handle('ReserveNow', (p) => {
      const connectorId = Number(p.connectorId);
      if (connectorId === 0 && supported && station.variables.get('ReserveConnectorZeroSupported')?.value !== 'true') return { status: 'Rejected' };
      const group = p.parentIdTag === undefined ? undefined : String(p.parentIdTag);
      return { status: reserve(Number(p.reservationId), connectorId === 0 ? undefined : connectorId, String(p.idTag), group, String(p.expiryDate)) };
    });
  } else {
    station.handle('ReserveNow', (p) => {
      const token = (p.idToken as Payload).idToken;
      const group = (p.groupIdToken as Payload | undefined)?.idToken;
      const evseId = p.evseId === undefined || Number(p.evseId) === 0 ? undefined : Number(p.evseId);
      // Every connector of the reference is of one type: a reservation of another type finds no connector.
      if (evseId === undefined && p.connectorType !== undefined && p.connectorType !== CONNECTOR_TYPE) return { status: 'Rejected' };
      return { status: reserve(Number(p.id), evseId, String(token), group === undefined ? undefined : String(group), String(p.expiryDateTime)) };
    });
  }
  station.handle('CancelReservation', (p) => ({ status: cancel(Number(p.reservationId)) }));

  // An EVSE that goes out of service loses its reservation (H01.FR.17/18); reservations for any EVSE are re-counted.
  station.on('availabilityChanged', () => {
    if (has(RSV.keptWhenInoperative)) return;
    station.later(0, async () => {
      for (const r of [...reservations.values()]) {
        const evse = r.evseId === undefined ? undefined : station.evses.find((e) => e.id === r.evseId);
        if (evse && outOfService(evse)) await end(r, 'Removed');
      }
      await refresh();
    });
  });

  // Faulting a connector (operator action at the station; its repair clears it).
  station.onAction('faultConnector', async (args) => {
    const evse = station.evse(Number(args.evse ?? station.evses[0]!.id));
    const connector = evse.connectors.find((c) => c.id === Number(args.connector ?? 1)) ?? evse.connectors[0]!;
    await station.setStatus(evse, connector, args.faulted === false ? 'Available' : 'Faulted');
    station.emit('availabilityChanged', evse.id);
  });

  const hook: ReservationHook = {
    blocks(evse, idToken, group) {
      const own = ownReservation(evse);
      if (own) return !matches(own, idToken, group);
      const others = forAny().filter((r) => !matches(r, idToken, group));
      if (!others.length) return false;
      return free().filter((e) => e !== evse).length < others.length;
    },
    reservedFor(idToken, group) {
      const r = [...reservations.values()].find((x) => x.evseId !== undefined && matches(x, idToken, group));
      return r ? station.evses.find((e) => e.id === r.evseId) : undefined;
    },
    async use(evse, idToken, group) {
      // Once the transaction holds the EVSE, count again which free EVSEs reservations for any EVSE need.
      if (forAny().length) station.later(0, refresh);
      const r = ownReservation(evse) ?? forAny().find((x) => matches(x, idToken, group));
      if (!r || !matches(r, idToken, group)) return;
      clearTimeout(r.timer);
      reservations.delete(r.id);
      if (!has(RSV.noReservationId)) used.set(evse.id, r.id);
      if (v16) {
        // 1.6 goes from Reserved straight to Preparing: the next report says what the token started.
        for (const c of evse.connectors) if (c.status === 'Reserved') c.status = 'Available';
        return;
      }
      await refresh();
    },
    takeUsed(evse) {
      const id = used.get(evse.id);
      used.delete(evse.id);
      return id;
    },
  };
  if (supported) station.transactions.reservations = hook;
}
