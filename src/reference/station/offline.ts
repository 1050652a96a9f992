import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';
import { statusFor } from './model.js';

/**
 * B04 (2.0.1) / 1.6 section 4.9: an accepted station that lost its connection reconnects with a back-off and
 * then tells the CSMS what changed while it was offline. 2.0.1: offline longer than OCPPCommCtrlr.OfflineThreshold
 * → every connector's status (B04.FR.01); shorter → the connectors whose status changed (B04.FR.02).
 * 1.6: the connectors whose status changed while offline.
 *
 * Back-off (2.0.1): the first reconnect waits RetryBackOffWaitMinimum plus a random part of RetryBackOffRandomRange,
 * then doubles (the core). The reference keeps its fast built-in back-off until the CSMS writes either variable,
 * so that other test cases stay fast.
 */
export const OF = {
  noReconnect: defineFault('cs.no-reconnect', 'gives up after the CSMS dropped the connection and never reconnects'),
  reconnectWithoutStatus: defineFault('cs.reconnect-without-status', 'reports no connector status after reconnecting, even for a connector that changed offline'),
  changedOnly: defineFault('cs.reconnect-changed-only', 'ignores OfflineThreshold: after a long offline period reports only the connectors that changed'),
  ignoresBackoff: defineFault('cs.reconnect-ignores-backoff', 'reconnects at once, ignoring RetryBackOffWaitMinimum'),
};

const WAIT_MIN = 'OCPPCommCtrlr/RetryBackOffWaitMinimum';
const RANDOM_RANGE = 'OCPPCommCtrlr/RetryBackOffRandomRange';

export function install(station: ReferenceStation): void {
  const v201 = station.version === '2.0.1';
  /** Whether the CSMS has written a back-off variable (the device model assigns entry.value). */
  let backoffConfigured = false;
  if (v201) {
    for (const [key, fallback] of [[WAIT_MIN, '1'], [RANDOM_RANGE, '0']] as const) {
      const entry = station.variables.get(key) ?? { value: fallback };
      let value = entry.value;
      station.variables.set(key, {
        ...entry,
        get value() { return value; },
        set value(v: string) { value = v; backoffConfigured = true; },
      });
    }
  }

  /** What the CSMS last heard per connector ("evse/connector" → status), kept from the moment the link dropped. */
  let known: Map<string, string | undefined> | undefined;
  let offlineSince: number | undefined;

  station.on('disconnected', () => {
    if (station.faults.has(OF.noReconnect)) {
      void station.stop();
      return;
    }
    if (station.bootState !== 'Accepted' || offlineSince !== undefined) return;
    offlineSince = Date.now();
    known = new Map();
    for (const evse of station.evses) for (const c of evse.connectors) known.set(`${evse.id}/${c.id}`, c.reported);
    // The core schedules the first reconnect right after this event, with station.reconnectDelay.
    if (v201 && backoffConfigured && !station.faults.has(OF.ignoresBackoff)) {
      const wait = Number(station.variables.get(WAIT_MIN)?.value ?? 0);
      const range = Number(station.variables.get(RANDOM_RANGE)?.value ?? 0);
      const ms = (wait + Math.random() * range) * 1000;
      station.reconnectDelay = Math.max(ms, 50);
    }
  });
  station.on('accepted', () => {
    offlineSince = undefined;
    known = undefined;
  });

  station.reportAfterReconnect = async () => {
    const since = offlineSince;
    const before = known;
    offlineSince = undefined;
    known = undefined;
    if (station.faults.has(OF.reconnectWithoutStatus)) return;
    const thresholdS = Number(station.setting('', 'OCPPCommCtrlr/OfflineThreshold', '300'));
    const longOffline = v201 && since !== undefined && Date.now() - since > thresholdS * 1000 && !station.faults.has(OF.changedOnly);
    if (!before || longOffline) return station.reportAllConnectors();
    for (const evse of station.evses) {
      for (const c of evse.connectors) {
        if (statusFor(station.version, evse, c) !== before.get(`${evse.id}/${c.id}`)) await station.reportStatus(evse, c);
      }
    }
  };
}
