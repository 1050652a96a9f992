import { validatePayload, type MessageKind, type SchemaCheck } from '../../ocpp/schemas.js';
import type { OcppVersion } from '../../ocpp/versions.js';
import { REMOVE, type Segment } from './schema-walk.js';

/** Values whose JSON is longer than this are validated every time (a key that long costs more than it saves). */
const MAX_KEY_VALUE = 256;
const MAX_ENTRIES = 100_000;
const verdicts = new Map<string, SchemaCheck>();

/**
 * What the schema says about a valid payload with one value changed (or removed) at `segments`, with
 * `changed` the payload after the change. The OCPP schemas use no keyword that relates one part of a payload to
 * another (no oneOf/anyOf/allOf, dependencies, uniqueItems, if), so the verdict, its first problem included,
 * depends only on the place and the value put there: it is validated once per place, value and action, not for
 * every generated input (ajv over a ~1 kB payload was most of an input's generation cost). Removing an array
 * item is the exception (minItems depends on the length left) and is always validated. `valueJson` is the
 * value's JSON text when the caller has it already.
 */
export function verdictOfChange(version: OcppVersion, action: string, kind: MessageKind, segments: readonly Segment[], value: unknown, changed: unknown, valueJson?: string): SchemaCheck {
  // Long strings and arrays are not keyed (their JSON alone would cost what validating does).
  if (valueJson === undefined && ((typeof value === 'string' && value.length > MAX_KEY_VALUE) || (Array.isArray(value) && value.length > 16))) {
    return validatePayload(version, action, kind, changed);
  }
  const json = value === REMOVE ? (parentIsArray(changed, segments) ? undefined : '-') : valueJson ?? JSON.stringify(value);
  if (json === undefined || json.length > MAX_KEY_VALUE) return validatePayload(version, action, kind, changed);
  // Segments are joined with a separator no JSON text of a key contains unescaped.
  const key = `${version}|${action}|${kind}|${segments.map((s) => (typeof s === 'number' ? `#${s}` : JSON.stringify(s))).join('/')}|${json}`;
  let check = verdicts.get(key);
  if (!check) {
    if (verdicts.size >= MAX_ENTRIES) verdicts.clear();
    check = validatePayload(version, action, kind, changed);
    verdicts.set(key, check);
  }
  return check;
}

/** Is the container holding the last segment an array (in the changed payload: containers keep their kind)? */
function parentIsArray(changed: unknown, segments: readonly Segment[]): boolean {
  let node = changed;
  for (const s of segments.slice(0, -1)) node = (node as Record<string | number, unknown> | undefined)?.[s];
  return Array.isArray(node);
}
