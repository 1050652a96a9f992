import { full, testCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';

// The bare cold boot has no 1.6 test case of its own: TC_001_CS boots through a Rejected answer first (B03).
export const coldBootCs = testCase({
  useCase: 'B01', ocpp: '1.6', sut: 'CS', octt: [],
  title: 'Cold boot: BootNotification accepted, then every connector reports its status',
  killedBy: ['cs.no-status-after-boot'],
  async run({ csms }) {
    const boot = await csms.booted();
    if (boot.connection !== 1) throw new Verdict('the charge point must boot on its first connection');
  },
});

export const coldBootCsms = testCase({
  useCase: 'B01', ocpp: '1.6', sut: 'CSMS', octt: full('TC_001_CSMS'),
  title: 'Cold boot: the central system accepts a registered charge point with a usable heartbeat interval, its connector statuses (0 included) and heartbeats',
  killedBy: ['csms.boot-always-pending', 'csms.boot-zero-interval'],
  async run({ station }) {
    const answer = await station.booted();
    if (!(Number(answer.interval) > 0)) throw new Verdict(`an accepted boot needs a heartbeat interval > 0, got ${String(answer.interval)}`);
    // TC_001_CSMS reports connector 0 (the charge point as a whole) too, then heartbeats.
    await station.call('StatusNotification', station.statusPayload(0, 1, 'Available'));
    await station.call('Heartbeat', {});
  },
});
