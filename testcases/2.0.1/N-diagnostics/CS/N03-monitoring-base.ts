// N03 Set monitoring base, charging station as SUT (Advanced Device Management).
import { testCase, full, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import type { CsmsHarness } from '../../../../src/harness/csms-harness.js';
import { MON } from '../../../../src/reference/station/monitoring.js';
import { checkResult, clearMonitors, evseAvailability, evseIdOf, checkReportReason, monitoringReport, MONITORING_NEEDS, reportedIds, setMonitoring, type MonitorData } from '../../../shared/monitoring-steps.js';

const ocpp = '2.0.1';
const needs = MONITORING_NEEDS;

async function setBase(csms: CsmsHarness, monitoringBase: string): Promise<void> {
  const answer = await csms.call('SetMonitoringBase', { monitoringBase });
  if (answer.status !== 'Accepted') throw new Verdict(`SetMonitoringBase ${monitoringBase} must be Accepted, got ${String(answer.status)}`, 'N03.FR.01');
  const reason = (answer.statusInfo as { reasonCode?: string } | undefined)?.reasonCode;
  if (reason !== undefined && reason !== 'NoError') throw new Verdict(`SetMonitoringBase ${monitoringBase}: reasonCode ${reason}; expected none or NoError`);
}

/** TC_N_05_CS: SetMonitoringBase All, FactoryDefault and HardWiredOnly are each Accepted (All again afterwards). */
export const success = testCase<CsTestCase>({
  useCase: 'N03', variant: 'success', ocpp, sut: 'CS', needs,
  octt: full('TC_N_05_CS'),
  title: 'SetMonitoringBase All, FactoryDefault, HardWiredOnly: each Accepted',
  killedBy: [MON.baseRejected],
  async run({ csms }) {
    await csms.booted();
    try {
      for (const base of ['All', 'FactoryDefault', 'HardWiredOnly']) await setBase(csms, base);
    } finally {
      await csms.call('SetMonitoringBase', { monitoringBase: 'All' }).catch(() => undefined);
    }
  },
});

/**
 * TC_N_06_CS: a custom Delta monitor on ChargingStation AvailabilityState (installed first, so that step 1 finds
 * one) is reported in one part; after SetMonitoringBase HardWiredOnly the report for that variable no longer lists it.
 */
export const removesCustom = testCase<CsTestCase>({
  useCase: 'N03', variant: 'removes-custom', ocpp, sut: 'CS', needs,
  octt: full('TC_N_06_CS'),
  title: 'SetMonitoringBase HardWiredOnly removes a custom monitor: the ChargingStation AvailabilityState report no longer lists it',
  killedBy: [MON.baseKeepsCustom],
  async run({ csms, profile }) {
    await csms.booted();
    const data: MonitorData = { ...evseAvailability(evseIdOf(profile)), component: { name: 'ChargingStation' } };
    const [result] = await setMonitoring(csms, [data]);
    checkResult(result!, data, ['Accepted'], 'N04.FR.01');
    const id = Number(result!.id);
    const request = { componentVariable: [{ component: data.component, variable: data.variable }] };
    try {
      const before = await monitoringReport(csms, request, profile.timing.callTimeoutMs);
      if (before.status !== 'Accepted') throw new Verdict(`GetMonitoringReport for ChargingStation AvailabilityState (a monitor is installed) must be Accepted, got ${before.status}`, 'N02.FR.01');
      checkReportReason(before, ['NoError']);
      const first = before.parts[0]!;
      if (typeof first.generatedAt !== 'string') throw new Verdict('NotifyMonitoringReport must carry generatedAt');
      if (before.parts.length > 1) throw new Verdict(`the report of one variable must come in one part (tbc absent or false), it came in ${before.parts.length}`);
      if (!reportedIds(before).includes(id)) throw new Verdict(`NotifyMonitoringReport must list the Delta monitor ${id} on ChargingStation AvailabilityState; it lists ${JSON.stringify(reportedIds(before))}`, 'N02.FR.01');
      await setBase(csms, 'HardWiredOnly');
      const after = await monitoringReport(csms, request, profile.timing.callTimeoutMs);
      if (reportedIds(after).includes(id)) throw new Verdict(`after SetMonitoringBase HardWiredOnly the custom monitor ${id} must be gone, the station still reports it`, 'N03.FR.05');
    } finally {
      await csms.call('SetMonitoringBase', { monitoringBase: 'All' }).catch(() => undefined);
      await clearMonitors(csms, [id]);
    }
  },
});
