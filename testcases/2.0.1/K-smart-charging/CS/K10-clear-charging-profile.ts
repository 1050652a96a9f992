// K10 ClearChargingProfile, charging station as SUT: by id, by purpose and stack level (also during a
// transaction), with criteria no profile matches, and with no profile installed.
import { testCase, full, type CsContext, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { NotApplicable } from '../../../../src/harness/verdicts.js';
import { charging } from '../../../shared/session-states.js';
import { documentStart, limitIn, settingsOf } from '../../../shared/smart-charging-steps.js';
import { clear201, clearAll201, expectReported, expectWindow, getComposite201, getProfiles, installProfile201, profile201 } from '../../../shared/smart-charging201-steps.js';
import type { Payload } from '../../../../src/ocpp/frames.js';

const ocpp = '2.0.1';
const needs = ['smart-charging'];
const profile = 'smart-charging';

async function fresh(ctx: CsContext): Promise<ReturnType<typeof settingsOf>> {
  await ctx.csms.booted();
  await clearAll201(ctx.csms);
  return settingsOf(ctx);
}

/** GetChargingProfiles with `criteria` must answer NoProfiles: the profile is gone. */
async function expectGone(ctx: CsContext, criteria: Payload, what: string): Promise<void> {
  const got = await getProfiles(ctx.csms, { chargingProfile: criteria });
  if (got.status !== 'NoProfiles') {
    throw new Verdict(`${what}: GetChargingProfiles ${JSON.stringify(criteria)} must answer NoProfiles after the clear, got ${got.status} (${got.profiles.length} reported)`, 'OCPP 2.0.1 K10.FR.03');
  }
}

export const clearByIdCs = testCase<CsTestCase>({
  useCase: 'K10', variant: 'by-id', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_05_CS'),
  title: 'ClearChargingProfile with the id of an installed profile is Accepted and the profile is gone (GetChargingProfiles: NoProfiles)',
  killedBy: ['cs.201-clear-profile-not-removed'],
  async run(ctx) {
    const s = await fresh(ctx);
    const sent = profile201(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]] });
    await installProfile201(ctx.csms, s.connectorId, sent, 'the profile to clear (memory state)');
    await clear201(ctx.csms, { chargingProfileId: sent.id }, 'Accepted', 'OCPP 2.0.1 K10.FR.03');
    await expectGone(ctx, { chargingProfileId: [sent.id] }, `profile ${String(sent.id)} was cleared`);
  },
});

export const clearByPurposeStackCs = testCase<CsTestCase>({
  useCase: 'K10', variant: 'by-purpose-stack-level', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_06_CS'), actions: ['plugIn'],
  title: 'During a transaction, ClearChargingProfile with the purpose and stack level of an installed TxDefaultProfile is Accepted and the profile is gone',
  killedBy: ['cs.201-clear-profile-not-removed'],
  async run(ctx) {
    const s = await fresh(ctx);
    const sent = profile201(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]] });
    await installProfile201(ctx.csms, s.connectorId, sent, 'the profile to clear (memory state)');
    await charging(ctx, s.connectorId);
    const criteria = { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: s.stackLevel };
    await clear201(ctx.csms, { chargingProfileCriteria: criteria }, 'Accepted', 'OCPP 2.0.1 K10.FR.04');
    await expectGone(ctx, criteria, 'the TxDefaultProfile was cleared');
  },
});

export const clearUnknownCriteriaCs = testCase<CsTestCase>({
  useCase: 'K10', variant: 'unknown-criteria', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_07_CS'),
  title: 'ClearChargingProfile for ChargingStationMaxProfile / stackLevel 0, when only a TxDefaultProfile (stackLevel 1) is installed, is answered Unknown',
  killedBy: ['cs.201-clear-profile-always-accepted'],
  async run(ctx) {
    const s = await fresh(ctx);
    await installProfile201(ctx.csms, s.connectorId, profile201(s, { purpose: 'TxDefaultProfile', stackLevel: 1, duration: s.duration, periods: [[0, 6]] }), 'a TxDefaultProfile with stackLevel 1 (memory state)');
    await clear201(ctx.csms, { chargingProfileCriteria: { chargingProfilePurpose: 'ChargingStationMaxProfile', stackLevel: 0 } }, 'Unknown', 'OCPP 2.0.1 K10.FR.01');
  },
});

export const clearNothingCs = testCase<CsTestCase>({
  useCase: 'K10', variant: 'no-profiles', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_08_CS'),
  title: 'ClearChargingProfile by id with no profile installed is answered Unknown',
  killedBy: ['cs.201-clear-profile-always-accepted'],
  async run(ctx) {
    await fresh(ctx);
    await clear201(ctx.csms, { chargingProfileId: 100_000 + Math.floor(Math.random() * 100_000) }, 'Unknown', 'OCPP 2.0.1 K10.FR.01');
  },
});

// ---------------------------------------------------------------- beyond the documents

export const clearKeepsOthersCs = testCase<CsTestCase>({
  useCase: 'K10', variant: 'keeps-others', ocpp, sut: 'CS', needs, profile,
  title: 'ClearChargingProfile by purpose and stack level leaves a profile of another purpose installed',
  killedBy: ['cs.201-clear-profile-ignores-criteria'],
  async run(ctx) {
    const s = await fresh(ctx);
    const max = profile201(s, { purpose: 'ChargingStationMaxProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 16]] });
    await installProfile201(ctx.csms, 0, max, 'a ChargingStationMaxProfile');
    await installProfile201(ctx.csms, s.connectorId, profile201(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]] }), 'a TxDefaultProfile');
    await clear201(ctx.csms, { chargingProfileCriteria: { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: s.stackLevel } }, 'Accepted', 'OCPP 2.0.1 K10.FR.04');
    const got = await getProfiles(ctx.csms, { chargingProfile: { chargingProfileId: [max.id] } });
    if (got.status !== 'Accepted') throw new Verdict(`only TxDefaultProfiles were to be cleared; the ChargingStationMaxProfile must still be installed, GetChargingProfiles answered ${got.status}`, 'OCPP 2.0.1 K10.FR.04');
    expectReported(got, 0, max, 'the ChargingStationMaxProfile that was not cleared');
  },
});

export const clearDefaultOngoingCs = testCase<CsTestCase>({
  useCase: 'K10', variant: 'tx-default-ongoing', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_09_CS'), actions: ['plugIn'],
  title: 'During a transaction governed by a TxDefaultProfile (6 A / 6000 W), clearing TxDefaultProfiles is Accepted and the composite schedule no longer shows that limit',
  killedBy: ['cs.201-clear-profile-not-removed'],
  async run(ctx) {
    const s = await fresh(ctx);
    const dev = s.maxTimeDeviationS;
    const now = Date.now();
    await installProfile201(ctx.csms, s.connectorId, profile201(s, {
      purpose: 'TxDefaultProfile', stackLevel: 0, duration: 400 + dev, periods: [[0, 6]], start: now, validFrom: documentStart(s), validTo: now + (dev + 401) * 1000,
    }), 'the TxDefaultProfile (memory state)');
    await charging(ctx, s.connectorId);
    const before = await getComposite201(ctx, s.connectorId, 300);
    expectWindow(ctx, before, now, 0, 300, 6, 'before the clear the TxDefaultProfile governs the transaction', 'OCPP 2.0.1 K08.FR.02');
    await clear201(ctx.csms, { chargingProfileCriteria: { chargingProfilePurpose: 'TxDefaultProfile' } }, 'Accepted', 'OCPP 2.0.1 K10.FR.07');
    const after = await getComposite201(ctx, s.connectorId, 300);
    const six = limitIn(s, 6);
    if (Math.abs((after.periods[0]?.limit ?? NaN) - six) < 0.5) {
      throw new Verdict(`the TxDefaultProfile was cleared: the composite schedule must no longer start with its limit ${six}, got [${after.periods.map((p) => `${p.startPeriod}s:${p.limit}`).join(', ')}]`, 'OCPP 2.0.1 K10.FR.07');
    }
  },
});

export const clearMultipleCs = testCase<CsTestCase>({
  useCase: 'K10', variant: 'by-purpose-stack-level-multiple', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_24_CS'),
  title: 'ClearChargingProfile with the purpose and stack level of TxDefaultProfiles on EVSE 1 and EVSE 2 is Accepted and clears both',
  killedBy: ['cs.201-clear-profile-not-removed'],
  async run(ctx) {
    const evses = ctx.profile.evses.map((e) => e.id);
    if (!evses.includes(1) || !evses.includes(2)) throw new NotApplicable('the document needs a station with EVSEs 1 and 2 (HFS-8 > 1)');
    const s = await fresh(ctx);
    for (const evseId of [1, 2]) {
      await installProfile201(ctx.csms, evseId, profile201(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]] }), `the TxDefaultProfile of EVSE ${evseId} (memory state)`);
    }
    const criteria = { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: s.stackLevel };
    await clear201(ctx.csms, { chargingProfileCriteria: criteria }, 'Accepted', 'OCPP 2.0.1 K10.FR.04');
    await expectGone(ctx, criteria, 'both TxDefaultProfiles were cleared');
  },
});
