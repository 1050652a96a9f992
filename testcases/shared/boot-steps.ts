// Steps shared by the boot test cases of both versions: BootNotification and its answer look the same in 1.6
// and 2.0.1 ({status, currentTime, interval}); only the connector reports differ, and the helpers here know how.
import { testCase, partial, type CsContext, type CsmsContext, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import { requestReport } from './report-steps.js';

/** The AvailabilityState events of a 2.0.1 NotifyEvent for one connector. */
function availabilityEvents(call: ReceivedCall, evseId: number, connectorId: number): Payload[] {
  return ((call.payload.eventData as Payload[] | undefined) ?? []).filter((e) => {
    const component = e.component as { name?: string; evse?: { id?: number; connectorId?: number } } | undefined;
    return component?.name === 'Connector' && component.evse?.id === evseId && component.evse.connectorId === connectorId
      && (e.variable as { name?: string } | undefined)?.name === 'AvailabilityState';
  });
}

/**
 * Every connector reports its state after `after` (a boot), with a status `statusFor` allows: 1.6 StatusNotification
 * per connector; 2.0.1 StatusNotification or NotifyEvent AvailabilityState (trigger Delta), as the official tests
 * accept either.
 */
export async function expectConnectorReports(csms: CsmsHarness, after: ReceivedCall, statusFor: (evseId: number) => string[]): Promise<void> {
  const { profile } = csms;
  for (const evse of profile.evses) {
    for (let c = 1; c <= evse.connectors; c++) {
      const allowed = statusFor(evse.id);
      if (profile.ocpp === '1.6') {
        const sn = await csms.expectCall('StatusNotification', { where: { connectorId: evse.id }, after });
        if (!allowed.includes(String(sn.payload.status))) throw new Verdict(`connector ${evse.id} must report ${allowed.join(' or ')}, it reported ${String(sn.payload.status)}`);
        continue;
      }
      const isStatus = (x: ReceivedCall) => x.action === 'StatusNotification' && x.payload.evseId === evse.id && x.payload.connectorId === c;
      const isEvent = (x: ReceivedCall) => x.action === 'NotifyEvent' && availabilityEvents(x, evse.id, c).length > 0;
      const report = await csms.firstUnwanted((x) => (isStatus(x) || isEvent(x)) && x !== after, profile.timing.callTimeoutMs, after);
      if (!report) throw new Verdict(`EVSE ${evse.id} connector ${c} was not reported (StatusNotification or NotifyEvent AvailabilityState) within ${profile.timing.callTimeoutMs} ms`, 'B01.FR.05');
      let status: unknown;
      if (isStatus(report)) {
        status = report.payload.connectorStatus;
        // Consume it, as expectCall would, so later expectations look past it.
        await csms.expectCall('StatusNotification', { where: { evseId: evse.id, connectorId: c }, after });
      } else {
        const event = availabilityEvents(report, evse.id, c)[0]!;
        if (event.trigger !== 'Delta') throw new Verdict(`NotifyEvent AvailabilityState of EVSE ${evse.id} connector ${c} must have trigger Delta, got ${String(event.trigger)}`);
        status = event.actualValue;
      }
      if (!allowed.includes(String(status))) throw new Verdict(`EVSE ${evse.id} connector ${c} must report ${allowed.join(' or ')}, it reported ${String(status)}`);
    }
  }
}

/** No CALL but BootNotification between two boots (B02/B03: a station not accepted yet stays silent). */
function expectSilentBetween(csms: CsmsHarness, first: ReceivedCall, second: ReceivedCall, status: string): void {
  // Arrival order, not timestamps: on loopback a reply can land within the same millisecond.
  // A report the CSMS asked for while Pending (GetBaseReport, TC_B_02_CS steps 7-10) is allowed.
  const between = csms.received.slice(csms.received.indexOf(first) + 1, csms.received.indexOf(second))
    .filter((c) => c.action !== 'BootNotification' && !(status === 'Pending' && c.action === 'NotifyReport'));
  if (between.length) {
    throw new Verdict(`while ${status} the station sent ${between.map((c) => c.action).join(', ')}; only BootNotification is allowed`, status === 'Pending' ? 'B02.FR.02' : 'B03.FR.02');
  }
}

/** The station repeats its boot no earlier than the interval (it may reconnect meanwhile), and sends nothing else. */
async function expectRetryAfterInterval({ csms, profile }: CsContext, first: ReceivedCall, intervalS: number, status: string): Promise<ReceivedCall> {
  const second = await csms.expectCall('BootNotification', { after: first, within: intervalS * 1000 + profile.timing.bootTimeoutMs })
    .catch((err: Error) => { throw new Verdict(`after ${status} the station must send BootNotification again once the interval (${intervalS} s) has passed: ${err.message}`); });
  const waited = second.at - first.at;
  if (waited < intervalS * 1000 - profile.timing.toleranceMs) {
    throw new Verdict(`after ${status} the station must wait the interval (${intervalS} s) before a new BootNotification; it waited ${waited} ms`);
  }
  expectSilentBetween(csms, first, second, status);
  return second;
}

/** Answer the first BootNotification with `status` and `intervalS`, later ones Accepted with the heartbeat interval. */
async function firstBootAnswered({ csms, profile }: CsContext, status: 'Pending' | 'Rejected', intervalS: number): Promise<ReceivedCall> {
  let boots = 0;
  csms.answer('BootNotification', () => (boots++ === 0
    ? { status, currentTime: csms.now(), interval: intervalS }
    : { status: 'Accepted', currentTime: csms.now(), interval: profile.timing.heartbeatIntervalS }));
  await csms.waitForConnection();
  return csms.expectCall('BootNotification', { within: profile.timing.bootTimeoutMs });
}

/** 1.6: heartbeats every `intervalS` seconds once accepted (TC_001_CS/TC_002_CS steps 7/11). */
async function expectHeartbeats({ csms, profile }: CsContext, after: ReceivedCall): Promise<void> {
  const intervalMs = profile.timing.heartbeatIntervalS * 1000;
  const slack = profile.timing.toleranceMs;
  const first = await csms.expectCall('Heartbeat', { after, within: intervalMs + profile.timing.callTimeoutMs })
    .catch((err: Error) => { throw new Verdict(`an accepted charge point must send Heartbeat every ${profile.timing.heartbeatIntervalS} s (the interval of its BootNotification.conf): ${err.message}`); });
  const second = await csms.expectCall('Heartbeat', { after: first, within: intervalMs + slack })
    .catch(() => { throw new Verdict(`the next Heartbeat must follow within the interval (${profile.timing.heartbeatIntervalS} s); none came within ${intervalMs + slack} ms`); });
  if (second.at - first.at < intervalMs - slack) throw new Verdict(`heartbeats came ${second.at - first.at} ms apart, the interval is ${profile.timing.heartbeatIntervalS} s`);
}

/**
 * B03 (both versions) charger side: Rejected, silent until the retry after the interval (the connection may close
 * meanwhile), then Accepted and every connector reported Available; 1.6 also heartbeats at the new interval.
 */
export function rejectedBootCs(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B03', ocpp, sut: 'CS', octt,
    title: ocpp === '1.6'
      ? 'Cold boot answered Rejected: silent until a retry after the interval, then Accepted: connectors Available and heartbeats at the interval'
      : 'Cold boot answered Rejected: silent until a retry after the interval, then Accepted: every connector reported Available',
    killedBy: [
      'cs.sends-while-rejected', 'cs.no-boot-retry', 'cs.boot-retry-too-early', 'cs.no-status-after-boot',
      ...(ocpp === '1.6' ? ['cs.no-heartbeat', 'cs.heartbeat-ignores-interval'] : ['cs.availability-event-not-delta']),
    ],
    async run(ctx) {
      const intervalS = ctx.profile.timing.retryIntervalS;
      const first = await firstBootAnswered(ctx, 'Rejected', intervalS);
      const second = await expectRetryAfterInterval(ctx, first, intervalS, 'Rejected');
      await expectConnectorReports(ctx.csms, second, () => ['Available']);
      if (ocpp === '1.6') await expectHeartbeats(ctx, second);
    },
  });
}

/**
 * 1.6 B02 charger side (TC_002_CS): Pending; meanwhile the CSMS reads the whole configuration and sets
 * MeterValueSampleInterval; the charge point answers, sends nothing itself, retries after the interval, then
 * reports its connectors and heartbeats.
 */
export function pendingBootCs16(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B02', ocpp: '1.6', sut: 'CS', octt,
    title: 'Cold boot answered Pending: GetConfiguration and ChangeConfiguration answered, silent until a retry after the interval, then connectors Available and heartbeats',
    killedBy: ['cs.sends-while-pending', 'cs.no-boot-retry', 'cs.boot-retry-too-early', 'cs.setvariables-ignores-value', 'cs.no-heartbeat'],
    async run(ctx) {
      const { csms, profile } = ctx;
      // Long enough for the two requests below to fit inside the Pending period.
      const intervalS = Math.max(profile.timing.retryIntervalS, 2);
      const first = await firstBootAnswered(ctx, 'Pending', intervalS);
      await csms.call('GetConfiguration', {});
      const wanted = '30';
      const changed = await csms.call('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: wanted });
      if (changed.status !== 'Accepted') throw new Verdict(`ChangeConfiguration MeterValueSampleInterval=${wanted} while Pending must be Accepted, got ${String(changed.status)}`);
      const check = await csms.call('GetConfiguration', { key: ['MeterValueSampleInterval'] });
      const value = ((check.configurationKey ?? []) as Payload[]).find((k) => k.key === 'MeterValueSampleInterval')?.value;
      if (value !== wanted) throw new Verdict(`MeterValueSampleInterval was set to ${wanted} (Accepted) while Pending but reads back as ${String(value)}`);
      const second = await expectRetryAfterInterval(ctx, first, intervalS, 'Pending');
      await expectConnectorReports(csms, second, () => ['Available']);
      await expectHeartbeats(ctx, second);
    },
  });
}

/**
 * 2.0.1 B02 charger side (TC_B_02_CS): Pending; meanwhile the CSMS sets and reads OfflineThreshold, a remote
 * start is Rejected and a triggered BootNotification is asked for; the next boot (reason Triggered when the
 * trigger was accepted, else after the interval) is Accepted and every connector reported Available.
 */
export function pendingBootCs201(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B02', ocpp: '2.0.1', sut: 'CS', octt,
    title: 'Cold boot answered Pending: SetVariables/GetVariables answered, remote start Rejected, triggered boot Accepted, connectors Available',
    killedBy: ['cs.sends-while-pending', 'cs.remote-start-while-pending', 'cs.no-status-after-boot', 'cs.report-seqno-gap'],
    async run(ctx) {
      const { csms, profile } = ctx;
      // Long enough for the requests below; a station that accepts the trigger boots again at once anyway.
      const intervalS = Math.max(profile.timing.heartbeatIntervalS, profile.timing.retryIntervalS * 5);
      const first = await firstBootAnswered(ctx, 'Pending', intervalS);
      const offline = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' } };
      const set = await csms.call('SetVariables', { setVariableData: [{ ...offline, attributeValue: '300' }] });
      const setStatus = (set.setVariableResult as Payload[] | undefined)?.[0]?.attributeStatus;
      if (setStatus !== 'Accepted') throw new Verdict(`SetVariables OCPPCommCtrlr.OfflineThreshold=300 while Pending must be Accepted, got ${String(setStatus)}`);
      const get = await csms.call('GetVariables', { getVariableData: [offline] });
      const getStatus = (get.getVariableResult as Payload[] | undefined)?.[0]?.attributeStatus;
      if (getStatus !== 'Accepted') throw new Verdict(`GetVariables OCPPCommCtrlr.OfflineThreshold while Pending must be Accepted, got ${String(getStatus)}`);
      // The CSMS may read the device model while Pending: a FullInventory report, received in full.
      await requestReport(csms, 'GetBaseReport', { reportBase: 'FullInventory' });
      const start = await csms.call('RequestStartTransaction', { idToken: { idToken: profile.idTokens.valid, type: profile.idTokens.type }, remoteStartId: 1 });
      if (start.status !== 'Rejected') throw new Verdict(`RequestStartTransaction while Pending must be Rejected, got ${String(start.status)}`);
      const trigger = await csms.call('TriggerMessage', { requestedMessage: 'BootNotification' });
      if (trigger.status !== 'Accepted' && trigger.status !== 'NotImplemented') throw new Verdict(`TriggerMessage BootNotification while Pending must be Accepted or NotImplemented, got ${String(trigger.status)}`);
      let second: ReceivedCall;
      if (trigger.status === 'Accepted') {
        second = await csms.expectCall('BootNotification', { after: first, within: profile.timing.callTimeoutMs });
        if (second.payload.reason !== 'Triggered') throw new Verdict(`the BootNotification sent for TriggerMessage must have reason Triggered, got ${String(second.payload.reason)}`);
        expectSilentBetween(csms, first, second, 'Pending');
      } else {
        second = await expectRetryAfterInterval(ctx, first, intervalS, 'Pending');
      }
      await expectConnectorReports(csms, second, () => ['Available']);
    },
  });
}

/** The CSMS's answer on a boot it was set to answer `status`; 0 as interval is allowed (the station then picks one). */
export async function bootAnsweredWith({ station, sut }: CsmsContext, status: 'Pending' | 'Rejected'): Promise<Payload> {
  await sut.act('setBootResponse', { status });
  await station.connect();
  const answer = await station.call('BootNotification', station.bootPayload());
  if (answer.status !== status) throw new Verdict(`the CSMS was set to answer ${status}, it answered ${String(answer.status)}`);
  return answer;
}

/** CSMS side (2.0.1 B02.FR.09/B03.FR.07): requests of a station not accepted yet get CALLERROR SecurityError. */
async function expectSecurityErrorBeforeAcceptance({ station }: CsmsContext, status: string): Promise<void> {
  const err = await station.callExpectingError('StatusNotification', station.statusPayload(1, 1, 'Available'));
  if (err.code !== 'SecurityError') throw new Verdict(`a ${status} station's StatusNotification must get SecurityError, got ${err.code}`, status === 'Pending' ? 'B02.FR.09' : 'B03.FR.07');
}

/** The harness station waits the interval the CSMS gave before it boots again, as a conformant station must. */
function waitInterval(answer: Payload, fallbackS: number): Promise<void> {
  const s = Number(answer.interval) > 0 ? Number(answer.interval) : fallbackS;
  return new Promise((resolve) => setTimeout(resolve, s * 1000));
}

/**
 * B02 (Pending) CSMS side: the operator has the next boot answered Pending (2.0.1: optional item C-44); a request
 * meanwhile gets SecurityError (2.0.1); after the interval the station boots again and is Accepted, then reports
 * its connectors.
 */
export function pendingBootCsms(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B02', ocpp, sut: 'CSMS', octt, exclusive: true, needs: ocpp === '2.0.1' ? ['C-44'] : undefined,
    title: ocpp === '2.0.1'
      ? 'Boot answered Pending as configured; a request meanwhile gets SecurityError; after the interval the next boot is Accepted'
      : 'Boot answered Pending as configured; after the interval the next boot is Accepted',
    actions: ['setBootResponse'],
    killedBy: ocpp === '2.0.1' ? ['csms.ignores-boot-config', 'csms.accepts-before-boot', 'csms.boot-always-pending'] : ['csms.ignores-boot-config', 'csms.boot-always-pending'],
    async run(ctx) {
      const { station, profile } = ctx;
      const answer = await bootAnsweredWith(ctx, 'Pending');
      if (ocpp === '2.0.1') await expectSecurityErrorBeforeAcceptance(ctx, 'Pending');
      await waitInterval(answer, profile.timing.heartbeatIntervalS);
      const again = await station.call('BootNotification', station.bootPayload());
      if (again.status !== 'Accepted') throw new Verdict(`the boot after the Pending interval must be Accepted, got ${String(again.status)}`);
      for (const evse of profile.evses) {
        for (let c = 1; c <= evse.connectors; c++) {
          await station.call('StatusNotification', station.statusPayload(evse.id, c, 'Available'));
          if (ocpp === '2.0.1') await station.call('NotifyEvent', station.availabilityEvent(evse.id, c, 'Available'));
        }
      }
    },
  });
}

/** B03 (Rejected) CSMS side: the operator has the next boot answered Rejected (2.0.1: AQ-1); a request then gets SecurityError (2.0.1). */
export function rejectedBootCsms(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B03', ocpp, sut: 'CSMS', octt, exclusive: true, needs: ocpp === '2.0.1' ? ['AQ-1'] : undefined,
    title: ocpp === '2.0.1'
      ? 'Boot answered Rejected as configured; a request meanwhile gets SecurityError'
      : 'Boot answered Rejected as configured',
    actions: ['setBootResponse'],
    killedBy: ocpp === '2.0.1' ? ['csms.ignores-boot-config', 'csms.accepts-before-boot'] : ['csms.ignores-boot-config'],
    async run(ctx) {
      await bootAnsweredWith(ctx, 'Rejected');
      if (ocpp === '2.0.1') await expectSecurityErrorBeforeAcceptance(ctx, 'Rejected');
    },
  });
}

/**
 * 2.0.1 B03 charger side (TC_B_30_CS): while Rejected the station answers a CSMS request with SecurityError. The
 * station may also close the connection while Rejected (B03): then no request can reach it and the check passes
 * without one; whichever comes first, the answer or the close, decides.
 */
export function rejectedAnswersSecurityErrorCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B03', variant: 'security-error', ocpp: '2.0.1', sut: 'CS', octt,
    title: 'While its boot is Rejected the station answers CSMS requests with SecurityError (or closes the connection)',
    killedBy: ['cs.answers-while-rejected'],
    async run({ csms, profile }) {
      // A retry interval far beyond the test, so the answer cannot come from an accepted station.
      csms.answer('BootNotification', () => ({ status: 'Rejected', currentTime: csms.now(), interval: Math.ceil(profile.timing.testTimeoutMs / 1000) * 2 }));
      await csms.waitForConnection();
      const boot = await csms.expectCall('BootNotification');
      if (!csms.connected || boot.connection !== csms.connectionCount) return; // closed already: allowed
      let code: string;
      try {
        code = (await csms.callExpectingError('GetBaseReport', { requestId: 1, reportBase: 'FullInventory' })).code;
      } catch (err) {
        if (!csms.connected) return; // the station closed the connection instead of answering: allowed while Rejected
        throw err;
      }
      if (code !== 'SecurityError') throw new Verdict(`a Rejected station must answer with SecurityError, got ${code}`, 'B03.FR.08');
    },
  });
}

/** A claim for a B03 test case whose document asks for connector 0 too, which 1.6 does not oblige a station to report. */
export const connectorZeroNote = (id: string, extra = ''): OcttClaim => partial(id,
  `the document also expects a StatusNotification for connectorId 0; OCPP 1.6 does not oblige a charge point to report connector 0, so it is not required${extra}`);
