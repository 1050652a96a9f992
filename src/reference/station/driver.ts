import type { ReferenceStation } from './station.js';

/**
 * Operator actions of the EV driver at the station: plug a cable in, pull it out, present an ID token.
 * Args: { evse?: number, connector?: number, idToken?: string, type?: string } (evse defaults to the first).
 */
export function install(station: ReferenceStation): void {
  const evseOf = (args: Record<string, unknown>) => station.evse(Number(args.evse ?? station.evses[0]!.id));
  station.onAction('plugIn', (args) => station.transactions.plugIn(evseOf(args), Number(args.connector ?? 1)));
  station.onAction('unplug', (args) => station.transactions.unplug(evseOf(args)));
  // E03/E09/E10: what the EV itself does. evSideDisconnect: the cable comes out at the EV side only (1.6 TC_005 too);
  // evSuspend: the EV stops taking energy; evNotReady: the EV about to be plugged in is not ready to take energy.
  station.onAction('evSideDisconnect', (args) => station.transactions.evSideDisconnect(evseOf(args)));
  station.onAction('evSuspend', (args) => station.transactions.evSuspend(evseOf(args)));
  station.onAction('evNotReady', (args) => { evseOf(args).evNotReady = true; });
  // E01 S1: the EV drives into the parking bay of the EVSE (its bay sensor detects it).
  station.onAction('driveIn', (args) => station.transactions.parkingBayOccupied(evseOf(args)));
  // E06 S1: the EV drives out of the parking bay (TxStopPoint ParkingBayOccupancy ends the transaction).
  station.onAction('driveOut', (args) => station.transactions.parkingBayVacated(evseOf(args)));
  // E15 (ISO 15118): the EV sends SessionStopReq(Terminate), ending the charging session.
  station.onAction('evSessionStop', (args) => station.transactions.evSessionStop(evseOf(args)));
  if (station.version === '2.0.1') {
    for (const [key, value] of [['OCPPCommCtrlr/UnlockOnEVSideDisconnect', 'true'], ['AuthCtrlr/DisableRemoteAuthorization', 'false']]) {
      if (!station.variables.has(key!)) station.variables.set(key!, { value: value! });
    }
  }
  station.onAction('presentIdToken', async (args) => {
    await station.transactions.authorize({
      evseId: args.evse === undefined ? undefined : Number(args.evse),
      idToken: String(args.idToken), idTokenType: args.type === undefined ? undefined : String(args.type),
    });
  });
}
