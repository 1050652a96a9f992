// F01-F04 for both versions: remote start (cable first / remote start first, connection timeout) and remote stop.
// 2.0.1 words it RequestStartTransaction / RequestStopTransaction + TransactionEvent; 1.6 RemoteStartTransaction /
// RemoteStopTransaction + StartTransaction / StopTransaction. The official flows themselves (reusable states
// Authorized, EnergyTransferStarted, Charging, ...) live in session-states.ts.
import { testCase, type CsContext, type CsTestCase, type CsmsContext, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import { Inconclusive, NotApplicable } from '../../src/harness/verdicts.js';
import { canonicalItem } from '../../src/catalog/pics.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';
import type { SutProfile } from '../../src/harness/config.js';
import {
  AUTH_ENABLED, AUTHORIZE_REMOTE_START, CONNECTION_TIMEOUT, DISABLE_REMOTE_AUTHORIZATION, TX_START_POINT,
  afterMark, authorizeRemoteTx16, authorizeRemotely, brief, charging, chargeByRemoteStart, chargeRemoteFirst201,
  endAfterStop, expectConnectorStatus, expectStart16, fixStartAnswer, info, markOf, newSession, newSimTx, readSetting,
  readTxSettings, remoteStart16, reportConnector, requireAnsweredBefore, requireSetting, requireTokenAccepted,
  sendTxEvent, setIfWritable, simCharging16, simEnergy, simEnergyTransferStarted, simPlugIn, stopRemotely,
  type SimTx, type TxSettings,
} from './session-states.js';

type Claims = readonly OcttClaim[];
type CsmsPeer = CsContext['csms'];

const STOP_ON_EV_SIDE_DISCONNECT = { v16: 'StopTransactionOnEVSideDisconnect', component: 'TxCtrlr', variable: 'StopTxOnEVSideDisconnect' };

const startAction = (ocpp: OcppVersion) => (ocpp === '1.6' ? 'RemoteStartTransaction' : 'RequestStartTransaction');
const stopAction = (ocpp: OcppVersion) => (ocpp === '1.6' ? 'RemoteStopTransaction' : 'RequestStopTransaction');

/** Whether the SUT profile claims an optional item (a test case can only `need` items, not their absence). */
const claims = (profile: SutProfile, item: string) => profile.features.some((f) => canonicalItem(f) === canonicalItem(item));

/**
 * The preparations every 2.0.1 remote start document makes: AuthCtrlr.AuthEnabled true and
 * DisableRemoteAuthorization false, each where the station has the variable and it is writable.
 */
async function prepareRemoteStart201(csms: CsmsPeer): Promise<void> {
  await setIfWritable(csms, '2.0.1', AUTH_ENABLED, 'true');
  await setIfWritable(csms, '2.0.1', DISABLE_REMOTE_AUTHORIZATION, 'false');
}

/** AuthorizeRemoteStart may be fixed (Part 5 C-48.1 / C-48.2): a refusal leaves the test inconclusive. */
async function setAuthorizeRemote(csms: CsmsPeer, ocpp: OcppVersion, value: 'true' | 'false'): Promise<void> {
  await requireSetting(csms, ocpp, AUTHORIZE_REMOTE_START, value, {
    readOnlyAllowed: ocpp === '1.6' ? 'OCPP 1.6 lets AuthorizeRemoteTxRequests be read-only (9.1.3)' : 'Part 5 C-48 lets AuthorizeRemoteStart be read-only',
  });
}

/** The connection timeout is required and writable in both versions: a refusal is a failure. */
async function setConnectionTimeout(csms: CsmsPeer, ocpp: OcppVersion, seconds: number): Promise<void> {
  await requireSetting(csms, ocpp, CONNECTION_TIMEOUT, String(seconds), {
    requirement: ocpp === '1.6' ? 'OCPP 1.6 9.1.6 ConnectionTimeOut: required, RW' : 'TxCtrlr.EVConnectionTimeOut: required, ReadWrite',
  });
}

// ---------------------------------------------------------------- SUT = CS

/**
 * F01 (TC_010_CS / TC_F_01_CS): the EV is plugged in first, then the CSMS starts the transaction remotely and
 * energy flows; then (beyond the documents) unplugging ends the transaction with reason EVDisconnected.
 */
export function remoteStartCableFirstCs(ocpp: OcppVersion, octt: Claims) {
  const v16 = ocpp === '1.6';
  return testCase<CsTestCase>({
    useCase: 'F01', ocpp, sut: 'CS', octt, actions: ['plugIn', 'unplug'],
    title: 'Cable first, then a remote start: Accepted, the transaction carries the token (and remoteStartId), charging follows; unplugging ends it',
    killedBy: [
      'cs.remote-start-acts-before-answer', 'cs.tx-continues-after-unplug', 'cs.tx-stop-reason-other',
      ...(v16 ? [] : ['cs.remote-start-no-transaction-id', 'cs.remote-start-no-remote-start-id', 'cs.charging-state-folded',
        'cs.tx-cable-event-no-evse', 'cs.remote-start-token-type-changed']),
    ],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      let tx: TxSettings | undefined;
      if (!v16) {
        // Part 5: applies to a station without a cable lock that keeps the driver from plugging in first (NOT AQ-2).
        if (claims(profile, 'AQ-2')) throw new NotApplicable('the SUT profile claims AQ-2 (a cable lock prevents plugging in before authorization); TC_F_01_CS applies to stations without one');
        await prepareRemoteStart201(csms);
        tx = await readTxSettings(csms, ocpp);
      }
      const c = await csms.reusableState(v16 ? 'Charging' : 'EnergyTransferStarted', 'F01', () => chargeByRemoteStart(ctx, evseId, tx));
      // Beyond the documents: unplugging ends the transaction, where the configuration says it does.
      const stopOnDisconnect = (await readSetting(csms, ocpp, STOP_ON_EV_SIDE_DISCONNECT))?.toLowerCase() !== 'false';
      if (!stopOnDisconnect && !tx?.stopPoints.includes('EVConnected')) {
        csms.log.event('the station keeps a transaction when the EV is unplugged (StopTxOnEVSideDisconnect false): the end is not checked');
        return;
      }
      await sut.act('unplug', { evse: evseId });
      if (v16) {
        const stop = await csms.expectCall('StopTransaction', { after: c.last });
        if (String(stop.payload.transactionId) !== c.id) throw new Verdict(`StopTransaction must name transaction ${c.id}, got ${String(stop.payload.transactionId)}`);
        if (stop.payload.reason !== 'EVDisconnected') throw new Verdict(`unplugging must end the transaction with reason EVDisconnected, got ${String(stop.payload.reason)}`);
        return;
      }
      const ended = await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: { transactionId: c.id } }, after: c.last });
      if (info(ended).stoppedReason !== 'EVDisconnected') throw new Verdict(`unplugging must end the transaction with stoppedReason EVDisconnected, got ${String(info(ended).stoppedReason)}`);
    },
  });
}

/**
 * F02 remote start first (TC_011_1_CS; TC_F_03_CS with AuthorizeRemoteStart false): Accepted on the requested
 * EVSE, the connector waits Preparing/Occupied, plugging in starts the transaction and energy.
 */
export function remoteStartFirstCs(ocpp: OcppVersion, octt: Claims) {
  const v16 = ocpp === '1.6';
  return testCase<CsTestCase>({
    useCase: 'F02', ocpp, sut: 'CS', octt, actions: ['plugIn'], needs: v16 ? undefined : ['C-48.2'],
    title: v16
      ? 'Remote start before the cable: Accepted on the requested connector, Preparing, plugging in starts the transaction and Charging'
      : 'Remote start before the cable, AuthorizeRemoteStart false: Accepted on the requested EVSE, Occupied, RemoteStart event, plugging in starts charging',
    killedBy: ['cs.remote-start-ignores-evse', 'cs.remote-start-acts-before-answer',
      ...(v16 ? [] : ['cs.remote-start-no-remote-start-id', 'cs.remote-start-no-occupied', 'cs.charging-state-folded'])],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses.at(-1)!.id;
      if (v16) {
        fixStartAnswer(csms, profile.idTokens.valid);
        const authorizeRemote = await authorizeRemoteTx16(csms);
        const since = await remoteStart16(ctx, evseId, authorizeRemote);
        const preparing = await expectConnectorStatus(csms, evseId, 1, 'Preparing', since, 'after the remote start');
        requireAnsweredBefore(csms, startAction(ocpp), preparing);
        await sut.act('plugIn', { evse: evseId });
        await expectStart16(ctx, evseId, preparing);
        return;
      }
      await prepareRemoteStart201(csms);
      await setAuthorizeRemote(csms, ocpp, 'false');
      await chargeRemoteFirst201(ctx, evseId, await readTxSettings(csms, ocpp));
    },
  });
}

/**
 * F02 with E03 (TC_011_2_CS / TC_F_04_CS): the remote start comes first and no cable follows: after the connection
 * timeout the authorization (2.0.1: the transaction, EVConnectTimeout) ends and the EVSE takes a new remote start.
 */
export function remoteStartTimeoutCs(ocpp: OcppVersion, octt: Claims) {
  const v16 = ocpp === '1.6';
  return testCase<CsTestCase>({
    useCase: 'F02', variant: 'timeout', ocpp, sut: 'CS', octt,
    title: 'Remote start without a cable: after the connection timeout the authorization ends, the connector is Available again and takes a new remote start',
    killedBy: ['cs.ignores-connection-timeout', ...(v16 ? [] : ['cs.tx-stop-reason-other', 'cs.remote-start-no-occupied'])],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      const timeoutMs = profile.timing.connectionTimeoutS * 1000;
      const slack = profile.timing.toleranceMs;
      const within = timeoutMs + slack + profile.timing.callTimeoutMs;
      await setConnectionTimeout(csms, ocpp, profile.timing.connectionTimeoutS);
      if (v16) {
        const authorizeRemote = await authorizeRemoteTx16(csms);
        const since = await remoteStart16(ctx, evseId, authorizeRemote);
        const accepted = Date.now();
        const preparing = await expectConnectorStatus(csms, evseId, 1, 'Preparing', since, 'after the remote start');
        const available = await expectConnectorStatus(csms, evseId, 1, 'Available', preparing, 'when no cable comes within the connection timeout', { within });
        if (available.at - accepted < timeoutMs - slack) throw new Verdict(`the connector was freed ${available.at - accepted} ms after the remote start, before the ${timeoutMs} ms connection timeout`);
        if (csms.lastCall('StartTransaction')) throw new Verdict('no StartTransaction may be sent when no cable was plugged in');
        return;
      }
      await prepareRemoteStart201(csms);
      // The document needs a transaction that begins before the cable: TxStartPoint ParkingBayOccupancy or Authorized.
      // The harness cannot work a parking bay sensor, so it needs Authorized.
      const startPoints = ((await readSetting(csms, ocpp, TX_START_POINT)) ?? '').split(',').map((p) => p.trim());
      if (!startPoints.includes('Authorized')) {
        await requireSetting(csms, ocpp, TX_START_POINT, 'Authorized', {
          readOnlyAllowed: 'Part 5 makes a configurable TxStartPoint (C-51) and the start point Authorized (C-09.2) optional',
        });
      }
      const tx = await readTxSettings(csms, ocpp);
      const s = newSession(csms, evseId, tx);
      await authorizeRemotely(ctx, s);
      const accepted = Date.now();
      const ended = await csms.expectCall('TransactionEvent', { where: { transactionInfo: { transactionId: s.txId } }, after: afterMark(s.last), within })
        .catch(() => { throw new Verdict(`no TransactionEvent ended transaction ${String(s.txId)} within ${within} ms of the remote start; the connection timeout is ${timeoutMs} ms`, 'E03.FR.05'); });
      if (ended.payload.triggerReason !== 'EVConnectTimeout' || ended.payload.eventType !== 'Ended') {
        throw new Verdict(`when no cable comes within the connection timeout the transaction must end with eventType Ended and triggerReason EVConnectTimeout, got ${brief(ended)}`, 'E03.FR.05');
      }
      if (info(ended).stoppedReason !== 'Timeout') throw new Verdict(`the transaction must end with stoppedReason Timeout, got ${String(info(ended).stoppedReason)}`);
      if (ended.at - accepted < timeoutMs - slack) throw new Verdict(`the transaction ended ${ended.at - accepted} ms after the remote start, before the ${timeoutMs} ms connection timeout`);
      // The connector it reported Occupied is free again: a status change the station reports (G01).
      await expectConnectorStatus(csms, evseId, 1, 'Available', s.last, 'after the connection timeout ended the transaction', { passing: ['Occupied'] })
        .catch((err: Error) => { throw new Verdict(err.message, 'G01.FR.01'); });
      // Step 3: the EVSE is ready for another remote start.
      await authorizeRemotely(ctx, newSession(csms, evseId, tx));
    },
  });
}

/**
 * F02 with AuthorizeRemoteStart true (TC_F_02_CS; 1.6 AuthorizeRemoteTxRequests true): the station authorizes the
 * remote token like a local one before the transaction starts; then the cable, and energy.
 */
export function remoteStartAuthorizeCs(ocpp: OcppVersion, octt: Claims) {
  const v16 = ocpp === '1.6';
  return testCase<CsTestCase>({
    useCase: 'F02', variant: 'authorize', ocpp, sut: 'CS', octt, actions: ['plugIn'], needs: v16 ? undefined : ['C-48.1'],
    title: 'Remote start first with AuthorizeRemoteStart true: Authorize for the remote token before the transaction, then the cable starts charging',
    killedBy: ['cs.remote-start-skips-authorize', ...(v16 ? [] : ['cs.remote-start-token-type-changed', 'cs.charging-state-folded'])],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      if (v16) {
        await setAuthorizeRemote(csms, ocpp, 'true');
        fixStartAnswer(csms, profile.idTokens.valid);
        const since = await remoteStart16(ctx, evseId, await authorizeRemoteTx16(csms));
        const preparing = await expectConnectorStatus(csms, evseId, 1, 'Preparing', since, 'after the authorized remote start');
        await sut.act('plugIn', { evse: evseId });
        await expectStart16(ctx, evseId, preparing);
        return;
      }
      await prepareRemoteStart201(csms);
      // Prerequisite: AuthEnabled is not fixed to false.
      if ((await readSetting(csms, ocpp, AUTH_ENABLED))?.toLowerCase() === 'false') {
        throw new Inconclusive('AuthCtrlr.AuthEnabled stays false (read-only): TC_F_02_CS needs authorization enabled');
      }
      await setAuthorizeRemote(csms, ocpp, 'true');
      await chargeRemoteFirst201(ctx, evseId, await readTxSettings(csms, ocpp));
    },
  });
}

/** Beyond the documents: with AuthorizeRemoteStart true, a remote start with an invalid token starts nothing. */
export function remoteStartInvalidTokenCs(ocpp: OcppVersion) {
  const v16 = ocpp === '1.6';
  return testCase<CsTestCase>({
    useCase: 'F02', variant: 'authorize-invalid', ocpp, sut: 'CS', octt: [], needs: v16 ? undefined : ['C-48.1'],
    title: 'With AuthorizeRemoteStart true a remote start with an invalid token is authorized first and, answered Invalid, starts no transaction',
    killedBy: ['cs.remote-start-skips-authorize'],
    async run({ csms, profile }) {
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      await setAuthorizeRemote(csms, ocpp, 'true');
      const since = markOf(csms);
      const token = { idToken: profile.idTokens.invalid, type: profile.idTokens.type };
      await csms.call(startAction(ocpp), v16 ? { connectorId: evseId, idTag: token.idToken } : { idToken: token, evseId, remoteStartId: 1 + Math.floor(Math.random() * 1e6) });
      const authorize = await csms.expectCall('Authorize', { after: afterMark(since) })
        .catch(() => { throw new Verdict('with AuthorizeRemoteStart true the station must send Authorize for the remote start\'s token', v16 ? undefined : 'F01.FR.01'); });
      const sent = v16 ? authorize.payload.idTag : (authorize.payload.idToken as Payload | undefined)?.idToken;
      if (sent !== token.idToken) throw new Verdict(`Authorize must carry the remote start's token ${token.idToken}, got ${brief(authorize)}`);
      await csms.expectNoCall(v16 ? 'StartTransaction' : 'TransactionEvent', profile.timing.quietMs, v16 ? undefined : { triggerReason: 'RemoteStart' }, authorize);
    },
  });
}

/**
 * F01/F02 refusals (TC_026_CS, TC_027_CS): a remote start for connector 0 (1.6), for an EVSE the station does not
 * have, or for one that already charges is Rejected (a CALLERROR also refuses) and starts nothing.
 */
export function remoteStartRejectedCs(ocpp: OcppVersion, octt: Claims) {
  const v16 = ocpp === '1.6';
  return testCase<CsTestCase>({
    useCase: 'F01', variant: 'rejected', ocpp, sut: 'CS', octt, actions: ['plugIn'],
    title: `Remote start on an unknown EVSE${v16 ? ', on connector 0' : ''} or on an EVSE that already charges is Rejected and starts nothing`,
    killedBy: ['cs.remote-start-occupied-accepted', ...(v16 ? ['cs.remote-start-accepts-connector-zero'] : [])],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      const refused = (err: Error) => {
        if (err.message.includes('CALLERROR')) return { status: 'Rejected' }; // a CALLERROR is an acceptable refusal
        throw err;
      };
      const request = (id: number): Payload => (v16 ? { connectorId: id, idTag: profile.idTokens.valid }
        : { idToken: { idToken: profile.idTokens.valid, type: profile.idTokens.type }, evseId: id, remoteStartId: 1 + Math.floor(Math.random() * 1e6) });
      if (v16) {
        // TC_026_CS prepares LocalPreAuthorize false (an optional key).
        await setIfWritable(csms, ocpp, { v16: 'LocalPreAuthorize', component: 'AuthCtrlr', variable: 'LocalPreAuthorize' }, 'false');
        const zero = await csms.call(startAction(ocpp), request(0)).catch(refused);
        if (zero.status !== 'Rejected') throw new Verdict(`RemoteStartTransaction for connectorId 0 must be Rejected, got ${String(zero.status)}`);
      }
      const missing = Math.max(...profile.evses.map((e) => e.id)) + 1;
      const none = await csms.call(startAction(ocpp), request(missing)).catch(refused);
      if (none.status !== 'Rejected') throw new Verdict(`${startAction(ocpp)} for EVSE ${missing}, which the station does not have, must be Rejected, got ${String(none.status)}`);
      const c = await charging(ctx, evseId);
      const answer = await csms.call(startAction(ocpp), request(evseId));
      if (answer.status !== 'Rejected') throw new Verdict(`${startAction(ocpp)} on EVSE ${evseId}, which already charges, must be Rejected, got ${String(answer.status)}`);
      await csms.expectNoCall(v16 ? 'StartTransaction' : 'TransactionEvent', profile.timing.quietMs, v16 ? undefined : { triggerReason: 'RemoteStart' }, c.last);
    },
  });
}

/**
 * F03 (TC_012_CS / TC_F_08_CS) and F04 as OCPP shows it: the CSMS stops the running transaction remotely.
 * Accepted first, then 1.6 StopTransaction reason Remote and Finishing; 2.0.1 a RemoteStop event, and the
 * transaction ends (at once, or when the EV is unplugged) with stoppedReason Remote.
 */
function remoteStopCs(ocpp: OcppVersion, useCase: 'F03' | 'F04', octt: Claims) {
  const v16 = ocpp === '1.6';
  return testCase<CsTestCase>({
    useCase, ocpp, sut: 'CS', octt, actions: ['plugIn', 'unplug'],
    title: useCase === 'F04'
      ? 'Remote stop of a charging session (ISO 15118 or not, as OCPP shows it): Accepted, a RemoteStop event, the transaction ends with stoppedReason Remote'
      : 'Remote stop of a running transaction: Accepted first, then the transaction ends with reason Remote',
    killedBy: ['cs.tx-stop-reason-other', 'cs.remote-stop-ignored'],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      const c = await charging(ctx, evseId);
      const since = markOf(csms);
      const stopped = await stopRemotely(ctx, c);
      if (v16) {
        if (stopped.payload.reason !== 'Remote') throw new Verdict(`a remotely stopped transaction must end with reason Remote, got ${String(stopped.payload.reason ?? '(none: Local)')}`);
        // The cable is still in: Finishing (before or after StopTransaction, as the document allows).
        await expectConnectorStatus(csms, evseId, 1, 'Finishing', since, 'after the remote stop, with the cable still in');
        return;
      }
      const { ended } = await endAfterStop(ctx, c, stopped, 'Remote');
      if (info(ended).stoppedReason !== 'Remote') throw new Verdict(`a remotely stopped transaction must end with stoppedReason Remote, got ${String(info(ended).stoppedReason ?? '(none: Local)')}`);
    },
  });
}

export const remoteStopTxCs = (ocpp: OcppVersion, octt: Claims) => remoteStopCs(ocpp, 'F03', octt);
export const remoteStopIso15118Cs = (octt: Claims) => remoteStopCs('2.0.1', 'F04', octt);

/** F03 (TC_028_CS / TC_F_09_CS): a remote stop naming a transaction the station does not run is Rejected; the running one goes on. */
export function remoteStopUnknownCs(ocpp: OcppVersion, octt: Claims) {
  const v16 = ocpp === '1.6';
  return testCase<CsTestCase>({
    useCase: 'F03', variant: 'unknown', ocpp, sut: 'CS', octt, actions: ['plugIn'],
    title: 'Remote stop of an unknown transaction ID is Rejected and the running transaction goes on',
    killedBy: ['cs.remote-stop-unknown-accepted'],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const c = await charging(ctx, profile.evses[0]!.id);
      const unknown = v16 ? Number(c.id) + 1 : `unknown-${Date.now().toString(36)}`;
      const answer = await csms.call(stopAction(ocpp), { transactionId: unknown });
      if (answer.status !== 'Rejected') throw new Verdict(`${stopAction(ocpp)} for unknown transaction ${String(unknown)} must be Rejected, got ${String(answer.status)}`);
      if (v16) await csms.expectNoCall('StopTransaction', profile.timing.quietMs, undefined, c.last);
      else await csms.expectNoCall('TransactionEvent', profile.timing.quietMs, { eventType: 'Ended' }, c.last);
    },
  });
}

// ---------------------------------------------------------------- SUT = CSMS

type StationPeer = CsmsContext['station'];

/**
 * Wait for the CSMS's remote start (after the operator asked): it carries the configured token and type, the EVSE
 * the operator chose and (2.0.1) an integer remoteStartId.
 */
async function expectRemoteStart(ocpp: OcppVersion, station: StationPeer, profile: SutProfile, evseId: number, after?: ReceivedCall): Promise<ReceivedCall> {
  const call = await station.expectCall(startAction(ocpp), { after, within: profile.timing.callTimeoutMs });
  const p = call.payload;
  if (ocpp === '1.6') {
    if (p.idTag !== profile.idTokens.valid) throw new Verdict(`RemoteStartTransaction must carry the operator's idTag ${profile.idTokens.valid}, got ${String(p.idTag)}`);
    if (p.connectorId !== evseId) throw new Verdict(`RemoteStartTransaction must name connector ${evseId} the operator chose, got ${String(p.connectorId)}`);
    return call;
  }
  const token = p.idToken as Payload;
  if (token.idToken !== profile.idTokens.valid || token.type !== profile.idTokens.type) {
    throw new Verdict(`RequestStartTransaction must carry idToken ${profile.idTokens.valid} (${profile.idTokens.type}), got ${JSON.stringify(token)}`);
  }
  if (p.evseId !== evseId) throw new Verdict(`RequestStartTransaction must name EVSE ${evseId} the operator chose, got ${String(p.evseId)}`);
  if (!Number.isInteger(p.remoteStartId)) throw new Verdict(`RequestStartTransaction must carry an integer remoteStartId, got ${String(p.remoteStartId)}`);
  return call;
}

/** The operator asks the CSMS for a remote start; the station answers `answer`. Returns the request. */
async function operatorRemoteStart({ station, sut, profile }: CsmsContext, evseId: number, answer: Payload, after?: ReceivedCall): Promise<ReceivedCall> {
  station.answer(startAction(profile.ocpp), answer);
  await sut.act('remoteStart', { evseId, idToken: profile.idTokens.valid, type: profile.idTokens.type });
  return expectRemoteStart(profile.ocpp, station, profile, evseId, after);
}

/** 1.6 Authorize for the valid idTag; the CSMS must accept it. */
async function authorize16(station: StationPeer): Promise<void> {
  requireTokenAccepted(await station.call('Authorize', { idTag: station.profile.idTokens.valid }), 'Authorize');
}

/** 1.6 StartTransaction for the valid idTag; the CSMS must accept it and assign an integer transactionId. */
async function start16(station: StationPeer, connectorId: number): Promise<number> {
  const start = await station.call('StartTransaction', { connectorId, idTag: station.profile.idTokens.valid, meterStart: 0, timestamp: station.now() });
  requireTokenAccepted(start, 'StartTransaction');
  if (!Number.isInteger(start.transactionId)) throw new Verdict(`StartTransaction must be answered with an integer transactionId, got ${String(start.transactionId)}`);
  return Number(start.transactionId);
}

/**
 * F01 (TC_010_CSMS / TC_F_01_CSMS): the EV is plugged in first; the operator's remote start carries the token and
 * EVSE, and the CSMS accepts the transaction the station then reports (2.0.1: RemoteStart Updated with the
 * remoteStartId, then energy).
 */
export function remoteStartCableFirstCsms(ocpp: OcppVersion, octt: Claims) {
  return testCase<CsmsTestCase>({
    useCase: 'F01', ocpp, sut: 'CSMS', octt, actions: ['remoteStart'],
    title: 'Cable first: the operator\'s remote start carries the token and EVSE, and the CSMS accepts the transaction the station then reports',
    killedBy: ['csms.remote-start-drops-evse'],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const evseId = profile.evses[0]!.id;
      if (ocpp === '1.6') {
        await reportConnector(station, evseId, 'Preparing');
        await operatorRemoteStart(ctx, evseId, { status: 'Accepted' });
        await authorize16(station);
        await start16(station, evseId);
        await reportConnector(station, evseId, 'Charging');
        return;
      }
      const t = newSimTx(evseId);
      await simPlugIn(station, t, false);
      const request = await operatorRemoteStart(ctx, evseId, { status: 'Accepted', transactionId: t.id });
      requireTokenAccepted(await sendTxEvent(station, t, {
        eventType: 'Updated', trigger: 'RemoteStart', chargingState: 'EVConnected', token: true, remoteStartId: request.payload.remoteStartId,
      }), 'the TransactionEvent RemoteStart');
      await simEnergy(station, t);
    },
  });
}

/**
 * F02 remote start first (TC_011_1_CSMS; TC_F_03_CSMS, and with `authorize` TC_F_02_CSMS): Accepted without a
 * transaction; (Authorize, answered Accepted); the transaction the remote start began; then the EV and energy.
 */
export function remoteStartFirstCsms(ocpp: OcppVersion, octt: Claims, o: { authorize?: boolean } = {}) {
  const v16 = ocpp === '1.6';
  return testCase<CsmsTestCase>({
    useCase: 'F02', variant: o.authorize ? 'authorize' : undefined, ocpp, sut: 'CSMS', octt, actions: ['remoteStart'],
    title: v16
      ? 'Remote start first: the request carries the token and connector; the CSMS accepts Authorize and the transaction that follows the cable'
      : `Remote start first${o.authorize ? ', the station authorizing the token first' : ''}: the request carries the token and EVSE; the CSMS accepts the RemoteStart transaction, the cable and energy`,
    killedBy: ['csms.remote-start-drops-evse'],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const evseId = profile.evses[0]!.id;
      const request = await operatorRemoteStart(ctx, evseId, { status: 'Accepted' });
      if (v16) {
        await authorize16(station);
        await reportConnector(station, evseId, 'Preparing');
        await start16(station, evseId);
        await reportConnector(station, evseId, 'Charging');
        return;
      }
      if (o.authorize) {
        const token = { idToken: profile.idTokens.valid, type: profile.idTokens.type };
        requireTokenAccepted(await station.call('Authorize', { idToken: token }), 'Authorize');
      }
      const t = newSimTx(evseId);
      requireTokenAccepted(await sendTxEvent(station, t, {
        eventType: 'Started', trigger: 'RemoteStart', chargingState: 'Idle', withEvse: true, token: true, remoteStartId: request.payload.remoteStartId,
      }), 'the TransactionEvent RemoteStart');
      await simPlugIn(station, t, true);
      await simEnergy(station, t);
    },
  });
}

/**
 * F02 with E03 (TC_011_2_CSMS / TC_F_04_CSMS): the remote start is accepted, no cable comes and the connection
 * timeout ends it; the CSMS takes that. Beyond the documents: a second remote start carries a new remoteStartId.
 */
export function remoteStartTimeoutCsms(ocpp: OcppVersion, octt: Claims) {
  const v16 = ocpp === '1.6';
  return testCase<CsmsTestCase>({
    useCase: 'F02', variant: 'timeout', ocpp, sut: 'CSMS', octt, actions: ['remoteStart'],
    title: 'Remote start first, then the connection timeout: the CSMS accepts the timed-out authorization'
      + (v16 ? '' : ', and a second remote start carries a new remoteStartId'),
    killedBy: ['csms.remote-start-drops-evse', ...(v16 ? [] : ['csms.remote-start-reuses-id'])],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const evseId = profile.evses[0]!.id;
      const first = await operatorRemoteStart(ctx, evseId, { status: 'Accepted' });
      if (v16) {
        await authorize16(station);
        await reportConnector(station, evseId, 'Preparing');
        await reportConnector(station, evseId, 'Available');
        return;
      }
      const t = newSimTx(evseId);
      requireTokenAccepted(await sendTxEvent(station, t, {
        eventType: 'Started', trigger: 'RemoteStart', chargingState: 'Idle', withEvse: true, token: true, remoteStartId: first.payload.remoteStartId,
      }), 'the TransactionEvent RemoteStart');
      // As the document plays it: an Updated event with triggerReason EVConnectTimeout.
      await sendTxEvent(station, t, { eventType: 'Updated', trigger: 'EVConnectTimeout', chargingState: 'Idle' });
      const second = await operatorRemoteStart(ctx, evseId, { status: 'Accepted' }, first);
      if (second.payload.remoteStartId === first.payload.remoteStartId) {
        throw new Verdict(`each RequestStartTransaction needs its own remoteStartId; both carried ${String(first.payload.remoteStartId)}`);
      }
    },
  });
}

/** F01/F02 (TC_026_CSMS): the station rejects the remote start; the CSMS takes no for an answer and does not repeat it. */
export function remoteStartRejectedCsms(ocpp: OcppVersion, octt: Claims) {
  return testCase<CsmsTestCase>({
    useCase: 'F02', variant: 'rejected', ocpp, sut: 'CSMS', octt, actions: ['remoteStart'],
    title: 'The station rejects the remote start: the CSMS does not repeat it on its own, and a later remote start still goes out',
    killedBy: ['csms.remote-start-retries-rejected'],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const evseId = profile.evses[0]!.id;
      const first = await operatorRemoteStart(ctx, evseId, { status: 'Rejected' });
      const repeat = await station.firstUnwanted((c) => c.action === startAction(ocpp), profile.timing.quietMs, first);
      if (repeat) throw new Verdict(`the station rejected the remote start, yet the CSMS sent ${startAction(ocpp)} again without the operator asking`);
      await operatorRemoteStart(ctx, evseId, { status: 'Accepted' }, first);
    },
  });
}

/** The running transaction of the CSMS-side tests: 1.6 the tool's Charging state, 2.0.1 EnergyTransferStarted. */
async function simCharging(station: StationPeer, evseId: number): Promise<{ id: string | number; t?: SimTx; end: (reason: string) => Promise<void> }> {
  if (station.profile.ocpp === '1.6') {
    const id = await simCharging16(station, evseId);
    return {
      id,
      end: async (reason) => {
        await station.call('StopTransaction', { transactionId: id, meterStop: 100, timestamp: station.now(), reason, idTag: station.profile.idTokens.valid });
      },
    };
  }
  const t = await simEnergyTransferStarted(station, evseId);
  return {
    id: t.id, t,
    end: async (reason) => {
      await sendTxEvent(station, t, { eventType: 'Ended', trigger: reason === 'Remote' ? 'RemoteStop' : 'StopAuthorized', chargingState: 'EVConnected', stoppedReason: reason });
    },
  };
}

/**
 * F03 (TC_012_CSMS) / F04: the CSMS's remote stop names the running transaction, and it accepts the end; 1.6 then
 * Finishing and, once unplugged, Available; 2.0.1 F04 the EV winding down first.
 */
function remoteStopCsms(ocpp: OcppVersion, useCase: 'F03' | 'F04', octt: Claims) {
  const v16 = ocpp === '1.6';
  return testCase<CsmsTestCase>({
    useCase, ocpp, sut: 'CSMS', octt, actions: ['remoteStop'],
    title: useCase === 'F04'
      ? 'Remote stop of an ISO 15118 session: the request names the running transaction; the CSMS accepts the EV winding down and the end'
      : 'Remote stop: the request names the running transaction and the CSMS accepts its end with reason Remote',
    killedBy: ['csms.remote-stop-wrong-transaction'],
    async run({ station, sut, profile }) {
      await station.booted();
      const evseId = profile.evses[0]!.id;
      const tx = await simCharging(station, evseId);
      station.answer(stopAction(ocpp), { status: 'Accepted' });
      await sut.act('remoteStop', { evseId });
      const stop = await station.expectCall(stopAction(ocpp));
      if (String(stop.payload.transactionId) !== String(tx.id)) throw new Verdict(`${stopAction(ocpp)} must name the running transaction ${String(tx.id)}, got ${String(stop.payload.transactionId)}`);
      if (v16) {
        await tx.end('Remote');
        await reportConnector(station, evseId, 'Finishing');
        await reportConnector(station, evseId, 'Available');
        return;
      }
      if (useCase === 'F04') {
        // ISO 15118: the EV is told to stop and winds down before the transaction ends.
        const t = tx.t!;
        await sendTxEvent(station, t, { eventType: 'Updated', trigger: 'RemoteStop', chargingState: 'SuspendedEVSE' });
        await sendTxEvent(station, t, { eventType: 'Updated', trigger: 'ChargingStateChanged', chargingState: 'EVConnected' });
        await sendTxEvent(station, t, { eventType: 'Ended', trigger: 'ChargingStateChanged', chargingState: 'EVConnected', stoppedReason: 'Remote' });
        return;
      }
      await tx.end('Remote');
    },
  });
}

export const remoteStopTxCsms = (ocpp: OcppVersion, octt: Claims) => remoteStopCsms(ocpp, 'F03', octt);
export const remoteStopIso15118Csms = (octt: Claims) => remoteStopCsms('2.0.1', 'F04', octt);

/** F03 (TC_028_CSMS): the station rejects the remote stop; the CSMS takes it and the transaction's later end. */
export function remoteStopRejectedCsms(ocpp: OcppVersion, octt: Claims) {
  return testCase<CsmsTestCase>({
    useCase: 'F03', variant: 'rejected', ocpp, sut: 'CSMS', octt, actions: ['remoteStop'],
    title: 'The station rejects the remote stop: the request named the running transaction, and the CSMS still takes that transaction\'s later end',
    killedBy: ['csms.remote-stop-wrong-transaction'],
    async run({ station, sut, profile }) {
      await station.booted();
      const evseId = profile.evses[0]!.id;
      const tx = await simCharging(station, evseId);
      station.answer(stopAction(ocpp), { status: 'Rejected' });
      await sut.act('remoteStop', { evseId });
      const stop = await station.expectCall(stopAction(ocpp));
      if (String(stop.payload.transactionId) !== String(tx.id)) throw new Verdict(`${stopAction(ocpp)} must name the running transaction ${String(tx.id)}, got ${String(stop.payload.transactionId)}`);
      await tx.end('Local');
    },
  });
}
