import { CsmsHarness } from '../harness/csms-harness.js';
import { StationHarness } from '../harness/station-harness.js';
import { SkipTest, SutHandle } from '../harness/operator.js';
import type { Peer } from '../harness/peer.js';
import type { TestCase } from '../harness/test-case.js';
import { freshStationId, type CsTarget, type CsmsTarget, type SutInstance, type Target } from './targets.js';

export type TestState = 'passed' | 'failed' | 'skipped';

/** The outcome of one test case, as results.json records it. */
export interface TestResult {
  id: string;
  title: string;
  useCase: string;
  ocpp: string;
  sut: 'CS' | 'CSMS';
  state: TestState;
  durationMs: number;
  reason?: string;
  octt: string[];
  profile: string;
  /** The message trace, one frame per line. */
  trace: string;
}

/** Why a test case does not apply to this SUT, or undefined when it does. */
function notApplicable(tc: TestCase, target: Target, canAct: boolean): string | undefined {
  const missing = (tc.needs ?? []).filter((f) => !target.profile.features.includes(f));
  if (missing.length) return `not applicable: the SUT does not claim ${missing.join(', ')}`;
  if (tc.actions?.length && !canAct) {
    return `needs operator action${tc.actions.length > 1 ? 's' : ''} ${tc.actions.join(', ')} and no action provider is configured (--actions)`;
  }
  return undefined;
}

function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.slice(0, 500);
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** Run one test case against a target; never throws: every outcome becomes a verdict. */
export async function executeTestCase(tc: TestCase, target: Target): Promise<TestResult> {
  const started = Date.now();
  const base = {
    id: tc.id, title: tc.title, useCase: tc.useCase, ocpp: tc.ocpp, sut: tc.sut,
    octt: tc.octt ?? [], profile: tc.profile ?? 'core',
  };
  let peer: Peer | undefined;
  let sut: SutInstance | undefined;
  try {
    if (tc.sut !== target.role) throw new Error(`test case ${tc.id} is for a ${tc.sut} SUT, the target is a ${target.role}`);
    let run: () => Promise<void>;
    if (tc.sut === 'CS') {
      const csTarget = target as CsTarget;
      const csms = new CsmsHarness(csTarget.profile, csTarget.server);
      peer = csms;
      const skip = notApplicable(tc, target, true);
      if (skip?.startsWith('not applicable')) throw new SkipTest(skip);
      sut = await csTarget.startSut(csms);
      const why = notApplicable(tc, target, !!sut.provider);
      if (why) throw new SkipTest(why);
      const ctx = { csms, sut: new SutHandle(sut.provider), profile: csTarget.profile };
      run = () => tc.run(ctx);
    } else {
      const csmsTarget = target as CsmsTarget;
      const why = notApplicable(tc, target, !!csmsTarget.provider);
      if (why) throw new SkipTest(why);
      freshStationId(csmsTarget);
      const station = new StationHarness(csmsTarget.profile, csmsTarget.url);
      peer = station;
      const ctx = { station, sut: new SutHandle(csmsTarget.provider), profile: csmsTarget.profile };
      run = () => tc.run(ctx);
    }
    await withTimeout(run(), target.profile.timing.testTimeoutMs, `test case ${tc.id}`);
    peer.failOnViolation();
    return { ...base, state: 'passed', durationMs: Date.now() - started, trace: peer.log.format() };
  } catch (err) {
    const state = err instanceof SkipTest ? 'skipped' : 'failed';
    return { ...base, state, reason: oneLine(err), durationMs: Date.now() - started, trace: peer?.log.format() ?? '' };
  } finally {
    await peer?.close().catch(() => undefined);
    await sut?.stop().catch(() => undefined);
  }
}
