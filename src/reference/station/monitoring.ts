import type { Payload } from '../../ocpp/frames.js';
import { canonicalItem } from '../../catalog/pics.js';
import { defineFault } from '../faults.js';
import { status201 } from './model.js';
import { accessOf } from './device-model.js';
import type { ReferenceStation } from './station.js';

/**
 * 2.0.1 N02-N07 monitoring (Advanced Device Management): variable monitors per component/variable with an id, a
 * type, a value and a severity; SetVariableMonitoring, GetMonitoringReport (NotifyMonitoringReport in parts of
 * ItemsPerMessage, tbc on all but the last), ClearVariableMonitoring, SetMonitoringBase, SetMonitoringLevel, and
 * NotifyEvent when a monitor triggers and its severity is within the monitoring level. Monitors are checked when a
 * status changes, when the CSMS sets a monitor or a variable (SetVariables) and on setVariableValue; Periodic ones
 * report on their own timer. Variants: AQ-5 adds a hard-wired monitor, AQ-6 a pre-configured one.
 *
 * Monitorable: ChargingStation.AvailabilityState, EVSE(evse).AvailabilityState (from its connectors' status),
 * EVSE(evse).Power (simulated: operator action setVariableValue) and every device-model variable without an EVSE.
 * Operator action (README "Operator actions"): setVariableValue { component, evse?, variable, value } sets a
 * simulated value (EVSE Power) so that a monitor on it can be crossed; hardWiredNotification {} (AQ-5) raises a
 * hard-wired notification.
 */
export const MON = {
  unknownAccepted: defineFault('cs.monitor-unknown-accepted', 'accepts a monitor for an unknown component or variable'),
  negativeDelta: defineFault('cs.monitor-negative-delta-accepted', 'accepts a Delta monitor with a negative value'),
  levelNoRange: defineFault('cs.monitoring-level-no-range', 'accepts SetMonitoringLevel outside 0..9'),
  levelIgnored: defineFault('cs.monitoring-level-ignored', 'sends NotifyEvent for monitors whose severity is above the monitoring level'),
  clearUnknownAccepted: defineFault('cs.clear-monitoring-unknown-accepted', 'answers ClearVariableMonitoring of an unknown id Accepted'),
  clearKeeps: defineFault('cs.clear-monitoring-keeps', 'answers ClearVariableMonitoring Accepted but keeps the monitor'),
  noEvent: defineFault('cs.monitor-no-event', 'sends no NotifyEvent when a monitor triggers'),
  reportNoTbc: defineFault('cs.monitoring-report-no-tbc', 'sends a multi-part NotifyMonitoringReport with tbc false on every part'),
  reportMissing: defineFault('cs.monitoring-report-missing', 'answers GetMonitoringReport Accepted but leaves the monitors out of NotifyMonitoringReport'),
  thresholdOnText: defineFault('cs.monitor-threshold-on-text', 'accepts an UpperThreshold/LowerThreshold monitor on a non-numeric variable'),
  replaceIgnored: defineFault('cs.monitor-replace-ignored', 'answers SetVariableMonitoring with an existing id Accepted but keeps the old monitor'),
  onePerVariable: defineFault('cs.monitor-one-per-variable', 'keeps one monitor per component/variable: a second one replaces the first under its id'),
  offlineNotQueued: defineFault('cs.monitor-offline-not-queued', 'drops the events of monitors triggered offline, whatever OfflineQueuingSeverity says'),
  offlineQueuesAll: defineFault('cs.monitor-offline-queues-all', 'queues every event triggered offline, also those less severe than OfflineQueuingSeverity'),
  reportIgnoresCriteria: defineFault('cs.monitoring-report-ignores-criteria', 'reports every monitor whatever monitoringCriteria GetMonitoringReport gives'),
  duplicateAccepted: defineFault('cs.monitor-duplicate-accepted', 'accepts a second monitor of the same type and severity on one component/variable'),
  baseRejected: defineFault('cs.monitoring-base-rejected', 'answers SetMonitoringBase HardWiredOnly Rejected'),
  thresholdOutOfRange: defineFault('cs.monitor-threshold-out-of-range-accepted', 'accepts a threshold monitor on EVSE Power above its maxLimit'),
  noCleared: defineFault('cs.monitor-no-cleared-event', 'sends no NotifyEvent (cleared true) when a crossed threshold monitor returns within its limit'),
  newThresholdUnchecked: defineFault('cs.monitor-new-threshold-unchecked', 'checks a new or replaced threshold monitor only when its variable next changes, not against the current value'),
  lostOnReboot: defineFault('cs.monitors-lost-on-reboot', 'forgets its custom monitors when it reboots'),
  clearHardWiredAccepted: defineFault('cs.clear-hard-wired-monitor-accepted', 'answers ClearVariableMonitoring of a hard-wired monitor Accepted (and removes it)'),
  hardWiredAsCustom: defineFault('cs.hard-wired-notification-as-custom', 'reports a hard-wired notification with eventNotificationType CustomMonitor'),
  factoryKeepsOverride: defineFault('cs.monitoring-factory-default-keeps-override', 'keeps a custom override of a pre-configured monitor on SetMonitoringBase FactoryDefault'),
  noPeriodic: defineFault('cs.monitor-no-periodic-event', 'sends no NotifyEvent for a Periodic monitor'),
  baseKeepsCustom: defineFault('cs.monitoring-base-keeps-custom', 'keeps the custom monitors on SetMonitoringBase FactoryDefault / HardWiredOnly'),
  writeOnlyInEvent: defineFault('cs.monitor-event-writeonly-value', 'puts the value of a write-only variable (BasicAuthPassword) in a monitor event\'s actualValue'),
  unsupportedCriteriaAccepted: defineFault('cs.monitoring-report-unsupported-criteria-accepted', 'answers GetMonitoringReport with a monitoringCriteria it does not support as if it did (variant monitoring-criteria-unsupported)'),
  unsupportedBaseAccepted: defineFault('cs.monitoring-base-unsupported-accepted', 'answers SetMonitoringBase with a monitoringBase it does not support Accepted (variant monitoring-base-unsupported)'),
};

interface Component { name: string; instance?: string; evse?: { id: number; connectorId?: number } }
interface Variable { name: string; instance?: string }
interface Monitor {
  id: number; component: Component; variable: Variable; type: string; value: number; severity: number; transaction: boolean;
  /** Delta: the value the next change is measured from; thresholds: whether the limit is crossed now. */
  reference?: string; crossed?: boolean;
}

const THRESHOLD = ['UpperThreshold', 'LowerThreshold'];
/** EVSE Power's maxLimit (W), the one the device model report gives (report.ts): a threshold beyond it is out of range (N04.FR.13). */
const POWER_MAX_LIMIT = 22000;
const CRITERIA: Record<string, string[]> = {
  ThresholdMonitoring: THRESHOLD, DeltaMonitoring: ['Delta'], PeriodicMonitoring: ['Periodic', 'PeriodicClockAligned'],
};

export function install(station: ReferenceStation): void {
  if (station.version !== '2.0.1') return;
  if (!(station.options.optional ?? []).some((f) => canonicalItem(f, station.version) === 'advanced-device-management')) return;
  const has = (f: string) => station.faults.has(f);
  const monitors = new Map<number, Monitor>();
  const power = new Map<number, number>();
  let nextId = 1;
  let nextEventId = 1;
  let level = 9;
  // Small, so that a report of a few variables comes in parts (tbc).
  const itemsPerMessage = 2;
  for (const [k, v] of [['Enabled', 'true'], ['ActiveMonitoringBase', 'All'], ['ActiveMonitoringLevel', '9'],
    ['ItemsPerMessage.SetVariableMonitoring', String(itemsPerMessage)], ['ItemsPerMessage.ClearVariableMonitoring', String(itemsPerMessage)]] as const) {
    station.variables.set(`MonitoringCtrlr/${k}`, { value: v, readonly: k !== 'Enabled' });
  }
  // AQ-5 variant: one hard-wired monitor (an UpperThreshold at EVSE 1 Power's maxLimit) that cannot be cleared, and a
  // hard-wired notification the operator action hardWiredNotification {} raises (a Problem of the station).
  const hardWired = (station.options.optional ?? []).some((f) => canonicalItem(f, station.version) === 'AQ-5');
  const HARD_WIRED_ID = 1000;
  if (hardWired) {
    monitors.set(HARD_WIRED_ID, { id: HARD_WIRED_ID, component: { name: 'EVSE', evse: { id: station.evses[0]?.id ?? 1 } }, variable: { name: 'Power' }, type: 'UpperThreshold', value: POWER_MAX_LIMIT, severity: 2, transaction: false });
    station.onAction('hardWiredNotification', async () => {
      await station.send('NotifyEvent', { generatedAt: station.now(), seqNo: 0, tbc: false, eventData: [{
        eventId: nextEventId++, timestamp: station.now(), trigger: 'Alerting', actualValue: 'true', component: { name: 'ChargingStation' }, variable: { name: 'Problem' },
        eventNotificationType: has(MON.hardWiredAsCustom) ? 'CustomMonitor' : 'HardWiredNotification',
      }] });
    });
  }
  // AQ-6 variant: a pre-configured Delta monitor on EVSE 1 AvailabilityState (severity 5) that the CSMS may override
  // through its id; SetMonitoringBase FactoryDefault brings it back as it was.
  const preconfigured = (station.options.optional ?? []).some((f) => canonicalItem(f, station.version) === 'AQ-6');
  const factory = (): Monitor[] => [
    ...(hardWired ? [monitors.get(HARD_WIRED_ID) ?? { id: HARD_WIRED_ID, component: { name: 'EVSE', evse: { id: station.evses[0]?.id ?? 1 } }, variable: { name: 'Power' }, type: 'UpperThreshold', value: POWER_MAX_LIMIT, severity: 2, transaction: false }] : []),
    ...(preconfigured ? [{ id: 1001, component: { name: 'EVSE', evse: { id: station.evses[0]?.id ?? 1 } }, variable: { name: 'AvailabilityState' }, type: 'Delta', value: 1, severity: 5, transaction: false }] : []),
  ];
  if (preconfigured) for (const m of factory()) if (m.id === 1001) monitors.set(m.id, m);
  // Variants monitoring-criteria-unsupported / monitoring-base-unsupported (TC_N_04/07_CS): the reference lacks
  // PeriodicMonitoring reports / SetMonitoringBase FactoryDefault, as config.ts REFERENCE_VARIANT_PROFILE says.
  const variant = (item: string) => (station.options.optional ?? []).some((f) => canonicalItem(f, station.version) === item);
  const unsupportedCriteria = variant('monitoring-criteria-unsupported') ? ['PeriodicMonitoring'] : [];
  const unsupportedBase = variant('monitoring-base-unsupported') ? ['FactoryDefault'] : [];
  // DM-3 (N07.FR.04): events of monitors at this severity or more severe (a lower number) wait for the connection.
  station.variables.set('MonitoringCtrlr/OfflineQueuingSeverity', { value: '5' });
  const queued: Payload[] = [];

  const evseOf = (c: Component) => station.evses.find((e) => e.id === c.evse?.id);
  /** The current value of a monitorable variable; undefined: unknown. `component` false: the component is unknown too. */
  const valueOf = (c: Component, v: Variable): { value?: string; component: boolean } => {
    const vName = v.name.toLowerCase();
    if (c.name === 'EVSE') {
      const evse = evseOf(c);
      if (!evse) return { component: false };
      if (vName === 'availabilitystate') return { component: true, value: evse.connectors.some((k) => status201(evse, k) === 'Occupied') ? 'Occupied' : status201(evse, evse.connectors[0]!) };
      if (vName === 'power') return { component: true, value: String(power.get(evse.id) ?? 0) };
      return { component: true };
    }
    if (c.evse) return { component: false };
    if (c.name === 'ChargingStation' && vName === 'availabilitystate') return { component: true, value: 'Available' };
    const comp = (c.instance ? `${c.name}.${c.instance}` : c.name).toLowerCase();
    const vari = (v.instance ? `${v.name}.${v.instance}` : v.name).toLowerCase();
    let component = c.name === 'ChargingStation';
    for (const [key, entry] of station.variables) {
      const [kc, kv] = key.toLowerCase().split('/');
      if (kc !== comp) continue;
      component = true;
      if (kv === vari) return { component, value: entry.value };
    }
    return { component };
  };
  const numeric = (s: string | undefined) => s !== undefined && s !== '' && !Number.isNaN(Number(s));

  station.handle('SetVariableMonitoring', (p) => {
    const data = p.setMonitoringData as (Payload & { component: Component; variable: Variable })[];
    // N07.FR.11: a new or replaced monitor is checked against the current value at once.
    if (!has(MON.newThresholdUnchecked)) station.later(0, check);
    return {
      setMonitoringResult: data.map((d) => {
        const type = String(d.type);
        const severity = Number(d.severity);
        const value = Number(d.value);
        const echo = { type, severity, component: d.component, variable: d.variable };
        const current = valueOf(d.component, d.variable);
        if (current.value === undefined && !has(MON.unknownAccepted)) return { ...echo, status: current.component ? 'UnknownVariable' : 'UnknownComponent' };
        if (THRESHOLD.includes(type) && current.value !== undefined && !numeric(current.value) && !has(MON.thresholdOnText)) return { ...echo, status: 'UnsupportedMonitorType' };
        if (THRESHOLD.includes(type) && d.component.name === 'EVSE' && d.variable.name.toLowerCase() === 'power' && value > POWER_MAX_LIMIT && !has(MON.thresholdOutOfRange)) {
          return { ...echo, status: 'Rejected', statusInfo: { reasonCode: 'ValueOutOfRange' } };
        }
        if ((type === 'Delta' || type.startsWith('Periodic')) && value < 0 && !has(MON.negativeDelta)) {
          return { ...echo, status: 'Rejected', statusInfo: { reasonCode: 'ValuePositiveOnly' } };
        }
        if (d.id !== undefined && !monitors.has(Number(d.id))) return { ...echo, status: 'Rejected', statusInfo: { reasonCode: 'NotFound' } };
        const sameCv = [...monitors.values()].find((m) => JSON.stringify([m.component, m.variable]) === JSON.stringify([d.component, d.variable]));
        // N04.FR.10: one monitor per type and severity on a component/variable.
        const duplicate = d.id === undefined && [...monitors.values()].some((m) => m.type === type && m.severity === severity
          && JSON.stringify([m.component, m.variable]) === JSON.stringify([d.component, d.variable]));
        if (duplicate && !has(MON.duplicateAccepted) && !has(MON.onePerVariable)) return { ...echo, status: 'Duplicate' };
        const id = d.id !== undefined ? Number(d.id) : has(MON.onePerVariable) && sameCv ? sameCv.id : nextId++;
        if (d.id !== undefined && has(MON.replaceIgnored)) return { ...echo, id, status: 'Accepted' };
        const monitor: Monitor = { id, component: d.component, variable: d.variable, type, value, severity, transaction: d.transaction === true, reference: current.value };
        monitors.set(id, monitor);
        if (type === 'Periodic' || type === 'PeriodicClockAligned') periodic(monitor);
        return { ...echo, id, status: 'Accepted' };
      }),
    };
  });

  station.handle('ClearVariableMonitoring', (p) => ({
    clearMonitoringResult: (p.id as number[]).map((id) => {
      if (!monitors.has(id)) return { id, status: has(MON.clearUnknownAccepted) ? 'Accepted' : 'NotFound' };
      if (hardWired && id === HARD_WIRED_ID && !has(MON.clearHardWiredAccepted)) return { id, status: 'Rejected' };
      if (!has(MON.clearKeeps)) monitors.delete(id);
      return { id, status: 'Accepted' };
    }),
  }));

  station.handle('SetMonitoringLevel', (p) => {
    const severity = Number(p.severity);
    if ((severity < 0 || severity > 9) && !has(MON.levelNoRange)) {
      return { status: 'Rejected', statusInfo: { reasonCode: severity < 0 ? 'ValueTooLow' : 'ValueTooHigh' } };
    }
    level = severity;
    station.variables.get('MonitoringCtrlr/ActiveMonitoringLevel')!.value = String(severity);
    return { status: 'Accepted' };
  });

  station.handle('SetMonitoringBase', (p) => {
    const base = String(p.monitoringBase);
    if (unsupportedBase.includes(base) && !has(MON.unsupportedBaseAccepted)) return { status: 'NotSupported', statusInfo: { reasonCode: 'UnsupportedParam' } };
    if (base === 'HardWiredOnly' && has(MON.baseRejected)) return { status: 'Rejected' };
    // By default the reference has no hard-wired or preconfigured monitors: FactoryDefault and HardWiredOnly leave none.
    if (base !== 'All' && !has(MON.baseKeepsCustom)) {
      const kept = base === 'FactoryDefault' && has(MON.factoryKeepsOverride) ? monitors.get(1001) : undefined;
      monitors.clear();
      // FactoryDefault: the hard-wired and pre-configured monitors as shipped; HardWiredOnly: the hard-wired ones.
      for (const m of factory()) if (base === 'FactoryDefault' || m.id === HARD_WIRED_ID) monitors.set(m.id, m.id === 1001 && kept ? kept : m);
    }
    station.variables.get('MonitoringCtrlr/ActiveMonitoringBase')!.value = base;
    return { status: 'Accepted' };
  });

  station.handle('GetMonitoringReport', (p) => {
    const criteria = (p.monitoringCriteria as string[] | undefined) ?? [];
    if (criteria.some((c) => unsupportedCriteria.includes(c)) && !has(MON.unsupportedCriteriaAccepted)) return { status: 'NotSupported', statusInfo: { reasonCode: 'UnsupportedParam' } };
    const wanted = (p.componentVariable as { component: Component; variable?: Variable }[] | undefined) ?? [];
    const types = has(MON.reportIgnoresCriteria) ? [] : criteria.flatMap((c) => CRITERIA[c] ?? []);
    const same = (a?: string, b?: string) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
    const selected = [...monitors.values()].filter((m) => (types.length === 0 || types.includes(m.type))
      && (wanted.length === 0 || wanted.some((w) => same(w.component.name, m.component.name) && (w.component.instance === undefined || same(w.component.instance, m.component.instance))
        && (w.component.evse === undefined || w.component.evse.id === m.component.evse?.id)
        && (w.variable === undefined || (same(w.variable.name, m.variable.name) && (w.variable.instance === undefined || same(w.variable.instance, m.variable.instance)))))));
    if (selected.length === 0) return { status: 'EmptyResultSet' };
    // One entry per component/variable with its monitors, sent ItemsPerMessage entries a part.
    const entries = new Map<string, Payload & { variableMonitoring: Payload[] }>();
    for (const m of selected) {
      const key = JSON.stringify([m.component.name, m.component.instance, m.component.evse?.id, m.variable.name, m.variable.instance]);
      const entry = entries.get(key) ?? { component: m.component, variable: m.variable, variableMonitoring: [] };
      entry.variableMonitoring.push({ id: m.id, transaction: m.transaction, value: m.value, type: m.type, severity: m.severity });
      entries.set(key, entry);
    }
    const all = [...entries.values()];
    const parts: Payload[][] = [];
    for (let i = 0; i < all.length; i += itemsPerMessage) parts.push(all.slice(i, i + itemsPerMessage));
    station.later(0, async () => {
      for (const [seqNo, part] of parts.entries()) {
        const tbc = seqNo < parts.length - 1 && !has(MON.reportNoTbc);
        await station.send('NotifyMonitoringReport', { requestId: p.requestId, seqNo, generatedAt: station.now(), tbc, ...(has(MON.reportMissing) ? {} : { monitor: part }) });
      }
    });
    return { status: 'Accepted' };
  });

  /**
   * N08: a Periodic monitor reports its variable every `value` seconds (PeriodicClockAligned: at multiples of it
   * since midnight UTC) for as long as it is installed unchanged.
   */
  function periodic(m: Monitor): void {
    const periodMs = Math.max(m.value, 0.1) * 1000;
    const wait = m.type === 'PeriodicClockAligned' ? periodMs - (Date.now() % 86_400_000) % periodMs : periodMs;
    station.later(wait, async () => {
      if (monitors.get(m.id) !== m) return;
      periodic(m);
      const current = valueOf(m.component, m.variable).value;
      if (has(MON.noPeriodic) || !station.connected || (m.severity > level && !has(MON.levelIgnored))) return;
      await station.send('NotifyEvent', { generatedAt: station.now(), seqNo: 0, tbc: false, eventData: [{
        eventId: nextEventId++, timestamp: station.now(), trigger: 'Periodic', actualValue: current ?? '',
        component: m.component, variable: m.variable, variableMonitoringId: m.id, eventNotificationType: 'CustomMonitor',
      }] });
    });
  }

  /** Check every monitor against its variable's current value; NotifyEvent for the ones that trigger. */
  const check = async () => {
    const events: Payload[] = [];
    for (const m of monitors.values()) {
      const current = valueOf(m.component, m.variable).value;
      if (current === undefined) continue;
      let trigger: string | undefined;
      let cleared = false;
      if (m.type === 'Delta') {
        const changed = numeric(current) && numeric(m.reference) ? Math.abs(Number(current) - Number(m.reference)) >= m.value : current !== m.reference;
        if (changed) { trigger = 'Delta'; m.reference = current; }
      } else if (THRESHOLD.includes(m.type) && numeric(current)) {
        const crossed = m.type === 'UpperThreshold' ? Number(current) > m.value : Number(current) < m.value;
        if (crossed !== !!m.crossed) { trigger = 'Alerting'; cleared = !crossed; m.crossed = crossed; }
        if (cleared && has(MON.noCleared)) trigger = undefined;
      }
      if (!trigger || (m.severity > level && !has(MON.levelIgnored))) continue;
      events.push({
        // N07.FR.10: a write-only variable's value never leaves the station; the event says it changed, with actualValue empty.
        eventId: nextEventId++, timestamp: station.now(), trigger, actualValue: accessOf(station, `${m.component.name}/${m.variable.name}`) === 'WriteOnly' && !has(MON.writeOnlyInEvent) ? '' : current, ...(cleared ? { cleared: true } : {}),
        component: m.component, variable: m.variable, variableMonitoringId: m.id, eventNotificationType: 'CustomMonitor',
      });
    }
    if (events.length === 0 || has(MON.noEvent)) return;
    if (!station.connected) {
      const limit = Number(station.variables.get('MonitoringCtrlr/OfflineQueuingSeverity')?.value ?? -1);
      const severity = (e: Payload) => monitors.get(Number(e.variableMonitoringId))?.severity ?? 9;
      if (!has(MON.offlineNotQueued)) queued.push(...events.filter((e) => has(MON.offlineQueuesAll) || severity(e) <= limit));
      return;
    }
    await station.send('NotifyEvent', { generatedAt: station.now(), seqNo: 0, tbc: false, eventData: events });
  };
  // Monitors are kept across reboots (N07 TC_N_53); the fault forgets them at the next boot.
  station.on('accepted', () => { if (has(MON.lostOnReboot)) monitors.clear(); });
  station.on('connected', () => station.later(0, async () => {
    if (queued.length === 0) return;
    const eventData = queued.splice(0);
    await station.send('NotifyEvent', { generatedAt: station.now(), seqNo: 0, tbc: false, eventData });
  }));
  // A status change is what moves AvailabilityState: check after each StatusNotification the station sends.
  const send = station.send.bind(station);
  station.send = async (action: string, payload: Payload) => {
    const answer = await send(action, payload);
    if (action === 'StatusNotification') await check();
    return answer;
  };
  // A variable the CSMS writes (SetVariables) may cross a monitor too: check once the answer is out.
  const setVariables = station.handlerFor('SetVariables');
  if (setVariables) {
    station.handle('SetVariables', async (payload, call) => {
      const answer = await setVariables(payload, call);
      station.later(0, check);
      return answer;
    });
  }
  station.onAction('setVariableValue', async (args) => {
    if (String(args.component) !== 'EVSE' || String(args.variable).toLowerCase() !== 'power') throw new Error('only EVSE Power is simulated');
    power.set(Number(args.evse ?? 1), Number(args.value));
    await check();
  });
}
