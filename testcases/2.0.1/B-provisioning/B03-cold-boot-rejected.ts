import { testCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { notAcceptedBootCs, notAcceptedBootCsms } from '../../shared/boot-steps.js';

export const rejectedCs = notAcceptedBootCs('2.0.1', 'Rejected', ['TC_B_03_CS']);
export const rejectedCsms = notAcceptedBootCsms('2.0.1', 'Rejected', ['TC_B_30_CSMS']);

export const rejectedAnswersSecurityError = testCase({
  useCase: 'B03', variant: 'security-error', ocpp: '2.0.1', sut: 'CS', octt: ['TC_B_30_CS'],
  title: 'While its boot is Rejected the station answers CSMS requests with SecurityError',
  killedBy: ['cs.answers-while-rejected'],
  async run({ csms, profile }) {
    csms.answer('BootNotification', () => ({ status: 'Rejected', currentTime: csms.now(), interval: profile.timing.retryIntervalS * 10 }));
    await csms.waitForConnection();
    await csms.expectCall('BootNotification');
    const err = await csms.callExpectingError('GetBaseReport', { requestId: 1, reportBase: 'FullInventory' });
    if (err.code !== 'SecurityError') throw new Verdict(`a rejected station must answer SecurityError, got ${err.code}`);
  },
});
