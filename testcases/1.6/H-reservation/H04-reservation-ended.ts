// 1.6 a reservation that expires unused, both SUT roles.
import { testCase, full, partial, type CsTestCase, type CsmsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { expectConnectorStatus, markOf, reportConnector } from '../../shared/session-states.js';
import {
  acceptTokens, chargeReserved16, operatorReserves, otherConnectorsUnavailable16, reserveEvse, secondToken, shortExpiryS,
} from '../../shared/reservation-steps.js';

const ocpp = '1.6';

export const expires = testCase<CsTestCase>({
  useCase: 'H04', variant: 'expired', ocpp, sut: 'CS', needs: ['1.6:Reservation'], actions: ['presentIdToken', 'plugIn'],
  octt: full('TC_047_CS'),
  title: 'A reservation not used before its expiryDate: the connector reports Available after the expiry, and another idTag charges there',
  killedBy: ['cs.reservation-never-expires'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    acceptTokens(csms, [secondToken(profile)]);
    const c = profile.evses[0]!.id;
    await otherConnectorsUnavailable16(ctx, c);
    const expiryS = shortExpiryS(profile);
    const expiresAt = Date.now() + expiryS * 1000;
    const { id } = await reserveEvse(ctx, { evseId: c, token: profile.idTokens.valid, expiryS });
    const since = markOf(csms);
    const available = await expectConnectorStatus(csms, c, 1, 'Available', since, `reservation ${id} expired after ${expiryS} s`, { within: expiryS * 1000 + profile.timing.callTimeoutMs })
      .catch((err: Error) => { throw err instanceof Verdict ? new Verdict(err.message, 'OCPP 1.6 5.13') : err; });
    if (available.at < expiresAt - profile.timing.toleranceMs) throw new Verdict(`connector ${c} reported Available ${expiresAt - available.at} ms before reservation ${id} expired`);
    await chargeReserved16(ctx, c, secondToken(profile), undefined);
  },
});

export const expiresOfCsms = testCase<CsmsTestCase>({
  useCase: 'H04', variant: 'expired', ocpp, sut: 'CSMS', needs: ['1.6:Reservation'], actions: ['reserveNow'],
  octt: [partial('TC_047_CSMS', 'the expiryDate is required to lie in the future, not to equal now plus the offset configured at the Central System (unknown to the harness); Available is reported at once instead of after that expiry')],
  title: 'A reservation the operator made ends unused: ReserveNow carries a future expiryDate; Reserved and then Available are accepted',
  killedBy: ['csms.reserve-now-past-expiry', 'csms.status-callerror'],
  async run(ctx) {
    const { station, profile } = ctx;
    await station.booted();
    const c = profile.evses[0]!.id;
    await operatorReserves(ctx, { evseId: c, idToken: profile.idTokens.valid });
    await reportConnector(station, c, 'Reserved');
    await reportConnector(station, c, 'Available');
  },
});
