import fc from 'fast-check';
import { violationOfKeyword, type Violation } from '../../ocpp/errors.js';
import { schemaOf, validatePayload, type JsonSchema, type MessageKind } from '../../ocpp/schemas.js';
import type { OcppVersion } from '../../ocpp/versions.js';
import { arbitraryForNode, validPayload } from './schema-arbitrary.js';
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
  description: string;
  kind: MutationKind;
}

/** One change to apply: where, the new value (or REMOVE), and how to say it. */
interface Change { segments: Segment[]; value: unknown; description: string }

interface Ctx { root: JsonSchema }

type Mutator = (spots: Spot[], ctx: Ctx) => fc.Arbitrary<Change> | undefined;

const short = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

/** Pick one of the spots a mutator applies to, then one of its changes for that spot. */
function onSpots(spots: Spot[], make: (spot: Spot) => fc.Arbitrary<Change>): fc.Arbitrary<Change> | undefined {
  if (spots.length === 0) return undefined;
  return fc.constantFrom(...spots).chain(make);
}

const stringSpots = (spots: Spot[]) => spots.filter((s) => typeof s.value === 'string');
const numberSpots = (spots: Spot[]) => spots.filter((s) => typeof s.value === 'number');

// Values of every JSON type; a spot gets those its schema does not allow. Includes near misses a lax parser
// may coerce: "1" for an integer, 1.5 for an integer, "true" for a boolean.
const TYPE_SAMPLES: unknown[] = ['1', 'true', 1, 1.5, true, {}, [], ['x']];

const wrongType: Mutator = (spots) =>
  onSpots(spots.filter((s) => typesOf(s.node)), (s) => {
    const types = typesOf(s.node)!;
    const candidates = [JSON.stringify(s.value), ...TYPE_SAMPLES].filter((c) => !matchesType(c, types));
    return fc.constantFrom(...candidates).map((value) => ({
      segments: s.segments, value,
      description: `${dottedOf(s.segments)}: ${types.join('|')} replaced by ${jsonTypeOf(value)} ${short(value)}`,
    }));
  });

const nullValue: Mutator = (spots) =>
  onSpots(spots.filter((s) => typesOf(s.node) && !matchesType(null, typesOf(s.node))), (s) =>
    fc.constant({ segments: s.segments, value: null, description: `${dottedOf(s.segments)} is null` }));

const missingRequired: Mutator = (spots) =>
  onSpots(spots.filter((s) => isPlainObject(s.value) && ((s.node.required ?? []) as string[]).length > 0), (s) =>
    fc.constantFrom(...(s.node.required as string[])).map((key) => ({
      segments: [...s.segments, key], value: REMOVE,
      description: `required ${dottedOf([...s.segments, key])} missing`,
    })));

// Names a JavaScript receiver may trip over ("__proto__", "constructor"), plus ordinary-looking ones.
const extraName = fc.oneof(
  fc.constantFrom('extra', 'unknownField', 'vendorExtension', '__proto__', 'constructor', ''),
  fc.stringMatching(/^[a-z][A-Za-z0-9]{0,15}$/),
);
const extraValue = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant({}));

const extraProperty: Mutator = (spots) =>
  onSpots(spots.filter((s) => isPlainObject(s.value) && s.node.additionalProperties === false), (s) => {
    const known = (s.node.properties ?? {}) as Record<string, unknown>;
    return fc.tuple(extraName.filter((k) => !Object.hasOwn(known, k)), extraValue).map(([key, value]) => ({
      segments: [...s.segments, key], value,
      description: `extra property ${JSON.stringify(key)} in ${dottedOf(s.segments)}, which allows none`,
    }));
  });

const enumOutside: Mutator = (spots) =>
  onSpots(spots.filter((s) => Array.isArray(s.node.enum) && typeof s.value === 'string'), (s) => {
    const members = s.node.enum as unknown[];
    const first = String(members[0]);
    // Case and whitespace variants of a member: receivers that compare loosely accept these.
    const near = fc.constantFrom(first.toLowerCase(), first.toUpperCase(), `${first} `, `${first}X`, '', 'Unknown');
    const listed = members.length > 6 ? `${members.slice(0, 6).join(', ')}, ...` : members.join(', ');
    return fc.oneof(near, fc.string({ maxLength: 12 }))
      .filter((v) => !members.includes(v))
      .map((value) => ({
        segments: s.segments, value,
        description: `${dottedOf(s.segments)}: ${JSON.stringify(value)} is not one of ${listed}`,
      }));
  });

const tooLong: Mutator = (spots) =>
  onSpots(stringSpots(spots).filter((s) => numberOr(s.node.maxLength) !== undefined), (s) => {
    const max = s.node.maxLength as number;
    // Just past the limit (an off-by-one check) and far past it (a fixed buffer).
    return fc.tuple(fc.constantFrom(max + 1, max * 4 + 100), fc.constantFrom('x', 'A', '9', ' ')).map(([length, fill]) => ({
      segments: s.segments,
      value: ((s.value as string) + fill.repeat(length)).slice(0, length),
      description: `${dottedOf(s.segments)} longer than ${max} (${length} chars)`,
    }));
  });

const tooShort: Mutator = (spots) =>
  onSpots(stringSpots(spots).filter((s) => (numberOr(s.node.minLength) ?? 0) > 0), (s) => {
    const min = s.node.minLength as number;
    return fc.constant({
      segments: s.segments, value: Array.from(s.value as string).slice(0, min - 1).join(''),
      description: `${dottedOf(s.segments)} shorter than ${min} (${min - 1} chars)`,
    });
  });

const unit = (s: Spot) => (typesOf(s.node)?.includes('integer') && !typesOf(s.node)?.includes('number') ? 1 : 0.5);

const aboveMaximum: Mutator = (spots) =>
  onSpots(numberSpots(spots).filter((s) => boundsOf(s.node).max !== undefined), (s) => {
    const { max, maxExcluded } = boundsOf(s.node) as { max: number; maxExcluded: boolean };
    const values = [maxExcluded ? max : max + unit(s), max + 1_000_000];
    return fc.constantFrom(...values).map((value) => ({
      segments: s.segments, value, description: `${dottedOf(s.segments)} = ${value}, above the maximum ${max}${maxExcluded ? ' (exclusive)' : ''}`,
    }));
  });

const belowMinimum: Mutator = (spots) =>
  onSpots(numberSpots(spots).filter((s) => boundsOf(s.node).min !== undefined), (s) => {
    const { min, minExcluded } = boundsOf(s.node) as { min: number; minExcluded: boolean };
    const values = [minExcluded ? min : min - unit(s), min - 1_000_000];
    return fc.constantFrom(...values).map((value) => ({
      segments: s.segments, value, description: `${dottedOf(s.segments)} = ${value}, below the minimum ${min}${minExcluded ? ' (exclusive)' : ''}`,
    }));
  });

const notMultiple: Mutator = (spots) =>
  onSpots(numberSpots(spots).filter((s) => numberOr(s.node.multipleOf) !== undefined), (s) => {
    const step = s.node.multipleOf as number;
    const value = Math.trunc(s.value as number) + step / 2;
    return fc.constant({ segments: s.segments, value, description: `${dottedOf(s.segments)} = ${value}, not a multiple of ${step}` });
  });

// Near misses of RFC 3339 first (impossible month/day/hour, no zone, a space), then things that are not dates.
const BAD_DATE_TIMES = [
  '2024-13-45T99:00:00Z', '2024-02-30T10:00:00Z', '2024-06-01T25:00:00Z', '2024-06-01T10:00:00',
  '2024-06-01 10:00', '2024-06-01', '1718000000', 'yesterday', '',
];
const BAD_URIS = ['not a uri', '//missing-scheme', '', 'http://exa mple.com/'];

const badFormat: Mutator = (spots) =>
  onSpots(stringSpots(spots).filter((s) => s.node.format === 'date-time' || s.node.format === 'uri'), (s) =>
    fc.constantFrom(...(s.node.format === 'uri' ? BAD_URIS : BAD_DATE_TIMES)).map((value) => ({
      segments: s.segments, value, description: `${dottedOf(s.segments)}: ${JSON.stringify(value)} is not a valid ${String(s.node.format)}`,
    })));

const arraySpots = (spots: Spot[]) => spots.filter((s) => Array.isArray(s.value));

const tooManyItems: Mutator = (spots, ctx) =>
  onSpots(arraySpots(spots).filter((s) => numberOr(s.node.maxItems) !== undefined), (s) => {
    const max = s.node.maxItems as number;
    const items = s.value as unknown[];
    // Repeat the valid items already there (or one new valid item) so only the count is wrong.
    const seed = items.length > 0 ? fc.constant(items) : arbitraryForNode((s.node.items ?? {}) as JsonSchema, ctx.root).map((x) => [x]);
    return seed.map((pool) => ({
      segments: s.segments,
      value: Array.from({ length: max + 1 }, (_, i) => structuredClone(pool[i % pool.length])),
      description: `${dottedOf(s.segments)} has ${max + 1} items, more than maxItems ${max}`,
    }));
  });

const tooFewItems: Mutator = (spots) =>
  onSpots(arraySpots(spots).filter((s) => (numberOr(s.node.minItems) ?? 0) > 0), (s) => {
    const min = s.node.minItems as number;
    return fc.constant({
      segments: s.segments, value: (s.value as unknown[]).slice(0, min - 1),
      description: `${dottedOf(s.segments)} has ${min - 1} items, fewer than minItems ${min}`,
    });
  });

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
 * Schema-invalid payloads for an action: a valid payload with one mutation. Kinds are chosen evenly among
 * those that apply to the generated payload, then a spot among those the kind applies to.
 */
export function invalidPayload(version: OcppVersion, action: string, kind: MessageKind, options: MutationOptions = {}): fc.Arbitrary<Mutation> {
  const schema = schemaOf(version, action, kind);
  if (!schema) throw new Error(`no ${kind} schema for ${action} in OCPP ${version}`);
  const ctx: Ctx = { root: schema };
  const wanted = options.kinds ?? MUTATION_KINDS;
  return validPayload(version, action, kind).chain((payload) => {
    const spots = spotsOf(payload, schema);
    const applicable: fc.Arbitrary<Mutation>[] = [];
    for (const k of wanted) {
      const change = MUTATORS[k](spots, ctx);
      if (change) applicable.push(change.map((c) => finish(version, action, kind, payload, c, k)));
    }
    // wrong-type at the root always applies; it keeps a narrow `kinds` choice from coming up empty.
    if (applicable.length === 0) applicable.push(wrongType(spots.slice(0, 1), ctx)!.map((c) => finish(version, action, kind, payload, c, 'wrong-type')));
    return fc.oneof(...applicable);
  });
}

function finish(version: OcppVersion, action: string, kind: MessageKind, payload: unknown, change: Change, mutation: MutationKind): Mutation {
  const mutated = withChange(payload, change.segments, change.value);
  const check = validatePayload(version, action, kind, mutated);
  // Label by what a validator reports first, so the accepted codes match what a receiver would see. A mutation
  // that left the payload valid would be a generator bug; "schema-other" keeps the type honest and tests catch it.
  const violation = check.valid ? 'schema-other' : violationOfKeyword(check.problems[0]!.keyword);
  return { payload: mutated, violation, path: pointerOf(change.segments), description: change.description, kind: mutation };
}
