// 1.6 offline behaviour of smart charging during a transaction (3.13.6), charge point as SUT, beyond the documents:
// a TxProfile received before the connection is lost still governs the transaction when the station is back.
import { testCase, type CsTestCase } from '../../../src/harness/test-case.js';
import { charging } from '../../shared/session-states.js';
import { goOffline, goOnline } from '../../shared/transaction16-steps.js';
import {
  chargingProfile, bootedWithoutProfiles, documentStart, expectSchedule, getComposite, installProfile,
} from '../../shared/smart-charging-steps.js';

export const offlineTxProfileCs = testCase<CsTestCase>({
  useCase: 'K06', variant: 'offline-tx-profile', ocpp: '1.6', sut: 'CS', needs: ['1.6:SmartCharging'], profile: 'smart-charging',
  actions: ['plugIn', 'disconnectNetwork', 'restoreNetwork'],
  title: 'A TxProfile received during a transaction stays in force through a loss of the connection: the composite schedule still shows it afterwards',
  killedBy: ['cs.tx-profile-dropped-offline'],
  async run(ctx) {
    const { csms } = ctx;
    const s = await bootedWithoutProfiles(ctx);
    const tx = await charging(ctx, s.connectorId);
    const start = documentStart(s);
    await installProfile(csms, s.connectorId, chargingProfile(s, {
      purpose: 'TxProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]], start, transactionId: Number(tx.id),
    }), `the TxProfile for transaction ${tx.id}`);
    const before = await goOffline(ctx);
    await goOnline(ctx, before);
    expectSchedule(ctx, await getComposite(ctx, s.connectorId, s.duration), start, [[0, 6]],
      'the TxProfile keeps governing its transaction through the time offline', { openFrom: s.duration, requirement: 'OCPP 1.6 3.13.6' });
  },
});
