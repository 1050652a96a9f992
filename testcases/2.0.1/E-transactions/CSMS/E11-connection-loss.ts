// E11/E12 with the CSMS as SUT, beyond the documents: the connection drops while charging and the transaction
// ends while the station is offline; after the reconnect the queued events arrive in order (offline true, the times
// they happened). The CSMS must take them so that its view stays right: the same token then starts a new
// transaction and is accepted, not refused as if the old one still ran.
import { testCase, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { reportConnector, requireTokenStatus, runningSession, SimSession } from '../../../shared/tx-csms-steps.js';

export const lateEnd = testCase<CsmsTestCase>({
  useCase: 'E11', variant: 'late-end', ocpp: '2.0.1', sut: 'CSMS', octt: [],
  title: 'The transaction ends while the station is offline; the queued events (offline, in order) are answered and the token\'s next transaction is Accepted, not ConcurrentTx',
  killedBy: ['csms.ignores-late-end', 'csms.rejects-offline-queued'],
  async run({ station, profile }) {
    await station.booted();
    const s = await runningSession(station);
    await station.goOffline();
    await station.backOnline();
    await s.event({ eventType: 'Updated', trigger: 'StopAuthorized', token: 'valid', offline: true, agoMs: 4_000 });
    await s.event({ eventType: 'Updated', trigger: 'ChargingStateChanged', chargingState: 'EVConnected', offline: true, agoMs: 3_000 });
    await s.event({ eventType: 'Ended', trigger: 'EVCommunicationLost', chargingState: 'Idle', stoppedReason: 'EVDisconnected', offline: true, agoMs: 2_000 });
    await reportConnector(station, s.evseId, 'Available');
    const next = new SimSession(station, profile.evses[0]!.id);
    const answer = await next.event({ eventType: 'Started', trigger: 'Authorized', token: 'valid', evse: true });
    requireTokenStatus(answer, ['Accepted'], 'a new transaction with the valid token after the queued end of its previous one (a CSMS that lost the late Ended still thinks it runs)');
  },
});
