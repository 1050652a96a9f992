import type { Payload } from '../ocpp/frames.js';
import type { OcppVersion } from '../ocpp/versions.js';
import { schemaOf, validatePayload, type JsonSchema } from '../ocpp/schemas.js';
import type { SutProfile } from './config.js';

/** How a sane peer answers a CALL that the test case does not care about. */
export type DefaultAnswer = (payload: Payload) => Payload | undefined;

const PREFERRED_ENUM = ['Accepted', 'Unlocked', 'Idle'];

function resolveRef(root: JsonSchema, node: JsonSchema): JsonSchema {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  const name = ref.replace('#/definitions/', '');
  return ((root.definitions as Record<string, JsonSchema>)[name] ?? {}) as JsonSchema;
}

/** The smallest valid value of a schema node: required fields only, preferring a positive status. */
function minimalValue(root: JsonSchema, raw: JsonSchema): unknown {
  const node = resolveRef(root, raw);
  if (Array.isArray(node.enum)) return PREFERRED_ENUM.find((e) => (node.enum as unknown[]).includes(e)) ?? node.enum[0];
  switch (node.type) {
    case 'object': {
      const props = (node.properties ?? {}) as Record<string, JsonSchema>;
      const out: Payload = {};
      for (const name of (node.required as string[] | undefined) ?? []) out[name] = minimalValue(root, props[name] ?? {});
      return out;
    }
    case 'array': return [];
    case 'string': return node.format === 'date-time' ? new Date().toISOString() : '';
    case 'integer': case 'number': return typeof node.minimum === 'number' ? node.minimum : 0;
    case 'boolean': return false;
    default: return {};
  }
}

/** A minimal valid response for any action, or undefined when none can be built from the schema. */
export function minimalResponse(version: OcppVersion, action: string): Payload | undefined {
  const schema = schemaOf(version, action, 'response');
  if (!schema) return undefined;
  const value = minimalValue(schema, schema) as Payload;
  return validatePayload(version, action, 'response', value).valid ? value : undefined;
}

function tokenStatus(profile: SutProfile, token: unknown): string {
  if (token === profile.idTokens.blocked) return 'Blocked';
  if (token === profile.idTokens.invalid) return 'Invalid';
  return token === profile.idTokens.valid ? 'Accepted' : 'Invalid';
}

let transactionCounter = 1000;

/** Answers of a well-behaved CSMS, used when the harness plays the CSMS. */
export function csmsDefaults(profile: SutProfile): Record<string, DefaultAnswer> {
  const now = () => new Date().toISOString();
  const interval = profile.timing.heartbeatIntervalS;
  if (profile.ocpp === '1.6') {
    return {
      BootNotification: () => ({ status: 'Accepted', currentTime: now(), interval }),
      Heartbeat: () => ({ currentTime: now() }),
      Authorize: (p) => ({ idTagInfo: { status: tokenStatus(profile, p.idTag) } }),
      StartTransaction: (p) => ({ transactionId: ++transactionCounter, idTagInfo: { status: tokenStatus(profile, p.idTag) } }),
      StopTransaction: (p) => (p.idTag ? { idTagInfo: { status: tokenStatus(profile, p.idTag) } } : {}),
      DataTransfer: () => ({ status: 'UnknownVendorId' }),
    };
  }
  return {
    BootNotification: () => ({ status: 'Accepted', currentTime: now(), interval }),
    Heartbeat: () => ({ currentTime: now() }),
    Authorize: (p) => ({ idTokenInfo: { status: tokenStatus(profile, (p.idToken as Payload | undefined)?.idToken) } }),
    TransactionEvent: (p) => {
      const token = (p.idToken as Payload | undefined)?.idToken;
      return token === undefined ? {} : { idTokenInfo: { status: tokenStatus(profile, token) } };
    },
    DataTransfer: () => ({ status: 'UnknownVendorId' }),
  };
}

/** Answers of a well-behaved charging station, used when the harness plays the station. */
export function stationDefaults(profile: SutProfile): Record<string, DefaultAnswer> {
  if (profile.ocpp === '1.6') {
    return {
      GetConfiguration: (p) => ({ configurationKey: [], unknownKey: (p.key as string[] | undefined) ?? [] }),
      DataTransfer: () => ({ status: 'UnknownVendorId' }),
    };
  }
  return {
    GetVariables: (p) => ({
      getVariableResult: (p.getVariableData as Payload[]).map((d) => ({
        attributeStatus: 'UnknownVariable', component: d.component, variable: d.variable,
      })),
    }),
    SetVariables: (p) => ({
      setVariableResult: (p.setVariableData as Payload[]).map((d) => ({
        attributeStatus: 'Accepted', component: d.component, variable: d.variable,
      })),
    }),
    DataTransfer: () => ({ status: 'UnknownVendorId' }),
  };
}
