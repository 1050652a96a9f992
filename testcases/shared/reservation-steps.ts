// Reservations (2.0.1 H01-H04, the 1.6 Reservation profile), steps of both versions and both SUT roles.
// 2.0.1 ReserveNow { id, expiryDateTime, idToken, groupIdToken?, evseId?, connectorType? }; 1.6 ReserveNow
// { reservationId, expiryDate, idTag, parentIdTag?, connectorId } where connectorId 0 means any connector.
import type { CsContext, CsmsContext } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { SutProfile } from '../../src/harness/config.js';
import { canonicalItem } from '../../src/catalog/pics.js';
import { writeSetting, type SettingName } from './settings.js';
import {
  afterMark, brief, expectConnectorStatus, info, markOf, newSession, readTxSettings, reportConnector, reportedStatus,
  startEnergyTransfer, type Mark, type Session,
} from './session-states.js';

type CsmsPeer = CsContext['csms'];

export const RESERVATION_ENABLED: SettingName = { v16: '', component: 'ReservationCtrlr', variable: 'Enabled' };

/** A second token the harness (as CSMS) accepts: the documents' <Configured valid_idtoken2>. */
export const secondToken = (profile: SutProfile) => `${profile.idTokens.valid.slice(0, 17)}-2`;
/** The group the documents' <Configured groupIdToken> / <Configured ParentId> stands for. */
export const groupToken = (profile: SutProfile) => `${profile.idTokens.valid.slice(0, 14)}-GRP`;

/** An expiry far enough away that the reservation outlives the test case. */
export const LONG_EXPIRY_S = 3600;
/** The expiry of the test cases about expiry: 60 s as the documents set it, a few seconds against the reference. */
export const shortExpiryS = (profile: SutProfile) => Math.min(60, Math.max(2, Math.round(profile.timing.callTimeoutMs / 500)));

let reservationCounter = 200 + Math.floor(Math.random() * 10_000);
export const nextReservationId = () => reservationCounter++;

/**
 * The harness (as CSMS) accepts `tokens` in Authorize and in the transaction messages, naming `group` as their
 * group (2.0.1 groupIdToken, 1.6 parentIdTag) when given; other tokens keep the default answers.
 */
export function acceptTokens(csms: CsmsPeer, tokens: string[], group?: string): void {
  const v16 = csms.profile.ocpp === '1.6';
  const known = new Set([csms.profile.idTokens.valid, ...tokens]);
  const infoOf = (token: unknown): Payload => {
    const ok = known.has(String(token));
    const status = ok ? 'Accepted' : 'Invalid';
    if (v16) return ok && group && token !== csms.profile.idTokens.valid ? { status, parentIdTag: group } : { status };
    return ok && group && token !== csms.profile.idTokens.valid ? { status, groupIdToken: { idToken: group, type: csms.profile.idTokens.type } } : { status };
  };
  if (v16) {
    csms.answer('Authorize', (c) => ({ idTagInfo: infoOf(c.payload.idTag) }));
    let id = 8000 + Math.floor(Math.random() * 1000);
    csms.answer('StartTransaction', (c) => ({ transactionId: ++id, idTagInfo: infoOf(c.payload.idTag) }));
    return;
  }
  csms.answer('Authorize', (c) => ({ idTokenInfo: infoOf((c.payload.idToken as Payload | undefined)?.idToken) }));
  csms.answer('TransactionEvent', (c) => {
    const token = (c.payload.idToken as Payload | undefined)?.idToken;
    return token === undefined ? {} : { idTokenInfo: infoOf(token) };
  });
}

/**
 * The documents' preparation "ReservationCtrlr.ReservationEnabled is true (If implemented)". A station without the
 * variable goes on; one that refuses the value cannot be brought into the state: inconclusive.
 */
export async function enableReservations(csms: CsmsPeer): Promise<void> {
  if (csms.profile.ocpp === '1.6') return;
  const status = await writeSetting(csms, '2.0.1', RESERVATION_ENABLED, 'true');
  if (['Accepted', 'UnknownVariable', 'UnknownComponent'].includes(status)) return;
  throw new Inconclusive(`the preparation sets ReservationCtrlr.Enabled = true; the station answered ${status}`);
}

export interface ReserveRequest {
  id?: number;
  /** Undefined: any EVSE (2.0.1 evseId left out; 1.6 connectorId 0). */
  evseId?: number;
  token: string;
  group?: string;
  expiryS?: number;
  connectorType?: string;
}

/** The ReserveNow request in the version's words. */
export function reserveNowPayload(profile: SutProfile, r: ReserveRequest & { id: number }): Payload {
  const expiry = new Date(Date.now() + (r.expiryS ?? LONG_EXPIRY_S) * 1000).toISOString();
  if (profile.ocpp === '1.6') {
    const p: Payload = { connectorId: r.evseId ?? 0, expiryDate: expiry, idTag: r.token, reservationId: r.id };
    if (r.group) p.parentIdTag = r.group;
    return p;
  }
  const p: Payload = { id: r.id, expiryDateTime: expiry, idToken: { idToken: r.token, type: profile.idTokens.type } };
  if (r.evseId !== undefined) p.evseId = r.evseId;
  if (r.connectorType) p.connectorType = r.connectorType;
  if (r.group) p.groupIdToken = { idToken: r.group, type: profile.idTokens.type };
  return p;
}

const where = (profile: SutProfile, evseId?: number) => (evseId === undefined
  ? (profile.ocpp === '1.6' ? 'connector 0 (the charge point)' : 'any EVSE')
  : (profile.ocpp === '1.6' ? `connector ${evseId}` : `EVSE ${evseId}`));

/** ReserveNow that must be answered `expected` (naming `requirement` when not). Returns the reservation id. */
export async function reserveExpecting({ csms, profile }: CsContext, r: ReserveRequest, expected: string, requirement?: string): Promise<number> {
  const id = r.id ?? nextReservationId();
  const answer = await csms.call('ReserveNow', reserveNowPayload(profile, { ...r, id }));
  if (answer.status !== expected) {
    throw new Verdict(`ReserveNow ${id} for ${where(profile, r.evseId)} and ${r.token} must be answered ${expected}, got ${String(answer.status)}`, requirement);
  }
  return id;
}

/** The connectors of one EVSE (1.6: the connector itself). */
export const connectorsOf = (profile: SutProfile, evseId: number): number[] => {
  const evse = profile.evses.find((e) => e.id === evseId);
  return profile.ocpp === '1.6' ? [1] : Array.from({ length: evse?.connectors ?? 1 }, (_, i) => i + 1);
};

/** Every connector of the EVSE reports `status` after `since`. */
export async function expectEvseStatus(csms: CsmsPeer, evseId: number, status: string, since: Mark, why: string, o: { within?: number; passing?: string[] } = {}): Promise<ReceivedCall> {
  let last: ReceivedCall | undefined;
  for (const c of connectorsOf(csms.profile, evseId)) last = await expectConnectorStatus(csms, evseId, c, status, since, why, o);
  return last!;
}

/**
 * Reusable state Reserved (Part 6, SUT charging station; 1.6 "Reserved"): ReserveNow for the EVSE is Accepted and
 * its connectors report Reserved. Returns the reservation id and the last report.
 */
export async function reserveEvse(ctx: CsContext, r: ReserveRequest & { evseId: number }, requirement?: string): Promise<{ id: number; reported: ReceivedCall }> {
  const since = markOf(ctx.csms);
  const id = await reserveExpecting(ctx, r, 'Accepted', requirement);
  const reported = await expectEvseStatus(ctx.csms, r.evseId, 'Reserved', since, `after ReserveNow ${id} was Accepted for ${where(ctx.profile, r.evseId)}`);
  return { id, reported };
}

// ---------------------------------------------------------------- 2.0.1: using a reservation

/**
 * Part 6 Authorized, main A (local), at the EVSE: the driver presents `token` there; the station asks the CSMS
 * (Authorize with that token). When the EVSE was Reserved for this token or its group, the connectors go back to
 * Available first (TC_H_01 step 2). When TxStartPoint holds Authorized the transaction starts (Occupied, a
 * TransactionEvent Started with triggerReason Authorized and the token); with a transaction already running it is
 * Updated with triggerReason Authorized.
 */
export async function authorizeLocally201(ctx: CsContext, s: Session, token: string, o: { wasReserved: boolean }): Promise<void> {
  const { csms, sut, profile } = ctx;
  const since = markOf(csms);
  await sut.act('presentIdToken', { evse: s.evseId, idToken: token, type: profile.idTokens.type });
  // Authorize is optional for the token of a reservation (Part 6 Authorized, main A) and for a cached token.
  const first = await csms.firstUnwanted((c) => c.action === 'Authorize' || c.action === 'TransactionEvent'
    || reportedStatus('2.0.1', c, s.evseId, s.connectorId) !== undefined, profile.timing.callTimeoutMs, since ? since : 0);
  const cache = profile.discovered?.['C-49'] || profile.features.some((f) => canonicalItem(f, '2.0.1') === 'C-49');
  if (first?.action === 'Authorize') {
    const sent = first.payload.idToken as Payload | undefined;
    if (sent?.idToken !== token || sent.type !== profile.idTokens.type) throw new Verdict(`Authorize must carry idToken ${token} (${profile.idTokens.type}), got ${brief(first)}`);
  } else if (!o.wasReserved && !cache) {
    throw new Verdict(`the driver presented ${token} at EVSE ${s.evseId}: the station must ask the CSMS with Authorize first (the token is neither reserved nor, without C-49, cached)`);
  }
  if (o.wasReserved && !s.cableIn) {
    s.last = await expectEvseStatus(csms, s.evseId, 'Available', since, `the reservation of EVSE ${s.evseId} is used by ${token}: its connectors leave Reserved`, { passing: [] });
  }
  s.authorized = true;
  const begins = s.txId === undefined && s.tx.startPoints.includes('Authorized');
  if (begins && !s.occupied) {
    // A station may report Available twice (StatusNotification and NotifyEvent): it may pass on the way to Occupied.
    s.last = await expectConnectorStatus(csms, s.evseId, s.connectorId, 'Occupied', s.last ?? since, 'after the authorization began a transaction', { passing: ['Available'] });
    s.occupied = true;
  }
  if (s.txId === undefined && !begins) return;
  const event = await csms.expectCall('TransactionEvent', {
    where: s.txId === undefined ? undefined : { transactionInfo: { transactionId: s.txId } }, after: afterMark(since),
  }).catch((err: Error) => { throw new Verdict(`after the authorization of ${token} a TransactionEvent must follow: ${err.message}`); });
  const what = `the TransactionEvent after the authorization (${brief(event)})`;
  if (event.payload.triggerReason !== 'Authorized') throw new Verdict(`${what}: triggerReason must be Authorized`);
  const carried = event.payload.idToken as Payload | undefined;
  if (carried?.idToken !== token || carried.type !== profile.idTokens.type) throw new Verdict(`${what}: idToken must be ${token} (${profile.idTokens.type})`);
  const expected = s.txId === undefined ? 'Started' : 'Updated';
  if (event.payload.eventType !== expected) throw new Verdict(`${what}: eventType must be ${expected}`);
  if (s.txId === undefined && Number((event.payload.evse as Payload | undefined)?.id) !== s.evseId) {
    throw new Verdict(`${what}: the transaction must run on EVSE ${s.evseId}`);
  }
  s.txId = String(info(event).transactionId);
  s.last = event;
}

/**
 * Part 6 Authorized (main A) for `token` on the EVSE and then EnergyTransferStarted: the driver charges there. With
 * `wasReserved` the EVSE was Reserved for this token or its group, so its connectors report Available first.
 */
export async function chargeWith201(ctx: CsContext, evseId: number, token: string, o: { wasReserved: boolean }): Promise<Session> {
  const tx = await readTxSettings(ctx.csms, '2.0.1');
  if (!tx.startPoints.includes('EVConnected') && !tx.startPoints.includes('Authorized')) {
    throw new Inconclusive(`the harness follows transactions that start at EVConnected or Authorized; this station's TxStartPoint is ${tx.startPoints.join(',')}`);
  }
  const s = newSession(ctx.csms, evseId, tx);
  await authorizeLocally201(ctx, s, token, o);
  await startEnergyTransfer(ctx, s);
  return s;
}

/** Nothing charges on the EVSE (a TransactionEvent with chargingState Charging for it, 1.6 StartTransaction) for a while after `since`. */
export async function expectNoChargingOn(ctx: CsContext, evseId: number, since: Mark, why: string, requirement?: string): Promise<void> {
  const { csms, profile } = ctx;
  const bad = await csms.firstUnwanted((c) => {
    if (profile.ocpp === '1.6') return c.action === 'StartTransaction' && Number(c.payload.connectorId) === evseId;
    return c.action === 'TransactionEvent' && info(c).chargingState === 'Charging';
  }, profile.timing.quietMs + profile.timing.toleranceMs, since ? since : 0);
  if (bad) throw new Verdict(`${why}, but the station sent ${bad.action} ${brief(bad)}`, requirement);
}

/** The EVSE's connectors were reported `status` after `since` (already received); no waiting. */
export function reportedSince(csms: CsmsPeer, evseId: number, status: string, since: Mark): boolean {
  const from = since ? csms.received.indexOf(since) + 1 : 0;
  return csms.received.slice(from).some((c) => connectorsOf(csms.profile, evseId).some((k) => reportedStatus(csms.profile.ocpp, c, evseId, k) === status));
}

/** 2.0.1 ReservationStatusUpdate for the reservation with `status` (Expired, Removed) after `since`. */
export async function expectReservationUpdate(csms: CsmsPeer, id: number, status: string, since: Mark, within: number, requirement: string): Promise<ReceivedCall> {
  const update = await csms.expectCall('ReservationStatusUpdate', { after: afterMark(since), within })
    .catch(() => { throw new Verdict(`the station must send ReservationStatusUpdate ${status} for reservation ${id}; none came within ${within} ms`, requirement); });
  if (Number(update.payload.reservationId) !== id || update.payload.reservationUpdateStatus !== status) {
    throw new Verdict(`ReservationStatusUpdate must carry reservationId ${id} and reservationUpdateStatus ${status}, got ${brief(update)}`, requirement);
  }
  return update;
}

// ---------------------------------------------------------------- 1.6: using a reservation

/**
 * 1.6 TC_046/TC_053 use: the driver presents `token` at the connector (Authorize, optional when the station knows
 * it), the connector reports Preparing, the cable goes in, and StartTransaction names the reservation and the
 * token; then the connector reports Charging.
 */
export async function chargeReserved16(ctx: CsContext, connectorId: number, token: string, reservationId: number | undefined): Promise<ReceivedCall> {
  const { csms, sut } = ctx;
  const since = markOf(csms);
  await sut.act('presentIdToken', { evse: connectorId, idToken: token });
  const authorize = await csms.firstUnwanted((c) => c.action === 'Authorize' || reportedStatus('1.6', c, connectorId, 1) !== undefined, ctx.profile.timing.callTimeoutMs, since ? since : 0);
  if (authorize?.action === 'Authorize' && authorize.payload.idTag !== token) throw new Verdict(`Authorize must carry idTag ${token}, got ${brief(authorize)}`);
  await expectConnectorStatus(csms, connectorId, 1, 'Preparing', since, `after ${token} was presented at the reserved connector`);
  const plugged = markOf(csms);
  await sut.act('plugIn', { evse: connectorId });
  const start = await csms.expectCall('StartTransaction', { after: afterMark(plugged) })
    .catch((err: Error) => { throw new Verdict(`after the cable went in the station must send StartTransaction: ${err.message}`); });
  checkStart16(start, connectorId, token, reservationId);
  await expectConnectorStatus(csms, connectorId, 1, 'Charging', plugged, 'once the transaction started', { passing: ['Preparing'] });
  return start;
}

/** StartTransaction for the connector and token, naming `reservationId` (or, when undefined, none). */
export function checkStart16(start: ReceivedCall, connectorId: number, token: string, reservationId: number | undefined): void {
  const p = start.payload;
  if (Number(p.connectorId) !== connectorId || p.idTag !== token) {
    throw new Verdict(`StartTransaction must be for connector ${connectorId} with idTag ${token}, got ${brief(start)}`);
  }
  if (reservationId === undefined && p.reservationId !== undefined) {
    throw new Verdict(`the reservation was cancelled: StartTransaction must not name reservationId ${String(p.reservationId)}`);
  }
  if (reservationId !== undefined && Number(p.reservationId) !== reservationId) {
    throw new Verdict(`the transaction uses reservation ${reservationId}: StartTransaction must carry that reservationId, got ${p.reservationId === undefined ? 'none' : String(p.reservationId)}`, 'OCPP 1.6 5.13');
  }
}

/** 1.6 ChangeAvailability Inoperative for every connector but `keep` (the reusable state SetConnectorUnavailable for unused connectors). */
export async function otherConnectorsUnavailable16(ctx: CsContext, keep: number): Promise<void> {
  const { csms, profile } = ctx;
  for (const e of profile.evses.filter((x) => x.id !== keep)) {
    const since = markOf(csms);
    const answer = await csms.call('ChangeAvailability', { connectorId: e.id, type: 'Inoperative' });
    if (answer.status !== 'Accepted') throw new Inconclusive(`the preparation makes connector ${e.id} unavailable; ChangeAvailability was answered ${String(answer.status)}`);
    await expectConnectorStatus(csms, e.id, 1, 'Unavailable', since, `after ChangeAvailability Inoperative for connector ${e.id}`);
  }
}

/** 1.6 ReserveConnectorZeroSupported must be true for a reservation of connector 0 to apply (the documents' prerequisite). */
export async function requireConnectorZero16(csms: CsmsPeer): Promise<void> {
  const answer = await csms.call('GetConfiguration', { key: ['ReserveConnectorZeroSupported'] });
  const entry = ((answer.configurationKey as Payload[] | undefined) ?? []).find((k) => String(k.key).toLowerCase() === 'reserveconnectorzerosupported');
  if (String(entry?.value).toLowerCase() !== 'true') {
    throw new Inconclusive(`the test needs ReserveConnectorZeroSupported true; the charge point reports ${entry ? String(entry.value) : 'no such key'}`);
  }
}

// ---------------------------------------------------------------- SUT = CSMS

/**
 * The CSMS's operator reserves: the ReserveNow that arrives must carry what the operator chose (EVSE / connector,
 * token, group) and an expiry in the future; the harness answers `status`. Returns the request.
 */
export async function operatorReserves({ station, sut, profile }: CsmsContext, args: { evseId?: number; idToken: string; groupIdToken?: string; connectorType?: string },
  status = 'Accepted'): Promise<ReceivedCall> {
  station.answer('ReserveNow', { status });
  const since = station.received.at(-1);
  await sut.act('reserveNow', { ...args, type: profile.idTokens.type });
  const call = await station.expectCall('ReserveNow', { after: since ?? 0 });
  const p = call.payload;
  const v16 = profile.ocpp === '1.6';
  const token = v16 ? p.idTag : (p.idToken as Payload | undefined)?.idToken;
  const evse = v16 ? Number(p.connectorId) : (p.evseId === undefined ? undefined : Number(p.evseId));
  const wantedEvse = v16 ? (args.evseId ?? 0) : args.evseId;
  const group = v16 ? p.parentIdTag : (p.groupIdToken as Payload | undefined)?.idToken;
  const expiry = Date.parse(String(v16 ? p.expiryDate : p.expiryDateTime));
  const what = `the ReserveNow the operator asked for (${brief(call)})`;
  if (token !== args.idToken) throw new Verdict(`${what}: the token must be ${args.idToken}`);
  if (!v16 && (p.idToken as Payload | undefined)?.type !== profile.idTokens.type) throw new Verdict(`${what}: idToken.type must be ${profile.idTokens.type}`);
  if (evse !== wantedEvse) throw new Verdict(`${what}: it must reserve ${where(profile, wantedEvse === 0 ? undefined : wantedEvse)}`);
  if (args.groupIdToken !== undefined && group !== args.groupIdToken) throw new Verdict(`${what}: the group (${v16 ? 'parentIdTag' : 'groupIdToken'}) must be ${args.groupIdToken}`);
  if (!v16 && args.connectorType !== undefined && p.connectorType !== args.connectorType) throw new Verdict(`${what}: connectorType must be ${args.connectorType}`);
  if (!v16 && args.connectorType === undefined && p.connectorType !== undefined) throw new Verdict(`${what}: connectorType must be left out`);
  if (!(expiry > Date.now())) throw new Verdict(`${what}: the expiry must lie in the future, a reservation that has expired already cannot be used`);
  return call;
}

/** The reservation id of a ReserveNow request. */
export const reservationIdOf = (profile: SutProfile, call: ReceivedCall) => Number(profile.ocpp === '1.6' ? call.payload.reservationId : call.payload.id);

/** The CSMS's operator cancels: CancelReservation must name `id`; the harness answers `status`. */
export async function operatorCancels({ station, sut }: CsmsContext, id: number, status = 'Accepted'): Promise<ReceivedCall> {
  station.answer('CancelReservation', { status });
  const since = station.received.at(-1);
  await sut.act('cancelReservation', { reservationId: id });
  const call = await station.expectCall('CancelReservation', { after: since ?? 0 });
  if (Number(call.payload.reservationId) !== id) throw new Verdict(`CancelReservation must name reservation ${id}, got ${brief(call)}`);
  return call;
}

/**
 * 1.6 reusable state Charging (as the tool plays it) on a reserved connector: Authorize, Preparing, StartTransaction
 * naming the reservation, Charging; the Central System must accept the idTag.
 */
export async function simChargingReserved16(ctx: CsmsContext, connectorId: number, reservationId: number): Promise<void> {
  const { station, profile } = ctx;
  const idTag = profile.idTokens.valid;
  const auth = await station.call('Authorize', { idTag });
  if ((auth.idTagInfo as { status?: string } | undefined)?.status !== 'Accepted') throw new Verdict(`the Central System must accept ${idTag} in Authorize.conf, got ${JSON.stringify(auth)}`);
  await reportConnector(station, connectorId, 'Preparing');
  const start = await station.call('StartTransaction', { connectorId, idTag, meterStart: 0, timestamp: station.now(), reservationId });
  if ((start.idTagInfo as { status?: string } | undefined)?.status !== 'Accepted') throw new Verdict(`the Central System must accept ${idTag} in StartTransaction.conf (reservation ${reservationId}), got ${JSON.stringify(start)}`);
  await reportConnector(station, connectorId, 'Charging');
}
