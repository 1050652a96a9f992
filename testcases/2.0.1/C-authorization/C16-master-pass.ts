// C16 stop transactions with a master pass: a token whose group is AuthCtrlr.MasterPassGroupId stops the running
// transactions with stoppedReason MasterPass (SUT = CS, a station without a user interface; with one, C-07, the
// transactions its holder chooses on the UI); the CSMS names the master
// pass group when asked about that token (SUT = CSMS).
import { full, partial, testCase, type CsContext, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../src/harness/peer.js';
import type { Payload } from '../../../src/ocpp/frames.js';
import { establishSetting } from '../../shared/settings.js';
import { brief, endAfterStop, info, newSimTx, type Session, type SimTx } from '../../shared/session-states.js';
import {
  answerTokens, authorizeAtCsms, chargeLocally, nextSessionEvent, prepareAuthorization, presentExpectingAuthorize,
  requireNoTxEvent, requireTokenAnswer, simChargingWith, txEvent,
} from '../../shared/authorization-steps.js';

const MASTER_PASS_GROUP = { v16: '', component: 'AuthCtrlr', variable: 'MasterPassGroupId' };

/**
 * TC_C_49_CS: EnergyTransferStarted on EVSE 1 (valid token) and EVSE 2 (valid2, when there is one); the master pass
 * token is presented and accepted with the master pass group: every transaction ends with stoppedReason MasterPass,
 * idToken absent or the master pass token; then EVConnectedPostSession and EVDisconnected on each EVSE.
 */
export const masterPassStopsAllCs = testCase<CsTestCase>({
  useCase: 'C16', variant: 'without-ui', ocpp: '2.0.1', sut: 'CS', needs: ['C-08'], actions: ['plugIn', 'presentIdToken', 'unplug'],
  octt: full('TC_C_49_CS'),
  title: 'A master pass token stops every transaction with reason MasterPass',
  killedBy: ['cs.master-pass-ignored', 'cs.master-pass-wrong-reason'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    await prepareAuthorization(csms);
    await establishSetting(csms, '2.0.1', MASTER_PASS_GROUP, profile.idTokens.masterPassGroupId);
    answerTokens(csms);
    const evses = profile.evses.slice(0, 2);
    const sessions = [];
    for (const [i, evse] of evses.entries()) sessions.push(await chargeLocally(ctx, evse.id, i === 0 ? profile.idTokens.valid : profile.idTokens.valid2));
    const authorize = await presentExpectingAuthorize(ctx, evses[0]!.id, profile.idTokens.masterPass, 'the master pass token was presented');
    for (const s of sessions) await masterPassEnds(ctx, s, authorize, `the CSMS accepted the master pass token: transaction ${s.txId} on EVSE ${s.evseId} must stop (C16.FR.02)`);
  },
});

/**
 * Steps 3-6 for one transaction the master pass stops: its TransactionEvent after `after`, then EVConnectedPostSession
 * and EVDisconnected; the event with the stoppedReason must say MasterPass and carry no idToken or the master pass token.
 */
async function masterPassEnds(ctx: CsContext, s: Session, after: ReceivedCall, why: string, requirement = 'C16.FR.02'): Promise<void> {
  const { csms, profile } = ctx;
  const master = profile.idTokens.masterPass;
  const stopped = await nextSessionEvent(csms, s, after, why);
  const { ended } = await endAfterStop(ctx, { id: s.txId!, evseId: s.evseId, session: s, last: stopped }, stopped, 'MasterPass');
  const reasoned = [stopped, ended].find((e) => info(e).stoppedReason !== undefined) ?? ended;
  const what = `the TransactionEvent that ends transaction ${s.txId} (${brief(reasoned)})`;
  if (info(reasoned).stoppedReason !== 'MasterPass') throw new Verdict(`${what}: transactionInfo.stoppedReason must be MasterPass`, requirement);
  const token = reasoned.payload.idToken as Payload | undefined;
  if (token && (token.idToken !== master || token.type !== profile.idTokens.type)) {
    throw new Verdict(`${what}: idToken must be absent or the master pass token ${master} (${profile.idTokens.type})`);
  }
}

const WITH_UI_MISSING = 'the reusable state EnergyTransferStarted is reached on EVSE 1 and 2 only (the profile names two valid tokens)';

/**
 * TC_C_47_CS / TC_C_48_CS: a station with a user interface (C-07). EnergyTransferStarted on EVSE 1 and 2, the master
 * pass token presented and accepted with the master pass group; its holder then chooses on the UI to stop all
 * transactions (each must end with stoppedReason MasterPass) or only the one on EVSE 1 (it alone ends; the others
 * must go on transferring energy).
 */
function masterPassWithUiCs(all: boolean) {
  return testCase<CsTestCase>({
    useCase: 'C16', variant: all ? 'with-ui-all' : 'with-ui-one', ocpp: '2.0.1', sut: 'CS', needs: ['C-07'],
    actions: ['plugIn', 'presentIdToken', 'masterPassSelect', 'unplug'],
    octt: [partial(all ? 'TC_C_47_CS' : 'TC_C_48_CS', WITH_UI_MISSING)],
    title: all ? 'A master pass holder who chooses all transactions on the UI stops every one with reason MasterPass'
      : 'A master pass holder who chooses one transaction on the UI stops only that one',
    killedBy: all ? ['cs.master-pass-wrong-reason', 'cs.master-pass-ui-stops-first'] : ['cs.master-pass-wrong-reason', 'cs.master-pass-ui-stops-all'],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      await prepareAuthorization(csms);
      await establishSetting(csms, '2.0.1', MASTER_PASS_GROUP, profile.idTokens.masterPassGroupId);
      answerTokens(csms);
      const evses = profile.evses.slice(0, 2);
      const sessions: Session[] = [];
      for (const [i, evse] of evses.entries()) sessions.push(await chargeLocally(ctx, evse.id, i === 0 ? profile.idTokens.valid : profile.idTokens.valid2));
      const authorize = await presentExpectingAuthorize(ctx, evses[0]!.id, profile.idTokens.masterPass, 'the master pass token was presented');
      await sut.act('masterPassSelect', all ? {} : { evse: evses[0]!.id });
      const chosen = all ? sessions : sessions.slice(0, 1);
      for (const s of chosen) {
        await masterPassEnds(ctx, s, authorize, `the master pass holder chose to stop ${all ? 'all transactions' : `the transaction on EVSE ${s.evseId}`}: `
          + `transaction ${s.txId} must stop (C16.FR.01)`, 'C16.FR.01');
      }
      const others = new Set(sessions.slice(chosen.length).map((s) => s.txId));
      if (!others.size) return;
      // Post-scenario: every other EVSE still transfers energy.
      await requireNoTxEvent(csms, authorize, `only the transaction on EVSE ${evses[0]!.id} was chosen: the others must go on transferring energy`,
        (e) => others.has(String(info(e).transactionId)) && (e.payload.eventType === 'Ended' || (info(e).chargingState ?? 'Charging') !== 'Charging'), 'C16.FR.01');
    },
  });
}

export const masterPassWithUiAllCs = masterPassWithUiCs(true);
export const masterPassWithUiOneCs = masterPassWithUiCs(false);

// ---------------------------------------------------------------- SUT = CSMS

type CsmsCtx = Parameters<CsmsTestCase['run']>[0];

/** The CSMS must accept the master pass token and name the master pass group. */
async function masterPassAnswer({ station, profile }: CsmsCtx): Promise<void> {
  const { masterPass, masterPassGroupId } = profile.idTokens;
  requireTokenAnswer(await authorizeAtCsms(station, masterPass), `Authorize for the master pass token ${masterPass}`, ['Accepted'], masterPassGroupId, 'C16.FR.01');
}

/** EnergyTransferStarted on EVSE 1 with the valid token and on EVSE 2 (when the profile has one) with valid2. */
async function chargeTwo({ station, profile }: CsmsCtx): Promise<SimTx[]> {
  const txs: SimTx[] = [];
  for (const [i, evse] of profile.evses.slice(0, 2).entries()) {
    const t = newSimTx(evse.id);
    await simChargingWith(station, t, i === 0 ? profile.idTokens.valid : profile.idTokens.valid2);
    txs.push(t);
  }
  return txs;
}

const noValidations = 'the document lists no tool validation; the harness checks the master pass Authorize answer as TC_C_48_CSMS does (Accepted, groupIdToken the MasterPassGroupId)';

function masterPassCsms(variant: string, title: string, octt: OcttClaim[], o: { stopAll: boolean; endToken: 'masterPass' | 'valid'; judgeEnd: boolean }) {
  return testCase<CsmsTestCase>({
    useCase: 'C16', variant, ocpp: '2.0.1', sut: 'CSMS', octt, title,
    killedBy: ['csms.master-pass-no-group'],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const txs = await chargeTwo(ctx);
      await masterPassAnswer(ctx);
      const token = profile.idTokens[o.endToken];
      for (const t of o.stopAll ? txs : txs.slice(0, 1)) {
        const answer = await txEvent(station, t, { eventType: 'Ended', trigger: 'StopAuthorized', token, stoppedReason: 'MasterPass', chargingState: 'EVConnected' });
        if (o.judgeEnd) requireTokenAnswer(answer, `the TransactionEvent Ended by the master pass on EVSE ${t.evseId}`, ['Accepted'], profile.idTokens.masterPassGroupId, 'C16.FR.01');
      }
    },
  });
}

export const allWithUiCsms = masterPassCsms('with-ui-all', 'The CSMS accepts a master pass that stops all transactions',
  [partial('TC_C_47_CSMS', noValidations)], { stopAll: true, endToken: 'masterPass', judgeEnd: false });
export const oneWithUiCsms = masterPassCsms('with-ui-one', 'The CSMS names the master pass group for a master pass that stops one transaction',
  [partial('TC_C_48_CSMS', 'step 1 presents the master pass token: the document sends the valid token there yet expects the master pass group in the answer, which only the master pass token can have')],
  { stopAll: false, endToken: 'masterPass', judgeEnd: true });
export const withoutUiCsms = masterPassCsms('without-ui', 'The CSMS accepts a master pass at a station without user interface',
  [partial('TC_C_49_CSMS', noValidations)], { stopAll: true, endToken: 'valid', judgeEnd: false });

