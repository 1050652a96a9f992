// The five verdicts of conformance testing (after ETSI TTCN-3 and the official test tool). A test case ends in
// exactly one; the exception classes below carry a verdict out of test code, and execute.ts maps anything else
// (a bug in test code, a port in use) to `error`, which is never blamed on the SUT.

export type TestState = 'passed' | 'failed' | 'inconclusive' | 'error' | 'notApplicable';

export const TEST_STATES: readonly TestState[] = ['passed', 'failed', 'inconclusive', 'error', 'notApplicable'];

/**
 * `failed`: the SUT did what the specification forbids or did not do what it requires. The message is meant for
 * the report; `requirement` names the rule (B01.FR.05, OCPP-J 4.2.3, ...) where the test knows it.
 */
export class Verdict extends Error {
  constructor(message: string, readonly requirement?: string) {
    super(requirement ? `${message} (${requirement})` : message);
    this.name = 'Verdict';
  }
}

/**
 * `inconclusive`: a precondition could not be established for a reason the specification does not make a defect
 * of the SUT (an operator action that could not be done, an optional setting refused, a reusable state that
 * another test case is about).
 */
export class Inconclusive extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Inconclusive';
  }
}

/** `notApplicable`: the SUT profile says the feature this test needs is absent. */
export class NotApplicable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotApplicable';
  }
}

/** The verdict an exception out of a test case stands for. */
export function stateOf(err: unknown): Exclude<TestState, 'passed'> {
  if (err instanceof Verdict) return 'failed';
  if (err instanceof Inconclusive) return 'inconclusive';
  if (err instanceof NotApplicable) return 'notApplicable';
  return 'error';
}

/**
 * Exit code of a run: 0 nothing failed and nothing left undecided, 1 something failed, 3 nothing failed but
 * something was inconclusive or an error (a CI gate must notice a run that mostly did not run). 2 is "could not
 * run at all" and is decided before any test case.
 */
export const EXIT = { passed: 0, failed: 1, couldNotRun: 2, incomplete: 3, interrupted: 130 } as const;

export function exitCodeFor(states: readonly TestState[]): number {
  if (states.includes('failed')) return EXIT.failed;
  if (states.includes('inconclusive') || states.includes('error')) return EXIT.incomplete;
  return EXIT.passed;
}
