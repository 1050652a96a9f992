import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import YAML from 'yaml';
import { defaultProfile, DEFAULT_TIMING, type SutProfile } from '../harness/config.js';
import type { OcppVersion } from '../ocpp/versions.js';

/** A bad invocation or config: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What a --config file may hold; command-line flags override it. */
export interface ConfigFile {
  ocpp?: OcppVersion;
  stationId?: string;
  url?: string;
  listen?: string;
  basicAuthPassword?: string;
  evses?: { id: number; connectors: number }[];
  idTokens?: Partial<SutProfile['idTokens']>;
  timing?: Partial<SutProfile['timing']>;
  features?: string[];
  absent?: string[];
  /** Station IDs the harness may use at once against a CSMS (--parallel); or a pattern with {n}. */
  stationIds?: string[] | string;
  actions?: string;
  sutCmd?: string;
  vendor?: string;
  model?: string;
}

const timingKeys = Object.keys(DEFAULT_TIMING);
const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ocpp: { enum: ['1.6', '2.0.1'] },
    stationId: { type: 'string', minLength: 1, maxLength: 48 },
    url: { type: 'string', pattern: '^wss?://' },
    listen: { type: 'string', pattern: '^wss?://' },
    basicAuthPassword: { type: 'string', minLength: 1 },
    evses: {
      type: 'array', minItems: 1,
      items: { type: 'object', additionalProperties: false, required: ['id', 'connectors'],
        properties: { id: { type: 'integer', minimum: 1 }, connectors: { type: 'integer', minimum: 1 } } },
    },
    idTokens: {
      type: 'object', additionalProperties: false,
      properties: { valid: { type: 'string' }, invalid: { type: 'string' }, blocked: { type: 'string' }, type: { type: 'string' } },
    },
    timing: {
      type: 'object', additionalProperties: false,
      properties: Object.fromEntries(timingKeys.map((k) => [k, { type: 'number', exclusiveMinimum: 0 }])),
    },
    features: { type: 'array', items: { type: 'string' } },
    absent: { type: 'array', items: { type: 'string' } },
    stationIds: { anyOf: [{ type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 }, { type: 'string', pattern: '\\{n\\}' }] },
    actions: { type: 'string' },
    sutCmd: { type: 'string' },
    vendor: { type: 'string' },
    model: { type: 'string' },
  },
} as const;

const validateConfig = new Ajv({ allErrors: false }).compile<ConfigFile>(CONFIG_SCHEMA);

export function loadConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read config ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(file) ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new UsageError(`config ${file} is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) data = {};
  if (!validateConfig(data)) {
    const e = validateConfig.errors![0]!;
    const where = e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : 'top level';
    const extra = e.keyword === 'additionalProperties' ? ` "${String((e.params as { additionalProperty: string }).additionalProperty)}"` : '';
    throw new UsageError(`config ${file}: ${where} ${e.message}${extra}`);
  }
  return data;
}

/** Merge defaults, the config file and flags into the SUT profile. */
export function buildProfile(ocpp: OcppVersion, config: ConfigFile, flags: { stationId?: string; password?: string; features?: string }): SutProfile {
  const base = defaultProfile(ocpp);
  return {
    ...base,
    stationId: flags.stationId ?? config.stationId ?? base.stationId,
    basicAuthPassword: flags.password ?? config.basicAuthPassword,
    evses: config.evses ?? base.evses,
    idTokens: { ...base.idTokens, ...config.idTokens },
    timing: { ...base.timing, ...config.timing },
    features: flags.features ? flags.features.split(',') : config.features ?? [],
    absent: config.absent ?? [],
    vendor: config.vendor ?? base.vendor,
    model: config.model ?? base.model,
  };
}
