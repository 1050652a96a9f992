// N04 Set variable monitoring, charging station as SUT (Advanced Device Management).
import { testCase, full, partial, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { MON } from '../../../../src/reference/station/monitoring.js';
import {
  checkResult, clearMonitors, evseAvailability, evseIdOf, checkReportReason, powerMaxLimit, monitoringReport, MONITORING_NEEDS, reportedIds, setMonitoring, SEVERITY, type MonitorData,
} from '../../../shared/monitoring-steps.js';

const ocpp = '2.0.1';
const needs = MONITORING_NEEDS;

/**
 * TC_N_08_CS: a Delta monitor on EVSE AvailabilityState (severity 8) is Accepted with an id; GetMonitoringReport for
 * that component/variable is Accepted and NotifyMonitoringReport lists the monitor.
 */
export const oneElement = testCase<CsTestCase>({
  useCase: 'N04', variant: 'one-element', ocpp, sut: 'CS', needs,
  octt: full('TC_N_08_CS'),
  title: 'SetVariableMonitoring of one Delta monitor on EVSE AvailabilityState: Accepted with an id, then reported by GetMonitoringReport',
  killedBy: [MON.reportMissing],
  async run({ csms, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const data = evseAvailability(evseId);
    const [result] = await setMonitoring(csms, [data]);
    checkResult(result!, data, ['Accepted'], 'N04.FR.01', ['NoError']);
    const id = Number(result!.id);
    try {
      const report = await monitoringReport(csms, { componentVariable: [{ component: data.component, variable: data.variable }] }, profile.timing.callTimeoutMs);
      if (report.status !== 'Accepted') throw new Verdict(`GetMonitoringReport for EVSE ${evseId} AvailabilityState (a monitor is installed) must be Accepted, got ${report.status}`, 'N02.FR.01');
      checkReportReason(report, ['NoError']);
      const entry = report.entries.find((e) => (e.component as { name?: string; evse?: { id?: number } }).name === 'EVSE' && (e.component as { evse?: { id?: number } }).evse?.id === evseId
        && (e.variable as { name?: string }).name === 'AvailabilityState');
      const monitors = (entry?.variableMonitoring ?? []) as { id?: number; type?: string }[];
      if (!monitors.some((m) => m.type === 'Delta' && m.id === id)) {
        throw new Verdict(`NotifyMonitoringReport must list the Delta monitor ${id} on EVSE ${evseId} AvailabilityState; it lists ${JSON.stringify(reportedIds(report))}`, 'N02.FR.01');
      }
    } finally {
      await clearMonitors(csms, [id]);
    }
  },
});

/** TC_N_11_CS: a monitor on EVSE 99 and one on component "NonExistent": no id, UnknownComponent (or Rejected / UnknownVariable). */
export const unknownComponent = testCase<CsTestCase>({
  useCase: 'N04', variant: 'unknown-component', ocpp, sut: 'CS', needs,
  octt: full('TC_N_11_CS'),
  title: 'SetVariableMonitoring on EVSE 99 and on component NonExistent: UnknownComponent for both, no id',
  killedBy: [MON.unknownAccepted],
  async run({ csms }) {
    await csms.booted();
    const onEvse = evseAvailability(99);
    const nonExistent: MonitorData = { value: 1234.0, type: 'UpperThreshold', severity: SEVERITY, component: { name: 'NonExistent' }, variable: { name: 'Power' } };
    const [a, b] = await setMonitoring(csms, [onEvse, nonExistent]);
    checkResult(a!, onEvse, ['UnknownComponent', 'Rejected'], 'N04.FR.03', ['UnknownEVSE', 'NotFound']);
    checkResult(b!, nonExistent, ['UnknownComponent', 'UnknownVariable'], 'N04.FR.03');
  },
});

/** TC_N_37_CS: a Delta monitor on EVSE variable "unknownVariable": UnknownVariable. */
export const unknownVariable = testCase<CsTestCase>({
  useCase: 'N04', variant: 'unknown-variable', ocpp, sut: 'CS', needs,
  octt: full('TC_N_37_CS'),
  title: 'SetVariableMonitoring on an unknown variable of the EVSE component: UnknownVariable',
  killedBy: [MON.unknownAccepted],
  async run({ csms, profile }) {
    await csms.booted();
    const data: MonitorData = { ...evseAvailability(evseIdOf(profile)), variable: { name: 'unknownVariable' } };
    const [result] = await setMonitoring(csms, [data]);
    checkResult(result!, data, ['UnknownVariable'], 'N04.FR.04');
  },
});

/** TC_N_12_CS: a Delta monitor with value -1 is Rejected (ValueOutOfRange / ValuePositiveOnly). */
export const deltaOutOfRange = testCase<CsTestCase>({
  useCase: 'N04', variant: 'delta-out-of-range', ocpp, sut: 'CS', needs,
  octt: full('TC_N_12_CS'),
  title: 'SetVariableMonitoring of a Delta monitor with a negative value: Rejected, no id',
  killedBy: [MON.negativeDelta],
  async run({ csms, profile }) {
    await csms.booted();
    const data = evseAvailability(evseIdOf(profile), 'Delta', -1);
    const [result] = await setMonitoring(csms, [data]);
    try {
      checkResult(result!, data, ['Rejected'], 'N04.FR.14', ['ValueOutOfRange', 'ValuePositiveOnly']);
    } finally {
      if (typeof result?.id === 'number') await clearMonitors(csms, [result.id]);
    }
  },
});

/** TC_N_10_CS: two Delta monitors on EVSE AvailabilityState, severities 8 and 7: both Accepted, each with its own id. */
export const sameVariable = testCase<CsTestCase>({
  useCase: 'N04', variant: 'same-variable', ocpp, sut: 'CS', needs,
  octt: full('TC_N_10_CS'),
  title: 'SetVariableMonitoring of two Delta monitors on EVSE AvailabilityState (severity 8 and 7): both Accepted with their own ids',
  killedBy: [MON.onePerVariable],
  async run({ csms, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const first = evseAvailability(evseId);
    const second = { ...evseAvailability(evseId), severity: 7 };
    const results = await setMonitoring(csms, [first, second]);
    const ids = results.filter((r) => typeof r.id === 'number').map((r) => Number(r.id));
    try {
      checkResult(results[0]!, first, ['Accepted'], 'N04.FR.01', ['NoError']);
      checkResult(results[1]!, second, ['Accepted'], 'N04.FR.01', ['NoError']);
      if (ids[0] === ids[1]) throw new Verdict(`the two monitors must get their own ids, both got ${ids[0]}`, 'N04.FR.08');
    } finally {
      await clearMonitors(csms, [...new Set(ids)]);
    }
  },
});

/** TC_N_38_CS: an UpperThreshold monitor on EVSE AvailabilityState (not numeric): UnsupportedMonitorType or Rejected. */
export const unsupportedType = testCase<CsTestCase>({
  useCase: 'N04', variant: 'unsupported-type', ocpp, sut: 'CS', needs,
  octt: full('TC_N_38_CS'),
  title: 'SetVariableMonitoring of an UpperThreshold monitor on EVSE AvailabilityState (not numeric): UnsupportedMonitorType',
  killedBy: [MON.thresholdOnText],
  async run({ csms, profile }) {
    await csms.booted();
    const data = evseAvailability(evseIdOf(profile), 'UpperThreshold', 1);
    const [result] = await setMonitoring(csms, [data]);
    try {
      checkResult(result!, data, ['UnsupportedMonitorType', 'Rejected'], 'N04.FR.05');
    } finally {
      if (typeof result?.id === 'number') await clearMonitors(csms, [result.id]);
    }
  },
});

/**
 * TC_N_40_CS: a Delta monitor of severity 5 on EVSE AvailabilityState (installed first) is replaced through its id
 * with severity 4: Accepted, and the Delta report for that variable gives the monitor severity 4.
 */
export const replace = testCase<CsTestCase>({
  useCase: 'N04', variant: 'replace', ocpp, sut: 'CS', needs,
  octt: full('TC_N_40_CS'),
  title: 'SetVariableMonitoring with the id of a Delta monitor (severity 5 to 4): Accepted, and the report gives severity 4',
  killedBy: [MON.replaceIgnored],
  async run({ csms, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const original = { ...evseAvailability(evseId), severity: 5 };
    const [installed] = await setMonitoring(csms, [original]);
    checkResult(installed!, original, ['Accepted'], 'N04.FR.01');
    const id = Number(installed!.id);
    try {
      const replacement = { ...original, id, severity: 4 };
      const [result] = await setMonitoring(csms, [replacement]);
      checkResult(result!, replacement, ['Accepted'], 'N04.FR.12');
      const report = await monitoringReport(csms, { monitoringCriteria: ['DeltaMonitoring'], componentVariable: [{ component: original.component, variable: original.variable }] }, profile.timing.callTimeoutMs);
      if (report.status !== 'Accepted') throw new Verdict(`GetMonitoringReport of the Delta monitors on EVSE ${evseId} AvailabilityState must be Accepted, got ${report.status}`, 'N02.FR.01');
      const monitor = report.entries.flatMap((e) => (e.variableMonitoring ?? []) as { id?: number; severity?: number }[]).find((m) => m.id === id);
      if (monitor?.severity !== 4) throw new Verdict(`after the replacement monitor ${id} must have severity 4, the report gives ${monitor ? String(monitor.severity) : 'no such monitor'}`, 'N04.FR.12');
    } finally {
      await clearMonitors(csms, [id]);
    }
  },
});

/**
 * TC_N_43_CS: on EVSE Power (the configured threshold variable) an UpperThreshold, a Delta of -1.0 and a
 * LowerThreshold in one request: Accepted, Rejected, Accepted.
 */
export const secondOutOfRange = testCase<CsTestCase>({
  useCase: 'N04', variant: 'second-out-of-range', ocpp, sut: 'CS', needs,
  octt: full('TC_N_43_CS'),
  title: 'SetVariableMonitoring of three monitors on EVSE Power, the second a Delta of -1: Accepted, Rejected, Accepted',
  killedBy: [MON.negativeDelta],
  async run({ csms, profile }) {
    await csms.booted();
    const power = (type: string, value: number): MonitorData => ({ ...evseAvailability(evseIdOf(profile), type, value), variable: { name: 'Power' } });
    const data = [power('UpperThreshold', 100.0), power('Delta', -1.0), power('LowerThreshold', 10.0)];
    const results = await setMonitoring(csms, data);
    try {
      checkResult(results[0]!, data[0]!, ['Accepted'], 'N04.FR.01', ['NoError']);
      checkResult(results[1]!, data[1]!, ['Rejected'], 'N04.FR.14', ['NoError', 'ValueOutOfRange', 'ValuePositiveOnly']);
      checkResult(results[2]!, data[2]!, ['Accepted'], 'N04.FR.01', ['NoError']);
    } finally {
      await clearMonitors(csms, results.filter((r) => typeof r.id === 'number').map((r) => Number(r.id)));
    }
  },
});

/**
 * TC_N_09_CS: Delta monitors on EVSE AvailabilityState and ChargingStation AvailabilityState in one request: both
 * Accepted with ids; the report for both variables (seqNo counting from 0 while tbc) lists them.
 */
export const differentVariables = testCase<CsTestCase>({
  useCase: 'N04', variant: 'different-variables', ocpp, sut: 'CS', needs,
  octt: full('TC_N_09_CS'),
  title: 'SetVariableMonitoring of Delta monitors on EVSE and ChargingStation AvailabilityState: both Accepted, both reported',
  killedBy: [MON.reportMissing],
  async run({ csms, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const onEvse = evseAvailability(evseId);
    const onStation: MonitorData = { ...evseAvailability(evseId), component: { name: 'ChargingStation' } };
    const results = await setMonitoring(csms, [onEvse, onStation]);
    const ids = results.filter((r) => typeof r.id === 'number').map((r) => Number(r.id));
    try {
      checkResult(results[0]!, onEvse, ['Accepted'], 'N04.FR.01', ['NoError']);
      checkResult(results[1]!, onStation, ['Accepted'], 'N04.FR.01', ['NoError']);
      const report = await monitoringReport(csms, { componentVariable: [onEvse, onStation].map((d) => ({ component: d.component, variable: d.variable })) }, profile.timing.callTimeoutMs);
      if (report.status !== 'Accepted') throw new Verdict(`GetMonitoringReport for both variables (monitors are installed) must be Accepted, got ${report.status}`, 'N02.FR.01');
      checkReportReason(report, ['NoError']);
      const missing = ids.filter((id) => !reportedIds(report).includes(id));
      if (missing.length > 0) throw new Verdict(`NotifyMonitoringReport must list the installed monitors; missing ${missing.join(', ')}`, 'N02.FR.01');
    } finally {
      await clearMonitors(csms, ids);
    }
  },
});

/** TC_N_15_CS: two Delta monitors of the same severity on EVSE AvailabilityState in one request: one Accepted, one Duplicate. */
export const duplicate = testCase<CsTestCase>({
  useCase: 'N04', variant: 'duplicate', ocpp, sut: 'CS', needs,
  octt: full('TC_N_15_CS'),
  title: 'SetVariableMonitoring of two equal Delta monitors (same severity) on EVSE AvailabilityState: one Accepted, the other Duplicate',
  killedBy: [MON.duplicateAccepted],
  async run({ csms, profile }) {
    await csms.booted();
    const data = evseAvailability(evseIdOf(profile));
    const results = await setMonitoring(csms, [data, { ...data }]);
    const ids = results.filter((r) => typeof r.id === 'number').map((r) => Number(r.id));
    try {
      const accepted = results.find((r) => r.status === 'Accepted');
      const other = results.find((r) => r !== accepted);
      if (!accepted) throw new Verdict(`one of the two monitors must be Accepted, the results are ${results.map((r) => String(r.status)).join(', ')}`, 'N04.FR.01');
      checkResult(accepted, data, ['Accepted'], 'N04.FR.01', ['NoError']);
      checkResult(other!, data, ['Duplicate'], 'N04.FR.10');
    } finally {
      await clearMonitors(csms, [...new Set(ids)]);
    }
  },
});

/**
 * TC_N_39_CS: with a Delta monitor on EVSE AvailabilityState installed, an UpperThreshold monitor on
 * ChargingStation.Power (Power belongs to the EVSE, not to the station) gets no id; GetMonitoringReport is Accepted
 * and NotifyMonitoringReport lists the EVSE AvailabilityState monitor (all parts).
 */
export const notCorresponding = testCase<CsTestCase>({
  useCase: 'N04', variant: 'not-corresponding', ocpp, sut: 'CS', needs,
  octt: [partial('TC_N_39_CS', 'step 2 accepts UnknownVariable besides the document\'s Rejected: N04.FR.04 makes UnknownVariable the answer for a variable its component does not have, and a station giving it must not fail')],
  title: 'SetVariableMonitoring of an UpperThreshold monitor on ChargingStation.Power (not a station variable): no id; the installed EVSE monitor is still reported',
  killedBy: [MON.unknownAccepted, MON.reportMissing],
  async run({ csms, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const installed = evseAvailability(evseId);
    const [first] = await setMonitoring(csms, [installed]);
    checkResult(first!, installed, ['Accepted'], 'N04.FR.01');
    const ids = [Number(first!.id)];
    try {
      const data: MonitorData = { value: 1234.0, type: 'UpperThreshold', severity: SEVERITY, component: { name: 'ChargingStation' }, variable: { name: 'Power' } };
      const [result] = await setMonitoring(csms, [data]);
      if (typeof result?.id === 'number') ids.push(result.id);
      checkResult(result!, data, ['Rejected', 'UnknownVariable'], 'N04.FR.16');
      const report = await monitoringReport(csms, {}, profile.timing.callTimeoutMs);
      if (report.status !== 'Accepted') throw new Verdict(`GetMonitoringReport (a monitor is installed) must be Accepted, got ${report.status}`, 'N02.FR.01');
      const listed = report.entries.some((e) => (e.component as { name?: string }).name === 'EVSE' && (e.variable as { name?: string }).name === 'AvailabilityState');
      if (!listed) throw new Verdict(`NotifyMonitoringReport must list the monitor on EVSE ${evseId} AvailabilityState; it lists ${JSON.stringify(reportedIds(report))}`, 'N02.FR.01');
    } finally {
      await clearMonitors(csms, ids);
    }
  },
});

/**
 * TC_N_13_CS: an UpperThreshold monitor on EVSE Power above that variable's maxLimit is Rejected without an id.
 * The document's <Configured threshold monitor value> is taken from the station's own report: maxLimit + 1. A
 * station that reports no maxLimit for EVSE Power does not meet the prerequisite (inconclusive).
 */
export const thresholdOutOfRange = testCase<CsTestCase>({
  useCase: 'N04', variant: 'threshold-out-of-range', ocpp, sut: 'CS', needs,
  octt: full('TC_N_13_CS'),
  title: 'SetVariableMonitoring of an UpperThreshold monitor on EVSE Power above its maxLimit: Rejected, no id',
  killedBy: [MON.thresholdOutOfRange],
  async run({ csms, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const maxLimit = await powerMaxLimit(csms, evseId);
    const data: MonitorData = { ...evseAvailability(evseId, 'UpperThreshold', maxLimit + 1), variable: { name: 'Power' } };
    const [result] = await setMonitoring(csms, [data]);
    try {
      checkResult(result!, data, ['Rejected'], 'N04.FR.13', ['ValueOutOfRange']);
    } finally {
      if (typeof result?.id === 'number') await clearMonitors(csms, [result.id]);
    }
  },
});
