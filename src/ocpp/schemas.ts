import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import * as addFormatsModule from 'ajv-formats';
import type { OcppVersion } from './versions.js';
import type { Payload } from './frames.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv }).default;

export type MessageKind = 'request' | 'response';

/** A JSON schema as shipped in ocpp-rpc (draft-07, with local definitions). */
export type JsonSchema = Record<string, unknown>;

const SCHEMA_FILES: Record<OcppVersion, string> = {
  '1.6': 'ocpp-rpc/lib/schemas/ocpp1_6.json',
  '2.0.1': 'ocpp-rpc/lib/schemas/ocpp2_0_1.json',
};

export interface SchemaProblem {
  /** JSON pointer into the payload, "" for the root. */
  path: string;
  /** The schema keyword that failed (type, required, enum, maxLength, ...). */
  keyword: string;
  message: string;
}

export interface SchemaCheck { valid: boolean; problems: SchemaProblem[] }

interface VersionSchemas {
  ajv: Ajv;
  raw: Map<string, JsonSchema>;
  /** Compiled on first use: compiling all ~130 schemas of a version up front took seconds on a busy machine. */
  compiled: Map<string, ValidateFunction>;
}

const require = createRequire(import.meta.url);
const loaded = new Map<OcppVersion, VersionSchemas>();

function key(action: string, kind: MessageKind): string {
  return `${action}.${kind === 'request' ? 'req' : 'conf'}`;
}

/** A date-time ends with Z or a numeric offset (RFC 3339 requires one; ISO 8601 does not). */
const HAS_ZONE = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * OCPP 1.6 asks for ISO 8601 date-times and prescribes no time zone (1.6 section 3.14: UTC is only recommended),
 * so a local time without an offset is valid there; RFC 3339's date-time, which the JSON schema format means and
 * OCPP 2.0.1 requires, is checked for everything else.
 */
function allowLocalTime(ajv: Ajv): void {
  const rfc3339 = ajv.formats['date-time'] as { validate: (s: string) => boolean } | ((s: string) => boolean);
  const check = typeof rfc3339 === 'function' ? rfc3339 : rfc3339.validate;
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => check(HAS_ZONE.test(s) ? s : `${s}Z`) });
}

function load(version: OcppVersion): VersionSchemas {
  let entry = loaded.get(version);
  if (entry) return entry;
  const list = require(SCHEMA_FILES[version]) as JsonSchema[];
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  if (version === '1.6') allowLocalTime(ajv);
  const raw = new Map<string, JsonSchema>();
  for (const schema of list) {
    // ajv rejects the shipped "urn:Action.req" ids, so each schema is compiled without its $id.
    const id = String(schema.$id).replace(/^urn:/, '');
    const { $id: _ignored, ...body } = schema;
    raw.set(id, body);
  }
  entry = { ajv, raw, compiled: new Map() };
  loaded.set(version, entry);
  return entry;
}

function validatorOf(version: OcppVersion, id: string): ValidateFunction | undefined {
  const entry = load(version);
  let validate = entry.compiled.get(id);
  if (!validate) {
    const body = entry.raw.get(id);
    if (!body) return undefined;
    validate = entry.ajv.compile(body);
    entry.compiled.set(id, validate);
  }
  return validate;
}

/** Compile every schema of both versions now, so the first message of a run pays no compile cost. */
export function preloadSchemas(): void {
  for (const version of ['1.6', '2.0.1'] as const) for (const id of load(version).raw.keys()) validatorOf(version, id);
}

export function hasSchema(version: OcppVersion, action: string, kind: MessageKind): boolean {
  return load(version).raw.has(key(action, kind));
}

/** The official schema of an action's request or response (without its $id). */
export function schemaOf(version: OcppVersion, action: string, kind: MessageKind): JsonSchema | undefined {
  return load(version).raw.get(key(action, kind));
}

export function schemaActions(version: OcppVersion): string[] {
  return [...new Set([...load(version).raw.keys()].map((k) => k.replace(/\.(req|conf)$/, '')))];
}

function toProblem(e: ErrorObject): SchemaProblem {
  const params = e.params as Record<string, unknown>;
  let path = e.instancePath;
  if (e.keyword === 'required') path += `/${String(params.missingProperty)}`;
  if (e.keyword === 'additionalProperties') path += `/${String(params.additionalProperty)}`;
  return { path, keyword: e.keyword, message: e.message ?? e.keyword };
}

/** Validate a payload against its official schema. An action without a schema is reported as a problem. */
export function validatePayload(version: OcppVersion, action: string, kind: MessageKind, payload: unknown): SchemaCheck {
  const validate = validatorOf(version, key(action, kind));
  if (!validate) {
    return { valid: false, problems: [{ path: '', keyword: 'action', message: `no ${kind} schema for ${action} in OCPP ${version}` }] };
  }
  if (validate(payload)) return { valid: true, problems: [] };
  return { valid: false, problems: (validate.errors ?? []).map(toProblem) };
}

export function describeProblems(problems: SchemaProblem[]): string {
  return problems.map((p) => `${p.path || '/'} ${p.message} [${p.keyword}]`).join('; ');
}

export type { Payload };
