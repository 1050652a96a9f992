// N02-N07 monitoring, CSMS as SUT (Advanced Device Management; operator actions setMonitoringBase,
// setVariableMonitoring, setMonitoringLevel, clearVariableMonitoring, getMonitoringReport).
import { testCase, full, partial, type CsmsTestCase, type CsmsContext } from '../../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import type { Payload } from '../../../../src/ocpp/frames.js';
import { MONF } from '../../../../src/reference/csms/monitoring.js';
import { AF } from '../../../../src/reference/csms/availability.js';
import { operatorSends, requireRequestField } from '../../../shared/display-message-steps.js';
import { evseIdOf, MONITORING_NEEDS } from '../../../shared/monitoring-steps.js';

const ocpp = '2.0.1';
const needs = MONITORING_NEEDS;
const act = (ctx: CsmsContext, name: string, args: Record<string, unknown>, action: string, answer: Payload) =>
  operatorSends(ctx, name, { stationId: ctx.profile.stationId, ...args }, action, answer);

/** TC_N_05_CSMS: the operator sets monitoring base All, FactoryDefault, HardWiredOnly: three requests with them. */
export const monitoringBase = testCase<CsmsTestCase>({
  useCase: 'N03', variant: 'success', ocpp, sut: 'CSMS', needs, actions: ['setMonitoringBase'],
  octt: full('TC_N_05_CSMS'),
  title: 'The operator sets monitoring base All, FactoryDefault and HardWiredOnly: SetMonitoringBase with each',
  killedBy: [MONF.baseAlwaysAll],
  async run(ctx) {
    await ctx.station.booted();
    for (const monitoringBase of ['All', 'FactoryDefault', 'HardWiredOnly']) {
      const call = await act(ctx, 'setMonitoringBase', { monitoringBase }, 'SetMonitoringBase', { status: 'Accepted' });
      requireRequestField(call, 'monitoringBase', monitoringBase);
    }
  },
});

/** TC_N_08_CSMS: the operator installs a Delta monitor (value 1, severity 8) on EVSE AvailabilityState. */
export const setVariableMonitoring = testCase<CsmsTestCase>({
  useCase: 'N04', variant: 'one-element', ocpp, sut: 'CSMS', needs, actions: ['setVariableMonitoring'],
  octt: full('TC_N_08_CSMS'),
  title: 'The operator installs a Delta monitor on EVSE AvailabilityState, severity 8: SetVariableMonitoring with exactly that',
  killedBy: [MONF.wrongSeverity],
  async run(ctx) {
    await ctx.station.booted();
    const evseId = evseIdOf(ctx.profile);
    const call = await act(ctx, 'setVariableMonitoring', { component: 'EVSE', evse: evseId, variable: 'AvailabilityState', type: 'Delta', value: 1, severity: 8 },
      'SetVariableMonitoring', { setMonitoringResult: [{ id: 1, status: 'Accepted', type: 'Delta', severity: 8, component: { name: 'EVSE', evse: { id: evseId } }, variable: { name: 'AvailabilityState' } }] });
    const data = ((call.payload.setMonitoringData ?? []) as Payload[])[0];
    if (!data) throw new Verdict('SetVariableMonitoringRequest must carry setMonitoringData');
    const expected: [string, unknown][] = [['type', 'Delta'], ['severity', 8], ['component.name', 'EVSE'], ['component.evse.id', evseId], ['variable.name', 'AvailabilityState']];
    for (const [path, value] of expected) requireRequestField({ ...call, payload: data }, path, value);
    // The document recommends value 1 for a Delta monitor; any positive value is valid.
    if (!(Number(data.value) > 0)) throw new Verdict(`a Delta monitor's value must be positive, it is ${String(data.value)}`);
  },
});

function monitoringLevel(status: 'Accepted' | 'Rejected', id: string) {
  return testCase<CsmsTestCase>({
    useCase: 'N05', variant: status === 'Accepted' ? 'success' : 'rejected', ocpp, sut: 'CSMS', needs, actions: ['setMonitoringLevel'],
    octt: full(id),
    title: `The operator sets monitoring level 4: SetMonitoringLevel severity 4, answered ${status}`,
    killedBy: [MONF.levelWrong],
    async run(ctx) {
      await ctx.station.booted();
      const call = await act(ctx, 'setMonitoringLevel', { severity: 4 }, 'SetMonitoringLevel', { status });
      requireRequestField(call, 'severity', 4);
    },
  });
}
export const levelAccepted = monitoringLevel('Accepted', 'TC_N_16_CSMS');
export const levelRejected = monitoringLevel('Rejected', 'TC_N_17_CSMS');

/**
 * TC_N_18_CSMS: the station allows 2 ids per ClearVariableMonitoring (MonitoringCtrlr ItemsPerMessage); the operator
 * clears 5: the CSMS must send two or more requests, none with more than 2 ids.
 */
export const clearTooMany = testCase<CsmsTestCase>({
  useCase: 'N06', variant: 'too-many', ocpp, sut: 'CSMS', needs, actions: ['clearVariableMonitoring'],
  octt: full('TC_N_18_CSMS'),
  title: 'The operator clears more monitors than ItemsPerMessage allows: several ClearVariableMonitoring, none above the limit',
  killedBy: [MONF.clearNoSplit],
  async run(ctx) {
    const { station, sut, profile } = ctx;
    await station.booted();
    const limit = 2;
    const ids = [101, 102, 103, 104, 105];
    station.answer('GetVariables', (c) => ({
      getVariableResult: ((c.payload.getVariableData ?? []) as Payload[]).map((d) => {
        const known = (d.component as Payload).name === 'MonitoringCtrlr' && (d.variable as Payload).name === 'ItemsPerMessage' && (d.variable as Payload).instance === 'ClearVariableMonitoring';
        return { component: d.component, variable: d.variable, attributeStatus: known ? 'Accepted' : 'UnknownVariable', ...(known ? { attributeValue: String(limit) } : {}) };
      }),
    }));
    station.answer('ClearVariableMonitoring', (c) => ({ clearMonitoringResult: ((c.payload.id ?? []) as number[]).map((id) => ({ id, status: 'NotFound' })) }));
    const since = Date.now();
    await sut.act('clearVariableMonitoring', { stationId: profile.stationId, id: ids });
    const cleared: number[] = [];
    let after: number | ReceivedCall = since;
    while (cleared.length < ids.length) {
      const call: ReceivedCall = await station.expectCall('ClearVariableMonitoring', { after }).catch((err: Error) => {
        throw new Verdict(`the CSMS must clear every monitor the operator named (${ids.join(', ')}), it cleared ${cleared.join(', ') || 'none'}: ${err.message}`);
      });
      after = call;
      const sent = (call.payload.id ?? []) as number[];
      if (sent.length > limit) throw new Verdict(`ClearVariableMonitoring with ${sent.length} ids exceeds the station's ItemsPerMessage of ${limit}`, 'N06.FR.04');
      cleared.push(...sent);
    }
  },
});

/** TC_N_44_CSMS: the operator clears a monitor, the station answers Rejected. */
export const clearRejected = testCase<CsmsTestCase>({
  useCase: 'N06', variant: 'rejected', ocpp, sut: 'CSMS', needs, actions: ['clearVariableMonitoring'],
  octt: full('TC_N_44_CSMS'),
  title: 'The operator clears a monitor: ClearVariableMonitoring for its id, answered Rejected',
  killedBy: [MONF.clearWrongId],
  async run(ctx) {
    await ctx.station.booted();
    ctx.station.answer('GetVariables', (c) => ({
      getVariableResult: ((c.payload.getVariableData ?? []) as Payload[]).map((d) => ({ component: d.component, variable: d.variable, attributeStatus: 'Accepted', attributeValue: '10' })),
    }));
    const call = await act(ctx, 'clearVariableMonitoring', { id: [7] }, 'ClearVariableMonitoring', { clearMonitoringResult: [{ id: 7, status: 'Rejected' }] });
    requireRequestField(call, 'id', [7]);
  },
});

/** TC_N_47_CSMS: the operator asks for every monitor: no criteria, no components; the CSMS takes every report part. */
export const reportAll = testCase<CsmsTestCase>({
  useCase: 'N02', variant: 'report-all', ocpp, sut: 'CSMS', needs, actions: ['getMonitoringReport'],
  octt: full('TC_N_47_CSMS'),
  title: 'The operator asks for every monitor: GetMonitoringReport without filters; the CSMS answers each NotifyMonitoringReport part',
  killedBy: [MONF.reportAddsCriteria, MONF.notifyReportError],
  async run(ctx) {
    await ctx.station.booted();
    const call = await act(ctx, 'getMonitoringReport', {}, 'GetMonitoringReport', { status: 'Accepted' });
    requireRequestField(call, 'monitoringCriteria', undefined);
    requireRequestField(call, 'componentVariable', undefined);
    const evseId = evseIdOf(ctx.profile);
    const entries: Payload[] = [
      { component: { name: 'ChargingStation' }, variable: { name: 'AvailabilityState' }, variableMonitoring: [{ id: 1, transaction: false, value: 1, type: 'Delta', severity: 8 }] },
      { component: { name: 'EVSE', evse: { id: evseId } }, variable: { name: 'AvailabilityState' }, variableMonitoring: [{ id: 2, transaction: false, value: 1, type: 'Delta', severity: 8 }] },
    ];
    for (const [seqNo, entry] of entries.entries()) {
      await ctx.station.call('NotifyMonitoringReport', { requestId: call.payload.requestId, seqNo, generatedAt: new Date().toISOString(), tbc: seqNo < entries.length - 1, monitor: [entry] })
        .catch((err: Error) => { throw new Verdict(`the CSMS must answer NotifyMonitoringReport part ${seqNo}: ${err.message}`); });
    }
  },
});

/** TC_N_01_CSMS: the operator asks for the Delta monitors (EmptyResultSet), then for the threshold monitors (a report). */
export const reportCriteria = testCase<CsmsTestCase>({
  useCase: 'N02', variant: 'criteria', ocpp, sut: 'CSMS', needs, actions: ['getMonitoringReport'],
  octt: full('TC_N_01_CSMS'),
  title: 'The operator asks for Delta, then for threshold monitors: GetMonitoringReport with each monitoringCriteria',
  killedBy: [MONF.notifyReportError],
  async run(ctx) {
    await ctx.station.booted();
    const delta = await act(ctx, 'getMonitoringReport', { monitoringCriteria: ['DeltaMonitoring'] }, 'GetMonitoringReport', { status: 'EmptyResultSet' });
    requireRequestField(delta, 'monitoringCriteria', ['DeltaMonitoring']);
    const threshold = await act(ctx, 'getMonitoringReport', { monitoringCriteria: ['ThresholdMonitoring'] }, 'GetMonitoringReport', { status: 'Accepted' });
    requireRequestField(threshold, 'monitoringCriteria', ['ThresholdMonitoring']);
    await ctx.station.call('NotifyMonitoringReport', {
      requestId: threshold.payload.requestId, seqNo: 0, generatedAt: new Date().toISOString(), tbc: false,
      monitor: [{ component: { name: 'EVSE', evse: { id: evseIdOf(ctx.profile) } }, variable: { name: 'Power' }, variableMonitoring: [{ id: 3, transaction: false, value: 100, type: 'UpperThreshold', severity: 8 }] }],
    }).catch((err: Error) => { throw new Verdict(`the CSMS must answer NotifyMonitoringReport: ${err.message}`); });
  },
});

/** TC_N_48/49/50_CSMS: the station sends NotifyEvent (write-only: no actualValue; cleared; Periodic): the CSMS answers. */
function notifyEvent(variant: string, id: string, event: Payload, what: string) {
  return testCase<CsmsTestCase>({
    useCase: 'N07', variant, ocpp, sut: 'CSMS', needs,
    octt: full(id),
    title: `The station reports ${what} with NotifyEvent: the CSMS answers it`,
    killedBy: [AF.notifyEventError],
    async run(ctx) {
      await ctx.station.booted();
      const eventData = [{ eventId: 1, timestamp: new Date().toISOString(), trigger: 'Alerting', component: { name: 'EVSE', evse: { id: evseIdOf(ctx.profile) } }, variable: { name: 'Power' },
        variableMonitoringId: 3, eventNotificationType: 'CustomMonitor', actualValue: '120', ...event }];
      await ctx.station.call('NotifyEvent', { generatedAt: new Date().toISOString(), seqNo: 0, tbc: false, eventData })
        .catch((err: Error) => { throw new Verdict(`the CSMS must answer NotifyEvent: ${err.message}`); });
    },
  });
}
export const writeOnlyEvent = notifyEvent('write-only', 'TC_N_48_CSMS', { actualValue: '', component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, trigger: 'Delta' }, 'a monitor on a write-only variable (actualValue empty)');
export const clearedEvent = notifyEvent('cleared', 'TC_N_49_CSMS', { cleared: true, actualValue: '80' }, 'a threshold monitor cleared');
export const periodicEvent = notifyEvent('periodic', 'TC_N_50_CSMS', { trigger: 'Periodic' }, 'a Periodic monitor');

/** TC_N_09_CSMS: the operator installs Delta monitors (severity 8) on EVSE and ChargingStation AvailabilityState in one request. */
export const setTwoMonitors = testCase<CsmsTestCase>({
  useCase: 'N04', variant: 'different-variables', ocpp, sut: 'CSMS', needs, actions: ['setVariableMonitoring'],
  octt: full('TC_N_09_CSMS'),
  title: 'The operator installs Delta monitors on EVSE and ChargingStation AvailabilityState: one SetVariableMonitoring with both',
  killedBy: [MONF.wrongSeverity],
  async run(ctx) {
    await ctx.station.booted();
    const evseId = evseIdOf(ctx.profile);
    const monitors = [
      { component: 'EVSE', evse: evseId, variable: 'AvailabilityState', type: 'Delta', value: 1, severity: 8 },
      { component: 'ChargingStation', variable: 'AvailabilityState', type: 'Delta', value: 1, severity: 8 },
    ];
    ctx.station.answer('SetVariableMonitoring', (c) => ({
      setMonitoringResult: ((c.payload.setMonitoringData ?? []) as Payload[]).map((d, i) => ({ id: 10 + i, status: 'Accepted', type: d.type, severity: d.severity, component: d.component, variable: d.variable })),
    }));
    const since = ctx.station.received.at(-1);
    await ctx.sut.act('setVariableMonitoring', { stationId: ctx.profile.stationId, monitors });
    const call = await ctx.station.expectCall('SetVariableMonitoring', { after: since ?? 0 });
    const data = (call.payload.setMonitoringData ?? []) as Payload[];
    for (const [i, m] of monitors.entries()) {
      const d = data[i];
      if (!d) throw new Verdict(`SetVariableMonitoringRequest must carry setMonitoringData[${i}] (${m.component} AvailabilityState)`);
      const expected: [string, unknown][] = [['type', 'Delta'], ['severity', 8], ['component.name', m.component], ['variable.name', 'AvailabilityState'], ...(m.evse !== undefined ? [['component.evse.id', m.evse] as [string, unknown]] : [])];
      for (const [path, value] of expected) requireRequestField({ ...call, payload: d }, path, value);
      if (!(Number(d.value) > 0)) throw new Verdict(`a Delta monitor's value must be positive, setMonitoringData[${i}] has ${String(d.value)}`);
    }
  },
});

/** The request must list a componentVariable naming `name` (and `evseId`) and `variable`. */
function requireComponentVariable(call: ReceivedCall, name: string, variable: string, evseId?: number): void {
  const list = (call.payload.componentVariable ?? []) as { component?: { name?: string; evse?: { id?: number } }; variable?: { name?: string } }[];
  const found = list.some((cv) => cv.component?.name === name && cv.variable?.name === variable && (evseId === undefined || cv.component.evse?.id === evseId));
  if (!found) throw new Verdict(`GetMonitoringReportRequest must ask for ${name}${evseId !== undefined ? ` (evse ${evseId})` : ''} ${variable}, it asks for ${JSON.stringify(list)}`);
}

async function reportPart(ctx: CsmsContext, request: ReceivedCall, entry: Payload): Promise<void> {
  await ctx.station.call('NotifyMonitoringReport', { requestId: request.payload.requestId, seqNo: 0, generatedAt: new Date().toISOString(), tbc: false, monitor: [entry] })
    .catch((err: Error) => { throw new Verdict(`the CSMS must answer NotifyMonitoringReport: ${err.message}`); });
}

/** TC_N_02_CSMS: reports for ChargingStation Power (EmptyResultSet), then for EVSE 1 AvailabilityState (a report). */
export const reportComponentVariable = testCase<CsmsTestCase>({
  useCase: 'N02', variant: 'component-variable', ocpp, sut: 'CSMS', needs, actions: ['getMonitoringReport'],
  octt: full('TC_N_02_CSMS'),
  title: 'The operator asks for the monitors of ChargingStation Power, then of EVSE 1 AvailabilityState: GetMonitoringReport naming each',
  killedBy: [MONF.notifyReportError],
  async run(ctx) {
    await ctx.station.booted();
    const power = await act(ctx, 'getMonitoringReport', { componentVariable: [{ component: { name: 'ChargingStation' }, variable: { name: 'Power' } }] }, 'GetMonitoringReport', { status: 'EmptyResultSet' });
    requireComponentVariable(power, 'ChargingStation', 'Power');
    const evse = { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'AvailabilityState' } };
    const availability = await act(ctx, 'getMonitoringReport', { componentVariable: [evse] }, 'GetMonitoringReport', { status: 'Accepted' });
    requireComponentVariable(availability, 'EVSE', 'AvailabilityState', 1);
    await reportPart(ctx, availability, { ...evse, variableMonitoring: [{ id: 2, transaction: false, value: 1, type: 'Delta', severity: 8 }] });
  },
});

/** TC_N_03_CSMS: Delta monitors of EVSE AvailabilityState (EmptyResultSet), then threshold monitors of ChargingStation Power. */
export const reportCriteriaAndVariable = testCase<CsmsTestCase>({
  useCase: 'N02', variant: 'criteria-and-variable', ocpp, sut: 'CSMS', needs, actions: ['getMonitoringReport'],
  octt: full('TC_N_03_CSMS'),
  title: 'The operator asks for Delta monitors of EVSE AvailabilityState, then threshold monitors of ChargingStation Power',
  killedBy: [MONF.notifyReportError],
  async run(ctx) {
    await ctx.station.booted();
    const evseId = evseIdOf(ctx.profile);
    const evse = { component: { name: 'EVSE', evse: { id: evseId } }, variable: { name: 'AvailabilityState' } };
    const delta = await act(ctx, 'getMonitoringReport', { monitoringCriteria: ['DeltaMonitoring'], componentVariable: [evse] }, 'GetMonitoringReport', { status: 'EmptyResultSet' });
    requireRequestField(delta, 'monitoringCriteria', ['DeltaMonitoring']);
    requireComponentVariable(delta, 'EVSE', 'AvailabilityState', evseId);
    const power = { component: { name: 'ChargingStation' }, variable: { name: 'Power' } };
    const threshold = await act(ctx, 'getMonitoringReport', { monitoringCriteria: ['ThresholdMonitoring'], componentVariable: [power] }, 'GetMonitoringReport', { status: 'Accepted' });
    requireRequestField(threshold, 'monitoringCriteria', ['ThresholdMonitoring']);
    requireComponentVariable(threshold, 'ChargingStation', 'Power');
    await reportPart(ctx, threshold, { ...power, variableMonitoring: [{ id: 4, transaction: false, value: 22000, type: 'UpperThreshold', severity: 8 }] });
  },
});

/** Three NotifyEvents of one monitor on the EVSE's Power (values base+1..3): the CSMS must answer each, empty. */
async function threeEventsAnswered(ctx: CsmsContext, e: { trigger: string; base: number; variableMonitoringId: number; eventNotificationType: string }): Promise<void> {
  for (let n = 1; n <= 3; n++) {
    const eventData = [{
      eventId: n, timestamp: new Date().toISOString(), trigger: e.trigger, actualValue: String(e.base + n), component: { name: 'EVSE', evse: { id: evseIdOf(ctx.profile) } },
      variable: { name: 'Power' }, variableMonitoringId: e.variableMonitoringId, eventNotificationType: e.eventNotificationType,
    }];
    const answer = await ctx.station.call('NotifyEvent', { generatedAt: new Date().toISOString(), seqNo: 0, tbc: false, eventData })
      .catch((err: Error) => { throw new Verdict(`the CSMS must answer NotifyEvent ${n}: ${err.message}`); });
    const extra = Object.keys(answer).filter((k) => k !== 'customData');
    if (extra.length > 0) throw new Verdict(`NotifyEventResponse must be empty, it carries ${extra.join(', ')}`);
  }
}

/** TC_N_24_CSMS: the station reports a Periodic monitor several times; the CSMS answers each NotifyEvent. */
export const periodicEvents = testCase<CsmsTestCase>({
  useCase: 'N08', variant: 'periodic', ocpp, sut: 'CSMS', needs,
  octt: full('TC_N_24_CSMS'),
  title: 'The station sends three Periodic NotifyEvents: the CSMS answers each with an empty NotifyEventResponse',
  killedBy: [AF.notifyEventError],
  async run(ctx) {
    await ctx.station.booted();
    await threeEventsAnswered(ctx, { trigger: 'Periodic', base: 7000, variableMonitoringId: 5, eventNotificationType: 'CustomMonitor' });
  },
});

/**
 * TC_N_21_CSMS: a hard-wired monitor (eventNotificationType HardWiredMonitor) alerts several times; the CSMS answers
 * each NotifyEvent with an empty response. Part 6 has no table of its own: TC_N_24_CSMS says it is that test with an
 * alert instead of a periodic event.
 */
export const hardWiredAlerts = testCase<CsmsTestCase>({
  useCase: 'N07', variant: 'hard-wired', ocpp, sut: 'CSMS', needs,
  octt: [partial('TC_N_21_CSMS', 'Part 6 Ed3 gives no table for it; its steps are taken from TC_N_24_CSMS, which says it is the same test with a periodic event')],
  title: 'A hard-wired monitor alerts three times with NotifyEvent: the CSMS answers each with an empty NotifyEventResponse',
  killedBy: [AF.notifyEventError],
  async run(ctx) {
    await ctx.station.booted();
    await threeEventsAnswered(ctx, { trigger: 'Alerting', base: 23000, variableMonitoringId: 1, eventNotificationType: 'HardWiredMonitor' });
  },
});

/**
 * TC_N_60_CSMS: the operator asks for the threshold monitors of Power of ChargingStation and the EVSE (answered
 * EmptyResultSet), then for the Delta monitors of their AvailabilityState (answered Accepted, reported).
 */
export const reportCriteriaAndList = testCase<CsmsTestCase>({
  useCase: 'N02', variant: 'criteria-and-list', ocpp, sut: 'CSMS', needs, actions: ['getMonitoringReport'],
  octt: [partial('TC_N_60_CSMS', 'the requests are checked as the scenario words them (Threshold/Power, then Delta/AvailabilityState): the tool validations contradict it (Delta for step 1, Threshold/AvailabilityState for step 3); the post-scenario validation (the CSMS shows the Delta monitors) is on its user interface, which the harness cannot see')],
  title: 'The operator asks for threshold monitors of ChargingStation and EVSE Power, then Delta monitors of their AvailabilityState',
  killedBy: [MONF.notifyReportError],
  async run(ctx) {
    await ctx.station.booted();
    const evseId = evseIdOf(ctx.profile);
    const both = (variable: string) => [{ component: { name: 'ChargingStation' }, variable: { name: variable } }, { component: { name: 'EVSE', evse: { id: evseId } }, variable: { name: variable } }];
    const threshold = await act(ctx, 'getMonitoringReport', { monitoringCriteria: ['ThresholdMonitoring'], componentVariable: both('Power') }, 'GetMonitoringReport', { status: 'EmptyResultSet' });
    requireRequestField(threshold, 'monitoringCriteria', ['ThresholdMonitoring']);
    requireComponentVariable(threshold, 'ChargingStation', 'Power');
    requireComponentVariable(threshold, 'EVSE', 'Power', evseId);
    const delta = await act(ctx, 'getMonitoringReport', { monitoringCriteria: ['DeltaMonitoring'], componentVariable: both('AvailabilityState') }, 'GetMonitoringReport', { status: 'Accepted' });
    requireRequestField(delta, 'monitoringCriteria', ['DeltaMonitoring']);
    requireComponentVariable(delta, 'ChargingStation', 'AvailabilityState');
    requireComponentVariable(delta, 'EVSE', 'AvailabilityState', evseId);
    const [onStation, onEvse] = both('AvailabilityState');
    await ctx.station.call('NotifyMonitoringReport', {
      requestId: delta.payload.requestId, seqNo: 0, generatedAt: new Date().toISOString(), tbc: false,
      monitor: [{ ...onStation, variableMonitoring: [{ id: 6, transaction: false, value: 1, type: 'Delta', severity: 8 }] }, { ...onEvse, variableMonitoring: [{ id: 7, transaction: false, value: 1, type: 'Delta', severity: 8 }] }],
    }).catch((err: Error) => { throw new Verdict(`the CSMS must answer NotifyMonitoringReport: ${err.message}`); });
  },
});
