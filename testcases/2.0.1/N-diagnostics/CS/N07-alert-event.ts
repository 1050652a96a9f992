// N07 Alert event, charging station as SUT (Advanced Device Management).
import { testCase, full, partial, type CsTestCase, type CsContext } from '../../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import { MON } from '../../../../src/reference/station/monitoring.js';
import { checkResult, clearMonitors, evseAvailability, evseIdOf, MONITORING_NEEDS, setMonitoring, powerMaxLimit, monitoringReport, type MonitorData } from '../../../shared/monitoring-steps.js';
import { Inconclusive } from '../../../../src/harness/verdicts.js';
import { writeSetting, type SettingName } from '../../../shared/settings.js';
import { readSetting } from '../../../shared/session-states.js';
import { setVariables } from '../../../shared/variables-steps.js';
import { meterIntervalS } from '../../../shared/meter-value-steps.js';
import { withChangedPassword } from '../../../shared/security-update-steps.js';
import type { Payload } from '../../../../src/ocpp/frames.js';

const ocpp = '2.0.1';

interface EventData { trigger?: string; component?: { name?: string }; variable?: { name?: string }; variableMonitoringId?: number }

/**
 * TC_N_45_CS, TC_N_56_CS (the same steps on a variable that is not numeric): a Delta monitor (value 1.0) on EVSE
 * AvailabilityState (the configured variable; the manual trigger is a cable
 * plugged in, which makes the EVSE Occupied): NotifyEvent with trigger Delta, that component/variable and the
 * monitor's id (a tbc part is followed by the rest).
 */
export const deltaExceeded = testCase<CsTestCase>({
  useCase: 'N07', variant: 'delta-exceeded', ocpp, sut: 'CS', needs: MONITORING_NEEDS, actions: ['plugIn'],
  octt: full('TC_N_45_CS', 'TC_N_56_CS'),
  title: 'A Delta monitor on EVSE AvailabilityState triggers when a cable is plugged in: NotifyEvent with trigger Delta and the monitor id',
  killedBy: [MON.noEvent],
  async run({ csms, sut, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const data = evseAvailability(evseId);
    const [result] = await setMonitoring(csms, [data]);
    checkResult(result!, data, ['Accepted'], 'N04.FR.01');
    const id = Number(result!.id);
    try {
      const since = Date.now();
      await sut.act('plugIn', { evse: evseId });
      let event: EventData | undefined;
      let after: number | ReceivedCall = since;
      while (!event) {
        const call: ReceivedCall = await csms.expectCall('NotifyEvent', { after, within: profile.timing.callTimeoutMs }).catch((err: Error) => {
          throw new Verdict(`the Delta monitor ${id} on EVSE ${evseId} AvailabilityState must be reported with NotifyEvent once the EVSE is Occupied: ${err.message}`, 'N07.FR.18');
        });
        after = call;
        event = ((call.payload.eventData ?? []) as EventData[]).find((e) => e.variableMonitoringId === id);
      }
      if (event.trigger !== 'Delta') throw new Verdict(`the event of Delta monitor ${id} must have trigger Delta, it has ${String(event.trigger)}`, 'N07.FR.18');
      if (event.component?.name !== 'EVSE' || event.variable?.name !== 'AvailabilityState') {
        throw new Verdict(`the event of monitor ${id} must name EVSE AvailabilityState, it names ${String(event.component?.name)} ${String(event.variable?.name)}`, 'N07.FR.06');
      }
    } finally {
      await clearMonitors(csms, [id]);
    }
  },
});

/**
 * N07 offline (DM-3): OfflineQueuingSeverity 8 (the configured severity), a Delta monitor on EVSE AvailabilityState
 * of severity `monitorSeverity`; offline, a cable plugged in; online again. Returns the NotifyEvents for the monitor
 * sent after the reconnection (none within `quietMs` when `expectEvent` is false).
 */
async function offlineEvent({ csms, sut, profile }: CsContext, monitorSeverity: number, expectEvent: boolean): Promise<void> {
  await csms.booted();
  const evseId = evseIdOf(profile);
  const [set] = await setVariables(csms, [{ cv: { component: 'MonitoringCtrlr', variable: 'OfflineQueuingSeverity' }, value: '8' }]);
  if (set?.attributeStatus !== 'Accepted') throw new Verdict(`SetVariables MonitoringCtrlr OfflineQueuingSeverity 8 must be Accepted (DM-3), got ${String(set?.attributeStatus)}`);
  const data = { ...evseAvailability(evseId), severity: monitorSeverity };
  const [result] = await setMonitoring(csms, [data]);
  checkResult(result!, data, ['Accepted'], 'N04.FR.01');
  const id = Number(result!.id);
  try {
    await sut.act('disconnectNetwork', {});
    await sut.act('plugIn', { evse: evseId });
    const since = Date.now();
    await sut.act('restoreNetwork', {});
    const ofMonitor = (payload: { eventData?: unknown }) => ((payload.eventData ?? []) as EventData[]).find((e) => e.variableMonitoringId === id);
    if (!expectEvent) {
      const unwanted = await csms.firstUnwanted((c) => c.action === 'NotifyEvent' && c.at >= since && !!ofMonitor(c.payload), profile.timing.quietMs);
      if (unwanted) throw new Verdict(`monitor ${id} has severity ${monitorSeverity}, less severe than OfflineQueuingSeverity 8: its offline event must not be queued, the station sent it after reconnecting`, 'N07.FR.04');
      return;
    }
    let event: (EventData & { actualValue?: string; component?: { name?: string; evse?: { id?: number } } }) | undefined;
    let after: number | ReceivedCall = since;
    while (!event) {
      const call: ReceivedCall = await csms.expectCall('NotifyEvent', { after, within: profile.timing.rebootTimeoutMs }).catch((err: Error) => {
        throw new Verdict(`the event of monitor ${id} (severity ${monitorSeverity}, OfflineQueuingSeverity 8) triggered offline must be queued and sent once online: ${err.message}`, 'N07.FR.04');
      });
      after = call;
      event = ofMonitor(call.payload);
    }
    if (event.trigger !== 'Delta') throw new Verdict(`the queued event must have trigger Delta, it has ${String(event.trigger)}`);
    if (event.actualValue !== 'Occupied') throw new Verdict(`the queued event must have actualValue Occupied, it has ${String(event.actualValue)}`);
    if (event.component?.name !== 'EVSE' || event.component.evse?.id !== evseId || event.variable?.name !== 'AvailabilityState') {
      throw new Verdict(`the queued event must name EVSE ${evseId} AvailabilityState, it names ${JSON.stringify([event.component, event.variable])}`);
    }
  } finally {
    await clearMonitors(csms, [id]);
  }
}

/** TC_N_22_CS: a monitor as severe as OfflineQueuingSeverity: its offline event is sent after the reconnection. */
export const offlineQueued = testCase<CsTestCase>({
  useCase: 'N07', variant: 'offline-queued', ocpp, sut: 'CS', needs: [...MONITORING_NEEDS, 'DM-3'], actions: ['disconnectNetwork', 'plugIn', 'restoreNetwork'],
  octt: [partial('TC_N_22_CS', 'the harness brings the station back online at once instead of waiting the configured transaction duration')],
  title: 'OfflineQueuingSeverity 8 and a severity-8 Delta monitor triggered offline: NotifyEvent (Delta, Occupied) once online',
  killedBy: [MON.offlineNotQueued],
  run: (ctx) => offlineEvent(ctx, 8, true),
});

/** TC_N_23_CS: a monitor less severe than OfflineQueuingSeverity: its offline event is not sent after the reconnection. */
export const offlineNotQueued = testCase<CsTestCase>({
  useCase: 'N07', variant: 'offline-not-queued', ocpp, sut: 'CS', needs: [...MONITORING_NEEDS, 'DM-3'], actions: ['disconnectNetwork', 'plugIn', 'restoreNetwork'],
  octt: [partial('TC_N_23_CS', 'checks only that the offline event is not queued: the online StatusNotification/NotifyEvent and TransactionEvent steps are left out')],
  title: 'OfflineQueuingSeverity 8 and a severity-9 Delta monitor triggered offline: no NotifyEvent for it once online',
  killedBy: [MON.offlineQueuesAll],
  run: (ctx) => offlineEvent(ctx, 9, false),
});

/**
 * TC_N_24_CS: a Periodic monitor on EVSE AvailabilityState with the meter value interval as its period (the
 * document's <Configured Clock Aligned MeterValues Interval>): Accepted, then a NotifyEvent with trigger Periodic
 * for that variable every period (two in a row, each within the tolerance of the period).
 */
export const periodicEvent = testCase<CsTestCase>({
  useCase: 'N08', variant: 'periodic', ocpp, sut: 'CS', needs: MONITORING_NEEDS,
  octt: full('TC_N_24_CS'),
  title: 'A Periodic monitor on EVSE AvailabilityState: NotifyEvent with trigger Periodic for it every period',
  killedBy: [MON.noPeriodic],
  async run({ csms, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const periodS = meterIntervalS(profile);
    const data = evseAvailability(evseId, 'Periodic', periodS);
    const [result] = await setMonitoring(csms, [data]);
    checkResult(result!, data, ['Accepted'], 'N04.FR.01', ['NoError']);
    const id = Number(result!.id);
    const tolerance = profile.timing.toleranceMs;
    const isPeriodic = (p: Payload) => ((p.eventData ?? []) as EventData[]).some((e) => e.trigger === 'Periodic' && e.component?.name === 'EVSE'
      && (e.component as { evse?: { id?: number } }).evse?.id === evseId && e.variable?.name === 'AvailabilityState');
    try {
      let previous: ReceivedCall | number = Date.now();
      for (let n = 1; n <= 2; n++) {
        const event: ReceivedCall = await csms.expectCall('NotifyEvent', { after: previous, where: isPeriodic, within: periodS * 1000 + tolerance }).catch((err: Error) => {
          throw new Verdict(`a Periodic monitor of ${periodS} s on EVSE ${evseId} AvailabilityState must send NotifyEvent (trigger Periodic) every ${periodS} s; event ${n}: ${err.message}`, 'N08.FR.01');
        });
        if (n > 1 && Math.abs(event.at - (previous as ReceivedCall).at - periodS * 1000) > tolerance) {
          throw new Verdict(`periodic events of a ${periodS} s monitor came ${event.at - (previous as ReceivedCall).at} ms apart`, 'N08.FR.01');
        }
        previous = event;
      }
    } finally {
      await clearMonitors(csms, [id]);
    }
  },
});

type AlertEvent = EventData & { eventId?: number; timestamp?: string; actualValue?: string; cleared?: boolean; eventNotificationType?: string; component?: { name?: string; evse?: { id?: number } } };

/** The eventData element of monitor `id` with the given cleared state, from the NotifyEvents received after `since`. */
async function alertOf(ctx: Pick<CsContext, 'csms'>, id: number, cleared: boolean, since: number, what: string, seen?: ReceivedCall): Promise<{ call: ReceivedCall; event: AlertEvent }> {
  const match = (e: AlertEvent) => e.variableMonitoringId === id && (e.cleared === true) === cleared;
  // Events of one change may share a NotifyEvent: look in the one already taken first.
  const inSeen = ((seen?.payload.eventData ?? []) as AlertEvent[]).find(match);
  if (seen && inSeen) return { call: seen, event: inSeen };
  const call = await ctx.csms.expectCall('NotifyEvent', { after: since, where: (p) => ((p.eventData ?? []) as AlertEvent[]).some(match) }).catch((err: Error) => {
    throw new Verdict(`${what}: the station must send NotifyEvent for monitor ${id}${cleared ? ' with cleared true' : ''}: ${err.message}`, cleared ? 'N07.FR.16' : 'N07.FR.06');
  });
  if (typeof call.payload.generatedAt !== 'string' || typeof call.payload.seqNo !== 'number') throw new Verdict('NotifyEvent must carry generatedAt and seqNo');
  return { call, event: ((call.payload.eventData ?? []) as AlertEvent[]).find(match)! };
}

/** The Alerting event of a threshold monitor on EVSE Power: trigger, identity, notification type and actual value. */
function checkAlert(e: AlertEvent, evseId: number, ok: (v: number) => boolean, expectation: string): void {
  if (e.trigger !== 'Alerting') throw new Verdict(`a threshold monitor's event must have trigger Alerting, got ${String(e.trigger)}`, 'N07.FR.06');
  if (typeof e.eventId !== 'number' || typeof e.timestamp !== 'string') throw new Verdict('the event must carry an eventId and a timestamp');
  if (e.component?.name !== 'EVSE' || e.component.evse?.id !== evseId || e.variable?.name !== 'Power') {
    throw new Verdict(`the event must name EVSE ${evseId} Power, it names ${JSON.stringify([e.component, e.variable])}`, 'N07.FR.06');
  }
  if (e.eventNotificationType !== 'CustomMonitor') throw new Verdict(`a monitor the CSMS installed reports eventNotificationType CustomMonitor, got ${String(e.eventNotificationType)}`, 'N07.FR.17');
  if (!ok(Number(e.actualValue))) throw new Verdict(`the event's actualValue must be ${expectation}, got ${String(e.actualValue)}`, 'N07.FR.06');
}

/**
 * TC_N_20_CS: monitoring base All; an UpperThreshold monitor of 100.0 on EVSE Power; Power rises (the document's
 * manual trigger: operator action setVariableValue): NotifyEvent Alerting above 100. A LowerThreshold monitor of
 * 10.0 is Accepted; Power drops to 0: the upper monitor is cleared (cleared true, at most 100) and the lower one
 * alerts (below 10).
 */
export const thresholdExceeded = testCase<CsTestCase>({
  useCase: 'N07', variant: 'threshold-exceeded', ocpp, sut: 'CS', needs: MONITORING_NEEDS, actions: ['setVariableValue'],
  octt: [partial('TC_N_20_CS', 'Power rises and drops through the operator action setVariableValue (the document\'s manual trigger) outside a transaction, so the events\' transactionId is not checked')],
  title: 'Threshold monitors on EVSE Power: Alerting when Power exceeds the upper one, then cleared and the lower one alerting when it drops',
  killedBy: [MON.noEvent, MON.noCleared],
  async run({ csms, sut, profile }) {
    await csms.booted();
    const base = await csms.call('SetMonitoringBase', { monitoringBase: 'All' });
    if (base.status !== 'Accepted') throw new Verdict(`SetMonitoringBase All must be Accepted, got ${String(base.status)}`, 'N03.FR.01');
    const evseId = evseIdOf(profile);
    const power = (type: string, value: number) => ({ ...evseAvailability(evseId, type, value), variable: { name: 'Power' } });
    const upper = power('UpperThreshold', 100.0);
    const [r1] = await setMonitoring(csms, [upper]);
    checkResult(r1!, upper, ['Accepted'], 'N04.FR.01');
    const ids = [Number(r1!.id)];
    try {
      let since = Date.now();
      await sut.act('setVariableValue', { component: 'EVSE', evse: evseId, variable: 'Power', value: 1000 });
      const exceeded = await alertOf({ csms }, ids[0]!, false, since, 'Power rose above the UpperThreshold monitor');
      checkAlert(exceeded.event, evseId, (v) => v > 100, 'above the threshold 100');
      const lower = power('LowerThreshold', 10.0);
      const [r2] = await setMonitoring(csms, [lower]);
      checkResult(r2!, lower, ['Accepted'], 'N04.FR.01');
      ids.push(Number(r2!.id));
      since = Date.now();
      await sut.act('setVariableValue', { component: 'EVSE', evse: evseId, variable: 'Power', value: 0 });
      const back = await alertOf({ csms }, ids[0]!, true, since, 'Power returned below the UpperThreshold monitor');
      checkAlert(back.event, evseId, (v) => v <= 100, 'at most the threshold 100');
      const below = await alertOf({ csms }, ids[1]!, false, since, 'Power dropped below the LowerThreshold monitor', back.call);
      checkAlert(below.event, evseId, (v) => v < 10, 'below the threshold 10');
    } finally {
      await clearMonitors(csms, ids);
      await sut.act('setVariableValue', { component: 'EVSE', evse: evseId, variable: 'Power', value: 0 }).catch(() => undefined);
    }
  },
});

const OFFLINE_THRESHOLD: SettingName = { v16: '', component: 'OCPPCommCtrlr', variable: 'OfflineThreshold' };

/**
 * TC_N_61_CS: a Delta monitor of 2 on OCPPCommCtrlr.OfflineThreshold (the memory state; the document gives no
 * value: 2 is the one its steps imply); OfflineThreshold set to its value + 1 (Accepted, no event: the delta is not
 * reached), then to its value + 2 (Accepted): NotifyEvent with actualValue value + 2. The value is restored.
 */
export const numericDelta = testCase<CsTestCase>({
  useCase: 'N07', variant: 'numeric-delta', ocpp, sut: 'CS', needs: MONITORING_NEEDS,
  octt: [partial('TC_N_61_CS', 'the document gives no delta value for the monitor: the test installs 2, so that +1 does not reach it and +2 does; a station answering RebootRequired is left inconclusive (the test does not reboot it)')],
  title: 'A Delta monitor of 2 on OCPPCommCtrlr.OfflineThreshold: no event for +1, NotifyEvent with the new value for +2',
  killedBy: [MON.noEvent],
  async run({ csms, profile }) {
    await csms.booted();
    const original = await readSetting(csms, ocpp, OFFLINE_THRESHOLD);
    if (original === undefined || Number.isNaN(Number(original))) throw new Inconclusive(`OCPPCommCtrlr.OfflineThreshold has no numeric value (${String(original)})`);
    const base = Number(original);
    const data: MonitorData = { value: 2, type: 'Delta', severity: 8, component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' } };
    const [result] = await setMonitoring(csms, [data]);
    if (result?.status !== 'Accepted') throw new Inconclusive(`the prerequisite is a monitor on OCPPCommCtrlr.OfflineThreshold; SetVariableMonitoring answered ${String(result?.status)}`);
    checkResult(result, data, ['Accepted'], 'N04.FR.01');
    const id = Number(result.id);
    const ofMonitor = (c: ReceivedCall) => c.action === 'NotifyEvent' && ((c.payload.eventData ?? []) as EventData[]).some((e) => e.variableMonitoringId === id);
    const write = async (value: number) => {
      const status = await writeSetting(csms, ocpp, OFFLINE_THRESHOLD, String(value));
      if (status === 'RebootRequired') throw new Inconclusive('SetVariables of OCPPCommCtrlr.OfflineThreshold answered RebootRequired: the test does not reboot the station');
      if (status !== 'Accepted') throw new Verdict(`SetVariables OCPPCommCtrlr.OfflineThreshold = ${value} must be Accepted or RebootRequired, got ${status}`, 'B05.FR.01');
    };
    try {
      let since = Date.now();
      await write(base + 1);
      const early = await csms.firstUnwanted(ofMonitor, profile.timing.quietMs, since);
      if (early) throw new Verdict(`OfflineThreshold changed by 1, less than the monitor's delta 2, yet monitor ${id} reported an event`, 'N07.FR.06');
      since = Date.now();
      await write(base + 2);
      const event = await csms.expectCall('NotifyEvent', { after: since, where: (p) => ((p.eventData ?? []) as EventData[]).some((e) => e.variableMonitoringId === id) }).catch((err: Error) => {
        throw new Verdict(`OfflineThreshold moved by 2 from ${base}: the Delta monitor ${id} must report it with NotifyEvent: ${err.message}`, 'N07.FR.06');
      });
      const e = ((event.payload.eventData ?? []) as (EventData & { actualValue?: string })[]).find((x) => x.variableMonitoringId === id)!;
      if (Number(e.actualValue) !== base + 2) throw new Verdict(`the event's actualValue must be the new OfflineThreshold ${base + 2}, got ${String(e.actualValue)}`, 'N07.FR.06');
    } finally {
      await clearMonitors(csms, [id]);
      await writeSetting(csms, ocpp, OFFLINE_THRESHOLD, original).catch(() => undefined);
    }
  },
});

/**
 * TC_N_51_CS: an UpperThreshold monitor on EVSE Power at maxLimit - 1 (from the station's report); Power rises to
 * 1000 W (the document's manual trigger: operator action setVariableValue), below it; the monitor is replaced
 * through its id with 0.0: Accepted, and NotifyEvent Alerting with actualValue above 0.0 follows, since the current
 * value already exceeds the new threshold.
 */
export const replacedThreshold = testCase<CsTestCase>({
  useCase: 'N07', variant: 'replaced-threshold', ocpp, sut: 'CS', needs: MONITORING_NEEDS, actions: ['setVariableValue'],
  octt: [partial('TC_N_51_CS', 'Power rises through the operator action setVariableValue (the document\'s manual trigger), not through the EnergyTransferStarted state')],
  title: 'An UpperThreshold monitor on EVSE Power replaced with 0.0 while Power is above it: Accepted, then NotifyEvent Alerting',
  killedBy: [MON.newThresholdUnchecked],
  async run({ csms, sut, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const maxLimit = await powerMaxLimit(csms, evseId);
    const original: MonitorData = { ...evseAvailability(evseId, 'UpperThreshold', maxLimit - 1), variable: { name: 'Power' } };
    const [installed] = await setMonitoring(csms, [original]);
    checkResult(installed!, original, ['Accepted'], 'N04.FR.01');
    const id = Number(installed!.id);
    try {
      await sut.act('setVariableValue', { component: 'EVSE', evse: evseId, variable: 'Power', value: Math.min(1000, maxLimit - 2) });
      const since = Date.now();
      const replacement: MonitorData = { ...original, id, value: 0.0 };
      const [result] = await setMonitoring(csms, [replacement]);
      checkResult(result!, replacement, ['Accepted'], 'N04.FR.12');
      const event = await csms.expectCall('NotifyEvent', { after: since, where: (p) => ((p.eventData ?? []) as EventData[]).some((e) => e.variableMonitoringId === id && e.trigger === 'Alerting') }).catch((err: Error) => {
        throw new Verdict(`Power is above the replaced threshold 0.0: monitor ${id} must report it with NotifyEvent Alerting: ${err.message}`, 'N07.FR.11');
      });
      const e = ((event.payload.eventData ?? []) as (EventData & { actualValue?: string })[]).find((x) => x.variableMonitoringId === id && x.trigger === 'Alerting')!;
      if (!(Number(e.actualValue) > 0)) throw new Verdict(`the event's actualValue must exceed the threshold 0.0, got ${String(e.actualValue)}`, 'N07.FR.11');
      if (event.payload.tbc === true) {
        await csms.expectCall('NotifyEvent', { after: event, where: { tbc: false } }).catch(() => { throw new Verdict('a NotifyEvent with tbc true must be followed by the rest of the report'); });
      }
    } finally {
      await clearMonitors(csms, [id]);
      await sut.act('setVariableValue', { component: 'EVSE', evse: evseId, variable: 'Power', value: 0 }).catch(() => undefined);
    }
  },
});

/**
 * TC_N_53_CS: an UpperThreshold monitor (100.0) on EVSE Power; the station is power cycled (reusable state
 * Booted); GetMonitoringReport ThresholdMonitoring lists the monitor by its id as UpperThreshold (all parts).
 */
export const persistent = testCase<CsTestCase>({
  useCase: 'N07', variant: 'reboot', ocpp, sut: 'CS', needs: MONITORING_NEEDS, actions: ['powerFailure'],
  octt: full('TC_N_53_CS'),
  title: 'A threshold monitor outlives a power cycle: after the reboot the threshold report lists it by its id',
  killedBy: [MON.lostOnReboot],
  async run({ csms, sut, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const data: MonitorData = { ...evseAvailability(evseId, 'UpperThreshold', 100.0), variable: { name: 'Power' } };
    const [result] = await setMonitoring(csms, [data]);
    checkResult(result!, data, ['Accepted'], 'N04.FR.01');
    const id = Number(result!.id);
    try {
      const before = csms.connectionCount;
      const since = csms.received.at(-1) ?? 0;
      await sut.act('powerFailure', { backupPower: false });
      await csms.waitForReboot(since, before);
      const report = await monitoringReport(csms, { monitoringCriteria: ['ThresholdMonitoring'] }, profile.timing.callTimeoutMs);
      if (report.status !== 'Accepted') throw new Verdict(`after the reboot GetMonitoringReport ThresholdMonitoring must be Accepted (monitor ${id} was set), got ${report.status}`);
      const monitor = report.entries.flatMap((e) => (e.variableMonitoring ?? []) as { id?: number; type?: string }[]).find((m) => m.id === id);
      if (monitor?.type !== 'UpperThreshold') throw new Verdict(`after the reboot the report must list monitor ${id} as UpperThreshold; it gives ${monitor ? String(monitor.type) : 'no such monitor'}`);
    } finally {
      await clearMonitors(csms, [id]);
    }
  },
});

/**
 * TC_N_21_CS (AQ-5): the tester makes the station raise a hard-wired notification (operator action
 * hardWiredNotification): NotifyEvent, seqNo 0 with generatedAt, holding an event of type HardWiredNotification.
 */
export const hardWiredNotification = testCase<CsTestCase>({
  useCase: 'N07', variant: 'hard-wired', ocpp, sut: 'CS', needs: [...MONITORING_NEEDS, 'AQ-5'], actions: ['hardWiredNotification'],
  octt: full('TC_N_21_CS'),
  title: 'A hard-wired notification the tester triggers: NotifyEvent with eventNotificationType HardWiredNotification',
  killedBy: [MON.hardWiredAsCustom],
  async run({ csms, sut }) {
    await csms.booted();
    const since = Date.now();
    await sut.act('hardWiredNotification', {});
    const call = await csms.expectCall('NotifyEvent', { after: since }).catch((err: Error) => {
      throw new Verdict(`after the hard-wired notification was triggered the station must send NotifyEvent: ${err.message}`);
    });
    if (call.payload.seqNo !== 0 || typeof call.payload.generatedAt !== 'string') throw new Verdict(`NotifyEvent must carry seqNo 0 and generatedAt, got seqNo ${String(call.payload.seqNo)}`);
    const types = ((call.payload.eventData ?? []) as { eventNotificationType?: string }[]).map((e) => String(e.eventNotificationType));
    if (!types.includes('HardWiredNotification')) throw new Verdict(`a hard-wired notification is reported with eventNotificationType HardWiredNotification, the event gives ${types.join(', ')}`);
  },
});

/**
 * TC_N_48_CS: a Delta monitor on SecurityCtrlr.BasicAuthPassword (the memory state; installed first); the password set
 * to a fresh one of the configured one's length (Accepted or RebootRequired: the station reconnects with it, as A01
 * has it); the monitor's NotifyEvent carries an empty actualValue (N07.FR.10). The configured password is restored after.
 */
export const writeOnlyEvent = testCase<CsTestCase>({
  useCase: 'N07', variant: 'write-only', ocpp, sut: 'CS', needs: [...MONITORING_NEEDS, 'security-profile-1'],
  octt: full('TC_N_48_CS'),
  title: 'A Delta monitor on the write-only BasicAuthPassword: after a password change, NotifyEvent with actualValue empty',
  killedBy: [MON.writeOnlyInEvent],
  async run({ csms, profile }) {
    await csms.booted();
    const length = profile.basicAuthPassword?.length;
    if (length === undefined) throw new Inconclusive('the SUT profile holds no Basic auth password (basicAuthPassword)');
    const data: MonitorData = { value: 1, type: 'Delta', severity: 0, component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } };
    const [result] = await setMonitoring(csms, [data]);
    if (result?.status !== 'Accepted') throw new Inconclusive(`the prerequisite is a Delta monitor on SecurityCtrlr.BasicAuthPassword; SetVariableMonitoring answered ${String(result?.status)}`);
    checkResult(result, data, ['Accepted'], 'N04.FR.01');
    const id = Number(result.id);
    try {
      const since = Date.now();
      await withChangedPassword(csms, length, async () => {
        const event = await csms.expectCall('NotifyEvent', { after: since, where: (p) => ((p.eventData ?? []) as EventData[]).some((e) => e.variableMonitoringId === id) }).catch((err: Error) => {
          throw new Verdict(`BasicAuthPassword changed: the Delta monitor ${id} must report it with NotifyEvent: ${err.message}`, 'N07.FR.06');
        });
        const e = ((event.payload.eventData ?? []) as (EventData & { actualValue?: string })[]).find((x) => x.variableMonitoringId === id)!;
        if (e.actualValue !== '') throw new Verdict('the event of a monitor on the write-only BasicAuthPassword must carry actualValue empty (the value must not leave the station)', 'N07.FR.10');
      });
    } finally {
      await clearMonitors(csms, [id]);
    }
  },
});
