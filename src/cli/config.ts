import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import YAML from 'yaml';
import { defaultProfile, DEFAULT_TIMING, type SmartChargingSettings, type SutProfile } from '../harness/config.js';
import { OCPP_VERSIONS, type OcppVersion } from '../ocpp/versions.js';
import { UsageError, nearest, normalizeVersion, wsUrlProblem } from './options.js';

export { UsageError };

/** What a --config file may hold; command-line flags override it. */
export interface ConfigFile {
  ocpp?: OcppVersion;
  stationId?: string;
  url?: string;
  listen?: string;
  basicAuthPassword?: string;
  securityProfile?: 1 | 2 | 3;
  tls?: SutProfile['tls'];
  evses?: { id: number; connectors: number }[];
  idTokens?: Partial<SutProfile['idTokens']>;
  timing?: Partial<SutProfile['timing']>;
  /** 1.6 smart charging test cases: the values their documents take as configured. */
  smartCharging?: Partial<SmartChargingSettings>;
  /** 1.6 firmware test cases: the path of a valid firmware image for the charger under test. */
  firmware?: SutProfile['firmware'];
  features?: string[];
  absent?: string[];
  /** 2.0.1 GetReport componentCriteria the station does not support (TC_B_19_CS). */
  unsupportedComponentCriteria?: string[];
  /** 2.0.1 monitoringCriteria (TC_N_04_CS), monitoringBase values (TC_N_07_CS), display message states (TC_O_18_CS) the station does not support. */
  unsupportedMonitoringCriteria?: string[];
  unsupportedMonitoringBase?: string[];
  unsupportedDisplayMessageStates?: string[];
  /** Station IDs the harness may use at once against a CSMS (--parallel); or a pattern with {n}. */
  stationIds?: (string | { id: string; password?: string })[] | string;
  /** test csms: the CSMS's operator settings (next boot answer, ...) apply per station, so nothing need run alone. */
  operatorPerStation?: boolean;
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
    ocpp: { type: 'string', enum: OCPP_VERSIONS },
    stationId: { type: 'string', minLength: 1, maxLength: 48 },
    url: { type: 'string' },
    listen: { type: 'string' },
    basicAuthPassword: { type: 'string', minLength: 1 },
    securityProfile: { type: 'integer', enum: [1, 2, 3] },
    tls: {
      type: 'object', additionalProperties: false,
      properties: Object.fromEntries(['ca', 'cert', 'key', 'issuerCert', 'issuerKey'].map((k) => [k, { type: 'string', minLength: 1 }])),
    },
    evses: {
      type: 'array', minItems: 1,
      items: { type: 'object', additionalProperties: false, required: ['id', 'connectors'],
        properties: { id: { type: 'integer', minimum: 1 }, connectors: { type: 'integer', minimum: 1 } } },
    },
    idTokens: {
      type: 'object', additionalProperties: false,
      properties: Object.fromEntries(['valid', 'invalid', 'blocked', 'type', 'expired', 'valid2', 'groupId', 'masterPass', 'masterPassGroupId', 'emaid']
        .map((k) => [k, { type: 'string' }])),
    },
    timing: {
      type: 'object', additionalProperties: false,
      properties: Object.fromEntries(timingKeys.map((k) => [k, { type: 'number', exclusiveMinimum: 0 }])),
    },
    smartCharging: {
      type: 'object', additionalProperties: false,
      properties: {
        connectorId: { type: 'integer', minimum: 1 }, stackLevel: { type: 'integer', minimum: 0 }, duration: { type: 'integer', minimum: 1 },
        chargingRateUnit: { type: 'string', enum: ['A', 'W'] }, numberPhases: { type: 'integer', minimum: 1, maximum: 3 },
        startPeriod: { type: 'integer', minimum: 0 }, maxTimeDeviationS: { type: 'number', minimum: 0 }, localLimit: { type: 'number', minimum: 0 },
      },
    },
    firmware: { type: 'object', additionalProperties: false, properties: { image: { type: 'string', minLength: 1 } } },
    features: { type: 'array', items: { type: 'string' } },
    absent: { type: 'array', items: { type: 'string' } },
    unsupportedComponentCriteria: { type: 'array', items: { type: 'string', enum: ['Active', 'Available', 'Enabled', 'Problem'] } },
    unsupportedMonitoringCriteria: { type: 'array', items: { type: 'string', enum: ['ThresholdMonitoring', 'DeltaMonitoring', 'PeriodicMonitoring'] } },
    unsupportedMonitoringBase: { type: 'array', items: { type: 'string', enum: ['All', 'FactoryDefault', 'HardWiredOnly'] } },
    unsupportedDisplayMessageStates: { type: 'array', items: { type: 'string', enum: ['Charging', 'Faulted', 'Idle', 'Unavailable'] } },
    operatorPerStation: { type: 'boolean' },
    stationIds: {
      anyOf: [
        {
          type: 'array', minItems: 1,
          items: { anyOf: [{ type: 'string', minLength: 1 }, {
            type: 'object', additionalProperties: false, required: ['id'],
            properties: { id: { type: 'string', minLength: 1 }, password: { type: 'string', minLength: 1 } },
          }] },
        },
        { type: 'string', pattern: '\\{n\\}' },
      ],
    },
    actions: { type: 'string' },
    sutCmd: { type: 'string' },
    vendor: { type: 'string' },
    model: { type: 'string' },
  },
} as const;

// coerceTypes: a number where a string is wanted becomes that string (JSON `"ocpp": 1.6`), a numeric string where a
// number is wanted becomes the number (`callTimeoutMs: "30000"`); anything else is an error naming the key.
const validateConfig = new Ajv({ allErrors: false, coerceTypes: true, verbose: true }).compile<ConfigFile>(CONFIG_SCHEMA);

/**
 * YAML, with every number kept as written: `ocpp: 1.6` is "1.6" and `stationId: 001` is "001" (the YAML number
 * would be 1); the schema turns the text back into a number where a number is wanted.
 */
function parseYaml(text: string): unknown {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length) throw doc.errors[0]!;
  YAML.visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && typeof node.source === 'string') node.value = node.source;
    },
  });
  return doc.toJS();
}

/** A key written without a value (`timing:` or `~`) is a key not set. */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, dropNulls(v)]));
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number', integer: 'a whole number', string: 'a string', object: 'a mapping of keys to values', array: 'a list',
};

/** One ajv error as `<where> <problem>`, in the words of the config file rather than of JSON schema. */
function describe(e: NonNullable<typeof validateConfig.errors>[number]): string {
  const path = e.instancePath.slice(1).replaceAll('/', '.');
  const where = path || 'the top level';
  const got = ` (got ${shown(e.data)})`;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      const hint = nearest(key, known);
      return `${path ? `${path}: ` : ''}unknown key "${key}"${hint ? ` (did you mean ${hint}?)` : ` (known: ${known.join(', ')})`}`;
    }
    case 'enum': return `${where} must be one of ${(p.allowedValues as string[]).join(', ')}${got}`;
    case 'type': return `${where} must be ${TYPE_NAMES[String(p.type)] ?? String(p.type)}${got}`;
    case 'exclusiveMinimum': return `${where} must be more than ${String(p.limit)}${got}`;
    case 'minimum': return `${where} must be at least ${String(p.limit)}${got}`;
    case 'minLength': case 'minItems': return `${where} must not be empty`;
    case 'maxLength': return `${where} must be at most ${String(p.limit)} characters${got}`;
    case 'required': return `${where} needs "${String(p.missingProperty)}"`;
    default: return `${where} ${e.message ?? 'is not valid'}`;
  }
}

export function loadConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read config ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const json = /\.json$/i.test(file);
  let data: unknown;
  try {
    data = json ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new UsageError(`config ${file} is not valid ${json ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`);
  }
  data = dropNulls(data) ?? {};
  // The version is an enum: any spelling the command line takes (OCPP2.0.1, 1.6J) is that version.
  const raw = data as { ocpp?: unknown };
  if (typeof raw.ocpp === 'string' || typeof raw.ocpp === 'number') raw.ocpp = normalizeVersion(raw.ocpp) ?? raw.ocpp;
  if (!validateConfig(data)) throw new UsageError(`config ${file}: ${describe(validateConfig.errors![0]!)}`);
  for (const key of ['url', 'listen'] as const) {
    const problem = data[key] !== undefined ? wsUrlProblem(data[key]) : undefined;
    if (problem) throw new UsageError(`config ${file}: ${key} ${data[key]}: ${problem}`);
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
    securityProfile: config.securityProfile,
    tls: config.tls,
    evses: config.evses ?? base.evses,
    idTokens: { ...base.idTokens, ...config.idTokens },
    timing: { ...base.timing, ...config.timing },
    ...(config.smartCharging ? { smartCharging: config.smartCharging } : {}),
    ...(config.firmware ? { firmware: config.firmware } : {}),
    features: flags.features ? flags.features.split(',').map((f) => f.trim()).filter(Boolean) : config.features ?? [],
    absent: config.absent ?? [],
    ...(config.unsupportedComponentCriteria ? { unsupportedComponentCriteria: config.unsupportedComponentCriteria } : {}),
    ...(config.unsupportedMonitoringCriteria ? { unsupportedMonitoringCriteria: config.unsupportedMonitoringCriteria } : {}),
    ...(config.unsupportedMonitoringBase ? { unsupportedMonitoringBase: config.unsupportedMonitoringBase } : {}),
    ...(config.unsupportedDisplayMessageStates ? { unsupportedDisplayMessageStates: config.unsupportedDisplayMessageStates } : {}),
    vendor: config.vendor ?? base.vendor,
    model: config.model ?? base.model,
  };
}
