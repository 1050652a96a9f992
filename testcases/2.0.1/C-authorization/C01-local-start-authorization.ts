// C01 authorization of a token presented at the station: what the station does with the CSMS's refusals and with
// another token during a transaction (SUT = CS), and what the CSMS answers for tokens it refuses (SUT = CSMS).
import { full, testCase, type CsContext, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../../src/harness/test-case.js';
import { charging } from '../../shared/session-states.js';
import {
  answerTokens, authorizeAtCsms, knownToken, prepareAuthorization, preSession, presentExpectingAuthorize, requireNoTxEvent,
  requireTokenAnswer,
} from '../../shared/authorization-steps.js';

type Which = 'invalid' | 'blocked' | 'expired';

/**
 * TC_C_02/06/07/56_CS: EVConnectedPreSession, the driver presents a token, the harness answers Authorize with a
 * refusal; the station must not go on with the transaction (no TransactionEvent after the Authorize).
 */
function refusedAtStart(variant: string, which: Which, status: string, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'C01', variant, ocpp: '2.0.1', sut: 'CS', octt, actions: ['plugIn', 'presentIdToken'],
    title: `A token the CSMS answers ${status} does not authorize charging`,
    killedBy: ['cs.auth-starts-when-refused'],
    async run(ctx: CsContext) {
      const { csms, profile } = ctx;
      await csms.booted();
      await prepareAuthorization(csms);
      const token = profile.idTokens[which];
      answerTokens(csms, (t) => (t === token ? { status } : knownToken(profile.idTokens, t)));
      const s = await preSession(ctx, profile.evses[0]!.id);
      const authorize = await presentExpectingAuthorize(ctx, s.evseId, token, `the driver presented the ${which} token`);
      await requireNoTxEvent(csms, authorize, `the CSMS answered the token ${status}: the station must not send a TransactionEvent after the Authorize`,
        undefined, 'C01.FR.02');
    },
  });
}

export const invalidCs = refusedAtStart('invalid', 'invalid', 'Invalid', full('TC_C_02_CS'));
export const blockedCs = refusedAtStart('blocked', 'blocked', 'Blocked', full('TC_C_06_CS'));
export const expiredCs = refusedAtStart('expired', 'expired', 'Expired', full('TC_C_07_CS'));
export const unknownCs = refusedAtStart('unknown', 'invalid', 'Unknown', full('TC_C_56_CS'));

/**
 * TC_C_04_CS: during EnergyTransferStarted the driver presents a different token, not of the starting token's group;
 * the CSMS accepts it, but it must not stop the transaction: no TransactionEvent with an idToken, no Ended.
 */
export const differentTokenCs = testCase<CsTestCase>({
  useCase: 'C01', variant: 'different-token-stop', ocpp: '2.0.1', sut: 'CS', octt: full('TC_C_04_CS'), actions: ['plugIn', 'presentIdToken'],
  title: 'A different token (not of the group) does not stop the transaction',
  killedBy: ['cs.any-token-stops'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    await prepareAuthorization(csms);
    const c = await charging(ctx, profile.evses[0]!.id);
    const other = profile.idTokens.valid2;
    // Accepted, but with no group: it has nothing in common with the starting token.
    answerTokens(csms, (t) => (t === other ? { status: 'Accepted' } : knownToken(profile.idTokens, t)));
    const authorize = await presentExpectingAuthorize(ctx, c.evseId, other, 'the driver presented a different token during the transaction');
    await requireNoTxEvent(csms, authorize, `a token other than the starting one was presented: transaction ${c.id} must go on`,
      (e) => e.payload.idToken !== undefined || e.payload.eventType === 'Ended', 'C01.FR.03');
  },
});

// ---------------------------------------------------------------- SUT = CSMS

/** TC_C_02/06/07_CSMS: Authorize with a token the CSMS must refuse; the answer's status must say so. */
function refusedByCsms(variant: string, which: Which, statuses: string[], killedBy: string, octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'C01', variant, ocpp: '2.0.1', sut: 'CSMS', octt,
    title: `The CSMS answers the ${which} token ${statuses.join(' or ')}`,
    killedBy: [killedBy],
    async run({ station, profile }) {
      await station.booted();
      const token = profile.idTokens[which];
      requireTokenAnswer(await authorizeAtCsms(station, token), `Authorize for the ${which} token ${token}`, statuses, undefined, 'C01.FR.07');
    },
  });
}

export const invalidCsms = refusedByCsms('invalid', 'invalid', ['Invalid', 'Unknown'], 'csms.accepts-unknown-token', full('TC_C_02_CSMS'));
export const blockedCsms = refusedByCsms('blocked', 'blocked', ['Blocked', 'Invalid'], 'csms.accepts-blocked-token', full('TC_C_06_CSMS'));
export const expiredCsms = refusedByCsms('expired', 'expired', ['Expired', 'Invalid'], 'csms.accepts-expired-token', full('TC_C_07_CSMS'));


/**
 * TC_C_05_CS: a station whose cable lock keeps the driver from connecting before authorization (AQ-2). The driver
 * presents the invalid token with no cable in; the harness answers Invalid; the station must not send a
 * TransactionEvent after the Authorize (nothing may start, the lock stays closed).
 */
export const invalidCableLockCs = testCase<CsTestCase>({
  useCase: 'C01', variant: 'invalid-cable-lock', ocpp: '2.0.1', sut: 'CS', octt: full('TC_C_05_CS'), actions: ['presentIdToken'],
  needs: ['AQ-2'],
  title: 'With a cable lock, a token the CSMS answers Invalid starts nothing',
  killedBy: ['cs.auth-starts-when-refused'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    await prepareAuthorization(csms);
    const token = profile.idTokens.invalid;
    answerTokens(csms, (t) => (t === token ? { status: 'Invalid' } : knownToken(profile.idTokens, t)));
    const authorize = await presentExpectingAuthorize(ctx, profile.evses[0]!.id, token, 'the driver presented the invalid token at the locked socket');
    await requireNoTxEvent(csms, authorize, 'the CSMS answered the token Invalid: the station must not send a TransactionEvent after the Authorize',
      undefined, 'C01.FR.02');
  },
});
