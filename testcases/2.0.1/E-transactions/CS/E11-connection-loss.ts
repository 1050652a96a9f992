// E11 (SUT = charging station): the connection is lost while energy flows with periodic sampling on; the readings
// taken meanwhile wait in the station's queue and, after reconnecting, arrive as Updated TransactionEvents with
// meter values and offline true, in order, none lost or repeated (TC_E_40).
import { full, testCase, type CsTestCase } from '../../../../src/harness/test-case.js';
import { MV } from '../../../../src/reference/station/meter-values.js';
import { QF } from '../../../../src/reference/station/offline.js';
import { offlineSampling } from './steps.js';

export const connectionLoss = testCase<CsTestCase>({
  useCase: 'E11', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_40_CS'), actions: ['presentIdToken', 'plugIn'],
  title: 'Connection lost while charging with TxUpdatedInterval set: the readings queued offline arrive after reconnecting as Updated events with meter values, offline true, in order, none lost or repeated',
  killedBy: [MV.noOfflineSampling, QF.queuedNotOffline, QF.dropsQueued, QF.reordersQueued, QF.duplicatesQueued],
  async run(ctx) {
    await offlineSampling(ctx, { enableSampling: true });
  },
});
