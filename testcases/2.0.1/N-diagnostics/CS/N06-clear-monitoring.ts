// N06 Clear / remove monitoring, charging station as SUT (Advanced Device Management).
import { testCase, full, partial, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { Inconclusive } from '../../../../src/harness/verdicts.js';
import { MON } from '../../../../src/reference/station/monitoring.js';
import { checkResult, evseAvailability, evseIdOf, checkReportReason, monitoringReport, MONITORING_NEEDS, reportedIds, setMonitoring, type MonitorData } from '../../../shared/monitoring-steps.js';

const ocpp = '2.0.1';
const needs = MONITORING_NEEDS;

/**
 * TC_N_18_CS: monitors on ChargingStation and EVSE AvailabilityState (installed first, the memory state) are
 * cleared: both Accepted; GetMonitoringReport for them is then EmptyResultSet.
 */
export const success = testCase<CsTestCase>({
  useCase: 'N06', variant: 'success', ocpp, sut: 'CS', needs,
  octt: full('TC_N_18_CS'),
  title: 'ClearVariableMonitoring of two installed monitors: both Accepted; a report for them is then EmptyResultSet',
  killedBy: [MON.clearKeeps],
  async run({ csms, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const onStation: MonitorData = { ...evseAvailability(evseId), component: { name: 'ChargingStation' } };
    const onEvse = evseAvailability(evseId);
    const results = await setMonitoring(csms, [onStation, onEvse]);
    results.forEach((r, i) => checkResult(r, [onStation, onEvse][i]!, ['Accepted'], 'N04.FR.01'));
    const ids = results.map((r) => Number(r.id));
    const answer = await csms.call('ClearVariableMonitoring', { id: ids });
    const cleared = (answer.clearMonitoringResult ?? []) as { id?: number; status?: string; statusInfo?: { reasonCode?: string } }[];
    for (const id of ids) {
      const r = cleared.find((c) => c.id === id);
      if (r?.status !== 'Accepted') throw new Verdict(`ClearVariableMonitoring of the installed monitor ${id} must be Accepted, got ${r ? String(r.status) : 'no result'}`, 'N06.FR.01');
      if (r.statusInfo?.reasonCode !== undefined && r.statusInfo.reasonCode !== 'NoError') throw new Verdict(`the Accepted result for monitor ${id} gives reasonCode ${r.statusInfo.reasonCode}`);
    }
    const report = await monitoringReport(csms, { componentVariable: [{ component: onStation.component, variable: onStation.variable }, { component: onEvse.component, variable: onEvse.variable }] }, profile.timing.callTimeoutMs);
    const left = reportedIds(report).filter((id) => ids.includes(id));
    if (report.status !== 'EmptyResultSet' && left.length > 0) throw new Verdict(`after ClearVariableMonitoring the station still reports monitor(s) ${left.join(', ')}`, 'N06.FR.01');
    if (report.status !== 'EmptyResultSet') throw new Verdict(`GetMonitoringReport for the cleared monitors' variables must be EmptyResultSet, got ${report.status}`, 'N02.FR.02');
    checkReportReason(report, ['NotFound']);
  },
});

/** TC_N_19_CS: ClearVariableMonitoring of an id above every reported monitor's: NotFound, with that id. */
export const notFound = testCase<CsTestCase>({
  useCase: 'N06', variant: 'not-found', ocpp, sut: 'CS', needs,
  octt: full('TC_N_19_CS'),
  title: 'ClearVariableMonitoring of a monitor id the station does not have: NotFound',
  killedBy: [MON.clearUnknownAccepted],
  async run({ csms, profile }) {
    await csms.booted();
    const report = await monitoringReport(csms, {}, profile.timing.callTimeoutMs);
    const id = Math.max(123455, ...reportedIds(report)) + 1;
    const answer = await csms.call('ClearVariableMonitoring', { id: [id] });
    const r = ((answer.clearMonitoringResult ?? []) as { id?: number; status?: string; statusInfo?: { reasonCode?: string } }[])[0];
    if (r?.status !== 'NotFound') throw new Verdict(`ClearVariableMonitoring of monitor ${id} (not reported by the station) must be NotFound, got ${r ? String(r.status) : 'no result'}`, 'N06.FR.02');
    if (r.id !== id) throw new Verdict(`the result must name id ${id}, it names ${String(r.id)}`);
    if (r.statusInfo?.reasonCode !== undefined && r.statusInfo.reasonCode !== 'NotFound') throw new Verdict(`the NotFound result gives reasonCode ${r.statusInfo.reasonCode}; expected none or NotFound`);
  },
});

/**
 * TC_N_52_CS: an UpperThreshold monitor (value 0.0) on EVSE Power is cleared: Accepted; the threshold report for that
 * variable is EmptyResultSet; when Power then rises, no NotifyEvent names the cleared monitor.
 */
export const removed = testCase<CsTestCase>({
  useCase: 'N06', variant: 'removed', ocpp, sut: 'CS', needs, actions: ['setVariableValue'],
  octt: [partial('TC_N_52_CS', 'Power rises through the operator action setVariableValue, not through the EnergyTransferStarted state')],
  title: 'A cleared UpperThreshold monitor on EVSE Power: Accepted, no longer reported, and no NotifyEvent when Power rises',
  killedBy: [MON.clearKeeps],
  async run({ csms, sut, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const data: MonitorData = { ...evseAvailability(evseId, 'UpperThreshold', 0.0), variable: { name: 'Power' } };
    const [result] = await setMonitoring(csms, [data]);
    checkResult(result!, data, ['Accepted'], 'N04.FR.01');
    const id = Number(result!.id);
    const answer = await csms.call('ClearVariableMonitoring', { id: [id] });
    const r = ((answer.clearMonitoringResult ?? []) as { id?: number; status?: string }[])[0];
    if (r?.status !== 'Accepted' || r.id !== id) throw new Verdict(`ClearVariableMonitoring of monitor ${id} must be Accepted with that id, got ${JSON.stringify(r)}`, 'N06.FR.01');
    const report = await monitoringReport(csms, { monitoringCriteria: ['ThresholdMonitoring'], componentVariable: [{ component: data.component, variable: data.variable }] }, profile.timing.callTimeoutMs);
    if (report.status !== 'EmptyResultSet') throw new Verdict(`the threshold report for EVSE ${evseId} Power must be EmptyResultSet after the clear, got ${report.status}`, 'N07.FR.12');
    const since = csms.received.at(-1);
    await sut.act('setVariableValue', { component: 'EVSE', evse: evseId, variable: 'Power', value: 1000 });
    const event = await csms.firstUnwanted((c) => c.action === 'NotifyEvent'
      && ((c.payload.eventData ?? []) as { variableMonitoringId?: number }[]).some((e) => e.variableMonitoringId === id), profile.timing.quietMs, since);
    if (event) throw new Verdict(`monitor ${id} was cleared, but the station reported it in NotifyEvent`, 'N07.FR.12');
  },
});

/**
 * TC_N_44_CS (AQ-5: a hard-wired monitor): the monitors the station reports before any is set are its hard-coded
 * ones; clearing the first of them is Rejected.
 */
export const hardWiredRejected = testCase<CsTestCase>({
  useCase: 'N06', variant: 'hard-wired-rejected', ocpp, sut: 'CS', needs: [...needs, 'AQ-5'],
  octt: full('TC_N_44_CS'),
  title: 'ClearVariableMonitoring of a hard-wired monitor (the first the station reports): Rejected',
  killedBy: [MON.clearHardWiredAccepted],
  async run({ csms, profile }) {
    await csms.booted();
    const report = await monitoringReport(csms, {}, profile.timing.callTimeoutMs);
    const id = reportedIds(report)[0];
    if (report.status !== 'Accepted' || id === undefined) throw new Inconclusive(`the station claims a hard-wired monitor (AQ-5), but GetMonitoringReport reports none (${report.status})`);
    const answer = await csms.call('ClearVariableMonitoring', { id: [id] });
    const r = ((answer.clearMonitoringResult ?? []) as { id?: number; status?: string }[])[0];
    if (r?.status !== 'Rejected') throw new Verdict(`ClearVariableMonitoring of the hard-wired monitor ${id} must be Rejected, got ${JSON.stringify(r)}`);
  },
});
