import type { LoggedFrame } from '../../../transport/frame-log.js';
import type { TestResult } from '../../execute.js';

// A test case's frames as rows of a two-lane sequence diagram (charging station | CSMS), with the step a failed
// verdict is about marked. Computed here, drawn in the page by render-sequence.ts when a reader opens the test.

export type RowKind = 'call' | 'result' | 'error' | 'event' | 'raw' | 'missing' | 'verdict';

export interface SequenceRow {
  k: RowKind;
  /** The arrow runs from the charging station (left) to the CSMS (right). */
  lr?: boolean;
  /** The SUT sent this frame (or, for `missing`, should have). */
  sut?: boolean;
  /** Action of a CALL, or the action a CALLRESULT/CALLERROR answers. */
  a?: string;
  id?: string;
  /** CALLERROR code. */
  code?: string;
  /** A short fact from the payload worth reading on the arrow (status=Accepted). */
  g?: string;
  /** ms since the test's first frame. */
  t?: number;
  /** Body to show when the row is opened: compact JSON of the payload, or the raw text. */
  p?: string;
  /** The failing step. */
  m?: 1;
  /** What is wrong with this frame (schema problems the verdict names). */
  n?: string;
  /** Event text, or a note on a raw frame. */
  x?: string;
  /** Logged after the verdict (the harness closing down). */
  late?: 1;
}

export interface SequenceModel {
  /** Which lane is the SUT. */
  sut: 'CS' | 'CSMS';
  rows: SequenceRow[];
}

interface ParsedFrame { type: number; id: string; action?: string; payload?: unknown; code?: string; description?: string; details?: unknown }

/** Parse a logged frame; a frame cut at the log's length limit still shows its type, ID and action. */
function parse(text: string): ParsedFrame | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    if (!Array.isArray(v) || typeof v[1] !== 'string') return undefined;
    if (v[0] === 2 && typeof v[2] === 'string') return { type: 2, id: v[1], action: v[2], payload: v[3] };
    if (v[0] === 3) return { type: 3, id: v[1], payload: v[2] };
    if (v[0] === 4) return { type: 4, id: v[1], code: String(v[2]), description: String(v[3] ?? ''), details: v[4] };
    return undefined;
  } catch {
    const head = /^\[\s*([234])\s*,\s*"([^"]{1,64})"\s*(?:,\s*"([^"]{1,64})")?/.exec(text);
    if (!head) return undefined;
    const type = Number(head[1]);
    return { type, id: head[2]!, action: type === 2 ? head[3] : undefined, code: type === 4 ? head[3] : undefined };
  }
}

/** status=Accepted, or the first of a few telling fields the payload carries. */
function gist(payload: unknown): string | undefined {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  const p = payload as Record<string, unknown>;
  for (const key of ['status', 'connectorStatus', 'eventType', 'requestedMessage', 'type', 'reason']) {
    const v = p[key];
    if (typeof v === 'string' && v.length <= 40) return `${key}=${v}`;
  }
  const info = p.idTagInfo ?? p.idTokenInfo;
  if (info && typeof info === 'object' && typeof (info as { status?: unknown }).status === 'string') {
    return `status=${(info as { status: string }).status}`;
  }
  return undefined;
}

const MISSING = /none (received|came|matching)|no answer|not received|was not reported|did not (arrive|come|send|answer|connect|close)|within \d+ ?ms$/i;

/** `expected BootNotification within ...` → BootNotification; the first action the reason names otherwise. */
function expectedAction(reason: string, known: Set<string>): string | undefined {
  const m = /expected (?:a valid |an? )?([A-Z][A-Za-z0-9]+)/.exec(reason);
  if (m && (known.has(m[1]!) || /^[A-Z][a-z]+[A-Z]/.test(m[1]!))) return m[1];
  return undefined;
}

/** Action names in the reason, in the order the reason names them. */
function actionsNamed(reason: string, known: Set<string>): string[] {
  return [...reason.matchAll(/\b[A-Z][A-Za-z0-9]+\b/g)].map((m) => m[0]).filter((w) => known.has(w));
}

/**
 * Which row a failed verdict is about: the frame whose message ID the reason quotes; the frame a schema problem
 * concerns; the last frame of the SUT whose action the reason names; or the SUT's last frame. A reason that
 * says a message never came gets a `missing` row of its own at the end.
 */
function markFailingStep(rows: SequenceRow[], reason: string, sut: 'CS' | 'CSMS', verdictAt: number): void {
  // What arrived after the verdict cannot be what it is about.
  const fromSut = rows.filter((r) => r.sut && r.k !== 'event' && !r.late);
  const known = new Set(rows.map((r) => r.a).filter((a): a is string => !!a));
  const last = <T>(xs: T[]) => xs[xs.length - 1];

  const byId = last(fromSut.filter((r) => r.id && r.id.length >= 4 && reason.includes(r.id)));
  const schema = /([A-Z][A-Za-z0-9]+) (request|response) violates the schema: (.*)$/.exec(reason);
  let target: SequenceRow | undefined;
  if (byId) target = byId;
  else if (schema) {
    const [, action, kind, problems] = schema;
    target = last(fromSut.filter((r) => r.a === action && (kind === 'request' ? r.k === 'call' : r.k !== 'call')));
    if (target) target.n = `schema: ${problems!.replace(/ \([A-Z]\d{2}\.FR\.\d+\)$/, '')}`;
  } else if (/malformed frame|binary frame/.test(reason)) {
    target = last(fromSut.filter((r) => r.k === 'raw'));
  }
  const missing = !target && MISSING.test(reason) && !/received, none matching/.test(reason);
  if (missing) {
    const action = expectedAction(reason, known);
    // Drawn where the wait ended: before anything logged after the verdict.
    rows.splice(verdictAt, 0, { k: 'missing', lr: sut === 'CS', sut: true, a: action, m: 1, x: reason });
    return;
  }
  if (!target) {
    const named = actionsNamed(reason, known);
    for (const action of named) {
      const hit = last(fromSut.filter((r) => r.a === action));
      // The later in the exchange, the more likely it is the step the verdict is about.
      if (hit && (!target || rows.indexOf(hit) > rows.indexOf(target))) target = hit;
    }
  }
  target ??= last(fromSut) ?? last(rows.filter((r) => !r.late && r.k !== 'event')) ?? last(rows);
  if (target) target.m = 1;
}

/** The frames of one test case as diagram rows; `sut` says which lane the SUT is. */
export function sequenceOf(frames: LoggedFrame[], sut: 'CS' | 'CSMS'): SequenceRow[] {
  const t0 = frames[0]?.at ?? 0;
  const actionOfId = new Map<string, string>();
  const rows: SequenceRow[] = [];
  for (const f of frames) {
    const t = f.at - t0;
    if (f.dir === 'event') {
      rows.push({ k: 'event', t, x: f.text });
      continue;
    }
    // The harness is the CSMS when the SUT is a charger: its incoming frames run left to right.
    const sentBySut = f.dir === 'in';
    const lr = sut === 'CS' ? sentBySut : !sentBySut;
    const parsed = f.binary ? undefined : parse(f.text);
    if (!parsed) {
      rows.push({ k: 'raw', lr, sut: sentBySut, t, p: f.text, x: f.binary ? 'binary frame' : 'not an OCPP-J frame' });
      continue;
    }
    const row: SequenceRow = { k: parsed.type === 2 ? 'call' : parsed.type === 3 ? 'result' : 'error', lr, sut: sentBySut, id: parsed.id, t };
    if (parsed.type === 2) {
      row.a = parsed.action;
      if (parsed.action) actionOfId.set(parsed.id, parsed.action);
    } else {
      row.a = actionOfId.get(parsed.id);
    }
    if (parsed.type === 4) row.code = parsed.code;
    const payload = parsed.type === 4 ? { errorCode: parsed.code, errorDescription: parsed.description, errorDetails: parsed.details } : parsed.payload;
    row.p = payload === undefined ? f.text : JSON.stringify(payload);
    const g = parsed.type === 4 ? parsed.description || undefined : gist(payload);
    if (g) row.g = g.length > 60 ? `${g.slice(0, 57)}…` : g;
    rows.push(row);
  }
  return rows;
}

/** The diagram of one test result, with the failing step marked for a failed verdict. */
export function sequenceModel(r: Pick<TestResult, 'frames' | 'sut' | 'state' | 'reason' | 'startedAt' | 'durationMs'>): SequenceModel {
  const frames = r.frames ?? [];
  const rows = sequenceOf(frames, r.sut);
  // durationMs ends at the verdict; frames after it are the harness closing down (the log is shared until then).
  const verdictTime = r.startedAt + r.durationMs;
  let verdictAt = frames.findIndex((f) => f.at > verdictTime);
  if (verdictAt < 0 || !Number.isFinite(verdictTime)) verdictAt = rows.length;
  for (const row of rows.slice(verdictAt)) row.late = 1;
  if (r.state === 'failed' && r.reason) markFailingStep(rows, r.reason, r.sut, verdictAt);
  if (r.state !== 'passed' && verdictAt < frames.length) {
    const at = rows.findIndex((row) => row.late);
    if (at >= 0) rows.splice(at, 0, { k: 'verdict', t: verdictTime - (frames[0]?.at ?? verdictTime), x: r.state });
  }
  return { sut: r.sut, rows };
}
