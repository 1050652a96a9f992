import { readFileSync } from 'node:fs';
import type { SutProfile } from '../harness/config.js';
import type { ActionProvider } from '../harness/operator.js';
import { badAnswerAndJudge, callText, sendAndJudge } from './attempt.js';
import type { CsmsLink } from './csms-link.js';
import { describeOutcome } from './property.js';
import { openSut } from './sut.js';
import type { Finding, Judgement } from './types.js';

export interface ReplayOptions {
  /** A user's SUT: its profile (password, station ID) and operator, and where it is now if it moved. */
  profile?: SutProfile;
  provider?: ActionProvider;
  url?: string;
  listen?: string;
  sutCmd?: string;
}

export interface ReplayResult {
  reproduced: boolean;
  /** What the oracle said this time (undefined: nothing wrong). */
  judgement?: Judgement;
  answer: string;
  trace: string[];
}

/** Read a finding file written by a fuzz run; one clear line when it is not one. */
export function loadFinding(file: string): Finding {
  let value: Finding;
  try {
    value = JSON.parse(readFileSync(file, 'utf8')) as Finding;
  } catch (err) {
    throw new Error(`cannot read finding ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (!value?.target?.role || !value.target.ocpp || (!value.frame && !value.badAnswer)) {
    throw new Error(`${file} is not a finding written by ocpp-conformance fuzz (finding-NNN.json)`);
  }
  return value;
}

/**
 * Reproduce a finding: reach the same state on the same target (the reference with the same faults, or the
 * same SUT), send the recorded frame (or give the recorded bad answer), probe liveness, and judge with the same
 * oracle. Reproduced when the oracle finds a problem of the same severity again.
 */
export async function replayFinding(finding: Finding, options: ReplayOptions = {}): Promise<ReplayResult> {
  const spec = {
    ...finding.target,
    url: options.url ?? finding.target.url, listen: options.listen ?? finding.target.listen, sutCmd: options.sutCmd ?? finding.target.sutCmd,
  };
  const sut = await openSut({ spec, profile: options.profile, provider: options.provider });
  try {
    let judgement: Judgement | undefined;
    let answer: string;
    let trace: string[];
    if (finding.badAnswer) {
      const attempt = await badAnswerAndJudge(sut.link as CsmsLink, finding.action, finding.badAnswer);
      if (!attempt) return { reproduced: false, answer: `the SUT sent no ${finding.action} to answer`, trace: [] };
      ({ judgement, trace } = attempt);
      answer = `its call ${callText(attempt.call)}; liveness probe ${attempt.alive ? 'answered' : 'unanswered'}`;
    } else {
      const attempt = await sendAndJudge(sut.link, finding.frame!, true);
      ({ judgement, trace } = attempt);
      answer = describeOutcome(attempt.outcome, attempt.alive);
      if (!judgement) trace = sut.link.traceSince(Math.max(0, sut.link.log.length - 8));
    }
    return { reproduced: judgement?.severity === finding.severity, judgement, answer, trace };
  } finally {
    await sut.close();
  }
}
