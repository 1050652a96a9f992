// Steps shared by the boot test cases of both versions: BootNotification and its answer look the same in 1.6
// and 2.0.1 ({status, currentTime, interval}); only StatusNotification differs, and the harness knows how.
import { testCase, type CsContext, type CsmsContext, type CsTestCase, type CsmsTestCase } from '../../src/harness/test-case.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';

/** Answer the first BootNotification with `status`, later ones with Accepted; return both boots. */
export async function bootNotAcceptedThenAccepted({ csms, profile }: CsContext, status: 'Pending' | 'Rejected') {
  const retryS = profile.timing.retryIntervalS;
  let boots = 0;
  csms.answer('BootNotification', () => ({
    status: boots++ === 0 ? status : 'Accepted', currentTime: csms.now(),
    interval: boots === 1 ? retryS : profile.timing.heartbeatIntervalS,
  }));
  await csms.waitForConnection();
  const first = await csms.expectCall('BootNotification', { within: profile.timing.bootTimeoutMs });
  return { first, retryS };
}

/** The station retries its boot no earlier than the interval, and sends nothing else in between. */
export async function expectRetryAfterInterval({ csms, profile }: CsContext, first: ReceivedCall, retryS: number, status: string) {
  const second = await csms.expectCall('BootNotification', { after: first, within: retryS * 1000 + profile.timing.callTimeoutMs });
  const waited = second.at - first.at;
  if (waited < retryS * 1000 - profile.timing.toleranceMs) {
    throw new Verdict(`after ${status} the station must wait the interval (${retryS} s) before a new BootNotification; it waited ${waited} ms`);
  }
  // Arrival order, not timestamps: on loopback a reply can land within the same millisecond.
  const between = csms.received.slice(csms.received.indexOf(first) + 1, csms.received.indexOf(second))
    .filter((c) => c.action !== 'BootNotification');
  if (between.length) throw new Verdict(`while ${status} the station sent ${between.map((c) => c.action).join(', ')}; only BootNotification is allowed`);
  return second;
}

/** After acceptance every connector reports its status. */
export async function expectAllConnectorsReported({ csms, profile }: CsContext, after: ReceivedCall) {
  for (const evse of profile.evses) {
    for (let c = 1; c <= evse.connectors; c++) {
      const where = profile.ocpp === '1.6' ? { connectorId: evse.id } : { evseId: evse.id, connectorId: c };
      await csms.expectCall('StatusNotification', { where, after });
    }
  }
}

/** CSMS side: the operator arranges the next boot answer; the station's boot must get it, with a retry interval. */
export async function bootAnsweredWith({ station, sut }: CsmsContext, status: 'Pending' | 'Rejected') {
  await sut.act('setBootResponse', { status });
  await station.connect();
  const answer = await station.call('BootNotification', station.bootPayload());
  if (answer.status !== status) throw new Verdict(`the CSMS was set to answer ${status}, it answered ${String(answer.status)}`);
  if (!(Number(answer.interval) > 0)) throw new Verdict(`a ${status} boot needs a retry interval > 0, got ${String(answer.interval)}`);
  return answer;
}

/** CSMS side (2.0.1 B02.FR.09/B03.FR.07): requests of a station not accepted yet get CALLERROR SecurityError. */
export async function expectSecurityErrorBeforeAcceptance({ station }: CsmsContext, status: string) {
  const err = await station.callExpectingError('StatusNotification', station.statusPayload(1, 1, 'Available'));
  if (err.code !== 'SecurityError') throw new Verdict(`a ${status} station's StatusNotification must get SecurityError, got ${err.code}`);
}


/** B02 (Pending) or B03 (Rejected), charger side: no traffic but boots while not accepted, retry after the interval. */
export function notAcceptedBootCs(ocpp: OcppVersion, status: 'Pending' | 'Rejected', octt: string[]) {
  return testCase<CsTestCase>({
    useCase: status === 'Pending' ? 'B02' : 'B03', ocpp, sut: 'CS', octt,
    title: `Cold boot answered ${status}: silent until a retry after the interval, then connectors reported`,
    killedBy: [status === 'Pending' ? 'cs.sends-while-pending' : 'cs.sends-while-rejected', 'cs.no-boot-retry', 'cs.boot-retry-too-early'],
    async run(ctx) {
      const { first, retryS } = await bootNotAcceptedThenAccepted(ctx, status);
      const second = await expectRetryAfterInterval(ctx, first, retryS, status);
      await expectAllConnectorsReported(ctx, second);
    },
  });
}

/** B02/B03, CSMS side: the operator's choice is honoured, with a retry interval (and 2.0.1's SecurityError). */
export function notAcceptedBootCsms(ocpp: OcppVersion, status: 'Pending' | 'Rejected', octt: string[]) {
  return testCase<CsmsTestCase>({
    useCase: status === 'Pending' ? 'B02' : 'B03', ocpp, sut: 'CSMS', octt,
    title: ocpp === '2.0.1'
      ? `Boot answered ${status} as configured, with a retry interval; other requests meanwhile get SecurityError`
      : `Boot answered ${status} as configured, with a retry interval`,
    actions: ['setBootResponse'],
    killedBy: ocpp === '2.0.1' ? ['csms.ignores-boot-config', 'csms.accepts-before-boot'] : ['csms.ignores-boot-config'],
    async run(ctx) {
      await bootAnsweredWith(ctx, status);
      if (ocpp === '2.0.1') await expectSecurityErrorBeforeAcceptance(ctx, status);
    },
  });
}
