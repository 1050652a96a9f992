// B11 (Reset without ongoing transaction) and B12 (Reset with ongoing transaction) for both versions.
// 2.0.1 resets are Immediate or OnIdle (optionally of one EVSE); 1.6 resets are Soft or Hard. A reset that
// reboots shows on the wire as: the connection closes, the station reconnects and boots again, then reports
// every connector. A transaction that the reset ends must be ended on the connection the Reset came in on.
import { randomUUID } from 'node:crypto';
import { testCase, type CsContext, type CsmsContext, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { expectConnectorReports } from './boot-steps.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import { Inconclusive, NotApplicable } from '../../src/harness/verdicts.js';
import { enableReservations, reserveEvse } from './reservation-steps.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';

/** The 1.6 transaction ID the harness CSMS hands out, so StopTransaction can be matched to it. */
const TX16_ID = 7301;

const info = (c: ReceivedCall) => (c.payload.transactionInfo ?? {}) as Payload;

// ---------------------------------------------------------------------------------------------------------------
// SUT = charging station (the harness plays the CSMS)
// ---------------------------------------------------------------------------------------------------------------

/** State "EnergyTransferStarted" on the first EVSE: cable in, valid token presented, charging. */
async function startCharging({ csms, sut, profile }: CsContext): Promise<{ evseId: number; txId: string }> {
  const evseId = profile.evses[0]!.id;
  if (profile.ocpp === '1.6') {
    csms.answer('StartTransaction', { transactionId: TX16_ID, idTagInfo: { status: 'Accepted' } });
    await sut.act('plugIn', { evse: evseId });
    await sut.act('presentIdToken', { evse: evseId, idToken: profile.idTokens.valid });
    await csms.expectCall('StartTransaction', { where: { connectorId: evseId } });
    return { evseId, txId: String(TX16_ID) };
  }
  await sut.act('plugIn', { evse: evseId });
  await sut.act('presentIdToken', { evse: evseId, idToken: profile.idTokens.valid });
  const charging = await csms.expectCall('TransactionEvent', { where: { transactionInfo: { chargingState: 'Charging' } } });
  return { evseId, txId: String(info(charging).transactionId) };
}

/** Send Reset and check the answer's status; returns when it was sent and on which connection. */
async function sendReset({ csms }: CsContext, payload: Payload, expected: string[]) {
  const connection = csms.connectionCount;
  // Arrival order, not time: on loopback earlier calls can carry the same millisecond as the Reset.
  const mark = csms.received.length;
  const after: number | ReceivedCall = csms.received.at(-1) ?? Date.now();
  const answer = await csms.call('Reset', payload);
  const status = String(answer.status);
  if (!expected.includes(status)) {
    throw new Verdict(`Reset ${JSON.stringify(payload)} must be answered ${expected.join(' or ')}, got ${status}`);
  }
  return { connection, mark, after, status };
}

/**
 * The reboot: a BootNotification on a new connection (2.0.1 with one of `reasons`), then every connector
 * reported; `statusFor` says which statuses each connector may report. Returns the boot.
 */
async function expectReboot({ csms }: CsContext, o: {
  after: number | ReceivedCall; connection: number; reasons?: string[]; statusFor: (evseId: number) => string[];
  /** The BootNotification, when the caller already waited for it. */
  boot?: ReceivedCall;
}): Promise<ReceivedCall> {
  const boot = o.boot ?? await csms.waitForReboot(o.after);
  if (boot.connection <= o.connection) throw new Verdict('the BootNotification after a Reset came on the same connection: a reboot must reconnect');
  if (o.reasons && !o.reasons.includes(String(boot.payload.reason))) {
    throw new Verdict(`the BootNotification after this Reset must give reason ${o.reasons.join(' or ')}, got ${String(boot.payload.reason)}`);
  }
  // 2.0.1 connectors may be reported by StatusNotification or NotifyEvent AvailabilityState (trigger Delta).
  await expectConnectorReports(csms, boot, o.statusFor);
  return boot;
}

/** Nothing of a reset may happen yet: no ended transaction, no reboot, same connection for `forMs`. */
async function expectNoResetYet({ csms }: CsContext, mark: number, connection: number, forMs: number, what: string) {
  const early = await csms.firstUnwanted((c) => (c.action === 'BootNotification'
    || (c.action === 'TransactionEvent' && c.payload.eventType === 'Ended') || c.action === 'StopTransaction'), forMs, mark);
  if (early) throw new Verdict(`${what}, but the station sent ${early.action} ${JSON.stringify(early.payload)}`);
  if (csms.connectionCount !== connection || !csms.connected) throw new Verdict(`${what}, but the station dropped its connection`);
}

/** B11 2.0.1 CS: Reset of an idle station (OnIdle: TC_B_20_CS; Immediate) reboots it with a remote-reset boot. */
export function resetIdleCs201(type: 'OnIdle' | 'Immediate', octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B11', variant: type === 'OnIdle' ? undefined : 'immediate', ocpp: '2.0.1', sut: 'CS', octt,
    title: `Reset ${type} of an idle station: Accepted, reconnect, BootNotification (RemoteReset), connectors Available`,
    killedBy: ['cs.reset-no-reboot', 'cs.reset-wrong-boot-reason'],
    async run(ctx) {
      await ctx.csms.booted();
      const reset = await sendReset(ctx, { type }, ['Accepted']);
      // An idle OnIdle reset is carried out at once; ScheduledReset is tolerated as its boot reason.
      await expectReboot(ctx, {
        after: reset.after, connection: reset.connection,
        reasons: type === 'Immediate' ? ['RemoteReset'] : ['RemoteReset', 'ScheduledReset'], statusFor: () => ['Available'],
      });
    },
  });
}

/** After a Reset of one EVSE the station as a whole must not reboot: no BootNotification, same connection. */
async function expectNoStationReboot(ctx: CsContext, reset: { mark: number; connection: number; status: string }, evseId: number): Promise<void> {
  const boot = await ctx.csms.firstUnwanted((c) => c.action === 'BootNotification', ctx.profile.timing.quietMs, reset.mark);
  if (boot || ctx.csms.connectionCount !== reset.connection) {
    throw new Verdict(`a Reset of EVSE ${evseId} answered ${reset.status} must not reboot the whole station, but it reconnected and booted`);
  }
}

/** B11 2.0.1 CS, reset of one idle EVSE by a station with C-13 (TC_B_25_CS): Accepted; only that EVSE restarts. */
export function resetEvseCs201(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B11', variant: 'evse', ocpp: '2.0.1', sut: 'CS', octt, needs: ['C-13'],
    title: 'Reset OnIdle of one idle EVSE: Accepted; the station itself does not reboot',
    killedBy: ['cs.reset-evse-reboots-station'],
    async run(ctx) {
      await ctx.csms.booted();
      const evseId = ctx.profile.evses[0]!.id;
      const reset = await sendReset(ctx, { type: 'OnIdle', evseId }, ['Accepted']);
      await expectNoStationReboot(ctx, reset, evseId);
    },
  });
}

/** B11 2.0.1 CS, reset of one EVSE by a station without C-13 (TC_B_28_CS): Rejected, and nothing reboots. */
export function resetEvseUnsupportedCs201(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B11', variant: 'evse-unsupported', ocpp: '2.0.1', sut: 'CS', octt, needsAbsent: ['C-13'],
    title: 'Reset OnIdle of one EVSE at a station that cannot reset single EVSEs: Rejected; nothing reboots',
    killedBy: ['cs.reset-evse-reboots-station'],
    async run(ctx) {
      await ctx.csms.booted();
      const evseId = ctx.profile.evses[0]!.id;
      const reset = await sendReset(ctx, { type: 'OnIdle', evseId }, ['Rejected']);
      await expectNoStationReboot(ctx, reset, evseId);
    },
  });
}

/** B12 2.0.1 CS, Immediate during a transaction (TC_B_22_CS): the transaction ends for the reset, then the reboot. */
export function resetImmediateWithTxCs201(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B12', variant: 'immediate', ocpp: '2.0.1', sut: 'CS', octt,
    title: 'Reset Immediate while charging: Accepted, TransactionEvent Ended (ResetCommand, ImmediateReset) before the reboot, boot RemoteReset',
    actions: ['plugIn', 'presentIdToken'],
    killedBy: ['cs.reset-keeps-transaction', 'cs.tx-stop-reason-other', 'cs.reset-no-reboot', 'cs.reset-wrong-boot-reason'],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const { evseId, txId } = await startCharging(ctx);
      const reset = await sendReset(ctx, { type: 'Immediate' }, ['Accepted']);
      const ended = await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: { transactionId: txId } }, after: reset.after, within: profile.timing.callTimeoutMs })
        .catch(() => { throw new Verdict(`an Immediate reset must end transaction ${txId} with TransactionEvent Ended; none arrived`); });
      if (ended.connection !== reset.connection) throw new Verdict('the transaction must be ended before the station reboots; its Ended event came only after the reconnect');
      if (ended.payload.triggerReason !== 'ResetCommand') throw new Verdict(`the Ended event of a reset must have triggerReason ResetCommand, got ${String(ended.payload.triggerReason)}`);
      if (info(ended).stoppedReason !== 'ImmediateReset') throw new Verdict(`the Ended event of an Immediate reset must have stoppedReason ImmediateReset, got ${String(info(ended).stoppedReason)}`);
      if (ended.payload.idToken !== undefined) throw new Verdict('the Ended event of a reset must not carry an idToken (nobody presented one)');
      // The cable is still in: that connector is Occupied after the reboot, the others Available.
      await expectReboot(ctx, {
        after: ended, connection: reset.connection, reasons: ['RemoteReset'],
        statusFor: (id) => (id === evseId ? ['Occupied'] : ['Available']),
      });
    },
  });
}

/** B12 2.0.1 CS, OnIdle during a transaction (TC_B_21_CS): Scheduled, nothing until the transaction ends, then the reboot. */
export function resetOnIdleWithTxCs201(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B12', variant: 'onidle', ocpp: '2.0.1', sut: 'CS', octt,
    title: 'Reset OnIdle while charging: Scheduled, the transaction goes on; once it ends the station reboots (ScheduledReset)',
    actions: ['plugIn', 'presentIdToken', 'unplug'],
    killedBy: ['cs.reset-onidle-immediate', 'cs.reset-no-reboot', 'cs.reset-wrong-boot-reason'],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      const { evseId, txId } = await startCharging(ctx);
      const reset = await sendReset(ctx, { type: 'OnIdle' }, ['Scheduled']);
      await expectNoResetYet(ctx, reset.mark, reset.connection, profile.timing.quietMs, 'an OnIdle reset must wait for the transaction to end');
      await sut.act('unplug', { evse: evseId });
      const ended = await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: { transactionId: txId } }, after: reset.after });
      if (ended.connection !== reset.connection) throw new Verdict('the transaction must end before the scheduled reboot; its Ended event came after a reconnect');
      await expectReboot(ctx, { after: ended, connection: reset.connection, reasons: ['ScheduledReset'], statusFor: () => ['Available'] });
    },
  });
}

/**
 * B12 2.0.1 CS, OnIdle with transactions on two EVSEs (TC_B_41_CS): Scheduled; the reboot waits until the last
 * transaction has ended. The second driver uses a token of its own that the harness CSMS accepts.
 */
export function resetOnIdleTwoTxCs201(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B12', variant: 'onidle-multi', ocpp: '2.0.1', sut: 'CS', octt,
    title: 'Reset OnIdle with two transactions: Scheduled, no reboot when the first ends, reboot (ScheduledReset) after the last',
    actions: ['plugIn', 'presentIdToken', 'unplug'],
    killedBy: ['cs.reset-onidle-first-end', 'cs.reset-onidle-immediate'],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      if (profile.evses.length < 2) throw new NotApplicable('the SUT profile lists a single EVSE');
      const second = `${profile.idTokens.valid}-2`;
      const accepted = (p: Payload) => ((p.idToken as Payload | undefined)?.idToken === undefined ? {} : { idTokenInfo: { status: 'Accepted' } });
      csms.answer('Authorize', (c) => accepted(c.payload));
      csms.answer('TransactionEvent', (c) => accepted(c.payload));
      await csms.booted();
      const [a, b] = [profile.evses[0]!.id, profile.evses[1]!.id];
      const txs: string[] = [];
      for (const [evse, idToken] of [[a, profile.idTokens.valid], [b, second]] as const) {
        await sut.act('plugIn', { evse });
        await sut.act('presentIdToken', { evse, idToken });
        const charging = await csms.expectCall('TransactionEvent', { where: { transactionInfo: { chargingState: 'Charging' } } });
        txs.push(String(info(charging).transactionId));
      }
      const reset = await sendReset(ctx, { type: 'OnIdle' }, ['Scheduled']);
      await sut.act('unplug', { evse: a });
      const first = await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: { transactionId: txs[0] } }, after: reset.after });
      const early = await csms.firstUnwanted((c) => (c.action === 'BootNotification'
        || (c.action === 'TransactionEvent' && c.payload.eventType === 'Ended' && info(c).transactionId === txs[1])), profile.timing.quietMs, reset.mark);
      if (early || csms.connectionCount !== reset.connection) {
        throw new Verdict(`an OnIdle reset must wait until every transaction has ended; with transaction ${txs[1]} still running the station ${early ? `sent ${early.action}` : 'dropped its connection'}`);
      }
      await sut.act('unplug', { evse: b });
      const last = await csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: { transactionId: txs[1] } }, after: first });
      if (last.connection !== reset.connection) throw new Verdict('the last transaction must end before the scheduled reboot; its Ended event came after a reconnect');
      await expectReboot(ctx, { after: last, connection: reset.connection, reasons: ['ScheduledReset'], statusFor: () => ['Available'] });
    },
  });
}

/** ChangeAvailability of one EVSE (1.6: connector) to `type`; the answer must be Accepted and the status follow. */
async function changeAvailability({ csms, profile }: CsContext, evseId: number, type: 'Inoperative' | 'Operative') {
  const payload = profile.ocpp === '1.6' ? { connectorId: evseId, type } : { operationalStatus: type, evse: { id: evseId } };
  const sentAt: number | ReceivedCall = csms.received.at(-1) ?? Date.now();
  const answer = await csms.call('ChangeAvailability', payload);
  if (answer.status !== 'Accepted') throw new Verdict(`ChangeAvailability ${type} of idle EVSE ${evseId} must be Accepted, got ${String(answer.status)}`);
  const status = type === 'Inoperative' ? 'Unavailable' : 'Available';
  const where = profile.ocpp === '1.6' ? { connectorId: evseId, status } : { evseId, connectorStatus: status };
  await csms.expectCall('StatusNotification', { where, after: sentAt });
}

/**
 * B11 CS, an idle station with one EVSE made Inoperative is reset: the reboot keeps it Unavailable, the others
 * come back Available (2.0.1 OnIdle: TC_B_23_CS; 1.6 Hard: TC_013_CS; 1.6 Soft: TC_014_CS, whose reboot is
 * optional). Afterwards the EVSE is made Operative again.
 */
export function resetKeepsUnavailableCs(ocpp: OcppVersion, type: 'OnIdle' | 'Hard' | 'Soft', octt: OcttClaim[]) {
  const killedBy = ['cs.reset-forgets-availability'];
  if (type !== 'Soft') killedBy.push('cs.reset-no-reboot');
  if (ocpp === '2.0.1') killedBy.push('cs.reset-wrong-boot-reason');
  return testCase<CsTestCase>({
    useCase: 'B11', variant: ocpp === '1.6' ? type.toLowerCase() : 'unavailable', ocpp, sut: 'CS', octt,
    title: `Reset ${type} of an idle station with one EVSE Inoperative: Accepted, ${type === 'Soft' ? 'after a reboot (optional) ' : 'reboot, '}that EVSE still Unavailable, the others Available`,
    killedBy,
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      await changeAvailability(ctx, evseId, 'Inoperative');
      const reset = await sendReset(ctx, { type }, ['Accepted']);
      const check = {
        after: reset.after, connection: reset.connection, reasons: ocpp === '2.0.1' ? ['RemoteReset'] : undefined,
        statusFor: (id: number) => (id === evseId ? ['Unavailable'] : ['Available']),
      };
      if (type !== 'Soft') await expectReboot(ctx, check);
      else if (await rebootsAfterSoftReset(ctx)) await expectReboot(ctx, check);
      await changeAvailability(ctx, evseId, 'Operative');
    },
  });
}

/**
 * 1.6: whether the charge point reboots after a Soft reset (optional), decided by what comes first: the connection
 * closes (it restarts) or it answers a harmless request on the same connection (it carries on without a reboot).
 */
async function rebootsAfterSoftReset({ csms }: CsContext): Promise<boolean> {
  const connection = csms.connectionCount;
  try {
    await csms.call('GetConfiguration', { key: ['HeartbeatInterval'] });
  } catch (err) {
    // The close may still be under way when the request fails for it.
    if (!csms.connected || csms.connectionCount !== connection || /connection closed|not connected/.test((err as Error).message)) return true;
    throw err;
  }
  return false;
}

/**
 * B12 1.6 CS, Soft (TC_016_CS) or Hard (TC_015_CS) reset while charging: StopTransaction with reason SoftReset /
 * HardReset and the connector Finishing. Soft: the stop comes before the reboot, and the reboot itself is
 * optional. Hard: the stop may come before or after the reboot, and the reboot is required.
 */
export function resetWithTxCs16(type: 'Soft' | 'Hard', octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B12', variant: type.toLowerCase(), ocpp: '1.6', sut: 'CS', octt,
    title: `${type} reset while charging: Accepted, StopTransaction reason ${type}Reset, connector Finishing${type === 'Hard' ? ', reboot' : ''}`,
    actions: ['plugIn', 'presentIdToken'],
    killedBy: type === 'Hard'
      ? ['cs.reset-keeps-transaction', 'cs.tx-stop-reason-other', 'cs.reset-no-reboot']
      : ['cs.reset-keeps-transaction', 'cs.tx-stop-reason-other'],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const { evseId } = await startCharging(ctx);
      const reset = await sendReset(ctx, { type }, ['Accepted']);
      const within = profile.timing.callTimeoutMs + (type === 'Hard' ? profile.timing.rebootTimeoutMs : 0);
      const stop = await csms.expectCall('StopTransaction', { where: { transactionId: TX16_ID }, after: reset.after, within })
        .catch(() => { throw new Verdict(`a ${type} reset must stop transaction ${TX16_ID} with StopTransaction; none arrived within ${within} ms`); });
      if (stop.payload.reason !== `${type}Reset`) throw new Verdict(`StopTransaction after a ${type} reset must have reason ${type}Reset, got ${String(stop.payload.reason)}`);
      if (type === 'Soft' && stop.connection !== reset.connection) throw new Verdict('a Soft reset must stop the transaction gracefully before rebooting; StopTransaction came after a reconnect');
      await csms.expectCall('StatusNotification', { where: { connectorId: evseId, status: 'Finishing' }, after: reset.after, within: profile.timing.rebootTimeoutMs });
      const statusFor = (id: number) => (id === evseId ? ['Finishing', 'Preparing'] : ['Available']);
      if (type === 'Hard') {
        await expectReboot(ctx, { after: reset.after, connection: reset.connection, statusFor });
        return;
      }
      // The reboot after a Soft reset is optional; when it happens the connectors must be reported correctly.
      if (await rebootsAfterSoftReset(ctx)) await expectReboot(ctx, { after: reset.after, connection: reset.connection, statusFor });
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// SUT = CSMS (the harness plays the charging station)
// ---------------------------------------------------------------------------------------------------------------

/** The operator asks for a reset; the CSMS's Reset must carry that type (and evseId, when one was given). */
async function operatorReset({ station, sut, profile }: CsmsContext, args: { type: string; evseId?: number }, answer: string) {
  station.answer('Reset', { status: answer });
  const acting = sut.act('reset', { ...args }).then(() => undefined, (err: Error) => err);
  const reset = await station.expectCall('Reset', { within: profile.timing.callTimeoutMs });
  const failed = await acting;
  if (failed) throw new Verdict(`the operator action reset failed after sending Reset: ${failed.message}`);
  if (reset.payload.type !== args.type) throw new Verdict(`the operator asked for reset type ${args.type}, the CSMS sent type ${String(reset.payload.type)}`);
  if (args.evseId !== undefined && reset.payload.evseId !== args.evseId) {
    throw new Verdict(`the operator asked to reset EVSE ${args.evseId}, the CSMS sent evseId ${String(reset.payload.evseId ?? '(none)')}`);
  }
  if (args.evseId === undefined && reset.payload.evseId !== undefined) {
    throw new Verdict(`the operator asked to reset the whole station, the CSMS sent evseId ${String(reset.payload.evseId)}`);
  }
  return reset;
}

/** The station reboots: new connection, BootNotification (2.0.1 with `reason`) must be Accepted, connectors reported. */
async function rebootStation({ station, profile }: CsmsContext, reason: string) {
  await station.close();
  await station.connect();
  const answer = await station.call('BootNotification', station.bootPayload(reason));
  if (answer.status !== 'Accepted') throw new Verdict(`after the reset the station's BootNotification (${reason}) must be Accepted, got ${String(answer.status)}`);
  // 1.6 charge points report connector 0 (the charge point as a whole) too, as the official tool does.
  if (profile.ocpp === '1.6') await station.call('StatusNotification', station.statusPayload(0, 1, 'Available'));
  for (const evse of profile.evses) {
    for (let c = 1; c <= evse.connectors; c++) await station.call('StatusNotification', station.statusPayload(evse.id, c, 'Available'));
  }
}

/** A charging transaction as the harness station reports it; returns what is needed to end it. */
async function startTransaction({ station, profile }: CsmsContext): Promise<{ txId: string; seqNo: number }> {
  const evseId = profile.evses[0]!.id;
  await station.call('StatusNotification', station.statusPayload(evseId, 1, profile.ocpp === '1.6' ? 'Preparing' : 'Occupied'));
  if (profile.ocpp === '1.6') {
    const answer = await station.call('StartTransaction', { connectorId: evseId, idTag: profile.idTokens.valid, meterStart: 0, timestamp: station.now() });
    await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Charging'));
    return { txId: String(answer.transactionId), seqNo: 0 };
  }
  const txId = randomUUID();
  await station.call('TransactionEvent', {
    eventType: 'Started', timestamp: station.now(), triggerReason: 'Authorized', seqNo: 0,
    transactionInfo: { transactionId: txId, chargingState: 'Charging' }, evse: { id: evseId, connectorId: 1 },
    idToken: { idToken: profile.idTokens.valid, type: profile.idTokens.type },
  });
  return { txId, seqNo: 1 };
}

/**
 * B11 CSMS: the operator's whole-station reset (2.0.1 OnIdle: TC_B_20_CSMS, Immediate; 1.6 Hard: TC_013_CSMS,
 * Soft: TC_014_CSMS), Accepted, then the reboot's BootNotification is accepted.
 */
export function resetCsms(ocpp: OcppVersion, type: 'OnIdle' | 'Immediate' | 'Soft' | 'Hard', octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B11', variant: type === 'OnIdle' ? undefined : type.toLowerCase(), ocpp, sut: 'CSMS', octt,
    title: ocpp === '1.6'
      ? `Operator ${type} reset: the central system sends Reset ${type} and accepts the reboot's BootNotification`
      : `Operator reset ${type}: the CSMS sends Reset ${type} for the whole station and accepts the reboot's BootNotification`,
    actions: ['reset'],
    killedBy: ['csms.reset-wrong-type'],
    async run(ctx) {
      await ctx.station.booted();
      await operatorReset(ctx, { type }, 'Accepted');
      await rebootStation(ctx, ocpp === '1.6' ? 'PowerUp' : 'RemoteReset');
    },
  });
}

/** B11 2.0.1 CSMS (TC_B_25_CSMS): the operator resets one EVSE; the Reset carries its evseId. */
export function resetEvseCsms201(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B11', variant: 'evse', ocpp: '2.0.1', sut: 'CSMS', octt, needs: ['C-13'],
    title: 'Operator reset of one EVSE: the CSMS sends Reset OnIdle with that evseId',
    actions: ['reset'],
    killedBy: ['csms.reset-drops-evse', 'csms.reset-wrong-type'],
    async run(ctx) {
      await ctx.station.booted();
      await operatorReset(ctx, { type: 'OnIdle', evseId: ctx.profile.evses.at(-1)!.id }, 'Accepted');
    },
  });
}

/** B11 CSMS, both versions: a Rejected reset is taken as an answer (not repeated), and the station stays served. */
export function resetRejectedCsms(ocpp: OcppVersion) {
  const type = ocpp === '1.6' ? 'Hard' : 'Immediate';
  return testCase<CsmsTestCase>({
    useCase: 'B11', variant: 'rejected', ocpp, sut: 'CSMS',
    title: 'Reset answered Rejected: the CSMS does not repeat it on its own and keeps serving the station',
    actions: ['reset'],
    killedBy: ['csms.reset-repeats-rejected'],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const first = await operatorReset(ctx, { type }, 'Rejected');
      const again = await station.firstUnwanted((c) => c.action === 'Reset', profile.timing.quietMs, first);
      if (again) throw new Verdict('after the station rejected the Reset the CSMS sent it again on its own');
      await station.call('Heartbeat', {});
    },
  });
}

/** B12 2.0.1 CSMS, Immediate (TC_B_22_CSMS): the transaction ends for the reset, the reboot is accepted. */
export function resetImmediateWithTxCsms201(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B12', variant: 'immediate', ocpp: '2.0.1', sut: 'CSMS', octt,
    title: 'Operator reset Immediate during a transaction: Reset Immediate, the reset-ended transaction and the reboot are accepted',
    actions: ['reset'],
    killedBy: ['csms.reset-wrong-type'],
    async run(ctx) {
      const { station } = ctx;
      await station.booted();
      const { txId, seqNo } = await startTransaction(ctx);
      await operatorReset(ctx, { type: 'Immediate' }, 'Accepted');
      await station.call('TransactionEvent', {
        eventType: 'Ended', timestamp: station.now(), triggerReason: 'ResetCommand', seqNo,
        transactionInfo: { transactionId: txId, chargingState: 'EVConnected', stoppedReason: 'ImmediateReset' },
      });
      await rebootStation(ctx, 'RemoteReset');
    },
  });
}

/** B12 2.0.1 CSMS, OnIdle (TC_B_21_CSMS): answered Scheduled; the transaction ends later, then the scheduled reboot. */
export function resetOnIdleWithTxCsms201(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B12', variant: 'onidle', ocpp: '2.0.1', sut: 'CSMS', octt,
    title: 'Operator reset OnIdle during a transaction: Reset OnIdle answered Scheduled; after the transaction the ScheduledReset boot is accepted',
    actions: ['reset'],
    killedBy: ['csms.reset-wrong-type'],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const { txId, seqNo } = await startTransaction(ctx);
      await operatorReset(ctx, { type: 'OnIdle' }, 'Scheduled');
      await station.call('TransactionEvent', {
        eventType: 'Updated', timestamp: station.now(), triggerReason: 'StopAuthorized', seqNo,
        transactionInfo: { transactionId: txId, chargingState: 'EVConnected' },
        idToken: { idToken: profile.idTokens.valid, type: profile.idTokens.type },
      });
      await station.call('TransactionEvent', {
        eventType: 'Ended', timestamp: station.now(), triggerReason: 'EVCommunicationLost', seqNo: seqNo + 1,
        transactionInfo: { transactionId: txId, chargingState: 'Idle', stoppedReason: 'EVDisconnected' },
      });
      await rebootStation(ctx, 'ScheduledReset');
    },
  });
}

/** B12 1.6 CSMS: Soft reset during a transaction; StopTransaction SoftReset and the reboot are accepted. */
export function resetWithTxCsms16(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B12', variant: 'soft', ocpp: '1.6', sut: 'CSMS', octt,
    title: 'Operator Soft reset during a transaction: Reset Soft, StopTransaction (SoftReset) and the reboot are accepted',
    actions: ['reset'],
    killedBy: ['csms.reset-wrong-type'],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const { txId } = await startTransaction(ctx);
      await operatorReset(ctx, { type: 'Soft' }, 'Accepted');
      const answer = await station.call('StopTransaction', {
        transactionId: Number(txId), idTag: profile.idTokens.valid, meterStop: 1000, timestamp: station.now(), reason: 'SoftReset',
      });
      const status = (answer.idTagInfo as Payload | undefined)?.status;
      if (status !== undefined && status !== 'Accepted') throw new Verdict(`StopTransaction of a valid token must not be refused, got idTagInfo.status ${String(status)}`);
      await station.call('StatusNotification', station.statusPayload(profile.evses[0]!.id, 1, 'Finishing'));
      await rebootStation(ctx, 'PowerUp');
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// B11/B12 additions: a reservation across a reset, EVSE resets during a transaction (both roles), and the
// CSMS triggering the boot of a station it answered Pending
// ---------------------------------------------------------------------------------------------------------------

/** B11 2.0.1 CS (TC_B_24_CS): an idle station with a reserved EVSE is reset OnIdle; it comes back with the EVSE Reserved. */
export function resetKeepsReservationCs201(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B11', variant: 'reserved', ocpp: '2.0.1', sut: 'CS', octt, needs: ['R-3'],
    title: 'Reset OnIdle of an idle station with a reserved EVSE: Accepted, boot RemoteReset, the reserved connector reports Reserved again, the others Available',
    killedBy: ['cs.reset-loses-reservation', 'cs.reset-no-reboot'],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      await enableReservations(csms);
      await reserveEvse(ctx, { evseId, token: profile.idTokens.valid }).catch((err: unknown) => {
        if (err instanceof Verdict) throw new Inconclusive(`the memory state "Reserved" could not be reached: ${err.message}`);
        throw err;
      });
      const reset = await sendReset(ctx, { type: 'OnIdle' }, ['Accepted']);
      // A reservation lasts until it is used, cancelled or expires: a reboot does not end it.
      await expectReboot(ctx, {
        after: reset.after, connection: reset.connection, reasons: ['RemoteReset', 'ScheduledReset'],
        statusFor: (id) => (id === evseId ? ['Reserved'] : ['Available']),
      });
    },
  });
}

/**
 * B12 2.0.1 CS, reset of the charging EVSE by a station with C-13: OnIdle (TC_B_26_CS) is Scheduled and waits
 * for the driver to end the transaction; Immediate (TC_B_27_CS) is Accepted and ends the transaction with
 * ResetCommand / ImmediateReset at once. The station itself stays online in both.
 */
export function resetEvseWithTxCs201(type: 'OnIdle' | 'Immediate', octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B12', variant: type === 'OnIdle' ? 'evse-onidle' : 'evse-immediate', ocpp: '2.0.1', sut: 'CS', octt, needs: ['C-13'],
    title: type === 'OnIdle'
      ? 'Reset OnIdle of the charging EVSE: Scheduled; the transaction goes on until the driver stops it; the station does not reboot'
      : 'Reset Immediate of the charging EVSE: Accepted; TransactionEvent Ended (ResetCommand, ImmediateReset, EVConnected); the station does not reboot',
    actions: ['plugIn', 'presentIdToken', 'unplug'],
    killedBy: type === 'OnIdle' ? ['cs.reset-evse-onidle-immediate', 'cs.reset-evse-reboots-station'] : ['cs.reset-evse-reboots-station', 'cs.tx-stop-reason-other'],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      const { evseId, txId } = await startCharging(ctx);
      const ofTx = { eventType: 'Ended', transactionInfo: { transactionId: txId } };
      if (type === 'OnIdle') {
        const reset = await sendReset(ctx, { type: 'OnIdle', evseId }, ['Scheduled']);
        await expectNoResetYet(ctx, reset.mark, reset.connection, profile.timing.quietMs, `an OnIdle reset of EVSE ${evseId} must wait for its transaction to end (B12.FR.07)`);
        // StopAuthorized, EVConnectedPostSession, EVDisconnected: the driver stops with the same card and unplugs.
        await sut.act('presentIdToken', { evse: evseId, idToken: profile.idTokens.valid });
        await sut.act('unplug', { evse: evseId });
        await csms.expectCall('TransactionEvent', { where: ofTx, after: reset.after });
        await expectNoStationReboot(ctx, reset, evseId);
        return;
      }
      const reset = await sendReset(ctx, { type: 'Immediate', evseId }, ['Accepted']);
      const ended = await csms.expectCall('TransactionEvent', { where: ofTx, after: reset.after })
        .catch(() => { throw new Verdict(`an Immediate reset of EVSE ${evseId} must end its transaction ${txId} (B12.FR.08); no Ended event arrived`); });
      if (ended.connection !== reset.connection) throw new Verdict('the transaction must be ended before the EVSE resets; its Ended event came after a reconnect');
      if (ended.payload.triggerReason !== 'ResetCommand') throw new Verdict(`the Ended event of a reset must have triggerReason ResetCommand, got ${String(ended.payload.triggerReason)}`);
      if (info(ended).stoppedReason !== 'ImmediateReset') throw new Verdict(`the Ended event of an Immediate reset must have stoppedReason ImmediateReset, got ${String(info(ended).stoppedReason)}`);
      if (info(ended).chargingState !== 'EVConnected') throw new Verdict(`the cable is still in: the Ended event's chargingState must be EVConnected, got ${String(info(ended).chargingState)}`);
      await expectNoStationReboot(ctx, reset, evseId);
    },
  });
}

/** B12 2.0.1 CS (TC_B_29_CS): a station without C-13 rejects a Reset of the charging EVSE; the transaction goes on. */
export function resetEvseWithTxUnsupportedCs201(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B12', variant: 'evse-unsupported', ocpp: '2.0.1', sut: 'CS', octt, needsAbsent: ['C-13'],
    title: 'Reset OnIdle of the charging EVSE at a station that cannot reset single EVSEs: Rejected; the transaction goes on, nothing reboots',
    actions: ['plugIn', 'presentIdToken'],
    killedBy: ['cs.reset-evse-reboots-station'],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const { evseId } = await startCharging(ctx);
      const reset = await sendReset(ctx, { type: 'OnIdle', evseId }, ['Rejected']);
      await expectNoResetYet(ctx, reset.mark, reset.connection, profile.timing.quietMs, `a rejected Reset of EVSE ${evseId} must change nothing`);
    },
  });
}

/**
 * B12 2.0.1 CSMS, the operator resets the charging EVSE (C-13): OnIdle (TC_B_26_CSMS) answered Scheduled, then
 * the driver stops and unplugs; Immediate (TC_B_27_CSMS) answered Accepted, then the reset-ended transaction.
 */
export function resetEvseWithTxCsms201(type: 'OnIdle' | 'Immediate', octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B12', variant: type === 'OnIdle' ? 'evse-onidle' : 'evse-immediate', ocpp: '2.0.1', sut: 'CSMS', octt, needs: ['C-13'],
    title: `Operator reset ${type} of the charging EVSE: Reset ${type} with its evseId; the transaction's end is accepted`,
    actions: ['reset'],
    killedBy: ['csms.reset-drops-evse', 'csms.reset-wrong-type'],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const evseId = profile.evses[0]!.id;
      const { txId, seqNo } = await startTransaction(ctx);
      await operatorReset(ctx, { type, evseId }, type === 'OnIdle' ? 'Scheduled' : 'Accepted');
      if (type === 'OnIdle') {
        await station.call('TransactionEvent', {
          eventType: 'Updated', timestamp: station.now(), triggerReason: 'StopAuthorized', seqNo,
          transactionInfo: { transactionId: txId, chargingState: 'EVConnected' },
          idToken: { idToken: profile.idTokens.valid, type: profile.idTokens.type },
        });
        await station.call('TransactionEvent', {
          eventType: 'Ended', timestamp: station.now(), triggerReason: 'EVCommunicationLost', seqNo: seqNo + 1,
          transactionInfo: { transactionId: txId, chargingState: 'Idle', stoppedReason: 'EVDisconnected' },
        });
      } else {
        await station.call('TransactionEvent', {
          eventType: 'Ended', timestamp: station.now(), triggerReason: 'ResetCommand', seqNo,
          transactionInfo: { transactionId: txId, chargingState: 'EVConnected', stoppedReason: 'ImmediateReset' },
        });
      }
    },
  });
}
