// 2.0.1 N02-N07 variable monitoring: the steps the monitoring test cases share (SetVariableMonitoring with its
// result checks, GetMonitoringReport with the NotifyMonitoringReport parts, clearing what a test installed).
import type { Payload } from '../../src/ocpp/frames.js';
import { Verdict } from '../../src/harness/peer.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import type { SutProfile } from '../../src/harness/config.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import { requestReport } from './report-steps.js';

export const MONITORING_NEEDS = ['advanced-device-management'];
/** The severity the test cases give their monitors (the document's <Configured severity>). */
export const SEVERITY = 8;

export interface MonitorData { id?: number; value: number; type: string; severity: number; transaction?: boolean; component: Payload; variable: Payload }

/** The EVSE the test cases monitor (the document's <Configured evseId>). */
export const evseIdOf = (profile: SutProfile) => profile.evses[0]?.id ?? 1;
export const evseAvailability = (evseId: number, type = 'Delta', value = 1): MonitorData =>
  ({ value, type, severity: SEVERITY, component: { name: 'EVSE', evse: { id: evseId } }, variable: { name: 'AvailabilityState' } });

let nextRequestId = 1 + (Date.now() % 60_000);
export const monitoringRequestId = () => nextRequestId++;

/** SetVariableMonitoring with `data`; one result per item, matched by component/variable/type (any order). */
export async function setMonitoring(csms: CsmsHarness, data: MonitorData[]): Promise<Payload[]> {
  const answer = await csms.call('SetVariableMonitoring', { setMonitoringData: data });
  const results = (answer.setMonitoringResult ?? []) as Payload[];
  if (results.length !== data.length) throw new Verdict(`SetVariableMonitoring with ${data.length} item(s) must get as many results, got ${results.length}`, 'N04.FR.02');
  const key = (x: Payload) => JSON.stringify([(x.component as Payload).name, (x.component as Payload).evse && ((x.component as Payload).evse as Payload).id, (x.variable as Payload).name, x.type]);
  // Two monitors of one type on one variable differ in severity; a result with a wrong severity still pairs up (checkResult says so).
  const unused = [...results];
  return data.map((d) => {
    const same = unused.filter((x) => key(x) === key(d as unknown as Payload));
    const r = same.find((x) => x.severity === d.severity) ?? same[0];
    if (r) unused.splice(unused.indexOf(r), 1);
    if (!r) throw new Verdict(`SetVariableMonitoring has no result naming ${describe(d)}`, 'N04.FR.02');
    return r;
  });
}

export function describe(d: MonitorData | Payload): string {
  const c = d.component as Payload;
  const evse = c.evse ? `(evse ${String((c.evse as Payload).id)})` : '';
  return `${String(d.type)} monitor on ${String(c.name)}${evse}.${String((d.variable as Payload).name)}`;
}

/**
 * A SetMonitoringResult must have one of `statuses` and echo the request's type and severity; Accepted results
 * carry an id, others none; statusInfo, when present, one of `reasons`.
 */
export function checkResult(result: Payload, data: MonitorData, statuses: string[], requirement: string, reasons?: string[]): void {
  const what = describe(data);
  if (!statuses.includes(String(result.status))) throw new Verdict(`SetVariableMonitoring of a ${what} must be answered ${statuses.join(' or ')}, got ${String(result.status)}`, requirement);
  if (result.severity !== data.severity) throw new Verdict(`the result for the ${what} must echo severity ${data.severity}, it says ${String(result.severity)}`, 'N04.FR.02');
  if (result.status === 'Accepted' && typeof result.id !== 'number') throw new Verdict(`the Accepted result for the ${what} must carry the monitor's id`, 'N04.FR.08');
  if (result.status !== 'Accepted' && result.id !== undefined) throw new Verdict(`the ${String(result.status)} result for the ${what} must carry no id, it carries ${String(result.id)}`);
  const reason = (result.statusInfo as Payload | undefined)?.reasonCode;
  if (reason !== undefined && reasons && !reasons.some((r) => r.toLowerCase() === String(reason).toLowerCase())) {
    throw new Verdict(`the result for the ${what} gives reasonCode ${String(reason)}; expected none or ${reasons.join(' or ')}`);
  }
}

/** What a GetMonitoringReport gave: its status and the monitors NotifyMonitoringReport reported (all parts). */
export interface MonitoringReport { status: string; entries: Payload[]; parts: Payload[]; reason?: string; requestId: number }

/** GetMonitoringReport; when Accepted, collects the NotifyMonitoringReport parts up to the one with tbc false. */
export async function monitoringReport(csms: CsmsHarness, request: Payload, within: number): Promise<MonitoringReport> {
  const requestId = monitoringRequestId();
  const since = Date.now();
  const answer = await csms.call('GetMonitoringReport', { requestId, ...request });
  const status = String(answer.status);
  const reason = (answer.statusInfo as Payload | undefined)?.reasonCode as string | undefined;
  const parts: Payload[] = [];
  if (status !== 'Accepted') return { status, entries: [], parts, reason, requestId };
  for (;;) {
    const part = await csms.expectCall('NotifyMonitoringReport', { after: since, within, where: { requestId } }).catch((err: Error) => {
      throw new Verdict(`after GetMonitoringReport Accepted the station must send NotifyMonitoringReport (requestId ${requestId}): ${err.message}`, 'N02.FR.01');
    });
    if (part.payload.seqNo !== parts.length) throw new Verdict(`NotifyMonitoringReport part ${parts.length + 1} must have seqNo ${parts.length}, it has ${String(part.payload.seqNo)}`);
    parts.push(part.payload);
    if (part.payload.tbc !== true) break;
  }
  return { status, entries: parts.flatMap((p) => (p.monitor ?? []) as Payload[]), parts, reason, requestId };
}

/** The ids a report lists. */
export const reportedIds = (report: MonitoringReport) => report.entries.flatMap((e) => ((e.variableMonitoring ?? []) as Payload[]).map((m) => Number(m.id)));

/** Remove the monitors a test installed (best effort: a real station keeps running with them otherwise). */
export async function clearMonitors(csms: CsmsHarness, ids: number[]): Promise<void> {
  if (ids.length > 0) await csms.call('ClearVariableMonitoring', { id: ids }).catch(() => undefined);
}

/** A GetMonitoringReportResponse's statusInfo, when present, must give one of `reasons`. */
export function checkReportReason(report: MonitoringReport, reasons: string[]): void {
  if (report.reason !== undefined && !reasons.some((r) => r.toLowerCase() === report.reason!.toLowerCase())) {
    throw new Verdict(`GetMonitoringReportResponse ${report.status} gives reasonCode ${report.reason}; expected none or ${reasons.join(' or ')}`);
  }
}

/** EVSE Power's maxLimit from the station's own report (GetReport); none reported: the tests that need it are inconclusive. */
export async function powerMaxLimit(csms: CsmsHarness, evseId: number): Promise<number> {
  const items = await requestReport(csms, 'GetReport', { componentVariable: [{ component: { name: 'EVSE', evse: { id: evseId } }, variable: { name: 'Power' } }] }).catch((err: Error) => {
    throw new Inconclusive(`the maxLimit of EVSE ${evseId} Power could not be read (GetReport): ${err.message}`);
  });
  const maxLimit = (items.find((i) => i.variable.name === 'Power')?.variableCharacteristics as { maxLimit?: number } | undefined)?.maxLimit;
  if (typeof maxLimit !== 'number') throw new Inconclusive(`the station reports no maxLimit for EVSE ${evseId} Power`);
  return maxLimit;
}

/** TC_N_04/07_CS: a NotSupported answer's statusInfo is absent or names UnsupportedParam / InvalidValue. */
export function checkUnsupportedReason(action: string, answer: Record<string, unknown>): void {
  const reason = (answer.statusInfo as { reasonCode?: string } | undefined)?.reasonCode;
  if (answer.statusInfo !== undefined && reason !== 'UnsupportedParam' && reason !== 'InvalidValue') {
    throw new Verdict(`${action} NotSupported: statusInfo must be absent or give reasonCode UnsupportedParam or InvalidValue, got ${String(reason)}`);
  }
}
