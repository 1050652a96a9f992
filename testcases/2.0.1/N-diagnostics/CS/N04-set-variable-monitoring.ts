// N04 Set variable monitoring, charging station as SUT (Advanced Device Management).
import { testCase, full, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { MON } from '../../../../src/reference/station/monitoring.js';
import {
  checkResult, clearMonitors, evseAvailability, evseIdOf, checkReportReason, monitoringReport, MONITORING_NEEDS, reportedIds, setMonitoring, SEVERITY, type MonitorData,
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
