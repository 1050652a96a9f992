// H03 use of a reserved EVSE by a token of the reservation's group, charging station as SUT.
import { testCase, full, partial, type CsTestCase, type CsmsTestCase } from '../../../src/harness/test-case.js';
import { markOf, reportConnector } from '../../shared/session-states.js';
import {
  acceptTokens, chargeWith201, enableReservations, expectEvseStatus, groupToken, operatorReserves, reserveEvse, reserveExpecting, secondToken,
} from '../../shared/reservation-steps.js';

const ocpp = '2.0.1';

export const groupUsesEvse = testCase<CsTestCase>({
  useCase: 'H03', variant: 'group', ocpp, sut: 'CS', needs: ['R-3'], actions: ['presentIdToken', 'plugIn'],
  octt: full('TC_H_19_CS'),
  title: 'An EVSE reserved with a groupIdToken: another token of that group (the CSMS names the group in Authorize) charges there',
  killedBy: ['cs.reservation-ignores-group'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    const group = groupToken(profile);
    acceptTokens(csms, [secondToken(profile)], group);
    await enableReservations(csms);
    const evseId = profile.evses[0]!.id;
    await reserveEvse(ctx, { evseId, token: profile.idTokens.valid, group }, 'H01.FR.15');
    await chargeWith201(ctx, evseId, secondToken(profile), { wasReserved: true });
  },
});

export const groupAnyEvse = testCase<CsTestCase>({
  useCase: 'H03', variant: 'group-any-evse', ocpp, sut: 'CS', needs: ['R-3', 'R-2'], actions: ['presentIdToken', 'plugIn'],
  octt: [partial('TC_H_24_CS', 'Reserved is required of the connector only when the station has a single EVSE: with more EVSEs free, H01.FR.20 lets a station keep them Available')],
  title: 'A reservation of any EVSE with a groupIdToken: Accepted; another token of the group charges on an EVSE',
  killedBy: ['cs.reservation-any-evse-refused'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    const group = groupToken(profile);
    acceptTokens(csms, [secondToken(profile)], group);
    await enableReservations(csms);
    const evseId = profile.evses[0]!.id;
    const since = markOf(csms);
    await reserveExpecting(ctx, { token: profile.idTokens.valid, group }, 'Accepted', 'H01.FR.04');
    const single = profile.evses.length === 1;
    if (single) await expectEvseStatus(csms, evseId, 'Reserved', since, 'the only EVSE holds a reservation for any EVSE', { passing: [] });
    await chargeWith201(ctx, evseId, secondToken(profile), { wasReserved: single });
  },
});

export const groupOfCsms = testCase<CsmsTestCase>({
  useCase: 'H03', variant: 'group', ocpp, sut: 'CSMS', actions: ['reserveNow'],
  octt: full('TC_H_19_CSMS'),
  title: 'The operator reserves an EVSE for a group: ReserveNow names the EVSE, the token and the groupIdToken; the Reserved report is accepted',
  killedBy: ['csms.reserve-now-drops-group'],
  async run(ctx) {
    const { station, profile } = ctx;
    await station.booted();
    const evseId = profile.evses[0]!.id;
    await operatorReserves(ctx, { evseId, idToken: profile.idTokens.valid, groupIdToken: groupToken(profile) });
    await reportConnector(station, evseId, 'Reserved');
  },
});
