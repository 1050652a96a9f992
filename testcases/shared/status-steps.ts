// G01 and G02 for both versions: the harness knows how each version words a connector status.
import { testCase, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { expectConnectorStatus, markOf, newSession, plugIn, readTxSettings } from './session-states.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import type { SutProfile } from '../../src/harness/config.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';

const occupiedStatus = (ocpp: OcppVersion) => (ocpp === '1.6' ? 'Preparing' : 'Occupied');
const statusOf = (c: ReceivedCall) => String(c.payload.connectorStatus ?? c.payload.status);
const whereConnector = (ocpp: OcppVersion, evseId: number) => (ocpp === '1.6' ? { connectorId: evseId } : { evseId, connectorId: 1 });

/** A status report must carry a timestamp close to now: a stale one misleads the CSMS's view of the charger. */
function checkTimestamp(call: ReceivedCall, profile: SutProfile): void {
  const stamped = Date.parse(String(call.payload.timestamp));
  const skew = Math.abs(stamped - call.at);
  if (!(skew <= profile.timing.toleranceMs + 1000)) {
    throw new Verdict(`StatusNotification timestamp ${String(call.payload.timestamp)} is ${skew} ms away from its arrival`);
  }
}

/**
 * G01 (TC_G_01_CS, TC_G_02_CS): the connector's status follows the cable. 2.0.1: the reusable state
 * EVConnectedPreSession (Occupied, and the TransactionEvent of the cable where it begins one), then unplugged,
 * Available; either as StatusNotification or NotifyEvent AvailabilityState. 1.6: Preparing, then Available
 * (possibly through Finishing).
 */
export function statusNotificationCs(ocpp: OcppVersion, octt: readonly OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'G01', ocpp, sut: 'CS', octt,
    title: 'Connector status follows the cable: Available, then occupied on plug-in, then Available on unplug',
    actions: ['plugIn', 'unplug'],
    killedBy: ['cs.invalid-status-payload', 'cs.status-stale-timestamp', ...(ocpp === '1.6' ? [] : ['cs.tx-cable-event-no-evse'])],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      const initial = csms.lastCall('StatusNotification', whereConnector(ocpp, evseId));
      if (initial) {
        checkTimestamp(initial, profile);
        if (statusOf(initial) !== 'Available') throw new Verdict(`an idle connector must report Available, got ${statusOf(initial)}`);
      }
      let plugged: ReceivedCall;
      if (ocpp === '1.6') {
        const since = markOf(csms);
        await sut.act('plugIn', { evse: evseId });
        plugged = await expectConnectorStatus(csms, evseId, 1, occupiedStatus(ocpp), since, 'after the cable was plugged in');
      } else {
        const s = newSession(csms, evseId, await readTxSettings(csms, ocpp));
        await plugIn(ctx, s, 'preSession');
        plugged = markOf(csms)!;
      }
      const occupiedReport = csms.lastCall('StatusNotification', whereConnector(ocpp, evseId));
      if (occupiedReport && occupiedReport !== initial) checkTimestamp(occupiedReport, profile);
      await sut.act('unplug', { evse: evseId });
      // 1.6 may pass through Finishing before Available.
      const freed = await expectConnectorStatus(csms, evseId, 1, 'Available', plugged, 'after the cable was unplugged', { passing: ocpp === '1.6' ? ['Finishing'] : [] });
      if (freed.action === 'StatusNotification') checkTimestamp(freed, profile);
    },
  });
}

const STATUSES: Record<OcppVersion, string[]> = {
  '1.6': ['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted'],
  '2.0.1': ['Available', 'Occupied', 'Reserved', 'Unavailable', 'Faulted'],
};

export function statusNotificationCsms(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'G01', ocpp, sut: 'CSMS', octt,
    title: 'The CSMS accepts a StatusNotification for every connector status the version defines',
    killedBy: ['csms.status-callerror'],
    async run({ station, profile }) {
      await station.booted();
      const evseId = profile.evses[0]!.id;
      for (const status of STATUSES[ocpp]) {
        const payload = station.statusPayload(evseId, 1, status);
        if (ocpp === '1.6' && status === 'Faulted') payload.errorCode = 'GroundFailure';
        await station.call('StatusNotification', payload);
      }
    },
  });
}

export function heartbeatCs(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'G02', ocpp, sut: 'CS', octt,
    title: 'Heartbeats come at the interval the CSMS set in the boot answer',
    killedBy: ['cs.no-heartbeat', 'cs.heartbeat-ignores-interval'],
    async run({ csms, profile }) {
      const intervalMs = profile.timing.heartbeatIntervalS * 1000;
      const slack = profile.timing.toleranceMs;
      const boot = await csms.booted();
      const first = await csms.expectCall('Heartbeat', { after: boot, within: intervalMs * 2 + slack });
      const second = await csms.expectCall('Heartbeat', { after: first, within: intervalMs + slack });
      const gap = second.at - first.at;
      if (gap < intervalMs - slack) throw new Verdict(`heartbeats ${gap} ms apart, the interval is ${intervalMs} ms`);
    },
  });
}

export function heartbeatCsms(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'G02', ocpp, sut: 'CSMS', octt,
    title: 'The CSMS answers Heartbeat with its current time',
    killedBy: ['csms.heartbeat-stale-time'],
    async run({ station, profile }) {
      await station.booted();
      const sent = Date.now();
      const answer = await station.call('Heartbeat', {});
      const skew = Math.abs(Date.parse(String(answer.currentTime)) - sent);
      if (!(skew <= profile.timing.toleranceMs + 60_000)) throw new Verdict(`Heartbeat currentTime ${String(answer.currentTime)} is ${Math.round(skew / 1000)} s off`);
    },
  });
}
