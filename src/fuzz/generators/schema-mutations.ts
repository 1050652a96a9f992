import fc from 'fast-check';
import { violationOfKeyword, type Violation } from '../../ocpp/errors.js';
import { schemaOf, validatePayload, type JsonSchema, type MessageKind } from '../../ocpp/schemas.js';
import type { OcppVersion } from '../../ocpp/versions.js';
import { arbitraryForNode, basePayload } from './schema-arbitrary.js';
import { textWithChange } from './json-layout.js';
import {
  REMOVE, boundsOf, dottedOf, isPlainObject, jsonTypeOf, matchesType, numberOr,
  pointerOf, spotsOf, typesOf, withChange, type Segment, type Spot,
} from './schema-walk.js';

/**
 * Schema violations made by mutating one spot of a valid payload, so everything else stays valid and the
 * receiver's answer can be pinned on that one change.
 */

export type MutationKind =
  | 'wrong-type' | 'null' | 'missing-required' | 'extra-property' | 'enum-outside' | 'too-long' | 'too-short'
  | 'above-maximum' | 'below-minimum' | 'not-multiple' | 'bad-format' | 'too-many-items' | 'too-few-items';

export const MUTATION_KINDS: readonly MutationKind[] = [
  'wrong-type', 'null', 'missing-required', 'extra-property', 'enum-outside', 'too-long', 'too-short',
  'above-maximum', 'below-minimum', 'not-multiple', 'bad-format', 'too-many-items', 'too-few-items',
];

export interface Mutation {
  payload: unknown;
  /** What a validator says first about the mutated payload (ajv keyword class). */
  violation: Violation;
  /** JSON pointer of the changed value (for a missing or extra property: where it is missing / was added). */
  path: string;
  /** The payload's JSON text: the base payload's text with the changed value spliced in. */
  json: string;
  description: string;
  kind: MutationKind;
}

/** One change to apply: where, the new value (or REMOVE), and how to say it. */
interface Change {
  segments: Segment[];
  value: unknown;
  description: string;
  /** A smaller value with the same schema verdict, validated instead of a long one (length counts are slow). */
  standIn?: unknown;
  /** The value's JSON text when it is cheaper to repeat text than to serialize (many equal items). */
  json?: string;
  /**
   * What decides the verdict, when it is a class of values rather than the value itself: a validator checks the
   * type before anything else and a length or item count before the format or the items, so every string one past
   * maxLength of a node gets the same first problem, whatever its text.
   */
  verdictKey?: string;
}

interface Ctx { root: JsonSchema; version: OcppVersion }

/**
 * One kind of mutation, as plain tables: which spots it applies to, how many changes it offers at a spot, and
 * the i-th of them. Generation draws the kind, the spot and the change as integers and builds only that one
 * change, so no arbitrary is made per generated value and shrinking moves each index towards 0.
 */
interface Mutator {
  applies(spot: Spot): boolean;
  count(spot: Spot, ctx: Ctx): number;
  change(spot: Spot, i: number, ctx: Ctx): Change;
}

const short = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

const isString = (s: Spot) => typeof s.value === 'string';
const isNumber = (s: Spot) => typeof s.value === 'number';

// Values of every JSON type; a spot gets those its schema does not allow. Includes near misses a lax parser
// may coerce: "1" for an integer, 1.5 for an integer, "true" for a boolean.
const TYPE_SAMPLES: unknown[] = ['1', 'true', 1, 1.5, true, {}, [], ['x']];

const candidates = new WeakMap<Spot, unknown[]>();

/** Values of a type the spot's schema does not allow (kept per spot: a pooled payload's spots come back). */
function wrongTypeCandidates(s: Spot): unknown[] {
  let list = candidates.get(s);
  if (!list) candidates.set(s, (list = [JSON.stringify(s.value), ...TYPE_SAMPLES].filter((c) => !matchesType(c, typesOf(s.node)))));
  return list;
}

const wrongType: Mutator = {
  applies: (s) => typesOf(s.node) !== undefined,
  count: (s) => wrongTypeCandidates(s).length,
  change: (s, i) => {
    const value = wrongTypeCandidates(s)[i];
    return { segments: s.segments, value, verdictKey: `type:${jsonTypeOf(value)}`, description: `${dottedOf(s.segments)}: ${typesOf(s.node)!.join('|')} replaced by ${jsonTypeOf(value)} ${short(value)}` };
  },
};

const nullValue: Mutator = {
  applies: (s) => typesOf(s.node) !== undefined && !matchesType(null, typesOf(s.node)),
  count: () => 1,
  change: (s) => ({ segments: s.segments, value: null, description: `${dottedOf(s.segments)} is null` }),
};

const requiredOf = (s: Spot) => (s.node.required ?? []) as string[];

const missingRequired: Mutator = {
  applies: (s) => isPlainObject(s.value) && requiredOf(s).length > 0,
  count: (s) => requiredOf(s).length,
  change: (s, i) => {
    const segments = [...s.segments, requiredOf(s)[i]!];
    return { segments, value: REMOVE, description: `required ${dottedOf(segments)} missing` };
  },
};

// Names a JavaScript receiver may trip over ("__proto__", "constructor"), plus ordinary-looking ones.
const EXTRA_NAMES: readonly string[] = [
  'extra', 'unknownField', 'vendorExtension', '__proto__', 'constructor', '',
  ...fc.sample(fc.stringMatching(/^[a-z][A-Za-z0-9]{0,15}$/), { seed: 6, numRuns: 10 }),
];
const EXTRA_VALUES: readonly unknown[] = [
  'x', '', 0, -1, 2147483648, true, false, null, {}, [],
  ...fc.sample(fc.string({ maxLength: 10 }), { seed: 7, numRuns: 6 }),
];

const extraProperty: Mutator = {
  applies: (s) => isPlainObject(s.value) && s.node.additionalProperties === false,
  count: () => EXTRA_NAMES.length * EXTRA_VALUES.length,
  change: (s, i) => {
    const known = (s.node.properties ?? {}) as Record<string, unknown>;
    let key = EXTRA_NAMES[i % EXTRA_NAMES.length]!;
    while (Object.hasOwn(known, key)) key = `${key}X`;
    return {
      segments: [...s.segments, key], value: EXTRA_VALUES[Math.floor(i / EXTRA_NAMES.length)],
      description: `extra property ${JSON.stringify(key)} in ${dottedOf(s.segments)}, which allows none`,
    };
  },
};

const RANDOM_WORDS: readonly string[] = fc.sample(fc.string({ maxLength: 12 }), { seed: 8, numRuns: 16 });
const outsideCache = new WeakMap<JsonSchema, string[]>();

/** Strings outside an enum: case and whitespace variants of a member (loose comparisons accept these), then noise. */
function outsideOf(node: JsonSchema): string[] {
  let values = outsideCache.get(node);
  if (!values) {
    const members = node.enum as unknown[];
    const first = String(members[0]);
    values = [...new Set([first.toLowerCase(), first.toUpperCase(), `${first} `, `${first}X`, '', 'Unknown', ...RANDOM_WORDS])]
      .filter((v) => !members.includes(v));
    outsideCache.set(node, values);
  }
  return values;
}

const enumOutside: Mutator = {
  applies: (s) => Array.isArray(s.node.enum) && typeof s.value === 'string',
  count: (s) => outsideOf(s.node).length,
  change: (s, i) => {
    const members = s.node.enum as unknown[];
    const value = outsideOf(s.node)[i];
    const listed = members.length > 6 ? `${members.slice(0, 6).join(', ')}, ...` : members.join(', ');
    return { segments: s.segments, value, description: `${dottedOf(s.segments)}: ${JSON.stringify(value)} is not one of ${listed}` };
  },
};

const FILLS = ['x', 'A', '9', ' '];

const tooLong: Mutator = {
  applies: (s) => isString(s) && numberOr(s.node.maxLength) !== undefined,
  count: () => 2 * FILLS.length,
  change: (s, i) => {
    const max = s.node.maxLength as number;
    // Just past the limit (an off-by-one check) and far past it (a fixed buffer).
    const length = i % 2 === 0 ? max + 1 : max * 4 + 100;
    const original = s.value as string;
    const fill = FILLS[Math.floor(i / 2)]!.repeat(length - original.length);
    const value = original + fill;
    // The fill characters need no escaping: the JSON text is the original's plus the fill, not a serialization
    // of thousands of characters.
    const json = `${JSON.stringify(original).slice(0, -1)}${fill}"`;
    return { segments: s.segments, value, json, standIn: value.slice(0, max + 1), verdictKey: `longer:${FILLS[Math.floor(i / 2)]!}`, description: `${dottedOf(s.segments)} longer than ${max} (${length} chars)` };
  },
};

const tooShort: Mutator = {
  applies: (s) => isString(s) && (numberOr(s.node.minLength) ?? 0) > 0,
  count: () => 1,
  change: (s) => {
    const min = s.node.minLength as number;
    return { segments: s.segments, value: Array.from(s.value as string).slice(0, min - 1).join(''), verdictKey: 'shorter', description: `${dottedOf(s.segments)} shorter than ${min} (${min - 1} chars)` };
  },
};

const unit = (s: Spot) => (typesOf(s.node)?.includes('integer') && !typesOf(s.node)?.includes('number') ? 1 : 0.5);

const aboveMaximum: Mutator = {
  applies: (s) => isNumber(s) && boundsOf(s.node).max !== undefined,
  count: () => 2,
  change: (s, i) => {
    const { max, maxExcluded } = boundsOf(s.node) as { max: number; maxExcluded: boolean };
    const value = i === 0 ? (maxExcluded ? max : max + unit(s)) : max + 1_000_000;
    return { segments: s.segments, value, description: `${dottedOf(s.segments)} = ${value}, above the maximum ${max}${maxExcluded ? ' (exclusive)' : ''}` };
  },
};

const belowMinimum: Mutator = {
  applies: (s) => isNumber(s) && boundsOf(s.node).min !== undefined,
  count: () => 2,
  change: (s, i) => {
    const { min, minExcluded } = boundsOf(s.node) as { min: number; minExcluded: boolean };
    const value = i === 0 ? (minExcluded ? min : min - unit(s)) : min - 1_000_000;
    return { segments: s.segments, value, description: `${dottedOf(s.segments)} = ${value}, below the minimum ${min}${minExcluded ? ' (exclusive)' : ''}` };
  },
};

const notMultiple: Mutator = {
  applies: (s) => isNumber(s) && numberOr(s.node.multipleOf) !== undefined,
  count: () => 1,
  change: (s) => {
    const step = s.node.multipleOf as number;
    const value = Math.trunc(s.value as number) + step / 2;
    return { segments: s.segments, value, description: `${dottedOf(s.segments)} = ${value}, not a multiple of ${step}` };
  },
};

/**
 * Near misses of RFC 3339 first (impossible month/day/hour, a space), then things that are not dates. A
 * date-time without a zone is wrong in 2.0.1 (RFC 3339) but allowed in 1.6, which asks for ISO 8601 and so
 * admits local time: it is only a mutation for 2.0.1.
 */
const BAD_DATE_TIMES: Record<OcppVersion, readonly string[]> = {
  '2.0.1': ['2024-13-45T99:00:00Z', '2024-02-30T10:00:00Z', '2024-06-01T25:00:00Z', '2024-06-01T10:00:00', '2024-06-01 10:00', '2024-06-01', '1718000000', 'yesterday', ''],
  '1.6': ['2024-13-45T99:00:00Z', '2024-02-30T10:00:00Z', '2024-06-01T25:00:00Z', '2024-06-01 10:00', '2024-06-01', '1718000000', 'yesterday', ''],
};
const BAD_URIS: readonly string[] = ['not a uri', '//missing-scheme', '', 'http://exa mple.com/'];

const badValuesOf = (s: Spot, ctx: Ctx) => (s.node.format === 'uri' ? BAD_URIS : BAD_DATE_TIMES[ctx.version]);

const badFormat: Mutator = {
  applies: (s) => isString(s) && (s.node.format === 'date-time' || s.node.format === 'uri'),
  count: (s, ctx) => badValuesOf(s, ctx).length,
  change: (s, i, ctx) => {
    const value = badValuesOf(s, ctx)[i];
    return { segments: s.segments, value, description: `${dottedOf(s.segments)}: ${JSON.stringify(value)} is not a valid ${String(s.node.format)}` };
  },
};

const itemTables = new WeakMap<JsonSchema, unknown[]>();

/** A few valid items for an array node, made once (an empty array needs one to repeat). */
function itemsFor(node: JsonSchema, root: JsonSchema): unknown[] {
  let items = itemTables.get(node);
  if (!items) {
    items = fc.sample(arbitraryForNode((node.items ?? {}) as JsonSchema, root), { seed: 9, numRuns: 4 });
    itemTables.set(node, items);
  }
  return items;
}

const tooManyItems: Mutator = {
  applies: (s) => Array.isArray(s.value) && numberOr(s.node.maxItems) !== undefined,
  count: (s, ctx) => ((s.value as unknown[]).length > 0 ? 1 : itemsFor(s.node, ctx.root).length),
  change: (s, i, ctx) => {
    const max = s.node.maxItems as number;
    const items = s.value as unknown[];
    // Repeat the valid items already there (or one new valid item) so only the count is wrong.
    const pool = items.length > 0 ? items : [itemsFor(s.node, ctx.root)[i]];
    // The items are shared, not copied: generated payloads are never changed in place, and JSON repeats them.
    const value: unknown[] = pool.length === 1 ? new Array<unknown>(max + 1).fill(pool[0]) : Array.from({ length: max + 1 }, (_, j) => pool[j % pool.length]);
    const texts = pool.map((x) => JSON.stringify(x));
    const json = pool.length === 1 ? `[${`${texts[0]},`.repeat(max)}${texts[0]}]` : `[${value.map((_, j) => texts[j % texts.length]).join(',')}]`;
    return {
      json, segments: s.segments, value, verdictKey: 'more-items',
      description: `${dottedOf(s.segments)} has ${max + 1} items, more than maxItems ${max}`,
    };
  },
};

const tooFewItems: Mutator = {
  applies: (s) => Array.isArray(s.value) && (numberOr(s.node.minItems) ?? 0) > 0,
  count: () => 1,
  change: (s) => {
    const min = s.node.minItems as number;
    return { segments: s.segments, value: (s.value as unknown[]).slice(0, min - 1), verdictKey: 'fewer-items', description: `${dottedOf(s.segments)} has ${min - 1} items, fewer than minItems ${min}` };
  },
};

const MUTATORS: Record<MutationKind, Mutator> = {
  'wrong-type': wrongType, null: nullValue, 'missing-required': missingRequired, 'extra-property': extraProperty,
  'enum-outside': enumOutside, 'too-long': tooLong, 'too-short': tooShort, 'above-maximum': aboveMaximum,
  'below-minimum': belowMinimum, 'not-multiple': notMultiple, 'bad-format': badFormat,
  'too-many-items': tooManyItems, 'too-few-items': tooFewItems,
};

export interface MutationOptions {
  /** Only these kinds (those not applicable to a payload are skipped; wrong-type always applies). */
  kinds?: readonly MutationKind[];
}

/**
 * Apply the mutation the three indexes pick: the kind among those that apply to this payload, the spot among
 * those it applies to, and the change among those it offers there.
 */
function mutate(version: OcppVersion, action: string, kind: MessageKind, ctx: Ctx, wanted: readonly MutationKind[], payload: unknown, kindIndex: number, spotIndex: number, changeIndex: number): Mutation {
  const shape = shapeOf(payload, ctx.root);
  const { spots } = shape;
  const applicable = shape.applicable(wanted);
  if (applicable.length > 0) {
    const k = applicable[kindIndex % applicable.length]!;
    const m = MUTATORS[k];
    const eligible = shape.eligible(k);
    const spot = eligible[spotIndex % eligible.length]!;
    const n = m.count(spot, ctx);
    if (n > 0) return finish(version, action, kind, payload, m.change(spot, changeIndex % n, ctx), k, spot);
  }
  // wrong-type at the root always applies; it keeps a narrow `kinds` choice from coming up empty.
  return finish(version, action, kind, payload, wrongType.change(spots[0]!, changeIndex % wrongType.count(spots[0]!, ctx), ctx), 'wrong-type', spots[0]!);
}

interface Shape { spots: Spot[]; eligible(kind: MutationKind): Spot[]; applicable(wanted: readonly MutationKind[]): MutationKind[] }
const shapes = new WeakMap<object, Shape>();

/**
 * The spots of a payload and, per kind, those the kind applies to. Kept with the payload object: the damaging
 * families reuse pooled payloads, so a payload's shape is walked once, not for every mutation of it.
 */
function shapeOf(payload: unknown, root: JsonSchema): Shape {
  const cached = typeof payload === 'object' && payload !== null ? shapes.get(payload) : undefined;
  if (cached) return cached;
  const spots = spotsOf(payload, root);
  const byKind = new Map<MutationKind, Spot[]>();
  const byWanted = new WeakMap<readonly MutationKind[], MutationKind[]>();
  const shape: Shape = {
    spots,
    eligible(kind) {
      let list = byKind.get(kind);
      if (!list) byKind.set(kind, (list = spots.filter(MUTATORS[kind].applies)));
      return list;
    },
    applicable(wanted) {
      let kinds = byWanted.get(wanted);
      if (!kinds) byWanted.set(wanted, (kinds = wanted.filter((k) => shape.eligible(k).length > 0)));
      return kinds;
    },
  };
  if (typeof payload === 'object' && payload !== null) shapes.set(payload, shape);
  return shape;
}

const invalidCache = new Map<string, fc.Arbitrary<Mutation>>();

/**
 * Schema-invalid payloads for an action: a valid payload with one mutation. The kind, the spot and the change
 * are drawn as integers next to the payload (built once per action, kind and choice of kinds, then cached).
 */
export function invalidPayload(version: OcppVersion, action: string, kind: MessageKind, options: MutationOptions = {}): fc.Arbitrary<Mutation> {
  const wanted = options.kinds ?? MUTATION_KINDS;
  const key = `${version}|${action}|${kind}|${wanted.join(',')}`;
  const cached = invalidCache.get(key);
  if (cached) return cached;
  const schema = schemaOf(version, action, kind);
  if (!schema) throw new Error(`no ${kind} schema for ${action} in OCPP ${version}`);
  const ctx: Ctx = { root: schema, version };
  // Indexes are taken modulo what applies: small ranges keep shrinking short (about ten steps each).
  const pick = fc.noBias(fc.nat({ max: 1023 }));
  const arb = fc.tuple(basePayload(version, action, kind), pick, pick, pick)
    .map(([payload, k, s, c]) => mutate(version, action, kind, ctx, wanted, payload, k, s, c));
  invalidCache.set(key, arb);
  return arb;
}

const MAX_KEYED_VALUE = 256;
const violationsAt = new WeakMap<JsonSchema, Map<string, Violation>>();

/**
 * The violation a validator reports first for `change` made at `spot` of a valid payload. Everything else in
 * the payload is valid and the OCPP schemas relate no part to another, so the answer depends only on the spot's
 * schema node, the property changed under it (for an added or removed one) and the new value: it is kept per
 * node, whatever the payload and array index, and ajv runs only for what is new.
 */
function violationOf(version: OcppVersion, action: string, kind: MessageKind, spot: Spot, change: Change, judged: () => unknown): Violation {
  const judgedValue = change.standIn ?? change.value;
  const valueKey = change.verdictKey ?? (judgedValue === REMOVE ? '-' : change.standIn === undefined && change.json !== undefined ? change.json : JSON.stringify(judgedValue));
  const below = change.segments.length > spot.segments.length ? JSON.stringify(change.segments.at(-1)) : '';
  const key = valueKey !== undefined && valueKey.length <= MAX_KEYED_VALUE ? `${below}|${valueKey}` : undefined;
  let known = violationsAt.get(spot.node);
  const hit = key === undefined ? undefined : known?.get(key);
  if (hit) return hit;
  const check = validatePayload(version, action, kind, judged());
  // A mutation that left the payload valid would be a generator bug; "schema-other" keeps the type honest and
  // the generator tests catch it.
  const violation = check.valid ? 'schema-other' : violationOfKeyword(check.problems[0]!.keyword);
  if (key !== undefined) {
    if (!known) violationsAt.set(spot.node, (known = new Map()));
    known.set(key, violation);
  }
  return violation;
}

function finish(version: OcppVersion, action: string, kind: MessageKind, payload: unknown, change: Change, mutation: MutationKind, spot: Spot): Mutation {
  const mutated = withChange(payload, change.segments, change.value);
  const judged = () => (change.standIn === undefined ? mutated : withChange(payload, change.segments, change.standIn));
  // Labelled by what a validator reports first, so the accepted codes match what a receiver would see.
  const violation = violationOf(version, action, kind, spot, change, judged);
  // The text is the payload's own with the changed value spliced in (a generated payload is always an object).
  const valueJson = change.value === REMOVE ? REMOVE : change.json ?? JSON.stringify(change.value) ?? 'null';
  const json = typeof payload === 'object' && payload !== null ? textWithChange(payload, change.segments, valueJson) : JSON.stringify(mutated);
  return { payload: mutated, json, violation, path: pointerOf(change.segments), description: change.description, kind: mutation };
}
