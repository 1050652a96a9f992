// B07 Get Base Report / B08 Get Custom Report (2.0.1). The harness asks for a report and collects the
// NotifyReport messages that carry it: requestId of the request, seqNo 0, 1, 2, ... without gaps, tbc on all
// but the last (B07/B08: a report in several messages is numbered from 0 and continued with tbc).
import { testCase, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import type { StationHarness } from '../../src/harness/station-harness.js';
import type { Payload } from '../../src/ocpp/frames.js';
import { actAndExpect, getVariables } from './variables-steps.js';

export interface ReportItem {
  component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
  variable: { name: string; instance?: string };
  variableAttribute: { type?: string; value?: string; mutability?: string }[];
  variableCharacteristics?: { dataType: string; valuesList?: string };
}

const same = (a: unknown, b: unknown) => String(a ?? '').toLowerCase() === String(b ?? '').toLowerCase();
const LISTS = new Set(['OptionList', 'MemberList', 'SequenceList']);

export function itemName(r: ReportItem): string {
  const c = r.component;
  const where = c.evse ? `{evse ${c.evse.id}${c.evse.connectorId !== undefined ? `/${c.evse.connectorId}` : ''}}` : '';
  return `${c.name}${c.instance ? `[${c.instance}]` : ''}${where}.${r.variable.name}${r.variable.instance ? `[${r.variable.instance}]` : ''}`;
}

const actual = (r: ReportItem) => r.variableAttribute.find((a) => (a.type ?? 'Actual') === 'Actual');
const compId = (r: ReportItem) => `${r.component.name}|${r.component.instance ?? ''}|${r.component.evse?.id ?? ''}|${r.component.evse?.connectorId ?? ''}`.toLowerCase();

/** The answer must be `wanted`, with no statusInfo or one of the reason codes given. */
function expectAnswer(action: string, answer: Payload, wanted: string, reasons: string[]): void {
  if (answer.status !== wanted) throw new Verdict(`${action} must be answered ${wanted}, got ${String(answer.status)}${answer.statusInfo ? ` (${JSON.stringify(answer.statusInfo)})` : ''}`);
  const reason = (answer.statusInfo as Payload | undefined)?.reasonCode;
  if (reason !== undefined && !reasons.some((r) => same(r, reason))) {
    throw new Verdict(`${action} answered ${wanted} may carry no statusInfo or reasonCode ${reasons.join('/')}, got ${String(reason)}`);
  }
}

let nextRequestId = Math.floor(Math.random() * 1000) + 100;

/**
 * Send a GetBaseReport/GetReport that must be Accepted and collect its report: every NotifyReport must carry
 * the request's requestId and the next seqNo; the report ends with tbc false.
 */
export async function requestReport(csms: CsmsHarness, action: 'GetBaseReport' | 'GetReport', request: Payload): Promise<ReportItem[]> {
  const requestId = nextRequestId++;
  const since = Date.now();
  const answer = await csms.call(action, { requestId, ...request });
  expectAnswer(action, answer, 'Accepted', ['NoError']);
  const items: ReportItem[] = [];
  let last: ReceivedCall | number = since;
  for (let seqNo = 0; ; seqNo++) {
    const call: ReceivedCall = await csms.expectCall('NotifyReport', { after: last });
    last = call;
    const p = call.payload;
    if (p.requestId !== requestId) throw new Verdict(`NotifyReport must carry the requestId ${requestId} of the ${action}, got ${String(p.requestId)}`);
    if (p.seqNo !== seqNo) throw new Verdict(`the NotifyReport messages of one report are numbered from 0 without gaps: expected seqNo ${seqNo}, got ${String(p.seqNo)}`);
    items.push(...((p.reportData ?? []) as unknown as ReportItem[]));
    if (p.tbc !== true) break;
  }
  return items;
}

/** Checks every report makes of each item: characteristics present, list types with a valuesList holding the value. */
function checkItems(items: ReportItem[], what: string): void {
  for (const r of items) {
    const ch = r.variableCharacteristics;
    if (!ch) throw new Verdict(`${what}: ${itemName(r)} is reported without variableCharacteristics`);
    if (LISTS.has(ch.dataType)) {
      if (!ch.valuesList) throw new Verdict(`${what}: ${itemName(r)} has dataType ${ch.dataType} but no valuesList (VariableCharacteristicsType: mandatory for list types)`);
      const allowed = ch.valuesList.split(',').map((v) => v.trim().toLowerCase());
      for (const a of r.variableAttribute) {
        if (a.value === undefined || a.value === '') continue;
        const values = ch.dataType === 'OptionList' ? [a.value] : a.value.split(',');
        const bad = values.find((v) => !allowed.includes(v.trim().toLowerCase()));
        if (bad !== undefined) throw new Verdict(`${what}: ${itemName(r)} = "${a.value}" holds "${bad}", which its valuesList "${ch.valuesList}" does not allow`);
      }
    }
    for (const a of r.variableAttribute) {
      if (a.mutability === 'WriteOnly' && a.value !== undefined) throw new Verdict(`${what}: ${itemName(r)} is WriteOnly and must be reported without its value`);
    }
  }
}

/**
 * The variables Part 2's referenced components and variables mark required, by component. Those of the
 * physical components and the Core controllers are always required; the others only when the station reports
 * the component (it implements that functional block).
 */
const REQUIRED_ALWAYS: Record<string, string[]> = {
  ChargingStation: ['AvailabilityState', 'Available', 'SupplyPhases'],
  DeviceDataCtrlr: ['ItemsPerMessage[GetReport]', 'ItemsPerMessage[GetVariables]', 'ItemsPerMessage[SetVariables]', 'BytesPerMessage[GetReport]', 'BytesPerMessage[GetVariables]', 'BytesPerMessage[SetVariables]'],
  OCPPCommCtrlr: ['FileTransferProtocols', 'MessageTimeout[Default]', 'MessageAttemptInterval[TransactionEvent]', 'MessageAttempts[TransactionEvent]', 'NetworkConfigurationPriority', 'NetworkProfileConnectionAttempts', 'OfflineThreshold', 'ResetRetries', 'RetryBackOffRandomRange', 'RetryBackOffRepeatTimes', 'RetryBackOffWaitMinimum', 'UnlockOnEVSideDisconnect'],
  SecurityCtrlr: ['OrganizationName', 'CertificateEntries', 'SecurityProfile'],
  AuthCtrlr: ['AuthorizeRemoteStart', 'LocalAuthorizeOffline', 'LocalPreAuthorize'],
  TxCtrlr: ['EVConnectionTimeOut', 'StopTxOnEVSideDisconnect', 'StopTxOnInvalidId', 'TxStartPoint', 'TxStopPoint'],
  SampledDataCtrlr: ['TxEndedMeasurands', 'TxEndedInterval', 'TxStartedMeasurands', 'TxUpdatedMeasurands', 'TxUpdatedInterval'],
  AlignedDataCtrlr: ['Interval', 'Measurands', 'TxEndedInterval', 'TxEndedMeasurands'],
  ClockCtrlr: ['DateTime', 'TimeSource'],
};
const REQUIRED_PER_EVSE = ['AvailabilityState', 'Available', 'Power', 'SupplyPhases'];
const REQUIRED_PER_CONNECTOR = ['AvailabilityState', 'Available', 'ConnectorType', 'SupplyPhases'];
const REQUIRED_IF_PRESENT: Record<string, string[]> = {
  LocalAuthListCtrlr: ['Entries', 'ItemsPerMessage', 'BytesPerMessage'],
};

const varName = (r: ReportItem) => `${r.variable.name}${r.variable.instance ? `[${r.variable.instance}]` : ''}`.toLowerCase();

/** The required variables missing from a full inventory (EVSEs and connectors as the profile configures them). */
function missingRequired(items: ReportItem[], evses: { id: number; connectors: number }[]): string[] {
  const missing: string[] = [];
  const has = (component: string, variable: string, evse?: number, connector?: number) => items.some((r) => same(r.component.name, component)
    && !r.component.instance && varName(r) === variable.toLowerCase()
    && (evse === undefined || r.component.evse?.id === evse) && (connector === undefined || r.component.evse?.connectorId === connector));
  const need = (component: string, variables: string[], evse?: number, connector?: number) => {
    for (const v of variables) if (!has(component, v, evse, connector)) missing.push(`${component}${evse !== undefined ? `{evse ${evse}${connector !== undefined ? `/${connector}` : ''}}` : ''}.${v}`);
  };
  for (const [component, variables] of Object.entries(REQUIRED_ALWAYS)) need(component, variables);
  for (const evse of evses) {
    need('EVSE', REQUIRED_PER_EVSE, evse.id);
    for (let c = 1; c <= evse.connectors; c++) need('Connector', REQUIRED_PER_CONNECTOR, evse.id, c);
  }
  for (const [component, variables] of Object.entries(REQUIRED_IF_PRESENT)) {
    if (items.some((r) => same(r.component.name, component))) need(component, variables);
  }
  return missing;
}

// ---------------------------------------------------------------------------------------------------------
// SUT = CS
// ---------------------------------------------------------------------------------------------------------

export function configurationInventoryCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B07', variant: 'configuration-inventory', ocpp: '2.0.1', sut: 'CS', octt,
    title: 'A ConfigurationInventory report holds exactly the configurable (ReadWrite/WriteOnly) variables of the FullInventory, numbered without gaps',
    killedBy: ['cs.config-inventory-readonly', 'cs.report-seqno-gap', 'cs.report-wrong-request-id'],
    async run({ csms }) {
      await csms.booted();
      const full = await requestReport(csms, 'GetBaseReport', { reportBase: 'FullInventory' });
      const config = await requestReport(csms, 'GetBaseReport', { reportBase: 'ConfigurationInventory' });
      checkItems(config, 'ConfigurationInventory');
      for (const r of config) {
        const fixed = r.variableAttribute.find((a) => a.mutability === 'ReadOnly');
        if (fixed) throw new Verdict(`a ConfigurationInventory reports only configurable variables (ReadWrite/WriteOnly), but ${itemName(r)} is ReadOnly`);
      }
      const reported = new Set(config.map((r) => `${compId(r)}.${varName(r)}`));
      const writable = full.filter((r) => r.variableAttribute.some((a) => a.mutability === 'ReadWrite' || a.mutability === 'WriteOnly'));
      const left = writable.filter((r) => !reported.has(`${compId(r)}.${varName(r)}`)).map(itemName);
      if (left.length) throw new Verdict(`the ConfigurationInventory leaves out configurable variables the FullInventory reports: ${left.slice(0, 8).join(', ')}`);
    },
  });
}

export function fullInventoryCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B07', variant: 'full-inventory', ocpp: '2.0.1', sut: 'CS', octt,
    title: 'A FullInventory report is complete and well-formed: every required device-model variable, characteristics with valuesList for list types, no write-only values',
    killedBy: ['cs.report-tbc-early', 'cs.report-seqno-gap', 'cs.report-omits-required', 'cs.report-no-values-list', 'cs.report-writeonly-value'],
    async run({ csms, profile }) {
      await csms.booted();
      const items = await requestReport(csms, 'GetBaseReport', { reportBase: 'FullInventory' });
      checkItems(items, 'FullInventory');
      const missing = missingRequired(items, profile.evses);
      if (missing.length) throw new Verdict(`the FullInventory lacks variables the device model requires (Part 2, referenced components and variables): ${missing.join(', ')}`);
    },
  });
}

export function summaryInventoryCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B07', variant: 'summary-inventory', ocpp: '2.0.1', sut: 'CS', octt, needs: ['C-56'],
    title: 'A SummaryInventory report gives the AvailabilityState of the station and of every EVSE',
    killedBy: ['cs.summary-no-evse-availability', 'cs.report-wrong-request-id'],
    async run({ csms, profile }) {
      await csms.booted();
      const items = await requestReport(csms, 'GetBaseReport', { reportBase: 'SummaryInventory' });
      checkItems(items, 'SummaryInventory');
      const state = (name: string, evse?: number) => items.some((r) => same(r.component.name, name) && same(r.variable.name, 'AvailabilityState')
        && (evse === undefined ? !r.component.evse : r.component.evse?.id === evse && r.component.evse.connectorId === undefined));
      const missing = [...(state('ChargingStation') ? [] : ['ChargingStation']), ...profile.evses.filter((e) => !state('EVSE', e.id)).map((e) => `EVSE ${e.id}`)];
      if (missing.length) throw new Verdict(`a SummaryInventory reports the current availability (B07, SummaryInventory): AvailabilityState missing for ${missing.join(', ')}`);
    },
  });
}

export function summaryNotSupportedCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B07', variant: 'summary-not-supported', ocpp: '2.0.1', sut: 'CS', octt, needsAbsent: ['C-56'],
    title: 'A station without SummaryInventory answers its request NotSupported and sends no report',
    killedBy: ['cs.summary-accepted-unsupported'],
    async run({ csms, profile }) {
      await csms.booted();
      const answer = await csms.call('GetBaseReport', { requestId: nextRequestId++, reportBase: 'SummaryInventory' });
      expectAnswer('GetBaseReport SummaryInventory (not supported)', answer, 'NotSupported', ['UnsupportedParam']);
      await csms.expectNoCall('NotifyReport', profile.timing.quietMs);
    },
  });
}

const EVSE1_STATE = { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'AvailabilityState' } };

/** TC_B_17/18: the report is EVSE #1's AvailabilityState, an OptionList of the five states, ReadOnly Actual. */
function checkEvse1State(items: ReportItem[]): void {
  if (items.length === 0) throw new Verdict('the report for EVSE #1 AvailabilityState is empty');
  for (const r of items) {
    if (!same(r.component.name, 'EVSE') || r.component.evse?.id !== 1 || !same(r.variable.name, 'AvailabilityState')) {
      throw new Verdict(`asked for EVSE #1 AvailabilityState only, the station also reports ${itemName(r)}`);
    }
    const ch = r.variableCharacteristics;
    if (ch?.dataType !== 'OptionList') throw new Verdict(`EVSE #1 AvailabilityState must be an OptionList, reported ${ch?.dataType ?? 'without characteristics'}`);
    const values = (ch.valuesList ?? '').split(',').map((v) => v.trim()).sort().join(',');
    if (values !== 'Available,Faulted,Occupied,Reserved,Unavailable') throw new Verdict(`EVSE #1 AvailabilityState's valuesList must be Available, Occupied, Reserved, Unavailable, Faulted; got "${ch.valuesList ?? ''}"`);
    const a = actual(r);
    if (!a || r.variableAttribute.length !== 1) throw new Verdict(`EVSE #1 AvailabilityState has only an Actual value; reported attributes ${JSON.stringify(r.variableAttribute)}`);
    if (a.mutability !== 'ReadOnly') throw new Verdict(`EVSE #1 AvailabilityState is ReadOnly, reported ${String(a.mutability)}`);
  }
  checkItems(items, 'GetReport');
}

export function customCriteriaCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B08', variant: 'criteria', ocpp: '2.0.1', sut: 'CS', octt, needs: ['advanced-device-management'],
    title: 'A custom report for componentCriteria Enabled reports exactly the components whose Enabled is true, confirmed by GetVariables',
    killedBy: ['cs.getreport-ignores-criteria', 'cs.report-seqno-gap'],
    async run({ csms }) {
      await csms.booted();
      const full = await requestReport(csms, 'GetBaseReport', { reportBase: 'FullInventory' });
      const enabled = full.filter((r) => same(r.variable.name, 'Enabled') && !r.variable.instance && actual(r)?.value === 'true');
      if (enabled.length === 0) throw new Inconclusive('the FullInventory reports no component with Enabled = true, so a report by componentCriteria Enabled has nothing to show');
      const items = await requestReport(csms, 'GetReport', { componentCriteria: ['Enabled'] });
      checkItems(items, 'GetReport');
      const enabledIds = new Set(enabled.map(compId));
      const stray = items.find((r) => !enabledIds.has(compId(r)));
      if (stray) throw new Verdict(`componentCriteria Enabled selects components whose Enabled is true, but the report holds ${itemName(stray)}, of a component that is not`);
      const reportedIds = new Set(items.map(compId));
      const left = enabled.filter((r) => !reportedIds.has(compId(r)));
      if (left.length) throw new Verdict(`the custom report leaves out components whose Enabled is true in the FullInventory: ${left.map(itemName).join(', ')}`);
      for (const r of items.filter((i) => same(i.variable.name, 'Enabled') && !i.variable.instance)) {
        if (actual(r)?.value !== 'true') throw new Verdict(`the report for Enabled components gives ${itemName(r)} = ${String(actual(r)?.value)}`);
      }
      // Step 5: GetVariables confirms each reported component is enabled.
      for (const r of enabled) {
        const [result] = await getVariables(csms, [{ cv: { component: r.component.name, componentInstance: r.component.instance, variable: 'Enabled' } }]);
        if (result!.attributeStatus !== 'Accepted' || result!.attributeValue !== 'true') {
          throw new Verdict(`GetVariables ${itemName(r)} must be Accepted with value true (as reported), got ${String(result!.attributeStatus)} ${String(result!.attributeValue)}`);
        }
      }
    },
  });
}

export function customComponentVariableCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B08', variant: 'component-variable', ocpp: '2.0.1', sut: 'CS', octt, needs: ['advanced-device-management'],
    title: 'A custom report for EVSE #1 AvailabilityState reports exactly that variable: OptionList of the five states, ReadOnly, Actual',
    killedBy: ['cs.getreport-ignores-instance', 'cs.report-no-values-list'],
    async run({ csms }) {
      await csms.booted();
      checkEvse1State(await requestReport(csms, 'GetReport', { componentVariable: [EVSE1_STATE] }));
    },
  });
}

export function customCriteriaAndVariableCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B08', variant: 'criteria-and-variable', ocpp: '2.0.1', sut: 'CS', octt, needs: ['advanced-device-management'],
    title: 'EVSE #1 AvailabilityState is reported for criteria Available and the same request for criteria Problem is EmptyResultSet',
    killedBy: ['cs.getreport-ignores-criteria', 'cs.getreport-empty-accepted'],
    async run({ csms, profile }) {
      await csms.booted();
      checkEvse1State(await requestReport(csms, 'GetReport', { componentCriteria: ['Available'], componentVariable: [EVSE1_STATE] }));
      const answer = await csms.call('GetReport', { requestId: nextRequestId++, componentCriteria: ['Problem'], componentVariable: [EVSE1_STATE] });
      expectAnswer('GetReport for EVSE #1 AvailabilityState of Problem components (EVSE #1 has no problem)', answer, 'EmptyResultSet', ['NotFound']);
      await csms.expectNoCall('NotifyReport', profile.timing.quietMs);
    },
  });
}

export function customUnsupportedCriteriaCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B08', variant: 'unsupported-criteria', ocpp: '2.0.1', sut: 'CS', octt, needs: ['advanced-device-management'],
    title: 'A GetReport with a componentCriteria the station does not support is answered NotSupported',
    killedBy: ['cs.getreport-unsupported-criteria-accepted'],
    async run({ csms, profile }) {
      const unsupported = profile.unsupportedComponentCriteria?.[0];
      if (!unsupported) throw new Inconclusive('the profile names no componentCriteria the station does not support (unsupportedComponentCriteria)');
      await csms.booted();
      const answer = await csms.call('GetReport', { requestId: nextRequestId++, componentCriteria: ['Available', unsupported] });
      expectAnswer(`GetReport with componentCriteria ${unsupported} (not supported)`, answer, 'NotSupported', ['UnsupportedParam', 'InvalidValue']);
    },
  });
}

export function customInstancesCs(octt: OcttClaim[], withInstance: boolean) {
  return testCase<CsTestCase>({
    useCase: 'B08', variant: withInstance ? 'instance' : 'all-instances', ocpp: '2.0.1', sut: 'CS', octt, needs: ['advanced-device-management'],
    title: withInstance
      ? 'A custom report for DeviceDataCtrlr.ItemsPerMessage[GetReport] reports that instance only'
      : 'A custom report for DeviceDataCtrlr.ItemsPerMessage without instance reports every instance (GetReport, GetVariables)',
    killedBy: withInstance ? ['cs.getreport-ignores-instance'] : ['cs.report-wrong-request-id'],
    async run({ csms }) {
      await csms.booted();
      const variable = { name: 'ItemsPerMessage', ...(withInstance ? { instance: 'GetReport' } : {}) };
      const items = await requestReport(csms, 'GetReport', { componentVariable: [{ component: { name: 'DeviceDataCtrlr' }, variable }] });
      checkItems(items, 'GetReport');
      const stray = items.find((r) => !same(r.component.name, 'DeviceDataCtrlr') || !same(r.variable.name, 'ItemsPerMessage') || (withInstance && !same(r.variable.instance, 'GetReport')));
      if (stray) throw new Verdict(`asked for DeviceDataCtrlr.ItemsPerMessage${withInstance ? '[GetReport]' : ''}, the station also reports ${itemName(stray)}`);
      const instances = items.map((r) => String(r.variable.instance ?? '').toLowerCase());
      for (const wanted of withInstance ? ['GetReport'] : ['GetReport', 'GetVariables']) {
        if (!instances.includes(wanted.toLowerCase())) throw new Verdict(`the report must hold DeviceDataCtrlr.ItemsPerMessage[${wanted}] (a required variable); reported: ${items.map(itemName).join(', ') || 'nothing'}`);
      }
    },
  });
}

export function customAllEvsesCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B08', variant: 'all-evses', ocpp: '2.0.1', sut: 'CS', octt, needs: ['advanced-device-management'],
    title: 'A custom report for EVSE AvailabilityState without evse id reports it for every EVSE',
    killedBy: ['cs.getreport-first-evse-only'],
    async run({ csms, profile }) {
      await csms.booted();
      const items = await requestReport(csms, 'GetReport', { componentVariable: [{ component: { name: 'EVSE' }, variable: { name: 'AvailabilityState' } }] });
      checkItems(items, 'GetReport');
      const stray = items.find((r) => !same(r.component.name, 'EVSE') || !same(r.variable.name, 'AvailabilityState'));
      if (stray) throw new Verdict(`asked for EVSE AvailabilityState, the station also reports ${itemName(stray)}`);
      const ids = new Set(items.map((r) => r.component.evse?.id));
      const missing = profile.evses.filter((e) => !ids.has(e.id)).map((e) => e.id);
      if (missing.length) throw new Verdict(`without an evse id the report covers every EVSE; AvailabilityState is missing for EVSE ${missing.join(', ')} (${profile.evses.length} configured)`);
    },
  });
}

// ---------------------------------------------------------------------------------------------------------
// SUT = CSMS: the operator makes the CSMS ask; the harness station answers and sends a two-part report
// ---------------------------------------------------------------------------------------------------------

/** Send a report in two NotifyReport messages; the CSMS must take both (a CALLERROR fails the test). */
async function deliverReport(station: StationHarness, requestId: number): Promise<void> {
  const item = (name: string, value: string) => ({
    component: { name: 'OCPPCommCtrlr' }, variable: { name },
    variableAttribute: [{ type: 'Actual', value, mutability: 'ReadWrite' }],
    variableCharacteristics: { dataType: 'integer', supportsMonitoring: false },
  });
  const generatedAt = new Date().toISOString();
  await station.call('NotifyReport', { requestId, generatedAt, seqNo: 0, tbc: true, reportData: [item('OfflineThreshold', '300')] });
  await station.call('NotifyReport', { requestId, generatedAt, seqNo: 1, tbc: false, reportData: [item('HeartbeatInterval', '60')] });
}

function checkRequestId(call: ReceivedCall): number {
  const id = call.payload.requestId;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) throw new Verdict(`${call.action}.requestId must be an integer >= 0, got ${JSON.stringify(id)}`);
  return id;
}

export function baseReportCsms(reportBase: 'ConfigurationInventory' | 'FullInventory' | 'SummaryInventory', octt: OcttClaim[]) {
  const variant = { ConfigurationInventory: 'configuration-inventory', FullInventory: 'full-inventory', SummaryInventory: 'summary-inventory' }[reportBase];
  return testCase<CsmsTestCase>({
    useCase: 'B07', variant, ocpp: '2.0.1', sut: 'CSMS', octt,
    needs: reportBase === 'ConfigurationInventory' ? ['C-17'] : reportBase === 'SummaryInventory' ? ['C-56'] : [],
    title: `Asked for a ${reportBase} report, the CSMS sends GetBaseReport for it and takes every NotifyReport of the report`,
    actions: ['getBaseReport'],
    killedBy: reportBase === 'FullInventory' ? ['csms.notifyreport-not-supported'] : ['csms.base-report-always-full', 'csms.notifyreport-not-supported'],
    async run({ station, sut, profile }) {
      await station.booted();
      station.answer('GetBaseReport', { status: 'Accepted' });
      const call = await actAndExpect(station, sut.act('getBaseReport', { stationId: profile.stationId, reportBase }), 'GetBaseReport');
      const requestId = checkRequestId(call);
      if (call.payload.reportBase !== reportBase) throw new Verdict(`GetBaseReport must ask for reportBase ${reportBase}, got ${String(call.payload.reportBase)}`);
      await deliverReport(station, requestId);
    },
  });
}

export function customReportCsms(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B08', variant: 'criteria-and-variable', ocpp: '2.0.1', sut: 'CSMS', octt, needs: ['advanced-device-management'],
    title: 'Asked for EVSE #1 AvailabilityState of Problem components and then of Available ones, the CSMS sends both GetReports, takes EmptyResultSet and the report',
    actions: ['getReport'],
    killedBy: ['csms.getreport-drops-criteria', 'csms.notifyreport-not-supported'],
    async run({ station, sut, profile }) {
      await station.booted();
      let status = 'EmptyResultSet';
      station.answer('GetReport', () => ({ status }));
      const check = (call: ReceivedCall, criterion: string) => {
        checkRequestId(call);
        const criteria = (call.payload.componentCriteria ?? []) as string[];
        if (criteria.length !== 1 || criteria[0] !== criterion) throw new Verdict(`GetReport must carry componentCriteria [${criterion}], got ${JSON.stringify(call.payload.componentCriteria)}`);
        const cvs = (call.payload.componentVariable ?? []) as Payload[];
        const cv = cvs[0] as { component?: Payload; variable?: Payload } | undefined;
        const evse = cv?.component?.evse as Payload | undefined;
        if (cvs.length !== 1 || cv?.component?.name !== 'EVSE' || evse?.id !== 1 || cv.variable?.name !== 'AvailabilityState') {
          throw new Verdict(`GetReport must ask for EVSE #1 AvailabilityState, got componentVariable ${JSON.stringify(call.payload.componentVariable)}`);
        }
      };
      const args = (criterion: string) => ({ stationId: profile.stationId, componentCriteria: [criterion], componentVariable: [EVSE1_STATE] });
      const problem = await actAndExpect(station, sut.act('getReport', args('Problem')), 'GetReport');
      check(problem, 'Problem');
      status = 'Accepted';
      const available = await actAndExpect(station, sut.act('getReport', args('Available')), 'GetReport', problem);
      check(available, 'Available');
      const requestId = checkRequestId(available);
      await station.call('NotifyReport', {
        requestId, generatedAt: new Date().toISOString(), seqNo: 0, tbc: false,
        reportData: [{ ...EVSE1_STATE, variableAttribute: [{ type: 'Actual', value: 'Available', mutability: 'ReadOnly' }], variableCharacteristics: { dataType: 'OptionList', valuesList: 'Available,Occupied,Reserved,Unavailable,Faulted', supportsMonitoring: false } }],
      });
    },
  });
}
