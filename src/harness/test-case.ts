import type { OcppVersion } from '../ocpp/versions.js';
import type { SutProfile } from './config.js';
import type { CsmsHarness } from './csms-harness.js';
import type { StationHarness } from './station-harness.js';
import type { SutHandle } from './operator.js';

/** What a test case gets when the SUT is a charging station: the harness plays its CSMS. */
export interface CsContext {
  csms: CsmsHarness;
  sut: SutHandle;
  profile: SutProfile;
}

/** What a test case gets when the SUT is a CSMS: the harness plays a charging station. */
export interface CsmsContext {
  station: StationHarness;
  sut: SutHandle;
  profile: SutProfile;
}

/**
 * How faithfully a test case reproduces an official one: `full` when every step, tool validation and
 * post-scenario validation of its document is checked; `partial` names what is not and why.
 */
export type OcttClaim = { id: string; fidelity: 'full' } | { id: string; fidelity: 'partial'; missing: string };

/** Claim official test cases as reproduced in full. */
export function full(...ids: string[]): OcttClaim[] {
  return ids.map((id) => ({ id, fidelity: 'full' }));
}

/** Claim an official test case of which `missing` (steps or validations, and why) is not reproduced. */
export function partial(id: string, missing: string): OcttClaim {
  return { id, fidelity: 'partial', missing };
}


interface TestCaseCommon {
  /** Use-case ID from the catalogue (B01, G02, RPC, ...). */
  useCase: string;
  /** Distinguishes several test cases of one use case (rejected, unknown-key, ...). */
  variant?: string;
  ocpp: OcppVersion;
  title: string;
  /** Official compliance test cases this one covers, each with its fidelity (full(...), partial(id, why)). */
  octt?: readonly OcttClaim[];
  /** Certification-style profile for the per-profile summary (core, security, smart-charging, ...). */
  profile?: string;
  /** Faults of the reference implementation that must make this test fail. */
  killedBy: string[];
  /**
   * Optional items the SUT must implement for this test to apply, named as the certification documents name
   * them (src/catalog/pics.ts: C-49, HFS-1, 1.6:RemoteTrigger, ...). A profile that denies one makes the test
   * not applicable.
   */
  needs?: string[];
  /**
   * Optional items the SUT must NOT implement for this test to apply (the official test for a station without
   * the feature, e.g. TC_B_28_CS for a station without C-13). The test applies only when the profile denies them.
   */
  needsAbsent?: string[];
  /** Operator actions the test performs; one the provider cannot perform makes the verdict inconclusive. */
  actions?: string[];
  /** The test changes state of the SUT that other test cases share (a CSMS's boot answer): it runs alone. */
  exclusive?: boolean;
  /**
   * The security profile the test case runs over (A00): the target's endpoint for it is used (wss, client
   * certificates). A target without one (a real SUT running another profile) makes the test not applicable.
   */
  securityProfile?: 1 | 2 | 3;
  /**
   * Where a document asks for "security profile 2 and/or 3": the profile to run over instead of `securityProfile`
   * when the target has no endpoint for that one (a real SUT that runs only this one).
   */
  securityProfileOr?: 2 | 3;
}

export interface CsTestCase extends TestCaseCommon {
  sut: 'CS';
  run(ctx: CsContext): Promise<void>;
}

export interface CsmsTestCase extends TestCaseCommon {
  sut: 'CSMS';
  run(ctx: CsmsContext): Promise<void>;
}

export type TestCaseDef = CsTestCase | CsmsTestCase;
/** A declared test case with its ID and its claims normalised (distributes over the two roles). */
export type Declared<T extends TestCaseDef> = T extends TestCaseDef ? Omit<T, 'octt'> & { id: string; octt: OcttClaim[] } : never;
export type TestCase = Declared<TestCaseDef>;

export function testCaseId(tc: Pick<TestCaseDef, 'useCase' | 'variant' | 'ocpp' | 'sut'>): string {
  return `${tc.useCase}${tc.variant ? `.${tc.variant}` : ''}/${tc.ocpp}/${tc.sut}`;
}

/** Declare a test case; its ID is derived from use case, variant, version and SUT role. */
export function testCase<T extends TestCaseDef>(def: T): Declared<T> {
  return { ...def, id: testCaseId(def), octt: [...(def.octt ?? [])] } as unknown as Declared<T>;
}
