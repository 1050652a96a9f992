// N03 Set monitoring base, charging station as SUT (Advanced Device Management).
import { testCase, full, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { Inconclusive } from '../../../../src/harness/verdicts.js';
import type { CsmsHarness } from '../../../../src/harness/csms-harness.js';
import { MON } from '../../../../src/reference/station/monitoring.js';
import { checkResult, checkUnsupportedReason, clearMonitors, evseAvailability, evseIdOf, checkReportReason, monitoringReport, MONITORING_NEEDS, reportedIds, setMonitoring, type MonitorData, type MonitoringReport } from '../../../shared/monitoring-steps.js';

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

/**
 * TC_N_41_CS (AQ-6: a pre-configured monitor): the pre-configured Delta monitor on EVSE AvailabilityState (found in
 * the station's Delta report of that variable before the test sets any) is overridden through its id with severity
 * + 1: Accepted, and reported so; after SetMonitoringBase FactoryDefault (Accepted) it is reported with its own
 * severity again.
 */
export const factoryDefault = testCase<CsTestCase>({
  useCase: 'N03', variant: 'factory-default', ocpp, sut: 'CS', needs: [...needs, 'AQ-6'],
  octt: full('TC_N_41_CS'),
  title: 'A pre-configured monitor overridden with another severity comes back as shipped after SetMonitoringBase FactoryDefault',
  killedBy: [MON.factoryKeepsOverride],
  async run({ csms, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const target = evseAvailability(evseId);
    const request = { monitoringCriteria: ['DeltaMonitoring'], componentVariable: [{ component: target.component, variable: target.variable }] };
    type Reported = { id?: number; severity?: number; value?: number };
    const monitorsIn = (r: MonitoringReport) => r.entries.filter((e) => (e.component as { name?: string }).name === 'EVSE' && (e.variable as { name?: string }).name === 'AvailabilityState')
      .flatMap((e) => (e.variableMonitoring ?? []) as Reported[]);
    const before = await monitoringReport(csms, request, profile.timing.callTimeoutMs);
    const shipped = before.status === 'Accepted' ? monitorsIn(before)[0] : undefined;
    if (!shipped || typeof shipped.id !== 'number' || typeof shipped.severity !== 'number') {
      throw new Inconclusive(`the station claims a pre-configured monitor (AQ-6), but reports no Delta monitor on EVSE ${evseId} AvailabilityState (${before.status})`);
    }
    if (shipped.severity >= 9) throw new Inconclusive(`the pre-configured monitor ${shipped.id} has severity ${shipped.severity}: severity + 1 is out of range`);
    const override: MonitorData = { ...target, id: shipped.id, value: shipped.value ?? target.value, severity: shipped.severity + 1 };
    try {
      const [result] = await setMonitoring(csms, [override]);
      checkResult(result!, override, ['Accepted'], 'N04.FR.12');
      const overridden = await monitoringReport(csms, request, profile.timing.callTimeoutMs);
      if (overridden.status !== 'Accepted') throw new Verdict(`GetMonitoringReport of the Delta monitors on EVSE ${evseId} AvailabilityState must be Accepted, got ${overridden.status}`, 'N02.FR.01');
      const o = monitorsIn(overridden).find((m) => m.id === shipped.id);
      if (o?.severity !== override.severity) throw new Verdict(`after the override monitor ${shipped.id} must have severity ${override.severity}, the report gives ${o ? String(o.severity) : 'no such monitor'}`, 'N04.FR.12');
      await setBase(csms, 'FactoryDefault');
      const restored = await monitoringReport(csms, request, profile.timing.callTimeoutMs);
      if (restored.status !== 'Accepted') throw new Verdict(`after FactoryDefault the pre-configured monitor is back: GetMonitoringReport must be Accepted, got ${restored.status}`);
      const r = monitorsIn(restored).find((m) => m.id === shipped.id);
      if (r?.severity !== shipped.severity) throw new Verdict(`after SetMonitoringBase FactoryDefault monitor ${shipped.id} must be back with severity ${shipped.severity}, the report gives ${r ? String(r.severity) : 'no such monitor'}`);
    } finally {
      await csms.call('SetMonitoringBase', { monitoringBase: 'All' }).catch(() => undefined);
    }
  },
});

/**
 * TC_N_07_CS: SetMonitoringBase with a monitoringBase the station does not support (the profile names it,
 * unsupportedMonitoringBase) is answered NotSupported, reasonCode absent, UnsupportedParam or InvalidValue.
 */
export const unsupportedBase = testCase<CsTestCase>({
  useCase: 'N03', variant: 'unsupported-base', ocpp, sut: 'CS', needs: [...needs, 'monitoring-base-unsupported'],
  octt: full('TC_N_07_CS'),
  title: 'SetMonitoringBase with a monitoringBase the station does not support is answered NotSupported',
  killedBy: [MON.unsupportedBaseAccepted],
  async run({ csms, profile }) {
    const unsupported = profile.unsupportedMonitoringBase?.[0];
    if (!unsupported) throw new Inconclusive('the profile names no monitoringBase the station does not support (unsupportedMonitoringBase)');
    await csms.booted();
    try {
      const answer = await csms.call('SetMonitoringBase', { monitoringBase: unsupported });
      if (answer.status !== 'NotSupported') throw new Verdict(`SetMonitoringBase ${unsupported} (not supported) must be NotSupported, got ${String(answer.status)}`, 'N03.FR.02');
      checkUnsupportedReason('SetMonitoringBase', answer);
    } finally {
      if (unsupported !== 'All') await csms.call('SetMonitoringBase', { monitoringBase: 'All' }).catch(() => undefined);
    }
  },
});
