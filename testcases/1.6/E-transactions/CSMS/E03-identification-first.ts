// E03 in 1.6 with the CSMS as SUT: the driver identifies first. TC_004_1_CSMS the reusable state Charging
// (Authorized, Preparing, StartTransaction, Charging); TC_004_2_CSMS no cable within the connection timeout
// (Preparing, then Available). Beyond the documents: the transactionIds the CSMS assigns are unique (three
// transactions one after the other on two connectors) and it takes the messages that name them.
import { Verdict } from '../../../../src/harness/peer.js';
import { Inconclusive } from '../../../../src/harness/verdicts.js';
import { full, testCase, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { authorized16, charging16, prior, reportConnector, requireTokenStatus, start16 } from '../../../shared/tx-csms-steps.js';

export const identificationFirst = testCase<CsmsTestCase>({
  useCase: 'E03', ocpp: '1.6', sut: 'CSMS', octt: full('TC_004_1_CSMS'),
  title: 'Identification first (reusable state Charging): Authorize Accepted, Preparing, StartTransaction Accepted with an integer transactionId, Charging',
  killedBy: ['csms.status-callerror'],
  async run({ station, profile }) {
    await station.booted();
    await charging16(station, profile.evses[0]!.id);
  },
});

export const connectionTimeout = testCase<CsmsTestCase>({
  useCase: 'E03', variant: 'timeout', ocpp: '1.6', sut: 'CSMS', octt: full('TC_004_2_CSMS'),
  title: 'Identification first, no cable within the connection timeout: Authorized, Preparing, then Available again; the CSMS answers each',
  killedBy: ['csms.status-callerror'],
  async run({ station, profile }) {
    await station.booted();
    const connectorId = profile.evses[0]!.id;
    await prior(station, 'Authorized', () => authorized16(station));
    await reportConnector(station, connectorId, 'Preparing');
    // Sent once the tool's own connection timeout has passed: the harness plays a station with a very short one.
    await reportConnector(station, connectorId, 'Available');
  },
});

export const uniqueTransactionIds = testCase<CsmsTestCase>({
  useCase: 'E03', variant: 'transaction-ids', ocpp: '1.6', sut: 'CSMS', octt: [],
  title: 'Each StartTransaction gets its own transactionId (three transactions one after the other, on two connectors); MeterValues and StopTransaction naming them are answered',
  killedBy: ['csms.tx-id-reused'],
  async run({ station, profile }) {
    await station.booted();
    const [a, b] = profile.evses.map((e) => e.id);
    if (b === undefined) throw new Inconclusive('this check needs a station with two connectors; the profile lists one');
    const idTag = profile.idTokens.valid;
    const seen: number[] = [];
    // One after the other: the same idTag in two transactions at once may be refused (ConcurrentTx).
    for (const connectorId of [a!, b, a!]) {
      const { transactionId, answer } = await start16(station, connectorId, idTag);
      requireTokenStatus(answer, ['Accepted'], 'StartTransaction with the valid idTag');
      if (seen.includes(transactionId)) throw new Verdict(`StartTransaction on connector ${connectorId} got transactionId ${transactionId}, already given to an earlier transaction (${seen.join(', ')}): each transaction needs its own`);
      seen.push(transactionId);
      const reading = station.meterValue({ timestamp: station.now(), context: 'Sample.Periodic', energyWh: 100 });
      await station.call('MeterValues', station.meterValuesPayload(connectorId, [reading], transactionId));
      await station.call('StopTransaction', station.stopTransactionPayload(transactionId, 500, 'Local', { idTag }));
    }
  },
});
