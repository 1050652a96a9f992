import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import { statusFor, type Connector, type Evse } from './model.js';
import type { ReferenceStation } from './station.js';

/**
 * G03/G04 ChangeAvailability (an EVSE, a connector, or the whole station), G05 connector lock failure and
 * F05 UnlockConnector, for both versions.
 *
 * An inoperative connector keeps status 'Unavailable' in the model; while a transaction runs on it the derived
 * status stays occupied, so a change answered Scheduled shows on the wire only once the transaction ends.
 *
 * Operator actions:
 * - `lockFailure` { evse?: number, connector?: number }: the driver pushes the cable in only halfway, so the
 *   connector lock cannot engage: charging must not start and the failure is reported.
 * - `jamConnector` { evse?: number, connector?: number, jammed?: boolean }: the lock of the connector is stuck,
 *   so UnlockConnector fails (jammed: false frees it again).
 */
export const AF = {
  noStatus: defineFault('cs.availability-no-status', 'changes availability without reporting the new connector status'),
  interruptsTransaction: defineFault('cs.availability-interrupts-transaction', 'ends a running transaction on ChangeAvailability Inoperative and answers Accepted instead of Scheduled'),
  unknownEvseAccepted: defineFault('cs.unknown-evse-accepted', 'answers Accepted to ChangeAvailability for an EVSE/connector it does not have'),
  inoperativeCharges: defineFault('cs.inoperative-allows-charging', 'reports Unavailable after ChangeAvailability Inoperative but still starts transactions there'),
  stationWidePartial: defineFault('cs.availability-station-wide-partial', 'applies a station-wide ChangeAvailability to the first EVSE only'),
  lockFailureUnreported: defineFault('cs.lock-failure-unreported', 'does not report a connector lock failure to the CSMS'),
  lockFailureCharges: defineFault('cs.lock-failure-charges', 'starts charging although the connector lock failed'),
  unlockDuringTransaction: defineFault('cs.unlock-during-transaction', 'unlocks the connector of a running transaction (2.0.1: instead of OngoingAuthorizedTransaction; 1.6: without ending the transaction)'),
  unlockUnknownConnector: defineFault('cs.unlock-unknown-connector', 'answers Unlocked to UnlockConnector for a connector it does not have'),
  unlockRefused: defineFault('cs.unlock-always-fails', 'answers UnlockFailed to every UnlockConnector, even for a free working connector'),
  sameStateRejected: defineFault('cs.availability-same-state-rejected', 'answers Rejected when asked for the availability it already has'),
  unlockFailureHidden: defineFault('cs.unlock-failure-hidden', 'answers Unlocked although the connector lock is stuck'),
  fixedCableUnlocks: defineFault('cs.fixed-cable-unlocks', '1.6: a station with a fixed cable answers UnlockConnector Unlocked instead of NotSupported'),
  stationWideSilent: defineFault('cs.availability-station-wide-silent', 'reports nothing after a station-wide ChangeAvailability that changes no connector'),
};

type Target = { evse: Evse; connectors: Connector[] };

export function install(station: ReferenceStation): void {
  const v16 = station.version === '1.6';
  const has = (fault: string) => station.faults.has(fault);
  /** Connectors whose lock is stuck, as "evseId/connectorId". */
  const jammed = new Set<string>();

  /** Put the connectors of one EVSE in or out of operation now (or when its transaction ends). */
  async function apply(target: Target, operative: boolean): Promise<void> {
    const { evse, connectors } = target;
    for (const c of connectors) {
      // A fault is not cleared by making the connector operative; Reserved stays reserved.
      if (operative && c.status !== 'Unavailable') continue;
      if (!operative && c.status === 'Faulted') continue;
      const next = operative ? 'Available' : 'Unavailable';
      if (has(AF.inoperativeCharges) && !operative) {
        c.status = 'Unavailable';
        await station.reportStatus(evse, c);
        c.status = 'Available';
        continue;
      }
      c.status = next;
    }
    evse.operative = evse.connectors.some((c) => c.status !== 'Unavailable');
    if (has(AF.noStatus)) {
      // Pretend the new status was already reported, so nothing goes out.
      for (const c of evse.connectors) c.reported = statusFor(station.version, evse, c);
      return;
    }
    if (!has(AF.inoperativeCharges) || operative) await station.refreshStatus(evse);
    station.emit('availabilityChanged', evse.id); // reservations.ts: an inoperative EVSE loses its reservation
  }

  /** Whether a change to inoperative must wait for a transaction on the EVSE (1.6: a mere authorization does not). */
  const busy = (evse: Evse) => !!evse.transaction;

  /**
   * Change the targets; returns the answer status (Accepted, or Scheduled when a transaction delays one). The
   * change itself, and the StatusNotifications it causes, follow the answer.
   */
  function change(targets: Target[], operative: boolean, stationWide = false): string {
    const same = targets.every((t) => t.connectors.every((c) => (c.status === 'Unavailable') === !operative));
    if (same && has(AF.sameStateRejected)) return 'Rejected';
    const delayed = operative ? [] : targets.filter((t) => busy(t.evse) && t.connectors.some((c) => c.status !== 'Unavailable'));
    station.later(0, async () => {
      if (has(AF.interruptsTransaction)) for (const t of delayed) await station.transactions.stop(t.evse, 'Other');
      // A station-wide change reports every connector no transaction holds, changed or not (TC_G_13 step 3).
      if (stationWide && !has(AF.stationWideSilent)) {
        for (const t of targets) if (!busy(t.evse)) for (const c of t.connectors) c.reported = undefined;
      }
      for (const t of targets) await apply(t, operative);
    });
    return delayed.length && !has(AF.interruptsTransaction) ? 'Scheduled' : 'Accepted';
  }

  function allTargets(): Target[] {
    const evses = has(AF.stationWidePartial) ? station.evses.slice(0, 1) : station.evses;
    return evses.map((evse) => ({ evse, connectors: evse.connectors }));
  }

  if (v16) {
    station.handle('ChangeAvailability', (p) => {
      const id = Number(p.connectorId);
      const operative = p.type === 'Operative';
      if (id === 0) return { status: change(allTargets(), operative, true) };
      const evse = station.evses.find((e) => e.id === id);
      if (!evse) return { status: has(AF.unknownEvseAccepted) ? 'Accepted' : 'Rejected' };
      return { status: change([{ evse, connectors: evse.connectors }], operative) };
    });
  } else {
    station.handle('ChangeAvailability', (p) => {
      const operative = p.operationalStatus === 'Operative';
      const target = p.evse as Payload | undefined;
      if (!target || Number(target.id) === 0) return { status: change(allTargets(), operative, true) };
      const evse = station.evses.find((e) => e.id === Number(target.id));
      const connectors = evse && target.connectorId !== undefined
        ? evse.connectors.filter((c) => c.id === Number(target.connectorId))
        : evse?.connectors ?? [];
      if (!evse || connectors.length === 0) return { status: has(AF.unknownEvseAccepted) ? 'Accepted' : 'Rejected' };
      return { status: change([{ evse, connectors }], operative) };
    });
  }

  // ---- G05: connector lock failure ----

  const pick = (args: Record<string, unknown>) => {
    const evse = station.evse(Number(args.evse ?? station.evses[0]!.id));
    const connector = evse.connectors.find((c) => c.id === Number(args.connector ?? 1)) ?? evse.connectors[0]!;
    return { evse, connector };
  };

  /** 2.0.1: the lock problem goes out as an event of the ConnectorPlugRetentionLock component. */
  async function reportLockProblem(evse: Evse, connector: Connector): Promise<void> {
    if (has(AF.lockFailureUnreported)) return;
    await station.send('NotifyEvent', {
      generatedAt: station.now(), seqNo: 0, tbc: false,
      eventData: [{
        eventId: Math.floor(Date.now() / 1000) % 1_000_000, timestamp: station.now(), trigger: 'Delta', actualValue: 'true',
        eventNotificationType: 'HardWiredNotification',
        component: { name: 'ConnectorPlugRetentionLock', evse: { id: evse.id, connectorId: connector.id } },
        variable: { name: 'Problem' },
      }],
    });
  }
  if (!v16) station.transactions.onLockFailure = reportLockProblem;

  station.onAction('lockFailure', async (args) => {
    const { evse, connector } = pick(args);
    if (has(AF.lockFailureCharges)) {
      // Ignores the lock: the cable counts as plugged in and charging starts as usual.
      await station.transactions.plugIn(evse, connector.id);
      return;
    }
    connector.locked = false;
    if (v16) {
      // 1.6: the connector is Faulted with errorCode ConnectorLockFailure; the waiting authorization lapses.
      connector.cablePlugged = true;
      connector.status = 'Faulted';
      connector.reported = 'Faulted';
      if (!has(AF.lockFailureUnreported)) {
        await station.send('StatusNotification', {
          connectorId: evse.id, errorCode: 'ConnectorLockFailure', status: 'Faulted', timestamp: station.now(),
        });
      }
      if (evse.pendingAuth) await station.transactions.stop(evse, 'Other');
      return;
    }
    // 2.0.1: the EV counts as connected, but energy transfer waits for a lock that never engages: once the
    // transaction is authorized the station reports the problem instead of charging (transactions.ts).
    connector.lockFailed = true;
    await station.transactions.plugIn(evse, connector.id);
  });

  station.onAction('jamConnector', (args) => {
    const { evse, connector } = pick(args);
    const key = `${evse.id}/${connector.id}`;
    if (args.jammed === false) jammed.delete(key);
    else jammed.add(key);
  });

  // ---- F05: UnlockConnector ----

  // A fixed cable (HFS-2) has no lock to open: 1.6 answers NotSupported (TC_017_2, TC_018_2), and nothing else happens.
  const fixedCable = station.options.optional?.includes('HFS-2') ?? false;
  if (v16) {
    station.handle('UnlockConnector', (p) => {
      const evse = station.evses.find((e) => e.id === Number(p.connectorId));
      if (!evse) return { status: has(AF.unlockUnknownConnector) ? 'Unlocked' : 'NotSupported' };
      if (fixedCable && !has(AF.fixedCableUnlocks)) return { status: 'NotSupported' };
      const connector = evse.connectors[0]!;
      // A running transaction ends first (reason UnlockCommand), after this answer has gone out.
      if ((evse.transaction || evse.pendingAuth) && !has(AF.unlockDuringTransaction)) {
        station.later(0, () => station.transactions.stop(evse, 'UnlockCommand'));
      }
      if (jammed.has(`${evse.id}/${connector.id}`) && !has(AF.unlockFailureHidden)) return { status: 'UnlockFailed' };
      if (has(AF.unlockRefused)) return { status: 'UnlockFailed' };
      connector.locked = false;
      return { status: 'Unlocked' };
    });
  } else {
    station.handle('UnlockConnector', (p) => {
      const evse = station.evses.find((e) => e.id === Number(p.evseId));
      const connector = evse?.connectors.find((c) => c.id === Number(p.connectorId));
      if (!evse || !connector) return { status: has(AF.unlockUnknownConnector) ? 'Unlocked' : 'UnknownConnector' };
      if (evse.transaction?.authorized && !has(AF.unlockDuringTransaction)) return { status: 'OngoingAuthorizedTransaction' };
      if (jammed.has(`${evse.id}/${connector.id}`) && !has(AF.unlockFailureHidden)) return { status: 'UnlockFailed' };
      if (has(AF.unlockRefused)) return { status: 'UnlockFailed' };
      connector.locked = false;
      return { status: 'Unlocked' };
    });
  }
}
