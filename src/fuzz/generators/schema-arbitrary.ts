import fc from 'fast-check';
import { schemaOf, type JsonSchema, type MessageKind } from '../../ocpp/schemas.js';
import type { OcppVersion } from '../../ocpp/versions.js';
import { boundsOf, isMultipleOf, numberOr, resolve, typesOf } from './schema-walk.js';

/**
 * Schema-valid payloads as fast-check arbitraries. Covers what the OCPP 1.6 and 2.0.1 schemas use: type (also
 * as an array), enum, const, required/optional properties, additionalProperties (never adds extras), local
 * $ref, numeric bounds (inclusive and exclusive), multipleOf, string lengths, formats date-time and uri, and
 * arrays with item bounds. Unbounded arrays are capped small to keep frames small.
 */

export interface SchemaArbitraryOptions {
  /** Longest array generated when the schema allows more (default 3). */
  maxArrayLength?: number;
  /** Past this nesting depth optional properties are left out and arrays kept at minItems (default 12). */
  softDepth?: number;
}

interface Context {
  root: JsonSchema;
  maxArrayLength: number;
  softDepth: number;
}

/**
 * Arrays inside array items get fewer items (at most one): without this a schedule of
 * periods of entries multiplies into frames of tens of kB. Item counts at the schema's limits are the
 * mutations' job (too-many-items / too-few-items).
 */
const NESTED_ARRAY_CAP = [Infinity, 1, 1];

/** Optional customData is generated in the payload and its direct children only. */
const CUSTOM_DATA_DEPTH = 1;

// Beyond this the schema must be recursive without a way out: fail loudly rather than loop.
const HARD_DEPTH = 40;

export function arbitraryFromSchema(schema: JsonSchema, options: SchemaArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const ctx: Context = { root: schema, maxArrayLength: options.maxArrayLength ?? 3, softDepth: options.softDepth ?? 12 };
  return build(schema, ctx, 0);
}

/** An arbitrary for a node inside `root` (mutators use it to make extra array items). */
export function arbitraryForNode(node: JsonSchema, root: JsonSchema, options: SchemaArbitraryOptions = {}): fc.Arbitrary<unknown> {
  return build(node, { root, maxArrayLength: options.maxArrayLength ?? 3, softDepth: options.softDepth ?? 12 }, 0);
}

function build(raw: JsonSchema, ctx: Context, depth: number, arrays = 0): fc.Arbitrary<unknown> {
  if (depth > HARD_DEPTH) throw new Error('schema nests deeper than 40 levels (recursive $ref without an exit?)');
  const node = resolve(raw, ctx.root);
  if ('const' in node) return fc.constant(node.const);
  if (Array.isArray(node.enum)) return fc.constantFrom(...(node.enum as unknown[]));
  for (const combinator of ['allOf', 'anyOf', 'oneOf', 'not', 'if']) {
    if (combinator in node) throw new Error(`schema keyword ${combinator} is not supported by the generator`);
  }
  const types = typesOf(node);
  if (!types) return anyJson;
  const arbs = types.map((t) => forType(t, node, ctx, depth, arrays));
  return arbs.length === 1 ? arbs[0]! : fc.oneof(...arbs);
}

function forType(type: string, node: JsonSchema, ctx: Context, depth: number, arrays: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string': return stringArb(node);
    case 'integer': return numberArb(node, true);
    case 'number': return numberArb(node, false);
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'object': return objectArb(node, ctx, depth, arrays);
    case 'array': return arrayArb(node, ctx, depth, arrays);
    default: throw new Error(`unknown schema type ${type}`);
  }
}

/**
 * Leaf values come from tables built once per shape (strings of a length range, date-times, URIs, free JSON) and
 * are drawn by index: a single integer per leaf is what fast-check generates and shrinks (towards the first,
 * simplest entry), instead of a character array or a date per value. The tables are sampled from fast-check's
 * own arbitraries with a fixed seed, so they hold the same kinds of values the richer arbitraries would give.
 */
const TABLE_SIZE = 64;

function fromTable<T>(table: readonly T[]): fc.Arbitrary<T> {
  if (table.length === 1) return fc.constant(table[0]!);
  return fc.integer({ min: 0, max: table.length - 1 }).map((i) => table[i]!);
}

/** A table of distinct samples, simplest (shortest JSON) first so shrinking goes there. */
function sampled<T>(arb: fc.Arbitrary<T>, size: number, seed: number): T[] {
  const seen = new Map<string, T>();
  for (const v of fc.sample(arb, { seed, numRuns: size * 2 })) {
    const key = JSON.stringify(v);
    if (!seen.has(key)) seen.set(key, v);
    if (seen.size >= size) break;
  }
  return [...seen.entries()].sort((a, b) => a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1)).map(([, v]) => v);
}

// A field without any constraint (2.0.1 DataTransfer.data): small JSON, round-tripped so it is exactly what
// the wire carries (no -0, no undefined).
const anyJson: fc.Arbitrary<unknown> = fromTable(sampled(fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown), TABLE_SIZE, 1));

const stringTables = new Map<string, fc.Arbitrary<string>>();

function stringArb(node: JsonSchema): fc.Arbitrary<string> {
  if (node.format === 'date-time') return dateTimeArb;
  if (node.format === 'uri') return uriArb;
  const minLength = numberOr(node.minLength) ?? 0;
  const maxLength = numberOr(node.maxLength);
  const key = `${minLength}|${maxLength}`;
  let arb = stringTables.get(key);
  if (!arb) {
    // Mostly short printable ASCII (fast-check's default unit), some exactly at maxLength: the edge a
    // receiver's buffer sizing gets wrong.
    const shortMax = Math.min(maxLength ?? Infinity, minLength + 20);
    const table = sampled(fc.string({ minLength, maxLength: shortMax }), TABLE_SIZE - 4, 2);
    if (maxLength !== undefined && maxLength > shortMax) {
      for (const unit of sampled(fc.string({ minLength: 1, maxLength: 8 }), 4, 3)) {
        table.push(unit.repeat(Math.ceil(maxLength / unit.length)).slice(0, maxLength));
      }
    }
    arb = fromTable(table);
    stringTables.set(key, arb);
  }
  return arb;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** RFC 3339 with a numeric offset: the same instant written as local time at `offsetMinutes`. */
function withOffset(date: Date, offsetMinutes: number): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

// Valid RFC 3339 in the shapes real systems send: with and without milliseconds, UTC or a numeric offset.
const dateTimeArb: fc.Arbitrary<string> = fromTable(sampled(fc
  .tuple(
    fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
    fc.constantFrom('ms', 'seconds', 'offset'),
    fc.constantFrom(-480, -60, 60, 120, 330, 600),
  )
  .map(([date, shape, offset]) => {
    if (shape === 'ms') return date.toISOString();
    if (shape === 'seconds') return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return withOffset(date, offset);
  }), TABLE_SIZE, 4));

const uriArb: fc.Arbitrary<string> = fromTable(sampled(fc
  .tuple(fc.constantFrom('http', 'https', 'ftp', 'sftp'), fc.domain(), fc.array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { maxLength: 3 }))
  .map(([scheme, host, path]) => `${scheme}://${host}/${path.join('/')}`), TABLE_SIZE, 5));

// Without bounds, integers stay in int32 and numbers in +-1e9: what OCPP fields hold in practice.
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

function numberArb(node: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const b = boundsOf(node);
  const step = numberOr(node.multipleOf);
  // Integer range inside the bounds (exclusive bounds move inwards by one).
  const lo = b.min === undefined ? (integer ? INT_MIN : -1e9) : b.minExcluded ? Math.floor(b.min) + 1 : Math.ceil(b.min);
  const hi = b.max === undefined ? (integer ? INT_MAX : 1e9) : b.maxExcluded ? Math.ceil(b.max) - 1 : Math.floor(b.max);
  if (step !== undefined) return multipleArb(step, b, integer);
  const ints = fc.integer({ min: lo, max: hi });
  if (integer) return ints;
  // Decimals as integers in tenths or thousandths (one integer draw, shrinks towards 0 like the integers);
  // a double only where the bounds leave no such decimal.
  const inRange = (v: number) =>
    (b.min === undefined || (b.minExcluded ? v > b.min : v >= b.min)) && (b.max === undefined || (b.maxExcluded ? v < b.max : v <= b.max));
  for (const scale of [10, 1000]) {
    const kLo = Math.ceil((b.min ?? -1e9) * scale) + 1;
    const kHi = Math.floor((b.max ?? 1e9) * scale) - 1;
    if (kLo <= kHi && inRange(kLo / scale) && inRange(kHi / scale)) {
      const decimals = fc.integer({ min: kLo, max: kHi }).map((k) => k / scale + 0);
      return lo <= hi ? fc.oneof(ints, decimals) : decimals;
    }
  }
  return fc
    .double({
      min: b.min ?? -1e9, max: b.max ?? 1e9, minExcluded: b.minExcluded, maxExcluded: b.maxExcluded, noNaN: true,
      noDefaultInfinity: true,
    })
    .map((v) => v + 0); // -0 becomes 0: JSON cannot tell them apart anyway
}

/** k * step within the bounds, keeping only values ajv accepts as multiples (see isMultipleOf). */
function multipleArb(step: number, b: ReturnType<typeof boundsOf>, integer: boolean): fc.Arbitrary<number> {
  const inRange = (v: number) =>
    (b.min === undefined || (b.minExcluded ? v > b.min : v >= b.min)) && (b.max === undefined || (b.maxExcluded ? v < b.max : v <= b.max));
  const kMin = b.min === undefined ? -1e6 : Math.ceil(b.min / step);
  const kMax = b.max === undefined ? 1e6 : Math.floor(b.max / step);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return fc
    .integer({ min: kMin, max: kMax })
    .map((k) => {
      const candidates = [Number((k * step).toFixed(decimals)), Math.round(k * step)];
      return candidates.find((v) => inRange(v) && isMultipleOf(v, step) && (!integer || Number.isInteger(v)));
    })
    .filter((v): v is number => v !== undefined)
    .map((v) => v + 0);
}

function objectArb(node: JsonSchema, ctx: Context, depth: number, arrays: number): fc.Arbitrary<Record<string, unknown>> {
  const props = (node.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((node.required ?? []) as string[]);
  // Past the soft depth only required properties are generated: keeps a recursive schema finite.
  // customData (2.0.1's vendor extension, in nearly every object) only near the root: everywhere it doubles the
  // frame for little, and the transport family puts odd values into it anyway.
  const keys = Object.keys(props).filter((k) => required.has(k) || (depth < ctx.softDepth && (k !== 'customData' || depth <= CUSTOM_DATA_DEPTH)));
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const k of keys) model[k] = build(props[k]!, ctx, depth + 1, arrays);
  // A required property the schema does not describe can hold anything.
  for (const k of required) if (!model[k]) model[k] = anyJson;
  // Optional keys are there half the time (fc.record's default is about five in six, which makes 2.0.1 payloads
  // several kB): one tuple of values, an optional one shrinking to "left out", mapped to a plain object (what
  // JSON.parse gives a receiver).
  const names = Object.keys(model);
  const parts = names.map((k) => (required.has(k) ? model[k]! : fc.option(model[k]!, { nil: NO_KEY, freq: 2 })));
  return fc.tuple(...parts).map((values) => {
    const obj: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i += 1) if (values[i] !== NO_KEY) obj[names[i]!] = values[i];
    return obj;
  });
}

/** Marks an optional property left out of a generated object. */
const NO_KEY: unique symbol = Symbol('no key');

function arrayArb(node: JsonSchema, ctx: Context, depth: number, arrays: number): fc.Arbitrary<unknown[]> {
  const minLength = numberOr(node.minItems) ?? 0;
  const schemaMax = numberOr(node.maxItems) ?? Infinity;
  const cap = Math.min(ctx.maxArrayLength, NESTED_ARRAY_CAP[arrays] ?? 1);
  const maxLength = depth < ctx.softDepth ? Math.max(minLength, Math.min(schemaMax, cap)) : minLength;
  if (Array.isArray(node.items)) throw new Error('tuple-style "items" arrays are not supported by the generator');
  const item = node.items ? build(node.items as JsonSchema, ctx, depth + 1, arrays + 1) : anyJson;
  if (node.uniqueItems === true) return fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) });
  return fc.array(item, { minLength, maxLength });
}

const cache = new Map<string, fc.Arbitrary<unknown>>();

/** Schema-valid payloads for an action's request or response (cached: building walks the whole schema). */
export function validPayload(version: OcppVersion, action: string, kind: MessageKind): fc.Arbitrary<Record<string, unknown>> {
  const key = `${version}|${action}|${kind}`;
  let arb = cache.get(key);
  if (!arb) {
    const schema = schemaOf(version, action, kind);
    if (!schema) throw new Error(`no ${kind} schema for ${action} in OCPP ${version}`);
    arb = arbitraryFromSchema(schema);
    cache.set(key, arb);
  }
  return arb as fc.Arbitrary<Record<string, unknown>>;
}

/** How many valid payloads per action the damaging families draw from. */
export const BASE_POOL_SIZE = 128;
const pools = new Map<string, fc.Arbitrary<Record<string, unknown>>>();

/**
 * The valid payloads the damaging families (schema violations, frame and transport damage) start from: a pool
 * of distinct payloads drawn once per action with a fixed seed, smallest first, picked by index. What those
 * families vary is the damage (kind, place, value), drawn as integers; a fresh random payload under every
 * damage cost as much as the damage itself. The index shrinks towards 0, the smallest payload, and a pooled
 * payload is the same object each time, so what is learnt about its shape (spots, places) is kept with it.
 * The valid-payload family keeps generating fresh payloads.
 */
export function basePayload(version: OcppVersion, action: string, kind: MessageKind): fc.Arbitrary<Record<string, unknown>> {
  const key = `${version}|${action}|${kind}`;
  let arb = pools.get(key);
  if (!arb) {
    const byText = new Map<string, Record<string, unknown>>();
    for (const p of fc.sample(validPayload(version, action, kind), { seed: 0x0c99, numRuns: BASE_POOL_SIZE })) byText.set(JSON.stringify(p), p);
    const pool = [...byText].sort((a, b) => a[0].length - b[0].length).map(([, p]) => p);
    arb = fc.noBias(fc.nat({ max: pool.length - 1 })).map((i) => pool[i]!);
    pools.set(key, arb);
  }
  return arb;
}
