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

interface TestCaseCommon {
  /** Use-case ID from the catalogue (B01, G02, RPC, ...). */
  useCase: string;
  /** Distinguishes several test cases of one use case (rejected, unknown-key, ...). */
  variant?: string;
  ocpp: OcppVersion;
  title: string;
  /** Official compliance test cases this one covers (TC_B_01_CS, TC_001_CS, ...). */
  octt?: string[];
  /** Certification-style profile for the per-profile summary (core, security, smart-charging, ...). */
  profile?: string;
  /** Faults of the reference implementation that must make this test fail. */
  killedBy: string[];
  /** Optional features the SUT must claim for this test to apply (SutProfile.features). */
  needs?: string[];
  /** Operator actions the test performs; without an action provider it is skipped. */
  actions?: string[];
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
export type TestCase = TestCaseDef & { id: string };

export function testCaseId(tc: Pick<TestCaseDef, 'useCase' | 'variant' | 'ocpp' | 'sut'>): string {
  return `${tc.useCase}${tc.variant ? `.${tc.variant}` : ''}/${tc.ocpp}/${tc.sut}`;
}

/** Declare a test case; its ID is derived from use case, variant, version and SUT role. */
export function testCase<T extends TestCaseDef>(def: T): T & { id: string } {
  return { ...def, id: testCaseId(def) };
}
