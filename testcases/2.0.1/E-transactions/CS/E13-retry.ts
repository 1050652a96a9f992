// E13 (SUT = charging station): the CSMS answers a TransactionEvent with a CALLERROR; the station sends the same
// message again after MessageAttemptInterval × the transmissions so far, up to MessageAttempts transmissions
// (TC_E_50), or until one is answered (TC_E_51), and then no more.
import { full, testCase, type CsContext, type CsTestCase } from '../../../../src/harness/test-case.js';
import { HOLD, Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import { Inconclusive } from '../../../../src/harness/verdicts.js';
import type { Payload } from '../../../../src/ocpp/frames.js';
import { authorizeLocally, info, newSession, plugIn, readTxSettings } from '../../../shared/session-states.js';
import { establishSetting } from '../../../shared/settings.js';
import { MESSAGE_ATTEMPTS, MESSAGE_ATTEMPT_INTERVAL, prepareAuthorization } from './steps.js';

const ATTEMPTS = 3;
const INTERVAL_S = 1;

/** Steps 1-4 of the documents may come first: reports the harness answers normally. */
const optional = (c: ReceivedCall) => c.payload.triggerReason === 'SignedDataReceived'
  || (c.payload.triggerReason === 'ChargingStateChanged' && info(c).chargingState === 'SuspendedEVSE');

async function retries(ctx: CsContext, answerOn: number | undefined): Promise<void> {
  const { csms, profile } = ctx;
  await csms.booted();
  await prepareAuthorization(csms);
  await establishSetting(csms, '2.0.1', MESSAGE_ATTEMPTS, String(ATTEMPTS));
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
    c.respondError('InternalError', 'the test fails this transaction message');
    return HOLD;
  });
  armed = true;
  await plugIn(ctx, s, 'preSession');
  const expected = answerOn ?? ATTEMPTS;
  const { toleranceMs, callTimeoutMs } = profile.timing;
  const isTarget = (p: Payload) => target !== undefined && Number(p.seqNo) === target;
  let previous = await csms.expectCall('TransactionEvent', { where: isTarget, after: s.last })
    .catch(() => { throw new Verdict('after the cable event the station sent no further TransactionEvent for the test to fail (the energy start was expected)'); });
  for (let k = 2; k <= expected; k++) {
    const wait = INTERVAL_S * 1000 * (k - 1);
    const again = await csms.expectCall('TransactionEvent', { where: isTarget, after: previous, within: wait + callTimeoutMs + toleranceMs })
      .catch(() => { throw new Verdict(`the TransactionEvent with seqNo ${target} was answered with a CALLERROR ${k - 1} time(s); the station must send it again (transmission ${k} of MessageAttempts ${ATTEMPTS}) after about ${wait} ms`, 'E13.FR.02'); });
    const gap = again.at - previous.at;
    if (gap < wait - toleranceMs) throw new Verdict(`transmission ${k} of the failed TransactionEvent came ${gap} ms after the previous one; MessageAttemptInterval ${INTERVAL_S} s × ${k - 1} transmissions means ${wait} ms`, 'E13.FR.02');
    previous = again;
  }
  // One more round of the interval: nothing more of it may come.
  await csms.expectNoCall('TransactionEvent', INTERVAL_S * 1000 * expected + toleranceMs, isTarget, previous)
    .catch((err: Error) => {
      throw new Verdict(answerOn
        ? `the station sent the TransactionEvent again after it was answered (${err.message})`
        : `the station sent the TransactionEvent more than MessageAttempts (${ATTEMPTS}) times (${err.message})`, 'E13.FR.03');
    });
}

export const maxAttempts = testCase<CsTestCase>({
  useCase: 'E13', variant: 'max-attempts', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_50_CS'), actions: ['presentIdToken', 'plugIn'],
  title: 'A TransactionEvent always answered with a CALLERROR is sent MessageAttempts times, each after MessageAttemptInterval × the transmissions so far, then no more',
  killedBy: ['cs.tx-no-retry-after-error', 'cs.tx-retry-ignores-interval'],
  run: (ctx) => retries(ctx, undefined),
});

export const successSecond = testCase<CsTestCase>({
  useCase: 'E13', variant: 'success-second', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_51_CS'), actions: ['presentIdToken', 'plugIn'],
  title: 'A TransactionEvent answered with a CALLERROR, then answered on the second transmission, is sent exactly twice, the second after MessageAttemptInterval',
  killedBy: ['cs.tx-no-retry-after-error', 'cs.tx-retry-ignores-interval'],
  run: (ctx) => retries(ctx, 2),
});
