// C09 authorization by GroupId: another token of the starting token's group stops the transaction (only when the
// CSMS accepts it); the CSMS names the group in every answer about those tokens.
import { full, partial, testCase, type CsContext, type CsTestCase, type CsmsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import type { Payload } from '../../../src/ocpp/frames.js';
import { establishSetting, writeSetting } from '../../shared/settings.js';
import { brief, endAfterStop, newSimTx, reportConnector, startEnergyTransfer } from '../../shared/session-states.js';
import {
  answerTokens, authorizeAtCsms, authorizeLocally, knownToken, nextSessionEvent, prepareAuthorization, preSession,
  presentExpectingAuthorize, requireNoTxEvent, requireTokenAnswer, simPreSession, txEvent,
} from '../../shared/authorization-steps.js';

/** EVConnectedPreSession, the valid token (of the configured group) authorizes, energy flows. */
async function chargeWithGroupToken(ctx: CsContext) {
  await ctx.csms.booted();
  await prepareAuthorization(ctx.csms);
  answerTokens(ctx.csms);
  const s = await preSession(ctx, ctx.profile.evses[0]!.id);
  await authorizeLocally(ctx, s, ctx.profile.idTokens.valid);
  await startEnergyTransfer(ctx, s);
  return s;
}

const docTokenNote = 'the document validates the first token in the Authorize of its step 6 where its manual action presents '
  + 'the other one: the harness expects the token presented';

/** TC_C_39_CS: valid starts, valid2 of the same group (Accepted) stops: StopAuthorized with the stopping token. */
export const groupStopCs = testCase<CsTestCase>({
  useCase: 'C09', variant: 'group-stop', ocpp: '2.0.1', sut: 'CS', actions: ['plugIn', 'presentIdToken', 'unplug'],
  octt: [partial('TC_C_39_CS', `${docTokenNote}, and accepts either token in the StopAuthorized event of step 8`)],
  title: 'Another token of the same group stops the transaction',
  killedBy: ['cs.group-stop-refused', 'cs.group-stop-names-starter'],
  async run(ctx) {
    const { csms, profile } = ctx;
    const s = await chargeWithGroupToken(ctx);
    const { valid, valid2 } = profile.idTokens;
    const authorize = await presentExpectingAuthorize(ctx, s.evseId, valid2, 'the driver presented another token of the group');
    const stopped = await nextSessionEvent(csms, s, authorize, `the CSMS accepted ${valid2} with the transaction's group: the station must stop the transaction (C09.FR.03)`);
    const what = `the TransactionEvent after the group token was accepted (${brief(stopped)})`;
    if (stopped.payload.triggerReason !== 'StopAuthorized') throw new Verdict(`${what}: triggerReason must be StopAuthorized`, 'C09.FR.03');
    const token = stopped.payload.idToken as Payload | undefined;
    if (!token || ![valid, valid2].includes(String(token.idToken)) || token.type !== profile.idTokens.type) {
      throw new Verdict(`${what}: idToken must name the token that stopped it (${valid2}, ${profile.idTokens.type})`);
    }
    await endAfterStop(ctx, { id: s.txId!, evseId: s.evseId, session: s, last: stopped }, stopped);
  },
});

/** TC_C_42_CS: a token of the same group that the CSMS answers Invalid must not stop the transaction. */
export const invalidGroupTokenCs = testCase<CsTestCase>({
  useCase: 'C09', variant: 'invalid-group-token', ocpp: '2.0.1', sut: 'CS', actions: ['plugIn', 'presentIdToken'],
  octt: [partial('TC_C_42_CS', docTokenNote)],
  title: 'A token of the same group answered Invalid does not stop the transaction',
  killedBy: ['cs.group-stop-ignores-status'],
  async run(ctx) {
    const { csms, profile } = ctx;
    const s = await chargeWithGroupToken(ctx);
    const { invalid, groupId } = profile.idTokens;
    answerTokens(csms, (t) => (t === invalid ? { status: 'Invalid', group: groupId } : knownToken(profile.idTokens, t)));
    const authorize = await presentExpectingAuthorize(ctx, s.evseId, invalid, 'the driver presented an invalid token of the group');
    await requireNoTxEvent(csms, authorize, `the CSMS answered ${invalid} Invalid: energy transfer of transaction ${s.txId} must go on`,
      (e) => (e.payload.transactionInfo as Payload | undefined)?.transactionId === s.txId, 'C09.FR.11');
  },
});

/**
 * TC_C_45_CS: a token of the master pass group is accepted by the CSMS but cannot start a transaction (C16.FR.03):
 * no Authorized TransactionEvent, and once the EV is connected no energy transfer.
 */
export const masterPassNoStartCs = testCase<CsTestCase>({
  useCase: 'C09', variant: 'master-pass-no-start', ocpp: '2.0.1', sut: 'CS', needs: ['C-08'], actions: ['plugIn', 'presentIdToken'],
  octt: [partial('TC_C_45_CS', 'TxStartPoint is set to Authorized where the station lets the CSMS write it; a station that keeps EVConnected in it is tested with its own value (its transaction then begins with the cable, and energy still must not flow); step 1 expects the master pass token the driver presented, where the document\'s validation names the valid token')],
  title: 'A master pass token does not start a transaction',
  killedBy: ['cs.master-pass-starts'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    await prepareAuthorization(csms);
    await establishSetting(csms, '2.0.1', { v16: '', component: 'AuthCtrlr', variable: 'MasterPassGroupId' }, profile.idTokens.masterPassGroupId);
    await writeSetting(csms, '2.0.1', { v16: '', component: 'TxCtrlr', variable: 'TxStartPoint' }, 'Authorized');
    answerTokens(csms);
    const evseId = profile.evses[0]!.id;
    const authorize = await presentExpectingAuthorize(ctx, evseId, profile.idTokens.masterPass, 'the driver presented the master pass token');
    await requireNoTxEvent(csms, authorize, 'a master pass token must not authorize a transaction', (e) => e.payload.triggerReason === 'Authorized', 'C16.FR.03');
    const s = await preSession(ctx, evseId);
    await requireNoTxEvent(csms, s.last!, 'after a master pass token the EV was connected: energy transfer must not start',
      (e) => e.payload.triggerReason === 'ChargingStateChanged' && (e.payload.transactionInfo as Payload | undefined)?.chargingState === 'Charging', 'C16.FR.03');
  },
});

// ---------------------------------------------------------------- SUT = CSMS

/**
 * TC_C_39_CSMS: two tokens of one group; every answer of the CSMS about them is Accepted with the configured group
 * (the steps present the tokens as the document orders them).
 */
export const groupCsms = testCase<CsmsTestCase>({
  useCase: 'C09', variant: 'group', ocpp: '2.0.1', sut: 'CSMS',
  octt: full('TC_C_39_CSMS'),
  title: 'The CSMS names the group of two tokens that share it',
  killedBy: ['csms.no-group-id'],
  async run({ station, profile }) {
    await station.booted();
    const { valid, valid2, groupId } = profile.idTokens;
    const t = newSimTx(profile.evses[0]!.id);
    await simPreSession(station, t);
    requireTokenAnswer(await authorizeAtCsms(station, valid2), `Authorize for ${valid2}`, ['Accepted'], groupId, 'C09.FR.02');
    requireTokenAnswer(await txEvent(station, t, { eventType: 'Updated', trigger: 'Authorized', token: valid }),
      `the TransactionEvent Authorized with ${valid}`, ['Accepted'], groupId, 'C09.FR.02');
    await txEvent(station, t, { eventType: 'Updated', trigger: 'ChargingStateChanged', chargingState: 'Charging' }); // EnergyTransferStarted
    requireTokenAnswer(await authorizeAtCsms(station, valid2), `the second Authorize for ${valid2}`, ['Accepted'], groupId, 'C09.FR.02');
    requireTokenAnswer(await txEvent(station, t, { eventType: 'Updated', trigger: 'StopAuthorized', token: valid2, chargingState: 'Charging' }),
      `the TransactionEvent StopAuthorized with ${valid2}`, ['Accepted'], groupId, 'C09.FR.03');
    // EVConnectedPostSession and EVDisconnected.
    await txEvent(station, t, { eventType: 'Updated', trigger: 'ChargingStateChanged', chargingState: 'EVConnected' });
    await reportConnector(station, t.evseId, 'Available');
    await txEvent(station, t, { eventType: 'Ended', trigger: 'EVCommunicationLost', chargingState: 'Idle', stoppedReason: 'EVDisconnected' });
  },
});
