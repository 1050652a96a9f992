// 1.6 ReserveNow (Reservation profile), charge point as SUT: a connector (TC_046, TC_048) or the charge point
// (connector 0, TC_049, TC_050), and the refusals Faulted, Occupied, Unavailable, Rejected.
import { testCase, full, partial, type CsTestCase, type CsContext, type CsmsTestCase, type CsmsContext } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { Inconclusive } from '../../../src/harness/verdicts.js';
import { authorizeRemoteTx16, expectConnectorStatus, expectStart16, markOf, remoteStart16, reportConnector } from '../../shared/session-states.js';
import {
  acceptTokens, chargeReserved16, checkStart16, expectNoChargingOn, operatorReserves, otherConnectorsUnavailable16,
  requireConnectorZero16, reservationIdOf, reserveEvse, reserveExpecting, secondToken, simChargingReserved16,
} from '../../shared/reservation-steps.js';

const ocpp = '1.6';
const firstConnector = (ctx: CsContext | CsmsContext) => ctx.profile.evses[0]!.id;

async function prepare(ctx: CsContext): Promise<void> {
  await ctx.csms.booted();
  acceptTokens(ctx.csms, [secondToken(ctx.profile)]);
}

/** Reusable state SetConnectorFaulted for each connector given: the operator faults it, it reports Faulted. */
async function faultConnectors(ctx: CsContext, connectors: number[]): Promise<void> {
  for (const c of connectors) {
    const since = markOf(ctx.csms);
    await ctx.sut.act('faultConnector', { evse: c, faulted: true });
    await expectConnectorStatus(ctx.csms, c, 1, 'Faulted', since, `after connector ${c} was put into a fault`);
  }
}

/** Reusable state SetConnectorOccupied for each connector given: the EV driver plugs in, it reports Preparing. */
async function occupyConnectors(ctx: CsContext, connectors: number[]): Promise<void> {
  for (const c of connectors) {
    const since = markOf(ctx.csms);
    await ctx.sut.act('plugIn', { evse: c });
    await expectConnectorStatus(ctx.csms, c, 1, 'Preparing', since, `after the cable was plugged in at connector ${c}`);
  }
}

/** Reusable states SetConnectorUnavailable / SetChargePointUnavailable (connectorId 0). */
async function makeUnavailable(ctx: CsContext, connectorId: number): Promise<void> {
  const since = markOf(ctx.csms);
  const answer = await ctx.csms.call('ChangeAvailability', { connectorId, type: 'Inoperative' });
  if (answer.status !== 'Accepted') throw new Inconclusive(`the reusable state needs connector ${connectorId} Unavailable; ChangeAvailability Inoperative was answered ${String(answer.status)}`);
  const connectors = connectorId === 0 ? ctx.profile.evses.map((e) => e.id) : [connectorId];
  for (const c of connectors) await expectConnectorStatus(ctx.csms, c, 1, 'Unavailable', since, `after ChangeAvailability Inoperative for connector ${connectorId}`);
}

export const localStart = testCase<CsTestCase>({
  useCase: 'H01', variant: 'connector-local-start', ocpp, sut: 'CS', needs: ['1.6:Reservation'], actions: ['presentIdToken', 'plugIn'],
  octt: full('TC_046_1_CS'),
  title: 'A reserved connector: another idTag presented there does not start; the reserved idTag does (Preparing), and StartTransaction names the reservation',
  killedBy: ['cs.reservation-any-token', 'cs.start-without-reservation-id', 'cs.reservation-no-reserved-status'],
  async run(ctx) {
    await prepare(ctx);
    const c = firstConnector(ctx);
    await otherConnectorsUnavailable16(ctx, c);
    const { id } = await reserveEvse(ctx, { evseId: c, token: ctx.profile.idTokens.valid });
    const other = markOf(ctx.csms);
    await ctx.sut.act('presentIdToken', { evse: c, idToken: secondToken(ctx.profile) });
    const wrong = await ctx.csms.firstUnwanted((x) => x.action === 'StatusNotification' && Number(x.payload.connectorId) === c && x.payload.status === 'Preparing',
      ctx.profile.timing.quietMs, other ? other : 0);
    if (wrong) throw new Verdict(`connector ${c} is reserved for ${ctx.profile.idTokens.valid}, yet ${secondToken(ctx.profile)} made it Preparing`, 'OCPP 1.6 5.13');
    await expectNoChargingOn(ctx, c, other, `connector ${c} is reserved for ${ctx.profile.idTokens.valid} and ${secondToken(ctx.profile)} was presented`, 'OCPP 1.6 5.13');
    await chargeReserved16(ctx, c, ctx.profile.idTokens.valid, id);
  },
});

export const remoteStart = testCase<CsTestCase>({
  useCase: 'H01', variant: 'connector-remote-start', ocpp, sut: 'CS', needs: ['1.6:Reservation'], actions: ['plugIn'],
  octt: full('TC_046_2_CS'),
  title: 'A reserved connector: a remote start for the reserved idTag is Accepted and StartTransaction names the idTag and the reservation',
  killedBy: ['cs.start-without-reservation-id'],
  async run(ctx) {
    await prepare(ctx);
    const { csms, profile } = ctx;
    const c = firstConnector(ctx);
    const { id } = await reserveEvse(ctx, { evseId: c, token: profile.idTokens.valid });
    // Reusable state Charging: the cable (Preparing), the remote start (Authorize when configured), StartTransaction, Charging.
    const authorizeRemote = await authorizeRemoteTx16(csms);
    const plugged = markOf(csms);
    await ctx.sut.act('plugIn', { evse: c });
    await expectConnectorStatus(csms, c, 1, 'Preparing', plugged, 'after the cable was plugged in at the reserved connector');
    const started = await remoteStart16(ctx, c, authorizeRemote);
    const start = await expectStart16(ctx, c, started);
    checkStart16(start, c, profile.idTokens.valid, id);
  },
});

export const faulted = testCase<CsTestCase>({
  useCase: 'H01', variant: 'connector-faulted', ocpp, sut: 'CS', needs: ['1.6:Reservation'], actions: ['faultConnector'],
  octt: full('TC_048_1_CS'),
  title: 'ReserveNow for a Faulted connector is answered Faulted',
  killedBy: ['cs.reservation-accepts-unavailable'],
  async run(ctx) {
    await prepare(ctx);
    const c = firstConnector(ctx);
    await faultConnectors(ctx, [c]);
    await reserveExpecting(ctx, { evseId: c, token: ctx.profile.idTokens.valid }, 'Faulted', 'OCPP 1.6 5.13');
  },
});

export const occupied = testCase<CsTestCase>({
  useCase: 'H01', variant: 'connector-occupied', ocpp, sut: 'CS', needs: ['1.6:Reservation'], actions: ['plugIn'],
  octt: full('TC_048_2_CS'),
  title: 'ReserveNow for an occupied connector (cable in, Preparing) is answered Occupied',
  killedBy: ['cs.reservation-accepts-occupied'],
  async run(ctx) {
    await prepare(ctx);
    const c = firstConnector(ctx);
    await occupyConnectors(ctx, [c]);
    await reserveExpecting(ctx, { evseId: c, token: ctx.profile.idTokens.valid }, 'Occupied', 'OCPP 1.6 5.13');
  },
});

export const unavailable = testCase<CsTestCase>({
  useCase: 'H01', variant: 'connector-unavailable', ocpp, sut: 'CS', needs: ['1.6:Reservation'],
  octt: full('TC_048_3_CS'),
  title: 'ReserveNow for an Unavailable connector is answered Unavailable',
  killedBy: ['cs.reservation-accepts-unavailable'],
  async run(ctx) {
    await prepare(ctx);
    const c = firstConnector(ctx);
    await makeUnavailable(ctx, c);
    await reserveExpecting(ctx, { evseId: c, token: ctx.profile.idTokens.valid }, 'Unavailable', 'OCPP 1.6 5.13');
  },
});

export const notSupported = testCase<CsTestCase>({
  useCase: 'H01', variant: 'connector-not-supported', ocpp, sut: 'CS', needsAbsent: ['1.6:Reservation'],
  octt: full('TC_048_4_CS'),
  title: 'A charge point without the Reservation profile answers ReserveNow for a connector Rejected',
  killedBy: ['cs.reservation-accepted-unsupported'],
  async run(ctx) {
    await ctx.csms.booted();
    await reserveExpecting(ctx, { evseId: firstConnector(ctx), token: ctx.profile.idTokens.valid }, 'Rejected', 'OCPP 1.6 5.13');
  },
});

export const chargePoint = testCase<CsTestCase>({
  useCase: 'H01', variant: 'charge-point', ocpp, sut: 'CS', needs: ['1.6:Reservation'], actions: ['presentIdToken', 'plugIn'],
  octt: full('TC_049_CS'),
  title: 'ReserveNow for connector 0 (ReserveConnectorZeroSupported true): Accepted, the one available connector reports Reserved, and the idTag charges there naming the reservation',
  killedBy: ['cs.reservation-any-evse-refused', 'cs.start-without-reservation-id'],
  async run(ctx) {
    await prepare(ctx);
    await requireConnectorZero16(ctx.csms);
    const c = firstConnector(ctx);
    await otherConnectorsUnavailable16(ctx, c);
    const since = markOf(ctx.csms);
    const id = await reserveExpecting(ctx, { token: ctx.profile.idTokens.valid }, 'Accepted', 'OCPP 1.6 5.13');
    await expectConnectorStatus(ctx.csms, c, 1, 'Reserved', since, 'the charge point is reserved and only this connector is available');
    await chargeReserved16(ctx, c, ctx.profile.idTokens.valid, id);
  },
});

export const chargePointFaulted = testCase<CsTestCase>({
  useCase: 'H01', variant: 'charge-point-faulted', ocpp, sut: 'CS', needs: ['1.6:Reservation'], actions: ['faultConnector'],
  octt: [partial('TC_050_1_CS', 'the charge point is faulted connector by connector (operator action faultConnector) and a Faulted report of connector 0 is not required')],
  title: 'ReserveNow for connector 0 while every connector is Faulted is answered Faulted',
  killedBy: ['cs.reservation-accepts-unavailable'],
  async run(ctx) {
    await prepare(ctx);
    await requireConnectorZero16(ctx.csms);
    await faultConnectors(ctx, ctx.profile.evses.map((e) => e.id));
    await reserveExpecting(ctx, { token: ctx.profile.idTokens.valid }, 'Faulted', 'OCPP 1.6 5.13');
  },
});

export const chargePointOccupied = testCase<CsTestCase>({
  useCase: 'H01', variant: 'charge-point-occupied', ocpp, sut: 'CS', needs: ['1.6:Reservation'], actions: ['plugIn'],
  octt: full('TC_050_2_CS'),
  title: 'ReserveNow for connector 0 while every connector is occupied is answered Occupied',
  killedBy: ['cs.reservation-accepts-occupied'],
  async run(ctx) {
    await prepare(ctx);
    await requireConnectorZero16(ctx.csms);
    await occupyConnectors(ctx, ctx.profile.evses.map((e) => e.id));
    await reserveExpecting(ctx, { token: ctx.profile.idTokens.valid }, 'Occupied', 'OCPP 1.6 5.13');
  },
});

export const chargePointUnavailable = testCase<CsTestCase>({
  useCase: 'H01', variant: 'charge-point-unavailable', ocpp, sut: 'CS', needs: ['1.6:Reservation'],
  octt: full('TC_050_3_CS'),
  title: 'ReserveNow for connector 0 while the charge point is Unavailable is answered Unavailable',
  killedBy: ['cs.reservation-accepts-unavailable'],
  async run(ctx) {
    await prepare(ctx);
    await requireConnectorZero16(ctx.csms);
    await makeUnavailable(ctx, 0);
    await reserveExpecting(ctx, { token: ctx.profile.idTokens.valid }, 'Unavailable', 'OCPP 1.6 5.13');
  },
});

export const chargePointNotSupported = testCase<CsTestCase>({
  useCase: 'H01', variant: 'charge-point-not-supported', ocpp, sut: 'CS', needsAbsent: ['1.6:Reservation'],
  octt: full('TC_050_4_CS'),
  title: 'A charge point without the Reservation profile answers ReserveNow for connector 0 Rejected',
  killedBy: ['cs.reservation-accepted-unsupported'],
  async run(ctx) {
    await ctx.csms.booted();
    await reserveExpecting(ctx, { token: ctx.profile.idTokens.valid }, 'Rejected', 'OCPP 1.6 5.13');
  },
});

// ---------------------------------------------------------------- SUT = Central System

export const transactionOfCsms = testCase<CsmsTestCase>({
  useCase: 'H01', variant: 'connector', ocpp, sut: 'CSMS', needs: ['1.6:Reservation'], actions: ['reserveNow'],
  octt: full('TC_046_CSMS'),
  title: 'The operator reserves a connector for the idTag: ReserveNow names both; Reserved is accepted, and a transaction that names the reservation is accepted',
  killedBy: ['csms.reserve-now-wrong-evse', 'csms.reserve-now-wrong-token', 'csms.status-callerror'],
  async run(ctx) {
    await ctx.station.booted();
    const c = firstConnector(ctx);
    const call = await operatorReserves(ctx, { evseId: c, idToken: ctx.profile.idTokens.valid });
    await reportConnector(ctx.station, c, 'Reserved');
    await simChargingReserved16(ctx, c, reservationIdOf(ctx.profile, call));
  },
});

/** TC_048_x_CSMS: the operator's ReserveNow is refused with `status`; the Central System takes it and goes on. */
function refusedOfCsms(variant: string, id: string, status: string, before?: (ctx: CsmsContext) => Promise<void>) {
  return testCase<CsmsTestCase>({
    useCase: 'H01', variant: `connector-${variant}`, ocpp, sut: 'CSMS', needs: ['1.6:Reservation'], actions: ['reserveNow', ...(variant === 'unavailable' ? ['changeAvailability'] : [])],
    octt: full(id),
    title: `The operator's ReserveNow for a connector, answered ${status}: it names the connector and idTag, and the Central System goes on answering`,
    killedBy: ['csms.reserve-now-wrong-evse', 'csms.reserve-now-wrong-token'],
    async run(ctx) {
      await ctx.station.booted();
      await before?.(ctx);
      await operatorReserves(ctx, { evseId: firstConnector(ctx), idToken: ctx.profile.idTokens.valid }, status);
      await ctx.station.call('Heartbeat', {});
    },
  });
}

export const faultedOfCsms = refusedOfCsms('faulted', 'TC_048_1_CSMS', 'Faulted');
export const occupiedOfCsms = refusedOfCsms('occupied', 'TC_048_2_CSMS', 'Occupied', (ctx) => reportConnector(ctx.station, firstConnector(ctx), 'Preparing'));
export const unavailableOfCsms = refusedOfCsms('unavailable', 'TC_048_3_CSMS', 'Unavailable', async (ctx) => {
  const { station, sut } = ctx;
  const c = firstConnector(ctx);
  station.answer('ChangeAvailability', { status: 'Accepted' });
  const since = station.received.at(-1);
  await sut.act('changeAvailability', { connectorId: c, operational: false });
  const call = await station.expectCall('ChangeAvailability', { after: since ?? 0 });
  if (Number(call.payload.connectorId) !== c || call.payload.type !== 'Inoperative') throw new Verdict(`ChangeAvailability must make connector ${c} Inoperative, got ${JSON.stringify(call.payload)}`);
  await reportConnector(station, c, 'Unavailable');
});
export const rejectedOfCsms = refusedOfCsms('rejected', 'TC_048_4_CSMS', 'Rejected');

export const chargePointOfCsms = testCase<CsmsTestCase>({
  useCase: 'H01', variant: 'charge-point', ocpp, sut: 'CSMS', needs: ['1.6:Reservation'], actions: ['reserveNow'],
  octt: full('TC_049_CSMS'),
  title: 'The operator reserves the charge point (connector 0) for the idTag; the Reserved report that follows is accepted',
  killedBy: ['csms.reserve-now-wrong-token', 'csms.status-callerror'],
  async run(ctx) {
    await ctx.station.booted();
    await operatorReserves(ctx, { idToken: ctx.profile.idTokens.valid });
    await reportConnector(ctx.station, firstConnector(ctx), 'Reserved');
  },
});
