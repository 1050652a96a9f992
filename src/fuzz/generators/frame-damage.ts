import fc from 'fast-check';
import { actionsSentBy, isKnownAction } from '../../ocpp/actions.js';
import { violationOfKeyword, type Violation } from '../../ocpp/errors.js';
import { CALL, MAX_MESSAGE_ID_LENGTH } from '../../ocpp/frames.js';
import { hasSchema, schemaOf, type JsonSchema } from '../../ocpp/schemas.js';
import { verdictOfChange } from './local-verdict.js';
import { OCPP_VERSIONS, type OcppVersion } from '../../ocpp/versions.js';
import { dottedOf, spotsOf, typesOf, withChange, type Segment } from './schema-walk.js';
import { layoutOf, textAround, textWithChange } from './json-layout.js';

/**
 * Damage above the payload: frames a receiver cannot read as an RPC message (frame damage), and well-formed
 * CALLs in forms that stress the transport and parser (transport damage). Each frame says what is wrong with
 * it in the errors.ts vocabulary, which message ID the answer must echo, and for transport damage whether the
 * payload is still schema-valid.
 */

export interface DamagedFrame {
  /** What goes on the wire; a Buffer only for binary frames. */
  text: string | Buffer;
  /** Send as a WebSocket binary frame (OCPP-J uses text frames only). */
  binary?: boolean;
  /** What is wrong; null when the frame is a well-formed, schema-valid CALL whose only oddity is its form. */
  violation: Violation | null;
  /** The ID the answer must echo; null when a receiver cannot read one (its CALLERROR then carries "-1"). */
  messageId: string | null;
  description: string;
  /** Transport damage only: does the payload still pass the action's request schema? */
  schemaValid?: boolean;
  /**
   * For a frame with a big value spliced in: the text around it (`text` is head + big + tail). The sender puts a
   * fresh message ID into the small head and joins the three again, without copying the big part.
   */
  parts?: { head: string; big: string; tail: string };
  /** A bad message ID that is a plain value: a receiver may echo it on its answer. */
  echoId?: string | number | boolean | null;
}

export interface FrameOptions {
  /** Message IDs for the generated CALLs; default: random UUIDs (36 chars, the maximum), never shrunk. */
  messageIds?: fc.Arbitrary<string>;
}

export interface TransportOptions extends FrameOptions {
  /** Characters in the oversized string (default 200 000). */
  oversizeChars?: number;
  /** Nesting depth of the deep JSON value (default 1000). */
  nestingDepth?: number;
}

type Payload = Record<string, unknown>;

/**
 * The message ID generated frames carry: a placeholder of 36 characters (the maximum OCPP-J allows) that the
 * fuzzer replaces with a fresh ID of the same length each time it sends the frame (`withFreshId`), so a frame sent
 * again (isolating, shrinking) never reuses an ID whose answer may still be on its way.
 */
export const MESSAGE_ID_PLACEHOLDER = 'fz-msg-id-placeholder-00000000000000';

export const messageIds: fc.Arbitrary<string> = fc.constant(MESSAGE_ID_PLACEHOLDER);

let idSequence = 0;

/** A message ID of the placeholder's length, unique within the process. */
export function freshMessageId(): string {
  idSequence += 1;
  return `fz-${idSequence.toString(36)}-${process.pid.toString(36)}`.padEnd(MESSAGE_ID_PLACEHOLDER.length, '0');
}

const jsonOf = (value: unknown) => JSON.stringify(value) ?? 'null';

/** A payload's JSON text: an object or array is laid out once (json-layout.ts), since pooled payloads come back. */
const payloadText = (payload: unknown) => (typeof payload === 'object' && payload !== null ? layoutOf(payload).text : jsonOf(payload));

/** The CALL text, as JSON.stringify([2, id, action, payload]) would write it. */
const callText = (id: unknown, action: unknown, payload: unknown) => callAround(id, action, payloadText(payload));
const callAround = (id: unknown, action: unknown, payloadJson: string) => `[${CALL},${jsonOf(id)},${jsonOf(action)},${payloadJson}]`;

interface Base { id: string; payload: Payload }

function frame(violation: Violation, messageId: string | null, text: string, description: string): DamagedFrame {
  return { text, violation, messageId, description };
}

/** Built arbitraries per payload arbitrary they draw from, then per version and action. */
const frameDamageCache = new WeakMap<fc.Arbitrary<Payload>, Map<string, fc.Arbitrary<DamagedFrame>>>();

function cacheFor(caches: WeakMap<fc.Arbitrary<Payload>, Map<string, fc.Arbitrary<DamagedFrame>>>, payloads: fc.Arbitrary<Payload>) {
  let cache = caches.get(payloads);
  if (!cache) caches.set(payloads, (cache = new Map()));
  return cache;
}

/**
 * Frames a receiver cannot read as a CALL of a known action: each of the frame-level violations of errors.ts.
 * Built once per version and action (with the default options) and cached.
 */
export function frameDamage(version: OcppVersion, action: string, validPayloadArb: fc.Arbitrary<Payload>, options: FrameOptions = {}): fc.Arbitrary<DamagedFrame> {
  const cacheable = options.messageIds === undefined;
  const key = `${version}|${action}`;
  const cached = cacheable ? cacheFor(frameDamageCache, validPayloadArb).get(key) : undefined;
  if (cached) return cached;
  const base: fc.Arbitrary<Base> = fc.record({ id: options.messageIds ?? messageIds, payload: validPayloadArb });
  const arb = fc.oneof(
    notJson(base, action), notArray(base, action), badArity(base, action), unknownMessageType(base, action),
    badMessageId(validPayloadArb, action), unknownAction(base, version, action), payloadNotObject(base, action),
  );
  if (cacheable) cacheFor(frameDamageCache, validPayloadArb).set(key, arb);
  return arb;
}

const BREAKS = ['truncated', 'trailing comma', 'single quotes', 'trailing garbage'] as const;

function notJson(base: fc.Arbitrary<Base>, action: string): fc.Arbitrary<DamagedFrame> {
  const broken = fc.tuple(base, fc.integer({ min: 0, max: BREAKS.length - 1 }), fc.nat({ max: 65_535 }))
    .map(([{ id, payload }, how, n]) => {
      const text = callText(id, action, payload);
      // Every proper prefix of a JSON array text is unparseable, so a cut anywhere is not JSON.
      if (BREAKS[how] === 'truncated') {
        const at = n % text.length;
        return frame('not-json', null, text.slice(0, at), at === 0 ? 'empty frame' : `CALL cut off after ${at} of ${text.length} chars`);
      }
      if (BREAKS[how] === 'trailing comma') return frame('not-json', null, `${text.slice(0, -1)},]`, 'CALL with a trailing comma');
      if (BREAKS[how] === 'single quotes') return frame('not-json', null, text.replace(/"/g, "'"), 'CALL with single-quoted strings');
      return frame('not-json', null, `${text}x`, 'CALL followed by garbage');
    });
  const prose = fc.constantFrom('hello', 'CALL', 'undefined', '[2,', '{', 'NaN').map((text) => frame('not-json', null, text, `not JSON: ${JSON.stringify(text)}`));
  return fc.oneof(broken, prose);
}

function notArray(base: fc.Arbitrary<Base>, action: string): fc.Arbitrary<DamagedFrame> {
  return fc.tuple(base, fc.constantFrom('object', 'bare payload', 'number', 'string', 'null', 'boolean')).map(([{ id, payload }, how]) => {
    const value: Record<string, unknown> = {
      object: { messageTypeId: CALL, messageId: id, action, payload }, 'bare payload': payload, number: CALL,
      string: 'CALL', null: null, boolean: true,
    };
    return frame('not-array', null, JSON.stringify(value[how]), `JSON ${how} instead of an array`);
  });
}

function badArity(base: fc.Arbitrary<Base>, action: string): fc.Arbitrary<DamagedFrame> {
  return fc.tuple(base, fc.constantFrom(2, 3, 5, 6, 4)).map(([{ id, payload }, length]) => {
    // Length 4 with a number where the action goes: the shape is right but the elements are not.
    if (length === 4) return frame('bad-arity', id, callText(id, 42, payload), 'CALL whose action is the number 42');
    const full: unknown[] = [CALL, id, action, payload, {}, 'extra'];
    return frame('bad-arity', id, JSON.stringify(full.slice(0, length)), `CALL with ${length} elements instead of 4`);
  });
}

function unknownMessageType(base: fc.Arbitrary<Base>, action: string): fc.Arbitrary<DamagedFrame> {
  return fc.tuple(base, fc.constantFrom<unknown>(5, 7, 99, -1, 0, 1, 6, 2.5, '2')).map(([{ id, payload }, type]) =>
    frame('unknown-message-type', id, JSON.stringify([type, id, action, payload]), `message type ${JSON.stringify(type)}`));
}

function badMessageId(payloads: fc.Arbitrary<Payload>, action: string): fc.Arbitrary<DamagedFrame> {
  const ids = fc.oneof(
    fc.integer().map((id) => ({ id: id as unknown, what: `the number ${id}` })),
    fc.constantFrom<[unknown, string]>([null, 'null'], [{}, 'an object'], [['1'], 'an array'], [true, 'a boolean'], ['', 'empty'])
      .map(([id, what]) => ({ id, what })),
    fc.constantFrom(MAX_MESSAGE_ID_LENGTH + 1, 64, 1000).map((n) => ({ id: 'i'.repeat(n) as unknown, what: `${n} chars long` })),
  );
  return fc.tuple(ids, payloads).map(([{ id, what }, payload]) => {
    const f = frame('bad-message-id', null, callText(id, action, payload), `message ID is ${what}`);
    if (id === null || ['string', 'number', 'boolean'].includes(typeof id)) f.echoId = id as string | number | boolean | null;
    return f;
  });
}

/** Every action either version names: an "unknown" action must not be one the receiver might know. */
function knownSomewhere(name: string): boolean {
  return OCPP_VERSIONS.some((v) => isKnownAction(v, name) || hasSchema(v, name, 'request'));
}

/** Random action-like names no version knows, made once: a table instead of a regex arbitrary per value. */
let randomNames: string[] | undefined;

function unknownAction(base: fc.Arbitrary<Base>, version: OcppVersion, action: string): fc.Arbitrary<DamagedFrame> {
  // The other version's actions are real OCPP names this version lacks: a receiver sharing code between
  // versions may wrongly accept them.
  const otherVersions = OCPP_VERSIONS.filter((v) => v !== version);
  const foreign = [...new Set(otherVersions.flatMap((v) => [...actionsSentBy('CS', v), ...actionsSentBy('CSMS', v)]))]
    .filter((a) => !isKnownAction(version, a) && !hasSchema(version, a, 'request'));
  randomNames ??= fc.sample(fc.stringMatching(/^[A-Z][A-Za-z0-9]{2,24}$/), { seed: 10, numRuns: 64 }).filter((n) => !knownSomewhere(n));
  const unknown = (n: string) => !isKnownAction(version, n) && !hasSchema(version, n, 'request');
  const near = [action.toLowerCase(), `${action}X`, ` ${action}`, `${action}Request`].filter(unknown);
  const names = [...near, ...randomNames, ...foreign.filter(unknown)];
  return fc.tuple(base, fc.integer({ min: 0, max: names.length - 1 })).map(([{ id, payload }, i]) =>
    frame('unknown-action', id, callText(id, names[i]!, payload), `unknown action ${JSON.stringify(names[i])} (with a valid ${action} payload)`));
}

function payloadNotObject(base: fc.Arbitrary<Base>, action: string): fc.Arbitrary<DamagedFrame> {
  return fc.tuple(base, fc.constantFrom('an empty array', 'an array', 'a string', 'a number', 'null', 'a boolean'))
    .map(([{ id, payload }, what]) => {
      const value: Record<string, unknown> = {
        'an empty array': [], 'an array': [payload], 'a string': JSON.stringify(payload), 'a number': 0, null: null, 'a boolean': true,
      };
      return frame('payload-not-object', id, callText(id, action, value[what]), `payload is ${what}`);
    });
}

// ---------------------------------------------------------------------------------------------------------
// Transport damage

/** Where a transport-damage value can go in a payload, and what that does to schema validity. */
interface Place { segments: Segment[]; as: 'free-string' | 'any' | 'custom-data' | 'extra'; maxLength?: number; original?: string }

/**
 * The places of a concrete payload: present string fields without enum/format, present fields of any type,
 * the customData object 2.0.1 lets vendors extend, and an extra property at the root (always there).
 */
const placeCache = new WeakMap<Payload, Place[]>();

function placesOf(payload: Payload, schema: JsonSchema): Place[] {
  // Pooled payloads come back again and again (basePayload): their places are found once.
  const cached = placeCache.get(payload);
  if (cached) return cached;
  const places: Place[] = [];
  for (const s of spotsOf(payload, schema)) {
    if (s.segments.length === 0) continue;
    const types = typesOf(s.node);
    if (!types) places.push({ segments: s.segments, as: 'any' });
    else if (typeof s.value === 'string' && !s.node.enum && !s.node.format) {
      places.push({ segments: s.segments, as: 'free-string', maxLength: s.node.maxLength as number | undefined, original: s.value });
    }
  }
  if ((schema.properties as Record<string, unknown> | undefined)?.customData) places.push({ segments: ['customData'], as: 'custom-data' });
  places.push({ segments: ['fuzzExtra'], as: 'extra' });
  placeCache.set(payload, places);
  return places;
}

/** Put `value` at a place: customData keeps its required vendorId and carries the value as a vendor field. */
function put(payload: Payload, place: Place, value: unknown): unknown {
  if (place.as === 'custom-data') return withChange(payload, place.segments, { vendorId: 'org.fuzz', blob: value });
  return withChange(payload, place.segments, value);
}

const placeName = (p: Place) => (p.as === 'custom-data' ? 'customData.blob' : dottedOf(p.segments));

/**
 * A CALL with `value` put at `place` of a valid payload, labelled by what the request schema says about it. The
 * text is left empty when `serialize` is false: the caller splices the frame text itself.
 */
function finishCall(version: OcppVersion, action: string, id: string, payload: Payload, place: Place, value: unknown, what: string, serialize = true): DamagedFrame {
  const placed = place.as === 'custom-data' ? { vendorId: 'org.fuzz', blob: value } : value;
  const check = verdictOfChange(version, action, 'request', place.segments, placed, put(payload, place, value));
  const violation = check.valid ? null : violationOfKeyword(check.problems[0]!.keyword);
  const verdict = check.valid ? 'schema-valid' : `schema-invalid: ${check.problems[0]!.keyword} at ${check.problems[0]!.path || '/'}`;
  const text = serialize ? callAround(id, action, textWithChange(payload, place.segments, jsonOf(placed))) : '';
  return { text, violation, messageId: id, description: `${what} (${verdict})`, schemaValid: check.valid };
}

function deepValue(depth: number, shape: 'array' | 'object'): unknown {
  let value: unknown = shape === 'array' ? [] : {};
  for (let i = 1; i < depth; i += 1) value = shape === 'array' ? [value] : { a: value };
  return value;
}

// Characters that survive JSON but trip decoders, bidi-unaware displays, C strings and UTF-16 length checks.
const ODD_CHARS: readonly [string, string][] = [
  ['\uD800', 'a lone high surrogate U+D800'], ['\uDFFF', 'a lone low surrogate U+DFFF'], ['\u0000', 'NUL'],
  ['\u202E', 'a right-to-left override U+202E'], ['\uFEFF', 'a byte order mark U+FEFF'],
  ['\u200B', 'a zero-width space'], ['\uFFFF', 'the noncharacter U+FFFF'],
  ['\u{1F50C}', 'an astral character U+1F50C (two UTF-16 units)'], ['e\u0301', 'a combining accent'],
];

/** At most `max` code points (JSON Schema's length), so an odd string stays within maxLength. */
const fit = (s: string, max: number | undefined) => (max === undefined ? s : Array.from(s).slice(0, max).join(''));

/**
 * The CALL text with `json` (the JSON text of a big value) at `place`, as head + big + tail: the payload's text
 * around the place, with the big text shared instead of serialized (200 kB) for every frame.
 */
function splicedCall(id: string, action: string, payload: Payload, place: Place, json: string): Pick<DamagedFrame, 'text' | 'parts'> {
  const { before, after } = textAround(payload, place.segments);
  const vendor = place.as === 'custom-data';
  const head = `${callAround(id, action, '').slice(0, -1)}${before}${vendor ? '{"vendorId":"org.fuzz","blob":' : ''}`;
  const parts = { head, big: json, tail: `${vendor ? '}' : ''}${after}]` };
  return { text: parts.head + parts.big + parts.tail, parts };
}

/**
 * The forms in the proportions they are drawn: odd Unicode has the most variants (characters, places, prefix or
 * fill); an oversized frame asks one question (does the receiver survive 200 kB) and costs the wire about ten
 * ordinary frames, so it is one transport-damage frame in ten.
 */
const FORMS = ['binary', 'binary', 'oversized', 'nested', 'nested', 'unicode', 'unicode', 'unicode', 'unicode', 'unicode'] as const;
const SHAPES = ['array', 'object'] as const;
const transportCache = new WeakMap<fc.Arbitrary<Payload>, Map<string, fc.Arbitrary<DamagedFrame>>>();

/**
 * Well-formed CALLs in forms that stress the transport: a binary frame, a frame far past the usual size,
 * deeply nested JSON, odd Unicode in string fields. Schema-valid ones have violation null. The form, the place
 * and the variant are drawn as integers next to the payload; big values are made once and spliced into the text.
 */
export function transportDamage(version: OcppVersion, action: string, validPayloadArb: fc.Arbitrary<Payload>, options: TransportOptions = {}): fc.Arbitrary<DamagedFrame> {
  const cacheable = options.messageIds === undefined && options.oversizeChars === undefined && options.nestingDepth === undefined;
  const key = `${version}|${action}`;
  const cached = cacheable ? cacheFor(transportCache, validPayloadArb).get(key) : undefined;
  if (cached) return cached;
  const schema = schemaOf(version, action, 'request');
  if (!schema) throw new Error(`no request schema for ${action} in OCPP ${version}`);
  const size = options.oversizeChars ?? 200_000;
  const depth = options.nestingDepth ?? 1000;
  const hugeJson = `"${'x'.repeat(size)}"`;
  const nestedJson = { array: `${'['.repeat(depth)}${']'.repeat(depth)}`, object: `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}` };
  // Indexes are taken modulo what applies: small ranges keep shrinking short (about ten steps each).
  const pick = fc.noBias(fc.nat({ max: 1023 }));
  const base: fc.Arbitrary<Base> = fc.record({ id: options.messageIds ?? messageIds, payload: validPayloadArb });

  const binary = ({ id, payload }: Base): DamagedFrame => {
    const parts = { head: callAround(id, action, '').slice(0, -1), big: payloadText(payload), tail: ']' };
    return {
      text: Buffer.from(parts.head + parts.big + parts.tail, 'utf8'), parts, binary: true, violation: null, messageId: id, schemaValid: true,
      description: 'a valid CALL sent as a binary frame (OCPP-J uses text frames)',
    };
  };

  const oversized = ({ id, payload }: Base, a: number): DamagedFrame => {
    const places = placesOf(payload, schema);
    const place = places[a % places.length]!;
    const what = `${Math.round(size / 1000)} kB string in ${placeName(place)}`;
    // Judge the schema on a stand-in just past maxLength (same verdict, no 200k-character length count).
    const standIn = 'x'.repeat(Math.min(size, (place.as === 'free-string' ? place.maxLength ?? 0 : 0) + 1));
    const judged = finishCall(version, action, id, payload, place, standIn, what, false);
    return { ...judged, ...splicedCall(id, action, payload, place, hugeJson) };
  };

  const nested = ({ id, payload }: Base, a: number, b: number): DamagedFrame => {
    const places = placesOf(payload, schema).filter((p) => p.as !== 'free-string');
    const place = places[a % places.length]!;
    const shape = SHAPES[b % 2]!;
    // Two levels judge the same as a thousand: the schema constrains the place, not what nests inside it.
    const judged = finishCall(version, action, id, payload, place, deepValue(2, shape), `${shape}s nested ${depth} deep in ${placeName(place)}`, false);
    return { ...judged, ...splicedCall(id, action, payload, place, nestedJson[shape]) };
  };

  const unicode = ({ id, payload }: Base, a: number, b: number, c: number): DamagedFrame => {
    const places = placesOf(payload, schema);
    const place = places[a % places.length]!;
    const [odd, name] = ODD_CHARS[b % ODD_CHARS.length]!;
    const how = c % 2 === 0 ? 'prefix' : 'fill';
    // "prefix" keeps the original text after the odd character; "fill" repeats it up to maxLength, where
    // a receiver counting UTF-16 units or bytes instead of code points wrongly sees the string as too long.
    const max = place.as === 'free-string' ? place.maxLength : 255;
    const what = `${placeName(place)} ${how === 'prefix' ? 'starts with' : 'filled with'} ${name}`;
    if (how === 'prefix') {
      // Judged on the odd character alone, as the fill below: within maxLength, the text around it changes nothing.
      const judged = finishCall(version, action, id, payload, place, fit(odd, max), what, false);
      return { ...judged, ...splicedCall(id, action, payload, place, JSON.stringify(fit(odd + (place.original ?? 'fuzz'), max))) };
    }
    // Filled up to maxLength code points, so the verdict is that of the odd character alone (cheap to check).
    // The JSON text is the odd character's JSON repeated, spliced in: no escaping of thousands of characters.
    const units = Array.from(odd).length;
    const json = `"${JSON.stringify(odd).slice(1, -1).repeat(Math.max(1, Math.floor((max ?? 8) / units)))}"`;
    const judged = finishCall(version, action, id, payload, place, odd, what, false);
    return { ...judged, ...splicedCall(id, action, payload, place, json) };
  };

  // Only the payload shrinks (towards the smallest pooled one): another form, place or character is another
  // frame, not a simpler one, and each step of shrinking an oversized frame resends 200 kB.
  const choice = fc.noShrink(pick);
  const arb = fc.tuple(base, fc.noShrink(fc.integer({ min: 0, max: FORMS.length - 1 })), choice, choice, choice).map(([b, form, x, y, z]) => {
    switch (FORMS[form]) {
      case 'binary': return binary(b);
      case 'oversized': return oversized(b, x);
      case 'nested': return nested(b, x, y);
      default: return unicode(b, x, y, z);
    }
  });
  if (cacheable) cacheFor(transportCache, validPayloadArb).set(key, arb);
  return arb;
}
