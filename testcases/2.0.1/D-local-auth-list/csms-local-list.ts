// D01/D02 with the CSMS as SUT (TC_D_01..04_CSMS, TC_D_08/09_CSMS).
import { full } from '../../../src/harness/test-case.js';
import { getVersionCsms, sendListCsms, tracksVersionCsms } from '../../shared/local-list-csms-cases.js';

const ocpp = '2.0.1' as const;

export const fullCsms = sendListCsms(ocpp, full('TC_D_01_CSMS'), {
  variant: 'full', updateType: 'Full', answer: 'Accepted', entries: 'some',
  title: 'Asked for a Full list, the CSMS sends SendLocalList Full with a version above 0 and entries',
  killedBy: ['csms.local-list-wrong-update-type'],
});
export const differentialCsms = sendListCsms(ocpp, full('TC_D_02_CSMS'), {
  variant: 'differential', updateType: 'Differential', answer: 'Accepted', entries: 'some', newerVersion: true,
  title: 'Asked for a Differential update, the CSMS sends SendLocalList Differential, newer than the station\'s version, with entries',
  killedBy: ['csms.local-list-wrong-update-type', 'csms.local-list-version-not-tracked'],
});
export const removeCsms = sendListCsms(ocpp, full('TC_D_03_CSMS'), {
  variant: 'remove', updateType: 'Differential', args: { remove: true }, answer: 'Accepted', entries: 'removals', newerVersion: true,
  title: 'Asked to take tokens off the list, the CSMS sends a newer Differential update whose entries carry no idTokenInfo',
  killedBy: ['csms.local-list-wrong-update-type', 'csms.local-list-version-not-tracked'],
});
export const fullEmptyCsms = sendListCsms(ocpp, full('TC_D_04_CSMS'), {
  variant: 'full-empty', updateType: 'Full', args: { empty: true }, answer: 'Accepted', entries: 'none',
  title: 'Asked for an empty Full list, the CSMS sends SendLocalList Full without entries',
  killedBy: ['csms.local-list-wrong-update-type'],
});
export const tracksCsms = tracksVersionCsms(ocpp);
export const versionCsms = getVersionCsms(ocpp, 'version', full('TC_D_08_CSMS'), 4, ['LA-2']);
export const noListCsms = getVersionCsms(ocpp, 'no-list', full('TC_D_09_CSMS'), 0, ['LA-2']);
