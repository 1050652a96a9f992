import type { OcppVersion } from '../ocpp/versions.js';

/** ID tokens the harness presents or expects; the SUT's operator must know which are valid. */
export interface IdTokens {
  valid: string;
  invalid: string;
  blocked: string;
  /** 2.0.1 IdTokenEnumType of the tokens above. */
  type: string;
}

export interface Timing {
  /** Heartbeat interval in seconds the harness (as CSMS) hands out in BootNotification answers. */
  heartbeatIntervalS: number;
  /** How long to wait for an answer to a CALL, and for an expected CALL to arrive. */
  callTimeoutMs: number;
  /** How long to wait for a charger to connect and boot. */
  bootTimeoutMs: number;
  /** How long to wait for a charger to come back (reconnect and boot) after a reboot it was asked for (Reset). */
  rebootTimeoutMs: number;
  /** Slack allowed on timing checks (intervals, retry delays). */
  toleranceMs: number;
  /** Hard limit for one test case. */
  testTimeoutMs: number;
  /** 1.6 ConnectionTimeOut / 2.0.1 EVConnectionTimeOut in seconds, set by test cases that need it short. */
  connectionTimeoutS: number;
  /** Interval (s) a charger SUT is told to retry in after a Pending/Rejected boot. */
  retryIntervalS: number;
  /** How long to listen for something that must NOT happen. */
  quietMs: number;
}

/** Everything a run knows about its system under test. */
export interface SutProfile {
  ocpp: OcppVersion;
  /** Charge point ID: the one the harness uses (CSMS SUT) or expects (charger SUT; '*' accepts any). */
  stationId: string;
  /** Basic auth password (security profile 1): the harness sends it (CSMS SUT) or requires it (charger SUT). */
  basicAuthPassword?: string;
  /** EVSE IDs with their connector counts; for 1.6, each EVSE is a connector ID. */
  evses: { id: number; connectors: number }[];
  idTokens: IdTokens;
  timing: Timing;
  /**
   * Optional items the SUT claims, by their certification names (src/catalog/pics.ts: C-49, HFS-1,
   * 1.6:RemoteTrigger) or aliases (auth-cache, fixed-cable). A test needing an item not claimed does not apply.
   */
  features: string[];
  /** Items the SUT's maker says are absent (the same names). */
  absent?: string[];
  /** Items read from the SUT itself (1.6 SupportedFeatureProfiles, 2.0.1 device model) where the profile is silent. */
  discovered?: Record<string, boolean>;
  /** Charging station vendor and model the harness reports when it plays the station. */
  vendor: string;
  model: string;
}

export const DEFAULT_TIMING: Timing = {
  heartbeatIntervalS: 60,
  callTimeoutMs: 30_000,
  bootTimeoutMs: 60_000,
  // Real chargers take 30-120 s to restart.
  rebootTimeoutMs: 180_000,
  toleranceMs: 2_000,
  testTimeoutMs: 300_000,
  connectionTimeoutS: 30,
  retryIntervalS: 10,
  quietMs: 5_000,
};

/** Fast timing for the built-in reference targets: everything happens on loopback. */
export const REFERENCE_TIMING: Timing = {
  heartbeatIntervalS: 1,
  callTimeoutMs: 2_000,
  // Generous next to loopback's milliseconds: a loaded 2-core CI machine runs several test cases at once.
  bootTimeoutMs: 6_000,
  // A reboot is a reconnect and a boot: the window the reset test cases had before (boot + call timeout).
  rebootTimeoutMs: 8_000,
  toleranceMs: 700,
  testTimeoutMs: 20_000,
  connectionTimeoutS: 2,
  retryIntervalS: 1,
  quietMs: 600,
};

/** The profile the demo and self-tests use against the built-in reference implementations. */
export function referenceProfile(ocpp: OcppVersion): SutProfile {
  return {
    ...defaultProfile(ocpp, REFERENCE_TIMING),
    basicAuthPassword: 'reference-password-0001',
    // What the reference implements: a detachable cable (HFS-1), remote starts with and without authorization
    // (C-48.1/48.2), unlocking and every trigger (C-11, C-29.x), in 1.6 the Remote Trigger profile; in 2.0.1 EVSE
    // reset (C-13) and a CSMS whose boot answer the operator sets, Pending (C-44) or Rejected (AQ-1).
    features: [
      'security-profile-1', 'HFS-1', 'C-11', 'C-29.1', 'C-29.2', 'C-29.3', 'C-29.4', 'C-29.5', 'C-29.6', 'C-48.1', 'C-48.2',
      '1.6:RemoteTrigger', ...(ocpp === '2.0.1' ? ['C-13', 'C-44', 'AQ-1'] : []),
      // auth-c2: authorization cache and local list (both roles)
      ...(ocpp === '2.0.1' ? ['C-49', 'C-53', 'C-59', 'LA-1', 'LA-2', 'LA-3'] : ['1.6:LocalAuthListManagement', '1.6:AuthorizationCache']),
    ],
  };
}

export function defaultProfile(ocpp: OcppVersion, timing: Timing = DEFAULT_TIMING): SutProfile {
  return {
    ocpp,
    stationId: 'CP001',
    evses: [{ id: 1, connectors: 1 }, { id: 2, connectors: 1 }],
    idTokens: { valid: 'VALID001', invalid: 'INVALID001', blocked: 'BLOCKED001', type: 'ISO14443' },
    timing: { ...timing },
    features: [],
    vendor: 'ocpp-conformance',
    model: 'harness',
  };
}
