// H04 a reservation that ends unused at its expiry time, charging station as SUT.
import { testCase, full, partial, type CsTestCase, type CsmsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { markOf, reportConnector } from '../../shared/session-states.js';
import {
  acceptTokens, chargeWith201, enableReservations, expectEvseStatus, expectReservationUpdate, operatorReserves, reservationIdOf, reserveEvse,
  secondToken, shortExpiryS,
} from '../../shared/reservation-steps.js';

const ocpp = '2.0.1';

export const expires = testCase<CsTestCase>({
  useCase: 'H04', variant: 'expired', ocpp, sut: 'CS', needs: ['R-3'], actions: ['presentIdToken', 'plugIn'],
  octt: full('TC_H_07_CS'),
  title: 'A reservation not used before its expiry: the connectors report Available, then ReservationStatusUpdate Expired; another token charges there',
  killedBy: ['cs.reservation-never-expires', 'cs.reservation-no-status-update'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    acceptTokens(csms, [secondToken(profile)]);
    await enableReservations(csms);
    const evseId = profile.evses[0]!.id;
    const expiryS = shortExpiryS(profile);
    const expiresAt = Date.now() + expiryS * 1000;
    const { id } = await reserveEvse(ctx, { evseId, token: profile.idTokens.valid, expiryS });
    const since = markOf(csms);
    const wait = expiryS * 1000 + profile.timing.callTimeoutMs;
    const available = await expectEvseStatus(csms, evseId, 'Available', since, `reservation ${id} expired after ${expiryS} s`, { within: wait, passing: [] })
      .catch((err: Error) => { throw err instanceof Verdict ? new Verdict(err.message, 'H04.FR.01') : err; });
    if (available.at < expiresAt - profile.timing.toleranceMs) {
      throw new Verdict(`the connector reported Available ${expiresAt - available.at} ms before reservation ${id} expired`, 'H04.FR.01');
    }
    await expectReservationUpdate(csms, id, 'Expired', since, profile.timing.callTimeoutMs, 'H04.FR.02');
    await chargeWith201(ctx, evseId, secondToken(profile), { wasReserved: false });
  },
});

export const expiresOfCsms = testCase<CsmsTestCase>({
  useCase: 'H04', variant: 'expired', ocpp, sut: 'CSMS', actions: ['reserveNow'],
  octt: [partial('TC_H_07_CSMS', 'the harness reports Available and ReservationStatusUpdate Expired right away instead of waiting out the expiry the CSMS chose (an hour against the reference): what the CSMS must accept does not depend on the wait')],
  title: 'A reservation the operator made ends unused: ReserveNow carries a future expiry; the CSMS accepts Reserved, then Available and ReservationStatusUpdate Expired',
  killedBy: ['csms.reserve-now-past-expiry', 'csms.reservation-status-update-error'],
  async run(ctx) {
    const { station, profile } = ctx;
    await station.booted();
    const evseId = profile.evses[0]!.id;
    const call = await operatorReserves(ctx, { evseId, idToken: profile.idTokens.valid });
    await reportConnector(station, evseId, 'Reserved');
    await reportConnector(station, evseId, 'Available');
    await station.call('ReservationStatusUpdate', { reservationId: reservationIdOf(profile, call), reservationUpdateStatus: 'Expired' });
  },
});
