// What the RPC test cases send when they need a CALL the SUT must understand: the probe (is the connection still
// answering?) and the payloads whose schema they break. Each is a message the version makes mandatory, so a
// conformant SUT never answers it NotSupported; the optional ClearCache (2.0.1 C-49) would not do.
import type { Payload } from '../../../src/ocpp/frames.js';
import type { OcppVersion } from '../../../src/ocpp/versions.js';
import type { SutProfile } from '../../../src/harness/config.js';
import { validatePayload } from '../../../src/ocpp/schemas.js';
import type { Violation } from '../../../src/ocpp/errors.js';

export type Role = 'CS' | 'CSMS';

export interface ProbeCall { action: string; payload: Payload }

/**
 * The valid CALL used before and after every damaged frame. A charger: 2.0.1 GetVariables of the required
 * DeviceDataCtrlr.ItemsPerMessage[GetVariables] (an unknown variable would still get a CALLRESULT), 1.6
 * GetConfiguration (Core profile). A CSMS: Heartbeat, mandatory in both versions and free of side effects.
 */
export function probeCall(ocpp: OcppVersion, role: Role): ProbeCall {
  if (role === 'CSMS') return { action: 'Heartbeat', payload: {} };
  return ocpp === '2.0.1'
    ? { action: 'GetVariables', payload: { getVariableData: [{ component: { name: 'DeviceDataCtrlr' }, variable: { name: 'ItemsPerMessage', instance: 'GetVariables' } }] } }
    : { action: 'GetConfiguration', payload: { key: ['HeartbeatInterval'] } };
}

/** The schema rules the payload test cases break, one each. */
export type PayloadRule = Extract<Violation, 'type' | 'required' | 'enum' | 'additionalProperties'>;

/**
 * A mandatory CALL whose payload breaks exactly `rule` in one place. Where the probe's own schema has such a rule
 * it is the probe: 2.0.1 GetVariables has all four. 1.6 GetConfiguration has no required field and no enumeration,
 * so those two break the other Core requests that have them (ChangeConfiguration without its value, which changes
 * nothing; ChangeAvailability of an unknown type). Heartbeat has no fields at all, so against a CSMS the payloads
 * are StatusNotification's, mandatory in both versions and harmless when refused.
 */
export function brokenCall(ocpp: OcppVersion, role: Role, rule: PayloadRule, profile: SutProfile): ProbeCall {
  const call = role === 'CSMS' ? brokenStatus(ocpp, rule, profile) : ocpp === '2.0.1' ? brokenGetVariables(rule) : brokenCs16(rule);
  // The test case is only as good as its payload: it must break the rule it names and nothing else.
  const problems = validatePayload(ocpp, call.action, 'request', call.payload).problems;
  if (!problems.length || problems.some((p) => p.keyword !== rule)) {
    throw new Error(`harness bug: the ${rule} payload for ${call.action} breaks ${problems.map((p) => p.keyword).join(', ') || 'nothing'}`);
  }
  return call;
}

function brokenGetVariables(rule: PayloadRule): ProbeCall {
  const item = { component: { name: 'DeviceDataCtrlr' }, variable: { name: 'ItemsPerMessage', instance: 'GetVariables' } };
  const payload: Record<PayloadRule, Payload> = {
    type: { getVariableData: 'DeviceDataCtrlr' },
    required: { getVariableData: [{ component: item.component }] },
    enum: { getVariableData: [{ ...item, attributeType: 'Sideways' }] },
    additionalProperties: { getVariableData: [item], unexpectedField: 1 },
  };
  return { action: 'GetVariables', payload: payload[rule] };
}

function brokenCs16(rule: PayloadRule): ProbeCall {
  switch (rule) {
    case 'type': return { action: 'GetConfiguration', payload: { key: 'HeartbeatInterval' } };
    case 'additionalProperties': return { action: 'GetConfiguration', payload: { key: ['HeartbeatInterval'], unexpectedField: 1 } };
    case 'required': return { action: 'ChangeConfiguration', payload: { key: 'HeartbeatInterval' } };
    case 'enum': return { action: 'ChangeAvailability', payload: { connectorId: 0, type: 'Sideways' } };
  }
}

function brokenStatus(ocpp: OcppVersion, rule: PayloadRule, profile: SutProfile): ProbeCall {
  const evse = profile.evses[0]?.id ?? 1;
  const timestamp = new Date().toISOString();
  const valid: Payload = ocpp === '1.6'
    ? { connectorId: evse, errorCode: 'NoError', status: 'Available', timestamp }
    : { timestamp, connectorStatus: 'Available', evseId: evse, connectorId: 1 };
  const statusField = ocpp === '1.6' ? 'status' : 'connectorStatus';
  const payload = { ...valid };
  if (rule === 'type') payload.connectorId = String(payload.connectorId);
  if (rule === 'required') delete payload[statusField];
  if (rule === 'enum') payload[statusField] = 'Sideways';
  if (rule === 'additionalProperties') payload.unexpectedField = 1;
  return { action: 'StatusNotification', payload };
}
