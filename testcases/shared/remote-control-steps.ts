// F01-F04 for both versions: remote start (cable first / remote start first, connection timeout) and remote stop.
// 2.0.1 words it RequestStartTransaction / RequestStopTransaction + TransactionEvent; 1.6 RemoteStartTransaction /
// RemoteStopTransaction + StartTransaction / StopTransaction.
import { testCase, type CsContext, type CsTestCase, type CsmsTestCase } from '../../src/harness/test-case.js';
import { describeSetting, writeSetting, type SettingName } from './settings.js';
import { Verdict, type Peer, type ReceivedCall } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';
import type { SutProfile } from '../../src/harness/config.js';

type CsmsPeer = CsContext['csms'];

const startAction = (ocpp: OcppVersion) => (ocpp === '1.6' ? 'RemoteStartTransaction' : 'RequestStartTransaction');
const stopAction = (ocpp: OcppVersion) => (ocpp === '1.6' ? 'RemoteStopTransaction' : 'RequestStopTransaction');
const whereConnector = (ocpp: OcppVersion, evseId: number) => (ocpp === '1.6' ? { connectorId: evseId } : { evseId, connectorId: 1 });
const statusOf = (c: ReceivedCall) => String(c.payload.connectorStatus ?? c.payload.status);
const info = (c: ReceivedCall) => (c.payload.transactionInfo ?? {}) as Payload;
const tokenOf = (c: ReceivedCall) => (c.payload.idToken as Payload | undefined)?.idToken;
const evseOf = (c: ReceivedCall) => (c.payload.evse as Payload | undefined)?.id;
const brief = (c: ReceivedCall) => JSON.stringify(c.payload);

/** A fresh remoteStartId per request of the harness. */
let remoteStartCounter = 100 + Math.floor(Math.random() * 10_000);

/** The remote start request the harness (as CSMS) sends. */
function startRequest(ocpp: OcppVersion, profile: SutProfile, evseId: number, remoteStartId: number): Payload {
  return ocpp === '1.6'
    ? { connectorId: evseId, idTag: profile.idTokens.valid }
    : { idToken: { idToken: profile.idTokens.valid, type: profile.idTokens.type }, evseId, remoteStartId };
}

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
function requireAnsweredBefore(peer: Peer, action: string, later: ReceivedCall): void {
  const request = frameIndex(peer, 'out', (f) => f[0] === 2 && f[2] === action);
  if (request < 0) return;
  const id = (JSON.parse(peer.log.frames[request]!.text) as unknown[])[1];
  const result = frameIndex(peer, 'in', (f) => (f[0] === 3 || f[0] === 4) && f[1] === id);
  const event = frameIndex(peer, 'in', (f) => f[0] === 2 && f[1] === later.messageId);
  if (result < 0 || event < 0 || event < result) {
    throw new Verdict(`the station sent ${later.action} before it answered ${action}: it must answer the request first`);
  }
}

const CONNECTION_TIMEOUT: SettingName = { v16: 'ConnectionTimeOut', component: 'TxCtrlr', variable: 'EVConnectionTimeOut' };
const AUTHORIZE_REMOTE_START: SettingName = { v16: 'AuthorizeRemoteTxRequests', component: 'AuthCtrlr', variable: 'AuthorizeRemoteStart' };

/** Ask the station (as its CSMS) to use a short connection timeout, so the timeout case runs in seconds. */
async function setConnectionTimeout(ocpp: OcppVersion, csms: CsmsPeer, seconds: number): Promise<void> {
  const status = await writeSetting(csms, ocpp, CONNECTION_TIMEOUT, String(seconds));
  if (status !== 'Accepted') throw new Verdict(`${describeSetting(ocpp, CONNECTION_TIMEOUT)}=${seconds} was answered ${status}; the test needs it set`);
}

/** 1.6: answer StartTransaction with a transaction ID the test knows. */
function fixStartAnswer(csms: CsmsPeer, profile: SutProfile): number {
  const id = 7000 + Math.floor(Math.random() * 1000);
  csms.answer('StartTransaction', (c) => ({ transactionId: id, idTagInfo: { status: c.payload.idTag === profile.idTokens.valid ? 'Accepted' : 'Invalid' } }));
  return id;
}

/** A transaction whose energy flows: cable in, then the driver's token (a local start, as the official state does). */
async function energyTransferStarted(ocpp: OcppVersion, { csms, sut, profile }: CsContext, evseId: number): Promise<{ id: string; last: ReceivedCall }> {
  const fixedId = ocpp === '1.6' ? fixStartAnswer(csms, profile) : 0;
  const since = Date.now() - 1;
  await sut.act('plugIn', { evse: evseId });
  await sut.act('presentIdToken', { evse: evseId, idToken: profile.idTokens.valid, type: profile.idTokens.type });
  if (ocpp === '1.6') {
    const start = await csms.expectCall('StartTransaction', { where: { connectorId: evseId }, after: since });
    return { id: String(fixedId), last: start };
  }
  const charging = await csms.expectCall('TransactionEvent', {
    where: { evse: { id: evseId }, transactionInfo: { chargingState: 'Charging' } }, after: since,
  }).catch(async () => csms.expectCall('TransactionEvent', { where: { transactionInfo: { chargingState: 'Charging' } }, after: since }));
  return { id: String(info(charging).transactionId), last: charging };
}

// ---------------------------------------------------------------- SUT = CS

/** F01: cable plugged in first, then the CSMS starts the transaction remotely. */
export function remoteStartCableFirstCs(ocpp: OcppVersion, octt: string[]) {
  const v16 = ocpp === '1.6';
  return testCase<CsTestCase>({
    useCase: 'F01', ocpp, sut: 'CS', octt, actions: ['plugIn', 'unplug'],
    title: 'Cable first, then a remote start: Accepted, the transaction carries the token (and remoteStartId), charging follows; unplugging ends it',
    killedBy: [
      'cs.remote-start-acts-before-answer', 'cs.tx-continues-after-unplug', 'cs.tx-stop-reason-other',
      ...(v16 ? [] : ['cs.remote-start-no-transaction-id', 'cs.remote-start-no-remote-start-id']),
    ],
    async run({ csms, sut, profile }) {
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      const fixedId = v16 ? fixStartAnswer(csms, profile) : 0;
      const since = Date.now() - 1;
      await sut.act('plugIn', { evse: evseId });
      let txId: string | undefined;
      let cable: ReceivedCall;
      if (v16) {
        cable = await csms.expectCall('StatusNotification', { where: { connectorId: evseId, status: 'Preparing' }, after: since });
      } else {
        // TxStartPoint EVConnected: the cable begins the transaction; otherwise there is none yet.
        cable = await csms.expectCall('StatusNotification', { where: { evseId, connectorStatus: 'Occupied' }, after: since });
        const started = await csms.expectCall('TransactionEvent', { where: { eventType: 'Started' }, after: since, within: profile.timing.quietMs + profile.timing.toleranceMs }).catch(() => undefined);
        if (started) {
          txId = String(info(started).transactionId);
          cable = started;
        }
      }
      const remoteStartId = remoteStartCounter++;
      const answer = await csms.call(startAction(ocpp), startRequest(ocpp, profile, evseId, remoteStartId));
      if (answer.status !== 'Accepted') throw new Verdict(`${startAction(ocpp)} on an EVSE with a cable in must be Accepted, got ${String(answer.status)}`);
      if (v16) {
        const start = await csms.expectCall('StartTransaction', { after: cable });
        requireAnsweredBefore(csms, startAction(ocpp), start);
        if (start.payload.connectorId !== evseId || start.payload.idTag !== profile.idTokens.valid) {
          throw new Verdict(`StartTransaction must be for connector ${evseId} with idTag ${profile.idTokens.valid}, got ${brief(start)}`);
        }
        const charging = await csms.expectCall('StatusNotification', { where: { connectorId: evseId }, after: start });
        if (statusOf(charging) !== 'Charging') throw new Verdict(`after the remote start the connector must be Charging, got ${statusOf(charging)}`);
        await sut.act('unplug', { evse: evseId });
        const stop = await csms.expectCall('StopTransaction', { after: start });
        if (stop.payload.transactionId !== fixedId) throw new Verdict(`StopTransaction must name transaction ${fixedId}, got ${String(stop.payload.transactionId)}`);
        if (stop.payload.reason !== 'EVDisconnected') throw new Verdict(`unplugging must end the transaction with reason EVDisconnected, got ${String(stop.payload.reason)}`);
        return;
      }
      if (txId !== undefined && answer.transactionId !== txId) {
        throw new Verdict(`the cable already began transaction ${txId}: RequestStartTransactionResponse must name it, got transactionId ${String(answer.transactionId)}`);
      }
      const remote = await csms.expectCall('TransactionEvent', { after: cable });
      requireAnsweredBefore(csms, startAction(ocpp), remote);
      if (remote.payload.triggerReason !== 'RemoteStart') throw new Verdict(`the first TransactionEvent after the remote start must have triggerReason RemoteStart, got ${brief(remote)}`);
      if (info(remote).remoteStartId !== remoteStartId) throw new Verdict(`transactionInfo.remoteStartId must be ${remoteStartId}, got ${String(info(remote).remoteStartId)}`);
      if (tokenOf(remote) !== profile.idTokens.valid) throw new Verdict(`the TransactionEvent must carry idToken ${profile.idTokens.valid}, got ${JSON.stringify(remote.payload.idToken)}`);
      if (txId !== undefined && info(remote).transactionId !== txId) throw new Verdict(`the remote start must authorize transaction ${txId}, the event names ${String(info(remote).transactionId)}`);
      txId = String(info(remote).transactionId);
      const charging = info(remote).chargingState === 'Charging' ? remote
        : await csms.expectCall('TransactionEvent', { where: { transactionInfo: { transactionId: txId, chargingState: 'Charging' } }, after: remote });
      await sut.act('unplug', { evse: evseId });
      const ended = await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: { transactionId: txId } }, after: charging });
      if (info(ended).stoppedReason !== 'EVDisconnected') throw new Verdict(`unplugging must end the transaction with stoppedReason EVDisconnected, got ${String(info(ended).stoppedReason)}`);
    },
  });
}

/** F02: the remote start comes first, the cable within the connection timeout. */
export function remoteStartFirstCs(ocpp: OcppVersion, octt: string[]) {
  const v16 = ocpp === '1.6';
  return testCase<CsTestCase>({
    useCase: 'F02', ocpp, sut: 'CS', octt, actions: ['plugIn'],
    title: 'Remote start before the cable: Accepted on the requested EVSE, the authorization waits, plugging in starts charging',
    killedBy: ['cs.remote-start-ignores-evse', 'cs.remote-start-acts-before-answer', ...(v16 ? [] : ['cs.remote-start-no-remote-start-id'])],
    async run({ csms, sut, profile }) {
      await csms.booted();
      const evseId = profile.evses.at(-1)!.id;
      const fixedId = v16 ? fixStartAnswer(csms, profile) : 0;
      const remoteStartId = remoteStartCounter++;
      const since = Date.now() - 1;
      const answer = await csms.call(startAction(ocpp), startRequest(ocpp, profile, evseId, remoteStartId));
      if (answer.status !== 'Accepted') throw new Verdict(`${startAction(ocpp)} on an idle EVSE must be Accepted, got ${String(answer.status)}`);
      if (v16) {
        const preparing = await csms.expectCall('StatusNotification', { where: { connectorId: evseId }, after: since });
        requireAnsweredBefore(csms, startAction(ocpp), preparing);
        if (statusOf(preparing) !== 'Preparing') throw new Verdict(`the remote start must put connector ${evseId} in Preparing, got ${statusOf(preparing)}`);
        await sut.act('plugIn', { evse: evseId });
        const start = await csms.expectCall('StartTransaction', { after: preparing });
        if (start.payload.connectorId !== evseId || start.payload.idTag !== profile.idTokens.valid) {
          throw new Verdict(`StartTransaction must be for connector ${evseId} with idTag ${profile.idTokens.valid}, got ${brief(start)}`);
        }
        const charging = await csms.expectCall('StatusNotification', { where: { connectorId: evseId }, after: start });
        if (statusOf(charging) !== 'Charging') throw new Verdict(`after plugging in the connector must be Charging, got ${statusOf(charging)}`);
        void fixedId;
        return;
      }
      if (answer.transactionId !== undefined) throw new Verdict(`no transaction ran on EVSE ${evseId}: the answer must not carry transactionId, got ${String(answer.transactionId)}`);
      // TxStartPoint Authorized: the remote start begins the transaction now; with EVConnected it waits for the cable.
      let first = await csms.expectCall('TransactionEvent', { after: since, within: profile.timing.quietMs + profile.timing.toleranceMs }).catch(() => undefined);
      if (!first) {
        await sut.act('plugIn', { evse: evseId });
        first = await csms.expectCall('TransactionEvent', { after: since });
      }
      requireAnsweredBefore(csms, startAction(ocpp), first);
      if (first.payload.triggerReason !== 'RemoteStart') throw new Verdict(`the first TransactionEvent after the remote start must have triggerReason RemoteStart, got ${brief(first)}`);
      if (info(first).remoteStartId !== remoteStartId) throw new Verdict(`transactionInfo.remoteStartId must be ${remoteStartId}, got ${String(info(first).remoteStartId)}`);
      if (tokenOf(first) !== profile.idTokens.valid) throw new Verdict(`the TransactionEvent must carry idToken ${profile.idTokens.valid}, got ${JSON.stringify(first.payload.idToken)}`);
      if (evseOf(first) !== evseId) throw new Verdict(`the remote start asked for EVSE ${evseId}, the transaction runs on EVSE ${String(evseOf(first))}`);
      const txId = String(info(first).transactionId);
      if (info(first).chargingState !== 'Charging') {
        if (!csms.lastCall('TransactionEvent', { triggerReason: 'CablePluggedIn' })) await sut.act('plugIn', { evse: evseId });
        await csms.expectCall('TransactionEvent', { where: { transactionInfo: { transactionId: txId, chargingState: 'Charging' } }, after: first });
      }
    },
  });
}

/** F02 (E03): the remote start comes first and no cable follows: the station gives up after the connection timeout. */
export function remoteStartTimeoutCs(ocpp: OcppVersion, octt: string[]) {
  const v16 = ocpp === '1.6';
  return testCase<CsTestCase>({
    useCase: 'F02', variant: 'timeout', ocpp, sut: 'CS', octt,
    title: 'Remote start without a cable: after the connection timeout the authorization ends and the connector is Available again',
    killedBy: ['cs.ignores-connection-timeout', ...(v16 ? [] : ['cs.tx-stop-reason-other'])],
    async run({ csms, profile }) {
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      const timeoutMs = profile.timing.connectionTimeoutS * 1000;
      const slack = profile.timing.toleranceMs;
      await setConnectionTimeout(ocpp, csms, profile.timing.connectionTimeoutS);
      const since = Date.now() - 1;
      const answer = await csms.call(startAction(ocpp), startRequest(ocpp, profile, evseId, remoteStartCounter++));
      const accepted = Date.now();
      if (answer.status !== 'Accepted') throw new Verdict(`${startAction(ocpp)} on an idle EVSE must be Accepted, got ${String(answer.status)}`);
      const occupied = await csms.expectCall('StatusNotification', { where: whereConnector(ocpp, evseId), after: since });
      if (statusOf(occupied) !== (v16 ? 'Preparing' : 'Occupied')) throw new Verdict(`the remote start must make the connector ${v16 ? 'Preparing' : 'Occupied'}, got ${statusOf(occupied)}`);
      const within = timeoutMs + slack + 1000;
      if (!v16) {
        const ended = await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended' }, after: since, within });
        if (ended.payload.triggerReason !== 'EVConnectTimeout') throw new Verdict(`the transaction must end with triggerReason EVConnectTimeout, got ${String(ended.payload.triggerReason)}`);
        if (info(ended).stoppedReason !== 'Timeout') throw new Verdict(`the transaction must end with stoppedReason Timeout, got ${String(info(ended).stoppedReason)}`);
        if (ended.at - accepted < timeoutMs - slack) throw new Verdict(`the transaction ended ${ended.at - accepted} ms after the remote start, before the ${timeoutMs} ms connection timeout`);
      }
      const available = await csms.expectCall('StatusNotification', { where: { ...whereConnector(ocpp, evseId), [v16 ? 'status' : 'connectorStatus']: 'Available' }, after: occupied, within })
        .catch(() => { throw new Verdict(`the connector must become Available again within ${within} ms of the remote start when no cable comes`); });
      if (available.at - accepted < timeoutMs - slack) throw new Verdict(`the connector was freed ${available.at - accepted} ms after the remote start, before the ${timeoutMs} ms connection timeout`);
      if (v16 && csms.lastCall('StartTransaction')) throw new Verdict('no StartTransaction may be sent when no cable was plugged in');
    },
  });
}

/** Turn on AuthorizeRemoteStart (1.6 AuthorizeRemoteTxRequests); a station where it is fixed to false cannot run the test. */
async function enableAuthorizeRemoteStart(ocpp: OcppVersion, csms: CsmsPeer): Promise<void> {
  const status = await writeSetting(csms, ocpp, AUTHORIZE_REMOTE_START, 'true');
  if (status !== 'Accepted') throw new Inconclusive(`the station refused ${describeSetting(ocpp, AUTHORIZE_REMOTE_START)} = true (${status}); the value may be read-only (Part 5 C-48), so the precondition is not established`);
}

/** F02 with AuthorizeRemoteStart true: the station authorizes the remote token like a local one before it starts. */
export function remoteStartAuthorizeCs(ocpp: OcppVersion, octt: string[]) {
  const v16 = ocpp === '1.6';
  return testCase<CsTestCase>({
    useCase: 'F02', variant: 'authorize', ocpp, sut: 'CS', octt,
    title: 'With AuthorizeRemoteStart true the station sends Authorize for the remote token first: an invalid token starts nothing, a valid one starts',
    killedBy: ['cs.remote-start-skips-authorize'],
    async run({ csms, profile }) {
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      await enableAuthorizeRemoteStart(ocpp, csms);
      const tokenOfAuthorize = (c: ReceivedCall) => (v16 ? c.payload.idTag : (c.payload.idToken as Payload | undefined)?.idToken);
      // An invalid token: the CSMS answers the Authorize Invalid and no transaction may start.
      const bad = v16 ? { connectorId: evseId, idTag: profile.idTokens.invalid }
        : { idToken: { idToken: profile.idTokens.invalid, type: profile.idTokens.type }, evseId, remoteStartId: remoteStartCounter++ };
      const since = Date.now() - 1;
      await csms.call(startAction(ocpp), bad);
      const authorize = await csms.expectCall('Authorize', { after: since })
        .catch(() => { throw new Verdict('with AuthorizeRemoteStart true the station must send Authorize for the remote start\'s token'); });
      if (tokenOfAuthorize(authorize) !== profile.idTokens.invalid) throw new Verdict(`Authorize must carry the remote start's token ${profile.idTokens.invalid}, got ${brief(authorize)}`);
      await csms.expectNoCall(v16 ? 'StartTransaction' : 'TransactionEvent', profile.timing.quietMs, v16 ? undefined : { triggerReason: 'RemoteStart' });
      // A valid token: Authorize first, then the transaction.
      const again = Date.now() - 1;
      const answer = await csms.call(startAction(ocpp), startRequest(ocpp, profile, evseId, remoteStartCounter++));
      if (answer.status !== 'Accepted') throw new Verdict(`${startAction(ocpp)} with a valid token must be Accepted, got ${String(answer.status)}`);
      const ok = await csms.expectCall('Authorize', { after: again })
        .catch(() => { throw new Verdict('with AuthorizeRemoteStart true the station must send Authorize for the remote start\'s token'); });
      if (tokenOfAuthorize(ok) !== profile.idTokens.valid) throw new Verdict(`Authorize must carry the remote start's token ${profile.idTokens.valid}, got ${brief(ok)}`);
      if (v16) {
        await csms.expectCall('StatusNotification', { where: { connectorId: evseId, status: 'Preparing' }, after: ok });
        return;
      }
      const event = await csms.expectCall('TransactionEvent', { where: { triggerReason: 'RemoteStart' }, after: again });
      if (csms.received.indexOf(event) < csms.received.indexOf(ok)) throw new Verdict('the station reported the remotely started transaction before it had the token authorized');
    },
  });
}

/** F01/F02: a remote start the station cannot serve is Rejected (EVSE charging already, unknown EVSE, 1.6 connector 0). */
export function remoteStartRejectedCs(ocpp: OcppVersion, octt: string[]) {
  const v16 = ocpp === '1.6';
  return testCase<CsTestCase>({
    useCase: 'F01', variant: 'rejected', ocpp, sut: 'CS', octt, actions: ['plugIn', 'presentIdToken'],
    title: `Remote start on an unknown EVSE${v16 ? ', on connector 0' : ''} or on an EVSE that already charges is Rejected and starts nothing`,
    killedBy: ['cs.remote-start-occupied-accepted', ...(v16 ? ['cs.remote-start-accepts-connector-zero'] : [])],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      if (v16) {
        const zero = await csms.call(startAction(ocpp), { connectorId: 0, idTag: profile.idTokens.valid }).catch((err: Error) => {
          if (err.message.includes('CALLERROR')) return { status: 'Rejected' }; // a CALLERROR is an acceptable refusal
          throw err;
        });
        if (zero.status !== 'Rejected') throw new Verdict(`RemoteStartTransaction for connectorId 0 must be Rejected, got ${String(zero.status)}`);
      }
      // An EVSE the station does not have: Rejected (a CALLERROR is also a refusal).
      const missing = Math.max(...profile.evses.map((e) => e.id)) + 1;
      const none = await csms.call(startAction(ocpp), startRequest(ocpp, profile, missing, remoteStartCounter++)).catch((err: Error) => {
        if (err.message.includes('CALLERROR')) return { status: 'Rejected' };
        throw err;
      });
      if (none.status !== 'Rejected') throw new Verdict(`${startAction(ocpp)} for EVSE ${missing}, which the station does not have, must be Rejected, got ${String(none.status)}`);
      const { last } = await energyTransferStarted(ocpp, ctx, evseId);
      const answer = await csms.call(startAction(ocpp), startRequest(ocpp, profile, evseId, remoteStartCounter++));
      if (answer.status !== 'Rejected') throw new Verdict(`${startAction(ocpp)} on EVSE ${evseId}, which already charges, must be Rejected, got ${String(answer.status)}`);
      await csms.expectNoCall(v16 ? 'StartTransaction' : 'TransactionEvent', profile.timing.quietMs, v16 ? undefined : { triggerReason: 'RemoteStart' });
      void last;
    },
  });
}

/** F03 (and F04 as OCPP shows it): the CSMS stops a running transaction. */
function remoteStopCs(ocpp: OcppVersion, useCase: 'F03' | 'F04', octt: string[]) {
  const v16 = ocpp === '1.6';
  return testCase<CsTestCase>({
    useCase, ocpp, sut: 'CS', octt, actions: ['plugIn', 'presentIdToken', 'unplug'],
    title: useCase === 'F04'
      ? 'Remote stop of a charging session (ISO 15118 or not, as OCPP shows it): Accepted, the station may pass through other charging states, then ends with RemoteStop / Remote'
      : 'Remote stop of a running transaction: Accepted first, then the transaction ends with reason Remote',
    killedBy: ['cs.tx-stop-reason-other', 'cs.remote-stop-ignored'],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      const { id, last } = await energyTransferStarted(ocpp, ctx, evseId);
      const answer = await csms.call(stopAction(ocpp), { transactionId: v16 ? Number(id) : id });
      if (answer.status !== 'Accepted') throw new Verdict(`${stopAction(ocpp)} for the running transaction ${id} must be Accepted, got ${String(answer.status)}`);
      if (v16) {
        const stop = await csms.expectCall('StopTransaction', { after: last })
          .catch(() => { throw new Verdict(`the station accepted the remote stop but sent no StopTransaction within ${profile.timing.callTimeoutMs} ms`); });
        requireAnsweredBefore(csms, stopAction(ocpp), stop);
        if (String(stop.payload.transactionId) !== id) throw new Verdict(`StopTransaction must name transaction ${id}, got ${String(stop.payload.transactionId)}`);
        if (stop.payload.reason !== 'Remote') throw new Verdict(`a remotely stopped transaction must end with reason Remote, got ${String(stop.payload.reason ?? '(none: Local)')}`);
        // The cable is still in: the connector waits in Finishing (StatusNotification and StopTransaction in either order).
        await csms.expectCall('StatusNotification', { where: { connectorId: evseId, status: 'Finishing' }, after: last })
          .catch(() => { throw new Verdict(`after the remote stop, with the cable still in, connector ${evseId} must report Finishing; last status: ${statusOf(csms.lastCall('StatusNotification', { connectorId: evseId })!)}`); });
        return;
      }
      const next = await csms.expectCall('TransactionEvent', { where: { transactionInfo: { transactionId: id } }, after: last })
        .catch(() => { throw new Verdict(`the station accepted the remote stop but sent no TransactionEvent for ${id} within ${profile.timing.callTimeoutMs} ms`); });
      requireAnsweredBefore(csms, stopAction(ocpp), next);
      if (useCase === 'F03' && next.payload.triggerReason !== 'RemoteStop') throw new Verdict(`the first TransactionEvent after the remote stop must have triggerReason RemoteStop, got ${brief(next)}`);
      let ended = next;
      if (next.payload.eventType !== 'Ended') {
        // TxStopPoint without Authorized (or an ISO 15118 EV winding down): the transaction ends when the cable goes.
        ended = await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: { transactionId: id } }, after: next, within: profile.timing.quietMs + profile.timing.toleranceMs })
          .catch(async () => {
            await sut.act('unplug', { evse: evseId });
            return csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: { transactionId: id } }, after: next });
          });
      }
      const seen = csms.received.filter((c) => c.action === 'TransactionEvent' && info(c).transactionId === id && csms.received.indexOf(c) >= csms.received.indexOf(next));
      if (!seen.some((c) => c.payload.triggerReason === 'RemoteStop')) throw new Verdict(`no TransactionEvent after the remote stop has triggerReason RemoteStop: ${seen.map((c) => String(c.payload.triggerReason)).join(', ')}`);
      if (info(ended).stoppedReason !== 'Remote') throw new Verdict(`a remotely stopped transaction must end with stoppedReason Remote, got ${String(info(ended).stoppedReason ?? '(none: Local)')}`);
    },
  });
}

export const remoteStopTxCs = (ocpp: OcppVersion, octt: string[]) => remoteStopCs(ocpp, 'F03', octt);
export const remoteStopIso15118Cs = (octt: string[]) => remoteStopCs('2.0.1', 'F04', octt);

/** F03: a remote stop naming a transaction the station does not run is Rejected; the running one goes on. */
export function remoteStopUnknownCs(ocpp: OcppVersion, octt: string[]) {
  const v16 = ocpp === '1.6';
  return testCase<CsTestCase>({
    useCase: 'F03', variant: 'unknown', ocpp, sut: 'CS', octt, actions: ['plugIn', 'presentIdToken'],
    title: 'Remote stop of an unknown transaction ID is Rejected and the running transaction goes on',
    killedBy: ['cs.remote-stop-unknown-accepted'],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const { id, last } = await energyTransferStarted(ocpp, ctx, profile.evses[0]!.id);
      const unknown = v16 ? Number(id) + 1 : `unknown-${Date.now().toString(36)}`;
      const answer = await csms.call(stopAction(ocpp), { transactionId: unknown });
      if (answer.status !== 'Rejected') throw new Verdict(`${stopAction(ocpp)} for unknown transaction ${String(unknown)} must be Rejected, got ${String(answer.status)}`);
      if (v16) await csms.expectNoCall('StopTransaction', profile.timing.quietMs);
      else await csms.expectNoCall('TransactionEvent', profile.timing.quietMs, { eventType: 'Ended' });
      void last;
    },
  });
}

// ---------------------------------------------------------------- SUT = CSMS

type StationPeer = Parameters<CsmsTestCase['run']>[0]['station'];

/** Wait for the CSMS's remote start (after the operator asked) and check it carries the operator's token and EVSE. */
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

function txEvent(station: StationPeer, o: { eventType: string; trigger: string; txId: string; seqNo: number; evseId?: number; chargingState?: string; token?: string; type?: string; remoteStartId?: unknown; stoppedReason?: string }): Payload {
  const transactionInfo: Payload = { transactionId: o.txId };
  if (o.chargingState) transactionInfo.chargingState = o.chargingState;
  if (o.remoteStartId !== undefined) transactionInfo.remoteStartId = o.remoteStartId;
  if (o.stoppedReason) transactionInfo.stoppedReason = o.stoppedReason;
  const p: Payload = { eventType: o.eventType, timestamp: station.now(), triggerReason: o.trigger, seqNo: o.seqNo, transactionInfo };
  if (o.evseId !== undefined) p.evse = { id: o.evseId, connectorId: 1 };
  if (o.token) p.idToken = { idToken: o.token, type: o.type ?? 'ISO14443' };
  return p;
}

/** The CSMS must confirm the token of a transaction it started itself. */
function requireTokenAccepted(answer: Payload, what: string): void {
  const status = ((answer.idTokenInfo ?? answer.idTagInfo) as Payload | undefined)?.status;
  if (status !== 'Accepted') throw new Verdict(`the CSMS must accept the ${what} of the transaction it started remotely, idTokenInfo.status is ${String(status)}`);
}

const newTxId = () => `tx-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;

/** F01: cable first; the CSMS's remote start is well formed and it accepts the transaction the station reports. */
export function remoteStartCableFirstCsms(ocpp: OcppVersion, octt: string[]) {
  return testCase<CsmsTestCase>({
    useCase: 'F01', ocpp, sut: 'CSMS', octt, actions: ['remoteStart'],
    title: 'Cable first: the operator\'s remote start carries the token and EVSE, and the CSMS accepts the transaction the station then reports',
    killedBy: ['csms.remote-start-drops-evse'],
    async run({ station, sut, profile }) {
      await station.booted();
      const evseId = profile.evses[0]!.id;
      const token = profile.idTokens.valid;
      if (ocpp === '1.6') {
        await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Preparing'));
        station.answer(startAction(ocpp), { status: 'Accepted' });
        await sut.act('remoteStart', { evseId, idToken: token, type: profile.idTokens.type });
        await expectRemoteStart(ocpp, station, profile, evseId);
        const start = await station.call('StartTransaction', { connectorId: evseId, idTag: token, meterStart: 0, timestamp: station.now() });
        requireTokenAccepted(start, 'idTag');
        if (!Number.isInteger(start.transactionId)) throw new Verdict(`StartTransaction must be answered with an integer transactionId, got ${String(start.transactionId)}`);
        await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Charging'));
        return;
      }
      const txId = newTxId();
      await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Occupied'));
      await station.call('TransactionEvent', txEvent(station, { eventType: 'Started', trigger: 'CablePluggedIn', txId, seqNo: 0, evseId, chargingState: 'EVConnected' }));
      station.answer(startAction(ocpp), { status: 'Accepted', transactionId: txId });
      await sut.act('remoteStart', { evseId, idToken: token, type: profile.idTokens.type });
      const request = await expectRemoteStart(ocpp, station, profile, evseId);
      const answer = await station.call('TransactionEvent', txEvent(station, {
        eventType: 'Updated', trigger: 'RemoteStart', txId, seqNo: 1, evseId, chargingState: 'Charging', token, type: profile.idTokens.type,
        remoteStartId: request.payload.remoteStartId,
      }));
      requireTokenAccepted(answer, 'idToken');
    },
  });
}

/** F02 (+ E03 timeout): remote start first; the CSMS uses a fresh remoteStartId per request and handles the timeout. */
export function remoteStartFirstCsms(ocpp: OcppVersion, octt: string[]) {
  const v16 = ocpp === '1.6';
  return testCase<CsmsTestCase>({
    useCase: 'F02', ocpp, sut: 'CSMS', octt, actions: ['remoteStart'],
    title: 'Remote start first: the request is well formed; after a connection timeout a second remote start works'
      + (v16 ? '' : ' and carries a new remoteStartId'),
    killedBy: ['csms.remote-start-drops-evse', ...(v16 ? [] : ['csms.remote-start-reuses-id'])],
    async run({ station, sut, profile }) {
      await station.booted();
      const evseId = profile.evses[0]!.id;
      const token = profile.idTokens.valid;
      const type = profile.idTokens.type;
      station.answer(startAction(ocpp), { status: 'Accepted' });
      // First attempt: the driver never plugs in.
      await sut.act('remoteStart', { evseId, idToken: token, type });
      const first = await expectRemoteStart(ocpp, station, profile, evseId);
      if (v16) {
        await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Preparing'));
        await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Available'));
      } else {
        const txId = newTxId();
        await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Occupied'));
        const started = await station.call('TransactionEvent', txEvent(station, {
          eventType: 'Started', trigger: 'RemoteStart', txId, seqNo: 0, evseId, chargingState: 'Idle', token, type, remoteStartId: first.payload.remoteStartId,
        }));
        requireTokenAccepted(started, 'idToken');
        await station.call('TransactionEvent', txEvent(station, { eventType: 'Ended', trigger: 'EVConnectTimeout', txId, seqNo: 1, chargingState: 'Idle', stoppedReason: 'Timeout' }));
        await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Available'));
      }
      // Second attempt: the cable comes. This station authorizes remote tokens first (AuthorizeRemoteStart true).
      await sut.act('remoteStart', { evseId, idToken: token, type });
      const second = await expectRemoteStart(ocpp, station, profile, evseId, first);
      requireTokenAccepted(await station.call('Authorize', v16 ? { idTag: token } : { idToken: { idToken: token, type } }), 'Authorize for the token');
      if (v16) {
        await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Preparing'));
        const start = await station.call('StartTransaction', { connectorId: evseId, idTag: token, meterStart: 0, timestamp: station.now() });
        requireTokenAccepted(start, 'idTag');
        return;
      }
      if (second.payload.remoteStartId === first.payload.remoteStartId) {
        throw new Verdict(`each RequestStartTransaction needs its own remoteStartId; both carried ${String(first.payload.remoteStartId)}`);
      }
      const txId = newTxId();
      const started = await station.call('TransactionEvent', txEvent(station, {
        eventType: 'Started', trigger: 'RemoteStart', txId, seqNo: 0, evseId, chargingState: 'Idle', token, type, remoteStartId: second.payload.remoteStartId,
      }));
      requireTokenAccepted(started, 'idToken');
      await station.call('TransactionEvent', txEvent(station, { eventType: 'Updated', trigger: 'CablePluggedIn', txId, seqNo: 1, evseId, chargingState: 'Charging' }));
    },
  });
}

/** F01/F02: the station rejects the remote start; the CSMS takes no for an answer and does not repeat it. */
export function remoteStartRejectedCsms(ocpp: OcppVersion, octt: string[]) {
  return testCase<CsmsTestCase>({
    useCase: 'F02', variant: 'rejected', ocpp, sut: 'CSMS', octt, actions: ['remoteStart'],
    title: 'The station rejects the remote start: the CSMS does not repeat it on its own, and a later remote start still goes out',
    killedBy: ['csms.remote-start-retries-rejected'],
    async run({ station, sut, profile }) {
      await station.booted();
      const evseId = profile.evses[0]!.id;
      station.answer(startAction(ocpp), { status: 'Rejected' });
      await sut.act('remoteStart', { evseId, idToken: profile.idTokens.valid, type: profile.idTokens.type });
      const first = await expectRemoteStart(ocpp, station, profile, evseId);
      const repeat = await station.firstUnwanted((c) => c.action === startAction(ocpp), profile.timing.quietMs, first);
      if (repeat) throw new Verdict(`the station rejected the remote start, yet the CSMS sent ${startAction(ocpp)} again without the operator asking`);
      station.answer(startAction(ocpp), { status: 'Accepted' });
      await sut.act('remoteStart', { evseId, idToken: profile.idTokens.valid, type: profile.idTokens.type });
      await expectRemoteStart(ocpp, station, profile, evseId, first);
    },
  });
}

/** F03/F04: the CSMS's remote stop names the running transaction, and it accepts the transaction's end. */
function remoteStopCsms(ocpp: OcppVersion, useCase: 'F03' | 'F04', octt: string[]) {
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
      const token = profile.idTokens.valid;
      if (v16) {
        await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Preparing'));
        const start = await station.call('StartTransaction', { connectorId: evseId, idTag: token, meterStart: 0, timestamp: station.now() });
        await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Charging'));
        const txId = start.transactionId;
        station.answer(stopAction(ocpp), { status: 'Accepted' });
        await sut.act('remoteStop', { evseId });
        const stop = await station.expectCall(stopAction(ocpp));
        if (stop.payload.transactionId !== txId) throw new Verdict(`RemoteStopTransaction must name the running transaction ${String(txId)}, got ${String(stop.payload.transactionId)}`);
        await station.call('StopTransaction', { transactionId: txId, meterStop: 100, timestamp: station.now(), reason: 'Remote', idTag: token });
        await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Finishing'));
        return;
      }
      const type = useCase === 'F04' ? 'eMAID' : profile.idTokens.type;
      const txId = newTxId();
      await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Occupied'));
      await station.call('TransactionEvent', txEvent(station, { eventType: 'Started', trigger: 'CablePluggedIn', txId, seqNo: 0, evseId, chargingState: 'EVConnected' }));
      await station.call('TransactionEvent', txEvent(station, { eventType: 'Updated', trigger: 'Authorized', txId, seqNo: 1, evseId, chargingState: 'Charging', token, type }));
      station.answer(stopAction(ocpp), { status: 'Accepted' });
      await sut.act('remoteStop', { evseId });
      const stop = await station.expectCall(stopAction(ocpp));
      if (stop.payload.transactionId !== txId) throw new Verdict(`RequestStopTransaction must name the running transaction ${txId}, got ${String(stop.payload.transactionId)}`);
      let seqNo = 2;
      if (useCase === 'F04') {
        // ISO 15118: the EV is told to stop and winds down before the transaction ends.
        await station.call('TransactionEvent', txEvent(station, { eventType: 'Updated', trigger: 'RemoteStop', txId, seqNo: seqNo++, chargingState: 'SuspendedEVSE' }));
        await station.call('TransactionEvent', txEvent(station, { eventType: 'Updated', trigger: 'ChargingStateChanged', txId, seqNo: seqNo++, chargingState: 'EVConnected' }));
      }
      await station.call('TransactionEvent', txEvent(station, {
        eventType: 'Ended', trigger: useCase === 'F04' ? 'ChargingStateChanged' : 'RemoteStop', txId, seqNo, chargingState: 'EVConnected', stoppedReason: 'Remote',
      }));
    },
  });
}

export const remoteStopTxCsms = (ocpp: OcppVersion, octt: string[]) => remoteStopCsms(ocpp, 'F03', octt);
export const remoteStopIso15118Csms = (octt: string[]) => remoteStopCsms('2.0.1', 'F04', octt);
