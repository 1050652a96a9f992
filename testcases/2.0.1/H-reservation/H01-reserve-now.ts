// H01 ReserveNow, charging station as SUT: a specific EVSE, any EVSE (R-2), refusals, replacement, disabled.
import { testCase, full, partial, type CsTestCase, type CsContext, type CsmsTestCase, type CsmsContext } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { Inconclusive } from '../../../src/harness/verdicts.js';
import { writeSetting } from '../../shared/settings.js';
import { charging, markOf, newSession, plugIn, readTxSettings, reportConnector } from '../../shared/session-states.js';
import {
  RESERVATION_ENABLED, acceptTokens, chargeWith201, enableReservations, expectEvseStatus, expectNoChargingOn,
  expectReservationUpdate, operatorReserves, reservationIdOf, reserveEvse, reserveExpecting, secondToken,
} from '../../shared/reservation-steps.js';

const ocpp = '2.0.1';
const firstEvse = (ctx: CsContext) => ctx.profile.evses[0]!.id;

/** Booted, reservations enabled, the second token known to the harness (as CSMS). */
async function prepare(ctx: CsContext): Promise<void> {
  await ctx.csms.booted();
  acceptTokens(ctx.csms, [secondToken(ctx.profile)]);
  await enableReservations(ctx.csms);
}

export const specificEvse = testCase<CsTestCase>({
  useCase: 'H01', variant: 'specific-evse', ocpp, sut: 'CS', needs: ['R-3'], actions: ['presentIdToken', 'plugIn'],
  octt: full('TC_H_01_CS'),
  title: 'ReserveNow for one EVSE: Accepted, its connectors report Reserved; the reserved token is authorized there, the connectors report Available, and it charges',
  killedBy: ['cs.reservation-no-reserved-status'],
  async run(ctx) {
    await prepare(ctx);
    const evseId = firstEvse(ctx);
    await reserveEvse(ctx, { evseId, token: ctx.profile.idTokens.valid }, 'H01.FR.15');
    await chargeWith201(ctx, evseId, ctx.profile.idTokens.valid, { wasReserved: true });
  },
});

export const reservedEvseOccupied = testCase<CsTestCase>({
  useCase: 'H01', variant: 'evse-already-reserved', ocpp, sut: 'CS', needs: ['R-3'],
  octt: full('TC_H_03_CS'),
  title: 'ReserveNow for an EVSE that is reserved already (another id, another token) is answered Occupied',
  killedBy: ['cs.reservation-accepts-occupied'],
  async run(ctx) {
    await prepare(ctx);
    const evseId = firstEvse(ctx);
    await reserveEvse(ctx, { evseId, token: ctx.profile.idTokens.valid });
    await reserveExpecting(ctx, { evseId, token: secondToken(ctx.profile) }, 'Occupied', 'H01.FR.11');
  },
});

export const evseInUse = testCase<CsTestCase>({
  useCase: 'H01', variant: 'evse-in-use', ocpp, sut: 'CS', needs: ['R-3'], actions: ['plugIn'],
  octt: full('TC_H_04_CS'),
  title: 'ReserveNow for an EVSE where energy flows is answered Occupied',
  killedBy: ['cs.reservation-accepts-occupied'],
  async run(ctx) {
    await prepare(ctx);
    const evseId = firstEvse(ctx);
    await charging(ctx, evseId);
    await reserveExpecting(ctx, { evseId, token: secondToken(ctx.profile) }, 'Occupied', 'H01.FR.13');
  },
});

/** Memory state "<EVSE> is Unavailable": ChangeAvailability Inoperative, its connectors report Unavailable. */
async function makeUnavailable(ctx: CsContext, evseId?: number): Promise<void> {
  const since = markOf(ctx.csms);
  const answer = await ctx.csms.call('ChangeAvailability', { operationalStatus: 'Inoperative', ...(evseId === undefined ? {} : { evse: { id: evseId } }) });
  if (answer.status !== 'Accepted') throw new Inconclusive(`the memory state needs ${evseId === undefined ? 'the station' : `EVSE ${evseId}`} Unavailable; ChangeAvailability Inoperative was answered ${String(answer.status)}`);
  for (const e of ctx.profile.evses.filter((x) => evseId === undefined || x.id === evseId)) {
    await expectEvseStatus(ctx.csms, e.id, 'Unavailable', since, `after ChangeAvailability Inoperative for ${evseId === undefined ? 'the station' : `EVSE ${evseId}`}`);
  }
}

export const evseUnavailable = testCase<CsTestCase>({
  useCase: 'H01', variant: 'evse-unavailable', ocpp, sut: 'CS', needs: ['R-3'],
  octt: full('TC_H_06_CS'),
  title: 'ReserveNow for an Unavailable EVSE is answered Unavailable',
  killedBy: ['cs.reservation-accepts-unavailable'],
  async run(ctx) {
    await prepare(ctx);
    const evseId = firstEvse(ctx);
    await makeUnavailable(ctx, evseId);
    await reserveExpecting(ctx, { evseId, token: ctx.profile.idTokens.valid }, 'Unavailable', 'H01.FR.14');
  },
});

export const anyEvse = testCase<CsTestCase>({
  useCase: 'H01', variant: 'any-evse', ocpp, sut: 'CS', needs: ['R-3', 'R-2'], actions: ['presentIdToken', 'plugIn'],
  octt: [partial('TC_H_08_CS', 'Reserved is required of the connector only when the station has a single EVSE (the document\'s note; with more EVSEs H01.FR.20 leaves them Available); on a single-EVSE station the authorization with a second token is left out, since the reservation holds that EVSE')],
  title: 'ReserveNow without evseId: Accepted (a single EVSE reports Reserved); another token still charges on an EVSE while one stays free for the reservation',
  killedBy: ['cs.reservation-any-evse-refused'],
  async run(ctx) {
    await prepare(ctx);
    const evseId = firstEvse(ctx);
    const since = markOf(ctx.csms);
    await reserveExpecting(ctx, { token: ctx.profile.idTokens.valid }, 'Accepted', 'H01.FR.04');
    const single = ctx.profile.evses.length === 1;
    if (single) await expectEvseStatus(ctx.csms, evseId, 'Reserved', since, 'the only EVSE holds a reservation for any EVSE', { passing: [] });
    if (single) return; // the document's authorization with another token cannot succeed on a station with one EVSE reserved
    await chargeWith201(ctx, evseId, secondToken(ctx.profile), { wasReserved: false });
  },
});

/** Every EVSE reserved for a token of its own (the memory state "All EVSE are Reserved"). */
async function reserveAll(ctx: CsContext): Promise<void> {
  for (const [i, e] of ctx.profile.evses.entries()) await reserveEvse(ctx, { evseId: e.id, token: `${ctx.profile.idTokens.valid.slice(0, 15)}-R${i}` });
}

export const anyEvseAllReserved = testCase<CsTestCase>({
  useCase: 'H01', variant: 'any-evse-all-reserved', ocpp, sut: 'CS', needs: ['R-3', 'R-2'],
  octt: full('TC_H_09_CS'),
  title: 'ReserveNow without evseId while every EVSE is reserved is answered Occupied',
  killedBy: ['cs.reservation-accepts-occupied'],
  async run(ctx) {
    await prepare(ctx);
    await reserveAll(ctx);
    await reserveExpecting(ctx, { token: ctx.profile.idTokens.valid }, 'Occupied', 'H01.FR.11');
  },
});

export const anyEvseAllInUse = testCase<CsTestCase>({
  useCase: 'H01', variant: 'any-evse-all-in-use', ocpp, sut: 'CS', needs: ['R-3', 'R-2'], actions: ['plugIn'],
  octt: full('TC_H_10_CS'),
  title: 'ReserveNow without evseId while energy flows on every EVSE is answered Occupied',
  killedBy: ['cs.reservation-accepts-occupied'],
  async run(ctx) {
    await prepare(ctx);
    for (const e of ctx.profile.evses) await charging(ctx, e.id);
    await reserveExpecting(ctx, { token: ctx.profile.idTokens.valid }, 'Occupied', 'H01.FR.13');
  },
});

export const anyEvseUnavailable = testCase<CsTestCase>({
  useCase: 'H01', variant: 'any-evse-unavailable', ocpp, sut: 'CS', needs: ['R-3', 'R-2'],
  octt: full('TC_H_12_CS'),
  title: 'ReserveNow without evseId while the whole station is Unavailable is answered Unavailable',
  killedBy: ['cs.reservation-accepts-unavailable'],
  async run(ctx) {
    await prepare(ctx);
    await makeUnavailable(ctx);
    await reserveExpecting(ctx, { token: ctx.profile.idTokens.valid }, 'Unavailable', 'H01.FR.14');
  },
});

export const anyEvseNotSupported = testCase<CsTestCase>({
  useCase: 'H01', variant: 'any-evse-not-supported', ocpp, sut: 'CS', needs: ['R-3'], needsAbsent: ['R-2'],
  octt: full('TC_H_13_CS'),
  title: 'A station without reservations of any EVSE answers ReserveNow without evseId Rejected',
  killedBy: ['cs.reservation-ignores-non-evse-specific'],
  async run(ctx) {
    await prepare(ctx);
    await reserveExpecting(ctx, { token: ctx.profile.idTokens.valid }, 'Rejected', 'H01.FR.19');
  },
});

export const anyEvseAllHeld = testCase<CsTestCase>({
  useCase: 'H01', variant: 'any-evse-all-held', ocpp, sut: 'CS', needs: ['R-3', 'R-2'],
  octt: full('TC_H_14_CS'),
  title: 'As many reservations of any EVSE as there are EVSEs: each Accepted, then every connector reports Reserved',
  killedBy: ['cs.reservation-unspecified-not-reserved', 'cs.reservation-any-evse-refused'],
  async run(ctx) {
    await prepare(ctx);
    const since = markOf(ctx.csms);
    for (const [i] of ctx.profile.evses.entries()) {
      await reserveExpecting(ctx, { token: `${ctx.profile.idTokens.valid.slice(0, 15)}-U${i}` }, 'Accepted', 'H01.FR.04');
    }
    for (const e of ctx.profile.evses) {
      await expectEvseStatus(ctx.csms, e.id, 'Reserved', since, 'the reservations of any EVSE take every EVSE: all must be Reserved', { passing: [] })
        .catch((err: Error) => { throw err instanceof Verdict ? new Verdict(err.message, 'H01.FR.20') : err; });
    }
  },
});

export const disabled = testCase<CsTestCase>({
  useCase: 'H01', variant: 'disabled', ocpp, sut: 'CS', needs: ['R-3'],
  octt: full('TC_H_22_CS'),
  title: 'With ReservationCtrlr.Enabled false the station answers ReserveNow Rejected',
  killedBy: ['cs.reservation-ignores-disabled'],
  async run(ctx) {
    await ctx.csms.booted();
    const status = await writeSetting(ctx.csms, ocpp, RESERVATION_ENABLED, 'false');
    if (status !== 'Accepted') throw new Inconclusive(`the preparation sets ReservationCtrlr.Enabled = false; the station answered ${status}`);
    try {
      await reserveExpecting(ctx, { evseId: firstEvse(ctx), token: ctx.profile.idTokens.valid }, 'Rejected', 'H01.FR.01');
    } finally {
      await writeSetting(ctx.csms, ocpp, RESERVATION_ENABLED, 'true').catch(() => undefined);
    }
  },
});

export const replace = testCase<CsTestCase>({
  useCase: 'H01', variant: 'replace', ocpp, sut: 'CS', needs: ['R-3'], actions: ['presentIdToken', 'plugIn'],
  octt: [partial('TC_H_23_CS', 'no second Reserved report is required after the replacement: the connector stays Reserved, so a station has no change to report')],
  title: 'ReserveNow with the id of an existing reservation replaces it: Accepted, and the new token charges on the EVSE',
  killedBy: ['cs.reservation-no-replace'],
  async run(ctx) {
    await prepare(ctx);
    const evseId = firstEvse(ctx);
    const { id } = await reserveEvse(ctx, { evseId, token: ctx.profile.idTokens.valid });
    const token2 = secondToken(ctx.profile);
    await reserveExpecting(ctx, { id, evseId, token: token2 }, 'Accepted', 'H01.FR.02');
    await chargeWith201(ctx, evseId, token2, { wasReserved: true });
  },
});

export const inoperativeRemoves = testCase<CsTestCase>({
  useCase: 'H01', variant: 'inoperative-removes', ocpp, sut: 'CS', needs: ['R-3'], actions: ['presentIdToken', 'plugIn'],
  octt: full('TC_H_21_CS'),
  title: 'A reserved EVSE made Inoperative: Unavailable, ReservationStatusUpdate Removed; Operative again it is Available and another token charges there',
  killedBy: ['cs.reservation-kept-when-inoperative', 'cs.reservation-no-status-update'],
  async run(ctx) {
    await prepare(ctx);
    const { csms, profile } = ctx;
    const evseId = firstEvse(ctx);
    const { id } = await reserveEvse(ctx, { evseId, token: profile.idTokens.valid });
    const since = markOf(csms);
    const down = await csms.call('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: evseId } });
    if (down.status !== 'Accepted') throw new Verdict(`ChangeAvailability Inoperative for the reserved EVSE ${evseId} must be Accepted, got ${String(down.status)}`);
    await expectEvseStatus(csms, evseId, 'Unavailable', since, `after ChangeAvailability Inoperative for EVSE ${evseId}`);
    await expectReservationUpdate(csms, id, 'Removed', since, profile.timing.callTimeoutMs, 'H01.FR.17');
    const back = markOf(csms);
    const up = await csms.call('ChangeAvailability', { operationalStatus: 'Operative', evse: { id: evseId } });
    if (up.status !== 'Accepted') throw new Verdict(`ChangeAvailability Operative for EVSE ${evseId} must be Accepted, got ${String(up.status)}`);
    await expectEvseStatus(csms, evseId, 'Available', back, `after ChangeAvailability Operative for EVSE ${evseId} (its reservation was removed)`);
    await chargeWith201(ctx, evseId, secondToken(profile), { wasReserved: false });
  },
});

export const otherTokenRefused = testCase<CsTestCase>({
  useCase: 'H03', variant: 'other-token', ocpp, sut: 'CS', needs: ['R-3'], actions: ['plugIn', 'presentIdToken'],
  octt: full('TC_H_02_CS'),
  title: 'An EVSE reserved for one token: a remote start for another token there is Rejected; with the EV connected, another token presented there does not charge',
  killedBy: ['cs.reservation-any-token'],
  async run(ctx) {
    await prepare(ctx);
    const { csms, profile, sut } = ctx;
    const evseId = firstEvse(ctx);
    await reserveEvse(ctx, { evseId, token: profile.idTokens.valid });
    const token2 = secondToken(profile);
    // Main B: the remote start for another token.
    const answer = await csms.call('RequestStartTransaction', { idToken: { idToken: token2, type: profile.idTokens.type }, evseId, remoteStartId: 4242 });
    if (answer.status !== 'Rejected') throw new Verdict(`RequestStartTransaction for ${token2} on EVSE ${evseId}, reserved for ${profile.idTokens.valid}, must be Rejected, got ${String(answer.status)}`, 'H03.FR.01');
    // Main A: reusable state EVConnectedPreSession, then the driver presents another token.
    const plugged = markOf(csms);
    await plugIn(ctx, newSession(csms, evseId, await readTxSettings(csms, ocpp)), 'preSession');
    await sut.act('presentIdToken', { evse: evseId, idToken: token2, type: profile.idTokens.type });
    await expectNoChargingOn(ctx, evseId, plugged, `EVSE ${evseId} is reserved for ${profile.idTokens.valid} and ${token2} was presented`, 'H03.FR.01');
  },
});

/**
 * The documents' <Configured connectorType>: the station's own Connector.ConnectorType of the first EVSE's first
 * connector when it reports one, else cType2 (the harness's configuration names no connector type).
 */
async function connectorTypeOf(ctx: CsContext): Promise<string> {
  const answer = await ctx.csms.call('GetVariables', {
    getVariableData: [{ component: { name: 'Connector', evse: { id: firstEvse(ctx), connectorId: 1 } }, variable: { name: 'ConnectorType' } }],
  });
  const result = (answer.getVariableResult as { attributeStatus?: string; attributeValue?: string }[] | undefined)?.[0];
  return result?.attributeStatus === 'Accepted' && result.attributeValue ? result.attributeValue : 'cType2';
}

export const connectorType = testCase<CsTestCase>({
  useCase: 'H01', variant: 'connector-type', ocpp, sut: 'CS', needs: ['R-3', 'R-2'], actions: ['presentIdToken', 'plugIn'],
  octt: [partial('TC_H_15_CS', 'Reserved is required of the connector only when it is the only one of that type (the document\'s note); the type is the station\'s reported Connector.ConnectorType, else cType2')],
  title: 'ReserveNow for a connector type: Accepted (the only connector of that type reports Reserved); the token is authorized and charges on an EVSE of that type',
  killedBy: ['cs.reservation-any-evse-refused'],
  async run(ctx) {
    await prepare(ctx);
    const evseId = firstEvse(ctx);
    const type = await connectorTypeOf(ctx);
    const since = markOf(ctx.csms);
    await reserveExpecting(ctx, { token: ctx.profile.idTokens.valid, connectorType: type }, 'Accepted', 'H01.FR.06');
    const single = ctx.profile.evses.length === 1 && ctx.profile.evses[0]!.connectors === 1;
    if (single) await expectEvseStatus(ctx.csms, evseId, 'Reserved', since, `the only connector of type ${type} is reserved`, { passing: [] });
    await chargeWith201(ctx, evseId, ctx.profile.idTokens.valid, { wasReserved: single });
  },
});

export const connectorTypeAllReserved = testCase<CsTestCase>({
  useCase: 'H01', variant: 'connector-type-all-reserved', ocpp, sut: 'CS', needs: ['R-3', 'R-2'],
  octt: full('TC_H_16_CS'),
  title: 'ReserveNow for a connector type while every EVSE is reserved is answered Occupied',
  killedBy: ['cs.reservation-accepts-occupied'],
  async run(ctx) {
    await prepare(ctx);
    const type = await connectorTypeOf(ctx);
    await reserveAll(ctx);
    await reserveExpecting(ctx, { token: ctx.profile.idTokens.valid, connectorType: type }, 'Occupied', 'H01.FR.11');
  },
});

// ---------------------------------------------------------------- SUT = CSMS

/** Reusable state Reserved (Part 6, SUT CSMS): the operator's ReserveNow for the EVSE, Accepted, the connectors reported Reserved. */
async function csmsReserves(ctx: CsmsContext, args: { evseId?: number; groupIdToken?: string; connectorType?: string }): Promise<number> {
  const call = await operatorReserves(ctx, { ...args, idToken: ctx.profile.idTokens.valid });
  return reservationIdOf(ctx.profile, call);
}

export const specificEvseOfCsms = testCase<CsmsTestCase>({
  useCase: 'H01', variant: 'specific-evse', ocpp, sut: 'CSMS', actions: ['reserveNow'],
  octt: full('TC_H_01_CSMS'),
  title: 'The operator reserves one EVSE for a token: ReserveNow names that EVSE and token, no connectorType; the Reserved reports are accepted',
  killedBy: ['csms.reserve-now-wrong-evse', 'csms.reserve-now-wrong-token', 'csms.status-callerror'],
  async run(ctx) {
    await ctx.station.booted();
    const evseId = ctx.profile.evses[0]!.id;
    await csmsReserves(ctx, { evseId });
    await reportConnector(ctx.station, evseId, 'Reserved');
  },
});

export const anyEvseOfCsms = testCase<CsmsTestCase>({
  useCase: 'H01', variant: 'any-evse', ocpp, sut: 'CSMS', needs: ['R-2'], actions: ['reserveNow'],
  octt: full('TC_H_08_CSMS'),
  title: 'The operator reserves any EVSE: ReserveNow without evseId and connectorType, for the token; with one EVSE its Reserved report is accepted',
  killedBy: ['csms.reserve-now-wrong-token'],
  async run(ctx) {
    await ctx.station.booted();
    await csmsReserves(ctx, {});
    if (ctx.profile.evses.length === 1) await reportConnector(ctx.station, ctx.profile.evses[0]!.id, 'Reserved');
  },
});

export const anyEvseAllHeldOfCsms = testCase<CsmsTestCase>({
  useCase: 'H01', variant: 'any-evse-all-held', ocpp, sut: 'CSMS', needs: ['R-2'], actions: ['reserveNow'],
  octt: full('TC_H_14_CSMS'),
  title: 'The operator reserves any EVSE as many times as there are EVSEs; the Reserved reports of every connector that follow are accepted',
  killedBy: ['csms.reserve-now-wrong-token', 'csms.status-callerror'],
  async run(ctx) {
    await ctx.station.booted();
    for (const _ of ctx.profile.evses) await csmsReserves(ctx, {});
    for (const e of ctx.profile.evses) await reportConnector(ctx.station, e.id, 'Reserved');
  },
});

/** The connector type the documents' <Configured connectorType> stands for. */
const CONNECTOR_TYPE = 'cType2';

export const connectorTypeOfCsms = testCase<CsmsTestCase>({
  useCase: 'H01', variant: 'connector-type', ocpp, sut: 'CSMS', needs: ['R-1'], actions: ['reserveNow'],
  octt: full('TC_H_15_CSMS'),
  title: `The operator reserves a connector type (${CONNECTOR_TYPE}): ReserveNow without evseId, with that connectorType; the Reserved report is accepted`,
  killedBy: ['csms.reserve-now-wrong-token', 'csms.status-callerror'],
  async run(ctx) {
    await ctx.station.booted();
    await csmsReserves(ctx, { connectorType: CONNECTOR_TYPE });
    await reportConnector(ctx.station, ctx.profile.evses[0]!.id, 'Reserved');
  },
});

export const faultedRemovesOfCsms = testCase<CsmsTestCase>({
  useCase: 'H01', variant: 'faulted-removes', ocpp, sut: 'CSMS', actions: ['reserveNow'],
  octt: full('TC_H_20_CSMS'),
  title: 'A reserved EVSE becomes Faulted and the station removes the reservation: the CSMS accepts the Faulted reports and ReservationStatusUpdate Removed',
  killedBy: ['csms.reservation-status-update-error', 'csms.status-callerror'],
  async run(ctx) {
    const { station } = ctx;
    await station.booted();
    const evseId = ctx.profile.evses[0]!.id;
    const id = await csmsReserves(ctx, { evseId });
    await reportConnector(station, evseId, 'Reserved');
    await reportConnector(station, evseId, 'Faulted');
    await station.call('ReservationStatusUpdate', { reservationId: id, reservationUpdateStatus: 'Removed' });
  },
});

export const rejectedOfCsms = testCase<CsmsTestCase>({
  useCase: 'H01', variant: 'rejected', ocpp, sut: 'CSMS', actions: ['reserveNow'],
  octt: full('TC_H_22_CSMS'),
  title: 'A station configured not to take reservations answers the operator\'s ReserveNow Rejected; the CSMS stays connected and answers the station',
  killedBy: ['csms.reserve-now-wrong-evse'],
  async run(ctx) {
    await ctx.station.booted();
    await operatorReserves(ctx, { evseId: ctx.profile.evses[0]!.id, idToken: ctx.profile.idTokens.valid }, 'Rejected');
    await ctx.station.call('Heartbeat', {});
  },
});
