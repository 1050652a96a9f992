import type { JsonSchema } from '../../ocpp/schemas.js';

/**
 * Helpers shared by the generators: reading the few schema keywords the OCPP schemas use, and walking a
 * concrete payload alongside its schema so mutators know which constraints apply where.
 */

export type Segment = string | number;

const resolvedRefs = new WeakMap<JsonSchema, Map<string, JsonSchema>>();

/** Follow `$ref: "#/..."` pointers (the OCPP schemas only use local `#/definitions/X`) to the node they name. */
export function resolve(node: JsonSchema, root: JsonSchema): JsonSchema {
  if (typeof node.$ref !== 'string') return node;
  // Generators resolve the same few refs for every value they make: remember them per schema.
  let known = resolvedRefs.get(root);
  if (!known) resolvedRefs.set(root, (known = new Map()));
  const cached = known.get(node.$ref);
  if (cached) return cached;
  let current = node;
  for (let hops = 0; typeof current.$ref === 'string'; hops += 1) {
    if (hops > 32) throw new Error(`$ref cycle at ${current.$ref}`);
    const ref = current.$ref;
    if (!ref.startsWith('#')) throw new Error(`only local $refs are supported, got ${ref}`);
    let target: unknown = root;
    for (const part of ref.slice(1).split('/').filter(Boolean)) {
      target = (target as Record<string, unknown> | undefined)?.[unescapePointer(part)];
    }
    if (!target || typeof target !== 'object') throw new Error(`unresolvable $ref ${ref}`);
    current = target as JsonSchema;
  }
  known.set(node.$ref, current);
  return current;
}

/**
 * The JSON types a node allows, or undefined when it allows any value. Nodes with properties but no `type` are
 * objects; an enum without `type` allows the types of its members.
 */
export function typesOf(node: JsonSchema): string[] | undefined {
  if (Array.isArray(node.type)) return node.type as string[];
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.enum)) return [...new Set((node.enum as unknown[]).map(jsonTypeOf))];
  if (node.properties || node.required) return ['object'];
  if (node.items) return ['array'];
  return undefined;
}

export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Does `value` have one of the JSON `types`? (An integer is also a number, as in JSON Schema.) */
export function matchesType(value: unknown, types: string[] | undefined): boolean {
  if (!types) return true;
  const t = jsonTypeOf(value);
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

export const numberOr = (x: unknown): number | undefined => (typeof x === 'number' ? x : undefined);

/** Inclusive-or-exclusive numeric bounds, accepting both draft-04 (boolean) and draft-06+ (number) exclusives. */
export interface Bounds { min?: number; max?: number; minExcluded: boolean; maxExcluded: boolean }

export function boundsOf(node: JsonSchema): Bounds {
  let min = numberOr(node.minimum);
  let max = numberOr(node.maximum);
  let minExcluded = node.exclusiveMinimum === true;
  let maxExcluded = node.exclusiveMaximum === true;
  const exMin = numberOr(node.exclusiveMinimum);
  const exMax = numberOr(node.exclusiveMaximum);
  if (exMin !== undefined && (min === undefined || exMin >= min)) { min = exMin; minExcluded = true; }
  if (exMax !== undefined && (max === undefined || exMax <= max)) { max = exMax; maxExcluded = true; }
  return { min, max, minExcluded, maxExcluded };
}

/**
 * ajv checks multipleOf by dividing and testing for an integer, so 0.3 is *not* a multiple of 0.1 for it
 * (0.3 / 0.1 = 2.9999999999999996). Generators and mutators both use this same test.
 */
export function isMultipleOf(value: number, step: number): boolean {
  return Number.isInteger(value / step);
}

/** A place in a payload with the (resolved) schema node that governs it. */
export interface Spot {
  readonly segments: Segment[];
  node: JsonSchema;
  value: unknown;
}

/** A spot that knows its parent and key: the path is built only for the spot a generator picks. */
class WalkedSpot implements Spot {
  private path?: Segment[];
  constructor(readonly node: JsonSchema, readonly value: unknown, private readonly parent?: WalkedSpot, private readonly key?: Segment) {}

  get segments(): Segment[] {
    if (!this.path) this.path = this.parent ? [...this.parent.segments, this.key!] : [];
    return this.path;
  }
}

/** Every value in `payload` that the schema describes, root first. Extra properties a schema allows are skipped. */
export function spotsOf(payload: unknown, schema: JsonSchema): Spot[] {
  const spots: Spot[] = [];
  const visit = (value: unknown, node: JsonSchema, parent?: WalkedSpot, key?: Segment) => {
    const resolved = resolve(node, schema);
    const spot = new WalkedSpot(resolved, value, parent, key);
    spots.push(spot);
    if (Array.isArray(value)) {
      const items = resolved.items;
      if (items && typeof items === 'object' && !Array.isArray(items)) {
        for (let i = 0; i < value.length; i += 1) visit(value[i], items as JsonSchema, spot, i);
      }
    } else if (resolved.properties && isPlainObject(value)) {
      const props = resolved.properties as Record<string, JsonSchema>;
      for (const k in value) {
        if (Object.hasOwn(value, k) && Object.hasOwn(props, k)) visit(value[k], props[k]!, spot, k);
      }
    }
  };
  visit(payload, schema);
  return spots;
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const unescapePointer = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** RFC 6901 JSON pointer, "" for the root. */
export function pointerOf(segments: Segment[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** A readable path for descriptions: chargingStation.model, meterValue[0].sampledValue[1].value. */
export function dottedOf(segments: Segment[]): string {
  if (segments.length === 0) return 'payload';
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** Marks a property to delete in `withChange`. */
export const REMOVE: unique symbol = Symbol('remove');

/**
 * A copy of `payload` with the value at `segments` replaced (or removed). Only the containers on the path are
 * copied; the rest is shared, which is safe because generated payloads are never changed in place. Keys are
 * defined rather than assigned, so a mutation can add an own "__proto__" property the way JSON.parse would.
 */
export function withChange(payload: unknown, segments: Segment[], value: unknown): unknown {
  if (segments.length === 0) return value === REMOVE ? undefined : value;
  const container = shallowCopy(payload);
  const [first, ...rest] = segments as [Segment, ...Segment[]];
  if (rest.length === 0 && value === REMOVE) {
    if (Array.isArray(container)) container.splice(Number(first), 1);
    else delete container[first];
    return container;
  }
  const child = rest.length === 0 ? value : withChange(container[first], rest, value);
  setOwn(container, first, child);
  return container;
}

/** Assign, except "__proto__", which is defined so it stays an ordinary own property (as JSON.parse makes it). */
function setOwn(target: Record<string | number, unknown>, key: Segment, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function shallowCopy(value: unknown): Record<string | number, unknown> & unknown[] {
  if (Array.isArray(value)) return [...value] as never;
  // Spread defines own properties (an own "__proto__" stays one), like setOwn, at native speed.
  return { ...(value as object) } as never;
}
