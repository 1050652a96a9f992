import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';
import type { StopCause } from './transactions.js';
import type { Evse } from './model.js';

export const RF = {
  keepsTransaction: defineFault('cs.reset-keeps-transaction', 'reboots on Reset without ending the ongoing transaction'),
  noReboot: defineFault('cs.reset-no-reboot', 'answers Reset Accepted (ending transactions) but never reboots'),
  onIdleImmediate: defineFault('cs.reset-onidle-immediate', 'answers an OnIdle Reset during a transaction Scheduled but resets at once'),
  wrongBootReason: defineFault('cs.reset-wrong-boot-reason', 'boots after a Reset with reason PowerUp'),
  evseResetsStation: defineFault('cs.reset-evse-reboots-station', 'accepts a Reset of one EVSE and reboots the whole station'),
  forgetsAvailability: defineFault('cs.reset-forgets-availability', 'comes back from a Reset with every connector operative, forgetting Inoperative'),
  evseOnIdleImmediate: defineFault('cs.reset-evse-onidle-immediate', 'answers an OnIdle Reset of one EVSE during its transaction Scheduled but ends the transaction at once'),
  losesReservation: defineFault('cs.reset-loses-reservation', 'comes back from a Reset with its reserved connectors Available'),
  onIdleFirstEnd: defineFault('cs.reset-onidle-first-end', 'carries out a scheduled OnIdle reset when the first of several transactions ends'),
};

/**
 * B11/B12: Reset without and with an ongoing transaction.
 *
 * 2.0.1: Immediate ends every transaction (ResetCommand / ImmediateReset) and reboots (boot reason RemoteReset);
 * OnIdle reboots at once when idle, otherwise answers Scheduled and reboots once the last transaction has ended
 * (boot reason ScheduledReset). Resetting a single EVSE (C-13) is done only when the profile the station plays
 * claims C-13: the EVSE's transaction ends (Immediate) or is waited for (OnIdle: Scheduled), then its connectors
 * are reported afresh while the station stays online; without C-13 it is Rejected and nothing happens.
 * 1.6: Soft and Hard both stop transactions (reason SoftReset / HardReset) and reboot.
 */
export function install(station: ReferenceStation): void {
  const has = (fault: string) => station.faults.has(fault);
  let scheduled = false;

  const busy = () => station.evses.some((e) => e.transaction);

  /** The reboot itself; availability set by ChangeAvailability survives it (kept in the model). */
  async function restart(reason: string): Promise<void> {
    if (has(RF.noReboot)) return;
    if (has(RF.losesReservation)) {
      for (const evse of station.evses) for (const c of evse.connectors) if (c.status === 'Reserved') c.status = 'Available';
    }
    if (has(RF.forgetsAvailability)) {
      for (const evse of station.evses) {
        for (const c of evse.connectors) if (c.status === 'Unavailable') c.status = 'Available';
        evse.operative = true;
      }
    }
    await station.reboot(has(RF.wrongBootReason) ? 'PowerUp' : reason);
  }

  async function rebootNow(cause: StopCause, reason: string): Promise<void> {
    if (!has(RF.keepsTransaction)) await station.transactions.stopAll(cause);
    await restart(reason);
  }

  /** OnIdle during a transaction: reboot once the last (fault: the first) running transaction has ended. */
  function rebootWhenIdle(): void {
    if (scheduled) return;
    scheduled = true;
    const running = station.evses.filter((e) => e.transaction).length;
    const idle = () => (has(RF.onIdleFirstEnd) ? station.evses.filter((e) => e.transaction).length < running : !busy());
    const onEnded = () => {
      if (!idle()) return;
      station.off('transactionEnded', onEnded);
      scheduled = false;
      restart('ScheduledReset').catch((err: Error) => station.log.event(`scheduled reset failed: ${err.message}`));
    };
    station.on('transactionEnded', onEnded);
  }

  /** C-13: restart one EVSE; the station stays online and reports the EVSE's connectors once it is back. */
  function resetEvse(evse: Evse, type: string): Payload {
    const restartEvse = async () => {
      for (const c of evse.connectors) c.reported = undefined;
      await station.refreshStatus(evse);
    };
    if (evse.transaction && type === 'OnIdle') {
      if (has(RF.evseOnIdleImmediate)) {
        station.later(0, async () => {
          if (evse.transaction) await station.transactions.stop(evse, 'ImmediateReset');
          await restartEvse();
        });
        return { status: 'Scheduled' };
      }
      const onEnded = (id: number) => {
        if (id !== evse.id) return;
        station.off('transactionEnded', onEnded);
        void restartEvse();
      };
      station.on('transactionEnded', onEnded);
      return { status: 'Scheduled' };
    }
    station.later(0, async () => {
      if (evse.transaction) await station.transactions.stop(evse, 'ImmediateReset');
      await restartEvse();
    });
    return { status: 'Accepted' };
  }

  station.handle('Reset', (p: Payload) => {
    if (station.version === '1.6') {
      const cause: StopCause = p.type === 'Hard' ? 'HardReset' : 'SoftReset';
      if (!has(RF.noReboot)) station.rebootPending = true;
      station.later(0, () => rebootNow(cause, 'RemoteReset'));
      return { status: 'Accepted' };
    }
    if (p.evseId !== undefined) {
      if (has(RF.evseResetsStation)) {
        station.later(0, () => rebootNow('ImmediateReset', 'RemoteReset'));
        return { status: 'Accepted' };
      }
      if (!station.options.optional?.includes('C-13')) return { status: 'Rejected' };
      return resetEvse(station.evse(Number(p.evseId)), String(p.type));
    }
    if (p.type === 'OnIdle' && busy()) {
      if (has(RF.onIdleImmediate)) station.later(0, () => rebootNow('ImmediateReset', 'RemoteReset'));
      else rebootWhenIdle();
      return { status: 'Scheduled' };
    }
    station.later(0, () => rebootNow('ImmediateReset', 'RemoteReset'));
    return { status: 'Accepted' };
  });
}
