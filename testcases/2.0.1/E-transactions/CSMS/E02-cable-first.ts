// E02 with the CSMS as SUT (TC_E_03_CSMS): the EV is plugged in before the driver identifies; the CSMS takes the
// transaction the cable started, accepts the token that follows and the energy transfer.
import { full, testCase, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { SimSession } from '../../../shared/tx-csms-steps.js';

export const cableFirst = testCase<CsmsTestCase>({
  useCase: 'E02', ocpp: '2.0.1', sut: 'CSMS', octt: full('TC_E_03_CSMS'),
  title: 'Cable first: EVConnectedPreSession, then Authorized (token accepted in Authorize and in the TransactionEvent), then EnergyTransferStarted',
  killedBy: ['csms.tx-event-requires-token-on-start', 'csms.tx-event-no-id-token-info'],
  async run({ station, profile }) {
    await station.booted();
    const s = new SimSession(station, profile.evses[0]!.id);
    await s.plugIn();
    await s.authorize();
    await s.energyTransferStarted();
  },
});
