// E06 with the CSMS as SUT: the station ends its transaction at each of the TxStopPoints (EVConnected on either
// side, Authorized locally or remotely, deauthorization by an invalid token or by the EV, PowerPathClosed,
// EnergyTransfer, ParkingBayOccupancy) and the CSMS must take each end.
import { Verdict } from '../../../../src/harness/peer.js';
import { full, testCase, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { prior, requireTokenStatus, runningSession, SimSession } from '../../../shared/tx-csms-steps.js';

type Def = Pick<CsmsTestCase, 'variant' | 'title' | 'killedBy' | 'actions' | 'run'> & { id: string };

const stopCase = ({ id, ...def }: Def) => testCase<CsmsTestCase>({ useCase: 'E06', ocpp: '2.0.1', sut: 'CSMS', octt: full(id), ...def });

/** TC_E_14: from EVConnectedPostSession the cable is pulled at the station (EVDisconnected ends the transaction). */
export const evDisconnectedStationSide = stopCase({
  id: 'TC_E_14_CSMS', variant: 'ev-disconnected',
  title: 'Stop when the cable is pulled at the station: EVConnectedPostSession, then EVDisconnected (Available, Ended EVCommunicationLost)',
  killedBy: ['csms.tx-ended-requires-meter'],
  async run({ station }) {
    await station.booted();
    const s = await runningSession(station);
    await prior(station, 'EVConnectedPostSession', () => s.evConnectedPostSession());
    await s.evDisconnected();
  },
});

/** TC_E_20: from EnergyTransferSuspended the cable is pulled at the EV (EVDisconnected). */
export const evDisconnectedEvSide = stopCase({
  id: 'TC_E_20_CSMS', variant: 'ev-disconnected-ev-side',
  title: 'Stop when the cable is pulled at the EV during a suspended transfer: EnergyTransferSuspended, then EVDisconnected',
  killedBy: ['csms.tx-ended-requires-meter'],
  async run({ station }) {
    await station.booted();
    const s = await runningSession(station);
    await prior(station, 'EnergyTransferSuspended', () => s.energyTransferSuspended());
    await s.evDisconnected();
  },
});

/** TC_E_15 / TC_E_07: a local stop ends the transaction at once (Ended, StopAuthorized, Local). */
function localStop(id: string, variant: string, title: string) {
  return stopCase({
    id, variant, title, killedBy: ['csms.tx-ended-requires-meter'],
    async run({ station }) {
      await station.booted();
      const s = await runningSession(station);
      await s.event({ eventType: 'Ended', trigger: 'StopAuthorized', stoppedReason: 'Local' });
    },
  });
}

export const stopAuthorizedLocal = localStop('TC_E_15_CSMS', 'stop-authorized',
  'Stop at the authorization (TxStopPoint Authorized): during energy transfer the driver stops locally, Ended with StopAuthorized and Local');
export const powerPathLocalStop = localStop('TC_E_07_CSMS', 'power-path-closed',
  'Stop when the power path opens (TxStopPoint PowerPathClosed): a local stop during energy transfer, Ended with StopAuthorized and Local');

/** TC_E_08: after StopAuthorized the energy stops and that ends the transaction (Ended, ChargingStateChanged, EVConnected). */
export const energyTransferStopped = stopCase({
  id: 'TC_E_08_CSMS', variant: 'energy-transfer',
  title: 'Stop when the energy transfer stops (TxStopPoint EnergyTransfer): StopAuthorized accepted, then Ended with ChargingStateChanged, EVConnected, Local',
  killedBy: ['csms.tx-ended-requires-meter'],
  async run({ station }) {
    await station.booted();
    const s = await runningSession(station);
    await prior(station, 'StopAuthorized', () => s.stopAuthorized());
    await s.event({ eventType: 'Ended', trigger: 'ChargingStateChanged', chargingState: 'EVConnected', stoppedReason: 'Local' });
  },
});

/** TC_E_22: the EV stops taking energy and that ends the transaction (Ended, SuspendedEV, StoppedByEV). */
export const suspendedEv = stopCase({
  id: 'TC_E_22_CSMS', variant: 'suspended-ev',
  title: 'Stop when the EV stops the energy transfer: Ended with ChargingStateChanged, SuspendedEV and stoppedReason StoppedByEV',
  killedBy: ['csms.tx-event-rejects-suspended', 'csms.tx-ended-requires-meter'],
  async run({ station }) {
    await station.booted();
    const s = await runningSession(station);
    await s.event({ eventType: 'Ended', trigger: 'ChargingStateChanged', chargingState: 'SuspendedEV', stoppedReason: 'StoppedByEV' });
  },
});

/** TC_E_16: the transaction starts on an unknown token; the CSMS must not accept it, and the station deauthorizes. */
export const deauthorizedInvalid = stopCase({
  id: 'TC_E_16_CSMS', variant: 'deauthorized-invalid',
  title: 'A transaction started with an unknown token: the CSMS answers Invalid or Unknown (not Accepted) and takes the end with Deauthorized / DeAuthorized',
  killedBy: ['csms.tx-event-accepts-unknown-token', 'csms.tx-event-no-id-token-info', 'csms.tx-event-rejects-rare-trigger', 'csms.tx-ended-requires-meter'],
  async run({ station, profile }) {
    await station.booted();
    const s = new SimSession(station, profile.evses[0]!.id);
    const answer = await s.event({ eventType: 'Started', trigger: 'Authorized', token: 'invalid', evse: true });
    requireTokenStatus(answer, ['Invalid', 'Unknown'], `the TransactionEvent Started with the unknown token ${profile.idTokens.invalid}`, 'E01.FR.11');
    await s.event({ eventType: 'Ended', trigger: 'Deauthorized', stoppedReason: 'DeAuthorized' });
  },
});

/** TC_E_17: during a suspended transfer the EV side is disconnected and that ends the transaction. */
export const deauthorizedEvSide = stopCase({
  id: 'TC_E_17_CSMS', variant: 'deauthorized-ev-side',
  title: 'Deauthorized by an EV-side disconnect: EnergyTransferSuspended, then Ended with EVCommunicationLost, Idle, EVDisconnected',
  killedBy: ['csms.tx-ended-requires-meter'],
  async run({ station }) {
    await station.booted();
    const s = await runningSession(station);
    await prior(station, 'EnergyTransferSuspended', () => s.energyTransferSuspended());
    await s.event({ eventType: 'Ended', trigger: 'EVCommunicationLost', chargingState: 'Idle', stoppedReason: 'EVDisconnected' });
  },
});

/**
 * TC_E_19: the parking bay empties. As the document plays it: the reusable state EVDisconnected (which already
 * sends an Ended event), then a second Ended with EVDeparted and Local; the CSMS must answer both.
 */
export const parkingBayUnoccupied = stopCase({
  id: 'TC_E_19_CSMS', variant: 'parking-bay',
  title: 'Stop when the EV leaves the parking bay: EVDisconnected, then Ended with EVDeparted and Local',
  killedBy: ['csms.tx-event-rejects-rare-trigger'],
  async run({ station }) {
    await station.booted();
    const s = await runningSession(station);
    await prior(station, 'EVDisconnected', async () => { await s.evDisconnected(); });
    await s.event({ eventType: 'Ended', trigger: 'EVDeparted', stoppedReason: 'Local' });
  },
});

/** TC_E_21: the operator has the CSMS stop the transaction; the request names it, the station ends it (RemoteStop, Remote). */
export const stopAuthorizedRemote = stopCase({
  id: 'TC_E_21_CSMS', variant: 'remote', actions: ['remoteStop'],
  title: 'Remote stop: the CSMS\'s RequestStopTransaction names the running transaction; it takes the end with RemoteStop and Remote',
  killedBy: ['csms.remote-stop-wrong-transaction'],
  async run({ station, sut }) {
    await station.booted();
    const s = await runningSession(station);
    station.answer('RequestStopTransaction', { status: 'Accepted' });
    const since = station.received.at(-1);
    await sut.act('remoteStop', { evseId: s.evseId });
    const request = await station.expectCall('RequestStopTransaction', { after: since ?? 0 });
    if (request.payload.transactionId !== s.id) {
      throw new Verdict(`RequestStopTransaction must name the running transaction ${s.id}, got ${String(request.payload.transactionId)}`, 'F03.FR.01');
    }
    await s.event({ eventType: 'Ended', trigger: 'RemoteStop', stoppedReason: 'Remote' });
  },
});
