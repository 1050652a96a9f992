// Signed meter values (Part 5 C-42) in the TransactionEvent Ended of a station asked to sign its readings:
// sampled (SampledDataCtrlr.SignReadings, TC_J_11) and clock-aligned (AlignedDataCtrlr.SignReadings, TC_J_04).
import { testCase, full } from '../../../../src/harness/test-case.js';
import { establishSetting } from '../../../shared/settings.js';
import { ALIGNED_SIGN_READINGS, checkSigned, publicKeyRule, SAMPLED_SIGN_READINGS } from '../../../shared/signed-meter-steps.js';
import { MV } from '../../../../src/reference/station/meter-values.js';
import { alignedEndedChecked, sampledEndedChecked } from './J02-J01-transaction-begin-end.js';

/**
 * TC_J_11: TC_J_10 with SampledDataCtrlr.SignReadings true: the Ended event's periodic readings and its
 * Transaction.End reading carry, besides what TC_J_10 checks, a well-formed signedMeterValue each.
 */
export const sampledSigned = testCase({
  useCase: 'J02', variant: 'ended-signed', ocpp: '2.0.1', sut: 'CS', title: 'Signed sampled meter values in TransactionEvent Ended (SampledDataCtrlr.SignReadings)',
  octt: full('TC_J_11_CS'),
  needs: ['C-42'],
  actions: ['plugIn', 'unplug'],
  killedBy: [MV.unsigned, MV.signatureOfOther],
  async run(ctx) {
    let keys: Awaited<ReturnType<typeof publicKeyRule>> | undefined;
    const what = 'the signed meter values of TransactionEvent Ended';
    const readings = await sampledEndedChecked(ctx, what, async () => {
      await establishSetting(ctx.csms, '2.0.1', SAMPLED_SIGN_READINGS, 'true');
      keys = await publicKeyRule(ctx.csms);
    });
    checkSigned(readings, keys!, what, 'J02.FR.21');
  },
});

/**
 * TC_J_04: TC_J_03 with AlignedDataCtrlr.SignReadings true: the clock-aligned readings of the Ended event carry a
 * well-formed signedMeterValue each.
 */
export const alignedSigned = testCase({
  useCase: 'J01', variant: 'ended-signed', ocpp: '2.0.1', sut: 'CS', title: 'Signed clock-aligned meter values in TransactionEvent Ended (AlignedDataCtrlr.SignReadings)',
  octt: full('TC_J_04_CS'),
  needs: ['C-42'],
  actions: ['plugIn', 'unplug'],
  killedBy: [MV.unsigned, MV.signatureOfOther],
  async run(ctx) {
    let keys: Awaited<ReturnType<typeof publicKeyRule>> | undefined;
    const what = 'the signed meter values of TransactionEvent Ended';
    const readings = await alignedEndedChecked(ctx, what, async () => {
      await establishSetting(ctx.csms, '2.0.1', ALIGNED_SIGN_READINGS, 'true');
      keys = await publicKeyRule(ctx.csms);
    });
    checkSigned(readings, keys!, what, 'J01.FR.21');
  },
});
