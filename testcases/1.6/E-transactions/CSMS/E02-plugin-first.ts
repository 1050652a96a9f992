// E02 in 1.6 with the CSMS as SUT (TC_003_CSMS): the cable goes in first (Preparing), then the driver identifies
// (Authorize), the transaction starts and the connector charges; the CSMS accepts the valid idTag twice.
import { full, testCase, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { authorized16, reportConnector, requireTokenStatus, start16 } from '../../../shared/tx-csms-steps.js';

export const pluginFirst = testCase<CsmsTestCase>({
  useCase: 'E02', ocpp: '1.6', sut: 'CSMS', octt: full('TC_003_CSMS'),
  title: 'Plug-in first: Preparing, Authorize and StartTransaction with the valid idTag (both Accepted), then Charging',
  killedBy: ['csms.status-callerror'],
  async run({ station, profile }) {
    await station.booted();
    const connectorId = profile.evses[0]!.id;
    await reportConnector(station, connectorId, 'Preparing');
    await authorized16(station);
    const { answer } = await start16(station, connectorId, profile.idTokens.valid);
    requireTokenStatus(answer, ['Accepted'], 'StartTransaction with the valid idTag');
    await reportConnector(station, connectorId, 'Charging');
  },
});
