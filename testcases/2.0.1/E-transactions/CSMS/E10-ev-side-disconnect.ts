// E10 with the CSMS as SUT (TC_E_26_CSMS): the cable comes out at the EV during a suspended transfer and the
// station keeps the transaction (suspends it); the cable goes back in and charging resumes in the same transaction.
import { full, testCase, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { prior, reportConnector, runningSession } from '../../../shared/tx-csms-steps.js';

export const suspendTransaction = testCase<CsmsTestCase>({
  useCase: 'E10', ocpp: '2.0.1', sut: 'CSMS', octt: full('TC_E_26_CSMS'),
  title: 'EV-side disconnect suspends the transaction (EVCommunicationLost, Idle; Available), the cable goes back in and charging resumes: the CSMS keeps taking its events',
  killedBy: ['csms.tx-ends-on-ev-communication-lost'],
  async run({ station }) {
    await station.booted();
    const s = await runningSession(station);
    await prior(station, 'EnergyTransferSuspended', () => s.energyTransferSuspended());
    await s.event({ eventType: 'Updated', trigger: 'EVCommunicationLost', chargingState: 'Idle' });
    await reportConnector(station, s.evseId, 'Available');
    await s.event({ eventType: 'Updated', trigger: 'CablePluggedIn', chargingState: 'EVConnected' });
    await s.event({ eventType: 'Updated', trigger: 'ChargingStateChanged', chargingState: 'Charging' });
  },
});
