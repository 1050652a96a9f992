// P02 Data transfer to the CSMS, and customData in what the station sends (CSMS as SUT).
import { testCase, full, type CsmsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { customData, unknownVendorDataTransfer } from '../../shared/data-transfer-steps.js';
import { newSimTx } from '../../shared/session-states.js';

const ocpp = '2.0.1';

export const unknownVendor = testCase<CsmsTestCase>({
  useCase: 'P02', variant: 'unknown-vendor', ocpp, sut: 'CSMS',
  octt: full('TC_P_02_CSMS'),
  title: 'DataTransfer of a vendor the CSMS does not implement is answered UnknownVendorId (UnknownMessageId, Rejected tolerated)',
  killedBy: ['csms.data-transfer-unknown-vendor-accepted', 'csms.data-transfer-not-supported'],
  async run({ station }) {
    await station.booted();
    await unknownVendorDataTransfer(station, ocpp, 'CSMS');
  },
});

export const customDataReceived = testCase<CsmsTestCase>({
  useCase: 'P02', variant: 'custom-data', ocpp, sut: 'CSMS',
  octt: full('TC_P_03_CSMS'),
  title: 'StatusNotification and TransactionEvent carrying customData (also in transactionInfo) are answered as without it',
  killedBy: ['csms.rejects-custom-data'],
  async run({ station, profile }) {
    await station.booted();
    const evseId = profile.evses[0]!.id;
    const fail = (what: string) => (err: Error) => { throw new Verdict(`a ${what} with customData must be answered as any other: ${err.message}`, 'OCPP 2.0.1 Part 4 (customData)'); };
    await station.call('StatusNotification', { ...station.statusPayload(evseId, 1, 'Available'), customData: customData('StatusNotificationRequest') })
      .catch(fail('StatusNotificationRequest'));
    const t = newSimTx(evseId);
    await station.call('TransactionEvent', {
      eventType: 'Started', timestamp: station.now(), triggerReason: 'CablePluggedIn', seqNo: t.seqNo++,
      transactionInfo: { transactionId: t.id, chargingState: 'EVConnected', customData: customData('transactionInfo') },
      evse: { id: evseId, connectorId: 1 }, customData: customData('TransactionEventRequest'),
    }).catch(fail('TransactionEventRequest'));
  },
});
