import { testCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';

export const coldBootCs = testCase({
  useCase: 'B01', ocpp: '2.0.1', sut: 'CS', octt: ['TC_B_01_CS'],
  title: 'Cold boot: BootNotification accepted, then every connector reports its status',
  killedBy: ['cs.no-status-after-boot', 'cs.no-startup-security-event'],
  async run({ csms }) {
    const boot = await csms.booted();
    if (boot.connection !== 1) throw new Verdict('the station must boot on its first connection');
  },
});

export const coldBootCsms = testCase({
  useCase: 'B01', ocpp: '2.0.1', sut: 'CSMS', octt: ['TC_B_01_CSMS'],
  title: 'Cold boot: the CSMS accepts a registered station with a usable heartbeat interval',
  killedBy: ['csms.boot-always-pending', 'csms.boot-zero-interval'],
  async run({ station }) {
    const answer = await station.booted();
    if (!(Number(answer.interval) > 0)) throw new Verdict(`an accepted boot needs a heartbeat interval > 0, got ${String(answer.interval)}`);
  },
});
