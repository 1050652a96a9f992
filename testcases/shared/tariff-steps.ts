// 2.0.1 I02/I03 (show the EV driver the running and final total cost; Advanced User Interface): the costs go over
// the wire (AuthorizeResponse and TransactionEventResponse personal messages, CostUpdated, totalCost); what the
// display shows is for a person at the station to check, never judged here.
import { testCase, type CsContext, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict } from '../../src/harness/peer.js';
import type { Payload } from '../../src/ocpp/frames.js';
import { TARIFF } from '../../src/reference/station/tariff.js';
import { TARIFFF } from '../../src/reference/csms/tariff.js';
import {
  authorizeLocally, disconnectEv, driveOutOfBay, newSession, plugIn, postSession, readTxSettings, startEnergyTransfer, stopAuthorizedLocally,
  type Session,
} from './session-states.js';
import { SimSession } from './tx-csms-steps.js';

const ocpp = '2.0.1';
const needs = ['advanced-user-interface'];
const actions = ['plugIn', 'presentIdToken', 'unplug'];
/** What a document leaves to the eye: the cost messages on the display. */
export const VISUAL = 'what the display shows (the tariff and cost messages) is for a person at the station to check, not on the wire';

/** The "configured" costs of the tester: a tariff message and two running totals. */
const COST = { tariff: 'EUR 0.25/kWh', running: 1.25, running2: 2.5, final: 3.75 };
const message = (content: string) => ({ format: 'ASCII', language: 'en', content });

/**
 * The harness's answers for the session: Authorize Accepted with the tariff as personal message; a TransactionEvent
 * of a charging transaction answered with the running cost as updated personal message (and, `runningTotal`, as
 * totalCost, TC_I_07); the Ended one with the final totalCost.
 */
function answerWithCosts(ctx: CsContext, runningTotal: boolean): void {
  const valid = ctx.profile.idTokens.valid;
  const status = (p: Payload) => ((p.idToken as Payload | undefined)?.idToken === valid ? 'Accepted' : 'Invalid');
  ctx.csms.answer('Authorize', (call) => ({ idTokenInfo: { status: status(call.payload), personalMessage: message(COST.tariff) } }));
  ctx.csms.answer('TransactionEvent', (call) => {
    const p = call.payload;
    const answer: Payload = p.idToken ? { idTokenInfo: { status: status(p) } } : {};
    if (p.eventType === 'Ended') return { ...answer, totalCost: COST.final };
    if ((p.transactionInfo as Payload | undefined)?.chargingState === 'Charging') {
      answer.updatedPersonalMessage = message(`Cost so far: EUR ${COST.running}`);
      if (runningTotal) answer.totalCost = COST.running;
    }
    return answer;
  });
}

/** EVConnectedPreSession, then the valid token (steps 1-4) and EnergyTransferStarted (step 5, 6-7 on its event). */
async function chargeWithCosts(ctx: CsContext, runningTotal: boolean): Promise<Session> {
  const tx = await readTxSettings(ctx.csms, ocpp);
  const s = newSession(ctx.csms, ctx.profile.evses[0]!.id, tx);
  answerWithCosts(ctx, runningTotal);
  await plugIn(ctx, s, 'preSession');
  await authorizeLocally(ctx, s);
  await startEnergyTransfer(ctx, s);
  return s;
}

/** StopAuthorized, EVConnectedPostSession, EVDisconnected, ParkingBayUnoccupied: the Ended event gets the final cost. */
async function endWithCost(ctx: CsContext, s: Session): Promise<void> {
  const ended = await stopAuthorizedLocally(ctx, s) ?? await postSession(ctx, s, 'Local');
  const gone = await disconnectEv(ctx, s, ended);
  await driveOutOfBay(ctx, s, 'Local', ended ?? gone);
}

/** TC_I_01_CS (CostUpdated) / TC_I_07_CS (totalCost in the TransactionEventResponse): the running total cost. */
export function runningCostCs(via: 'cost-updated' | 'transaction-event', octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'I02', variant: via, ocpp, sut: 'CS', octt, profile: 'advanced-user-interface', needs, actions,
    title: via === 'cost-updated'
      ? 'The station takes the running total cost in CostUpdated during a transaction'
      : 'The station takes the running total cost in the answer to a TransactionEvent and charges on',
    killedBy: via === 'cost-updated' ? [TARIFF.costUpdatedUnsupported] : [TARIFF.runningCostEnds],
    async run(ctx) {
      await ctx.csms.booted();
      const s = await chargeWithCosts(ctx, via === 'transaction-event');
      const energy = s.last;
      if (via === 'cost-updated') {
        for (const totalCost of [COST.running, COST.running2]) {
          await ctx.csms.call('CostUpdated', { totalCost, transactionId: s.txId }).catch((err: Error) => {
            throw new Verdict(`the station must take the running total cost (CostUpdated) of its transaction: ${err.message}`, 'I02.FR.02');
          });
        }
      }
      // A running total is no final cost: the transaction goes on until the driver stops it.
      const ended = await ctx.csms.firstUnwanted((c) => c.action === 'TransactionEvent' && c.payload.eventType === 'Ended', ctx.profile.timing.quietMs, energy);
      if (ended) throw new Verdict(`a running total cost is no final cost: the station must charge on, but ended the transaction (${JSON.stringify(ended.payload.transactionInfo)})`, 'I02.FR.02');
      await endWithCost(ctx, s);
    },
  });
}

/** TC_I_02_CS: the transaction ends as Part 6's states chain; the answer to the Ended event carries the final cost. */
export function finalCostCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'I03', variant: 'final-cost', ocpp, sut: 'CS', octt, profile: 'advanced-user-interface', needs, actions,
    title: 'The station ends a transaction and takes the final total cost in the answer to its Ended event',
    killedBy: ['cs.tx-stop-reason-other'],
    async run(ctx) {
      await ctx.csms.booted();
      const s = await chargeWithCosts(ctx, false);
      await endWithCost(ctx, s);
    },
  });
}

// ---- CSMS under test ----------------------------------------------------------------------------------------------

/** TC_I_01_CSMS: during a transaction with periodic meter values the CSMS sends the running cost (CostUpdated). */
export function runningCostCsms(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'I02', variant: 'cost-updated', ocpp, sut: 'CSMS', octt, profile: 'advanced-user-interface', needs,
    title: 'The CSMS sends the running total cost of a transaction that reports periodic meter values',
    killedBy: [TARIFFF.noCostUpdated],
    async run({ station }) {
      await station.booted();
      const s = new SimSession(station, station.profile.evses[0]!.id);
      await s.authorize();
      await s.plugIn();
      await s.energyTransferStarted();
      const intervalMs = 1000 * 60;
      for (let i = 0; i < 2; i++) {
        const since = Date.now();
        const answer = await s.event({ trigger: 'MeterValuePeriodic', meter: { contexts: ['Sample.Periodic'], intervalMs } });
        // A totalCost in the answer is the running cost already; otherwise a CostUpdated must follow.
        if (answer.totalCost !== undefined) continue;
        const cost = await station.expectCall('CostUpdated', { after: since }).catch((err: Error) => {
          throw err instanceof Verdict ? new Verdict(`after a periodic meter value of a running transaction the CSMS must send its running total cost (CostUpdated): ${err.message}`, 'I02.FR.01') : err;
        });
        if (cost.payload.transactionId !== s.id) throw new Verdict(`CostUpdated must name the running transaction ${s.id}, it names ${String(cost.payload.transactionId)}`, 'I02.FR.01');
      }
      await s.evDisconnected();
    },
  });
}

/** TC_I_02_CSMS: EVConnectedPostSession, then the EV leaves; the answer to the Ended event carries totalCost. */
export function finalCostCsms(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'I03', variant: 'final-cost', ocpp, sut: 'CSMS', octt, profile: 'advanced-user-interface', needs,
    title: 'The CSMS answers the TransactionEvent that ends a transaction with its total cost',
    killedBy: [TARIFFF.noFinalCost],
    async run({ station }) {
      await station.booted();
      const s = new SimSession(station, station.profile.evses[0]!.id);
      await s.evConnectedPostSession();
      // Steps 1-4: the connector Available (StatusNotification and NotifyEvent, in reportConnector), then Ended.
      const answer = await s.evDisconnected();
      if (answer.totalCost === undefined) throw new Verdict('the answer to the TransactionEvent that ends a transaction must carry totalCost', 'I03.FR.02');
    },
  });
}
