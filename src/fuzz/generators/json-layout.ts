import { REMOVE, type Segment } from './schema-walk.js';

/**
 * The JSON text of a payload with where each value sits in it, so a payload changed in one place gets its text by
 * splicing the new value's text in, instead of serializing the whole payload again for every mutation. Made once
 * per pooled payload (basePayload); the text is the one JSON.stringify gives.
 */
export interface JsonLayout {
  text: string;
  /** Per object or array: each member's value range, and where the member starts (its separating comma included). */
  members: Map<object, Map<Segment, { from: number; start: number; end: number }>>;
  /** Per object or array: where its closing bracket is. */
  closes: Map<object, number>;
}

const layouts = new WeakMap<object, JsonLayout>();

export function layoutOf(payload: object): JsonLayout {
  const cached = layouts.get(payload);
  if (cached) return cached;
  const parts: string[] = [];
  let at = 0;
  const put = (s: string) => {
    parts.push(s);
    at += s.length;
  };
  const members: JsonLayout['members'] = new Map();
  const closes: JsonLayout['closes'] = new Map();
  const write = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return put(JSON.stringify(value) ?? 'null');
    const mine = new Map<Segment, { from: number; start: number; end: number }>();
    members.set(value, mine);
    const isArray = Array.isArray(value);
    put(isArray ? '[' : '{');
    let first = true;
    // JSON.stringify's order: own enumerable keys (integer-like first), values that are undefined left out.
    const keys: Segment[] = isArray ? value.map((_, i) => i) : Object.keys(value);
    for (const key of keys) {
      const v = (value as Record<string | number, unknown>)[key];
      if (!isArray && v === undefined) continue;
      const from = at;
      if (!first) put(',');
      first = false;
      if (!isArray) put(`${JSON.stringify(key)}:`);
      const start = at;
      write(v);
      mine.set(key, { from, start, end: at });
    }
    closes.set(value, at);
    put(isArray ? ']' : '}');
  };
  write(payload);
  const layout = { text: parts.join(''), members, closes };
  layouts.set(payload, layout);
  return layout;
}

/**
 * The text of `payload` around the value at `segments`: what comes before and after it, so `before + json + after`
 * is the payload with that value replaced, or added when the payload lacks it. The container on the path must
 * exist in the payload.
 */
export function textAround(payload: object, segments: readonly Segment[]): { before: string; after: string } {
  if (segments.length === 0) return { before: '', after: '' };
  const { text, member, own, close } = find(payload, segments);
  if (member) return { before: text.slice(0, member.start), after: text.slice(member.end) };
  const key = segments.at(-1)!;
  const opening = `${own.size > 0 ? ',' : ''}${typeof key === 'number' ? '' : `${JSON.stringify(key)}:`}`;
  return { before: text.slice(0, close) + opening, after: text.slice(close) };
}

/** The text of `payload` with the value at `segments` replaced by the JSON text `json`, added, or removed (REMOVE). */
export function textWithChange(payload: object, segments: readonly Segment[], json: string | typeof REMOVE): string {
  if (json !== REMOVE) {
    const { before, after } = textAround(payload, segments);
    return before + json + after;
  }
  if (segments.length === 0) return '';
  const { text, member } = find(payload, segments);
  if (!member) return text;
  // The first member takes the comma after it; any other takes the one before it.
  const isFirst = text[member.from] !== ',';
  const end = isFirst && text[member.end] === ',' ? member.end + 1 : member.end;
  return text.slice(0, member.from) + text.slice(end);
}

function find(payload: object, segments: readonly Segment[]) {
  const layout = layoutOf(payload);
  let container: unknown = payload;
  for (const s of segments.slice(0, -1)) container = (container as Record<string | number, unknown>)[s];
  const own = layout.members.get(container as object);
  if (!own) throw new Error(`no object or array at ${segments.slice(0, -1).join('/') || 'the root'}`);
  return { text: layout.text, member: own.get(segments.at(-1)!), own, close: layout.closes.get(container as object)! };
}
