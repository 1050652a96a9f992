import type { OcppVersion } from '../ocpp/versions.js';

/** ID tokens the harness presents or expects; the SUT's operator must know which are valid. */
export interface IdTokens {
  valid: string;
  invalid: string;
  blocked: string;
  /** 2.0.1 IdTokenEnumType of the tokens above. */
  type: string;
  /** Known to the CSMS with status Expired. */
  expired: string;
  /** A second valid token, in the same group as `valid` (2.0.1 groupIdToken / 1.6 parentIdTag = `groupId`). */
  valid2: string;
  /** The group (2.0.1 GroupId, 1.6 parentIdTag) of `valid` and `valid2`. */
  groupId: string;
  /** A valid token whose group is `masterPassGroupId` (C16 master pass). */
  masterPass: string;
  /** The master pass group (2.0.1 AuthCtrlr.MasterPassGroupId). */
  masterPassGroupId: string;
  /** 2.0.1 ISO 15118: the eMAID of the contract certificate the operator's Plug and Charge EV presents. */
  emaid: string;
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
  /** Meter value intervals (s) the meter-value test cases configure (sampled and clock-aligned); default 10. */
  meterIntervalS?: number;
}

export type SecurityProfile = 1 | 2 | 3;

/**
 * What the 1.6 smart charging documents (TC_056..TC_082) call configured: the connector, stack level, schedule
 * duration, rate unit, phases and start period of the profiles the test cases send (or a CSMS is asked to send),
 * how far a composite schedule's start may lie from now, and the station's own limit when no profile applies.
 */
export interface SmartChargingSettings {
  /** <Configured connectorId>; default the first EVSE. */
  connectorId: number;
  /** <Configured StackLevel>; TC_067_CSMS also uses the two levels above it. */
  stackLevel: number;
  /** <Configured duration> of a charging schedule, in seconds. */
  duration: number;
  /** <Configured chargingRateUnit>: limits are 6 A or 6000 W (the documents multiply by 1000 for W). */
  chargingRateUnit: 'A' | 'W';
  /** <Configured numberPhases>. */
  numberPhases: number;
  /** <Configured startPeriod> of the first period a CSMS sends (TC_056_CSMS). */
  startPeriod: number;
  /** <Configured Max Time Deviation> in seconds between a composite schedule's start and now. */
  maxTimeDeviationS: number;
  /** The station's own limit when no profile applies (TC_067_CS last step), in chargingRateUnit; unset: not checked. */
  localLimit?: number;
}

/** The smart charging values of a profile, with the defaults for what it leaves out. */
export function smartChargingSettings(profile: Pick<SutProfile, 'smartCharging' | 'evses'>): SmartChargingSettings {
  return {
    connectorId: profile.evses[0]?.id ?? 1, stackLevel: 1, duration: 300, chargingRateUnit: 'A', numberPhases: 3, startPeriod: 0,
    maxTimeDeviationS: 5, ...profile.smartCharging,
  };
}

/** Everything a run knows about its system under test. */
export interface SutProfile {
  ocpp: OcppVersion;
  /** Charge point ID: the one the harness uses (CSMS SUT) or expects (charger SUT; '*' accepts any). */
  stationId: string;
  /** Basic auth password (security profiles 1 and 2): the harness sends it (CSMS SUT) or requires it (charger SUT). */
  basicAuthPassword?: string;
  /**
   * The OCPP security profile the SUT runs (1: Basic auth over ws; 2: TLS with the CSMS's certificate and Basic
   * auth; 3: mutual TLS). Default 1. Test cases about another profile do not apply to a real SUT.
   */
  securityProfile?: SecurityProfile;
  /**
   * Profiles 2/3 with a real SUT: paths of PEM files. `ca`: the root to verify the SUT's certificate with (charger
   * SUT, profile 3: the root of its client certificate; CSMS SUT: the root of its server certificate). `cert`/`key`:
   * the harness's own certificate (as CSMS: its server certificate, under a root the charger trusts; as station:
   * the client certificate the CSMS knows for stationId, profile 3). `issuerCert`/`issuerKey`: an authority the SUT
   * trusts under which the harness may issue broken certificates (expired, wrong name); without them those test
   * cases are inconclusive. File contents are never logged.
   */
  tls?: { ca?: string; cert?: string; key?: string; issuerCert?: string; issuerKey?: string };
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
  /** 2.0.1 GetReport componentCriteria the station does not support (TC_B_19_CS sends one); unset = unknown. */
  unsupportedComponentCriteria?: string[];
  /** 2.0.1 GetMonitoringReport monitoringCriteria the station does not support (TC_N_04_CS); unset = unknown. */
  unsupportedMonitoringCriteria?: string[];
  /** 2.0.1 SetMonitoringBase monitoringBase values the station does not support (TC_N_07_CS); unset = unknown. */
  unsupportedMonitoringBase?: string[];
  /** 2.0.1 display message states (MessageInfo.state) the station does not support (TC_O_18_CS); unset = unknown. */
  unsupportedDisplayMessageStates?: string[];
  /** Items read from the SUT itself (1.6 SupportedFeatureProfiles, 2.0.1 device model) where the profile is silent. */
  discovered?: Record<string, boolean>;
  /** The values the 1.6 smart charging test cases take as configured (OCTT <Configured ...>); defaults in smartChargingSettings. */
  smartCharging?: Partial<SmartChargingSettings>;
  /**
   * 1.6 Firmware Management (TC_044_1): `image`, the path of a valid firmware file for the charger under test, which
   * the harness serves for the update. Without it the harness serves its own test image, which only the reference
   * station installs: a charger that fails to install that is inconclusive, not failed.
   */
  firmware?: { image?: string };
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
  // Short enough that a test case sees three readings within a minute; long enough for whole-second timestamps.
  meterIntervalS: 10,
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
  meterIntervalS: 2,
};

/**
 * The reference station's OCPPCommCtrlr.MessageTimeout (s): an implementation value it reports read-only. Short, so
 * the E13 test cases that wait out unanswered messages (TC_E_41/42) fit the reference's test timeout; long enough
 * for loopback answers on a loaded machine.
 */
export const REFERENCE_MESSAGE_TIMEOUT_S = 4;

/** The profile the demo and self-tests use against the built-in reference implementations. */
export function referenceProfile(ocpp: OcppVersion): SutProfile {
  return {
    ...defaultProfile(ocpp, REFERENCE_TIMING),
    basicAuthPassword: 'reference-password-0001',
    // The reference station's own limit per phase (station/smart-charging.ts), where no profile limits a connector.
    smartCharging: { localLimit: 32 },
    unsupportedComponentCriteria: ['Active'],
    // What the reference implements: a detachable cable (HFS-1), remote starts with and without authorization
    // (C-48.1/48.2), unlocking and every trigger (C-11, C-29.x), in 1.6 the Remote Trigger profile; in 2.0.1 EVSE
    // reset (C-13), a master pass without user interface (C-08), Plug and Charge with local or central contract
    // validation (ISO15118, ISO-5) and a CSMS whose boot answer the operator sets, Pending
    // (C-44) or Rejected (AQ-1).
    features: [
      'security-profile-1', 'security-profile-2', 'security-profile-3', 'advanced-security', 'certificate-management', 'HFS-1', 'C-11', 'C-29.1', 'C-29.2', 'C-29.3', 'C-29.4', 'C-29.5', 'C-29.6', 'C-48.1', 'C-48.2',
      '1.6:RemoteTrigger', ...(ocpp === '2.0.1' ? ['C-13', 'C-44', 'AQ-1', 'C-16', 'AS-3', 'C-08', 'ISO15118', 'ISO-5'] : []),
      // Signed meter values (J01/J02 SignReadings) and TxStartPoint DataSigned (E01.S4)
      ...(ocpp === '2.0.1' ? ['C-42', 'C-09.3'] : []),
      // Base reports of every kind and custom reports (B07/B08)
      ...(ocpp === '2.0.1' ? ['C-56', 'C-17', 'advanced-device-management'] : []),
      // Reservations (H01-H04; 1.6 Reservation profile), of one EVSE, of any EVSE and of a connector type (R-1, CSMS).
      '1.6:Reservation', 'R-3', 'R-2', 'R-1',
      // 1.6 Smart Charging profile (K01-K10: SetChargingProfile, GetCompositeSchedule, ClearChargingProfile, remote start with a profile).
      ...(ocpp === '1.6' ? ['1.6:SmartCharging'] : []),
      // 2.0.1 Smart Charging certification profile (K01, K05, K08-K10; station/smart-charging201.ts, csms/smart-charging201.ts).
      ...(ocpp === '2.0.1' ? ['smart-charging', 'SC-2.1', 'SC-2.2'] : []),
      ...(ocpp === '2.0.1' ? ['C-09.1', 'C-09.2', 'C-09.4', 'C-09.5', 'C-09.6', 'C-10.1', 'C-10.2', 'C-10.3', 'C-10.4', 'C-51', 'C-52', 'C-06.1', 'C-06.2', 'C-12.1', 'C-12.2', 'C-58'] : []),
      // TxStopPoint ParkingBayOccupancy (E06 S1: the EV driving out of the bay, operator action driveOut)
      ...(ocpp === '2.0.1' ? ['C-10.5'] : []),
      // Display messages (O01-O06): priorities AlwaysFront and NormalCycle (InFront is a variant), formats ASCII, URI, UTF8.
      ...(ocpp === '2.0.1' ? ['advanced-user-interface', 'UI-1.1', 'UI-1.3', 'UI-2.1', 'UI-2.3', 'UI-2.4'] : []),
      // Authorization cache and local list (both roles)
      ...(ocpp === '2.0.1' ? ['C-49', 'C-53', 'C-59', 'LA-1', 'LA-2', 'LA-3', 'C-03'] : ['1.6:LocalAuthListManagement', '1.6:AuthorizationCache']),
      // 1.6 firmware management as the security white paper has it (L01 signed firmware; the unsigned UpdateFirmware NotSupported)
      ...(ocpp === '1.6' ? ['1.6:FirmwareManagement', 'secure-firmware-update'] : []),
      // 2.0.1 secure firmware update (L01): scheduled updates, cancelling an update under way, AllowNewSessionsPendingFirmwareUpdate,
      // downloading during a transaction (AQ-7); installing waits for transactions (no C-43)
      ...(ocpp === '2.0.1' ? ['C-15', 'C-60', 'C-20', 'AQ-7', 'local-controller-publish-firmware'] : []),
      // Network profiles (B10): round again after the back-off once every profile failed
      ...(ocpp === '2.0.1' ? ['C-47'] : []),
      // Log upload (N01): a GetLog while an upload runs cancels it (C-57)
      ...(ocpp === '2.0.1' ? ['C-57'] : []),
      // Variable monitoring and events (N02-N07)
      ...(ocpp === '2.0.1' ? ['advanced-device-management', 'DM-3'] : []),
      // Customer information by customerIdentifier (C-14) and by customer certificate (ISO-4), CSMS side (N09/N10)
      ...(ocpp === '2.0.1' ? ['C-14', 'ISO-4'] : []),
    ],
  };
}

/**
 * Items the reference can be built with but does not claim by default, each with the default items it replaces:
 * hardware and user-interface variants that exclude each other (a fixed cable excludes a detachable one). The
 * self-test builds such a reference for a test case that needs one; the demo runs the default build, where those
 * test cases are not applicable.
 */
export const REFERENCE_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  'HFS-2': ['HFS-1'],
  // A cable lock that keeps the cable out until a driver is authorized; the default station has none.
  'AQ-2': [],
  // A master pass at a station with a user interface, where the holder chooses which transactions to stop.
  'C-07': ['C-08'],
  // A combined OCPP / ISO 15118 certificate (TC_A_13): by default the reference has none, as TC_F_27_CS needs.
  'ISO-3': [],
  // A display that also shows InFront messages (UI-1.2); the default one lacks it, so TC_O_17_CS has a priority to refuse.
  'UI-1.2': [],
  // Installing firmware while charging (TC_L_16_CS): by default the reference waits for transactions (TC_L_12-15).
  'C-43': [],
  // AdditionalRootCertificateCheck true (TC_M_09_CS): a new CSMS root must be signed by the old one; by default the check is off.
  'AS-2': [],
  // A hard-wired monitor (TC_N_21/44_CS); by default the reference has none, so its monitoring reports stay empty (TC_N_18_CS).
  'AQ-5': [],
  // A pre-configured monitor that SetMonitoringBase FactoryDefault restores (TC_N_41_CS); by default the reference has none.
  'AQ-6': [],
  // A station lacking one monitoringCriteria / monitoringBase / display message state (TC_N_04/07_CS, TC_O_18_CS): by
  // default the reference supports them all, as TC_N_01/05_CS need; REFERENCE_VARIANT_PROFILE names the one it lacks.
  'monitoring-criteria-unsupported': [],
  'monitoring-base-unsupported': [],
  'display-state-unsupported': [],
};

/** What the reference profile says of a variant build beyond its items (the reference station lacks the same values). */
export const REFERENCE_VARIANT_PROFILE: Readonly<Record<string, Partial<SutProfile>>> = {
  'monitoring-criteria-unsupported': { unsupportedMonitoringCriteria: ['PeriodicMonitoring'] },
  'monitoring-base-unsupported': { unsupportedMonitoringBase: ['FactoryDefault'] },
  'display-state-unsupported': { unsupportedDisplayMessageStates: ['Faulted'] },
};

/** The reference profile a test case's self-test runs against: the default build with the variants it needs (or needs absent). */
export function referenceProfileFor(ocpp: OcppVersion, needs: readonly string[] = [], needsAbsent: readonly string[] = []): SutProfile {
  const profile = referenceProfile(ocpp);
  const drop = (item: string) => {
    profile.features = profile.features.filter((f) => f !== item);
    profile.absent = [...(profile.absent ?? []), item];
  };
  for (const item of needsAbsent) drop(item);
  for (const item of needs) {
    const replaced = REFERENCE_VARIANTS[item];
    if (!replaced || profile.features.includes(item)) continue;
    replaced.forEach(drop);
    profile.features.push(item);
    Object.assign(profile, REFERENCE_VARIANT_PROFILE[item] ?? {});
  }
  return profile;
}

export function defaultProfile(ocpp: OcppVersion, timing: Timing = DEFAULT_TIMING): SutProfile {
  return {
    ocpp,
    stationId: 'CP001',
    evses: [{ id: 1, connectors: 1 }, { id: 2, connectors: 1 }],
    idTokens: {
      valid: 'VALID001', invalid: 'INVALID001', blocked: 'BLOCKED001', type: 'ISO14443', expired: 'EXPIRED001',
      valid2: 'VALID002', groupId: 'GROUP001', masterPass: 'MASTER001', masterPassGroupId: 'MASTERGROUP',
      emaid: 'NLREFC000000001',
    },
    timing: { ...timing },
    features: [],
    vendor: 'ocpp-conformance',
    model: 'harness',
  };
}
