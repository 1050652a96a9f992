// Authorization of tokens presented at the station (C01), group IDs (C09, 1.6 parentIdTag) and the master pass
// (C16), for both SUT roles. SUT = CS: the harness answers Authorize and TransactionEvent with the status and group
// a test needs and watches what the station does with them. SUT = CSMS: the harness presents the profile's tokens
// and judges the status and group the CSMS answers.
import type { CsContext, CsmsContext } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import type { IdTokens, SutProfile } from '../../src/harness/config.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';
import { establishSetting } from './settings.js';
import {
  AUTH_ENABLED, DISABLE_REMOTE_AUTHORIZATION, afterMark, brief, info, markOf, newSession, plugIn, readTxSettings,
  reportConnector, setIfWritable, startEnergyTransfer, type Mark, type Session, type SimTx,
} from './session-states.js';

type CsmsPeer = CsContext['csms'];
type StationPeer = CsmsContext['station'];

// ---------------------------------------------------------------- SUT = CS

/** What the harness (as CSMS) says about a token: its status and group. */
export interface TokenVerdict {
  status: string;
  group?: string;
}

/** The harness's default knowledge: valid and valid2 in one group, the master pass in its group, the rest refused. */
export function knownToken(t: IdTokens, token: unknown): TokenVerdict {
  if (token === t.valid || token === t.valid2) return { status: 'Accepted', group: t.groupId };
  if (token === t.masterPass) return { status: 'Accepted', group: t.masterPassGroupId };
  if (token === t.blocked) return { status: 'Blocked' };
  if (token === t.expired) return { status: 'Expired' };
  return { status: 'Invalid' };
}

/** The version's token info (2.0.1 idTokenInfo, 1.6 idTagInfo) for a verdict. */
export function tokenInfoOf(ocpp: OcppVersion, v: TokenVerdict): Payload {
  if (v.group === undefined) return { status: v.status };
  return ocpp === '1.6' ? { status: v.status, parentIdTag: v.group } : { status: v.status, groupIdToken: { idToken: v.group, type: 'Central' } };
}

/**
 * Answer Authorize (and 2.0.1 TransactionEvent, 1.6 StopTransaction) about tokens with `decide` (default: the
 * harness's knowledge above).
 */
export function answerTokens(csms: CsmsPeer, decide: (token: unknown) => TokenVerdict = (t) => knownToken(csms.profile.idTokens, t)): void {
  const ocpp = csms.profile.ocpp;
  if (ocpp === '1.6') {
    csms.answer('Authorize', (c) => ({ idTagInfo: tokenInfoOf(ocpp, decide(c.payload.idTag)) }));
    csms.answer('StopTransaction', (c) => (c.payload.idTag === undefined ? {} : { idTagInfo: tokenInfoOf(ocpp, decide(c.payload.idTag)) }));
    return;
  }
  csms.answer('Authorize', (c) => ({ idTokenInfo: tokenInfoOf(ocpp, decide((c.payload.idToken as Payload | undefined)?.idToken)) }));
  csms.answer('TransactionEvent', (c) => {
    const token = (c.payload.idToken as Payload | undefined)?.idToken;
    return token === undefined ? {} : { idTokenInfo: tokenInfoOf(ocpp, decide(token)) };
  });
}

/** Configuration state of the C test cases: AuthCtrlr.Enabled true, DisableRemoteAuthorization false (each if writable). */
export async function prepareAuthorization(csms: CsmsPeer): Promise<void> {
  if (csms.profile.ocpp === '1.6') return;
  await setIfWritable(csms, '2.0.1', AUTH_ENABLED, 'true');
  await setIfWritable(csms, '2.0.1', DISABLE_REMOTE_AUTHORIZATION, 'false');
}

/** The driver presents a token at the EVSE; the station must ask the CSMS about it (Authorize with the token and type). */
export async function presentExpectingAuthorize({ csms, sut, profile }: CsContext, evseId: number, token: string, why: string): Promise<ReceivedCall> {
  const since = markOf(csms);
  await sut.act('presentIdToken', { evse: evseId, idToken: token, type: profile.idTokens.type });
  const authorize = await csms.expectCall('Authorize', { after: afterMark(since) })
    .catch(() => { throw new Verdict(`${why}: the station must send Authorize for the presented token ${token} within ${profile.timing.callTimeoutMs} ms`); });
  requireAuthorizeFor(profile, authorize, token);
  return authorize;
}

export function requireAuthorizeFor(profile: SutProfile, authorize: ReceivedCall, token: string): void {
  if (profile.ocpp === '1.6') {
    if (authorize.payload.idTag !== token) throw new Verdict(`Authorize must carry idTag ${token}, got ${brief(authorize)}`);
    return;
  }
  const got = authorize.payload.idToken as Payload | undefined;
  if (got?.idToken !== token || got.type !== profile.idTokens.type) {
    throw new Verdict(`Authorize must carry idToken ${token} (${profile.idTokens.type}), got ${brief(authorize)}`);
  }
}

/** 2.0.1: the TransactionEvent of the session that follows `after`. */
export function nextSessionEvent(csms: CsmsPeer, s: Session, after: Mark, why: string): Promise<ReceivedCall> {
  const where = s.txId === undefined ? undefined : { transactionInfo: { transactionId: s.txId } };
  return csms.expectCall('TransactionEvent', { where, after: afterMark(after) })
    .catch((err: Error) => { throw new Verdict(`${why}: ${err.message}`); });
}

/**
 * Part 6 Authorized (local), 2.0.1: the token presented, Authorize answered Accepted (with the token's group), and
 * a TransactionEvent with triggerReason Authorized and the token (Updated when the cable began the transaction,
 * Started otherwise) when a transaction runs or begins now.
 */
export async function authorizeLocally(ctx: CsContext, s: Session, token: string): Promise<void> {
  const { csms, profile } = ctx;
  const authorize = await presentExpectingAuthorize(ctx, s.evseId, token, 'a token was presented at the station');
  s.authorized = true;
  s.last = authorize;
  const begins = s.txId === undefined && s.tx.startPoints.includes('Authorized');
  if (s.txId === undefined && !begins) return;
  const event = await nextSessionEvent(csms, s, authorize, 'after the accepted Authorize a TransactionEvent must follow');
  const what = `the TransactionEvent after the token was accepted (${brief(event)})`;
  if (event.payload.triggerReason !== 'Authorized') throw new Verdict(`${what}: triggerReason must be Authorized`);
  const got = event.payload.idToken as Payload | undefined;
  if (got?.idToken !== token || got.type !== profile.idTokens.type) throw new Verdict(`${what}: idToken must be ${token} (${profile.idTokens.type})`);
  const expected = s.txId === undefined ? 'Started' : 'Updated';
  if (event.payload.eventType !== expected) throw new Verdict(`${what}: eventType must be ${expected}`);
  s.txId = String(info(event).transactionId);
  s.last = event;
}

/** Part 6 EVConnectedPreSession on the EVSE, read from the station's own TxStartPoint. */
export async function preSession(ctx: CsContext, evseId: number): Promise<Session> {
  const tx = await readTxSettings(ctx.csms, '2.0.1');
  const s = newSession(ctx.csms, evseId, tx);
  await plugIn(ctx, s, 'preSession');
  return s;
}

/** Part 6 EnergyTransferStarted reached locally: cable first, the token presented and accepted, energy. */
export async function chargeLocally(ctx: CsContext, evseId: number, token: string): Promise<Session> {
  const s = await preSession(ctx, evseId);
  await authorizeLocally(ctx, s, token);
  await startEnergyTransfer(ctx, s);
  return s;
}

/** Nothing of the session's transaction but periodic meter values may follow `since` for the quiet time. */
export async function requireNoTxEvent(csms: CsmsPeer, since: ReceivedCall, what: string, pick: (c: ReceivedCall) => boolean = () => true,
  requirement?: string): Promise<void> {
  const unwanted = await csms.firstUnwanted((c) => c.action === 'TransactionEvent' && c.payload.triggerReason !== 'MeterValuePeriodic' && pick(c),
    csms.profile.timing.quietMs, since);
  if (unwanted) throw new Verdict(`${what}, but it sent ${brief(unwanted)}`, requirement);
}

// ---------------------------------------------------------------- SUT = CSMS

/** The status and group the CSMS answered about a token (2.0.1 idTokenInfo, 1.6 idTagInfo). */
export function answeredInfo(answer: Payload): { status?: string; group?: string } {
  const i = (answer.idTokenInfo ?? answer.idTagInfo) as Payload | undefined;
  const group = i?.parentIdTag ?? (i?.groupIdToken as Payload | undefined)?.idToken;
  return { status: i?.status === undefined ? undefined : String(i.status), group: group === undefined ? undefined : String(group) };
}

/** The CSMS's answer about a token must have one of `statuses` (and, when given, the group). */
export function requireTokenAnswer(answer: Payload, what: string, statuses: string[], group?: string, requirement?: string): void {
  const got = answeredInfo(answer);
  if (!got.status || !statuses.includes(got.status)) {
    throw new Verdict(`${what}: the token's status must be ${statuses.join(' or ')}, got ${got.status ?? '(none)'}`, requirement);
  }
  if (group !== undefined && got.group !== group) {
    throw new Verdict(`${what}: the answer must name the token's group ${group}, got ${got.group ?? '(none)'}`, requirement);
  }
}

/** The harness presents a token: Authorize with it (2.0.1 with the profile's type). */
export function authorizeAtCsms(station: StationPeer, token: string): Promise<Payload> {
  return station.profile.ocpp === '1.6'
    ? station.call('Authorize', { idTag: token })
    : station.call('Authorize', { idToken: { idToken: token, type: station.profile.idTokens.type } });
}

/** One TransactionEvent of the harness's transaction, with any token; returns the CSMS's answer. */
export async function txEvent(station: StationPeer, t: SimTx, o: {
  eventType: 'Started' | 'Updated' | 'Ended'; trigger: string; chargingState?: string; withEvse?: boolean; token?: string;
  stoppedReason?: string; tokenType?: string;
}): Promise<Payload> {
  const transactionInfo: Payload = { transactionId: t.id };
  if (o.chargingState) transactionInfo.chargingState = o.chargingState;
  if (o.stoppedReason) transactionInfo.stoppedReason = o.stoppedReason;
  const p: Payload = { eventType: o.eventType, timestamp: station.now(), triggerReason: o.trigger, seqNo: t.seqNo++, transactionInfo };
  if (o.withEvse) p.evse = { id: t.evseId, connectorId: 1 };
  if (o.token) p.idToken = { idToken: o.token, type: o.tokenType ?? station.profile.idTokens.type };
  return station.call('TransactionEvent', p);
}

/** Part 6 3.18 EVConnectedPreSession as the harness plays it: Occupied, then a transaction begun by the cable. */
export async function simPreSession(station: StationPeer, t: SimTx): Promise<void> {
  await reportConnector(station, t.evseId, 'Occupied');
  await txEvent(station, t, { eventType: 'Started', trigger: 'CablePluggedIn', chargingState: 'EVConnected', withEvse: true });
}

/**
 * Part 6 3.18 EnergyTransferStarted with a token of choice: Authorize, TransactionEvent Started (Authorized), the
 * cable, energy. The CSMS must accept the token in both answers.
 */
export async function simChargingWith(station: StationPeer, t: SimTx, token: string): Promise<void> {
  requireTokenAnswer(await authorizeAtCsms(station, token), `Authorize for the valid token ${token}`, ['Accepted']);
  requireTokenAnswer(await txEvent(station, t, { eventType: 'Started', trigger: 'Authorized', token, withEvse: true, chargingState: 'Idle' }),
    `the TransactionEvent Authorized with ${token}`, ['Accepted']);
  await reportConnector(station, t.evseId, 'Occupied');
  await txEvent(station, t, { eventType: 'Updated', trigger: 'CablePluggedIn', chargingState: 'EVConnected', withEvse: true });
  await txEvent(station, t, { eventType: 'Updated', trigger: 'ChargingStateChanged', chargingState: 'Charging' });
}

const isoSetting = (variable: string) => ({ v16: '', component: 'ISO15118Ctrlr', variable });

/** Part of the preparation: the station's ISO15118Ctrlr as the document sets it (each an optional variable). */
export async function prepareIso15118(ctx: CsContext, central: boolean): Promise<void> {
  await prepareAuthorization(ctx.csms);
  await establishSetting(ctx.csms, '2.0.1', isoSetting('CentralContractValidationAllowed'), String(central));
  await establishSetting(ctx.csms, '2.0.1', isoSetting('PnCEnabled'), 'true');
  if (central) return;
  await establishSetting(ctx.csms, '2.0.1', isoSetting('ContractCertificateInstallationEnabled'), 'true');
  await establishSetting(ctx.csms, '2.0.1', isoSetting('V2GCertificateInstallationEnabled'), 'true');
}
