// E03 with the CSMS as SUT: the driver identifies before plugging in. TC_E_04_CSMS the regular flow (this use case
// owns the reusable states Authorized and EnergyTransferStarted of the CSMS test cases), TC_E_38_CSMS an EV that is
// not ready yet, TC_E_39_CSMS no cable within the connection timeout.
import { full, testCase, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { prior, SimSession } from '../../../shared/tx-csms-steps.js';

export const authorizationFirst = testCase<CsmsTestCase>({
  useCase: 'E03', ocpp: '2.0.1', sut: 'CSMS', octt: full('TC_E_04_CSMS'),
  title: 'Authorization first: Authorized (token accepted in Authorize and in the Started event), then the cable and energy (EnergyTransferStarted)',
  killedBy: ['csms.tx-event-no-id-token-info'],
  async run({ station, profile }) {
    await station.booted();
    const s = new SimSession(station, profile.evses[0]!.id);
    await s.authorize();
    await s.energyTransferStarted();
  },
});

export const evNotReady = testCase<CsmsTestCase>({
  useCase: 'E03', variant: 'ev-not-ready', ocpp: '2.0.1', sut: 'CSMS', octt: full('TC_E_38_CSMS'),
  title: 'Authorized, the cable goes in but the EV is not ready (ChargingStateChanged SuspendedEV): the CSMS answers it',
  killedBy: ['csms.tx-event-rejects-suspended'],
  async run({ station, profile }) {
    await station.booted();
    const s = new SimSession(station, profile.evses[0]!.id);
    await prior(station, 'Authorized', () => s.authorize());
    await s.plugIn();
    await s.event({ eventType: 'Updated', trigger: 'ChargingStateChanged', chargingState: 'SuspendedEV' });
  },
});

export const connectionTimeout = testCase<CsmsTestCase>({
  useCase: 'E03', variant: 'timeout', ocpp: '2.0.1', sut: 'CSMS', octt: full('TC_E_39_CSMS'),
  title: 'Authorized, no cable within the connection timeout: the CSMS takes the end (Ended, EVConnectTimeout, stoppedReason Timeout)',
  killedBy: ['csms.tx-event-rejects-rare-trigger', 'csms.tx-ended-requires-meter'],
  async run({ station, profile }) {
    await station.booted();
    const s = new SimSession(station, profile.evses[0]!.id);
    await prior(station, 'Authorized', () => s.authorize());
    // The document sends this once the tool's own configured EV connection timeout has passed: the harness plays
    // a station with a very short one and sends it at once.
    await s.event({ eventType: 'Ended', trigger: 'EVConnectTimeout', stoppedReason: 'Timeout' });
  },
});
