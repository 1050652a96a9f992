// E09 in 1.6 with the CSMS as SUT (TC_005_1_CSMS): while charging the cable comes out at the EV; the station
// (StopTransactionOnEVSideDisconnect and UnlockConnectorOnEVSideDisconnect true) suspends, stops the transaction
// with reason EVDisconnected, finishes and, once unplugged, is available. The CSMS answers each.
import { full, testCase, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { charging16, prior, reportConnector } from '../../../shared/tx-csms-steps.js';

export const evSideDisconnect = testCase<CsmsTestCase>({
  useCase: 'E09', ocpp: '1.6', sut: 'CSMS', octt: full('TC_005_1_CSMS'),
  title: 'EV-side disconnect while charging: SuspendedEV, StopTransaction with reason EVDisconnected, Finishing, Available; the CSMS answers each',
  killedBy: ['csms.stop-transaction-rejects-reason'],
  async run({ station, profile }) {
    await station.booted();
    const connectorId = profile.evses[0]!.id;
    let transactionId = 0;
    await prior(station, 'Charging', async () => { transactionId = await charging16(station, connectorId); });
    await reportConnector(station, connectorId, 'SuspendedEV');
    await station.call('StopTransaction', station.stopTransactionPayload(transactionId, 1_000, 'EVDisconnected'));
    await reportConnector(station, connectorId, 'Finishing');
    await reportConnector(station, connectorId, 'Available');
  },
});
