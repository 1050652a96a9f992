// 1.6 use of a reserved connector by an idTag of the reservation's parentIdTag, both SUT roles.
import { testCase, full, partial, type CsTestCase, type CsmsTestCase } from '../../../src/harness/test-case.js';
import { reportConnector } from '../../shared/session-states.js';
import {
  acceptTokens, chargeReserved16, groupToken, operatorReserves, otherConnectorsUnavailable16, reservationIdOf, reserveEvse, secondToken,
  simChargingReserved16,
} from '../../shared/reservation-steps.js';

const ocpp = '1.6';

export const parentIdTag = testCase<CsTestCase>({
  useCase: 'H03', variant: 'parent-id-tag', ocpp, sut: 'CS', needs: ['1.6:Reservation'], actions: ['presentIdToken', 'plugIn'],
  octt: full('TC_053_CS'),
  title: 'A connector reserved with a parentIdTag: another idTag whose Authorize.conf names that parent charges there, StartTransaction naming the reservation',
  killedBy: ['cs.reservation-ignores-group'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    const parent = groupToken(profile);
    acceptTokens(csms, [secondToken(profile)], parent);
    const c = profile.evses[0]!.id;
    await otherConnectorsUnavailable16(ctx, c);
    const { id } = await reserveEvse(ctx, { evseId: c, token: profile.idTokens.valid, group: parent });
    await chargeReserved16(ctx, c, secondToken(profile), id);
  },
});

export const parentIdTagOfCsms = testCase<CsmsTestCase>({
  useCase: 'H03', variant: 'parent-id-tag', ocpp, sut: 'CSMS', needs: ['1.6:Reservation'], actions: ['reserveNow'],
  octt: [partial('TC_053_CSMS', 'steps 6-11 are not reproduced: they need the Central System to answer Authorize for another idTag with the reservation\'s parentIdTag, a token database with groups that the harness cannot set up through OCPP')],
  title: 'The operator reserves a connector with a parentIdTag: ReserveNow names connector, idTag and parentIdTag; Reserved and a transaction naming the reservation are accepted',
  killedBy: ['csms.reserve-now-drops-group'],
  async run(ctx) {
    const { station, profile } = ctx;
    await station.booted();
    const c = profile.evses[0]!.id;
    const call = await operatorReserves(ctx, { evseId: c, idToken: profile.idTokens.valid, groupIdToken: groupToken(profile) });
    await reportConnector(station, c, 'Reserved');
    await simChargingReserved16(ctx, c, reservationIdOf(profile, call));
  },
});
