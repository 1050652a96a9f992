// 1.6 Central Smart Charging with a TxProfile, charge point as SUT: a profile for the running transaction
// (TC_057_CS), and the refusals of one for a connector without a transaction (TC_058_1_CS) or for another
// transaction than the running one (TC_058_2_CS).
import { testCase, full, type CsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { charging } from '../../shared/session-states.js';
import {
  chargingProfile, bootedWithoutProfiles, documentStart, expectSchedule, getComposite, installProfile, setProfile,
} from '../../shared/smart-charging-steps.js';

const ocpp = '1.6';
const needs = ['1.6:SmartCharging'];

export const txProfileCs = testCase<CsTestCase>({
  useCase: 'K02', variant: 'tx-profile', ocpp, sut: 'CS', needs, octt: full('TC_057_CS'), profile: 'smart-charging', actions: ['plugIn'],
  title: 'During a transaction a TxProfile for it (6 A / 6000 W) is Accepted and the composite schedule shows its limit',
  killedBy: ['cs.tx-profile-ignored'],
  async run(ctx) {
    const { csms } = ctx;
    const s = await bootedWithoutProfiles(ctx);
    const tx = await charging(ctx, s.connectorId);
    const start = documentStart(s);
    const profile = chargingProfile(s, { purpose: 'TxProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]], start, transactionId: Number(tx.id) });
    await installProfile(csms, s.connectorId, profile, `the TxProfile for transaction ${tx.id}`);
    const composite = await getComposite(ctx, s.connectorId, s.duration);
    expectSchedule(ctx, composite, start, [[0, 6]], 'the TxProfile limits its transaction', { openFrom: s.duration, requirement: 'OCPP 1.6 3.13.1' });
  },
});

export const noTransactionCs = testCase<CsTestCase>({
  useCase: 'K02', variant: 'no-transaction', ocpp, sut: 'CS', needs, octt: full('TC_058_1_CS'), profile: 'smart-charging',
  title: 'A TxProfile for a connector without a transaction is refused: Rejected, or CALLERROR PropertyConstraintViolation',
  killedBy: ['cs.tx-profile-without-transaction-accepted'],
  async run(ctx) {
    const { csms } = ctx;
    const s = await bootedWithoutProfiles(ctx);
    const profile = chargingProfile(s, { purpose: 'TxProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]], start: Date.now(), transactionId: 1 + Math.floor(Math.random() * 100_000) });
    const status = await setProfile(csms, s.connectorId, profile);
    if (status !== 'Rejected' && status !== 'CALLERROR PropertyConstraintViolation') {
      throw new Verdict(`no transaction runs on connector ${s.connectorId}: SetChargingProfile with a TxProfile must be Rejected (or CALLERROR PropertyConstraintViolation), got ${status}`, 'OCPP 1.6 3.13.1');
    }
  },
});

export const wrongTransactionCs = testCase<CsTestCase>({
  useCase: 'K02', variant: 'wrong-transaction', ocpp, sut: 'CS', needs, octt: full('TC_058_2_CS'), profile: 'smart-charging', actions: ['plugIn'],
  title: 'During a transaction a TxProfile naming another transactionId is Rejected',
  killedBy: ['cs.tx-profile-wrong-transaction-accepted'],
  async run(ctx) {
    const { csms } = ctx;
    const s = await bootedWithoutProfiles(ctx);
    const tx = await charging(ctx, s.connectorId);
    const other = Number(tx.id) + 1;
    const profile = chargingProfile(s, { purpose: 'TxProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]], start: Date.now(), transactionId: other });
    const status = await setProfile(csms, s.connectorId, profile);
    if (status !== 'Rejected') {
      throw new Verdict(`transaction ${tx.id} runs on connector ${s.connectorId}, transaction ${other} does not: SetChargingProfile with a TxProfile for ${other} must be Rejected, got ${status}`, 'OCPP 1.6 3.13.1');
    }
  },
});
