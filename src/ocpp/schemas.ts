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
  raw: Map<string, JsonSchema>;
  compiled: Map<string, ValidateFunction>;
}

const require = createRequire(import.meta.url);
const loaded = new Map<OcppVersion, VersionSchemas>();

function key(action: string, kind: MessageKind): string {
  return `${action}.${kind === 'request' ? 'req' : 'conf'}`;
}

function load(version: OcppVersion): VersionSchemas {
  let entry = loaded.get(version);
  if (entry) return entry;
  const list = require(SCHEMA_FILES[version]) as JsonSchema[];
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  const raw = new Map<string, JsonSchema>();
  const compiled = new Map<string, ValidateFunction>();
  for (const schema of list) {
    // ajv rejects the shipped "urn:Action.req" ids, so each schema is compiled without its $id.
    const id = String(schema.$id).replace(/^urn:/, '');
    const { $id: _ignored, ...body } = schema;
    raw.set(id, body);
    compiled.set(id, ajv.compile(body));
  }
  entry = { raw, compiled };
  loaded.set(version, entry);
  return entry;
}

/** Compile every schema of both versions now, so the first message of a run pays no compile cost. */
export function preloadSchemas(): void {
  load('1.6');
  load('2.0.1');
}

export function hasSchema(version: OcppVersion, action: string, kind: MessageKind): boolean {
  return load(version).compiled.has(key(action, kind));
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
  const validate = load(version).compiled.get(key(action, kind));
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
