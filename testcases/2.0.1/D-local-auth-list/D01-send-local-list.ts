// D01 Send Local Authorization List, charging station as SUT (TC_D_01_CS ... TC_D_07_CS): full and differential
// updates, removal, empty lists, an outdated version, and the list kept over a reboot. CSMS as SUT: csms-local-list.ts.
import { full, testCase, type CsTestCase, type CsContext } from '../../../src/harness/test-case.js';
import {
  enableLocalList, rebootStation, requireEntries, requireListStatus, requireListVersion, secondToken, tokenInLocalList,
} from '../../shared/local-list-steps.js';

const ocpp = '2.0.1' as const;
/** The documents' <Configured versionNumber>: any number above 1 (TC_D_06 needs one). */
const VERSION = 5;

function d01(variant: string, octtId: string, title: string, killedBy: string[], run: (ctx: CsContext) => Promise<void>, actions?: string[]) {
  return testCase<CsTestCase>({
    useCase: 'D01', variant, ocpp, sut: 'CS', octt: full(octtId), needs: ['LA-1'], title, killedBy, actions,
    async run(ctx) {
      await ctx.csms.booted();
      await enableLocalList(ctx.csms, ocpp);
      await run(ctx);
    },
  });
}

export const fullList = d01('full', 'TC_D_01_CS', 'A Full list is Accepted and its version is reported afterwards',
  ['cs.local-list-old-version'], async ({ csms, profile }) => {
    await requireListStatus(csms, ocpp, 'Full', VERSION, [{ token: profile.idTokens.valid, status: 'Accepted' }], 'Accepted', 'D01.FR.02');
    await requireListVersion(csms, ocpp, VERSION, 'the version of the Full list just accepted', 'D01.FR.15');
  });

export const differentialUpdate = d01('differential', 'TC_D_02_CS',
  'A Differential list adding a token is Accepted: the new version is reported (and the entry counted in LocalAuthListCtrlr.Entries)',
  ['cs.local-list-old-version', 'cs.local-list-ignores-differential'], async ({ csms, profile }) => {
    await tokenInLocalList(csms, ocpp, VERSION);
    await requireListStatus(csms, ocpp, 'Differential', VERSION + 1, [{ token: secondToken(profile.idTokens.valid), status: 'Accepted' }], 'Accepted', 'D01.FR.16');
    await requireListVersion(csms, ocpp, VERSION + 1, 'the version of the Differential update just accepted', 'D01.FR.16');
    await requireEntries(csms, ocpp, 2, 'the Differential update added a second token to the list', 'D01.FR.16');
  });

export const differentialRemove = d01('remove', 'TC_D_03_CS',
  'A Differential list whose entries carry no idTokenInfo removes them: Accepted, the new version is reported, the list is empty',
  ['cs.local-list-old-version', 'cs.local-list-ignores-differential'], async ({ csms, profile }) => {
    await tokenInLocalList(csms, ocpp, VERSION);
    await requireListStatus(csms, ocpp, 'Differential', VERSION + 1, [{ token: profile.idTokens.valid }], 'Accepted', 'D01.FR.17');
    await requireListVersion(csms, ocpp, VERSION + 1, 'the version of the removal just accepted', 'D01.FR.17');
    await requireEntries(csms, ocpp, 0, 'the only token was removed from the list', 'D01.FR.17');
  });

export const fullEmpty = d01('full-empty', 'TC_D_04_CS',
  'A Full list without entries empties the list: Accepted, its version is reported and no entry is left',
  ['cs.local-list-full-merges'], async ({ csms }) => {
    await tokenInLocalList(csms, ocpp, VERSION);
    await requireListStatus(csms, ocpp, 'Full', VERSION, undefined, 'Accepted', 'D01.FR.04');
    await requireListVersion(csms, ocpp, VERSION, 'the version of the empty Full list', 'D01.FR.04');
    await requireEntries(csms, ocpp, 0, 'a Full list without entries replaces the whole list', 'D01.FR.04');
  });

export const differentialEmpty = d01('differential-empty', 'TC_D_05_CS',
  'A Differential list without entries only changes the version: Accepted, the new version is reported, the entry stays',
  ['cs.local-list-old-version'], async ({ csms }) => {
    await tokenInLocalList(csms, ocpp, VERSION);
    await requireListStatus(csms, ocpp, 'Differential', VERSION + 1, undefined, 'Accepted', 'D01.FR.05');
    await requireListVersion(csms, ocpp, VERSION + 1, 'the version of the empty Differential update', 'D01.FR.05');
    await requireEntries(csms, ocpp, 1, 'an empty Differential update changes no entry', 'D01.FR.05');
  });

export const versionMismatch = d01('version-mismatch', 'TC_D_06_CS',
  'A Differential list older than the station\'s own is answered VersionMismatch and the version stays',
  ['cs.local-list-no-version-mismatch', 'cs.local-list-old-version'], async ({ csms, profile }) => {
    await tokenInLocalList(csms, ocpp, VERSION);
    await requireListStatus(csms, ocpp, 'Differential', VERSION - 1, [{ token: secondToken(profile.idTokens.valid), status: 'Accepted' }], 'VersionMismatch', 'D01.FR.19');
    await requireListVersion(csms, ocpp, VERSION, 'the outdated update must not change the list', 'D01.FR.19');
  });

export const persistent = d01('persistent', 'TC_D_07_CS',
  'The local list survives a reboot: after Reset and a new boot the station reports the same version',
  ['cs.local-list-not-persistent'], async (ctx) => {
    await tokenInLocalList(ctx.csms, ocpp, VERSION);
    await rebootStation(ctx);
    await requireListVersion(ctx.csms, ocpp, VERSION, 'the list is kept in non-volatile memory', 'D01.FR.10');
    await requireEntries(ctx.csms, ocpp, 1, 'the entries are kept too', 'D01.FR.10');
  });
