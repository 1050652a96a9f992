// 1.6 CancelReservation (Reservation profile), both SUT roles.
import { testCase, full, type CsTestCase, type CsmsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { expectConnectorStatus, markOf, reportConnector } from '../../shared/session-states.js';
import {
  acceptTokens, chargeReserved16, operatorCancels, operatorReserves, otherConnectorsUnavailable16, reservationIdOf, reserveEvse, secondToken,
} from '../../shared/reservation-steps.js';

const ocpp = '1.6';

export const cancel = testCase<CsTestCase>({
  useCase: 'H02', variant: 'accepted', ocpp, sut: 'CS', needs: ['1.6:Reservation'], actions: ['presentIdToken', 'plugIn'],
  octt: full('TC_051_CS'),
  title: 'CancelReservation of a reservation: Accepted, the connector reports Available, and another idTag charges there without a reservationId',
  killedBy: ['cs.reservation-cancel-keeps-reserved'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    acceptTokens(csms, [secondToken(profile)]);
    const c = profile.evses[0]!.id;
    await otherConnectorsUnavailable16(ctx, c);
    const { id } = await reserveEvse(ctx, { evseId: c, token: profile.idTokens.valid });
    const since = markOf(csms);
    const answer = await csms.call('CancelReservation', { reservationId: id });
    if (answer.status !== 'Accepted') throw new Verdict(`CancelReservation ${id} must be Accepted, got ${String(answer.status)}`, 'OCPP 1.6 5.1');
    await expectConnectorStatus(csms, c, 1, 'Available', since, `after reservation ${id} was cancelled`);
    await chargeReserved16(ctx, c, secondToken(profile), undefined);
  },
});

export const cancelUnknown = testCase<CsTestCase>({
  useCase: 'H02', variant: 'unknown', ocpp, sut: 'CS', needs: ['1.6:Reservation'],
  octt: full('TC_052_CS'),
  title: 'CancelReservation for another id than the reservation held is answered Rejected',
  killedBy: ['cs.cancel-reservation-unknown-accepted'],
  async run(ctx) {
    await ctx.csms.booted();
    const { id } = await reserveEvse(ctx, { evseId: ctx.profile.evses[0]!.id, token: ctx.profile.idTokens.valid });
    const answer = await ctx.csms.call('CancelReservation', { reservationId: id + 1000 });
    if (answer.status !== 'Rejected') throw new Verdict(`CancelReservation ${id + 1000} (the charge point holds ${id}) must be Rejected, got ${String(answer.status)}`, 'OCPP 1.6 5.1');
  },
});

export const cancelOfCsms = testCase<CsmsTestCase>({
  useCase: 'H02', variant: 'accepted', ocpp, sut: 'CSMS', needs: ['1.6:Reservation'], actions: ['reserveNow', 'cancelReservation'],
  octt: full('TC_051_CSMS'),
  title: 'The operator reserves a connector, then cancels: CancelReservation names that reservation; Reserved and Available are accepted',
  killedBy: ['csms.cancel-reservation-wrong-id'],
  async run(ctx) {
    const { station, profile } = ctx;
    await station.booted();
    const c = profile.evses[0]!.id;
    const call = await operatorReserves(ctx, { evseId: c, idToken: profile.idTokens.valid });
    await reportConnector(station, c, 'Reserved');
    await operatorCancels(ctx, reservationIdOf(profile, call));
    await reportConnector(station, c, 'Available');
  },
});

export const cancelUnknownOfCsms = testCase<CsmsTestCase>({
  useCase: 'H02', variant: 'unknown', ocpp, sut: 'CSMS', needs: ['1.6:Reservation'], actions: ['reserveNow', 'cancelReservation'],
  octt: full('TC_052_CSMS'),
  title: 'The operator cancels a reservation id the charge point does not hold: the request names another id than the reservation made, and the Rejected answer is taken',
  killedBy: ['csms.reserve-now-wrong-token'],
  async run(ctx) {
    const { station, profile, sut } = ctx;
    await station.booted();
    const c = profile.evses[0]!.id;
    const made = reservationIdOf(profile, await operatorReserves(ctx, { evseId: c, idToken: profile.idTokens.valid }));
    await reportConnector(station, c, 'Reserved');
    station.answer('CancelReservation', { status: 'Rejected' });
    const since = station.received.at(-1);
    await sut.act('cancelReservation', { reservationId: made + 1000 });
    const call = await station.expectCall('CancelReservation', { after: since ?? 0 });
    if (Number(call.payload.reservationId) === made) throw new Verdict(`the operator cancelled an unknown reservation, but CancelReservation names reservation ${made}, the one made`);
    await station.call('Heartbeat', {});
  },
});
