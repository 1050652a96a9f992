// E13 (SUT = charging station): the CSMS answers a TransactionEvent with a CALLERROR (TC_E_50, TC_E_51) or not at all
// (TC_E_41, TC_E_42); the station sends the same message again after MessageAttemptInterval × the transmissions so
// far (plus, when unanswered, its OCPPCommCtrlr.MessageTimeout), up to MessageAttempts transmissions, or until one is
// answered, and then no more.
import { full, testCase, type CsContext, type CsTestCase } from '../../../../src/harness/test-case.js';
import { HOLD, Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import { Inconclusive } from '../../../../src/harness/verdicts.js';
import type { Payload } from '../../../../src/ocpp/frames.js';
import { authorizeLocally, info, newSession, plugIn, readSetting, readTxSettings } from '../../../shared/session-states.js';
import { establishSetting, type SettingName } from '../../../shared/settings.js';
import { MESSAGE_ATTEMPTS, MESSAGE_ATTEMPT_INTERVAL, prepareAuthorization } from './steps.js';

const INTERVAL_S = 1;
const MESSAGE_TIMEOUT: SettingName = { v16: '', component: 'OCPPCommCtrlr', variable: 'MessageTimeout', instance: 'Default' };

/** Steps 1-4 of the documents may come first: reports the harness answers normally. */
const optional = (c: ReceivedCall) => c.payload.triggerReason === 'SignedDataReceived'
  || (c.payload.triggerReason === 'ChargingStateChanged' && info(c).chargingState === 'SuspendedEVSE');

/**
 * How the harness fails a transmission: `error` answers a CALLERROR at once; `silence` never answers, so the station
 * waits its MessageTimeout before the interval starts.
 */
type Failure = 'error' | 'silence';

/**
 * The station's MessageTimeout (s) and a check that the whole scenario fits the test timeout: the transmissions'
 * waits plus the extra round that must stay quiet. A station whose timeout makes that longer is inconclusive here.
 */
async function messageTimeoutS(ctx: CsContext, attempts: number, transmissions: number, startedAt: number): Promise<number> {
  const value = Number(await readSetting(ctx.csms, '2.0.1', MESSAGE_TIMEOUT));
  if (!Number.isFinite(value) || value < 0) {
    throw new Inconclusive('the station reports no OCPPCommCtrlr.MessageTimeout: how long it waits for an unanswered TransactionEvent before the retry interval starts is unknown');
  }
  const { testTimeoutMs, callTimeoutMs, toleranceMs } = ctx.profile.timing;
  // Each transmission waits out the timeout and its interval; the quiet round after the last one waits once more.
  let needMs = 0;
  for (let k = 1; k < transmissions; k++) needMs += (value + INTERVAL_S * k) * 1000;
  needMs += (value + INTERVAL_S * attempts) * 1000 + callTimeoutMs + toleranceMs;
  const left = testTimeoutMs - (Date.now() - startedAt);
  if (needMs > left) {
    throw new Inconclusive(`the station's MessageTimeout of ${value} s makes the unanswered retries take about ${needMs} ms, more than the ${left} ms left of the test timeout (testTimeoutMs ${testTimeoutMs}): raise timing.testTimeoutMs to run this test case`);
  }
  return value;
}

async function retries(ctx: CsContext, o: { attempts: number; answerOn?: number; failure: Failure }): Promise<void> {
  const { csms, profile } = ctx;
  const startedAt = Date.now();
  const { attempts, answerOn, failure } = o;
  await csms.booted();
  await prepareAuthorization(csms);
  const expected = answerOn ?? attempts;
  const timeoutMs = failure === 'silence' ? (await messageTimeoutS(ctx, attempts, expected, startedAt)) * 1000 : 0;
  await establishSetting(csms, '2.0.1', MESSAGE_ATTEMPTS, String(attempts));
  await establishSetting(csms, '2.0.1', MESSAGE_ATTEMPT_INTERVAL, String(INTERVAL_S));
  const tx = await readTxSettings(csms, '2.0.1');
  const s = newSession(csms, profile.evses[0]!.id, tx);
  await authorizeLocally(ctx, s);
  if (s.txId === undefined && !['EVConnected', 'PowerPathClosed'].some((p) => tx.startPoints.includes(p))) {
    throw new Inconclusive(`with TxStartPoint ${tx.startPoints.join(',')} plugging in begins no transaction message the harness can follow with the one it fails`);
  }
  // Once the EV is plugged in: the first transaction message is the cable's (answered), the next is failed.
  let armed = false;
  let cableReported = false;
  let target: number | undefined;
  let transmissions = 0;
  csms.answer('TransactionEvent', (c) => {
    const normal = c.payload.idToken ? { idTokenInfo: { status: 'Accepted' } } : {};
    if (!armed || optional(c)) return normal;
    if (!cableReported) {
      cableReported = true;
      return normal;
    }
    target ??= Number(c.payload.seqNo);
    if (Number(c.payload.seqNo) !== target) return normal;
    transmissions++;
    if (transmissions === answerOn) return normal;
    if (failure === 'error') c.respondError('InternalError', 'the test fails this transaction message');
    return HOLD;
  });
  armed = true;
  await plugIn(ctx, s, 'preSession');
  const { toleranceMs, callTimeoutMs } = profile.timing;
  const isTarget = (p: Payload) => target !== undefined && Number(p.seqNo) === target;
  const unanswered = failure === 'silence' ? ` + MessageTimeout ${timeoutMs / 1000} s (left unanswered)` : '';
  let previous = await csms.expectCall('TransactionEvent', { where: isTarget, after: s.last })
    .catch(() => { throw new Verdict('after the cable event the station sent no further TransactionEvent for the test to fail (the energy start was expected)'); });
  for (let k = 2; k <= expected; k++) {
    const wait = timeoutMs + INTERVAL_S * 1000 * (k - 1);
    const how = failure === 'error' ? 'answered with a CALLERROR' : 'left unanswered';
    const again = await csms.expectCall('TransactionEvent', { where: isTarget, after: previous, within: wait + callTimeoutMs + toleranceMs })
      .catch(() => { throw new Verdict(`the TransactionEvent with seqNo ${target} was ${how} ${k - 1} time(s); the station must send it again (transmission ${k} of MessageAttempts ${attempts}) after about ${wait} ms`, 'E13.FR.02'); });
    const gap = again.at - previous.at;
    if (gap < wait - toleranceMs) throw new Verdict(`transmission ${k} of the failed TransactionEvent came ${gap} ms after the previous one; MessageAttemptInterval ${INTERVAL_S} s × ${k - 1} transmissions${unanswered} means ${wait} ms`, 'E13.FR.02');
    previous = again;
  }
  // One more round of the interval: nothing more of it may come.
  await csms.expectNoCall('TransactionEvent', timeoutMs + INTERVAL_S * 1000 * expected + toleranceMs, isTarget, previous)
    .catch((err: Error) => {
      throw new Verdict(answerOn
        ? `the station sent the TransactionEvent again after it was answered (${err.message})`
        : `the station sent the TransactionEvent more than MessageAttempts (${attempts}) times (${err.message})`, 'E13.FR.03');
    });
}

export const maxAttempts = testCase<CsTestCase>({
  useCase: 'E13', variant: 'max-attempts', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_50_CS'), actions: ['presentIdToken', 'plugIn'],
  title: 'A TransactionEvent always answered with a CALLERROR is sent MessageAttempts times, each after MessageAttemptInterval × the transmissions so far, then no more',
  killedBy: ['cs.tx-no-retry-after-error', 'cs.tx-retry-ignores-interval', 'cs.tx-retries-once-too-often'],
  run: (ctx) => retries(ctx, { attempts: 3, failure: 'error' }),
});

export const successSecond = testCase<CsTestCase>({
  useCase: 'E13', variant: 'success-second', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_51_CS'), actions: ['presentIdToken', 'plugIn'],
  title: 'A TransactionEvent answered with a CALLERROR, then answered on the second transmission, is sent exactly twice, the second after MessageAttemptInterval',
  killedBy: ['cs.tx-no-retry-after-error', 'cs.tx-retry-ignores-interval'],
  run: (ctx) => retries(ctx, { attempts: 3, answerOn: 2, failure: 'error' }),
});

// The unanswered variants use the fewest attempts their documents allow (> 1, > 2): each transmission waits out the
// station's MessageTimeout as well.
export const maxAttemptsUnanswered = testCase<CsTestCase>({
  useCase: 'E13', variant: 'max-attempts-unanswered', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_41_CS'), actions: ['presentIdToken', 'plugIn'],
  title: 'A TransactionEvent never answered is sent MessageAttempts times, each after MessageTimeout + MessageAttemptInterval × the transmissions so far, then no more',
  killedBy: ['cs.tx-no-retry-after-timeout', 'cs.tx-retry-ignores-interval', 'cs.tx-retries-once-too-often'],
  run: (ctx) => retries(ctx, { attempts: 2, failure: 'silence' }),
});

export const successSecondUnanswered = testCase<CsTestCase>({
  useCase: 'E13', variant: 'success-second-unanswered', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_42_CS'), actions: ['presentIdToken', 'plugIn'],
  title: 'A TransactionEvent left unanswered once, then answered on the second transmission, is sent exactly twice, the second after MessageTimeout + MessageAttemptInterval',
  killedBy: ['cs.tx-no-retry-after-timeout', 'cs.tx-retry-ignores-interval'],
  run: (ctx) => retries(ctx, { attempts: 3, answerOn: 2, failure: 'silence' }),
});
