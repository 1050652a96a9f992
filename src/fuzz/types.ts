import type { Frame } from '../ocpp/frames.js';
import type { Violation } from '../ocpp/errors.js';
import type { OcppVersion } from '../ocpp/versions.js';

/** Which side the system under test plays. */
export type SutRole = 'CS' | 'CSMS';

/** Crash/hang > accepted invalid input > wrong error code (design: the fuzzer). */
export type Severity = 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

/** The generator families a campaign cycles through, one fast-check property each. */
export type Family = 'schema-violation' | 'frame-damage' | 'transport-damage' | 'valid-payload' | 'bad-answer';
export const FAMILIES: readonly Family[] = ['valid-payload', 'schema-violation', 'frame-damage', 'transport-damage', 'bad-answer'];

/** One frame the fuzzer puts on the wire towards the SUT, with what the specification says about it. */
export interface FuzzFrame {
  /** The frame text (for a binary frame: its bytes as UTF-8). */
  text: string;
  binary?: boolean;
  /** The message ID the SUT's answer must carry; null when it cannot be read (the answer then carries "-1"). */
  messageId: string | null;
  /** An unreadable message ID the frame carried (a number, a 37-char string): an answer echoing it is one too. */
  echoId?: string | number | boolean | null;
  /** What is wrong with it; null for a valid CALL. */
  violation: Violation | null;
  /** The action of the CALL it is built from. */
  action: string;
  description: string;
  /** JSON pointer of the mutated field (schema violations). */
  path?: string;
  /** Sent first, e.g. the CALL whose ID a duplicate-ID frame reuses while it is outstanding. */
  before?: string;
}

/** How the harness answers one CALL of the SUT in the bad-answer family. */
export type BadAnswer =
  | { kind: 'invalid-result'; payload: unknown; violation: Violation; description: string }
  | { kind: 'callerror'; code: string; description: string }
  | { kind: 'silence'; description: string }
  | { kind: 'late'; delayMs: number; description: string };

/** What the SUT did with a frame. */
export type Outcome =
  | { kind: 'answer'; frame: Frame; ms: number }
  | { kind: 'silence'; waitedMs: number }
  | { kind: 'closed'; code: number; reason: string };

/** The oracle's verdict on one exchange: nothing wrong, or a finding in the making. */
export interface Judgement {
  severity: Severity;
  /** Short, stable key of what went wrong (for de-duplication): closed, silence, probe, code:X, result, bad-result. */
  key: string;
  reason: string;
  /** CALLERROR codes a conformant SUT may answer with here, and why they are all accepted. */
  acceptedCodes?: string[];
  why?: string;
  silenceAllowed?: boolean;
}

/** How to reach a target again, for replay. Never holds secrets: passwords come from flags or the reference. */
export interface TargetSpec {
  role: SutRole;
  ocpp: OcppVersion;
  /** The built-in reference with these faults, or a user's SUT. */
  reference?: { faults: string[] };
  url?: string;
  listen?: string;
  sutCmd?: string;
  stationId?: string;
  state: FuzzState;
}

export type FuzzState = 'idle' | 'transaction';

/** One finding: everything a report shows and replay needs. */
export interface Finding {
  id: string;
  severity: Severity;
  action: string;
  family: Family;
  violation: Violation | null;
  description: string;
  reason: string;
  /** The minimal frame fast-check shrank it to (bad-answer findings: the answer the harness gave). */
  frame: FuzzFrame | null;
  badAnswer?: BadAnswer;
  /** What the SUT sent back: a frame, or a note on silence / close. */
  answer: string;
  acceptedCodes?: string[];
  why?: string;
  /** fast-check's seed and counterexample path of the property run that found it. */
  seed: number;
  path: string | null;
  shrinks: number;
  /** Time from the first failing frame to the recorded minimal one (isolating and shrinking it). */
  durationMs: number;
  trace: string[];
  target: TargetSpec;
  replay: string;
  foundAtMs: number;
  /** How many more frames failed the same way after this one was recorded. */
  repeats: number;
  /** Other actions whose frames failed the same way (front-door problems are not tied to one action). */
  alsoIn: string[];
}
