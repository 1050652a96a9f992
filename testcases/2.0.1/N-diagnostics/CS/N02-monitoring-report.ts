// N02 Get monitoring report, charging station as SUT (Advanced Device Management).
import { testCase, full, partial, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { Inconclusive } from '../../../../src/harness/verdicts.js';
import { MON } from '../../../../src/reference/station/monitoring.js';
import { checkReportReason, checkUnsupportedReason, checkResult, clearMonitors, evseAvailability, evseIdOf, monitoringReport, MONITORING_NEEDS, reportedIds, setMonitoring, type MonitorData } from '../../../shared/monitoring-steps.js';

const ocpp = '2.0.1';

/**
 * TC_N_47_CS: with Delta monitors on ChargingStation and EVSE AvailabilityState (installed first: the memory state
 * allows them configured by the CSMS), GetMonitoringReport without criteria or components reports every part up
 * to tbc false, and the parts list both monitors.
 */
export const reportAll = testCase<CsTestCase>({
  useCase: 'N02', variant: 'report-all', ocpp, sut: 'CS', needs: MONITORING_NEEDS,
  octt: full('TC_N_47_CS'),
  title: 'GetMonitoringReport without filters: NotifyMonitoringReport parts up to tbc false, listing the AvailabilityState Delta monitors',
  killedBy: [MON.reportMissing],
  async run({ csms, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const onStation: MonitorData = { ...evseAvailability(evseId), component: { name: 'ChargingStation' } };
    const onEvse = evseAvailability(evseId);
    const results = await setMonitoring(csms, [onStation, onEvse]);
    results.forEach((r, i) => checkResult(r, [onStation, onEvse][i]!, ['Accepted'], 'N04.FR.01'));
    const ids = results.map((r) => Number(r.id));
    try {
      const report = await monitoringReport(csms, {}, profile.timing.callTimeoutMs);
      if (report.status !== 'Accepted') throw new Verdict(`GetMonitoringReport (monitors are installed) must be Accepted, got ${report.status}`, 'N02.FR.01');
      for (const [i, data] of [onStation, onEvse].entries()) {
        const listed = report.entries.some((e) => (e.component as { name?: string }).name === data.component.name && (e.variable as { name?: string }).name === 'AvailabilityState'
          && ((e.variableMonitoring ?? []) as { id?: number; type?: string }[]).some((m) => m.id === ids[i] && m.type === 'Delta'));
        if (!listed) throw new Verdict(`the report must list the Delta monitor ${ids[i]} on ${String(data.component.name)} AvailabilityState`, 'N02.FR.11');
      }
    } finally {
      await clearMonitors(csms, ids);
    }
  },
});

/**
 * Own (N02.FR.01, multi-part reports): Delta monitors on three variables (the ones the station accepts count); the
 * report of them all may come in several NotifyMonitoringReport parts, each but the last with tbc true, seqNo
 * counting up, and together they list every accepted monitor.
 */
export const multiPart = testCase<CsTestCase>({
  useCase: 'N02', variant: 'multi-part', ocpp, sut: 'CS', needs: MONITORING_NEEDS,
  title: 'A monitoring report of several variables: the parts up to tbc false (seqNo 0, 1, ...) list every installed monitor',
  killedBy: [MON.reportNoTbc],
  async run({ csms, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const wanted: MonitorData[] = [
      { ...evseAvailability(evseId), component: { name: 'ChargingStation' } },
      evseAvailability(evseId),
      { ...evseAvailability(evseId), variable: { name: 'Power' }, value: 1000 },
    ];
    const results = await setMonitoring(csms, wanted);
    const ids = results.filter((r) => r.status === 'Accepted').map((r) => Number(r.id));
    if (ids.length < 2) throw new Inconclusive(`the station accepted ${ids.length} of the monitors, too few for a report in parts`);
    try {
      const report = await monitoringReport(csms, { componentVariable: wanted.map((w) => ({ component: w.component, variable: w.variable })) }, profile.timing.callTimeoutMs);
      if (report.status !== 'Accepted') throw new Verdict(`GetMonitoringReport (monitors are installed) must be Accepted, got ${report.status}`, 'N02.FR.01');
      const missing = ids.filter((id) => !reportedIds(report).includes(id));
      if (missing.length > 0) {
        throw new Verdict(`the report (${report.parts.length} part(s) up to tbc false) must list every installed monitor; missing ${missing.join(', ')}: a report that goes on must say tbc true`, 'N02.FR.01');
      }
    } finally {
      await clearMonitors(csms, ids);
    }
  },
});

const THRESHOLD = ['UpperThreshold', 'LowerThreshold'];

/**
 * TC_N_01_CS: with monitors of every type on EVSE Power (installed first: the preparation allows monitors configured
 * by the CSMS), reports by monitoringCriteria list only the types asked for: Threshold; Threshold and Delta; Delta
 * and Periodic.
 */
export const byCriteria = testCase<CsTestCase>({
  useCase: 'N02', variant: 'criteria', ocpp, sut: 'CS', needs: MONITORING_NEEDS,
  octt: full('TC_N_01_CS'),
  title: 'GetMonitoringReport by monitoringCriteria (Threshold; Threshold+Delta; Delta+Periodic): only monitors of those types',
  killedBy: [MON.reportIgnoresCriteria],
  async run({ csms, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const power = (type: string, value: number): MonitorData => ({ ...evseAvailability(evseId, type, value), variable: { name: 'Power' } });
    const data = [power('UpperThreshold', 22000), power('LowerThreshold', 10), power('Delta', 1000), power('Periodic', 3600), power('PeriodicClockAligned', 900)];
    const results = await setMonitoring(csms, data);
    const ids = results.filter((r) => typeof r.id === 'number').map((r) => Number(r.id));
    try {
      results.forEach((r, i) => checkResult(r, data[i]!, ['Accepted'], 'N04.FR.01'));
      const cases: [string[], string[]][] = [
        [['ThresholdMonitoring'], THRESHOLD],
        [['ThresholdMonitoring', 'DeltaMonitoring'], [...THRESHOLD, 'Delta']],
        [['DeltaMonitoring', 'PeriodicMonitoring'], ['Delta', 'Periodic', 'PeriodicClockAligned']],
      ];
      for (const [monitoringCriteria, allowed] of cases) {
        const report = await monitoringReport(csms, { monitoringCriteria }, profile.timing.callTimeoutMs);
        if (report.status !== 'Accepted') throw new Verdict(`GetMonitoringReport ${monitoringCriteria.join('+')} (such monitors are installed) must be Accepted, got ${report.status}`, 'N02.FR.01');
        checkReportReason(report, ['NoError']);
        if (typeof report.parts[0]?.generatedAt !== 'string') throw new Verdict('NotifyMonitoringReport must carry generatedAt');
        const types = report.entries.flatMap((e) => ((e.variableMonitoring ?? []) as { type?: string }[]).map((m) => String(m.type)));
        const wrong = types.filter((t) => !allowed.includes(t));
        if (wrong.length > 0) throw new Verdict(`a report for ${monitoringCriteria.join('+')} must list only ${allowed.join('/')} monitors, it lists ${[...new Set(wrong)].join(', ')}`, 'N02.FR.05');
        if (types.length === 0) throw new Verdict(`the report for ${monitoringCriteria.join('+')} lists no monitor, though such monitors are installed`, 'N02.FR.01');
      }
    } finally {
      await clearMonitors(csms, ids);
    }
  },
});

/**
 * TC_N_02_CS: with Delta monitors on ChargingStation and EVSE AvailabilityState (installed first), a report for
 * ChargingStation AvailabilityState and every monitor of the EVSE lists them; AvailabilityState monitors are Delta.
 */
export const byComponentVariable = testCase<CsTestCase>({
  useCase: 'N02', variant: 'component-variable', ocpp, sut: 'CS', needs: MONITORING_NEEDS,
  octt: full('TC_N_02_CS'),
  title: 'GetMonitoringReport for ChargingStation AvailabilityState and the whole EVSE: the AvailabilityState Delta monitors listed',
  killedBy: [MON.reportMissing],
  async run({ csms, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const onStation: MonitorData = { ...evseAvailability(evseId), component: { name: 'ChargingStation' } };
    const onEvse = evseAvailability(evseId);
    const results = await setMonitoring(csms, [onStation, onEvse]);
    const ids = results.filter((r) => typeof r.id === 'number').map((r) => Number(r.id));
    try {
      results.forEach((r, i) => checkResult(r, [onStation, onEvse][i]!, ['Accepted'], 'N04.FR.01'));
      const report = await monitoringReport(csms, { componentVariable: [{ component: onStation.component, variable: onStation.variable }, { component: onEvse.component }] }, profile.timing.callTimeoutMs);
      if (report.status !== 'Accepted') throw new Verdict(`GetMonitoringReport (monitors are installed) must be Accepted, got ${report.status}`, 'N02.FR.01');
      checkReportReason(report, ['NoError']);
      for (const e of report.entries) {
        if ((e.variable as { name?: string }).name !== 'AvailabilityState') continue;
        const other = ((e.variableMonitoring ?? []) as { id?: number; type?: string }[]).filter((m) => ids.includes(Number(m.id)) && m.type !== 'Delta');
        if (other.length > 0) throw new Verdict(`the AvailabilityState monitors ${other.map((m) => m.id).join(', ')} were installed as Delta, the report gives ${other.map((m) => m.type).join(', ')}`);
      }
      const missing = ids.filter((id) => !reportedIds(report).includes(id));
      if (missing.length > 0) throw new Verdict(`the report must list the installed monitors; missing ${missing.join(', ')}`, 'N02.FR.01');
    } finally {
      await clearMonitors(csms, ids);
    }
  },
});

/**
 * TC_N_03_CS: with Delta monitors on ChargingStation and EVSE AvailabilityState (installed first), a report of
 * those two variables filtered to ThresholdMonitoring is EmptyResultSet and sends nothing; filtered to
 * DeltaMonitoring it is Accepted, every part numbered from 0 lists only Delta monitors, and both are listed.
 */
export const byCriteriaAndVariable = testCase<CsTestCase>({
  useCase: 'N02', variant: 'criteria-and-variable', ocpp, sut: 'CS', needs: MONITORING_NEEDS,
  octt: [partial('TC_N_03_CS', 'the preparation installs the Delta monitors on ChargingStation and EVSE AvailabilityState that the post-scenario validation looks for, not the Periodic monitor on ChargingStation.Power the document also lists (no step or validation uses it, and ChargingStation has no Power variable in the reference)')],
  title: 'GetMonitoringReport of ChargingStation/EVSE AvailabilityState by Threshold: EmptyResultSet; by Delta: both Delta monitors, only Delta',
  killedBy: [MON.reportIgnoresCriteria, MON.reportMissing],
  async run({ csms, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const onStation: MonitorData = { ...evseAvailability(evseId), component: { name: 'ChargingStation' } };
    const onEvse = evseAvailability(evseId);
    const results = await setMonitoring(csms, [onStation, onEvse]);
    const ids = results.filter((r) => typeof r.id === 'number').map((r) => Number(r.id));
    const componentVariable = [onStation, onEvse].map((d) => ({ component: d.component, variable: d.variable }));
    try {
      results.forEach((r, i) => checkResult(r, [onStation, onEvse][i]!, ['Accepted'], 'N04.FR.01'));
      const threshold = await monitoringReport(csms, { monitoringCriteria: ['ThresholdMonitoring'], componentVariable }, profile.timing.callTimeoutMs);
      if (threshold.status !== 'EmptyResultSet') throw new Verdict(`GetMonitoringReport of the AvailabilityState variables filtered to ThresholdMonitoring (only Delta monitors there) must be EmptyResultSet, got ${threshold.status}`, 'N02.FR.05');
      checkReportReason(threshold, ['NotFound']);
      const delta = await monitoringReport(csms, { monitoringCriteria: ['DeltaMonitoring'], componentVariable }, profile.timing.callTimeoutMs);
      if (delta.status !== 'Accepted') throw new Verdict(`GetMonitoringReport of the AvailabilityState variables filtered to DeltaMonitoring (Delta monitors installed) must be Accepted, got ${delta.status}`, 'N02.FR.01');
      checkReportReason(delta, ['NoError']);
      if (delta.parts.some((p) => typeof p.generatedAt !== 'string')) throw new Verdict('NotifyMonitoringReport must carry generatedAt');
      const types = delta.entries.flatMap((e) => ((e.variableMonitoring ?? []) as { type?: string }[]).map((m) => String(m.type)));
      const wrong = types.filter((t) => t !== 'Delta');
      if (wrong.length > 0) throw new Verdict(`a report filtered to DeltaMonitoring must list only Delta monitors, it lists ${[...new Set(wrong)].join(', ')}`, 'N02.FR.05');
      for (const d of [onStation, onEvse]) {
        const listed = delta.entries.some((e) => (e.component as { name?: string }).name === (d.component as { name?: string }).name && (e.variable as { name?: string }).name === 'AvailabilityState'
          && ((e.variableMonitoring ?? []) as { type?: string }[]).some((m) => m.type === 'Delta'));
        if (!listed) throw new Verdict(`the DeltaMonitoring report must list the Delta monitor on ${String((d.component as { name?: string }).name)} AvailabilityState`, 'N02.FR.01');
      }
      const stray = csms.lastCall('NotifyMonitoringReport', { requestId: threshold.requestId });
      if (stray) throw new Verdict(`after GetMonitoringReport EmptyResultSet (requestId ${threshold.requestId}) the station must report nothing for it, it sent NotifyMonitoringReport`);
    } finally {
      await clearMonitors(csms, ids);
    }
  },
});

/**
 * TC_N_04_CS: GetMonitoringReport with DeltaMonitoring and a monitoringCriteria the station does not support (the
 * profile names it, unsupportedMonitoringCriteria) is answered NotSupported, reasonCode absent, UnsupportedParam or
 * InvalidValue.
 */
export const unsupportedCriteria = testCase<CsTestCase>({
  useCase: 'N02', variant: 'unsupported-criteria', ocpp, sut: 'CS', needs: [...MONITORING_NEEDS, 'monitoring-criteria-unsupported'],
  octt: full('TC_N_04_CS'),
  title: 'GetMonitoringReport with a monitoringCriteria the station does not support is answered NotSupported',
  killedBy: [MON.unsupportedCriteriaAccepted],
  async run({ csms, profile }) {
    const unsupported = profile.unsupportedMonitoringCriteria?.[0];
    if (!unsupported) throw new Inconclusive('the profile names no monitoringCriteria the station does not support (unsupportedMonitoringCriteria)');
    await csms.booted();
    const criteria = [...new Set(['DeltaMonitoring', unsupported])];
    const answer = await csms.call('GetMonitoringReport', { requestId: Math.floor(Math.random() * 1e6), monitoringCriteria: criteria });
    if (answer.status !== 'NotSupported') throw new Verdict(`GetMonitoringReport with monitoringCriteria ${criteria.join(', ')} (${unsupported} not supported) must be NotSupported, got ${String(answer.status)}`, 'N02.FR.02');
    checkUnsupportedReason('GetMonitoringReport', answer);
  },
});
