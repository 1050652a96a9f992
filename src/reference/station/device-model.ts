import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';

/**
 * B05/B06: the station's device model (2.0.1 SetVariables/GetVariables) and configuration keys
 * (1.6 ChangeConfiguration/GetConfiguration).
 *
 * Every variable lives in `station.variables` (key: 1.6 configuration key, or 2.0.1 "Component/Variable").
 * The catalogue below adds what the map cannot say: the data type (for validation), write-only access and a
 * hook that applies a new value. Variables other features put into `station.variables` without a catalogue
 * entry are plain read-write strings.
 */

export const DM = {
  ignoresValue: defineFault('cs.setvariables-ignores-value', 'answers Accepted to a SetVariables/ChangeConfiguration but keeps the old value'),
  noValidation: defineFault('cs.setvariables-no-validation', 'accepts a value of the wrong type (e.g. "abc" for an integer) instead of Rejected'),
  readonlyWritable: defineFault('cs.readonly-writable', 'accepts and applies a new value for a read-only variable / configuration key'),
  unknownAccepted: defineFault('cs.getvariables-unknown-accepted', 'answers Accepted with an empty value when asked for an unknown component or variable'),
  unknownComponentAsVariable: defineFault('cs.unknown-component-as-variable', 'answers UnknownVariable instead of UnknownComponent for a component it does not have'),
  setUnknownAccepted: defineFault('cs.setvariables-unknown-accepted', 'answers Accepted to SetVariables for an unknown variable'),
  writeOnlyReadable: defineFault('cs.writeonly-readable', 'reveals the value of a write-only variable (BasicAuthPassword / AuthorizationKey)'),
  oneStatusForAll: defineFault('cs.setvariables-one-status-for-all', 'answers every item of a multi-item SetVariables with the status of the first item'),
  missingResults: defineFault('cs.getvariables-missing-results', 'answers a multi-item GetVariables with a result for the first item only'),
  ignoresAttributeType: defineFault('cs.ignores-attribute-type', 'treats an unsupported attributeType (Target, MinSet, MaxSet) as Actual in SetVariables/GetVariables'),
  heartbeatNotApplied: defineFault('cs.heartbeat-interval-not-applied', 'stores a new HeartbeatInterval but keeps sending heartbeats at the old interval'),
  configUnknownAccepted: defineFault('cs.config-unknown-key-accepted', 'answers Accepted to ChangeConfiguration for a key it does not have (instead of NotSupported)'),
  configUnknownKeyDropped: defineFault('cs.getconfiguration-drops-unknown-key', 'leaves requested unknown keys out of GetConfiguration.unknownKey'),
  configReadonlyFlag: defineFault('cs.getconfiguration-readonly-flag-wrong', 'reports every configuration key as readonly=false'),
  configPartialAll: defineFault('cs.getconfiguration-all-incomplete', 'answers a GetConfiguration without keys with only the first configuration key'),
};

type Kind = 'integer' | 'decimal' | 'dateTime' | 'boolean' | 'string' | 'list';
type Access = 'ReadWrite' | 'ReadOnly' | 'WriteOnly';

interface VarDef {
  key: string;
  kind: Kind;
  value: string | ((s: ReferenceStation) => string);
  access?: Access;
  rebootRequired?: boolean;
  /** Lowest accepted integer value. */
  min?: number;
  /** For kind 'list' (or a boolean the station cannot change): the accepted members. */
  members?: string[];
  /** The value must hold exactly these members (in any order): the station runs only this configuration. */
  exact?: boolean;
  /** For kind 'string': the accepted form. */
  pattern?: RegExp;
  /** Apply an accepted new value. */
  apply?: (s: ReferenceStation, value: string) => void;
  /** Current value computed from the station (overrides the stored one when defined). */
  live?: (s: ReferenceStation) => string | undefined;
}

const heartbeat = {
  apply: (s: ReferenceStation, v: string) => {
    if (!s.faults.has(DM.heartbeatNotApplied)) s.setHeartbeatInterval(Number(v));
  },
  live: (s: ReferenceStation) => (s.faults.has(DM.heartbeatNotApplied) || s.heartbeatIntervalS <= 0 ? undefined : String(s.heartbeatIntervalS)),
};
const model = (s: ReferenceStation) => s.options.model ?? 'reference-cs';
const vendor = (s: ReferenceStation) => s.options.vendor ?? 'ocpp-conformance';
const password = (s: ReferenceStation) => s.options.password ?? '';
/** The TxStartPoint / TxStopPoint values the reference runs (Part 5 C-09.x / C-10.x it claims); any mix of them. */
const TX_POINTS = ['EVConnected', 'Authorized', 'PowerPathClosed', 'EnergyTransfer'];
/** The station connects with the new Basic auth password from its next connection on. */
const newPassword = (s: ReferenceStation, v: string) => { s.options.password = v; };
const MEASURANDS = ['Energy.Active.Import.Register', 'Power.Active.Import', 'Current.Import', 'Voltage', 'SoC'];

const CATALOGUE_201: VarDef[] = [
  { key: 'OCPPCommCtrlr/OfflineThreshold', kind: 'integer', value: '300', min: 0 },
  // How long the station waits for an answer (its RPC session's call timeout): E13 retries a message left unanswered.
  { key: 'OCPPCommCtrlr/MessageTimeout.Default', kind: 'integer', value: (s) => String(s.messageTimeoutS), access: 'ReadOnly' },
  { key: 'OCPPCommCtrlr/HeartbeatInterval', kind: 'integer', value: '60', min: 1, ...heartbeat },
  { key: 'OCPPCommCtrlr/WebSocketPingInterval', kind: 'integer', value: '0', min: 0, rebootRequired: true },
  { key: 'OCPPCommCtrlr/ResetRetries', kind: 'integer', value: '1', min: 0 },
  { key: 'OCPPCommCtrlr/RetryBackOffWaitMinimum', kind: 'integer', value: '1', min: 0 },
  { key: 'OCPPCommCtrlr/RetryBackOffRandomRange', kind: 'integer', value: '0', min: 0 },
  { key: 'OCPPCommCtrlr/RetryBackOffRepeatTimes', kind: 'integer', value: '3', min: 0 },
  { key: 'TxCtrlr/EVConnectionTimeOut', kind: 'integer', value: '60', min: 1 },
  // The reference station's transaction engine runs these fixed: any other value is Rejected.
  { key: 'TxCtrlr/TxStartPoint', kind: 'list', value: 'EVConnected,Authorized', members: [...TX_POINTS, 'DataSigned', 'ParkingBayOccupancy'] },
  { key: 'TxCtrlr/TxStopPoint', kind: 'list', value: 'EVConnected,Authorized', members: [...TX_POINTS, 'ParkingBayOccupancy'] },
  { key: 'TxCtrlr/StopTxOnEVSideDisconnect', kind: 'boolean', value: 'true' },
  { key: 'TxCtrlr/StopTxOnInvalidId', kind: 'boolean', value: 'true' },
  { key: 'AuthCtrlr/Enabled', kind: 'boolean', value: 'true' },
  { key: 'AuthCtrlr/AuthorizeRemoteStart', kind: 'boolean', value: 'false' },
  { key: 'AuthCtrlr/LocalAuthorizeOffline', kind: 'boolean', value: 'true' },
  { key: 'AuthCtrlr/LocalPreAuthorize', kind: 'boolean', value: 'false' },
  { key: 'AuthCtrlr/MasterPassGroupId', kind: 'string', value: '' },
  { key: 'SampledDataCtrlr/TxUpdatedInterval', kind: 'integer', value: '0', min: 0 },
  { key: 'SampledDataCtrlr/TxUpdatedMeasurands', kind: 'list', value: 'Energy.Active.Import.Register', members: MEASURANDS },
  { key: 'AlignedDataCtrlr/Interval', kind: 'integer', value: '0', min: 0 },
  { key: 'SmartChargingCtrlr/LimitChangeSignificance', kind: 'decimal', value: '1.0' },
  { key: 'ClockCtrlr/NextTimeOffsetTransitionDateTime', kind: 'dateTime', value: '2030-03-31T01:00:00Z' },
  { key: 'SecurityCtrlr/BasicAuthPassword', kind: 'string', value: password, access: 'WriteOnly', pattern: /^.{16,40}$/, apply: newPassword },
  { key: 'SecurityCtrlr/SecurityProfile', kind: 'integer', value: '1', access: 'ReadOnly' },
  { key: 'ChargingStation/Model', kind: 'string', value: model, access: 'ReadOnly' },
  { key: 'ChargingStation/VendorName', kind: 'string', value: vendor, access: 'ReadOnly' },
  { key: 'ChargingStation/Available', kind: 'boolean', value: 'true', access: 'ReadOnly' },
  ...['GetReport', 'GetVariables', 'SetVariables'].flatMap((instance): VarDef[] => [
    { key: `DeviceDataCtrlr/ItemsPerMessage.${instance}`, kind: 'integer', value: '20', access: 'ReadOnly' },
    { key: `DeviceDataCtrlr/BytesPerMessage.${instance}`, kind: 'integer', value: '65000', access: 'ReadOnly' },
  ]),
  { key: 'ClockCtrlr/DateTime', kind: 'string', value: '', access: 'ReadOnly', live: () => new Date().toISOString() },
  // Required by Part 2's referenced components and variables (reported in a FullInventory, TC_B_53_CS).
  { key: 'ClockCtrlr/TimeSource', kind: 'list', value: 'Heartbeat', members: ['Heartbeat', 'NTP', 'GPS', 'RealTimeClock', 'MobileNetwork', 'RadioTimeTransmitter'] },
  { key: 'OCPPCommCtrlr/FileTransferProtocols', kind: 'list', value: 'HTTPS', members: ['FTP', 'FTPS', 'HTTP', 'HTTPS', 'SFTP'], access: 'ReadOnly' },
  { key: 'OCPPCommCtrlr/NetworkProfileConnectionAttempts', kind: 'integer', value: '3', min: 0 },
  { key: 'SecurityCtrlr/CertificateEntries', kind: 'integer', value: '0', access: 'ReadOnly' },
];

const CATALOGUE_16: VarDef[] = [
  { key: 'HeartbeatInterval', kind: 'integer', value: '60', min: 1, ...heartbeat },
  { key: 'ConnectionTimeOut', kind: 'integer', value: '60', min: 1 },
  { key: 'AuthorizeRemoteTxRequests', kind: 'boolean', value: 'false' },
  { key: 'MeterValueSampleInterval', kind: 'integer', value: '0', min: 0 },
  { key: 'ClockAlignedDataInterval', kind: 'integer', value: '0', min: 0 },
  { key: 'MeterValuesSampledData', kind: 'list', value: 'Energy.Active.Import.Register', members: MEASURANDS },
  { key: 'LocalAuthorizeOffline', kind: 'boolean', value: 'true' },
  { key: 'LocalPreAuthorize', kind: 'boolean', value: 'false' },
  { key: 'StopTransactionOnInvalidId', kind: 'boolean', value: 'true' },
  { key: 'StopTransactionOnEVSideDisconnect', kind: 'boolean', value: 'true' },
  { key: 'ConnectorPhaseRotation', kind: 'string', value: '0.RST' },
  { key: 'MeterValuesAlignedData', kind: 'list', value: 'Energy.Active.Import.Register', members: MEASURANDS },
  { key: 'StopTxnSampledData', kind: 'list', value: 'Energy.Active.Import.Register', members: MEASURANDS },
  { key: 'StopTxnAlignedData', kind: 'list', value: 'Energy.Active.Import.Register', members: MEASURANDS },
  { key: 'UnlockConnectorOnEVSideDisconnect', kind: 'boolean', value: 'true' },
  { key: 'ResetRetries', kind: 'integer', value: '1', min: 0 },
  { key: 'TransactionMessageAttempts', kind: 'integer', value: '3', min: 0 },
  { key: 'TransactionMessageRetryInterval', kind: 'integer', value: '60', min: 0 },
  { key: 'WebSocketPingInterval', kind: 'integer', value: '0', min: 0, rebootRequired: true },
  { key: 'NumberOfConnectors', kind: 'integer', value: (s) => String(s.evses.length), access: 'ReadOnly' },
  { key: 'GetConfigurationMaxKeys', kind: 'integer', value: '50', access: 'ReadOnly' },
  { key: 'SupportedFeatureProfiles', kind: 'list', value: 'Core,RemoteTrigger', access: 'ReadOnly' },
  { key: 'AuthorizationKey', kind: 'string', value: password, access: 'WriteOnly', pattern: /^.{16,40}$/, apply: newPassword },
];

/** What a report (B07/B08) says of one stored 2.0.1 variable: its mutability, data type and allowed values. */
export interface VariableInfo {
  mutability: Access;
  dataType: 'integer' | 'decimal' | 'dateTime' | 'boolean' | 'string' | 'MemberList' | 'OptionList';
  valuesList?: string;
  /** Absent for a write-only variable. */
  value?: string;
}

export function variableInfo(station: ReferenceStation, key: string): VariableInfo {
  const def = defOf(station, key);
  const mutability = accessOf(station, key);
  const value = mutability === 'WriteOnly' ? undefined : currentValue(station, key);
  if (def?.kind === 'list') return def.members ? { mutability, dataType: 'MemberList', valuesList: def.members.join(','), value } : { mutability, dataType: 'string', value };
  if (def) return { mutability, dataType: def.kind as VariableInfo['dataType'], value };
  // Variables other features added without a catalogue entry: the type their value shows.
  const raw = station.variables.get(key)?.value ?? '';
  const dataType = raw === 'true' || raw === 'false' ? 'boolean' : /^-?\d+$/.test(raw) ? 'integer' : 'string';
  return { mutability, dataType, value };
}

const meta = new WeakMap<ReferenceStation, Map<string, VarDef>>();

/** The catalogue entry for a key (exact spelling as stored). */
function defOf(station: ReferenceStation, key: string): VarDef | undefined {
  return meta.get(station)?.get(key);
}

/** Find the stored key matching a requested name, ignoring case (OCPP names are case-insensitive). */
function findKey(station: ReferenceStation, wanted: string): string | undefined {
  if (station.variables.has(wanted)) return wanted;
  const lower = wanted.toLowerCase();
  for (const key of station.variables.keys()) if (key.toLowerCase() === lower) return key;
  return undefined;
}

/** A variable's mutability (the monitoring module leaves a write-only value out of its events, N07.FR.10). */
export function accessOf(station: ReferenceStation, key: string): Access {
  const def = defOf(station, key);
  if (def?.access) return def.access;
  return station.variables.get(key)?.readonly ? 'ReadOnly' : 'ReadWrite';
}

function currentValue(station: ReferenceStation, key: string): string {
  return defOf(station, key)?.live?.(station) ?? station.variables.get(key)?.value ?? '';
}

/** Whether a value is acceptable for the variable's type. */
function valid(def: VarDef | undefined, value: string): boolean {
  if (!def) return true;
  switch (def.kind) {
    case 'integer':
      return /^-?\d+$/.test(value) && Number(value) >= (def.min ?? Number.MIN_SAFE_INTEGER);
    case 'decimal':
      return /^-?\d+(\.\d+)?$/.test(value);
    case 'dateTime':
      return /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value) && !Number.isNaN(Date.parse(value));
    case 'boolean':
      return (value === 'true' || value === 'false') && (!def.members || def.members.includes(value));
    case 'list': {
      if (!def.members) return true;
      const items = value.split(',').map((m) => m.trim());
      if (value === '' || !items.every((m) => def.members!.includes(m))) return false;
      return !def.exact || (new Set(items).size === def.members.length);
    }
    default:
      return !def.pattern || def.pattern.test(value);
  }
}

type SetOutcome = 'Accepted' | 'Rejected' | 'RebootRequired' | 'Unknown';

/** Write a variable the way a conformant station does (or as a fault says); shared by both versions. */
function writeVariable(station: ReferenceStation, key: string | undefined, value: string): SetOutcome {
  if (!key) return 'Unknown';
  const entry = station.variables.get(key)!;
  const def = defOf(station, key);
  if (accessOf(station, key) === 'ReadOnly' && !station.faults.has(DM.readonlyWritable)) return 'Rejected';
  if (!valid(def, value) && !station.faults.has(DM.noValidation)) return 'Rejected';
  const reboot = entry.rebootRequired ?? def?.rebootRequired ?? false;
  if (!station.faults.has(DM.ignoresValue)) {
    entry.value = value;
    def?.apply?.(station, value);
  }
  return reboot ? 'RebootRequired' : 'Accepted';
}


interface Component { name: string; instance?: string; evse?: { id: number; connectorId?: number } }
interface Variable { name: string; instance?: string }

/** The stored key for a 2.0.1 component/variable pair, and whether the component exists at all. */
function resolve201(station: ReferenceStation, component: Component, variable: Variable): { key?: string; componentKnown: boolean } {
  const comp = component.instance ? `${component.name}.${component.instance}` : component.name;
  const vari = variable.instance ? `${variable.name}.${variable.instance}` : variable.name;
  const key = findKey(station, `${comp}/${vari}`);
  const prefix = `${comp.toLowerCase()}/`;
  const componentKnown = !!key || [...station.variables.keys()].some((k) => k.toLowerCase().startsWith(prefix));
  return { key, componentKnown };
}

function install201(station: ReferenceStation): void {
  station.handle('SetVariables', (payload: Payload) => {
    const data = payload.setVariableData as { component: Component; variable: Variable; attributeType?: string; attributeValue: string }[];
    const results = data.map((item) => {
      const { key, componentKnown } = resolve201(station, item.component, item.variable);
      const echo = { attributeType: item.attributeType ?? 'Actual', component: item.component, variable: item.variable };
      if (!key) {
        if (station.faults.has(DM.setUnknownAccepted)) return { ...echo, attributeStatus: 'Accepted' };
        const unknown = componentKnown || station.faults.has(DM.unknownComponentAsVariable) ? 'UnknownVariable' : 'UnknownComponent';
        return { ...echo, attributeStatus: unknown };
      }
      if ((item.attributeType ?? 'Actual') !== 'Actual' && !station.faults.has(DM.ignoresAttributeType)) {
        return { ...echo, attributeStatus: 'NotSupportedAttributeType' };
      }
      const outcome = writeVariable(station, key, item.attributeValue);
      return { ...echo, attributeStatus: outcome, ...(outcome === 'Rejected' ? { attributeStatusInfo: { reasonCode: accessOf(station, key) === 'ReadOnly' ? 'ReadOnly' : 'InvalidValue' } } : {}) };
    });
    if (station.faults.has(DM.oneStatusForAll)) {
      const first = results[0]!.attributeStatus;
      return { setVariableResult: results.map((r) => ({ component: r.component, variable: r.variable, attributeType: r.attributeType, attributeStatus: first })) };
    }
    return { setVariableResult: results };
  });

  station.handle('GetVariables', (payload: Payload) => {
    const data = payload.getVariableData as { component: Component; variable: Variable; attributeType?: string }[];
    const results = data.map((item) => {
      const { key, componentKnown } = resolve201(station, item.component, item.variable);
      const echo = { attributeType: item.attributeType ?? 'Actual', component: item.component, variable: item.variable };
      if (!key) {
        if (station.faults.has(DM.unknownAccepted)) return { ...echo, attributeStatus: 'Accepted', attributeValue: '' };
        const unknown = componentKnown || station.faults.has(DM.unknownComponentAsVariable) ? 'UnknownVariable' : 'UnknownComponent';
        return { ...echo, attributeStatus: unknown };
      }
      if ((item.attributeType ?? 'Actual') !== 'Actual' && !station.faults.has(DM.ignoresAttributeType)) {
        return { ...echo, attributeStatus: 'NotSupportedAttributeType' };
      }
      if (accessOf(station, key) === 'WriteOnly' && !station.faults.has(DM.writeOnlyReadable)) {
        return { ...echo, attributeStatus: 'Rejected', attributeStatusInfo: { reasonCode: 'WriteOnly' } };
      }
      return { ...echo, attributeStatus: 'Accepted', attributeValue: currentValue(station, key) };
    });
    return { getVariableResult: station.faults.has(DM.missingResults) ? results.slice(0, 1) : results };
  });
}

function install16(station: ReferenceStation): void {
  station.handle('ChangeConfiguration', (payload: Payload) => {
    const key = findKey(station, String(payload.key));
    if (!key) return { status: station.faults.has(DM.configUnknownAccepted) ? 'Accepted' : 'NotSupported' };
    const outcome = writeVariable(station, key, String(payload.value));
    return { status: outcome === 'Unknown' ? 'NotSupported' : outcome };
  });

  station.handle('GetConfiguration', (payload: Payload) => {
    const requested = payload.key as string[] | undefined;
    const entry = (key: string) => {
      const readonly = accessOf(station, key) === 'ReadOnly' && !station.faults.has(DM.configReadonlyFlag);
      const hidden = accessOf(station, key) === 'WriteOnly' && !station.faults.has(DM.writeOnlyReadable);
      return hidden ? { key, readonly } : { key, readonly, value: currentValue(station, key) };
    };
    if (!requested || requested.length === 0) {
      const all = [...station.variables.keys()].map(entry);
      return { configurationKey: station.faults.has(DM.configPartialAll) ? all.slice(0, 1) : all };
    }
    const configurationKey: ReturnType<typeof entry>[] = [];
    const unknownKey: string[] = [];
    for (const wanted of requested) {
      const key = findKey(station, wanted);
      if (key) configurationKey.push(entry(key));
      else if (!station.faults.has(DM.configUnknownKeyDropped)) unknownKey.push(wanted);
    }
    return { ...(configurationKey.length ? { configurationKey } : {}), ...(unknownKey.length ? { unknownKey } : {}) };
  });
}

export function install(station: ReferenceStation): void {
  const catalogue = station.version === '1.6' ? CATALOGUE_16 : CATALOGUE_201;
  const defs = new Map<string, VarDef>();
  for (const def of catalogue) {
    defs.set(def.key, def);
    if (station.variables.has(def.key)) continue; // another feature set it first: keep its value
    const value = typeof def.value === 'function' ? def.value(station) : def.value;
    station.variables.set(def.key, {
      value,
      ...(def.access === 'ReadOnly' ? { readonly: true } : {}),
      ...(def.rebootRequired ? { rebootRequired: true } : {}),
    });
  }
  meta.set(station, defs);
  if (station.version === '1.6') install16(station);
  else install201(station);
}
