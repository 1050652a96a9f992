import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';

/**
 * The station's network link and power supply as an operator controls them (the 1.6 offline and power-failure
 * test cases: "remove the connectivity", "disconnect and reconnect the power").
 * - `disconnectNetwork` {}: the connection drops and the station stays offline (it keeps running: transactions,
 *   meter values and the queue of transaction messages go on).
 * - `restoreNetwork` {}: the station reconnects at once.
 * - `powerFailure` { backupPower?: boolean }: the power goes and comes back. With backup power the station first
 *   ends its transactions (reason PowerLoss); without, it goes down at once and resumes them after booting. What
 *   it was told to be (Inoperative connectors) survives the restart.
 */
export const NF = {
  noStopOnPowerLoss: defineFault('cs.power-loss-keeps-transactions', 'goes down on a power failure without ending its transactions, although backup power lets it'),
  forgetsAvailability: defineFault('cs.power-cycle-forgets-availability', 'comes back from a power failure with every connector Available, forgetting those set Inoperative'),
};

export function install(station: ReferenceStation): void {
  station.onAction('disconnectNetwork', () => station.setNetwork(false));
  station.onAction('restoreNetwork', () => station.setNetwork(true));
  station.onAction('powerFailure', async (args) => {
    const backup = args.backupPower !== false;
    if (backup && !station.faults.has(NF.noStopOnPowerLoss)) await station.transactions.stopAll('PowerLoss');
    if (station.faults.has(NF.forgetsAvailability)) {
      for (const evse of station.evses) {
        evse.operative = true;
        for (const c of evse.connectors) if (c.status === 'Unavailable') c.status = 'Available';
      }
    }
    await station.reboot('PowerUp');
  });
}
