// 1.6 authorization of an idTag presented at the Charge Point: an Invalid answer starts nothing (TC_023_CS), only
// the starting idTag stops the transaction (TC_068_CS), and the Central System refuses invalid, expired and blocked
// idTags (TC_023_1/2/3_CSMS).
import { full, partial, testCase, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { writeSetting, establishSetting } from '../../shared/settings.js';
import { afterMark, brief, charging, expectConnectorStatus, markOf } from '../../shared/session-states.js';
import { answerTokens, authorizeAtCsms, knownToken, presentExpectingAuthorize, requireTokenAnswer } from '../../shared/authorization-steps.js';

/** TC_023_CS: cable in (Preparing), an invalid idTag answered Invalid: no StartTransaction. */
export const invalidCs = testCase<CsTestCase>({
  useCase: 'C01', variant: 'invalid', ocpp: '1.6', sut: 'CS', octt: full('TC_023_CS'), actions: ['plugIn', 'presentIdToken'],
  title: 'An idTag answered Invalid does not start a transaction',
  killedBy: ['cs.auth-starts-when-refused'],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    await csms.booted();
    // MinimumStatusDuration is optional: a Charge Point without it reports statuses at once, which changes nothing here.
    await writeSetting(csms, '1.6', { v16: 'MinimumStatusDuration', component: '', variable: '' }, '10');
    await establishSetting(csms, '1.6', { v16: 'LocalPreAuthorize', component: '', variable: '' }, 'true');
    answerTokens(csms);
    const connectorId = profile.evses[0]!.id;
    const since = markOf(csms);
    await sut.act('plugIn', { evse: connectorId });
    await expectConnectorStatus(csms, connectorId, 1, 'Preparing', since, 'after the cable was plugged in');
    const authorize = await presentExpectingAuthorize(ctx, connectorId, profile.idTokens.invalid, 'the driver presented an invalid idTag');
    await csms.expectNoCall('StartTransaction', profile.timing.quietMs, undefined, authorize)
      .catch((err: Error) => { throw new Verdict(`the idTag was answered Invalid: the Charge Point must not start a transaction (${err.message})`, 'OCPP 1.6 5.3'); });
  },
});

/**
 * TC_068_CS: Charging; another idTag (with no common parent) does not stop the transaction; the starting idTag does:
 * StopTransaction with that idTag and the connector Finishing, in either order.
 */
export const sameIdTagStopsCs = testCase<CsTestCase>({
  useCase: 'C01', variant: 'stop-same-idtag', ocpp: '1.6', sut: 'CS', actions: ['plugIn', 'presentIdToken'],
  octt: [partial('TC_068_CS', 'step 1 says the Charge Point sends no Authorize.req for the other idTag; OCPP 1.6 lets it ask for the idTag\'s parentIdTag (TC_069_CS depends on that), so the harness answers such an Authorize (Accepted, no common parent) instead of failing it')],
  title: 'Only the idTag that started the transaction (or its group) stops it',
  killedBy: ['cs.any-token-stops'],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    await csms.booted();
    const c = await charging(ctx, profile.evses[0]!.id);
    const { valid, valid2 } = profile.idTokens;
    answerTokens(csms, (t) => (t === valid2 ? { status: 'Accepted' } : knownToken(profile.idTokens, t)));
    const other = markOf(csms);
    await sut.act('presentIdToken', { evse: c.evseId, idToken: valid2 });
    const early = await csms.firstUnwanted((x) => x.action === 'StopTransaction', profile.timing.quietMs, afterMark(other));
    if (early) throw new Verdict(`${valid2} did not start the transaction and shares no parentIdTag with ${valid}: the Charge Point must not stop it, but sent ${brief(early)}`);
    const since = markOf(csms);
    await sut.act('presentIdToken', { evse: c.evseId, idToken: valid });
    const stop = await csms.expectCall('StopTransaction', { after: afterMark(since) })
      .catch(() => { throw new Verdict(`the idTag that started the transaction was presented again: the Charge Point must send StopTransaction within ${profile.timing.callTimeoutMs} ms`); });
    if (String(stop.payload.transactionId) !== c.id || stop.payload.idTag !== valid) {
      throw new Verdict(`StopTransaction must name transaction ${c.id} and the idTag ${valid} that started it, got ${brief(stop)}`);
    }
    await expectConnectorStatus(csms, c.evseId, 1, 'Finishing', since, 'the transaction stopped with the cable still in');
  },
});

// ---------------------------------------------------------------- SUT = Central System

function refusedByCsms(variant: string, which: 'invalid' | 'expired' | 'blocked', status: string, killedBy: string, octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'C01', variant, ocpp: '1.6', sut: 'CSMS', octt,
    title: `The Central System answers the ${which} idTag ${status}`,
    killedBy: [killedBy],
    async run({ station, profile }) {
      await station.booted();
      const token = profile.idTokens[which];
      requireTokenAnswer(await authorizeAtCsms(station, token), `Authorize for the ${which} idTag ${token}`, [status]);
    },
  });
}

export const invalidCsms = refusedByCsms('invalid', 'invalid', 'Invalid', 'csms.accepts-unknown-token', full('TC_023_1_CSMS'));
export const expiredCsms = refusedByCsms('expired', 'expired', 'Expired', 'csms.accepts-expired-token', full('TC_023_2_CSMS'));
export const blockedCsms = refusedByCsms('blocked', 'blocked', 'Blocked', 'csms.accepts-blocked-token', full('TC_023_3_CSMS'));
