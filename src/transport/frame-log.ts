/** One frame on the wire, as a report shows it. */
export interface LoggedFrame {
  /** Milliseconds since the epoch. */
  at: number;
  dir: 'in' | 'out' | 'event';
  text: string;
  binary?: boolean;
}

const PEM_PRIVATE = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
const REDACTED = '***';

/** Walk a parsed frame and blank out what is secret wherever OCPP carries it. */
function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(PEM_PRIVATE, '-----PRIVATE KEY REDACTED-----');
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== 'object') return value;
  const obj = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v)]));
  // 1.6: ChangeConfiguration / GetConfiguration entries for the Basic auth key.
  if (obj.key === 'AuthorizationKey' && 'value' in obj) obj.value = REDACTED;
  // 2.0.1: SetVariables / GetVariables entries for SecurityCtrlr.BasicAuthPassword.
  const variable = obj.variable as { name?: unknown } | undefined;
  if (variable?.name === 'BasicAuthPassword') {
    if ('attributeValue' in obj) obj.attributeValue = REDACTED;
    // A station that leaks it anyway (NotifyEvent actualValue, NotifyReport variableAttribute values) is not echoed.
    if (typeof obj.actualValue === 'string' && obj.actualValue !== '') obj.actualValue = REDACTED;
    if (Array.isArray(obj.variableAttribute)) {
      obj.variableAttribute = obj.variableAttribute.map((a: unknown) => (a && typeof a === 'object' && 'value' in a ? { ...a, value: REDACTED } : a));
    }
  }
  return obj;
}

/** The frame text with secrets (Basic auth passwords, private keys) replaced; non-JSON text keeps its shape. */
export function redactSecrets(text: string): string {
  // Plain substring searches: several times faster than one alternation regex over a 200 kB fuzz frame.
  if (!text.includes('AuthorizationKey') && !text.includes('BasicAuthPassword') && !text.includes('PRIVATE KEY')) return text;
  try {
    return JSON.stringify(redactValue(JSON.parse(text)));
  } catch {
    return text.replace(PEM_PRIVATE, '-----PRIVATE KEY REDACTED-----').replace(/(AuthorizationKey|BasicAuthPassword)[\s\S]*/, '$1 <rest redacted>');
  }
}

const MAX_LOGGED_CHARS = 4000;

/** A timestamped record of every frame in and out, shared by all connections of one test. */
export class FrameLog {
  readonly frames: LoggedFrame[] = [];
  private readonly mirrors: FrameLog[] = [];

  /** Copy everything logged so far, and from now on, into `other` (a test's trace). */
  mirrorTo(other: FrameLog): void {
    other.frames.push(...this.frames);
    this.mirrors.push(other);
  }

  record(dir: LoggedFrame['dir'], data: string | Buffer, binary = false): void {
    let text = redactSecrets(typeof data === 'string' ? data : binary ? `<binary ${data.length} bytes>` : data.toString('utf8'));
    if (text.length > MAX_LOGGED_CHARS) text = `${text.slice(0, MAX_LOGGED_CHARS)}… (${text.length} chars)`;
    const frame: LoggedFrame = { at: Date.now(), dir, text, binary: binary || undefined };
    this.frames.push(frame);
    for (const m of this.mirrors) m.frames.push(frame);
  }

  event(text: string): void {
    this.record('event', text);
  }

  /** The trace as plain text: one line per frame, times relative to the first. */
  format(): string {
    const t0 = this.frames[0]?.at ?? 0;
    const arrow = { in: '<-', out: '->', event: '**' } as const;
    return this.frames.map((f) => `${String(f.at - t0).padStart(6)} ms ${arrow[f.dir]} ${f.text}`).join('\n');
  }
}
