// 1.6 Local Auth List Management, charge point as SUT: SendLocalList (TC_043_CS, TC_043_1_CS ... TC_043_3_CS) and
// GetLocalListVersion (TC_042_1_CS, TC_042_2_CS). Central system as SUT: csms-local-list.ts.
import { full, testCase, type CsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { canonicalItem } from '../../../src/catalog/pics.js';
import { writeSetting } from '../../shared/settings.js';
import { expectConnectorStatus, markOf } from '../../shared/session-states.js';
import {
  LOCAL_LIST_ENABLED, LOCAL_PRE_AUTHORIZE, enableLocalList, requireListStatus, requireListVersion, secondToken, sendLocalList,
  setIfImplemented, statusOrNotSupported,
} from '../../shared/local-list-steps.js';

const ocpp = '1.6' as const;
const PROFILE = '1.6:LocalAuthListManagement';

export const versionNotSupported = testCase<CsTestCase>({
  useCase: 'D02', variant: 'not-supported', ocpp, sut: 'CS', octt: full('TC_042_1_CS'),
  title: 'Without a local list (profile absent or LocalAuthListEnabled false) GetLocalListVersion reports -1 or is answered CALLERROR NotSupported',
  killedBy: ['cs.local-list-version-when-disabled'],
  async run({ csms, profile }) {
    await csms.booted();
    if (profile.features.some((f) => canonicalItem(f, ocpp) === PROFILE)) {
      // Beyond the document: a list first, so that a station reporting its version while disabled shows it.
      await enableLocalList(csms, ocpp);
      await requireListStatus(csms, ocpp, 'Full', 3, [{ token: profile.idTokens.valid, status: 'Accepted' }], 'Accepted');
      await setIfImplemented(csms, ocpp, LOCAL_LIST_ENABLED, 'false', 'the test is for a charge point that allows LocalAuthListEnabled = false');
    }
    const got = await statusOrNotSupported(csms, 'GetLocalListVersion', {}, 'listVersion');
    if (got !== '-1' && got !== 'CALLERROR NotSupported') {
      throw new Verdict(`without a local list GetLocalListVersion must report listVersion -1 (or be answered CALLERROR NotSupported), got ${got}`, 'OCPP 1.6 5.10');
    }
  },
});

export const versionEmpty = testCase<CsTestCase>({
  useCase: 'D02', variant: 'empty', ocpp, sut: 'CS', octt: full('TC_042_2_CS'), needs: [PROFILE],
  title: 'After a Full list without entries (listVersion 1), GetLocalListVersion reports 0: the list is empty',
  killedBy: ['cs.local-list-empty-version'],
  async run({ csms }) {
    await csms.booted();
    await enableLocalList(csms, ocpp);
    await requireListStatus(csms, ocpp, 'Full', 1, undefined, 'Accepted');
    await requireListVersion(csms, ocpp, 0, 'version 0 stands for an empty list', 'OCPP 1.6 5.10');
  },
});

export const sendList = testCase<CsTestCase>({
  useCase: 'D01', variant: 'full-then-differential', ocpp, sut: 'CS', needs: [PROFILE], octt: full('TC_043_CS'), actions: ['presentIdToken'],
  title: 'A Full list and then a Differential one are both Accepted; the later version is reported, and the token the Differential update added authorizes a driver',
  killedBy: ['cs.local-list-old-version', 'cs.local-list-ignores-differential', 'cs.local-list-not-used'],
  async run({ csms, sut, profile }) {
    await csms.booted();
    await enableLocalList(csms, ocpp);
    const added = secondToken(profile.idTokens.valid);
    await requireListStatus(csms, ocpp, 'Full', 1, [{ token: profile.idTokens.valid, status: 'Accepted' }], 'Accepted');
    await requireListStatus(csms, ocpp, 'Differential', 2, [{ token: added, status: 'Accepted' }], 'Accepted');
    await requireListVersion(csms, ocpp, 2, 'the version of the Differential update just accepted', 'OCPP 1.6 5.15');
    // The expected behaviour: a driver with a token of the list is authorized. The harness, as central system, does
    // not know the added token (Authorize would answer Invalid), so only the list can authorize it; this needs
    // LocalPreAuthorize true, and is left out where the charge point will not take it.
    if (await writeSetting(csms, ocpp, LOCAL_PRE_AUTHORIZE, 'true') !== 'Accepted') return;
    const since = markOf(csms);
    await sut.act('presentIdToken', { evse: profile.evses[0]!.id, idToken: added });
    await expectConnectorStatus(csms, profile.evses[0]!.id, 1, 'Preparing', since, 'the token added by the Differential update is on the local list (LocalPreAuthorize true)');
  },
});

export const notSupported = testCase<CsTestCase>({
  useCase: 'D01', variant: 'not-supported', ocpp, sut: 'CS', octt: full('TC_043_1_CS'), needsAbsent: [PROFILE],
  title: 'A charge point without the Local Auth List Management profile refuses SendLocalList: NotSupported (status or CALLERROR)',
  killedBy: ['cs.local-list-unsupported-accepted'],
  async run({ csms, profile }) {
    await csms.booted();
    const got = await statusOrNotSupported(csms, 'SendLocalList', {
      listVersion: 1, updateType: 'Full', localAuthorizationList: [{ idTag: profile.idTokens.valid, idTagInfo: { status: 'Accepted' } }],
    }, 'status');
    if (got !== 'NotSupported' && got !== 'CALLERROR NotSupported') {
      throw new Verdict(`a charge point without local list support must answer SendLocalList NotSupported (or CALLERROR NotSupported), got ${got}`, 'OCPP 1.6 6.43');
    }
  },
});

export const versionMismatch = testCase<CsTestCase>({
  useCase: 'D01', variant: 'version-mismatch', ocpp, sut: 'CS', octt: full('TC_043_2_CS'), needs: [PROFILE],
  title: 'Full list version 2, Differential 5 Accepted and reported; a Differential with the older version 4 is VersionMismatch and 5 stays',
  killedBy: ['cs.local-list-no-version-mismatch', 'cs.local-list-old-version'],
  async run({ csms, profile }) {
    await csms.booted();
    await enableLocalList(csms, ocpp);
    const entries = [{ token: profile.idTokens.valid, status: 'Accepted' }];
    await requireListStatus(csms, ocpp, 'Full', 2, entries, 'Accepted');
    await requireListVersion(csms, ocpp, 2, 'the Full list just accepted', 'OCPP 1.6 5.15');
    await requireListStatus(csms, ocpp, 'Differential', 5, [{ token: secondToken(profile.idTokens.valid), status: 'Accepted' }], 'Accepted');
    await requireListVersion(csms, ocpp, 5, 'the Differential update just accepted', 'OCPP 1.6 5.15');
    await requireListStatus(csms, ocpp, 'Differential', 4, entries, 'VersionMismatch', 'OCPP 1.6 5.15');
    await requireListVersion(csms, ocpp, 5, 'the outdated update must not change the list', 'OCPP 1.6 5.15');
  },
});

export const failed = testCase<CsTestCase>({
  useCase: 'D01', variant: 'failed', ocpp, sut: 'CS', octt: full('TC_043_3_CS'), needs: [PROFILE], actions: ['failLocalListUpdate'],
  title: 'A charge point that cannot store the list it is sent answers SendLocalList Failed',
  killedBy: ['cs.local-list-failure-accepted'],
  async run({ csms, sut, profile }) {
    await csms.booted();
    await enableLocalList(csms, ocpp);
    await sut.act('failLocalListUpdate', {});
    const status = await sendLocalList(csms, ocpp, 'Full', 2, [{ token: profile.idTokens.valid, status: 'Accepted' }]);
    if (status !== 'Failed') throw new Verdict(`the charge point could not store the list: SendLocalList must be answered Failed, got ${status}`, 'OCPP 1.6 5.15');
  },
});
