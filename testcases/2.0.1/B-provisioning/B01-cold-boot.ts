import { full, testCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import type { Payload } from '../../../src/ocpp/frames.js';

export const coldBootCs = testCase({
  useCase: 'B01', ocpp: '2.0.1', sut: 'CS', octt: full('TC_B_01_CS'),
  title: 'Cold boot: BootNotification accepted, every connector reports Available, the start-up is reported as a security event',
  killedBy: ['cs.no-status-after-boot', 'cs.no-startup-security-event', 'cs.availability-event-not-delta'],
  async run({ csms }) {
    const boot = await csms.booted();
    if (boot.connection !== 1) throw new Verdict('the station must boot on its first connection');
    // The Booted state takes a connector's NotifyEvent AvailabilityState as its report; the document asks trigger Delta.
    for (const call of csms.received.filter((c) => c.action === 'NotifyEvent')) {
      for (const e of (call.payload.eventData ?? []) as Payload[]) {
        if ((e.variable as Payload | undefined)?.name === 'AvailabilityState' && e.trigger !== 'Delta') {
          throw new Verdict(`a connector's start-up AvailabilityState event must have trigger Delta, got ${String(e.trigger)}`);
        }
      }
    }
  },
});

export const coldBootCsms = testCase({
  useCase: 'B01', ocpp: '2.0.1', sut: 'CSMS', octt: full('TC_B_01_CSMS'),
  title: 'Cold boot: the CSMS accepts a registered station with a usable heartbeat interval and its current time',
  killedBy: ['csms.boot-always-pending', 'csms.boot-zero-interval'],
  async run({ station }) {
    // booted(): status Accepted; currentTime is checked as a date-time by the response schema.
    const answer = await station.booted();
    if (!(Number(answer.interval) > 0)) throw new Verdict(`an accepted boot needs a heartbeat interval > 0, got ${String(answer.interval)}`);
  },
});
