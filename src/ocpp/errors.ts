import type { OcppVersion } from './versions.js';

/**
 * CALLERROR codes per version. 1.6 keeps its historical spellings (FormationViolation,
 * OccurenceConstraintViolation); 2.0.1 renamed them and added RpcFrameworkError and MessageTypeNotSupported.
 */
const CODES = {
  '1.6': [
    'NotImplemented', 'NotSupported', 'InternalError', 'ProtocolError', 'SecurityError', 'FormationViolation',
    'PropertyConstraintViolation', 'OccurenceConstraintViolation', 'TypeConstraintViolation', 'GenericError',
  ],
  '2.0.1': [
    'FormatViolation', 'GenericError', 'InternalError', 'MessageTypeNotSupported', 'NotImplemented', 'NotSupported',
    'OccurrenceConstraintViolation', 'PropertyConstraintViolation', 'ProtocolError', 'RpcFrameworkError',
    'SecurityError', 'TypeConstraintViolation',
  ],
} as const satisfies Record<OcppVersion, readonly string[]>;

export type CallErrorCode = (typeof CODES)[OcppVersion][number];

export function errorCodesOf(version: OcppVersion): readonly string[] {
  return CODES[version];
}

export function isValidErrorCode(version: OcppVersion, code: string): boolean {
  return (CODES[version] as readonly string[]).includes(code);
}

/** Version-neutral names for the codes whose spelling differs between versions. */
export type ErrorKind =
  | 'format' | 'occurrence' | 'property' | 'type' | 'protocol' | 'notImplemented' | 'notSupported'
  | 'internal' | 'generic' | 'security' | 'rpcFramework' | 'messageTypeNotSupported';

const SPELLING: Record<OcppVersion, Partial<Record<ErrorKind, string>>> = {
  '1.6': {
    format: 'FormationViolation', occurrence: 'OccurenceConstraintViolation', property: 'PropertyConstraintViolation',
    type: 'TypeConstraintViolation', protocol: 'ProtocolError', notImplemented: 'NotImplemented',
    notSupported: 'NotSupported', internal: 'InternalError', generic: 'GenericError', security: 'SecurityError',
  },
  '2.0.1': {
    format: 'FormatViolation', occurrence: 'OccurrenceConstraintViolation', property: 'PropertyConstraintViolation',
    type: 'TypeConstraintViolation', protocol: 'ProtocolError', notImplemented: 'NotImplemented',
    notSupported: 'NotSupported', internal: 'InternalError', generic: 'GenericError', security: 'SecurityError',
    rpcFramework: 'RpcFrameworkError', messageTypeNotSupported: 'MessageTypeNotSupported',
  },
};

/** The version's spelling of an error kind; 1.6 has no RpcFrameworkError/MessageTypeNotSupported, so those fall back. */
export function codeFor(version: OcppVersion, kind: ErrorKind): string {
  const code = SPELLING[version][kind];
  if (code) return code;
  // 1.6 has no dedicated code for an unreadable RPC message; ProtocolError / FormationViolation are its nearest.
  return kind === 'messageTypeNotSupported' || kind === 'rpcFramework' ? SPELLING[version].format! : SPELLING[version].generic!;
}

/**
 * What went wrong with an incoming frame, in the vocabulary the accepted-codes table is keyed on.
 * Schema keywords come straight from ajv; the rest are frame-level problems.
 */
export type Violation =
  | 'type' | 'required' | 'additionalProperties' | 'enum' | 'maxLength' | 'minLength' | 'maximum' | 'minimum'
  | 'format' | 'maxItems' | 'minItems' | 'schema-other'
  | 'not-json' | 'not-array' | 'bad-arity' | 'unknown-message-type' | 'bad-message-id' | 'payload-not-object'
  | 'unknown-action' | 'duplicate-message-id';

export interface AcceptedAnswer {
  /** Error kinds a conformant receiver may answer with (per version where the versions differ). */
  kinds: readonly ErrorKind[] | Record<OcppVersion, readonly ErrorKind[]>;
  /** May the receiver stay silent (drop the message) instead? */
  silenceAllowed: Record<OcppVersion, boolean>;
  /** Why these codes are all defensible: shown in reports. */
  why: string;
}

const SCHEMA_SILENCE = { '1.6': false, '2.0.1': true } as const;
const FRAME_SILENCE = { '1.6': true, '2.0.1': true } as const;

/**
 * The one table of which CALLERROR codes are accepted for each kind of bad input. The specification fixes the
 * family of codes but leaves the exact choice open in places, and real implementations differ (a too-long string
 * is answered FormatViolation by some libraries and PropertyConstraintViolation by others), so every defensible
 * code is accepted. OCPP-J 2.0.1 §4.2.3 also lets a receiver drop a message that does not conform to the schema.
 */
export const ACCEPTED_ANSWERS: Record<Violation, AcceptedAnswer> = {
  type: { kinds: ['type', 'format'], silenceAllowed: SCHEMA_SILENCE, why: 'a field of the wrong JSON type is a data-type constraint; some libraries call it a format error' },
  required: { kinds: ['occurrence', 'protocol', 'format'], silenceAllowed: SCHEMA_SILENCE, why: 'a missing required field violates occurrence; 1.6 also calls an incomplete payload ProtocolError' },
  additionalProperties: { kinds: ['property', 'format', 'protocol', 'occurrence'], silenceAllowed: SCHEMA_SILENCE, why: 'an unknown field breaks the PDU structure; implementations report it as property, format, protocol or occurrence error' },
  enum: { kinds: ['property', 'format', 'type'], silenceAllowed: SCHEMA_SILENCE, why: 'a value outside the enumeration is an invalid value (property), some call it a format or type error' },
  maxLength: { kinds: ['format', 'property', 'occurrence'], silenceAllowed: SCHEMA_SILENCE, why: 'a too-long string is reported as format or property violation by widely used libraries' },
  minLength: { kinds: ['format', 'property', 'occurrence'], silenceAllowed: SCHEMA_SILENCE, why: 'a too-short string is reported as format or property violation' },
  maximum: { kinds: ['property', 'format', 'occurrence'], silenceAllowed: SCHEMA_SILENCE, why: 'a number past its bound is an invalid value; some libraries call it a format error' },
  minimum: { kinds: ['property', 'format', 'occurrence'], silenceAllowed: SCHEMA_SILENCE, why: 'a number below its bound is an invalid value; some libraries call it a format error' },
  format: { kinds: ['format', 'property', 'type'], silenceAllowed: SCHEMA_SILENCE, why: 'a malformed date-time is syntactically incorrect (format) or an invalid value (property)' },
  maxItems: { kinds: ['occurrence', 'property', 'format'], silenceAllowed: SCHEMA_SILENCE, why: 'too many array items violates occurrence constraints' },
  minItems: { kinds: ['occurrence', 'property', 'format'], silenceAllowed: SCHEMA_SILENCE, why: 'too few array items violates occurrence constraints' },
  'schema-other': { kinds: ['format', 'property', 'occurrence', 'type', 'protocol'], silenceAllowed: SCHEMA_SILENCE, why: 'any constraint-violation code fits a schema violation the table does not name' },
  'not-json': { kinds: ['rpcFramework', 'format', 'protocol', 'generic'], silenceAllowed: FRAME_SILENCE, why: 'no message ID can be read: answer with ID "-1" (2.0.1 RpcFrameworkError) or drop it' },
  'not-array': { kinds: ['rpcFramework', 'format', 'protocol', 'generic'], silenceAllowed: FRAME_SILENCE, why: 'not an RPC message; the ID cannot be read' },
  'bad-arity': { kinds: ['rpcFramework', 'format', 'protocol'], silenceAllowed: FRAME_SILENCE, why: 'a CALL has exactly four elements' },
  'unknown-message-type': {
    kinds: { '2.0.1': ['messageTypeNotSupported'], '1.6': ['rpcFramework', 'format', 'protocol'] },
    silenceAllowed: { '1.6': true, '2.0.1': false }, why: '2.0.1 requires MessageTypeNotSupported (OCPP-J 2.0.1 §4.4); 1.6 names no code',
  },
  'bad-message-id': { kinds: ['rpcFramework', 'format', 'protocol', 'occurrence', 'property', 'type'], silenceAllowed: FRAME_SILENCE, why: 'a message ID must be a string of at most 36 characters' },
  'payload-not-object': { kinds: ['format', 'type', 'protocol', 'rpcFramework'], silenceAllowed: SCHEMA_SILENCE, why: 'the payload of a CALL is a JSON object' },
  'unknown-action': { kinds: ['notImplemented', 'notSupported'], silenceAllowed: { '1.6': false, '2.0.1': false }, why: 'an unknown action is NotImplemented; NotSupported is defensible for a recognised but unsupported one' },
  'duplicate-message-id': { kinds: ['protocol', 'rpcFramework', 'format', 'generic', 'occurrence'], silenceAllowed: FRAME_SILENCE, why: 'a CALL whose ID is still being handled is malformed (OCPP-J §4.2.3)' },
};

/** The concrete codes a receiver of `version` may answer a violation with. */
export function acceptedCodes(version: OcppVersion, violation: Violation): string[] {
  const { kinds } = ACCEPTED_ANSWERS[violation];
  const forVersion = Array.isArray(kinds) ? kinds as readonly ErrorKind[] : (kinds as Record<OcppVersion, readonly ErrorKind[]>)[version];
  return [...new Set(forVersion.map((k) => codeFor(version, k)))];
}

/** Map an ajv keyword to our violation vocabulary. */
export function violationOfKeyword(keyword: string): Violation {
  const known: readonly string[] = [
    'type', 'required', 'additionalProperties', 'enum', 'maxLength', 'minLength', 'maximum', 'minimum', 'format',
    'maxItems', 'minItems',
  ];
  return known.includes(keyword) ? (keyword as Violation) : 'schema-other';
}

/** The code a conformant receiver answers with: the first (preferred) of the accepted ones. */
export function preferredCode(version: OcppVersion, violation: Violation): string {
  return acceptedCodes(version, violation)[0]!;
}
