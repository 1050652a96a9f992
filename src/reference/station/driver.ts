import type { ReferenceStation } from './station.js';

/**
 * Operator actions of the EV driver at the station: plug a cable in, pull it out, present an ID token.
 * Args: { evse?: number, connector?: number, idToken?: string, type?: string } (evse defaults to the first).
 */
export function install(station: ReferenceStation): void {
  const evseOf = (args: Record<string, unknown>) => station.evse(Number(args.evse ?? station.evses[0]!.id));
  station.onAction('plugIn', (args) => station.transactions.plugIn(evseOf(args), Number(args.connector ?? 1)));
  station.onAction('unplug', (args) => station.transactions.unplug(evseOf(args)));
  station.onAction('unplugEvSide', (args) => station.transactions.unplugEvSide(evseOf(args)));
  station.onAction('presentIdToken', async (args) => {
    await station.transactions.authorize({
      evseId: args.evse === undefined ? undefined : Number(args.evse),
      idToken: String(args.idToken), idTokenType: args.type === undefined ? undefined : String(args.type),
    });
  });
}
