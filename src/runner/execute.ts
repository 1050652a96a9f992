import { CsmsHarness } from '../harness/csms-harness.js';
import { StationHarness } from '../harness/station-harness.js';
import { OperatorCannotAct, SutHandle, type ActionProvider } from '../harness/operator.js';
import type { Peer } from '../harness/peer.js';
import type { SutProfile } from '../harness/config.js';
import type { OcttClaim, TestCase } from '../harness/test-case.js';
import { NotApplicable, Verdict, stateOf, type TestState } from '../harness/verdicts.js';
import type { LoggedFrame } from '../transport/frame-log.js';
import { octtById } from '../catalog/octt.js';
import { notApplicableReason } from './applicability.js';
import { nextStationId, type CsTarget, type CsmsTarget, type StationIdentity, type SutInstance, type Target } from './targets.js';
import { Interrupted, raceAbort } from './interrupt.js';

export type { TestState };
export { notApplicableReason };

/** The outcome of one test case, as results.json and every report record it. */
export interface TestResult {
  id: string;
  title: string;
  useCase: string;
  ocpp: string;
  sut: 'CS' | 'CSMS';
  state: TestState;
  /** ms since the epoch when the test case started. */
  startedAt: number;
  durationMs: number;
  /** One line: what the SUT did wrong, what stood in the way, or why the test does not apply. */
  reason?: string;
  /** The rule a failed verdict names, where the test case knows it. */
  requirement?: string;
  /** Where an `error` came from: the harness's own stack (never shown for a verdict about the SUT). */
  stack?: string;
  octt: OcttClaim[];
  /** Our own grouping (core, security, ...). */
  profile: string;
  /** Official certification profiles (Part 5) the claimed test cases belong to. */
  certification: string[];
  /** Optional items (PICS) the test case needs. */
  needs: string[];
  /** The message trace, one frame per line. */
  trace: string;
  /** The same frames, structured, for the sequence diagram. */
  frames: LoggedFrame[];
}

function certificationOf(claims: OcttClaim[]): string[] {
  return [...new Set(claims.flatMap((c) => octtById(c.id)?.profiles ?? []))];
}

function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.slice(0, 500);
}

class TestTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TestTimeout(`${what} did not finish within ${ms} ms (testTimeoutMs): a wait in the test has no limit of its own`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** A CSMS's operator acts for one station: every action carries the station ID the test case uses. */
function forStation(provider: ActionProvider | undefined, stationId: string): ActionProvider | undefined {
  if (!provider) return undefined;
  return { description: provider.description, act: (name, args) => provider.act(name, { stationId, ...args }) };
}

/** What every result of `tc` says, whatever its verdict. */
function resultBase(tc: TestCase, startedAt: number) {
  return {
    id: tc.id, title: tc.title, useCase: tc.useCase, ocpp: tc.ocpp, sut: tc.sut, startedAt,
    octt: tc.octt, profile: tc.profile ?? 'core', certification: certificationOf(tc.octt), needs: tc.needs ?? [],
  };
}

/**
 * The entry of a test case the run never started (interrupted, or given up): `error`, so every report, JUnit
 * included, still lists it and a CI gate cannot mistake the run for complete.
 */
export function notRunResult(tc: TestCase, why: string): TestResult {
  return { ...resultBase(tc, Date.now()), state: 'error', durationMs: 0, reason: `not run: ${why}`, trace: '', frames: [] };
}

export interface ExecuteOptions {
  /** Aborting ends the test case at once as `error` "interrupted" (the peer is closed and the SUT stopped). */
  signal?: AbortSignal;
  /** Called with the harness actor once it exists (the live progress line reads what it waits for). */
  onPeer?: (peer: Peer) => void;
}

/**
 * The security profile a test case runs over on this target (A00 test cases, and those whose document asks for
 * "profile 2 and/or 3": their alternative when the target has no endpoint for the first), or undefined for the
 * run's own connection. A real SUT has only the endpoint of the profile it runs (SutProfile.securityProfile).
 */
export function securityProfileFor(tc: TestCase, byProfile: Partial<Record<1 | 2 | 3, unknown>> | undefined, profile: SutProfile): 1 | 2 | 3 | undefined {
  const wanted = [tc.securityProfile, tc.securityProfileOr].filter((p): p is 1 | 2 | 3 => p !== undefined);
  if (!wanted.length) return undefined;
  const found = wanted.find((p) => byProfile?.[p] !== undefined || (profile.securityProfile ?? 1) === p);
  if (found === undefined) throw new NotApplicable(`runs over security profile ${wanted.join(' or ')}; the SUT profile runs security profile ${profile.securityProfile ?? 1}`);
  return found;
}

/** The endpoint a test case runs on: the one for its security profile (securityProfileFor), else the run's own. */
function endpointFor<T>(tc: TestCase, byProfile: Partial<Record<1 | 2 | 3, T>> | undefined, own: T, profile: SutProfile): T {
  const wanted = securityProfileFor(tc, byProfile, profile);
  return wanted === undefined ? own : byProfile?.[wanted] ?? own;
}

/** Run one test case against a target; never throws: every outcome becomes one of the five verdicts. */
export async function executeTestCase(tc: TestCase, target: Target, options: ExecuteOptions = {}): Promise<TestResult> {
  const { signal } = options;
  const startedAt = Date.now();
  // Each test case works on its own copy of the profile: its station ID may differ from its neighbours'.
  const profile: SutProfile = structuredClone(target.profile);
  const base = resultBase(tc, startedAt);
  let peer: Peer | undefined;
  let sut: SutInstance | undefined;
  const pool = target.stationPool;
  let identity: StationIdentity | undefined;
  if (pool) {
    // An identity handed to a wait that was given up is not lost: it goes back to the pool.
    const taking = pool.take();
    try {
      identity = await raceAbort(taking, signal);
    } catch (err) {
      void taking.then((s) => pool.give(s));
      return notRunResult(tc, (err as Error).message);
    }
  }
  if (identity) {
    profile.stationId = identity.id;
    profile.basicAuthPassword = identity.password;
  }
  const finish = (state: TestState, extra: Partial<TestResult> = {}): TestResult => ({
    ...base, state, durationMs: Date.now() - startedAt, trace: peer?.log.format() ?? '', frames: peer?.log.frames ?? [], ...extra,
  });
  try {
    if (signal?.aborted) throw new Interrupted();
    if (tc.sut !== target.role) throw new Error(`test case ${tc.id} is for a ${tc.sut} SUT, the target is a ${target.role}`);
    const why = notApplicableReason(tc, profile);
    if (why) throw new NotApplicable(why);
    let run: () => Promise<void>;
    if (tc.sut === 'CS') {
      const csTarget = target as CsTarget;
      const csms = new CsmsHarness(profile, endpointFor(tc, csTarget.servers, csTarget.server, profile));
      csms.pki = csTarget.pki;
      csms.endpoints = csTarget.servers;
      peer = csms;
      peer.scope = { testCaseId: tc.id, useCase: tc.useCase, brokenStates: target.brokenStates };
      options.onPeer?.(peer);
      sut = await csTarget.startSut(csms);
      if (tc.actions?.length && !sut.provider) throw new OperatorCannotAct(tc.actions.join(', '), 'no action provider is configured (--actions)');
      const ctx = { csms, sut: new SutHandle(sut.provider, (err) => csms.abort(err)), profile };
      run = () => tc.run(ctx);
    } else {
      const csmsTarget = target as CsmsTarget;
      if (tc.actions?.length && !csmsTarget.provider) throw new OperatorCannotAct(tc.actions.join(', '), 'no action provider is configured (--actions)');
      if (csmsTarget.freshStationIds) profile.stationId = nextStationId('REF-ST');
      const station = new StationHarness(profile, endpointFor(tc, csmsTarget.urls, csmsTarget.url, profile));
      station.pki = csmsTarget.pki;
      station.endpoints = csmsTarget.urls;
      const securityProfile = securityProfileFor(tc, csmsTarget.urls, profile);
      if (securityProfile && securityProfile > 1) {
        station.securityProfile = securityProfile;
        station.tls = await csmsTarget.stationTls?.(securityProfile, profile.stationId);
      }
      peer = station;
      peer.scope = { testCaseId: tc.id, useCase: tc.useCase, brokenStates: target.brokenStates };
      options.onPeer?.(peer);
      const ctx = { station, sut: new SutHandle(forStation(csmsTarget.provider, profile.stationId), (err) => station.abort(err)), profile };
      run = () => tc.run(ctx);
    }
    // An interruption ends the test at once; closing the peer and the SUT below ends what the test still awaits.
    await withTimeout(raceAbort(run(), signal), profile.timing.testTimeoutMs, `test case ${tc.id}`);
    peer.failOnViolation();
    return finish('passed');
  } catch (err) {
    if (err instanceof Interrupted) {
      // The abandoned test code's waits end at once too, so it winds down instead of running on in the background.
      peer?.abort(err);
      peer?.log.event(`${err.message}: the run was stopped while this test case ran`);
      return finish('error', { reason: err.message });
    }
    const state = err instanceof TestTimeout ? 'error' : stateOf(err);
    const requirement = err instanceof Verdict ? err.requirement : undefined;
    const stack = state === 'error' && err instanceof Error && !(err instanceof TestTimeout) ? err.stack : undefined;
    return finish(state, { reason: oneLine(err), requirement, stack });
  } finally {
    await peer?.close().catch(() => undefined);
    await sut?.stop().catch(() => undefined);
    if (identity) pool!.give(identity);
  }
}
