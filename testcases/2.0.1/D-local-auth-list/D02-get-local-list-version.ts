// D02 Get Local List Version, charging station as SUT (TC_D_08_CS, TC_D_10_CS). CSMS as SUT: csms-local-list.ts.
import { full, testCase, type CsTestCase } from '../../../src/harness/test-case.js';
import {
  LOCAL_LIST_ENABLED, enableLocalList, requireListVersion, setIfImplemented, tokenInLocalList,
} from '../../shared/local-list-steps.js';

const ocpp = '2.0.1' as const;
const VERSION = 7;

export const version = testCase<CsTestCase>({
  useCase: 'D02', variant: 'version', ocpp, sut: 'CS', octt: full('TC_D_08_CS'), needs: ['LA-1'],
  title: 'GetLocalListVersion reports the version of the list the station holds',
  killedBy: ['cs.local-list-old-version'],
  async run({ csms }) {
    await csms.booted();
    await enableLocalList(csms, ocpp);
    await tokenInLocalList(csms, ocpp, VERSION);
    await requireListVersion(csms, ocpp, VERSION, 'the version of the list sent before', 'D02.FR.01');
  },
});

export const disabled = testCase<CsTestCase>({
  useCase: 'D02', variant: 'disabled', ocpp, sut: 'CS', octt: full('TC_D_10_CS'), needs: ['LA-1'],
  title: 'With LocalAuthListCtrlr.Enabled false, GetLocalListVersion reports 0 (a list sent before it was disabled notwithstanding)',
  killedBy: ['cs.local-list-version-when-disabled'],
  async run({ csms }) {
    await csms.booted();
    // Beyond the document: a list with a version of its own first, so that reporting it instead of 0 shows.
    await enableLocalList(csms, ocpp);
    await tokenInLocalList(csms, ocpp, VERSION);
    await setIfImplemented(csms, ocpp, LOCAL_LIST_ENABLED, 'false', 'the test needs the local list disabled');
    await requireListVersion(csms, ocpp, 0, 'the local list is disabled', 'D02.FR.03');
  },
});
