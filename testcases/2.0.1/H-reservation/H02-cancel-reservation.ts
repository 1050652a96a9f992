// H02 CancelReservation, charging station as SUT.
import { testCase, full, type CsTestCase, type CsmsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { markOf, reportConnector } from '../../shared/session-states.js';
import {
  acceptTokens, enableReservations, expectEvseStatus, operatorCancels, operatorReserves, reservationIdOf, reserveEvse, secondToken,
} from '../../shared/reservation-steps.js';

const ocpp = '2.0.1';

export const cancel = testCase<CsTestCase>({
  useCase: 'H02', variant: 'accepted', ocpp, sut: 'CS', needs: ['R-3'],
  octt: full('TC_H_17_CS'),
  title: 'CancelReservation of the reservation of an EVSE: Accepted, its connectors report Available',
  killedBy: ['cs.reservation-cancel-keeps-reserved'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    acceptTokens(csms, [secondToken(profile)]);
    await enableReservations(csms);
    const evseId = profile.evses[0]!.id;
    const { id } = await reserveEvse(ctx, { evseId, token: profile.idTokens.valid });
    const since = markOf(csms);
    const answer = await csms.call('CancelReservation', { reservationId: id });
    if (answer.status !== 'Accepted') throw new Verdict(`CancelReservation ${id} must be Accepted, got ${String(answer.status)}`, 'H02.FR.02');
    await expectEvseStatus(csms, evseId, 'Available', since, `after reservation ${id} was cancelled`, { passing: [] })
      .catch((err: Error) => { throw err instanceof Verdict ? new Verdict(err.message, 'H02.FR.02') : err; });
  },
});

export const cancelUnknown = testCase<CsTestCase>({
  useCase: 'H02', variant: 'unknown', ocpp, sut: 'CS', needs: ['R-3'],
  octt: full('TC_H_18_CS'),
  title: 'CancelReservation for a reservation id the station does not hold is answered Rejected',
  killedBy: ['cs.cancel-reservation-unknown-accepted'],
  async run(ctx) {
    await ctx.csms.booted();
    await enableReservations(ctx.csms);
    const answer = await ctx.csms.call('CancelReservation', { reservationId: 1 });
    if (answer.status !== 'Rejected') throw new Verdict(`CancelReservation 1 (no such reservation) must be Rejected, got ${String(answer.status)}`, 'H02.FR.01');
  },
});

export const cancelOfCsms = testCase<CsmsTestCase>({
  useCase: 'H02', variant: 'accepted', ocpp, sut: 'CSMS', actions: ['reserveNow', 'cancelReservation'],
  octt: full('TC_H_17_CSMS'),
  title: 'The operator reserves an EVSE, then cancels: CancelReservation names the reservation ReserveNow made; the Reserved and Available reports are accepted',
  killedBy: ['csms.cancel-reservation-wrong-id', 'csms.reserve-now-wrong-evse'],
  async run(ctx) {
    const { station, profile } = ctx;
    await station.booted();
    const evseId = profile.evses[0]!.id;
    const call = await operatorReserves(ctx, { evseId, idToken: profile.idTokens.valid });
    await reportConnector(station, evseId, 'Reserved');
    await operatorCancels(ctx, reservationIdOf(profile, call));
    await reportConnector(station, evseId, 'Available');
  },
});
