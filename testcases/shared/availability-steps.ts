// G03/G04 ChangeAvailability, G05 lock failure and F05 UnlockConnector for both versions. 1.6 addresses a
// connector by connectorId (0 = the whole charge point); 2.0.1 by evse { id, connectorId? } (no evse = the station).
// A 2.0.1 station may report a connector's status as StatusNotification or NotifyEvent AvailabilityState (Part 5).
import { testCase, type CsContext, type CsmsContext, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import { OperatorCannotAct } from '../../src/harness/operator.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';
import {
  afterMark, authorizeRemoteTx16, charging, endAfterStop, expectConnectorStatus, info, markOf, newSession, plugIn,
  readTxSettings, remoteStart16, reportConnector, reportedStatus, requireTokenAccepted, simCharging16,
  simEnergyTransferStarted, simStopAndDisconnect, stopRemotely, type Charging, type Mark,
} from './session-states.js';

type Claims = readonly OcttClaim[];

/** What a ChangeAvailability addresses: one EVSE (1.6: connector), one connector of an EVSE (2.0.1), the station. */
export type Scope = 'evse' | 'connector' | 'station';
const SCOPE_WORDS: Record<Scope, string> = { evse: 'an EVSE', connector: 'a connector', station: 'the station' };
const useCaseOf = (scope: Scope) => (scope === 'station' ? 'G04' : 'G03');
const variantOf = (scope: Scope, what: string) => (scope === 'connector' ? `connector-${what}` : what);

type Ctx = CsContext | CsmsContext;

/** The ChangeAvailability target of a scope: [evseId, connectorId]. */
function targetOf(ctx: Ctx, scope: Scope): [number | undefined, number | undefined] {
  if (scope === 'station') return [undefined, undefined];
  return [ctx.profile.evses[0]!.id, scope === 'connector' ? 1 : undefined];
}

/** Every connector of the station as [evseId, connectorId]. */
const allConnectors = (ctx: Ctx): [number, number][] => ctx.profile.evses.flatMap((e) => Array.from({ length: e.connectors }, (_, i): [number, number] => [e.id, i + 1]));

/** The connectors a scope's ChangeAvailability affects. */
function connectorsOf(ctx: Ctx, scope: Scope): [number, number][] {
  const [evseId, connectorId] = targetOf(ctx, scope);
  return allConnectors(ctx).filter(([e, c]) => evseId === undefined || (e === evseId && (connectorId === undefined || c === connectorId)));
}

const describe = (evseId?: number, connectorId?: number) => (evseId === undefined ? 'the whole station' : `EVSE ${evseId}${connectorId === undefined ? '' : ` connector ${connectorId}`}`);

/** The ChangeAvailability request: no evseId = the whole station (2.0.1 omits evse; 1.6 connectorId 0). */
function changeRequest(ocpp: OcppVersion, operative: boolean, evseId?: number, connectorId?: number): Payload {
  if (ocpp === '1.6') return { connectorId: evseId ?? 0, type: operative ? 'Operative' : 'Inoperative' };
  const payload: Payload = { operationalStatus: operative ? 'Operative' : 'Inoperative' };
  if (evseId !== undefined) payload.evse = connectorId === undefined ? { id: evseId } : { id: evseId, connectorId };
  return payload;
}

async function changeAvailability(ctx: CsContext, operative: boolean, expected: string, evseId?: number, connectorId?: number) {
  const answer = await ctx.csms.call('ChangeAvailability', changeRequest(ctx.profile.ocpp, operative, evseId, connectorId));
  if (answer.status !== expected) {
    throw new Verdict(`ChangeAvailability ${operative ? 'Operative' : 'Inoperative'} for ${describe(evseId, connectorId)} must be answered ${expected}, got ${String(answer.status)}`);
  }
  return answer;
}

/** Each listed connector reports `status` after `since` (the post-scenario validation: a report for every one). */
async function expectReports(ctx: CsContext, connectors: [number, number][], status: string, since: Mark, why: string): Promise<ReceivedCall> {
  let last: ReceivedCall | undefined;
  for (const [evseId, connectorId] of connectors) last = await expectConnectorStatus(ctx.csms, evseId, connectorId, status, since, why);
  return last!;
}

/** No report after `since` (up to index `end` of the received calls, exclusive) puts any of `connectors` in `status`. */
function requireNoReport(ctx: CsContext, connectors: [number, number][], status: string, since: Mark, why: string, end?: number): void {
  const { csms, profile } = ctx;
  const from = since ? csms.received.indexOf(since) + 1 : 0;
  const to = end ?? csms.received.length;
  for (const c of csms.received.slice(from, to)) {
    const hit = connectors.find(([e, k]) => reportedStatus(profile.ocpp, c, e, k) === status);
    if (hit) throw new Verdict(`${why}, but ${describe(hit[0], hit[1])} was reported ${status}: ${JSON.stringify(c.payload).slice(0, 200)}`);
  }
}

/**
 * Part 6 reusable state Unavailable (and its 1.6 equivalent): ChangeAvailability Inoperative for the scope is
 * Accepted and every affected connector reports Unavailable; reports of other connectors never say Unavailable.
 */
async function makeUnavailable(ctx: CsContext, scope: Scope): Promise<ReceivedCall> {
  const since = markOf(ctx.csms);
  await changeAvailability(ctx, false, 'Accepted', ...targetOf(ctx, scope));
  const affected = connectorsOf(ctx, scope);
  const last = await expectReports(ctx, affected, 'Unavailable', since, `after ChangeAvailability Inoperative for ${describe(...targetOf(ctx, scope))}`);
  const others = allConnectors(ctx).filter(([e, c]) => !affected.some(([e2, c2]) => e2 === e && c2 === c));
  requireNoReport(ctx, others, 'Unavailable', since, `only ${describe(...targetOf(ctx, scope))} was made inoperative`);
  return last;
}

/** 2.0.1: the end of a transaction: the TransactionEvent Ended, or 1.6 StopTransaction. */
function expectTransactionEnd(ctx: CsContext, c: Charging, within?: number) {
  return ctx.profile.ocpp === '1.6'
    ? ctx.csms.expectCall('StopTransaction', { after: c.last, within })
    : ctx.csms.expectCall('TransactionEvent', { where: { eventType: 'Ended', transactionInfo: { transactionId: c.id } }, after: c.last, within });
}

/** The transaction must go on for a while (the document's "wait for the configured transaction duration"). */
async function expectNoTransactionEnd(ctx: CsContext, c: Charging, why: string) {
  const { profile } = ctx;
  const ended = await expectTransactionEnd(ctx, c, profile.timing.quietMs + profile.timing.toleranceMs).catch(() => undefined);
  if (ended) throw new Verdict(`${why}, but the station ended the transaction (${ended.action} ${JSON.stringify(ended.payload.reason ?? (ended.payload.transactionInfo as Payload | undefined)?.stoppedReason)})`);
}

/**
 * Nothing that starts a transaction (or, with startsToo false, only energy transfer) on the EVSE arrives for a
 * while, counting every call received after `since`.
 */
async function expectNoCharging(ctx: CsContext, evseId: number, why: string, since: Mark, startsToo = true) {
  const { csms, profile } = ctx;
  const bad = await csms.firstUnwanted((c) => {
    if (profile.ocpp === '1.6') return c.action === 'StartTransaction' && Number(c.payload.connectorId) === evseId;
    if (c.action !== 'TransactionEvent') return false;
    return info(c).chargingState === 'Charging' || (startsToo && c.payload.eventType === 'Started');
  }, profile.timing.quietMs + profile.timing.toleranceMs, since ? since : 0);
  if (bad) throw new Verdict(`${why}, but the station sent ${bad.action} ${JSON.stringify(bad.payload).slice(0, 200)}`);
}

// ---------------------------------------------------------------- SUT = charging station

/**
 * G03 for one EVSE (TC_G_03_CS, then TC_G_04_CS from its memory state): Inoperative is Accepted and the EVSE's
 * connectors report Unavailable (others do not); Operative is Accepted and they report Available.
 */
export function evseInoperativeCs(ocpp: OcppVersion, octt: Claims) {
  return testCase<CsTestCase>({
    useCase: 'G03', variant: 'evse-inoperative', ocpp, sut: 'CS', octt,
    title: 'ChangeAvailability Inoperative for one EVSE: Accepted, its connectors report Unavailable; Operative brings back Available',
    killedBy: ['cs.availability-no-status'],
    async run(ctx) {
      await ctx.csms.booted();
      const evseId = ctx.profile.evses[0]!.id;
      const down = await makeUnavailable(ctx, 'evse');
      await changeAvailability(ctx, true, 'Accepted', evseId);
      await expectReports(ctx, connectorsOf(ctx, 'evse'), 'Available', down, `after ChangeAvailability Operative for EVSE ${evseId}`);
    },
  });
}

/** G03 for one connector (TC_G_07_CS, then TC_G_08_CS): the same for evse.id with evse.connectorId. */
export function connectorInoperativeCs(ocpp: OcppVersion, octt: Claims) {
  return testCase<CsTestCase>({
    useCase: 'G03', variant: 'connector-inoperative', ocpp, sut: 'CS', octt,
    title: 'ChangeAvailability Inoperative for one connector: Accepted and that connector reports Unavailable; Operative brings back Available',
    killedBy: ['cs.availability-no-status'],
    async run(ctx) {
      await ctx.csms.booted();
      const [evseId, connectorId] = targetOf(ctx, 'connector');
      const down = await makeUnavailable(ctx, 'connector');
      await changeAvailability(ctx, true, 'Accepted', evseId, connectorId);
      await expectReports(ctx, connectorsOf(ctx, 'connector'), 'Available', down, `after ChangeAvailability Operative for ${describe(evseId, connectorId)}`);
    },
  });
}

/** G04 (TC_G_05_CS, then TC_G_06_CS): the whole station inoperative (every connector Unavailable) and back. */
export function stationInoperativeCs(ocpp: OcppVersion, octt: Claims) {
  return testCase<CsTestCase>({
    useCase: 'G04', variant: 'station-inoperative', ocpp, sut: 'CS', octt,
    title: `ChangeAvailability Inoperative for the whole station (${ocpp === '1.6' ? 'connectorId 0' : 'no evse'}): every connector reports Unavailable; Operative brings back Available`,
    killedBy: ['cs.availability-station-wide-partial', 'cs.availability-no-status'],
    async run(ctx) {
      await ctx.csms.booted();
      const down = await makeUnavailable(ctx, 'station');
      await changeAvailability(ctx, true, 'Accepted');
      await expectReports(ctx, allConnectors(ctx), 'Available', down, 'after a station-wide ChangeAvailability Operative');
    },
  });
}

/** G03/G04 operative to operative (TC_G_09_CS, TC_G_12_CS, TC_G_15_CS): Accepted. */
export function alreadyOperativeCs(ocpp: OcppVersion, scope: Scope, octt: Claims) {
  return testCase<CsTestCase>({
    useCase: useCaseOf(scope), variant: variantOf(scope, 'already-operative'), ocpp, sut: 'CS', octt,
    title: `ChangeAvailability Operative for ${SCOPE_WORDS[scope]} that is operative already is Accepted`,
    killedBy: ['cs.availability-same-state-rejected'],
    async run(ctx) {
      // Booted: every connector has reported its state (the post-scenario validation).
      await ctx.csms.booted();
      await changeAvailability(ctx, true, 'Accepted', ...targetOf(ctx, scope));
    },
  });
}

/**
 * G03/G04 inoperative to inoperative (TC_G_10_CS, TC_G_13_CS, TC_G_16_CS): from the state Unavailable a second
 * Inoperative is Accepted; for the whole station (TC_G_13 step 3) every connector reports Unavailable again.
 */
export function alreadyInoperativeCs(ocpp: OcppVersion, scope: Scope, octt: Claims) {
  return testCase<CsTestCase>({
    useCase: useCaseOf(scope), variant: variantOf(scope, 'already-inoperative'), ocpp, sut: 'CS', octt,
    title: `ChangeAvailability Inoperative for ${SCOPE_WORDS[scope]} that is inoperative already is Accepted${scope === 'station' ? ' and every connector reports Unavailable' : ''}`,
    killedBy: ['cs.availability-same-state-rejected', ...(scope === 'station' ? ['cs.availability-station-wide-silent'] : [])],
    async run(ctx) {
      await ctx.csms.booted();
      const down = await makeUnavailable(ctx, scope);
      await changeAvailability(ctx, false, 'Accepted', ...targetOf(ctx, scope));
      if (scope === 'station') await expectReports(ctx, allConnectors(ctx), 'Unavailable', down, 'after a second station-wide ChangeAvailability Inoperative');
    },
  });
}

/** G03: an EVSE (1.6: connector) the station does not have is Rejected. */
export function unknownEvseCs(ocpp: OcppVersion, octt: Claims) {
  return testCase<CsTestCase>({
    useCase: 'G03', variant: 'unknown-evse', ocpp, sut: 'CS', octt,
    title: `ChangeAvailability for ${ocpp === '1.6' ? 'a connector' : 'an EVSE'} the station does not have is Rejected`,
    killedBy: ['cs.unknown-evse-accepted'],
    async run(ctx) {
      await ctx.csms.booted();
      const unknown = Math.max(...ctx.profile.evses.map((e) => e.id)) + 7;
      await changeAvailability(ctx, false, 'Rejected', unknown);
    },
  });
}

/**
 * G03: no transaction starts on an inoperative EVSE when a cable is plugged in and a valid token presented. The
 * inoperative state is the subject of G03.evse-inoperative: not reaching it is inconclusive here; a card reader
 * that will not take a card on an inoperative EVSE is what such an EVSE may well do.
 */
export function noChargingWhileInoperativeCs(ocpp: OcppVersion, octt: Claims) {
  return testCase<CsTestCase>({
    useCase: 'G03', variant: 'no-new-transaction', ocpp, sut: 'CS', octt,
    title: 'No transaction starts on an inoperative EVSE when a cable is plugged in and a valid token presented',
    actions: ['plugIn', 'presentIdToken'],
    killedBy: ['cs.inoperative-allows-charging'],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      await makeUnavailable(ctx, 'evse').catch((err: Error) => {
        if (err instanceof Verdict) throw new Inconclusive(`the EVSE could not be made inoperative (${err.message}); G03.evse-inoperative/${ocpp}/CS is about it`);
        throw err;
      });
      const since = markOf(csms);
      await sut.act('plugIn', { evse: evseId });
      await sut.act('presentIdToken', { evse: evseId, idToken: profile.idTokens.valid, type: profile.idTokens.type }).catch((err: Error) => {
        if (!(err instanceof OperatorCannotAct)) throw err;
        csms.log.event(`the card was not taken (${err.message}); checking that the plugged-in cable alone starts nothing`);
      });
      await expectNoCharging(ctx, evseId, `EVSE ${evseId} is inoperative`, since);
    },
  });
}

/** Why the scheduled cases are partial (TC_G_11_CS, TC_G_14_CS, TC_G_17_CS). */
export const POST_SESSION = 'when the remote stop leaves the transaction running (a TxStopPoint without Authorized), the '
  + 'EVConnectedPostSession event (ChargingStateChanged, EVConnected) before the unplug is not checked: the reference runs a '
  + 'fixed TxStopPoint that never takes that branch, so no fault could prove such a check';

/**
 * G03/G04 with a transaction running (TC_G_11_CS, TC_G_14_CS, TC_G_17_CS): the change is Scheduled (a station-wide
 * one takes the idle EVSEs at once); the transaction goes on; once it ends (remote stop, then the EV unplugged
 * where the stop alone does not end it) the connector reports Unavailable, never before.
 */
export function scheduledCs(ocpp: OcppVersion, scope: Scope, octt: Claims) {
  const useCase = useCaseOf(scope);
  return testCase<CsTestCase>({
    useCase, variant: variantOf(scope, 'scheduled'), ocpp, sut: 'CS', octt,
    title: `ChangeAvailability Inoperative for ${SCOPE_WORDS[scope]} during a transaction there is Scheduled; the transaction continues and Unavailable follows its end`,
    actions: ['plugIn', 'unplug'],
    killedBy: useCase === 'G03'
      ? ['cs.availability-interrupts-transaction']
      : ['cs.availability-interrupts-transaction', 'cs.availability-station-wide-partial'],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      const c = await charging(ctx, evseId);
      const since = markOf(csms);
      await changeAvailability(ctx, false, 'Scheduled', ...targetOf(ctx, scope));
      // TC_G_14 step 3: the connectors of EVSEs without a transaction change at once.
      const idle = scope === 'station' ? allConnectors(ctx).filter(([e]) => e !== evseId) : [];
      if (idle.length) await expectReports(ctx, idle, 'Unavailable', since, 'idle EVSEs after a station-wide Inoperative');
      await expectNoTransactionEnd(ctx, c, 'a scheduled availability change must let the running transaction continue');
      const beforeStop = csms.received.length;
      const stopped = await stopRemotely(ctx, c);
      const ended = ocpp === '1.6' ? stopped : (await endAfterStop(ctx, c, stopped, 'Remote')).ended;
      // 1.6 may report the status before StopTransaction: count up to the stop request there, up to the end in 2.0.1.
      requireNoReport(ctx, [[evseId, 1]], 'Unavailable', since, `EVSE ${evseId} must stay available for its transaction until it ends`,
        ocpp === '1.6' ? beforeStop : csms.received.indexOf(ended));
      // Once the transaction ended the scheduled change takes effect (the status may come before StopTransaction in 1.6).
      const from = ocpp === '1.6' ? since : ended;
      await expectConnectorStatus(csms, evseId, 1, 'Unavailable', from, 'once the transaction ended the scheduled change takes effect',
        { passing: ocpp === '1.6' ? ['Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing'] : ['Occupied'] });
    },
  });
}

/**
 * G03/G04 inoperative across a reboot (TC_G_18_CS, TC_G_19_CS, TC_G_21_CS): after the state Unavailable the
 * station is reset (2.0.1 Immediate, 1.6 Hard); after the new boot the affected connectors report Unavailable,
 * the others Available, and a 2.0.1 station reports its start-up as a security event.
 */
export function persistsCs(ocpp: OcppVersion, scope: Scope, octt: Claims) {
  return testCase<CsTestCase>({
    useCase: useCaseOf(scope), variant: variantOf(scope, 'persists-reboot'), ocpp, sut: 'CS', octt,
    title: `Inoperative ${SCOPE_WORDS[scope]} stays Unavailable across a reboot (Reset ${ocpp === '1.6' ? 'Hard' : 'Immediate'}); the rest comes back Available`,
    killedBy: ['cs.reset-forgets-availability'],
    async run(ctx) {
      const { csms } = ctx;
      await csms.booted();
      await makeUnavailable(ctx, scope);
      const down = connectorsOf(ctx, scope);
      const up = allConnectors(ctx).filter(([e, c]) => !down.some(([e2, c2]) => e2 === e && c2 === c));
      const before = csms.connectionCount;
      const since = markOf(csms);
      const reset = await csms.call('Reset', { type: ocpp === '1.6' ? 'Hard' : 'Immediate' });
      if (reset.status !== 'Accepted') throw new Verdict(`Reset of an idle station must be Accepted, got ${String(reset.status)}`);
      const boot = await csms.waitForReboot(afterMark(since), before);
      await expectReports(ctx, down, 'Unavailable', boot, 'after the reboot the inoperative connectors');
      if (up.length) await expectReports(ctx, up, 'Available', boot, 'after the reboot the operative connectors');
      if (ocpp === '2.0.1') {
        // The rest of the reusable state Booted, which B01 is about.
        await csms.reusableState('Booted', 'B01', () => csms.expectCall('SecurityEventNotification', {
          after: boot, where: (p) => p.type === 'StartupOfTheDevice' || p.type === 'ResetOrReboot',
        }).catch((err: Error) => { throw new Verdict(`after rebooting, a 2.0.1 station must send SecurityEventNotification StartupOfTheDevice or ResetOrReboot: ${err.message}`, 'A04.FR.01'); }));
      }
    },
  });
}

/**
 * G05 (TC_G_20_CS / TC_024_CS): the connector lock fails as charging is about to start: reported, and no charging.
 * 2.0.1: the cable halfway in (EVConnectedPreSession), then the local authorization (Authorized, main A), then
 * NotifyEvent ConnectorPlugRetentionLock Problem true. 1.6: a remote start (Preparing), then the cable halfway in:
 * StatusNotification Faulted with errorCode ConnectorLockFailure, and no transaction.
 */
export function lockFailureCs(ocpp: OcppVersion, octt: Claims) {
  const v16 = ocpp === '1.6';
  return testCase<CsTestCase>({
    useCase: 'G05', ocpp, sut: 'CS', octt, needs: ['HFS-1'],
    title: v16
      ? 'Connector lock failure after a remote start: StatusNotification Faulted with errorCode ConnectorLockFailure, no transaction'
      : 'Connector lock failure, then authorization: NotifyEvent ConnectorPlugRetentionLock Problem true, no energy transfer',
    actions: v16 ? ['lockFailure'] : ['lockFailure', 'presentIdToken'],
    killedBy: ['cs.lock-failure-unreported', 'cs.lock-failure-charges'],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      if (v16) {
        const started = await remoteStart16(ctx, evseId, await authorizeRemoteTx16(csms));
        await expectConnectorStatus(csms, evseId, 1, 'Preparing', started, 'after the remote start');
        const since = markOf(csms);
        await sut.act('lockFailure', { evse: evseId });
        const report = await csms.expectCall('StatusNotification', { where: { connectorId: evseId, errorCode: 'ConnectorLockFailure' }, after: afterMark(since) })
          .catch(() => { throw new Verdict(`no StatusNotification with errorCode ConnectorLockFailure for connector ${evseId} after the lock failed`); });
        if (report.payload.status !== 'Faulted') throw new Verdict(`a connector lock failure must be reported with status Faulted, got ${String(report.payload.status)}`);
        await expectNoCharging(ctx, evseId, 'the connector lock failed', since);
        return;
      }
      const s = newSession(csms, evseId, await readTxSettings(csms, ocpp));
      await plugIn(ctx, s, 'preSession', 'lockFailure');
      const since = markOf(csms);
      const token = { idToken: profile.idTokens.valid, type: profile.idTokens.type };
      await sut.act('presentIdToken', { evse: evseId, idToken: token.idToken, type: token.type });
      // Reusable state Authorized (main A): Authorize, unless the token is cached, then the event of the authorization.
      const isAuthorizedEvent = (c: ReceivedCall) => c.action === 'TransactionEvent' && c.payload.triggerReason === 'Authorized';
      const first = await csms.firstUnwanted((c) => c.action === 'Authorize' || isAuthorizedEvent(c), profile.timing.callTimeoutMs, since ? since : 0);
      if (!first) throw new Verdict('after the valid token was presented no Authorize and no TransactionEvent Authorized came');
      if (first.action === 'Authorize') {
        const sent = first.payload.idToken as Payload | undefined;
        if (sent?.idToken !== token.idToken || sent.type !== token.type) throw new Verdict(`Authorize must carry idToken ${token.idToken} (${token.type}), got ${JSON.stringify(sent)}`);
      }
      if (s.txId !== undefined || s.tx.startPoints.includes('Authorized')) {
        const event = await csms.expectCall('TransactionEvent', { where: { triggerReason: 'Authorized' }, after: afterMark(since) })
          .catch(() => { throw new Verdict('the authorization must be reported as a TransactionEvent with triggerReason Authorized'); });
        const sent = event.payload.idToken as Payload | undefined;
        if (sent?.idToken !== token.idToken || sent.type !== token.type) throw new Verdict(`the TransactionEvent Authorized must carry idToken ${token.idToken} (${token.type}), got ${JSON.stringify(sent)}`);
      }
      await csms.expectCall('NotifyEvent', {
        after: afterMark(since),
        where: (p: Payload) => ((p.eventData as Payload[] | undefined) ?? []).some((e) => {
          const component = e.component as Payload | undefined;
          const variable = e.variable as Payload | undefined;
          return component?.name === 'ConnectorPlugRetentionLock' && variable?.name === 'Problem'
            && e.trigger === 'Delta' && String(e.actualValue).toLowerCase() === 'true';
        }),
      }).catch(() => { throw new Verdict('no NotifyEvent for component ConnectorPlugRetentionLock, variable Problem, actualValue true (trigger Delta) after the lock failed', 'G05.FR.02'); });
      // Post-scenario validation: the station did not start charging (a transaction may run since the cable).
      await expectNoCharging(ctx, evseId, 'the connector lock failed', since, false);
    },
  });
}

function unlockRequest(ocpp: OcppVersion, evseId: number, connectorId = 1): Payload {
  return ocpp === '1.6' ? { connectorId: evseId } : { evseId, connectorId };
}

async function unlock(ctx: CsContext, expected: string, evseId: number, connectorId = 1) {
  const answer = await ctx.csms.call('UnlockConnector', unlockRequest(ctx.profile.ocpp, evseId, connectorId));
  if (answer.status !== expected) throw new Verdict(`UnlockConnector for ${ctx.profile.ocpp === '1.6' ? `connector ${evseId}` : `EVSE ${evseId} connector ${connectorId}`} must be answered ${expected}, got ${String(answer.status)}`);
  return answer;
}

// Unlocking is for a connector with a lock, i.e. a detachable cable (Part 5 HFS-1; the 1.6 documents' "not fixed
// cable" variants). A 1.6 station with a fixed cable (HFS-2) answers NotSupported instead (unlockFixedCableCs).

/** F05 (TC_017_1_CS / TC_F_06_CS, TC_F_07_CS): unlocking a connector without a transaction and without a cable succeeds. */
export function unlockCs(ocpp: OcppVersion, octt: Claims) {
  return testCase<CsTestCase>({
    useCase: 'F05', variant: 'unlocked', ocpp, sut: 'CS', octt, needs: ['HFS-1'],
    title: 'UnlockConnector without a transaction (and no cable) is answered Unlocked',
    killedBy: ['cs.unlock-always-fails'],
    async run(ctx) {
      await ctx.csms.booted();
      await unlock(ctx, 'Unlocked', ctx.profile.evses[0]!.id);
    },
  });
}

/** F05 (TC_030_CS): a stuck lock is reported as UnlockFailed. */
export function unlockFailedCs(ocpp: OcppVersion, octt: Claims) {
  return testCase<CsTestCase>({
    useCase: 'F05', variant: 'unlock-failed', ocpp, sut: 'CS', octt, needs: ['HFS-1'],
    title: 'UnlockConnector on a connector whose lock is stuck is answered UnlockFailed',
    actions: ['jamConnector'],
    killedBy: ['cs.unlock-failure-hidden'],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      await sut.act('jamConnector', { evse: evseId, connector: 1 });
      await unlock(ctx, 'UnlockFailed', evseId);
    },
  });
}

/** F05 (TC_031_CS / TC_F_10_CS): a connector the station does not have (1.6 NotSupported, 2.0.1 UnknownConnector). */
export function unlockUnknownCs(ocpp: OcppVersion, octt: Claims) {
  const expected = ocpp === '1.6' ? 'NotSupported' : 'UnknownConnector';
  return testCase<CsTestCase>({
    // 1.6 TC_031 has no cable prerequisite (NotSupported is also a fixed-cable station's answer); Part 5 gives TC_F_10 HFS-1.
    useCase: 'F05', variant: 'unknown-connector', ocpp, sut: 'CS', octt, needs: ocpp === '1.6' ? undefined : ['HFS-1'],
    title: `UnlockConnector for a connector the station does not have is answered ${expected}`,
    killedBy: ['cs.unlock-unknown-connector'],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      if (ocpp === '1.6') await unlock(ctx, expected, Math.max(...profile.evses.map((e) => e.id)) + 7);
      else await unlock(ctx, expected, profile.evses[0]!.id, 999);
    },
  });
}

/**
 * F05 during a transaction. 2.0.1 (TC_F_05_CS): OngoingAuthorizedTransaction and the transaction goes on.
 * 1.6 (TC_018_1_CS): Unlocked, StopTransaction with reason UnlockCommand and Finishing (either order); once the
 * cable is pulled out, Available.
 */
export function unlockDuringTransactionCs(ocpp: OcppVersion, octt: Claims) {
  return testCase<CsTestCase>({
    useCase: 'F05', variant: 'ongoing-transaction', ocpp, sut: 'CS', octt, needs: ['HFS-1'],
    title: ocpp === '1.6'
      ? 'UnlockConnector during a transaction: Unlocked, StopTransaction with reason UnlockCommand and Finishing follow; unplugged, Available'
      : 'UnlockConnector during an authorized transaction is answered OngoingAuthorizedTransaction and the transaction continues',
    actions: ['plugIn', 'unplug'],
    killedBy: ['cs.unlock-during-transaction'],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      const c = await charging(ctx, evseId);
      if (ocpp !== '1.6') {
        await unlock(ctx, 'OngoingAuthorizedTransaction', evseId);
        await expectNoTransactionEnd(ctx, c, 'an UnlockConnector refused for an ongoing transaction must not end it');
        return;
      }
      const since = markOf(csms);
      await unlock(ctx, 'Unlocked', evseId);
      const stop = await csms.expectCall('StopTransaction', { after: afterMark(since) })
        .catch(() => { throw new Verdict('after UnlockConnector on a connector in a transaction, no StopTransaction came'); });
      if (String(stop.payload.transactionId) !== c.id) throw new Verdict(`StopTransaction ended transaction ${String(stop.payload.transactionId)}, but the running one was ${c.id}`);
      if (stop.payload.reason !== 'UnlockCommand') throw new Verdict(`the transaction ended by UnlockConnector must have reason UnlockCommand, got ${String(stop.payload.reason)}`);
      const finishing = await expectConnectorStatus(csms, evseId, 1, 'Finishing', since, 'after the unlock ended the transaction');
      const later = csms.received.indexOf(stop) > csms.received.indexOf(finishing) ? stop : finishing;
      await sut.act('unplug', { evse: evseId });
      await expectConnectorStatus(csms, evseId, 1, 'Available', later, 'after the cable was unplugged');
    },
  });
}

/**
 * F05 at a 1.6 station with a fixed cable (TC_017_2_CS without a session, TC_018_2_CS in the Charging state): there
 * is no lock to open, so UnlockConnector is answered NotSupported. With a session, the EV leaves afterwards.
 */
export function unlockFixedCableCs(octt: Claims, o: { charging: boolean }) {
  return testCase<CsTestCase>({
    useCase: 'F05', variant: o.charging ? 'fixed-cable-transaction' : 'fixed-cable', ocpp: '1.6', sut: 'CS', octt, needs: ['HFS-2'],
    title: `UnlockConnector at a station with a fixed cable${o.charging ? ' during a transaction' : ''} is answered NotSupported`,
    actions: o.charging ? ['plugIn', 'presentIdToken', 'unplug'] : [],
    killedBy: ['cs.fixed-cable-unlocks'],
    async run(ctx) {
      await ctx.csms.booted();
      const evseId = ctx.profile.evses[0]!.id;
      if (!o.charging) {
        await unlock(ctx, 'NotSupported', evseId);
        return;
      }
      await charging(ctx, evseId);
      try {
        await unlock(ctx, 'NotSupported', evseId);
      } finally {
        await ctx.sut.act('unplug', { evse: evseId }).catch(() => undefined);
      }
    },
  });
}

// ---------------------------------------------------------------- SUT = CSMS

function checkChangeRequest(ocpp: OcppVersion, call: ReceivedCall, operative: boolean, evseId?: number, connectorId?: number): void {
  const p = call.payload;
  const asked = `${operative ? 'Operative' : 'Inoperative'} for ${describe(evseId, connectorId)}`;
  if (ocpp === '1.6') {
    const type = operative ? 'Operative' : 'Inoperative';
    if (p.type !== type || Number(p.connectorId) !== (evseId ?? 0)) {
      throw new Verdict(`the operator asked ${asked}; the CSMS sent ChangeAvailability ${JSON.stringify(p)} (expected connectorId ${evseId ?? 0}, type ${type})`);
    }
    return;
  }
  const evse = p.evse as Payload | undefined;
  if (p.operationalStatus !== (operative ? 'Operative' : 'Inoperative')) throw new Verdict(`the operator asked ${asked}; the CSMS sent ChangeAvailability ${JSON.stringify(p)}`);
  if (evseId === undefined) {
    // TC_G_05/06_CSMS: a station-wide change omits evse (and so its connectorId).
    if (evse !== undefined) throw new Verdict(`the operator asked ${asked}: a station-wide ChangeAvailability must omit evse, the CSMS sent evse ${JSON.stringify(evse)}`);
    return;
  }
  const ok = evse !== undefined && Number(evse.id) === evseId && (connectorId === undefined ? evse.connectorId === undefined : Number(evse.connectorId) === connectorId);
  if (!ok) throw new Verdict(`the operator asked ${asked}; the CSMS sent ChangeAvailability ${JSON.stringify(p)}`);
}

async function operatorChange(ctx: CsmsContext, answer: string, operative: boolean, evseId?: number, connectorId?: number) {
  const { station, sut } = ctx;
  station.answer('ChangeAvailability', { status: answer });
  const args: Record<string, unknown> = { operational: operative };
  if (evseId !== undefined) args.evseId = evseId;
  if (connectorId !== undefined) args.connectorId = connectorId;
  await sut.act('changeAvailability', args);
  const call = await station.expectCall('ChangeAvailability');
  checkChangeRequest(ctx.profile.ocpp, call, operative, evseId, connectorId);
  return call;
}

/** The station reports the connectors of `evseIds` in `status` (2.0.1 also as NotifyEvent: Part 5 wants a CSMS to take both). */
async function reportEvses(ctx: CsmsContext, evseIds: number[], status: string) {
  for (const evseId of evseIds) await reportConnector(ctx.station, evseId, status);
}

/**
 * G03/G04 CSMS (TC_G_03/04_CSMS for an EVSE, TC_G_07/08_CSMS for a connector, TC_G_05/06_CSMS for the station):
 * the operator's change goes out exactly as asked (station-wide without evse); the Unavailable and then Available
 * reports that follow are accepted.
 */
export function changeAvailabilityCsms(ocpp: OcppVersion, o: { useCase: 'G03' | 'G04'; variant: string; connector?: boolean; octt: Claims; killedBy: string[] }) {
  return testCase<CsmsTestCase>({
    useCase: o.useCase, variant: o.variant, ocpp, sut: 'CSMS', octt: o.octt,
    title: `The operator makes ${o.useCase === 'G04' ? 'the whole station' : o.connector ? 'one connector' : 'one EVSE'} inoperative then operative: ChangeAvailability carries exactly that, the status reports are accepted`,
    actions: ['changeAvailability'],
    killedBy: o.killedBy,
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const evseId = o.useCase === 'G04' ? undefined : profile.evses[0]!.id;
      const connectorId = o.connector ? 1 : undefined;
      const affected = evseId === undefined ? profile.evses.map((e) => e.id) : [evseId];
      await operatorChange(ctx, 'Accepted', false, evseId, connectorId);
      await reportEvses(ctx, affected, 'Unavailable');
      await operatorChange(ctx, 'Accepted', true, evseId, connectorId);
      await reportEvses(ctx, affected, 'Available');
    },
  });
}

/**
 * G03/G04 CSMS with a transaction (TC_G_11_CSMS, TC_G_14_CSMS, TC_G_17_CSMS): the change goes out as asked and is
 * answered Scheduled (a station-wide one makes the idle connectors Unavailable at once); the transaction is
 * authorized to stop, the EV disconnects, and the CSMS takes the Unavailable report that follows.
 */
export function scheduledCsms(ocpp: OcppVersion, scope: Scope, octt: Claims) {
  return testCase<CsmsTestCase>({
    useCase: useCaseOf(scope), variant: variantOf(scope, 'scheduled'), ocpp, sut: 'CSMS', octt,
    title: `ChangeAvailability for ${SCOPE_WORDS[scope]} during a transaction answered Scheduled: the CSMS accepts the transaction end and the Unavailable report that follow`,
    actions: ['changeAvailability'],
    killedBy: [
      ...(scope === 'station' && ocpp !== '1.6' ? ['csms.change-availability-station-evse-zero'] : ['csms.change-availability-wrong-evse']),
      'csms.change-availability-inverted', 'csms.status-callerror', ...(ocpp === '1.6' ? [] : ['csms.notify-event-callerror']),
    ],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const evseId = profile.evses[0]!.id;
      if (ocpp === '1.6') {
        const id = await simCharging16(station, evseId);
        await operatorChange(ctx, 'Scheduled', false, ...targetOf(ctx, scope));
        if (scope === 'station') await reportEvses(ctx, profile.evses.map((e) => e.id).filter((e) => e !== evseId), 'Unavailable');
        const stop = await station.call('StopTransaction', { transactionId: id, meterStop: 500, timestamp: station.now(), reason: 'Local', idTag: profile.idTokens.valid });
        requireTokenAccepted(stop, 'StopTransaction');
        await reportConnector(station, evseId, 'Unavailable');
        return;
      }
      const t = await simEnergyTransferStarted(station, evseId);
      await operatorChange(ctx, 'Scheduled', false, ...targetOf(ctx, scope));
      // TC_G_14_CSMS step 3: the unoccupied connectors become Unavailable at once.
      if (scope === 'station') {
        for (const e of profile.evses.map((x) => x.id).filter((x) => x !== evseId)) await station.call('StatusNotification', station.statusPayload(e, 1, 'Unavailable'));
      }
      await simStopAndDisconnect(station, t);
      await reportConnector(station, evseId, 'Unavailable');
    },
  });
}

/** G03 CSMS: a Rejected change (unknown EVSE) leaves the CSMS working. */
export function rejectedCsms(ocpp: OcppVersion, octt: Claims) {
  return testCase<CsmsTestCase>({
    useCase: 'G03', variant: 'rejected', ocpp, sut: 'CSMS', octt,
    title: 'ChangeAvailability for an EVSE the station does not have, answered Rejected: sent as asked, and the CSMS carries on',
    actions: ['changeAvailability'],
    killedBy: ['csms.change-availability-wrong-evse'],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const unknown = Math.max(...profile.evses.map((e) => e.id)) + 1;
      await operatorChange(ctx, 'Rejected', false, unknown);
      await station.call('Heartbeat', {});
      await station.call('StatusNotification', station.statusPayload(profile.evses[0]!.id, 1, 'Available'));
    },
  });
}

/**
 * G05 CSMS. 1.6 (TC_024_CSMS): after the reusable state Authorized (the CSMS accepts the idTag), Preparing and
 * then Faulted with errorCode ConnectorLockFailure. 2.0.1 (TC_G_20_CSMS): a NotifyEvent reporting a
 * ConnectorPlugRetentionLock problem.
 */
export function lockFailureCsms(ocpp: OcppVersion, octt: Claims) {
  return testCase<CsmsTestCase>({
    useCase: 'G05', ocpp, sut: 'CSMS', octt,
    title: ocpp === '1.6'
      ? 'The CSMS accepts Authorize, then StatusNotification Preparing and Faulted with errorCode ConnectorLockFailure'
      : 'The CSMS accepts a NotifyEvent reporting a ConnectorPlugRetentionLock problem',
    killedBy: ocpp === '1.6' ? ['csms.status-callerror'] : ['csms.notify-event-callerror'],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const evseId = profile.evses[0]!.id;
      if (ocpp === '1.6') {
        requireTokenAccepted(await station.call('Authorize', { idTag: profile.idTokens.valid }), 'Authorize');
        await reportConnector(station, evseId, 'Preparing');
        await reportConnector(station, evseId, 'Faulted', { errorCode: 'ConnectorLockFailure' });
        return;
      }
      const now = station.now();
      await station.call('NotifyEvent', {
        generatedAt: now, seqNo: 0, tbc: false,
        eventData: [{
          eventId: 1, timestamp: now, trigger: 'Delta', actualValue: 'true', eventNotificationType: 'HardWiredNotification',
          component: { name: 'ConnectorPlugRetentionLock', evse: { id: evseId, connectorId: 1 } }, variable: { name: 'Problem' },
        }],
      });
    },
  });
}

/**
 * F05 CSMS (TC_017_1_CSMS, TC_030_CSMS, TC_031_CSMS, TC_017_2_CSMS, TC_F_06_CSMS; with `charging` TC_018_1_CSMS):
 * the operator's unlock goes out for the chosen connector and the station's answer is taken as given; during a
 * transaction the unlock ends it (Finishing, StopTransaction UnlockCommand) and the cable comes out (Available).
 */
export function unlockCsms(ocpp: OcppVersion, o: { variant: string; answer: string; octt: Claims; charging?: boolean }) {
  return testCase<CsmsTestCase>({
    useCase: 'F05', variant: o.variant, ocpp, sut: 'CSMS', octt: o.octt, needs: ocpp === '1.6' ? undefined : ['C-11'],
    title: `The operator unlocks a connector${o.charging ? ' during a transaction' : ''}: UnlockConnector names it, and the answer ${o.answer} is handled`,
    actions: ['unlockConnector'],
    killedBy: ['csms.unlock-wrong-connector'],
    async run(ctx) {
      const { station, sut, profile } = ctx;
      await station.booted();
      const evseId = profile.evses[0]!.id;
      const id = o.charging ? await simCharging16(station, evseId) : undefined;
      station.answer('UnlockConnector', { status: o.answer });
      await sut.act('unlockConnector', { evseId, connectorId: 1 });
      const call = await station.expectCall('UnlockConnector');
      const p = call.payload;
      const ok = ocpp === '1.6' ? Number(p.connectorId) === evseId : Number(p.evseId) === evseId && Number(p.connectorId) === 1;
      if (!ok) throw new Verdict(`the operator asked to unlock ${ocpp === '1.6' ? `connector ${evseId}` : `EVSE ${evseId} connector 1`}; the CSMS sent UnlockConnector ${JSON.stringify(p)}`);
      if (id === undefined) {
        await station.call('Heartbeat', {});
        return;
      }
      await reportConnector(station, evseId, 'Finishing');
      requireTokenAccepted(await station.call('StopTransaction', { transactionId: id, meterStop: 300, timestamp: station.now(), reason: 'UnlockCommand', idTag: profile.idTokens.valid }), 'StopTransaction');
      await reportConnector(station, evseId, 'Available');
    },
  });
}

