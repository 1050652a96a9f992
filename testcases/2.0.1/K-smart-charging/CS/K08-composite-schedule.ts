// K08 GetCompositeSchedule, charging station as SUT: with no profile (evseId 0), two stacked TxDefaultProfiles,
// the three purposes combined during a transaction, and an EVSE the station does not have. The composite is judged
// with the 1.6 steps' expectSchedule: the document's periods relative to the profiles' start, shifted by x.
import { testCase, full, type CsContext, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { charging } from '../../../shared/session-states.js';
import { documentStart, expectSchedule, settingsOf } from '../../../shared/smart-charging-steps.js';
import { clearAll201, getComposite201, installProfile201, profile201 } from '../../../shared/smart-charging201-steps.js';

const ocpp = '2.0.1';
const needs = ['smart-charging'];
const profile = 'smart-charging';

async function fresh(ctx: CsContext): Promise<ReturnType<typeof settingsOf>> {
  await ctx.csms.booted();
  await clearAll201(ctx.csms);
  return settingsOf(ctx);
}

export const noProfilesCs = testCase<CsTestCase>({
  useCase: 'K08', variant: 'no-profiles', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_39_CS'),
  title: 'With no charging profile installed, GetCompositeSchedule for evseId 0 (300 s) is Accepted with a schedule for evseId 0 whose first period starts at 0',
  killedBy: ['cs.201-composite-empty-rejected'],
  async run(ctx) {
    await fresh(ctx);
    const c = await getComposite201(ctx, 0, 300);
    if (c.periods[0]?.startPeriod !== 0) throw new Verdict(`the composite schedule's first period must start at 0, got [${c.periods.map((p) => `${p.startPeriod}s:${p.limit}`).join(', ')}]`, 'OCPP 2.0.1 K08.FR.02');
  },
});

export const stackingCs = testCase<CsTestCase>({
  useCase: 'K08', variant: 'stacking', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_40_CS'),
  title: 'Two stacked TxDefaultProfiles: the one with stackLevel 1 prevails while its schedule lasts, then the one with stackLevel 0',
  killedBy: ['cs.201-composite-ignores-stack-level'],
  async run(ctx) {
    const s = await fresh(ctx);
    const dev = s.maxTimeDeviationS;
    const start = documentStart(s);
    const valid = { start, validFrom: start, validTo: Date.now() + (dev + 401) * 1000 };
    await installProfile201(ctx.csms, s.connectorId, profile201(s, { purpose: 'TxDefaultProfile', stackLevel: 0, duration: 400 + dev, periods: [[0, 6], [100, 8], [200, 10]], ...valid }), 'ChargingProfile 1');
    await installProfile201(ctx.csms, s.connectorId, profile201(s, { purpose: 'TxDefaultProfile', stackLevel: 1, duration: 150 + dev, periods: [[0, 7], [100, 9]], ...valid }), 'ChargingProfile 2');
    const c = await getComposite201(ctx, s.connectorId, 350);
    // Profile 2 lasts 150 + <dev> s from the profiles' start: the document's "150 - x" with x counted from its sending.
    expectSchedule(ctx, c, start, [[0, 7], [100, 9], [150 + dev, 8], [200, 10]],
      'the profile with stackLevel 1 prevails for its duration, then the one with stackLevel 0', { requirement: 'OCPP 2.0.1 K08.FR.06' });
  },
});

export const combiningCs = testCase<CsTestCase>({
  useCase: 'K08', variant: 'combining-purposes', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_41_CS'), actions: ['plugIn'],
  title: 'During a transaction: ChargingStationMaxProfile 10, TxDefaultProfile and TxProfile combine to the minimum of the max profile and the TxProfile (which overrules the default)',
  killedBy: ['cs.201-composite-ignores-station-max'],
  async run(ctx) {
    const s = await fresh(ctx);
    const tx = await charging(ctx, s.connectorId);
    const dev = s.maxTimeDeviationS;
    const start = documentStart(s);
    const valid = { start, validFrom: start, validTo: Date.now() + (dev + 401) * 1000 };
    await installProfile201(ctx.csms, 0, profile201(s, { purpose: 'ChargingStationMaxProfile', stackLevel: 0, duration: 86_400, periods: [[0, 10]], start }), 'ChargingProfile 1 (ChargingStationMaxProfile)');
    await installProfile201(ctx.csms, s.connectorId, profile201(s, {
      purpose: 'TxDefaultProfile', stackLevel: 0, duration: 300, periods: [[0, 6], [60, 10], [120, 8], [180, 15], [260, 8]], ...valid,
    }), 'ChargingProfile 2 (TxDefaultProfile)');
    await installProfile201(ctx.csms, s.connectorId, profile201(s, {
      purpose: 'TxProfile', stackLevel: 0, duration: 260, periods: [[0, 8], [50, 11], [140, 16], [200, 6], [240, 12]], transactionId: tx.id, ...valid,
    }), 'ChargingProfile 3 (TxProfile)');
    const c = await getComposite201(ctx, s.connectorId, 400);
    expectSchedule(ctx, c, start, [[0, 8], [50, 10], [200, 6], [240, 10]],
      'the minimum of the ChargingStationMaxProfile and the TxProfile, which overrules the TxDefaultProfile', { requirement: 'OCPP 2.0.1 K08.FR.06' });
  },
});

export const unknownEvseCs = testCase<CsTestCase>({
  useCase: 'K08', variant: 'unknown-evse', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_47_CS'),
  title: 'GetCompositeSchedule for an EVSE the station does not have (EVSE count + 1) is Rejected without a schedule',
  killedBy: ['cs.201-composite-unknown-evse-accepted'],
  async run(ctx) {
    const s = await fresh(ctx);
    const evseId = ctx.profile.evses.length + 1;
    const answer = await ctx.csms.call('GetCompositeSchedule', { evseId, duration: 300, chargingRateUnit: s.chargingRateUnit });
    if (answer.status !== 'Rejected') throw new Verdict(`the station has no EVSE ${evseId}: GetCompositeSchedule must be Rejected, got ${String(answer.status)}`, 'OCPP 2.0.1 K08.FR.05');
    if (answer.schedule !== undefined) throw new Verdict('a Rejected GetCompositeSchedule must not carry a schedule', 'OCPP 2.0.1 K08.FR.05');
  },
});
