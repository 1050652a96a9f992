import type { Payload } from '../../ocpp/frames.js';
import { OcppError } from '../errors.js';
import { defineFault } from '../faults.js';
import type { ReferenceCsms } from './csms.js';

/**
 * 2.0.1 N02-N06 monitoring, CSMS side. Operator actions (README "Operator actions"):
 *   setMonitoringBase { monitoringBase }                         SetMonitoringBase.
 *   setVariableMonitoring { component, evse?, variable, type, value, severity, id? } or { monitors: [those] }
 *     SetVariableMonitoring of that monitor (or those monitors, in one request).
 *   setMonitoringLevel { severity }                              SetMonitoringLevel.
 *   clearVariableMonitoring { id: number[] }                     reads MonitoringCtrlr ItemsPerMessage
 *     (ClearVariableMonitoring) first and sends as many ClearVariableMonitoring as that allows (N06.FR.04).
 *   getMonitoringReport { monitoringCriteria?, componentVariable? }  GetMonitoringReport with a fresh requestId.
 * NotifyMonitoringReport parts are acknowledged and kept per station and requestId; NotifyEvent is answered by
 * availability.ts.
 */
export const MONF = {
  baseAlwaysAll: defineFault('csms.monitoring-base-always-all', 'sends SetMonitoringBase All whatever base the operator chose'),
  wrongSeverity: defineFault('csms.set-monitoring-wrong-severity', 'sends SetVariableMonitoring with severity 9 whatever the operator chose'),
  levelWrong: defineFault('csms.monitoring-level-wrong', 'sends SetMonitoringLevel with a severity one above the operator\'s'),
  clearNoSplit: defineFault('csms.clear-monitoring-no-split', 'sends every id in one ClearVariableMonitoring, beyond ItemsPerMessage'),
  clearWrongId: defineFault('csms.clear-monitoring-wrong-id', 'sends ClearVariableMonitoring for other ids than the operator chose'),
  reportAddsCriteria: defineFault('csms.monitoring-report-adds-criteria', 'asks GetMonitoringReport with ThresholdMonitoring although the operator set no criteria'),
  notifyReportError: defineFault('csms.notify-monitoring-report-error', 'answers NotifyMonitoringReport with a CALLERROR'),
};

let nextRequestId = 1 + (Date.now() % 40_000);

export function install(csms: ReferenceCsms): void {
  if (csms.version !== '2.0.1') return;
  const has = (f: string) => csms.faults.has(f);
  const reports = new Map<string, Payload[]>();

  csms.onAction('setMonitoringBase', async (station, args) => {
    await csms.send(station, 'SetMonitoringBase', { monitoringBase: has(MONF.baseAlwaysAll) ? 'All' : String(args.monitoringBase) });
  });
  csms.onAction('setVariableMonitoring', async (station, args) => {
    const monitor = (m: Record<string, unknown>): Payload => {
      const component: Payload = { name: String(m.component) };
      if (m.evse !== undefined) component.evse = { id: Number(m.evse) };
      const data: Payload = {
        value: Number(m.value ?? 1), type: String(m.type ?? 'Delta'), severity: has(MONF.wrongSeverity) ? 9 : Number(m.severity ?? 8),
        component, variable: { name: String(m.variable) },
      };
      if (m.id !== undefined) data.id = Number(m.id);
      return data;
    };
    const monitors = Array.isArray(args.monitors) ? (args.monitors as Record<string, unknown>[]) : [args];
    await csms.send(station, 'SetVariableMonitoring', { setMonitoringData: monitors.map(monitor) });
  });
  csms.onAction('setMonitoringLevel', async (station, args) => {
    await csms.send(station, 'SetMonitoringLevel', { severity: Number(args.severity) + (has(MONF.levelWrong) ? 1 : 0) });
  });
  csms.onAction('clearVariableMonitoring', async (station, args) => {
    const ids = [args.id].flat().map((i) => Number(i) + (has(MONF.clearWrongId) ? 1 : 0));
    let max = ids.length;
    if (!has(MONF.clearNoSplit)) {
      const answer = await csms.send(station, 'GetVariables', {
        getVariableData: [{ component: { name: 'MonitoringCtrlr' }, variable: { name: 'ItemsPerMessage', instance: 'ClearVariableMonitoring' } }],
      });
      const result = (answer.getVariableResult as Payload[] | undefined)?.[0];
      const items = Number(result?.attributeValue);
      if (result?.attributeStatus === 'Accepted' && Number.isInteger(items) && items > 0) max = items;
    }
    for (let i = 0; i < ids.length; i += max) await csms.send(station, 'ClearVariableMonitoring', { id: ids.slice(i, i + max) });
  });
  csms.onAction('getMonitoringReport', async (station, args) => {
    const request: Payload = { requestId: nextRequestId++ };
    if (args.monitoringCriteria !== undefined) request.monitoringCriteria = [args.monitoringCriteria].flat().map(String);
    else if (has(MONF.reportAddsCriteria)) request.monitoringCriteria = ['ThresholdMonitoring'];
    if (args.componentVariable !== undefined) request.componentVariable = args.componentVariable;
    const answer = await csms.send(station, 'GetMonitoringReport', request);
    station.log.event(`GetMonitoringReport ${String(request.requestId)} answered ${String(answer.status)}`);
  });
  csms.handle('NotifyMonitoringReport', (station, p) => {
    if (has(MONF.notifyReportError)) throw new OcppError('InternalError', 'monitoring store unavailable');
    const key = `${station.id}/${String(p.requestId)}`;
    reports.set(key, [...(reports.get(key) ?? []), p]);
    return {};
  });
}
