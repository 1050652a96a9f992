// G03/G04 ChangeAvailability, G05 lock failure and F05 UnlockConnector for both versions. 1.6 addresses a
// connector by connectorId (0 = the whole charge point); 2.0.1 by evse { id, connectorId? } (no evse = the station).
import { testCase, type CsContext, type CsmsContext, type CsTestCase, type CsmsTestCase } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';

const statusField = (ocpp: OcppVersion) => (ocpp === '1.6' ? 'status' : 'connectorStatus');
const statusOf = (c: ReceivedCall) => String(c.payload.connectorStatus ?? c.payload.status);

/** `where` for a StatusNotification of one connector, optionally with a status. */
function connectorWhere(ocpp: OcppVersion, evseId: number, connectorId = 1, status?: string): Payload {
  const where: Payload = ocpp === '1.6' ? { connectorId: evseId } : { evseId, connectorId };
  if (status) where[statusField(ocpp)] = status;
  return where;
}

/** The ChangeAvailability request: no evseId = the whole station. */
function changeRequest(ocpp: OcppVersion, operative: boolean, evseId?: number, connectorId?: number): Payload {
  if (ocpp === '1.6') return { connectorId: evseId ?? 0, type: operative ? 'Operative' : 'Inoperative' };
  const payload: Payload = { operationalStatus: operative ? 'Operative' : 'Inoperative' };
  if (evseId !== undefined) payload.evse = connectorId === undefined ? { id: evseId } : { id: evseId, connectorId };
  return payload;
}

async function changeAvailability(ctx: CsContext, operative: boolean, expected: string, evseId?: number, connectorId?: number) {
  const answer = await ctx.csms.call('ChangeAvailability', changeRequest(ctx.profile.ocpp, operative, evseId, connectorId));
  const target = evseId === undefined ? 'the whole station' : `EVSE ${evseId}${connectorId === undefined ? '' : ` connector ${connectorId}`}`;
  if (answer.status !== expected) {
    throw new Verdict(`ChangeAvailability ${operative ? 'Operative' : 'Inoperative'} for ${target} must be answered ${expected}, got ${String(answer.status)}`);
  }
  return answer;
}

/** Every connector of the listed EVSEs reports `status` (after `after`, when given). */
async function expectConnectorsReport(ctx: CsContext, evseIds: number[], status: string, why: string, after?: ReceivedCall | number) {
  const { csms, profile } = ctx;
  const last: ReceivedCall[] = [];
  for (const evseId of evseIds) {
    const evse = profile.evses.find((e) => e.id === evseId)!;
    for (let c = 1; c <= evse.connectors; c++) {
      const where = connectorWhere(profile.ocpp, evseId, c);
      const call = await csms.expectCall('StatusNotification', { where, after, within: profile.timing.callTimeoutMs }).catch(() => undefined);
      if (!call) {
        // 2.0.1 also lets the station report the connector's AvailabilityState with NotifyEvent instead.
        const event = profile.ocpp === '2.0.1' ? availabilityEvent(csms.received, evseId, c, status, after) : undefined;
        if (event) { last.push(event); continue; }
        throw new Verdict(`${why}: expected a StatusNotification ${status} for EVSE ${evseId} connector ${c}, none came`);
      }
      if (statusOf(call) !== status) throw new Verdict(`${why}: EVSE ${evseId} connector ${c} must report ${status}, it reported ${statusOf(call)}`);
      last.push(call);
    }
  }
  return last.at(-1)!;
}

/** A NotifyEvent (after `after`) reporting AvailabilityState `status` of the connector or its EVSE. */
function availabilityEvent(received: ReceivedCall[], evseId: number, connectorId: number, status: string, after?: ReceivedCall | number) {
  const from = after === undefined ? 0 : typeof after === 'number' ? after : after.at;
  return received.find((call) => call.action === 'NotifyEvent' && call.at >= from
    && ((call.payload.eventData as Payload[] | undefined) ?? []).some((e) => {
      const component = e.component as Payload | undefined;
      const evse = component?.evse as Payload | undefined;
      return (e.variable as Payload | undefined)?.name === 'AvailabilityState' && e.actualValue === status
        && (component?.name === 'Connector' || component?.name === 'EVSE') && Number(evse?.id) === evseId
        && (evse?.connectorId === undefined || Number(evse.connectorId) === connectorId);
    }));
}

/** A transaction with energy flowing on the EVSE: cable plugged in, then the valid token presented. */
export async function startCharging(ctx: CsContext, evseId: number): Promise<{ transactionId: string; started: ReceivedCall }> {
  const { csms, sut, profile } = ctx;
  // 1.6: the CSMS assigns the transaction ID; a distinctive one lets the test match StopTransaction to it.
  const assigned = 4200 + evseId;
  if (profile.ocpp === '1.6') csms.answer('StartTransaction', { transactionId: assigned, idTagInfo: { status: 'Accepted' } });
  await sut.act('plugIn', { evse: evseId });
  await sut.act('presentIdToken', { evse: evseId, idToken: profile.idTokens.valid });
  if (profile.ocpp === '1.6') {
    const started = await csms.expectCall('StartTransaction', { where: { connectorId: evseId } });
    return { transactionId: String(assigned), started };
  }
  const started = await csms.expectCall('TransactionEvent', {
    where: (p) => (p.transactionInfo as Payload | undefined)?.chargingState === 'Charging',
  });
  return { transactionId: String((started.payload.transactionInfo as Payload).transactionId), started };
}

/** The end of the transaction: 1.6 StopTransaction, 2.0.1 TransactionEvent Ended. */
function expectTransactionEnd(ctx: CsContext, within?: number) {
  return ctx.profile.ocpp === '1.6'
    ? ctx.csms.expectCall('StopTransaction', { within })
    : ctx.csms.expectCall('TransactionEvent', { where: { eventType: 'Ended' }, within });
}

/** The transaction ID an end message carries. */
function endedId(call: ReceivedCall): string {
  return String(call.action === 'StopTransaction' ? call.payload.transactionId : (call.payload.transactionInfo as Payload).transactionId);
}

function checkSameTransaction(ended: ReceivedCall, transactionId: string): void {
  if (endedId(ended) !== transactionId) throw new Verdict(`${ended.action} ended transaction ${endedId(ended)}, but the running one was ${transactionId}`);
}

async function expectNoTransactionEnd(ctx: CsContext, why: string) {
  const { profile } = ctx;
  const ended = await expectTransactionEnd(ctx, profile.timing.quietMs + profile.timing.toleranceMs).catch(() => undefined);
  if (ended) throw new Verdict(`${why}, but the station ended the transaction (${ended.action} ${JSON.stringify(ended.payload.reason ?? (ended.payload.transactionInfo as Payload | undefined)?.stoppedReason)})`);
}

/**
 * Nothing that starts a transaction (or, with startsToo false, only energy transfer) on the EVSE arrives for a
 * while, counting every call received since index `mark` of csms.received.
 */
async function expectNoCharging(ctx: CsContext, evseId: number, why: string, mark: number, startsToo = true) {
  const { csms, profile } = ctx;
  const bad = await csms.firstUnwanted((c) => {
    if (profile.ocpp === '1.6') return c.action === 'StartTransaction' && Number(c.payload.connectorId) === evseId;
    if (c.action !== 'TransactionEvent') return false;
    const info = c.payload.transactionInfo as Payload | undefined;
    return info?.chargingState === 'Charging' || (startsToo && c.payload.eventType === 'Started');
  }, profile.timing.quietMs + profile.timing.toleranceMs, mark);
  if (bad) throw new Verdict(`${why}, but the station sent ${bad.action} ${JSON.stringify(bad.payload).slice(0, 200)}`);
}

// ---------------------------------------------------------------- SUT = charging station

/** G03: one EVSE goes inoperative (Unavailable reported for its connectors only) and operative again. */
export function evseInoperativeCs(ocpp: OcppVersion, octt: string[]) {
  return testCase<CsTestCase>({
    useCase: 'G03', variant: 'evse-inoperative', ocpp, sut: 'CS', octt,
    title: 'ChangeAvailability Inoperative for one EVSE: Accepted, its connectors report Unavailable; Operative brings back Available',
    killedBy: ['cs.availability-no-status'],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      const sent = Date.now();
      await changeAvailability(ctx, false, 'Accepted', evseId);
      const down = await expectConnectorsReport(ctx, [evseId], 'Unavailable', `after ChangeAvailability Inoperative for EVSE ${evseId}`, sent);
      const others = profile.evses.filter((e) => e.id !== evseId).map((e) => e.id);
      const wrong = csms.received.find((c) => c.action === 'StatusNotification' && c.at >= sent
        && others.includes(Number(ocpp === '1.6' ? c.payload.connectorId : c.payload.evseId)) && statusOf(c) === 'Unavailable');
      if (wrong) throw new Verdict(`only EVSE ${evseId} was made inoperative, but ${JSON.stringify(wrong.payload)} was reported`);
      await changeAvailability(ctx, true, 'Accepted', evseId);
      await expectConnectorsReport(ctx, [evseId], 'Available', `after ChangeAvailability Operative for EVSE ${evseId}`, down);
    },
  });
}

/** G03 (2.0.1): one connector of an EVSE goes inoperative and back. */
export function connectorInoperativeCs(ocpp: OcppVersion, octt: string[]) {
  return testCase<CsTestCase>({
    useCase: 'G03', variant: 'connector-inoperative', ocpp, sut: 'CS', octt,
    title: 'ChangeAvailability Inoperative for one connector: Accepted and that connector reports Unavailable; Operative brings back Available',
    killedBy: ['cs.availability-no-status'],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      const sent = Date.now();
      await changeAvailability(ctx, false, 'Accepted', evseId, 1);
      const down = await csms.expectCall('StatusNotification', { where: connectorWhere(ocpp, evseId, 1, 'Unavailable'), after: sent })
        .catch(() => { throw new Verdict(`after ChangeAvailability Inoperative for EVSE ${evseId} connector 1 no StatusNotification Unavailable came`); });
      await changeAvailability(ctx, true, 'Accepted', evseId, 1);
      await csms.expectCall('StatusNotification', { where: connectorWhere(ocpp, evseId, 1, 'Available'), after: down })
        .catch(() => { throw new Verdict(`after ChangeAvailability Operative for EVSE ${evseId} connector 1 no StatusNotification Available came`); });
    },
  });
}

/** What a ChangeAvailability addresses: one EVSE (1.6: connector), one connector of an EVSE (2.0.1), the station. */
export type Scope = 'evse' | 'connector' | 'station';
const SCOPE_WORDS: Record<Scope, string> = { evse: 'an EVSE', connector: 'a connector', station: 'the station' };
const useCaseOf = (scope: Scope) => (scope === 'station' ? 'G04' : 'G03');
const variantOf = (scope: Scope, what: string) => (scope === 'connector' ? `connector-${what}` : what);

/** The ChangeAvailability target of a scope: [evseId, connectorId]. */
function targetOf(ctx: CsContext | CsmsContext, scope: Scope): [number | undefined, number | undefined] {
  if (scope === 'station') return [undefined, undefined];
  return [ctx.profile.evses[0]!.id, scope === 'connector' ? 1 : undefined];
}

/** G03/G04: asking for the availability already in place is Accepted (operative twice, inoperative twice). */
export function sameStateCs(ocpp: OcppVersion, scope: Scope, octt: string[]) {
  return testCase<CsTestCase>({
    useCase: useCaseOf(scope), variant: variantOf(scope, 'same-state'), ocpp, sut: 'CS', octt,
    title: `ChangeAvailability to the state ${SCOPE_WORDS[scope]} is already in is Accepted (Operative to Operative, Inoperative to Inoperative)`,
    killedBy: ['cs.availability-same-state-rejected'],
    async run(ctx) {
      await ctx.csms.booted();
      const [evseId, connectorId] = targetOf(ctx, scope);
      await changeAvailability(ctx, true, 'Accepted', evseId, connectorId);
      await changeAvailability(ctx, false, 'Accepted', evseId, connectorId);
      await changeAvailability(ctx, false, 'Accepted', evseId, connectorId);
      await changeAvailability(ctx, true, 'Accepted', evseId, connectorId);
    },
  });
}

/** G03: an EVSE (1.6: connector) the station does not have is Rejected. */
export function unknownEvseCs(ocpp: OcppVersion, octt: string[]) {
  return testCase<CsTestCase>({
    useCase: 'G03', variant: 'unknown-evse', ocpp, sut: 'CS', octt,
    title: `ChangeAvailability for ${ocpp === '1.6' ? 'a connector' : 'an EVSE'} the station does not have is Rejected`,
    killedBy: ['cs.unknown-evse-accepted'],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const unknown = Math.max(...profile.evses.map((e) => e.id)) + 7;
      await changeAvailability(ctx, false, 'Rejected', unknown);
    },
  });
}

/** G03: no transaction may start on an inoperative EVSE. */
export function noChargingWhileInoperativeCs(ocpp: OcppVersion, octt: string[]) {
  return testCase<CsTestCase>({
    useCase: 'G03', variant: 'no-new-transaction', ocpp, sut: 'CS', octt,
    title: 'No transaction starts on an inoperative EVSE when a cable is plugged in and a valid token presented',
    actions: ['plugIn', 'presentIdToken'],
    killedBy: ['cs.inoperative-allows-charging'],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      const sent = Date.now();
      await changeAvailability(ctx, false, 'Accepted', evseId);
      await expectConnectorsReport(ctx, [evseId], 'Unavailable', 'after ChangeAvailability Inoperative', sent);
      const mark = csms.received.length;
      await sut.act('plugIn', { evse: evseId });
      await sut.act('presentIdToken', { evse: evseId, idToken: profile.idTokens.valid });
      await expectNoCharging(ctx, evseId, `EVSE ${evseId} is inoperative`, mark);
    },
  });
}

/** G03/G04 with a transaction running: Scheduled, the transaction goes on, Unavailable follows its end. */
export function scheduledCs(ocpp: OcppVersion, scope: Scope, octt: string[]) {
  const useCase = useCaseOf(scope);
  return testCase<CsTestCase>({
    useCase, variant: variantOf(scope, 'scheduled'), ocpp, sut: 'CS', octt,
    title: `ChangeAvailability Inoperative for ${SCOPE_WORDS[scope]} during a transaction there is Scheduled; the transaction continues and Unavailable follows its end`,
    actions: ['plugIn', 'presentIdToken', 'unplug'],
    killedBy: useCase === 'G03'
      ? ['cs.availability-interrupts-transaction']
      : ['cs.availability-interrupts-transaction', 'cs.availability-station-wide-partial'],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      const { transactionId } = await startCharging(ctx, evseId);
      const sent = Date.now();
      await changeAvailability(ctx, false, 'Scheduled', ...targetOf(ctx, scope));
      // Idle EVSEs change at once on a station-wide request.
      const idle = useCase === 'G04' ? profile.evses.filter((e) => e.id !== evseId).map((e) => e.id) : [];
      if (idle.length) await expectConnectorsReport(ctx, idle, 'Unavailable', 'idle EVSEs after a station-wide Inoperative', sent);
      await expectNoTransactionEnd(ctx, 'a scheduled availability change must let the running transaction continue');
      const early = csms.received.find((c) => c.action === 'StatusNotification' && c.at >= sent
        && matchesConnector(ocpp, c, evseId) && statusOf(c) === 'Unavailable');
      if (early) throw new Verdict(`EVSE ${evseId} reported Unavailable while its transaction was still running`);
      const unplugged = Date.now();
      await sut.act('unplug', { evse: evseId });
      checkSameTransaction(await expectTransactionEnd(ctx), transactionId);
      // 1.6 may report the status before StopTransaction: order against the unplug, not the end message.
      await expectConnectorsReport(ctx, [evseId], 'Unavailable', 'once the transaction ended the scheduled change takes effect', unplugged);
    },
  });
}

/**
 * G03/G04: inoperative survives a reboot (2.0.1 G03.FR.08 / G04.FR.09; 1.6 persistent states). The reboot is an
 * OCPP Reset (2.0.1 Immediate, 1.6 Hard) of the idle station; after the new boot the affected connectors report
 * Unavailable and the others Available.
 */
export function persistsCs(ocpp: OcppVersion, scope: Scope, octt: string[]) {
  return testCase<CsTestCase>({
    useCase: useCaseOf(scope), variant: variantOf(scope, 'persists-reboot'), ocpp, sut: 'CS', octt,
    title: `Inoperative ${SCOPE_WORDS[scope]} stays Unavailable across a reboot (Reset ${ocpp === '1.6' ? 'Hard' : 'Immediate'}); the rest comes back Available`,
    killedBy: ['cs.reset-forgets-availability'],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const [evseId, connectorId] = targetOf(ctx, scope);
      const sent = Date.now();
      await changeAvailability(ctx, false, 'Accepted', evseId, connectorId);
      const down = evseId === undefined ? profile.evses.map((e) => e.id) : [evseId];
      await expectConnectorsReport(ctx, down, 'Unavailable', 'after ChangeAvailability Inoperative', sent);
      const before = csms.connectionCount;
      const reset = await csms.call('Reset', { type: ocpp === '1.6' ? 'Hard' : 'Immediate' });
      if (reset.status !== 'Accepted') throw new Verdict(`Reset of an idle station must be Accepted, got ${String(reset.status)}`);
      await csms.waitForConnection(profile.timing.bootTimeoutMs, before);
      const boot = await csms.expectCall('BootNotification', { after: sent, within: profile.timing.bootTimeoutMs });
      await expectConnectorsReport(ctx, down, 'Unavailable', 'after the reboot the inoperative connectors', boot);
      const up = profile.evses.map((e) => e.id).filter((id) => !down.includes(id));
      if (up.length) await expectConnectorsReport(ctx, up, 'Available', 'after the reboot the operative connectors', boot);
    },
  });
}

function matchesConnector(ocpp: OcppVersion, c: ReceivedCall, evseId: number): boolean {
  return Number(ocpp === '1.6' ? c.payload.connectorId : c.payload.evseId) === evseId;
}

/** G04: the whole station goes inoperative (every connector Unavailable) and operative again. */
export function stationInoperativeCs(ocpp: OcppVersion, octt: string[]) {
  return testCase<CsTestCase>({
    useCase: 'G04', variant: 'station-inoperative', ocpp, sut: 'CS', octt,
    title: `ChangeAvailability Inoperative for the whole station (${ocpp === '1.6' ? 'connectorId 0' : 'no evse'}): every connector reports Unavailable; Operative brings back Available`,
    killedBy: ['cs.availability-station-wide-partial', 'cs.availability-no-status'],
    async run(ctx) {
      const { csms, profile } = ctx;
      await csms.booted();
      const all = profile.evses.map((e) => e.id);
      const sent = Date.now();
      await changeAvailability(ctx, false, 'Accepted');
      const down = await expectConnectorsReport(ctx, all, 'Unavailable', 'after a station-wide ChangeAvailability Inoperative', sent);
      await changeAvailability(ctx, true, 'Accepted');
      await expectConnectorsReport(ctx, all, 'Available', 'after a station-wide ChangeAvailability Operative', down);
    },
  });
}

/** G05: the connector lock fails as charging is about to start: reported, and no charging. */
export function lockFailureCs(ocpp: OcppVersion, octt: string[]) {
  return testCase<CsTestCase>({
    useCase: 'G05', ocpp, sut: 'CS', octt,
    title: ocpp === '1.6'
      ? 'Connector lock failure after authorization: StatusNotification Faulted with errorCode ConnectorLockFailure, no transaction'
      : 'Connector lock failure after authorization: NotifyEvent ConnectorPlugRetentionLock Problem true, no energy transfer',
    actions: ['presentIdToken', 'lockFailure'],
    killedBy: ['cs.lock-failure-unreported', 'cs.lock-failure-charges'],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      await sut.act('presentIdToken', { evse: evseId, idToken: profile.idTokens.valid });
      await csms.expectCall('Authorize');
      if (ocpp === '1.6') await csms.expectCall('StatusNotification', { where: connectorWhere(ocpp, evseId, 1, 'Preparing') });
      const at = Date.now();
      const mark = csms.received.length;
      await sut.act('lockFailure', { evse: evseId });
      if (ocpp === '1.6') {
        const report = await csms.expectCall('StatusNotification', { where: { connectorId: evseId, errorCode: 'ConnectorLockFailure' }, after: at })
          .catch(() => { throw new Verdict(`no StatusNotification with errorCode ConnectorLockFailure for connector ${evseId} after the lock failed`); });
        if (report.payload.status !== 'Faulted') throw new Verdict(`a connector lock failure must be reported with status Faulted, got ${String(report.payload.status)}`);
      } else {
        await csms.expectCall('NotifyEvent', {
          after: at,
          where: (p: Payload) => ((p.eventData as Payload[] | undefined) ?? []).some((e) => {
            const component = e.component as Payload | undefined;
            const variable = e.variable as Payload | undefined;
            return component?.name === 'ConnectorPlugRetentionLock' && variable?.name === 'Problem'
              && e.trigger === 'Delta' && String(e.actualValue).toLowerCase() === 'true';
          }),
        }).catch(() => { throw new Verdict('no NotifyEvent for component ConnectorPlugRetentionLock, variable Problem, actualValue true (trigger Delta) after the lock failed'); });
      }
      // 2.0.1 may already run a transaction since the authorization (TxStartPoint); energy must not flow.
      await expectNoCharging(ctx, evseId, 'the connector lock failed', mark, false);
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

/** F05: unlocking a connector without a transaction succeeds. */
export function unlockCs(ocpp: OcppVersion, octt: string[]) {
  return testCase<CsTestCase>({
    useCase: 'F05', variant: 'unlocked', ocpp, sut: 'CS', octt,
    title: 'UnlockConnector without a transaction (and no cable) is answered Unlocked',
    killedBy: ['cs.unlock-always-fails'],
    async run(ctx) {
      await ctx.csms.booted();
      await unlock(ctx, 'Unlocked', ctx.profile.evses[0]!.id);
    },
  });
}

/** F05: a stuck lock is reported as UnlockFailed. */
export function unlockFailedCs(ocpp: OcppVersion, octt: string[]) {
  return testCase<CsTestCase>({
    useCase: 'F05', variant: 'unlock-failed', ocpp, sut: 'CS', octt,
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

/** F05: a connector the station does not have (1.6 NotSupported, 2.0.1 UnknownConnector). */
export function unlockUnknownCs(ocpp: OcppVersion, octt: string[]) {
  const expected = ocpp === '1.6' ? 'NotSupported' : 'UnknownConnector';
  return testCase<CsTestCase>({
    useCase: 'F05', variant: 'unknown-connector', ocpp, sut: 'CS', octt,
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
 * F05 during a transaction. 2.0.1: OngoingAuthorizedTransaction and the transaction goes on (F05.FR.02).
 * 1.6: Unlocked, and the transaction ends with reason UnlockCommand.
 */
export function unlockDuringTransactionCs(ocpp: OcppVersion, octt: string[]) {
  return testCase<CsTestCase>({
    useCase: 'F05', variant: 'ongoing-transaction', ocpp, sut: 'CS', octt,
    title: ocpp === '1.6'
      ? 'UnlockConnector during a transaction: Unlocked, and StopTransaction with reason UnlockCommand follows'
      : 'UnlockConnector during an authorized transaction is answered OngoingAuthorizedTransaction and the transaction continues',
    actions: ['plugIn', 'presentIdToken', 'unplug'],
    killedBy: ['cs.unlock-during-transaction'],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      const { transactionId } = await startCharging(ctx, evseId);
      if (ocpp !== '1.6') {
        await unlock(ctx, 'OngoingAuthorizedTransaction', evseId);
        await expectNoTransactionEnd(ctx, 'an UnlockConnector refused for an ongoing transaction must not end it');
        return;
      }
      const sent = Date.now();
      await unlock(ctx, 'Unlocked', evseId);
      const stop = await csms.expectCall('StopTransaction', { after: sent })
        .catch(() => { throw new Verdict('after UnlockConnector on a connector in a transaction, no StopTransaction came'); });
      checkSameTransaction(stop, transactionId);
      if (stop.payload.reason !== 'UnlockCommand') throw new Verdict(`the transaction ended by UnlockConnector must have reason UnlockCommand, got ${String(stop.payload.reason)}`);
      await sut.act('unplug', { evse: evseId });
      await csms.expectCall('StatusNotification', { where: connectorWhere(ocpp, evseId, 1, 'Available'), after: stop })
        .catch(() => { throw new Verdict(`after the cable was unplugged connector ${evseId} must report Available`); });
    },
  });
}

// ---------------------------------------------------------------- SUT = CSMS

function checkChangeRequest(ocpp: OcppVersion, call: ReceivedCall, operative: boolean, evseId?: number, connectorId?: number): void {
  const p = call.payload;
  const asked = `${operative ? 'Operative' : 'Inoperative'} for ${evseId === undefined ? 'the whole station' : `EVSE ${evseId}${connectorId === undefined ? '' : ` connector ${connectorId}`}`}`;
  if (ocpp === '1.6') {
    const type = operative ? 'Operative' : 'Inoperative';
    if (p.type !== type || Number(p.connectorId) !== (evseId ?? 0)) {
      throw new Verdict(`the operator asked ${asked}; the CSMS sent ChangeAvailability ${JSON.stringify(p)} (expected connectorId ${evseId ?? 0}, type ${type})`);
    }
    return;
  }
  const evse = p.evse as Payload | undefined;
  const statusOk = p.operationalStatus === (operative ? 'Operative' : 'Inoperative');
  const evseOk = evseId === undefined
    ? (evse === undefined || (Number(evse.id) === 0 && evse.connectorId === undefined))
    : (evse !== undefined && Number(evse.id) === evseId && (connectorId === undefined ? evse.connectorId === undefined : Number(evse.connectorId) === connectorId));
  if (!statusOk || !evseOk) throw new Verdict(`the operator asked ${asked}; the CSMS sent ChangeAvailability ${JSON.stringify(p)}`);
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

async function reportStatus(ctx: CsmsContext, evseIds: number[], status: string) {
  const { station, profile } = ctx;
  for (const evseId of evseIds) {
    const evse = profile.evses.find((e) => e.id === evseId)!;
    for (let c = 1; c <= evse.connectors; c++) await station.call('StatusNotification', station.statusPayload(evseId, c, status));
  }
}

/** G03/G04 CSMS: the operator's change goes out as asked; the station's Unavailable/Available reports are accepted. */
export function changeAvailabilityCsms(ocpp: OcppVersion, o: { useCase: 'G03' | 'G04'; variant: string; connector?: boolean; octt: string[]; killedBy: string[] }) {
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
      if (connectorId) await station.call('StatusNotification', station.statusPayload(evseId!, connectorId, 'Unavailable'));
      else await reportStatus(ctx, affected, 'Unavailable');
      await operatorChange(ctx, 'Accepted', true, evseId, connectorId);
      if (connectorId) await station.call('StatusNotification', station.statusPayload(evseId!, connectorId, 'Available'));
      else await reportStatus(ctx, affected, 'Available');
    },
  });
}

/** Station-side transaction messages, to put the CSMS in the "Charging" state. */
async function chargeOnStation(ctx: CsmsContext, evseId: number): Promise<() => Promise<void>> {
  const { station, profile } = ctx;
  const now = () => new Date().toISOString();
  if (ocppOf(ctx) === '1.6') {
    await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Preparing'));
    const answer = await station.call('StartTransaction', { connectorId: evseId, idTag: profile.idTokens.valid, meterStart: 0, timestamp: now() });
    await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Charging'));
    return async () => {
      await station.call('StopTransaction', { transactionId: Number(answer.transactionId), meterStop: 500, timestamp: now(), reason: 'EVDisconnected', idTag: profile.idTokens.valid });
    };
  }
  const transactionId = `avail-${Date.now()}`;
  await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Occupied'));
  await station.call('TransactionEvent', {
    eventType: 'Started', timestamp: now(), triggerReason: 'Authorized', seqNo: 0,
    transactionInfo: { transactionId, chargingState: 'Charging' }, evse: { id: evseId, connectorId: 1 },
    idToken: { idToken: profile.idTokens.valid, type: profile.idTokens.type ?? 'ISO14443' },
  });
  return async () => {
    await station.call('TransactionEvent', {
      eventType: 'Ended', timestamp: now(), triggerReason: 'EVCommunicationLost', seqNo: 1,
      transactionInfo: { transactionId, chargingState: 'Idle', stoppedReason: 'EVDisconnected' },
    });
  };
}

const ocppOf = (ctx: CsmsContext) => ctx.profile.ocpp;

/**
 * G03/G04 CSMS: the station answers Scheduled during a transaction; the CSMS takes the transaction end and the
 * Unavailable report after it (2.0.1: as StatusNotification and as NotifyEvent AvailabilityState).
 */
export function scheduledCsms(ocpp: OcppVersion, scope: Scope, octt: string[]) {
  return testCase<CsmsTestCase>({
    useCase: useCaseOf(scope), variant: variantOf(scope, 'scheduled'), ocpp, sut: 'CSMS', octt,
    title: `ChangeAvailability for ${SCOPE_WORDS[scope]} during a transaction answered Scheduled: the CSMS accepts the transaction end and the Unavailable report that follow`,
    actions: ['changeAvailability'],
    killedBy: [
      ...(scope === 'station' && ocpp !== '1.6' ? [] : ['csms.change-availability-wrong-evse']),
      'csms.change-availability-inverted', 'csms.status-callerror', ...(ocpp === '1.6' ? [] : ['csms.notify-event-callerror']),
    ],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const evseId = profile.evses[0]!.id;
      const end = await chargeOnStation(ctx, evseId);
      await operatorChange(ctx, 'Scheduled', false, ...targetOf(ctx, scope));
      await end();
      await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Unavailable'));
      if (ocpp === '1.6') return;
      const now = new Date().toISOString();
      await station.call('NotifyEvent', {
        generatedAt: now, seqNo: 0, tbc: false,
        eventData: [{
          eventId: 2, timestamp: now, trigger: 'Delta', actualValue: 'Unavailable', eventNotificationType: 'HardWiredNotification',
          component: { name: 'Connector', evse: { id: evseId, connectorId: 1 } }, variable: { name: 'AvailabilityState' },
        }],
      });
    },
  });
}

/** G03 CSMS: a Rejected change (unknown EVSE) leaves the CSMS working. */
export function rejectedCsms(ocpp: OcppVersion, octt: string[]) {
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

/** G05 CSMS: the station's lock failure report is accepted. */
export function lockFailureCsms(ocpp: OcppVersion, octt: string[]) {
  return testCase<CsmsTestCase>({
    useCase: 'G05', ocpp, sut: 'CSMS', octt,
    title: ocpp === '1.6'
      ? 'The CSMS accepts StatusNotification Faulted with errorCode ConnectorLockFailure after Preparing'
      : 'The CSMS accepts a NotifyEvent reporting a ConnectorPlugRetentionLock problem',
    killedBy: ocpp === '1.6' ? ['csms.status-callerror'] : ['csms.notify-event-callerror'],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const evseId = profile.evses[0]!.id;
      if (ocpp === '1.6') {
        await station.call('StatusNotification', station.statusPayload(evseId, 1, 'Preparing'));
        await station.call('StatusNotification', { ...station.statusPayload(evseId, 1, 'Faulted'), errorCode: 'ConnectorLockFailure' });
        return;
      }
      const now = new Date().toISOString();
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

/** F05 CSMS: the operator's unlock goes out for the chosen connector; the station's answer is taken as given. */
export function unlockCsms(ocpp: OcppVersion, o: { variant: string; answer: string; octt: string[] }) {
  return testCase<CsmsTestCase>({
    useCase: 'F05', variant: o.variant, ocpp, sut: 'CSMS', octt: o.octt,
    title: `The operator unlocks a connector: UnlockConnector names it, and the answer ${o.answer} is handled`,
    actions: ['unlockConnector'],
    killedBy: ['csms.unlock-wrong-connector'],
    async run(ctx) {
      const { station, sut, profile } = ctx;
      await station.booted();
      const evseId = profile.evses[0]!.id;
      station.answer('UnlockConnector', { status: o.answer });
      await sut.act('unlockConnector', { evseId, connectorId: 1 });
      const call = await station.expectCall('UnlockConnector');
      const p = call.payload;
      const ok = ocpp === '1.6' ? Number(p.connectorId) === evseId : Number(p.evseId) === evseId && Number(p.connectorId) === 1;
      if (!ok) throw new Verdict(`the operator asked to unlock ${ocpp === '1.6' ? `connector ${evseId}` : `EVSE ${evseId} connector 1`}; the CSMS sent UnlockConnector ${JSON.stringify(p)}`);
      await station.call('Heartbeat', {});
    },
  });
}
