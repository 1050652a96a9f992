// K09 GetChargingProfiles, charging station as SUT: with a ChargingStationMaxProfile on evseId 0 and a
// TxDefaultProfile on the configured EVSE installed, each selection (evseId 0, the EVSE, none, by id, by purpose,
// by purpose and stack level, by charging limit source) must report exactly the matching profiles, every report
// of the request read (tbc), each unchanged from what was set.
import { testCase, full, partial, type CsContext, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import { settingsOf } from '../../../shared/smart-charging-steps.js';
import {
  clearAll201, expectOnly, expectReported, getProfiles, getProfilesAccepted, installProfile201, profile201,
} from '../../../shared/smart-charging201-steps.js';
import type { Payload } from '../../../../src/ocpp/frames.js';

const ocpp = '2.0.1';
const needs = ['smart-charging'];
const profile = 'smart-charging';

interface Installed { evseId: number; max: Payload; txDefault: Payload }

/** Memory state of K_29..K_36: a ChargingStationMaxProfile on the station, a TxDefaultProfile on the configured EVSE. */
async function twoProfiles(ctx: CsContext, stackLevels: [number, number] = [settingsOf(ctx).stackLevel, settingsOf(ctx).stackLevel]): Promise<Installed> {
  await ctx.csms.booted();
  await clearAll201(ctx.csms);
  const s = settingsOf(ctx);
  const max = profile201(s, { purpose: 'ChargingStationMaxProfile', stackLevel: stackLevels[0], duration: s.duration, periods: [[0, 16]] });
  const txDefault = profile201(s, { purpose: 'TxDefaultProfile', stackLevel: stackLevels[1], duration: s.duration, periods: [[0, 6]] });
  await installProfile201(ctx.csms, 0, max, 'the ChargingStationMaxProfile (memory state)');
  await installProfile201(ctx.csms, s.connectorId, txDefault, 'the TxDefaultProfile (memory state)');
  return { evseId: s.connectorId, max, txDefault };
}

/** Request with `criteria`; exactly `want` (each for its EVSE) must be reported. */
async function expectSelection(ctx: CsContext, criteria: { evseId?: number; chargingProfile?: Payload }, want: { evseId: number; profile: Payload }[], what: string): Promise<void> {
  const got = await getProfilesAccepted(ctx.csms, criteria, what);
  for (const w of want) expectReported(got, w.evseId, w.profile, what);
  expectOnly(got, want.map((w) => w.profile), what);
}

export const evseZeroCs = testCase<CsTestCase>({
  useCase: 'K09', variant: 'evse-zero', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_29_CS'),
  title: 'GetChargingProfiles for evseId 0 reports the ChargingStationMaxProfile (and not the EVSE\'s TxDefaultProfile)',
  killedBy: ['cs.201-get-profiles-ignores-criteria'],
  async run(ctx) {
    const p = await twoProfiles(ctx);
    await expectSelection(ctx, { evseId: 0 }, [{ evseId: 0, profile: p.max }], 'GetChargingProfiles for evseId 0');
  },
});

export const evseCs = testCase<CsTestCase>({
  useCase: 'K09', variant: 'evse', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_30_CS'),
  title: 'GetChargingProfiles for the configured EVSE reports its TxDefaultProfile (and not the station\'s max profile)',
  killedBy: ['cs.201-get-profiles-ignores-criteria'],
  async run(ctx) {
    const p = await twoProfiles(ctx);
    await expectSelection(ctx, { evseId: p.evseId }, [{ evseId: p.evseId, profile: p.txDefault }], `GetChargingProfiles for EVSE ${p.evseId}`);
  },
});

export const allCs = testCase<CsTestCase>({
  useCase: 'K09', variant: 'all', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_31_CS'),
  title: 'GetChargingProfiles without evseId reports both profiles, each for its EVSE, over as many reports as the station needs (tbc)',
  killedBy: ['cs.201-report-profiles-no-tbc'],
  async run(ctx) {
    const p = await twoProfiles(ctx);
    await expectSelection(ctx, {}, [{ evseId: 0, profile: p.max }, { evseId: p.evseId, profile: p.txDefault }], 'GetChargingProfiles without evseId');
  },
});

export const byIdCs = testCase<CsTestCase>({
  useCase: 'K09', variant: 'by-id', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_32_CS'),
  title: 'GetChargingProfiles with the id of the ChargingStationMaxProfile reports that profile only',
  killedBy: ['cs.201-get-profiles-ignores-criteria'],
  async run(ctx) {
    const p = await twoProfiles(ctx);
    await expectSelection(ctx, { chargingProfile: { chargingProfileId: [p.max.id] } }, [{ evseId: 0, profile: p.max }], `GetChargingProfiles for id ${String(p.max.id)}`);
  },
});

export const evseStackLevelCs = testCase<CsTestCase>({
  useCase: 'K09', variant: 'evse-stack-level', ocpp, sut: 'CS', needs, profile,
  octt: [partial('TC_K_33_CS', 'the document asks for <Configured stackLevel> on the EVSE while its memory state puts the EVSE\'s TxDefaultProfile at <Configured stackLevel2>; we read the EVSE\'s profile by its own stack level (stackLevel2 = stackLevel + 1) and check the station\'s max profile at the other level is not reported')],
  title: 'GetChargingProfiles for the EVSE and the TxDefaultProfile\'s stack level reports that profile only',
  killedBy: ['cs.201-get-profiles-ignores-criteria'],
  async run(ctx) {
    const s = settingsOf(ctx);
    const p = await twoProfiles(ctx, [s.stackLevel, s.stackLevel + 1]);
    await expectSelection(ctx, { evseId: p.evseId, chargingProfile: { stackLevel: s.stackLevel + 1 } }, [{ evseId: p.evseId, profile: p.txDefault }], `GetChargingProfiles for EVSE ${p.evseId} and stackLevel ${s.stackLevel + 1}`);
  },
});

export const limitSourceCs = testCase<CsTestCase>({
  useCase: 'K09', variant: 'evse-limit-source', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_34_CS'),
  title: 'GetChargingProfiles for the EVSE by chargingLimitSource: CSO reports the CSMS\'s TxDefaultProfile, EMS (no profiles) answers NoProfiles',
  killedBy: ['cs.201-get-profiles-ignores-criteria'],
  async run(ctx) {
    await ctx.csms.booted();
    await clearAll201(ctx.csms);
    const s = settingsOf(ctx);
    const txDefault = profile201(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel + 1, duration: s.duration, periods: [[0, 6]] });
    await installProfile201(ctx.csms, s.connectorId, txDefault, 'the TxDefaultProfile (memory state)');
    await expectSelection(ctx, { evseId: s.connectorId, chargingProfile: { chargingLimitSource: ['CSO'] } }, [{ evseId: s.connectorId, profile: txDefault }], 'GetChargingProfiles with chargingLimitSource CSO');
    const other = await getProfiles(ctx.csms, { evseId: s.connectorId, chargingProfile: { chargingLimitSource: ['EMS'] } });
    if (other.status !== 'NoProfiles') throw new Verdict(`no profile of source EMS is installed: GetChargingProfiles with chargingLimitSource EMS must answer NoProfiles, got ${other.status}`, 'OCPP 2.0.1 K09.FR.03');
  },
});

export const evsePurposeCs = testCase<CsTestCase>({
  useCase: 'K09', variant: 'evse-purpose', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_35_CS'),
  title: 'GetChargingProfiles for the EVSE and purpose TxDefaultProfile reports the EVSE\'s TxDefaultProfile only',
  killedBy: ['cs.201-get-profiles-ignores-criteria'],
  async run(ctx) {
    const p = await twoProfiles(ctx);
    await expectSelection(ctx, { evseId: p.evseId, chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile' } }, [{ evseId: p.evseId, profile: p.txDefault }], 'GetChargingProfiles for the EVSE and TxDefaultProfile');
  },
});

export const evsePurposeStackCs = testCase<CsTestCase>({
  useCase: 'K09', variant: 'evse-purpose-stack-level', ocpp, sut: 'CS', needs, profile, octt: full('TC_K_36_CS'),
  title: 'GetChargingProfiles for the EVSE, purpose TxDefaultProfile and the configured stack level reports the EVSE\'s TxDefaultProfile only',
  killedBy: ['cs.201-get-profiles-ignores-criteria'],
  async run(ctx) {
    const p = await twoProfiles(ctx);
    await expectSelection(ctx, { evseId: p.evseId, chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: settingsOf(ctx).stackLevel } },
      [{ evseId: p.evseId, profile: p.txDefault }], 'GetChargingProfiles for the EVSE, TxDefaultProfile and the stack level');
  },
});
