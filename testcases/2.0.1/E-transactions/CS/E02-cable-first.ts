// E02 (SUT = charging station): the driver plugs in first, then authorizes at the station; energy follows
// (TC_E_03: EVConnectedPreSession, Authorized main A, EnergyTransferStarted).
import { full, testCase, type CsTestCase } from '../../../../src/harness/test-case.js';
import { NotApplicable } from '../../../../src/harness/verdicts.js';
import { canonicalItem } from '../../../../src/catalog/pics.js';
import { authorizeLocally, newSession, plugIn, readTxSettings, startEnergyTransfer } from '../../../shared/session-states.js';
import { prepareAuthorization, requireCompleteRecord } from './steps.js';

export const cableFirstLocal = testCase<CsTestCase>({
  useCase: 'E02', ocpp: '2.0.1', sut: 'CS', octt: full('TC_E_03_CS'), actions: ['plugIn', 'presentIdToken'],
  title: 'Cable first, then a local authorization: Occupied, the cable event, Authorize, the Authorized event with the token, then energy (ChargingStateChanged)',
  killedBy: ['cs.tx-authorized-event-no-token', 'cs.charging-state-folded', 'cs.tx-cable-event-no-evse', 'cs.tx-seqno-gap'],
  async run(ctx) {
    const { csms, profile } = ctx;
    // The document is for a station whose cable lock does not keep the driver from plugging in first (not AQ-2).
    if (profile.features.some((f) => canonicalItem(f) === 'AQ-2')) throw new NotApplicable('the SUT profile claims AQ-2 (a cable lock prevents plugging in before authorization)');
    await csms.booted();
    await prepareAuthorization(csms);
    const s = newSession(csms, profile.evses[0]!.id, await readTxSettings(csms, '2.0.1'));
    await plugIn(ctx, s, 'preSession');
    await authorizeLocally(ctx, s);
    await startEnergyTransfer(ctx, s);
    requireCompleteRecord(csms, s.txId!);
  },
});
