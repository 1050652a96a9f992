/** One frame on the wire, as a report shows it. */
export interface LoggedFrame {
  /** Milliseconds since the epoch. */
  at: number;
  dir: 'in' | 'out' | 'event';
  text: string;
  binary?: boolean;
}

// Values of these keys are secrets (1.6 AuthorizationKey, 2.0.1 BasicAuthPassword, private keys): never logged.
const SECRET_KEY = /("(?:key|name)"\s*:\s*"(?:AuthorizationKey|BasicAuthPassword)"[^}]*?"value"\s*:\s*")([^"]*)(")/g;
const PEM_PRIVATE = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
const SECRET_VARIABLE = /("variable"\s*:\s*\{\s*"name"\s*:\s*"BasicAuthPassword"[^}]*\}[^}]*?"attributeValue"\s*:\s*")([^"]*)(")/g;

export function redactSecrets(text: string): string {
  return text
    .replace(SECRET_KEY, '$1***$3')
    .replace(SECRET_VARIABLE, '$1***$3')
    .replace(PEM_PRIVATE, '-----PRIVATE KEY REDACTED-----');
}

const MAX_LOGGED_CHARS = 4000;

/** A timestamped record of every frame in and out, shared by all connections of one test. */
export class FrameLog {
  readonly frames: LoggedFrame[] = [];

  record(dir: LoggedFrame['dir'], data: string | Buffer, binary = false): void {
    let text = typeof data === 'string' ? data : binary ? `<binary ${data.length} bytes>` : data.toString('utf8');
    if (text.length > MAX_LOGGED_CHARS) text = `${text.slice(0, MAX_LOGGED_CHARS)}… (${text.length} chars)`;
    this.frames.push({ at: Date.now(), dir, text: redactSecrets(text), binary: binary || undefined });
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
