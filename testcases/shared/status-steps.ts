// G01 and G02 for both versions: the harness knows how each version words a connector status.
import { testCase, type CsTestCase, type CsmsTestCase } from '../../src/harness/test-case.js';
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

export function statusNotificationCs(ocpp: OcppVersion, octt: string[]) {
  return testCase<CsTestCase>({
    useCase: 'G01', ocpp, sut: 'CS', octt,
    title: 'Connector status follows the cable: Available, then occupied on plug-in, then Available on unplug',
    actions: ['plugIn', 'unplug'],
    killedBy: ['cs.invalid-status-payload', 'cs.status-stale-timestamp'],
    async run({ csms, sut, profile }) {
      await csms.booted();
      const evseId = profile.evses[0]!.id;
      const initial = csms.lastCall('StatusNotification', whereConnector(ocpp, evseId))!;
      checkTimestamp(initial, profile);
      if (statusOf(initial) !== 'Available') throw new Verdict(`an idle connector must report Available, got ${statusOf(initial)}`);
      await sut.act('plugIn', { evse: evseId });
      const plugged = await csms.expectCall('StatusNotification', { where: { ...whereConnector(ocpp, evseId), [ocpp === '1.6' ? 'status' : 'connectorStatus']: occupiedStatus(ocpp) }, after: initial });
      checkTimestamp(plugged, profile);
      await sut.act('unplug', { evse: evseId });
      const freed = await csms.expectCall('StatusNotification', { where: whereConnector(ocpp, evseId), after: plugged });
      // 1.6 may pass through Finishing before Available.
      const final = statusOf(freed) === 'Finishing'
        ? await csms.expectCall('StatusNotification', { where: { ...whereConnector(ocpp, evseId), status: 'Available' }, after: freed })
        : freed;
      if (statusOf(final) !== 'Available') throw new Verdict(`after unplugging the connector must become Available, got ${statusOf(final)}`);
    },
  });
}

const STATUSES: Record<OcppVersion, string[]> = {
  '1.6': ['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted'],
  '2.0.1': ['Available', 'Occupied', 'Reserved', 'Unavailable', 'Faulted'],
};

export function statusNotificationCsms(ocpp: OcppVersion, octt: string[]) {
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

export function heartbeatCs(ocpp: OcppVersion, octt: string[]) {
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

export function heartbeatCsms(ocpp: OcppVersion, octt: string[]) {
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
