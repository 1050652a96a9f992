// E01 with the CSMS as SUT: the station starts its transaction at each of the TxStartPoints (PowerPathClosed,
// EnergyTransfer, EVConnected, Authorized, DataSigned, ParkingBayOccupancy) and the CSMS must take each start,
// accepting the valid token where one comes; and (TC_E_53) every transaction counts seqNo from 0 again.
import { full, testCase, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { reportConnector, requireTokenStatus, SimSession } from '../../../shared/tx-csms-steps.js';

const accepted = (answer: Parameters<typeof requireTokenStatus>[0], what: string) => requireTokenStatus(answer, ['Accepted'], what);

/**
 * TC_E_01 / TC_E_02 / TC_E_11: Authorize, the cable (Occupied), then the transaction starts with the token on a
 * ChargingStateChanged (SuspendedEVSE: power path closed; Charging: energy transfer) or SignedDataReceived
 * (a signed Transaction.Begin reading); where it was not yet Charging, Charging follows.
 */
function startWithToken(variant: string, id: string, title: string, start: { trigger: string; chargingState?: string; signed?: boolean }, killedBy: string[]) {
  return testCase<CsmsTestCase>({
    useCase: 'E01', variant, ocpp: '2.0.1', sut: 'CSMS', octt: full(id), title,
    killedBy: ['csms.tx-event-no-id-token-info', ...killedBy],
    async run({ station, profile }) {
      await station.booted();
      const s = new SimSession(station, profile.evses[0]!.id);
      const token = s.token('valid');
      accepted(await station.call('Authorize', { idToken: token }), 'Authorize with the valid token');
      await reportConnector(station, s.evseId, 'Occupied');
      const answer = await s.event({
        eventType: 'Started', trigger: start.trigger, token: 'valid', evse: true, chargingState: start.chargingState,
        meter: start.signed ? { contexts: ['Transaction.Begin'], signed: true } : undefined,
      });
      accepted(answer, `the TransactionEvent Started (${start.trigger}) with the valid token`);
      if (start.chargingState !== 'Charging') await s.event({ trigger: 'ChargingStateChanged', chargingState: 'Charging' });
    },
  });
}

export const powerPathClosed = startWithToken('power-path-closed', 'TC_E_01_CSMS',
  'Transaction started when the power path closes (SuspendedEVSE, then Charging): the CSMS accepts the token in Authorize and in the Started event',
  { trigger: 'ChargingStateChanged', chargingState: 'SuspendedEVSE' }, ['csms.tx-event-rejects-suspended']);

export const energyTransfer = startWithToken('energy-transfer', 'TC_E_02_CSMS',
  'Transaction started when energy flows (Started with Charging): the CSMS accepts the token in Authorize and in the Started event',
  { trigger: 'ChargingStateChanged', chargingState: 'Charging' }, []);

export const dataSigned = startWithToken('data-signed', 'TC_E_11_CSMS',
  'Transaction started on signed meter data (SignedDataReceived with a signed Transaction.Begin reading): the CSMS accepts the token and the signed value',
  { trigger: 'SignedDataReceived', signed: true }, ['csms.meter-values-rejects-signed', 'csms.tx-event-rejects-rare-trigger']);

/** TC_E_09: the cable starts the transaction: Occupied, then Started CablePluggedIn (no token yet). */
export const evConnected = testCase<CsmsTestCase>({
  useCase: 'E01', variant: 'ev-connected', ocpp: '2.0.1', sut: 'CSMS', octt: full('TC_E_09_CSMS'),
  title: 'Transaction started by the cable (Started, CablePluggedIn, EVConnected, no token yet): the CSMS answers it',
  killedBy: ['csms.tx-event-requires-token-on-start'],
  async run({ station, profile }) {
    await station.booted();
    const s = new SimSession(station, profile.evses[0]!.id);
    await reportConnector(station, s.evseId, 'Occupied');
    await s.event({ eventType: 'Started', trigger: 'CablePluggedIn', chargingState: 'EVConnected', evse: true });
  },
});

/** TC_E_10: the authorization starts the transaction: Authorize, then Started Authorized with the token. */
export const authorizedStart = testCase<CsmsTestCase>({
  useCase: 'E01', variant: 'authorized', ocpp: '2.0.1', sut: 'CSMS', octt: full('TC_E_10_CSMS'),
  title: 'Transaction started by a local authorization: the CSMS accepts the token in Authorize and in the Started event',
  killedBy: ['csms.tx-event-no-id-token-info'],
  async run({ station, profile }) {
    await station.booted();
    const s = new SimSession(station, profile.evses[0]!.id);
    accepted(await station.call('Authorize', { idToken: s.token('valid') }), 'Authorize with the valid token');
    accepted(await s.event({ eventType: 'Started', trigger: 'Authorized', token: 'valid', evse: true }), 'the TransactionEvent Started (Authorized) with the valid token');
  },
});

/** TC_E_12: a parking bay sensor starts the transaction: Started EVDetected, nothing else known yet. */
export const parkingBayOccupied = testCase<CsmsTestCase>({
  useCase: 'E01', variant: 'parking-bay', ocpp: '2.0.1', sut: 'CSMS', octt: full('TC_E_12_CSMS'),
  title: 'Transaction started by the parking bay detector (Started, EVDetected, no token, no cable): the CSMS answers it',
  killedBy: ['csms.tx-event-requires-token-on-start', 'csms.tx-event-rejects-rare-trigger'],
  async run({ station, profile }) {
    await station.booted();
    const s = new SimSession(station, profile.evses[0]!.id);
    await s.event({ eventType: 'Started', trigger: 'EVDetected', evse: true });
  },
});

/**
 * TC_E_53: two transactions one after the other, each walked from EnergyTransferStarted to EVDisconnected; the
 * second starts at seqNo 0 again (E01.FR.07 lets seqNo restart per transaction) and the CSMS answers every event.
 */
export const seqNoRestart = testCase<CsmsTestCase>({
  useCase: 'E01', variant: 'seqno-restart', ocpp: '2.0.1', sut: 'CSMS', octt: full('TC_E_53_CSMS'),
  title: 'Two transactions in a row, each starting at seqNo 0: the CSMS answers both Started events and every event after them',
  killedBy: ['csms.tx-event-seqno-per-station'],
  async run({ station, profile }) {
    await station.booted();
    for (let i = 0; i < 2; i++) {
      const s = new SimSession(station, profile.evses[0]!.id);
      await s.energyTransferStarted();
      await s.evDisconnected();
    }
  },
});
