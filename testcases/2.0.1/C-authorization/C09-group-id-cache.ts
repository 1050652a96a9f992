// C09 authorization by GroupId with the tokens in the authorization cache (TC_C_41_CS, TC_C_44_CS): the station
// cached the tokens (and their group) from earlier answers of the CSMS; a token of the starting token's group stops
// the transaction only while it is Accepted.
import { full, partial, testCase, type CsContext, type CsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import type { Payload } from '../../../src/ocpp/frames.js';
import { expectAuthorize, expectAuthorizedEvent, present, tokenCached } from '../../shared/auth-cache-steps.js';
import { answerTokens, knownToken, nextSessionEvent, prepareAuthorization, requireNoTxEvent, type TokenVerdict } from '../../shared/authorization-steps.js';
import { AUTH_CACHE_ENABLED, LOCAL_PRE_AUTHORIZE, setIfImplemented } from '../../shared/local-list-steps.js';
import { brief, endAfterStop, newSession, plugIn, readTxSettings, startEnergyTransfer, type Session } from '../../shared/session-states.js';

const ocpp = '2.0.1' as const;
const CACHE_POST_AUTHORIZE = { v16: '', component: 'AuthCacheCtrlr', variable: 'DisablePostAuthorize' };

/**
 * Preparation, IdTokenCached for the valid token and `second`, EVConnectedPreSession, the valid token presented
 * (step 1: Authorized with the token, Updated or Started) and EnergyTransferStarted.
 */
async function chargeFromCache(ctx: CsContext, second: string, decide: (t: unknown) => TokenVerdict, postAuthorize?: 'false'): Promise<Session> {
  const { csms, profile } = ctx;
  await csms.booted();
  await prepareAuthorization(csms);
  answerTokens(csms, decide);
  await setIfImplemented(csms, ocpp, AUTH_CACHE_ENABLED, 'true');
  await setIfImplemented(csms, ocpp, LOCAL_PRE_AUTHORIZE, 'true');
  if (postAuthorize) await setIfImplemented(csms, ocpp, CACHE_POST_AUTHORIZE, postAuthorize);
  const evseId = profile.evses[0]!.id;
  await tokenCached(ctx, evseId, profile.idTokens.valid);
  await tokenCached(ctx, evseId, second, decide(second).status === 'Accepted');
  const s = newSession(csms, evseId, await readTxSettings(csms, ocpp));
  await plugIn(ctx, s, 'preSession');
  const since = await present(ctx, s, profile.idTokens.valid);
  await expectAuthorizedEvent(csms, s, profile.idTokens.valid, since);
  await startEnergyTransfer(ctx, s);
  return s;
}

export const groupStopFromCache = testCase<CsTestCase>({
  useCase: 'C09', variant: 'group-stop-cache', ocpp, sut: 'CS', needs: ['C-49'], actions: ['plugIn', 'presentIdToken', 'unplug'],
  octt: [partial('TC_C_41_CS', `step 4 validates the first token in the StopAuthorized event where the driver presented the second: the harness accepts either (with the configured type)`)],
  title: 'Tokens of one group in the authorization cache: the second token stops the transaction the first started (StopAuthorized)',
  killedBy: ['cs.group-stop-refused'],
  async run(ctx) {
    const { csms, profile } = ctx;
    const { valid, valid2 } = profile.idTokens;
    const s = await chargeFromCache(ctx, valid2, (t) => knownToken(profile.idTokens, t));
    const since = await present(ctx, s, valid2);
    const stopped = await nextSessionEvent(csms, s, since, `${valid2} is cached Accepted with the transaction's group: the station must stop the transaction (C09.FR.03)`);
    const what = `the TransactionEvent after the group token was presented (${brief(stopped)})`;
    if (stopped.payload.triggerReason !== 'StopAuthorized') throw new Verdict(`${what}: triggerReason must be StopAuthorized`, 'C09.FR.03');
    const token = stopped.payload.idToken as Payload | undefined;
    if (!token || ![valid, valid2].includes(String(token.idToken)) || token.type !== profile.idTokens.type) {
      throw new Verdict(`${what}: idToken must name the token of the stop (${valid2}, ${profile.idTokens.type})`);
    }
    await endAfterStop(ctx, { id: s.txId!, evseId: s.evseId, session: s, last: stopped }, stopped);
  },
});

export const invalidGroupTokenFromCache = testCase<CsTestCase>({
  useCase: 'C09', variant: 'invalid-group-token-cache', ocpp, sut: 'CS', needs: ['C-49'], actions: ['plugIn', 'presentIdToken', 'unplug'],
  octt: full('TC_C_44_CS'),
  title: 'A token of the group cached Invalid is asked for again (AuthorizeRequest); answered Invalid it does not stop the transaction',
  killedBy: ['cs.group-stop-ignores-status', 'cs.cache-accepts-blocked'],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    const { invalid, groupId } = profile.idTokens;
    const decide = (t: unknown): TokenVerdict => (t === invalid ? { status: 'Invalid', group: groupId } : knownToken(profile.idTokens, t));
    const s = await chargeFromCache(ctx, invalid, decide, 'false');
    const since = await present(ctx, s, invalid);
    const authorize = await expectAuthorize(csms, invalid, since, 'the token is cached Invalid and DisablePostAuthorize is false', 'C12.FR.05');
    await requireNoTxEvent(csms, authorize, `the CSMS answered ${invalid} Invalid: transaction ${s.txId} must go on`,
      (e) => (e.payload.transactionInfo as Payload | undefined)?.transactionId === s.txId, 'C09.FR.11');
    await sut.act('unplug', { evse: s.evseId });
  },
});
