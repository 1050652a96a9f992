// 1.6 Local Auth List Management with the central system as SUT (TC_042_1/2_CSMS, TC_043_1/3/4/5_CSMS).
import { full } from '../../../src/harness/test-case.js';
import { getVersionCsms, sendListCsms, tracksVersionCsms } from '../../shared/local-list-csms-cases.js';

const ocpp = '1.6' as const;
const needs = ['1.6:LocalAuthListManagement'];

export const notSupportedCsms = sendListCsms(ocpp, full('TC_043_1_CSMS'), {
  variant: 'not-supported', updateType: 'Full', answer: 'NotSupported', entries: 'some', needs,
  title: 'The CSMS sends SendLocalList Full and takes the charge point\'s NotSupported',
  killedBy: ['csms.local-list-wrong-update-type'],
});
export const failedCsms = sendListCsms(ocpp, full('TC_043_3_CSMS'), {
  variant: 'failed', updateType: 'Full', answer: 'Failed', entries: 'some', needs,
  title: 'The CSMS sends SendLocalList Full and takes the charge point\'s Failed',
  killedBy: ['csms.local-list-wrong-update-type'],
});
export const fullCsms = sendListCsms(ocpp, full('TC_043_4_CSMS'), {
  variant: 'full', updateType: 'Full', answer: 'Accepted', entries: 'some', allWithInfo: true, needs,
  title: 'The CSMS sends SendLocalList Full with at least one entry, each with its idTagInfo',
  killedBy: ['csms.local-list-wrong-update-type', 'csms.local-list-no-token-info'],
});
export const differentialCsms = sendListCsms(ocpp, full('TC_043_5_CSMS'), {
  variant: 'differential', updateType: 'Differential', answer: 'Accepted', entries: 'some', allWithInfo: true, needs,
  title: 'The CSMS sends SendLocalList Differential with at least one entry, each with its idTagInfo',
  killedBy: ['csms.local-list-wrong-update-type', 'csms.local-list-no-token-info'],
});
export const tracksCsms = tracksVersionCsms(ocpp);
export const notSupportedVersionCsms = getVersionCsms(ocpp, 'not-supported', full('TC_042_1_CSMS'), -1, needs);
export const emptyVersionCsms = getVersionCsms(ocpp, 'empty', full('TC_042_2_CSMS'), 0, needs);
