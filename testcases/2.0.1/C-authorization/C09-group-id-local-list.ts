// C09 authorization by GroupId with the local authorization list, charging station as SUT (TC_C_40_CS, TC_C_43_CS):
// both tokens of the group are on the list; the second one stops the transaction only when it is Accepted.
import { partial, testCase, type CsContext, type CsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import type { Payload } from '../../../src/ocpp/frames.js';
import { expectAuthorize, expectAuthorizedEvent, present } from '../../shared/auth-cache-steps.js';
import { answerTokens, knownToken, preSession, requireNoTxEvent } from '../../shared/authorization-steps.js';
import { LOCAL_PRE_AUTHORIZE, enableLocalList, setIfImplemented } from '../../shared/local-list-steps.js';
import { brief, endAfterStop, markOf, startEnergyTransfer, type Session } from '../../shared/session-states.js';

const ocpp = '2.0.1' as const;

/** Both tokens on the list with the group; EVConnectedPreSession; the valid token authorizes from the list; energy. */
async function chargeFromList(ctx: CsContext, second: { token: string; status: string }): Promise<Session> {
  const { csms, profile } = ctx;
  const { valid, groupId, type } = profile.idTokens;
  await csms.booted();
  await enableLocalList(csms, ocpp);
  await setIfImplemented(csms, ocpp, LOCAL_PRE_AUTHORIZE, 'true');
  answerTokens(csms, (t) => (t === second.token ? { status: second.status, group: groupId } : knownToken(profile.idTokens, t)));
  const info = (status: string) => ({ status, groupIdToken: { idToken: groupId, type: 'Central' } });
  await csms.call('SendLocalList', {
    versionNumber: 6, updateType: 'Full', localAuthorizationList: [
      { idToken: { idToken: valid, type }, idTokenInfo: info('Accepted') },
      { idToken: { idToken: second.token, type }, idTokenInfo: info(second.status) },
    ],
  }).then((a) => { if (a.status !== 'Accepted') throw new Verdict(`SendLocalList Full with the two tokens of the group must be Accepted, got ${String(a.status)}`, 'D01.FR.02'); });
  const s = await preSession(ctx, profile.evses[0]!.id);
  const since = await present(ctx, s, valid);
  await expectAuthorizedEvent(csms, s, valid, since);
  await startEnergyTransfer(ctx, s);
  return s;
}

export const groupStopFromList = testCase<CsTestCase>({
  useCase: 'C09', variant: 'group-stop-local-list', ocpp, sut: 'CS', octt: [partial('TC_C_40_CS', 'step 4 takes either token in the StopAuthorized event (the document names the starting token where the second one stops) and eventType Updated or Ended (a station whose TxStopPoint holds Authorized ends the transaction there)')], needs: ['LA-1'],
  actions: ['plugIn', 'presentIdToken', 'unplug'],
  title: 'With both tokens of a group on the local list, the second token stops the transaction the first started (StopAuthorized)',
  killedBy: ['cs.group-stop-refused'],
  async run(ctx) {
    const { csms, profile } = ctx;
    const { valid, valid2 } = profile.idTokens;
    const s = await chargeFromList(ctx, { token: valid2, status: 'Accepted' });
    const since = await present(ctx, s, valid2);
    const stopped = await csms.expectCall('TransactionEvent', { after: since ?? 0, where: { triggerReason: 'StopAuthorized' } })
      .catch(() => { throw new Verdict(`${valid2} is on the local list, Accepted and of the transaction's group: it must stop the transaction (StopAuthorized)`, 'C09.FR.03'); });
    const token = stopped.payload.idToken as Payload | undefined;
    if (!token || ![valid, valid2].includes(String(token.idToken))) throw new Verdict(`the StopAuthorized event must name the stopping token, got ${brief(stopped)}`);
    await endAfterStop(ctx, { id: s.txId!, evseId: s.evseId, session: s, last: stopped }, stopped);
  },
});

export const invalidGroupTokenFromList = testCase<CsTestCase>({
  useCase: 'C09', variant: 'invalid-group-token-local-list', ocpp, sut: 'CS', octt: [partial('TC_C_43_CS', 'step 4 expects the token presented (the document validates the valid one where the invalid one is presented); step 6 takes eventType Updated or Ended, and an event without idToken (the token that stopped is the one that started)')], needs: ['LA-1'],
  actions: ['plugIn', 'presentIdToken', 'unplug'],
  title: 'A token of the group that the local list holds as Invalid is sent to the CSMS (Authorize, answered Invalid) and does not stop the transaction',
  killedBy: ['cs.group-stop-ignores-status', 'cs.local-list-accepts-blocked'],
  async run(ctx) {
    const { csms, profile } = ctx;
    const { invalid } = profile.idTokens;
    const s = await chargeFromList(ctx, { token: invalid, status: 'Invalid' });
    const since = markOf(csms);
    await present(ctx, s, invalid);
    const authorize = await expectAuthorize(csms, invalid, since, 'the local list holds the token as Invalid and DisablePostAuthorize is false');
    await requireNoTxEvent(csms, authorize, `the CSMS answered ${invalid} Invalid: transaction ${s.txId} must go on`,
      (e) => (e.payload.transactionInfo as Payload | undefined)?.transactionId === s.txId, 'C09.FR.11');
    // Step 6: the starting token stops the transaction.
    const again = await present(ctx, s, profile.idTokens.valid);
    const stopped = await csms.expectCall('TransactionEvent', { after: again ?? 0, where: { triggerReason: 'StopAuthorized' } })
      .catch(() => { throw new Verdict('the starting token presented again must stop the transaction (StopAuthorized)'); });
    const named = (stopped.payload.idToken as Payload | undefined)?.idToken;
    if (named !== undefined && named !== profile.idTokens.valid) throw new Verdict(`the StopAuthorized event must name the token that stopped it, ${profile.idTokens.valid}, got ${brief(stopped)}`);
    await endAfterStop(ctx, { id: s.txId!, evseId: s.evseId, session: s, last: stopped }, stopped);
  },
});
