// The official reusable states that the remote-control (F) and availability (G) test cases build on, for both
// SUT roles, and the configuration they read or set first.
//
// SUT = charging station (the harness is its CSMS): 2.0.1 EVConnectedPreSession, Authorized (remote),
// EnergyTransferStarted, StopAuthorized (remote), EVDisconnected (Part 6 2.18); 1.6 Charging (plug in, then a
// remote start) and the remote start of the OCTT document. Each step checks what the document's tool validations
// check. SUT = CSMS (the harness is a station): the same states as messages the harness sends (Part 6 3.18, the
// 1.6 document 3.22), with the answers the documents validate.
import type { CsContext, CsmsContext } from '../../src/harness/test-case.js';
import { Verdict, type Peer, type ReceivedCall } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';
import { describeSetting, writeSetting, type SettingName } from './settings.js';

type CsmsPeer = CsContext['csms'];
type StationPeer = CsmsContext['station'];

// ---------------------------------------------------------------- shared small things

/** A point in the peer's list of received calls: what came after it is new. Undefined = from the start. */
export type Mark = ReceivedCall | undefined;
export const markOf = (peer: Peer): Mark => peer.received.at(-1);
/** `after` for expectCall from a mark. */
export const afterMark = (m: Mark): ReceivedCall | number => m ?? 0;

export const info = (c: ReceivedCall) => (c.payload.transactionInfo ?? {}) as Payload;
export const brief = (c: ReceivedCall) => JSON.stringify(c.payload).slice(0, 300);
const tokenOf = (c: ReceivedCall) => c.payload.idToken as Payload | undefined;

/** Position in the peer's trace of the frame `[type, id, ...]` that satisfies `pick`, searching backwards. */
function frameIndex(peer: Peer, dir: 'in' | 'out', pick: (frame: unknown[]) => boolean): number {
  const frames = peer.log.frames;
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]!;
    if (f.dir !== dir) continue;
    try {
      const parsed = JSON.parse(f.text) as unknown;
      if (Array.isArray(parsed) && pick(parsed)) return i;
    } catch {
      // not a JSON frame
    }
  }
  return -1;
}

/**
 * The station must answer the harness's last `action` request before it sends `later` (answer first, then act:
 * the CSMS learns the outcome before the transaction messages that follow from it).
 */
export function requireAnsweredBefore(peer: Peer, action: string, later: ReceivedCall): void {
  const request = frameIndex(peer, 'out', (f) => f[0] === 2 && f[2] === action);
  if (request < 0) return;
  const id = (JSON.parse(peer.log.frames[request]!.text) as unknown[])[1];
  const result = frameIndex(peer, 'in', (f) => (f[0] === 3 || f[0] === 4) && f[1] === id);
  const event = frameIndex(peer, 'in', (f) => f[0] === 2 && f[1] === later.messageId);
  if (result < 0 || event < 0 || event < result) {
    throw new Verdict(`the station sent ${later.action} before it answered ${action}: it must answer the request first`);
  }
}

// ---------------------------------------------------------------- configuration of the station

export const AUTH_ENABLED: SettingName = { v16: '', component: 'AuthCtrlr', variable: 'Enabled' };
export const DISABLE_REMOTE_AUTHORIZATION: SettingName = { v16: '', component: 'AuthCtrlr', variable: 'DisableRemoteAuthorization' };
export const AUTHORIZE_REMOTE_START: SettingName = { v16: 'AuthorizeRemoteTxRequests', component: 'AuthCtrlr', variable: 'AuthorizeRemoteStart' };
export const TX_START_POINT: SettingName = { v16: '', component: 'TxCtrlr', variable: 'TxStartPoint' };
export const TX_STOP_POINT: SettingName = { v16: '', component: 'TxCtrlr', variable: 'TxStopPoint' };
export const CONNECTION_TIMEOUT: SettingName = { v16: 'ConnectionTimeOut', component: 'TxCtrlr', variable: 'EVConnectionTimeOut' };

/** The station's value of a setting (2.0.1 GetVariables, 1.6 GetConfiguration), or undefined when it has none. */
export async function readSetting(csms: CsmsPeer, ocpp: OcppVersion, s: SettingName): Promise<string | undefined> {
  if (ocpp === '1.6') {
    const answer = await csms.call('GetConfiguration', { key: [s.v16] });
    const entry = ((answer.configurationKey as Payload[] | undefined) ?? []).find((k) => String(k.key).toLowerCase() === s.v16.toLowerCase());
    return entry?.value === undefined ? undefined : String(entry.value);
  }
  const variable = { name: s.variable, ...(s.instance ? { instance: s.instance } : {}) };
  const answer = await csms.call('GetVariables', { getVariableData: [{ component: { name: s.component }, variable }] });
  const result = (answer.getVariableResult as Payload[] | undefined)?.[0];
  return result?.attributeStatus === 'Accepted' && result.attributeValue !== undefined ? String(result.attributeValue) : undefined;
}

/**
 * A preparation the document words "X is V (If implemented AND ReadWrite)": write it; a station without the
 * variable, or with it read-only, keeps its own value and the test goes on.
 */
export async function setIfWritable(csms: CsmsPeer, ocpp: OcppVersion, s: SettingName, value: string): Promise<void> {
  if (ocpp === '2.0.1' || s.v16) await writeSetting(csms, ocpp, s, value);
}

/**
 * A value the test needs. When the station refuses it and does not already hold it, the verdict depends on the
 * specification: `readOnlyAllowed` (why the value may be fixed) makes it inconclusive, otherwise the refusal fails
 * the test naming `requirement`. RebootRequired cannot be honoured within a test: inconclusive.
 */
export async function requireSetting(csms: CsmsPeer, ocpp: OcppVersion, s: SettingName, value: string,
  o: { readOnlyAllowed?: string; requirement?: string }): Promise<void> {
  const status = await writeSetting(csms, ocpp, s, value);
  if (status === 'Accepted') return;
  const what = `${describeSetting(ocpp, s)} = ${value} was answered ${status}`;
  if (status === 'RebootRequired') throw new Inconclusive(`${what}: the value would need a reboot, so the precondition is not established`);
  const current = await readSetting(csms, ocpp, s);
  if (current !== undefined && current.toLowerCase() === value.toLowerCase()) return;
  if (o.readOnlyAllowed) throw new Inconclusive(`${what} and the station holds ${current ?? '(no value)'}; ${o.readOnlyAllowed}, so the precondition is not established`);
  throw new Verdict(`${what}; the test needs it set`, o.requirement);
}

/** What the station's transaction configuration makes it do, read from the station (the OCTT is configured with it). */
export interface TxSettings {
  /** 2.0.1 TxStartPoint / TxStopPoint members (empty for 1.6). */
  startPoints: string[];
  stopPoints: string[];
  /** AuthorizeRemoteStart (2.0.1) / AuthorizeRemoteTxRequests (1.6): a remote start is authorized like a local one. */
  authorizeRemote: boolean;
}

const members = (v: string | undefined) => (v ?? '').split(',').map((m) => m.trim()).filter(Boolean);

export async function readTxSettings(csms: CsmsPeer, ocpp: OcppVersion): Promise<TxSettings> {
  const authorize = await readSetting(csms, ocpp, AUTHORIZE_REMOTE_START);
  if (authorize === undefined) {
    throw new Verdict(`the station reports no value for ${describeSetting(ocpp, AUTHORIZE_REMOTE_START)}, a required ${ocpp === '1.6' ? 'configuration key' : 'variable'}`,
      ocpp === '1.6' ? 'OCPP 1.6 9.1.3' : undefined);
  }
  if (ocpp === '1.6') return { startPoints: [], stopPoints: [], authorizeRemote: authorize === 'true' };
  const start = members(await readSetting(csms, ocpp, TX_START_POINT));
  const stop = members(await readSetting(csms, ocpp, TX_STOP_POINT));
  if (!start.length || !stop.length) throw new Verdict(`the station reports no value for TxCtrlr.TxStartPoint / TxStopPoint, required variables (got "${start.join(',')}" / "${stop.join(',')}")`);
  return { startPoints: start, stopPoints: stop, authorizeRemote: authorize.toLowerCase() === 'true' };
}

/** The flows reproduced here start a transaction at the cable or at the authorization, as the Part 6 states do. */
function requireReproducibleStart(tx: TxSettings): void {
  if (!tx.startPoints.includes('EVConnected') && !tx.startPoints.includes('Authorized')) {
    throw new Inconclusive(`the harness reproduces the transaction states for a TxStartPoint holding EVConnected or Authorized; this station's is ${tx.startPoints.join(',')}`);
  }
}

// ---------------------------------------------------------------- connector status (SUT = CS)

const statusKey = (ocpp: OcppVersion) => (ocpp === '1.6' ? 'status' : 'connectorStatus');

/** The status a call reports for one connector (StatusNotification, or 2.0.1 NotifyEvent AvailabilityState with trigger Delta), if it does. */
export function reportedStatus(ocpp: OcppVersion, c: ReceivedCall, evseId: number, connectorId: number): string | undefined {
  if (c.action === 'StatusNotification') {
    if (ocpp === '1.6') return Number(c.payload.connectorId) === evseId ? String(c.payload.status) : undefined;
    return Number(c.payload.evseId) === evseId && Number(c.payload.connectorId) === connectorId ? String(c.payload.connectorStatus) : undefined;
  }
  if (ocpp === '1.6' || c.action !== 'NotifyEvent') return undefined;
  const event = ((c.payload.eventData as Payload[] | undefined) ?? []).find((e) => {
    const component = e.component as Payload | undefined;
    const evse = component?.evse as Payload | undefined;
    return component?.name === 'Connector' && (e.variable as Payload | undefined)?.name === 'AvailabilityState' && e.trigger === 'Delta'
      && Number(evse?.id) === evseId && Number(evse?.connectorId) === connectorId;
  });
  return event === undefined ? undefined : String(event.actualValue);
}

/**
 * The connector's next status report after `since` (a StatusNotification, or in 2.0.1 a NotifyEvent of its
 * AvailabilityState: Part 5 lets a station choose) must be `status`; reports of the statuses in `passing` may
 * come first (1.6 Finishing on the way to Available).
 */
export async function expectConnectorStatus(csms: CsmsPeer, evseId: number, connectorId: number, status: string, since: Mark,
  why: string, o: { passing?: string[]; within?: number } = {}): Promise<ReceivedCall> {
  const ocpp = csms.profile.ocpp;
  let from: Mark = since;
  const within = o.within ?? csms.profile.timing.callTimeoutMs;
  for (;;) {
    const report = await csms.firstUnwanted((c) => reportedStatus(ocpp, c, evseId, connectorId) !== undefined, within, from ? from : 0);
    const where = ocpp === '1.6' ? `connector ${evseId}` : `EVSE ${evseId} connector ${connectorId}`;
    if (!report) throw new Verdict(`${why}: expected ${where} to report ${status} (StatusNotification${ocpp === '1.6' ? '' : ' or NotifyEvent AvailabilityState'}) within ${within} ms; none came`);
    const got = reportedStatus(ocpp, report, evseId, connectorId)!;
    if (got === status) return report;
    if (!o.passing?.includes(got)) throw new Verdict(`${why}: ${where} must report ${status}, it reported ${got}`);
    from = report;
  }
}

// ---------------------------------------------------------------- 2.0.1 states (SUT = CS)

/** A transaction session on one connector as the harness follows it. */
export interface Session {
  evseId: number;
  connectorId: number;
  tx: TxSettings;
  /** Set once the station has begun the transaction. */
  txId?: string;
  remoteStartId?: number;
  cableIn: boolean;
  /** The connector was reported Occupied already (a later plug-in changes nothing). */
  occupied: boolean;
  authorized: boolean;
  /** Energy flows already (a transaction that started with it: TxStartPoint EnergyTransfer). */
  energy?: boolean;
  /** The last call of the session seen so far. */
  last: Mark;
}

/** The status the connector reported last (StatusNotification or NotifyEvent), if any. */
export function lastReportedStatus(csms: CsmsPeer, evseId: number, connectorId: number): string | undefined {
  for (let i = csms.received.length - 1; i >= 0; i--) {
    const got = reportedStatus(csms.profile.ocpp, csms.received[i]!, evseId, connectorId);
    if (got !== undefined) return got;
  }
  return undefined;
}

/** Whether the cable (with the session's authorization so far) reaches a start point: the transaction starts at it. */
function cableStarts(s: Session): boolean {
  const p = s.tx.startPoints;
  return p.includes('EVConnected') || (s.authorized && (p.includes('PowerPathClosed') || p.includes('EnergyTransfer')));
}

/** Whether the authorization (with the cable so far) reaches a start point. */
function authorizationStarts(s: Session): boolean {
  const p = s.tx.startPoints;
  return p.includes('Authorized') || (s.cableIn && (p.includes('PowerPathClosed') || p.includes('EnergyTransfer')));
}

/** The start points that come before energy flows: without any, a transaction starts with the energy. */
export const startsWithEnergy = (tx: TxSettings) => !['EVConnected', 'Authorized', 'PowerPathClosed', 'ParkingBayOccupancy', 'DataSigned'].some((p) => tx.startPoints.includes(p));

export function newSession(csms: CsmsPeer, evseId: number, tx: TxSettings): Session {
  return { evseId, connectorId: 1, tx, cableIn: false, occupied: false, authorized: false, last: markOf(csms) };
}

/** A fresh remoteStartId per request of the harness. */
let remoteStartCounter = 100 + Math.floor(Math.random() * 10_000);
export const nextRemoteStartId = () => remoteStartCounter++;

/** The TransactionEvent that follows `after` for the session's transaction (or, before it has one, any). */
function nextTxEvent(csms: CsmsPeer, s: Session, after: Mark, why: string): Promise<ReceivedCall> {
  const where = s.txId === undefined ? undefined : { transactionInfo: { transactionId: s.txId } };
  return csms.expectCall('TransactionEvent', { where, after: afterMark(after) })
    .catch((err: Error) => { throw new Verdict(`${why}: ${err.message}`); });
}

function requireEvse(c: ReceivedCall, s: Session, what: string): void {
  const evse = c.payload.evse as Payload | undefined;
  if (Number(evse?.id) !== s.evseId || Number(evse?.connectorId) !== s.connectorId) {
    throw new Verdict(`${what} must name evse.id ${s.evseId} and evse.connectorId ${s.connectorId}, got evse ${JSON.stringify(evse ?? '(none)')}`);
  }
}

function requireToken(c: ReceivedCall, token: { idToken: string; type: string }, what: string): void {
  const got = tokenOf(c);
  if (got?.idToken !== token.idToken || got.type !== token.type) {
    throw new Verdict(`${what} must carry idToken ${token.idToken} (${token.type}), got ${JSON.stringify(got ?? '(none)')}`);
  }
}

/**
 * The EV driver plugs in (or, with action lockFailure, pushes the cable in only halfway). `mode` preSession:
 * Part 6 EVConnectedPreSession (cable before authorization); energy: part 1 of EnergyTransferStarted (cable after
 * authorization). The connector reports Occupied unless it
 * already did, and a TransactionEvent follows when a transaction exists or the cable begins one.
 */
export async function plugIn({ csms, sut }: CsContext, s: Session, mode: 'preSession' | 'energy',
  action: 'plugIn' | 'lockFailure' = 'plugIn'): Promise<ReceivedCall | undefined> {
  const since = markOf(csms);
  // An authorization without a transaction (or a reservation) may have made the connector Occupied already.
  if (!s.occupied && lastReportedStatus(csms, s.evseId, s.connectorId) === 'Occupied') s.occupied = true;
  await sut.act(action, { evse: s.evseId, connector: s.connectorId });
  s.cableIn = true;
  if (!s.occupied) {
    s.last = await expectConnectorStatus(csms, s.evseId, s.connectorId, 'Occupied', since, 'after the EV was plugged in');
    s.occupied = true;
  }
  const begins = s.txId === undefined && cableStarts(s);
  if (s.txId === undefined && !begins) return undefined;
  const event = await nextTxEvent(csms, s, since, 'after the EV was plugged in a TransactionEvent must follow');
  const p = event.payload;
  const what = `the TransactionEvent after plugging in (${brief(event)})`;
  if (begins && s.authorized && startsWithEnergy(s.tx)) {
    // TxStartPoint EnergyTransfer: the transaction starts with the energy (TC_E_02).
    requireEnergyStart(event, s, csms.profile);
  } else if (s.txId === undefined && s.remoteStartId !== undefined) {
    // The remote start authorized first and the cable begins the transaction: the general rule of Part 6 2.1
    // makes this first event after the request a RemoteStart one.
    requireRemoteStartEvent(event, s, csms.profile, 'Started');
  } else if (mode === 'energy') {
    if (p.triggerReason !== 'CablePluggedIn') throw new Verdict(`${what}: triggerReason must be CablePluggedIn`);
    if (info(event).chargingState !== 'EVConnected') throw new Verdict(`${what}: transactionInfo.chargingState must be EVConnected`);
    if (p.eventType !== 'Updated') throw new Verdict(`${what}: the transaction already ran, eventType must be Updated`);
  } else {
    if (!['CablePluggedIn', 'ChargingStateChanged', 'RemoteStart'].includes(String(p.triggerReason))) throw new Verdict(`${what}: triggerReason must be CablePluggedIn (or ChargingStateChanged, RemoteStart)`);
    const states = s.authorized ? ['EVConnected', 'SuspendedEVSE', 'Charging'] : ['EVConnected', 'SuspendedEVSE'];
    if (!states.includes(String(info(event).chargingState))) throw new Verdict(`${what}: transactionInfo.chargingState must be ${states.join(' or ')}${s.authorized ? '' : ' before authorization'}`);
    const expected = s.txId === undefined ? 'Started' : 'Updated';
    if (p.eventType !== expected) throw new Verdict(`${what}: eventType must be ${expected}`);
  }
  requireEvse(event, s, what);
  s.txId = String(info(event).transactionId);
  s.last = event;
  return event;
}

/** The Started event of a transaction that starts with the energy: Charging, with EVSE and token (TC_E_02 step 3). */
function requireEnergyStart(event: ReceivedCall, s: Session, profile: CsContext['profile']): void {
  const what = `the TransactionEvent that starts the transaction with the energy (${brief(event)})`;
  const p = event.payload;
  if (p.eventType !== 'Started') throw new Verdict(`${what}: eventType must be Started`, 'E01.FR.06');
  const triggers = s.remoteStartId !== undefined ? ['RemoteStart'] : ['ChargingStateChanged', 'Authorized'];
  if (!triggers.includes(String(p.triggerReason))) throw new Verdict(`${what}: triggerReason must be ${triggers.join(' or ')}`);
  if (info(event).chargingState !== 'Charging') throw new Verdict(`${what}: transactionInfo.chargingState must be Charging`);
  requireToken(event, { idToken: profile.idTokens.valid, type: profile.idTokens.type }, what);
  requireEvse(event, s, what);
  s.energy = true;
}

function requireRemoteStartEvent(event: ReceivedCall, s: Session, profile: CsContext['profile'], eventType: string): void {
  const what = `the first TransactionEvent after the remote start (${brief(event)})`;
  if (event.payload.triggerReason !== 'RemoteStart') throw new Verdict(`${what}: triggerReason must be RemoteStart`);
  if (info(event).remoteStartId !== s.remoteStartId) throw new Verdict(`${what}: transactionInfo.remoteStartId must be ${String(s.remoteStartId)}`);
  requireToken(event, { idToken: profile.idTokens.valid, type: profile.idTokens.type }, what);
  if (event.payload.eventType !== eventType) throw new Verdict(`${what}: eventType must be ${eventType}`);
}

/**
 * Part 6 Authorized, main B: RequestStartTransaction for the session's EVSE and the valid token. Accepted, naming
 * the transaction the cable began (if any); Authorize first when AuthorizeRemoteStart is true; the connector
 * Occupied (when no cable is in yet); and a RemoteStart TransactionEvent when a transaction runs or begins now.
 */
export async function authorizeRemotely({ csms, profile }: CsContext, s: Session, extra: Payload = {}): Promise<Payload> {
  const since = markOf(csms);
  s.remoteStartId = nextRemoteStartId();
  const token = { idToken: profile.idTokens.valid, type: profile.idTokens.type };
  // `extra`: further fields of the request (K05: a chargingProfile).
  const answer = await csms.call('RequestStartTransaction', { idToken: token, evseId: s.evseId, remoteStartId: s.remoteStartId, ...extra });
  if (answer.status !== 'Accepted') throw new Verdict(`RequestStartTransaction for EVSE ${s.evseId} must be Accepted, got ${String(answer.status)}`);
  if (s.txId !== undefined && answer.transactionId !== s.txId) {
    throw new Verdict(`the cable already began transaction ${s.txId}: RequestStartTransactionResponse must name it, got transactionId ${String(answer.transactionId)}`);
  }
  if (s.txId === undefined && answer.transactionId !== undefined) {
    throw new Verdict(`no transaction ran on EVSE ${s.evseId}: RequestStartTransactionResponse must not carry transactionId, got ${String(answer.transactionId)}`);
  }
  if (s.tx.authorizeRemote) {
    const authorize = await csms.expectCall('Authorize', { after: afterMark(since) })
      .catch(() => { throw new Verdict('AuthorizeRemoteStart is true: the station must send Authorize for the remote start\'s token', 'F01.FR.01'); });
    requireToken(authorize, token, 'Authorize');
    requireAnsweredBefore(csms, 'RequestStartTransaction', authorize);
    s.last = authorize;
  }
  const begins = s.txId === undefined && authorizationStarts(s);
  s.authorized = true;
  if (!s.occupied && (begins || s.cableIn)) {
    s.last = await expectConnectorStatus(csms, s.evseId, s.connectorId, 'Occupied', since, 'after the remote start began a transaction');
    s.occupied = true;
  }
  if (s.txId === undefined && !begins) return answer;
  const event = await nextTxEvent(csms, s, since, 'after the remote start a TransactionEvent must follow');
  requireAnsweredBefore(csms, 'RequestStartTransaction', event);
  requireRemoteStartEvent(event, s, profile, s.txId === undefined ? 'Started' : 'Updated');
  if (s.txId === undefined && Number((event.payload.evse as Payload | undefined)?.id) !== s.evseId) {
    throw new Verdict(`the remote start asked for EVSE ${s.evseId}, the transaction runs on EVSE ${JSON.stringify(event.payload.evse ?? '(none)')}`);
  }
  if (begins && s.cableIn && startsWithEnergy(s.tx)) requireEnergyStart(event, s, profile);
  s.txId = String(info(event).transactionId);
  s.last = event;
  return answer;
}

/**
 * Part 6 EnergyTransferStarted: the cable (part 1) when it is not in yet, then energy: a TransactionEvent with
 * triggerReason ChargingStateChanged and chargingState Charging (part 2, step 9).
 */
export async function startEnergyTransfer(ctx: CsContext, s: Session): Promise<ReceivedCall> {
  if (!s.cableIn) await plugIn(ctx, s, 'energy');
  if (s.energy && s.last) return s.last;
  const event = await nextTxEvent(ctx.csms, s, s.last, 'energy transfer must start once the EV is connected and the transaction authorized');
  const what = `the TransactionEvent after ${s.cableIn ? 'authorization and cable' : 'authorization'} (${brief(event)})`;
  if (event.payload.triggerReason !== 'ChargingStateChanged' || info(event).chargingState !== 'Charging') {
    throw new Verdict(`${what}: energy transfer starts with triggerReason ChargingStateChanged and transactionInfo.chargingState Charging`);
  }
  s.last = event;
  return event;
}

/** The valid token of the SUT profile, as 2.0.1 IdTokenType. */
export const validToken = (profile: CsContext['profile']) => ({ idToken: profile.idTokens.valid, type: profile.idTokens.type });

/**
 * Part 6 Authorized, main A: the driver presents the token at the EVSE; Authorize for it (the harness answers
 * Accepted), then a TransactionEvent with triggerReason Authorized and the token when the authorization starts the
 * transaction or one runs already. Returns that event.
 */
export async function authorizeLocally({ csms, sut, profile }: CsContext, s: Session, token = validToken(profile),
  o: { evseMayBeUnknown?: boolean } = {}): Promise<ReceivedCall | undefined> {
  const since = markOf(csms);
  const begins = s.txId === undefined && authorizationStarts(s);
  await sut.act('presentIdToken', { evse: s.evseId, idToken: token.idToken, type: token.type });
  const authorize = await csms.expectCall('Authorize', { after: afterMark(since) })
    .catch(() => { throw new Verdict('the driver presented a token: the station must send Authorize for it', 'C01.FR.02'); });
  requireToken(authorize, token, 'Authorize');
  s.last = authorize;
  s.authorized = true;
  if (s.txId === undefined && !begins) return undefined;
  const event = await nextTxEvent(csms, s, since, 'after the authorization a TransactionEvent must follow');
  const what = `the TransactionEvent after the authorization (${brief(event)})`;
  if (begins && s.cableIn && startsWithEnergy(s.tx)) {
    requireEnergyStart(event, s, profile);
  } else {
    if (event.payload.triggerReason !== 'Authorized') throw new Verdict(`${what}: triggerReason must be Authorized`);
    requireToken(event, token, what);
    const expected = s.txId === undefined ? 'Started' : 'Updated';
    if (event.payload.eventType !== expected) throw new Verdict(`${what}: eventType must be ${expected}`);
    // evseMayBeUnknown (TC_J_08): a station with one reader for several EVSEs may name the EVSE only once the cable is in.
    if (expected === 'Started' && (!o.evseMayBeUnknown || event.payload.evse !== undefined)) requireEvse(event, s, what);
  }
  s.txId = String(info(event).transactionId);
  s.last = event;
  return event;
}

const stoppedReason = (c: ReceivedCall) => info(c).stoppedReason as string | undefined;

/**
 * Part 6 StopAuthorized, main A: the driver presents the same token again. Step 1 (StopAuthorized) may come; the
 * transaction may end in it or in a ChargingStateChanged event (EVConnected, stoppedReason Local or none). Returns
 * the Ended event when the stop ended the transaction.
 */
export async function stopAuthorizedLocally({ csms, sut, profile }: CsContext, s: Session, token = validToken(profile)): Promise<ReceivedCall | undefined> {
  const since = markOf(csms);
  await sut.act('presentIdToken', { evse: s.evseId, idToken: token.idToken, type: token.type });
  const first = await nextTxEvent(csms, s, since, 'the driver presented the token again to stop: a TransactionEvent must follow');
  s.last = first;
  const what = `the TransactionEvent after the local stop (${brief(first)})`;
  const p = first.payload;
  if (p.triggerReason === 'StopAuthorized') {
    const token2 = tokenOf(first);
    if (token2 && (token2.idToken !== token.idToken || token2.type !== token.type)) throw new Verdict(`${what}: idToken must be omitted or ${token.idToken} (${token.type})`);
  } else if (p.triggerReason !== 'ChargingStateChanged' || p.eventType !== 'Ended') {
    throw new Verdict(`${what}: triggerReason must be StopAuthorized (or the transaction ends with ChargingStateChanged)`);
  }
  if (p.eventType !== 'Ended') return undefined;
  if (stoppedReason(first) !== undefined && stoppedReason(first) !== 'Local') throw new Verdict(`${what}: transactionInfo.stoppedReason must be Local or omitted`);
  return first;
}

/**
 * Part 6 EVConnectedPostSession: after a stop that did not end the transaction, energy stops: ChargingStateChanged
 * with chargingState EVConnected (when TxStopPoint ends it there, eventType Ended: StopAuthorized main A step 3).
 */
export async function postSession({ csms }: CsContext, s: Session, stopReason: 'Local' | 'Remote'): Promise<ReceivedCall | undefined> {
  const event = await nextTxEvent(csms, s, s.last, 'after the stop energy transfer must end (ChargingStateChanged)');
  s.last = event;
  const what = `the TransactionEvent after the stop (${brief(event)})`;
  if (event.payload.triggerReason !== 'ChargingStateChanged' || info(event).chargingState !== 'EVConnected') {
    throw new Verdict(`${what}: triggerReason must be ChargingStateChanged with transactionInfo.chargingState EVConnected`);
  }
  if (event.payload.eventType !== 'Ended') return undefined;
  if (stoppedReason(event) !== undefined && stoppedReason(event) !== stopReason) throw new Verdict(`${what}: transactionInfo.stoppedReason must be ${stopReason} or omitted`);
  return event;
}

/**
 * Part 6 EVDisconnected: the EV is unplugged, the connector reports Available, and (unless the transaction ended
 * already, `ended`) a TransactionEvent with triggerReason EVCommunicationLost and chargingState Idle. Returns it.
 */
export async function disconnectEv({ csms, sut }: CsContext, s: Session, ended?: ReceivedCall): Promise<ReceivedCall | undefined> {
  const since = markOf(csms);
  await sut.act('unplug', { evse: s.evseId });
  s.cableIn = false;
  await expectConnectorStatus(csms, s.evseId, s.connectorId, 'Available', since, 'after the EV was unplugged');
  s.occupied = false;
  if (ended) return undefined;
  const event = await nextTxEvent(csms, s, s.last, 'after the EV was unplugged the running transaction must report it');
  s.last = event;
  if (event.payload.triggerReason !== 'EVCommunicationLost' || info(event).chargingState !== 'Idle') {
    throw new Verdict(`after unplugging, the TransactionEvent must have triggerReason EVCommunicationLost and chargingState Idle, got ${brief(event)}`);
  }
  return event;
}

/**
 * Part 6 ParkingBayUnoccupied: the EV drives out of the parking bay (operator action driveOut). Only where TxStopPoint
 * holds ParkingBayOccupancy and the transaction still runs (not `ended`) is there a step: a TransactionEvent ends it
 * with triggerReason EVDeparted and the stoppedReason of the stop before (Local, or Remote after a remote stop).
 * Returns that event.
 */
export async function driveOutOfBay({ csms, sut }: CsContext, s: Session, stopReason: string, ended?: ReceivedCall): Promise<ReceivedCall | undefined> {
  if (ended || !s.tx.stopPoints.includes('ParkingBayOccupancy')) return undefined;
  const since = markOf(csms);
  await sut.act('driveOut', { evse: s.evseId });
  const event = await nextTxEvent(csms, s, since, 'TxStopPoint holds ParkingBayOccupancy and the EV drove out of the bay: a TransactionEvent must end the transaction (E06.FR.01)');
  s.last = event;
  const what = `the TransactionEvent after the EV left the parking bay (${brief(event)})`;
  if (event.payload.triggerReason !== 'EVDeparted') throw new Verdict(`${what}: triggerReason must be EVDeparted`, 'E06.FR.01');
  if (event.payload.eventType !== 'Ended') throw new Verdict(`${what}: TxStopPoint holds ParkingBayOccupancy, eventType must be Ended`, 'E06.FR.01');
  if (stoppedReason(event) !== stopReason) throw new Verdict(`${what}: transactionInfo.stoppedReason must be ${stopReason}, the reason the charging session was stopped`, 'E06.FR.15');
  return event;
}

/**
 * Part 6 EnergyTransferSuspended: the EV suspends the energy transfer (operator action evSuspend). The station reports
 * ChargingStateChanged with SuspendedEV (Updated), or ends the transaction (EVConnected, stoppedReason StoppedByEV)
 * where TxStopPoint is EnergyTransfer. Returns that event.
 */
export async function suspendByEv({ csms, sut }: CsContext, s: Session): Promise<ReceivedCall> {
  const since = markOf(csms);
  await sut.act('evSuspend', { evse: s.evseId });
  const event = await nextTxEvent(csms, s, since, 'the EV suspended the energy transfer: a TransactionEvent must report it');
  s.last = event;
  const what = `the TransactionEvent after the EV suspended (${brief(event)})`;
  const state = info(event).chargingState;
  if (event.payload.eventType === 'Ended') {
    if (state !== 'EVConnected' && state !== 'SuspendedEV') throw new Verdict(`${what}: transactionInfo.chargingState must be EVConnected or SuspendedEV`);
    if (stoppedReason(event) !== 'StoppedByEV') throw new Verdict(`${what}: an Ended event must have stoppedReason StoppedByEV`, 'E06.FR.15');
  } else if (event.payload.eventType !== 'Updated' || state !== 'SuspendedEV' || event.payload.triggerReason !== 'ChargingStateChanged') {
    throw new Verdict(`${what}: must be Updated with triggerReason ChargingStateChanged and chargingState SuspendedEV (or Ended)`);
  }
  return event;
}

/** 2.0.1 TC_F_01 flow: EV plugged in first, the remote start authorizes, energy flows. Returns the session. */
export async function chargeCableFirst201(ctx: CsContext, evseId: number, tx?: TxSettings, extra: Payload = {}): Promise<Session> {
  const settings = tx ?? await readTxSettings(ctx.csms, '2.0.1');
  requireReproducibleStart(settings);
  const s = newSession(ctx.csms, evseId, settings);
  await plugIn(ctx, s, 'preSession');
  await authorizeRemotely(ctx, s, extra);
  await startEnergyTransfer(ctx, s);
  return s;
}

/** 2.0.1 TC_F_02/03 flow: the remote start authorizes first, then the EV is plugged in and energy flows. */
export async function chargeRemoteFirst201(ctx: CsContext, evseId: number, tx: TxSettings, extra: Payload = {}): Promise<Session> {
  requireReproducibleStart(tx);
  const s = newSession(ctx.csms, evseId, tx);
  await authorizeRemotely(ctx, s, extra);
  await startEnergyTransfer(ctx, s);
  return s;
}

// ---------------------------------------------------------------- 1.6 states (SUT = CS)

/** 1.6: answer StartTransaction with a transaction ID the test knows. */
export function fixStartAnswer(csms: CsmsPeer, validToken: string): number {
  const id = 7000 + Math.floor(Math.random() * 1000);
  // The valid idTag's parentIdTag goes with it, as a CSMS that keeps groups answers (the group stop of TC_069 needs it).
  const parent = { parentIdTag: csms.profile.idTokens.groupId };
  csms.answer('StartTransaction', (c) => ({ transactionId: id, idTagInfo: c.payload.idTag === validToken ? { status: 'Accepted', ...parent } : { status: 'Invalid' } }));
  return id;
}

/** The 1.6 document's first steps of a remote start: GetConfiguration AuthorizeRemoteTxRequests, with its key. */
export async function authorizeRemoteTx16(csms: CsmsPeer): Promise<boolean> {
  const answer = await csms.call('GetConfiguration', { key: ['AuthorizeRemoteTxRequests'] });
  const entry = ((answer.configurationKey as Payload[] | undefined) ?? []).find((k) => k.key === 'AuthorizeRemoteTxRequests');
  if (!entry) throw new Verdict(`GetConfiguration for AuthorizeRemoteTxRequests must return that key (a required one), got ${JSON.stringify(answer)}`, 'OCPP 1.6 9.1.3');
  return String(entry.value).toLowerCase() === 'true';
}

/**
 * 1.6 RemoteStartTransaction for the connector: Accepted, answered before anything follows; Authorize for the
 * idTag first when AuthorizeRemoteTxRequests is true. Returns the mark before the request.
 */
export async function remoteStart16({ csms, profile }: CsContext, connectorId: number, authorizeRemote: boolean, extra: Payload = {}): Promise<Mark> {
  const since = markOf(csms);
  const answer = await csms.call('RemoteStartTransaction', { connectorId, idTag: profile.idTokens.valid, ...extra });
  if (answer.status !== 'Accepted') throw new Verdict(`RemoteStartTransaction for connector ${connectorId} must be Accepted, got ${String(answer.status)}`);
  if (authorizeRemote) {
    const authorize = await csms.expectCall('Authorize', { after: afterMark(since) })
      .catch(() => { throw new Verdict('AuthorizeRemoteTxRequests is true: the station must send Authorize for the remote start\'s idTag first'); });
    if (authorize.payload.idTag !== profile.idTokens.valid) throw new Verdict(`Authorize must carry idTag ${profile.idTokens.valid}, got ${brief(authorize)}`);
    requireAnsweredBefore(csms, 'RemoteStartTransaction', authorize);
  }
  return since;
}

/** 1.6 StartTransaction for the connector and token, then status Charging (either order, as the document allows). */
export async function expectStart16({ csms, profile }: CsContext, connectorId: number, since: Mark): Promise<ReceivedCall> {
  const start = await csms.expectCall('StartTransaction', { after: afterMark(since) });
  if (start.payload.connectorId !== connectorId || start.payload.idTag !== profile.idTokens.valid) {
    throw new Verdict(`StartTransaction must be for connector ${connectorId} with idTag ${profile.idTokens.valid}, got ${brief(start)}`);
  }
  await expectConnectorStatus(csms, connectorId, 1, 'Charging', since, 'once the transaction started', { passing: ['Preparing'] });
  return start;
}

/**
 * The 1.6 reusable state Charging (OCTT document 2.25): GetConfiguration AuthorizeRemoteTxRequests, the cable
 * (Preparing), RemoteStartTransaction (Accepted), Authorize when configured, StartTransaction and Charging.
 * `extra` goes into the RemoteStartTransaction (K05: a chargingProfile).
 */
export async function charge16(ctx: CsContext, connectorId: number, extra: Payload = {}): Promise<{ transactionId: number; start: ReceivedCall }> {
  const { csms, sut, profile } = ctx;
  const authorizeRemote = await authorizeRemoteTx16(csms);
  const transactionId = fixStartAnswer(csms, profile.idTokens.valid);
  const since = markOf(csms);
  await sut.act('plugIn', { evse: connectorId });
  await expectConnectorStatus(csms, connectorId, 1, 'Preparing', since, 'after the cable was plugged in');
  const started = await remoteStart16(ctx, connectorId, authorizeRemote, extra);
  const start = await expectStart16(ctx, connectorId, started);
  requireAnsweredBefore(csms, 'RemoteStartTransaction', start);
  return { transactionId, start };
}

// ---------------------------------------------------------------- the transaction other test cases build on

/** A running transaction with energy flowing, as the harness knows it. */
export interface Charging {
  /** 2.0.1 transactionId, or the 1.6 one the harness assigned (as a string). */
  id: string;
  evseId: number;
  /** 2.0.1: the session followed so far. */
  session?: Session;
  /** The last call of the state. */
  last: ReceivedCall;
}

/** Cable first, then a remote start (TC_010 / TC_F_01): the flow itself, for the test cases about it. */
export async function chargeByRemoteStart(ctx: CsContext, evseId: number, tx?: TxSettings): Promise<Charging> {
  if (ctx.profile.ocpp === '1.6') {
    const { transactionId, start } = await charge16(ctx, evseId);
    return { id: String(transactionId), evseId, last: start };
  }
  const session = await chargeCableFirst201(ctx, evseId, tx);
  return { id: session.txId!, evseId, session, last: session.last! };
}

/**
 * Reusable state EnergyTransferStarted (2.0.1) / Charging (1.6), reached the way TC_F_01 / TC_010 do. F01 is
 * about it: for other test cases not reaching it is inconclusive.
 */
export function charging(ctx: CsContext, evseId: number): Promise<Charging> {
  const name = ctx.profile.ocpp === '1.6' ? 'Charging' : 'EnergyTransferStarted';
  return ctx.csms.reusableState(name, 'F01', () => chargeByRemoteStart(ctx, evseId));
}

/**
 * Part 6 StopAuthorized, main B (2.0.1) / the 1.6 remote stop: the request for the running transaction is
 * Accepted and answered first; 2.0.1 then sends a TransactionEvent with triggerReason RemoteStop (returned).
 */
export async function stopRemotely({ csms }: CsContext, c: Charging): Promise<ReceivedCall> {
  const v16 = csms.profile.ocpp === '1.6';
  const action = v16 ? 'RemoteStopTransaction' : 'RequestStopTransaction';
  const since = markOf(csms);
  const answer = await csms.call(action, { transactionId: v16 ? Number(c.id) : c.id });
  if (answer.status !== 'Accepted') throw new Verdict(`${action} for the running transaction ${c.id} must be Accepted, got ${String(answer.status)}`);
  if (v16) {
    const stop = await csms.expectCall('StopTransaction', { after: afterMark(since) })
      .catch(() => { throw new Verdict(`the station accepted the remote stop but sent no StopTransaction within ${csms.profile.timing.callTimeoutMs} ms`); });
    requireAnsweredBefore(csms, action, stop);
    if (String(stop.payload.transactionId) !== c.id) throw new Verdict(`StopTransaction must name transaction ${c.id}, got ${String(stop.payload.transactionId)}`);
    return stop;
  }
  const event = await csms.expectCall('TransactionEvent', { where: { transactionInfo: { transactionId: c.id } }, after: afterMark(since) })
    .catch(() => { throw new Verdict(`the station accepted the remote stop but sent no TransactionEvent for ${c.id} within ${csms.profile.timing.callTimeoutMs} ms`); });
  requireAnsweredBefore(csms, action, event);
  if (event.payload.triggerReason !== 'RemoteStop') throw new Verdict(`the first TransactionEvent after the remote stop must have triggerReason RemoteStop, got ${brief(event)}`);
  return event;
}

/**
 * 2.0.1: the end of a transaction whose stop was authorized (`stopped`): that event when it already ended it
 * (TxStopPoint with Authorized), else Part 6 EVDisconnected: the EV is unplugged and the transaction ends with
 * triggerReason EVCommunicationLost and chargingState Idle; where TxStopPoint keeps it open past that
 * (ParkingBayOccupancy), Part 6 ParkingBayUnoccupied ends it with `stopReason`. Decided by the station's own events,
 * never by a wait.
 */
export async function endAfterStop(ctx: CsContext, c: Charging, stopped: ReceivedCall, stopReason = 'Local'): Promise<{ ended: ReceivedCall; unplugged?: Mark }> {
  const { csms, sut } = ctx;
  if (stopped.payload.eventType === 'Ended') return { ended: stopped };
  const unplugged = markOf(csms);
  await sut.act('unplug', { evse: c.evseId });
  const ofTx = { transactionId: c.id };
  // TxStopPoint ParkingBayOccupancy alone keeps the transaction past the unplug: ParkingBayUnoccupied ends it.
  if (c.session?.tx.stopPoints.includes('ParkingBayOccupancy')) {
    const lost = await csms.expectCall('TransactionEvent', { where: { triggerReason: 'EVCommunicationLost', transactionInfo: ofTx }, after: stopped })
      .catch(() => { throw new Verdict(`after the EV was unplugged the transaction ${c.id} must report it (triggerReason EVCommunicationLost)`); });
    if (info(lost).chargingState !== 'Idle') throw new Verdict(`after unplugging, the TransactionEvent must have chargingState Idle, got ${brief(lost)}`);
    if (lost.payload.eventType === 'Ended') return { ended: lost, unplugged };
    c.session.last = lost;
    return { ended: (await driveOutOfBay(ctx, c.session, stopReason)) ?? lost, unplugged };
  }
  const ended = await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: ofTx }, after: stopped })
    .catch(() => { throw new Verdict(`after the EV was unplugged the transaction ${c.id} must end (TransactionEvent Ended)`); });
  const later = csms.received.filter((x) => x.action === 'TransactionEvent' && info(x).transactionId === c.id && csms.received.indexOf(x) > csms.received.indexOf(stopped));
  const disconnected = later.find((x) => x.payload.triggerReason === 'EVCommunicationLost') ?? ended;
  if (disconnected.payload.triggerReason !== 'EVCommunicationLost' || info(disconnected).chargingState !== 'Idle') {
    throw new Verdict(`after unplugging, the TransactionEvent must have triggerReason EVCommunicationLost and chargingState Idle, got ${brief(disconnected)}`);
  }
  return { ended, unplugged };
}

// ---------------------------------------------------------------- SUT = CSMS: the harness plays the states

/** A transaction the harness (as station) runs, with its own sequence numbers. */
export interface SimTx {
  id: string;
  evseId: number;
  seqNo: number;
}

export const newSimTx = (evseId: number): SimTx => ({ id: `tx-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`, evseId, seqNo: 0 });

/** The answer of a TransactionEvent/StartTransaction/Authorize that carried the valid token must accept it. */
export function requireTokenAccepted(answer: Payload, what: string): void {
  const status = ((answer.idTokenInfo ?? answer.idTagInfo) as Payload | undefined)?.status;
  if (status !== 'Accepted') throw new Verdict(`the CSMS must accept the valid token in its answer to ${what}, idTokenInfo.status is ${String(status)}`);
}

/** One TransactionEvent of the harness's transaction; returns the CSMS's answer. */
export async function sendTxEvent(station: StationPeer, t: SimTx, o: {
  eventType: 'Started' | 'Updated' | 'Ended'; trigger: string; chargingState?: string; withEvse?: boolean; token?: boolean;
  /** Carry this token instead of the profile's valid one. */
  tokenValue?: string;
  remoteStartId?: unknown; stoppedReason?: string; meterContext?: string;
}): Promise<Payload> {
  const transactionInfo: Payload = { transactionId: t.id };
  if (o.chargingState) transactionInfo.chargingState = o.chargingState;
  if (o.remoteStartId !== undefined) transactionInfo.remoteStartId = o.remoteStartId;
  if (o.stoppedReason) transactionInfo.stoppedReason = o.stoppedReason;
  const p: Payload = { eventType: o.eventType, timestamp: station.now(), triggerReason: o.trigger, seqNo: t.seqNo++, transactionInfo };
  if (o.withEvse) p.evse = { id: t.evseId, connectorId: 1 };
  if (o.token || o.tokenValue) p.idToken = { idToken: o.tokenValue ?? station.profile.idTokens.valid, type: station.profile.idTokens.type };
  if (o.meterContext) p.meterValue = [{ timestamp: station.now(), sampledValue: [{ value: 1000 + t.seqNo, context: o.meterContext, measurand: 'Energy.Active.Import.Register' }] }];
  return station.call('TransactionEvent', p);
}

/** The connector's status as the harness reports it: StatusNotification, and in 2.0.1 also NotifyEvent AvailabilityState. */
export async function reportConnector(station: StationPeer, evseId: number, status: string, o: { event?: boolean; errorCode?: string } = {}): Promise<void> {
  const payload = station.statusPayload(evseId, 1, status);
  if (o.errorCode) payload.errorCode = o.errorCode;
  await station.call('StatusNotification', payload);
  if (station.profile.ocpp === '2.0.1' && o.event !== false) await station.call('NotifyEvent', station.availabilityEvent(evseId, 1, status));
}

/** Part 6 3.18 Authorized: Authorize and a TransactionEvent Authorized with the token, both answered Accepted. */
export async function simAuthorizedLocally(station: StationPeer, t: SimTx, started: boolean): Promise<void> {
  const token = { idToken: station.profile.idTokens.valid, type: station.profile.idTokens.type };
  requireTokenAccepted(await station.call('Authorize', { idToken: token }), 'Authorize');
  requireTokenAccepted(await sendTxEvent(station, t, { eventType: started ? 'Updated' : 'Started', trigger: 'Authorized', token: true, withEvse: !started, chargingState: started ? 'EVConnected' : 'Idle' }),
    'the TransactionEvent of the authorization');
}

/** Part 6 3.18 EVConnectedPreSession / EnergyTransferStarted part 1: Occupied, then CablePluggedIn with EVConnected. */
export async function simPlugIn(station: StationPeer, t: SimTx, started: boolean): Promise<void> {
  await reportConnector(station, t.evseId, 'Occupied');
  await sendTxEvent(station, t, { eventType: started ? 'Updated' : 'Started', trigger: 'CablePluggedIn', chargingState: 'EVConnected', withEvse: true });
}

/** Part 6 3.18 EnergyTransferStarted part 2: ChargingStateChanged, Charging. */
export async function simEnergy(station: StationPeer, t: SimTx): Promise<void> {
  await sendTxEvent(station, t, { eventType: 'Updated', trigger: 'ChargingStateChanged', chargingState: 'Charging' });
}

/** Part 6 3.18 EnergyTransferStarted from idle, authorized locally (the default of the state). */
export async function simEnergyTransferStarted(station: StationPeer, evseId: number): Promise<SimTx> {
  const t = newSimTx(evseId);
  await simAuthorizedLocally(station, t, false);
  await simPlugIn(station, t, true);
  await simEnergy(station, t);
  return t;
}

/** Part 6 3.18 StopAuthorized (answered Accepted), EVConnectedPostSession and EVDisconnected (Available, Ended). */
export async function simStopAndDisconnect(station: StationPeer, t: SimTx, o: { disconnectedStatus?: string } = {}): Promise<void> {
  requireTokenAccepted(await sendTxEvent(station, t, { eventType: 'Updated', trigger: 'StopAuthorized', token: true, chargingState: 'Charging' }),
    'the TransactionEvent StopAuthorized');
  await sendTxEvent(station, t, { eventType: 'Updated', trigger: 'ChargingStateChanged', chargingState: 'EVConnected' });
  await reportConnector(station, t.evseId, o.disconnectedStatus ?? 'Available');
  await sendTxEvent(station, t, { eventType: 'Ended', trigger: 'EVCommunicationLost', chargingState: 'Idle', stoppedReason: 'EVDisconnected' });
}

/**
 * 1.6 reusable state Charging as the tool plays it (OCTT document 3.22): Authorize, Preparing, StartTransaction
 * and Charging; the CSMS must accept the idTag in both answers. Returns the CSMS's transactionId.
 */
export async function simCharging16(station: StationPeer, connectorId: number): Promise<number> {
  const idTag = station.profile.idTokens.valid;
  requireTokenAccepted(await station.call('Authorize', { idTag }), 'Authorize');
  await reportConnector(station, connectorId, 'Preparing');
  const start = await station.call('StartTransaction', { connectorId, idTag, meterStart: 0, timestamp: station.now() });
  requireTokenAccepted(start, 'StartTransaction');
  if (!Number.isInteger(start.transactionId)) throw new Verdict(`StartTransaction must be answered with an integer transactionId, got ${String(start.transactionId)}`);
  await reportConnector(station, connectorId, 'Charging');
  return Number(start.transactionId);
}

export { statusKey };
