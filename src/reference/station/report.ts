import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import { status201 } from './model.js';
import { variableInfo, type VariableInfo } from './device-model.js';
import type { ReferenceStation } from './station.js';

/**
 * B07 GetBaseReport / B08 GetReport (2.0.1): the station answers, then sends its report as NotifyReport
 * messages of at most DeviceDataCtrlr.ItemsPerMessage[GetReport] items, seqNo from 0, tbc on all but the last.
 *
 * The report holds every stored controller variable plus the physical components built from the EVSE model
 * (ChargingStation, EVSE, Connector with AvailabilityState, Available, SupplyPhases, Power, ConnectorType).
 * SummaryInventory (C-56) is there only when the station's optional items include C-56. GetReport supports the
 * componentCriteria Available, Enabled and Problem; Active is not supported (a report of it is NotSupported).
 */
export const RPF = {
  seqNoGap: defineFault('cs.report-seqno-gap', 'numbers its NotifyReport messages 0, 2, 3, ... (skips seqNo 1)'),
  wrongRequestId: defineFault('cs.report-wrong-request-id', 'sends NotifyReport with the requestId plus one'),
  tbcEarly: defineFault('cs.report-tbc-early', 'marks every NotifyReport of a multi-part report tbc = false'),
  configReadonly: defineFault('cs.config-inventory-readonly', 'includes read-only variables in a ConfigurationInventory report'),
  ignoresCriteria: defineFault('cs.getreport-ignores-criteria', 'ignores componentCriteria in GetReport (reports every matching component)'),
  ignoresInstance: defineFault('cs.getreport-ignores-instance', 'ignores the variable instance and the EVSE id asked for in GetReport componentVariable'),
  omitsRequired: defineFault('cs.report-omits-required', 'leaves TxCtrlr.TxStopPoint (a required variable) out of its reports'),
  summaryNoEvse: defineFault('cs.summary-no-evse-availability', 'leaves the EVSEs\' AvailabilityState out of a SummaryInventory'),
  noValuesList: defineFault('cs.report-no-values-list', 'reports OptionList/MemberList variables without valuesList'),
  writeOnlyValue: defineFault('cs.report-writeonly-value', 'reports the value of write-only variables (BasicAuthPassword)'),
  summaryAccepted: defineFault('cs.summary-accepted-unsupported', 'answers Accepted (and sends an empty report) to a SummaryInventory it does not support'),
  unsupportedCriteriaAccepted: defineFault('cs.getreport-unsupported-criteria-accepted', 'answers Accepted to a GetReport with a componentCriteria it does not support'),
  firstEvseOnly: defineFault('cs.getreport-first-evse-only', 'answers a GetReport for an EVSE component without evse id with the first EVSE only'),
  emptyAccepted: defineFault('cs.getreport-empty-accepted', 'answers Accepted (and sends an empty report) when nothing matches a GetReport'),
};

/** The criteria this station can evaluate (B08.FR.02: others are NotSupported). */
const SUPPORTED_CRITERIA = new Set(['Available', 'Enabled', 'Problem']);
const AVAILABILITY_STATES = 'Available,Occupied,Reserved,Unavailable,Faulted';

interface Comp { name: string; instance?: string; evse?: { id: number; connectorId?: number } }
interface Entry { component: Comp; variable: { name: string; instance?: string }; info: VariableInfo; maxLimit?: number; unit?: string }

const same = (a: unknown, b: unknown) => String(a ?? '').toLowerCase() === String(b ?? '').toLowerCase();
const compKey = (c: Comp) => `${c.name}|${c.instance ?? ''}|${c.evse?.id ?? ''}|${c.evse?.connectorId ?? ''}`.toLowerCase();

function split(part: string): { name: string; instance?: string } {
  const dot = part.indexOf('.');
  return dot < 0 ? { name: part } : { name: part.slice(0, dot), instance: part.slice(dot + 1) };
}

/** Every variable the station reports, physical components first. */
function inventory(station: ReferenceStation): Entry[] {
  const ro = (value: string, dataType: VariableInfo['dataType'] = 'string', valuesList?: string): VariableInfo => ({ mutability: 'ReadOnly', dataType, value, ...(valuesList ? { valuesList } : {}) });
  const states = station.evses.flatMap((e) => e.connectors.map((c) => status201(e, c)));
  const stationState = states.every((s) => s === 'Unavailable') ? 'Unavailable' : states.every((s) => s === 'Faulted') ? 'Faulted' : 'Available';
  const out: Entry[] = [
    { component: { name: 'ChargingStation' }, variable: { name: 'AvailabilityState' }, info: ro(stationState, 'OptionList', AVAILABILITY_STATES) },
    { component: { name: 'ChargingStation' }, variable: { name: 'SupplyPhases' }, info: ro('3', 'integer') },
  ];
  for (const evse of station.evses) {
    const evseState = status201(evse, evse.connectors[0]!);
    const c: Comp = { name: 'EVSE', evse: { id: evse.id } };
    out.push(
      { component: c, variable: { name: 'AvailabilityState' }, info: ro(evseState, 'OptionList', AVAILABILITY_STATES) },
      { component: c, variable: { name: 'Available' }, info: ro('true', 'boolean') },
      { component: c, variable: { name: 'Power' }, info: ro('22000', 'decimal'), maxLimit: 22000, unit: 'W' },
      { component: c, variable: { name: 'SupplyPhases' }, info: ro('3', 'integer') },
    );
    for (const conn of evse.connectors) {
      const cc: Comp = { name: 'Connector', evse: { id: evse.id, connectorId: conn.id } };
      out.push(
        { component: cc, variable: { name: 'AvailabilityState' }, info: ro(status201(evse, conn), 'OptionList', AVAILABILITY_STATES) },
        { component: cc, variable: { name: 'Available' }, info: ro('true', 'boolean') },
        { component: cc, variable: { name: 'ConnectorType' }, info: ro('cType2') },
        { component: cc, variable: { name: 'SupplyPhases' }, info: ro('3', 'integer') },
      );
    }
  }
  for (const key of station.variables.keys()) {
    const slash = key.indexOf('/');
    if (slash < 0) continue;
    if (key === 'TxCtrlr/TxStopPoint' && station.faults.has(RPF.omitsRequired)) continue;
    out.push({ component: split(key.slice(0, slash)), variable: split(key.slice(slash + 1)), info: variableInfo(station, key) });
  }
  return out;
}

function reportData(station: ReferenceStation, e: Entry): Payload {
  const { info } = e;
  const listed = info.dataType === 'MemberList' || info.dataType === 'OptionList';
  const stored = key(e);
  const value = info.value ?? (station.faults.has(RPF.writeOnlyValue) && stored ? station.variables.get(stored)?.value : undefined);
  return {
    component: e.component,
    variable: e.variable,
    variableAttribute: [{ type: 'Actual', mutability: info.mutability, ...(value !== undefined ? { value } : {}) }],
    variableCharacteristics: {
      dataType: info.dataType, supportsMonitoring: false,
      ...(e.unit ? { unit: e.unit } : {}), ...(e.maxLimit !== undefined ? { maxLimit: e.maxLimit } : {}),
      ...(listed && info.valuesList && !station.faults.has(RPF.noValuesList) ? { valuesList: info.valuesList } : {}),
    },
  };
}

/** The stored key of a controller entry (for the write-only fault, which reveals the stored value). */
function key(e: Entry): string | undefined {
  if (e.component.evse) return undefined;
  const c = e.component.instance ? `${e.component.name}.${e.component.instance}` : e.component.name;
  const v = e.variable.instance ? `${e.variable.name}.${e.variable.instance}` : e.variable.name;
  return `${c}/${v}`;
}

/** Send the report in parts after the answer went out. */
function sendReport(station: ReferenceStation, requestId: number, entries: Entry[]): void {
  station.later(0, async () => {
    const size = Math.max(1, Number(station.variables.get('DeviceDataCtrlr/ItemsPerMessage.GetReport')?.value ?? 20));
    const parts: Entry[][] = [];
    for (let i = 0; i < entries.length; i += size) parts.push(entries.slice(i, i + size));
    if (parts.length === 0) parts.push([]);
    const generatedAt = station.now();
    for (let i = 0; i < parts.length; i++) {
      const seqNo = station.faults.has(RPF.seqNoGap) && i > 0 ? i + 1 : i;
      const tbc = i < parts.length - 1 && !station.faults.has(RPF.tbcEarly);
      await station.send('NotifyReport', {
        requestId: station.faults.has(RPF.wrongRequestId) ? requestId + 1 : requestId,
        generatedAt, seqNo, tbc,
        ...(parts[i]!.length ? { reportData: parts[i]!.map((e) => reportData(station, e)) } : {}),
      });
    }
  });
}

/** Components (by identity) that have a variable named after the criterion set to true. */
function meeting(all: Entry[], criteria: string[]): Set<string> {
  const hits = new Set<string>();
  for (const e of all) {
    if (!e.variable.instance && criteria.some((c) => same(c, e.variable.name)) && e.info.value === 'true') hits.add(compKey(e.component));
  }
  return hits;
}

function matches(station: ReferenceStation, e: Entry, wanted: Payload): boolean {
  const c = (wanted.component ?? {}) as Payload;
  const loose = station.faults.has(RPF.ignoresInstance);
  if (!same(c.name, e.component.name)) return false;
  if (c.instance !== undefined && !same(c.instance, e.component.instance)) return false;
  const evse = c.evse as Payload | undefined;
  if (evse && !loose) {
    if (evse.id !== e.component.evse?.id) return false;
    if (evse.connectorId !== undefined && evse.connectorId !== e.component.evse?.connectorId) return false;
  }
  const v = wanted.variable as Payload | undefined;
  if (!v) return true;
  if (!same(v.name, e.variable.name)) return false;
  return v.instance === undefined || loose || same(v.instance, e.variable.instance);
}

export function install(station: ReferenceStation): void {
  if (station.version !== '2.0.1') return;
  const has = (f: string) => station.faults.has(f);
  const summary = () => (station.options.optional ?? []).includes('C-56');

  station.handle('GetBaseReport', (payload: Payload) => {
    const requestId = Number(payload.requestId);
    const all = inventory(station);
    switch (payload.reportBase) {
      case 'ConfigurationInventory':
        sendReport(station, requestId, has(RPF.configReadonly) ? all : all.filter((e) => e.info.mutability !== 'ReadOnly'));
        return { status: 'Accepted' };
      case 'FullInventory':
        sendReport(station, requestId, all);
        return { status: 'Accepted' };
      case 'SummaryInventory':
        if (!summary()) {
          if (has(RPF.summaryAccepted)) { sendReport(station, requestId, []); return { status: 'Accepted' }; }
          return { status: 'NotSupported', statusInfo: { reasonCode: 'UnsupportedParam' } };
        }
        // Availability of station, EVSEs and connectors; no component of the reference is in a problem state.
        sendReport(station, requestId, all.filter((e) => same(e.variable.name, 'AvailabilityState')
          && !(e.component.name === 'EVSE' && has(RPF.summaryNoEvse))));
        return { status: 'Accepted' };
      default:
        return { status: 'NotSupported', statusInfo: { reasonCode: 'UnsupportedParam' } };
    }
  });

  station.handle('GetReport', (payload: Payload) => {
    const requestId = Number(payload.requestId);
    const criteria = (payload.componentCriteria ?? []) as string[];
    if (criteria.some((c) => !SUPPORTED_CRITERIA.has(c)) && !has(RPF.unsupportedCriteriaAccepted)) {
      return { status: 'NotSupported', statusInfo: { reasonCode: 'UnsupportedParam' } };
    }
    const all = inventory(station);
    const wanted = (payload.componentVariable ?? []) as Payload[];
    let selected = wanted.length ? all.filter((e) => wanted.some((w) => matches(station, e, w))) : all;
    if (has(RPF.firstEvseOnly)) selected = selected.filter((e) => !e.component.evse || e.component.evse.id === station.evses[0]?.id);
    if (criteria.length && !has(RPF.ignoresCriteria)) {
      const ok = meeting(all, criteria);
      selected = selected.filter((e) => ok.has(compKey(e.component)));
    }
    if (selected.length === 0 && !has(RPF.emptyAccepted)) return { status: 'EmptyResultSet', statusInfo: { reasonCode: 'NotFound' } };
    sendReport(station, requestId, selected);
    return { status: 'Accepted' };
  });
}
