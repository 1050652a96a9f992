// N01 Retrieve log information, CSMS as SUT (operator action getLog). The harness station reports the upload
// without sending anything to the location.
import { testCase, full, type CsmsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import type { CsmsContext } from '../../../../src/harness/test-case.js';
import { LGF } from '../../../../src/reference/csms/logs201.js';
import { TRCF } from '../../../../src/reference/csms/trigger.js';
import { operatorSends } from '../../../shared/display-message-steps.js';

const ocpp = '2.0.1';
const LOCATION = 'ftp://127.0.0.1:21/files/ocpp-conformance/';

/** The operator asks for a log; the harness answers GetLog with `status`. The request must name `logType`. */
async function operatorGetsLog(ctx: CsmsContext, logType: string, status: string): Promise<ReceivedCall> {
  const call = await operatorSends(ctx, 'getLog', { stationId: ctx.profile.stationId, logType, remoteLocation: LOCATION }, 'GetLog',
    { status, ...(status.startsWith('Accepted') ? { filename: 'ocpp-conformance.log' } : {}) });
  if (call.payload.logType !== logType) throw new Verdict(`GetLogRequest must ask for the ${logType}, it asks for ${String(call.payload.logType)}`);
  return call;
}

/** The harness station reports `status` for the request; the CSMS must answer LogStatusNotification. */
async function reportStatus(ctx: CsmsContext, status: string, requestId: unknown): Promise<void> {
  await ctx.station.call('LogStatusNotification', { status, requestId: Number(requestId) }).catch((err: Error) => {
    throw new Verdict(`the CSMS must answer LogStatusNotification ${status}: ${err.message}`);
  });
}

/** TC_N_25_CSMS / TC_N_35_CSMS: GetLog for the operator's log type; the CSMS takes Uploading and Uploaded. */
function logSuccess(logType: 'DiagnosticsLog' | 'SecurityLog', id: string) {
  return testCase<CsmsTestCase>({
    useCase: 'N01', variant: logType === 'SecurityLog' ? 'security-log' : 'diagnostics-log', ocpp, sut: 'CSMS', actions: ['getLog'],
    octt: full(id),
    title: `The operator asks for the ${logType}: GetLog ${logType}, and the CSMS takes the station's Uploading and Uploaded reports`,
    killedBy: [LGF.wrongType, TRCF.noLogStatus],
    async run(ctx) {
      await ctx.station.booted();
      const request = await operatorGetsLog(ctx, logType, 'Accepted');
      await reportStatus(ctx, 'Uploading', request.payload.requestId);
      await reportStatus(ctx, 'Uploaded', request.payload.requestId);
    },
  });
}

export const diagnosticsLog = logSuccess('DiagnosticsLog', 'TC_N_25_CSMS');
export const securityLog = logSuccess('SecurityLog', 'TC_N_35_CSMS');

/** TC_N_34_CSMS: the station answers the CSMS's GetLog Rejected. */
export const rejected = testCase<CsmsTestCase>({
  useCase: 'N01', variant: 'rejected', ocpp, sut: 'CSMS', actions: ['getLog'],
  octt: full('TC_N_34_CSMS'),
  title: 'The operator asks for a log and the station answers GetLog Rejected',
  killedBy: [LGF.notSent],
  async run(ctx) {
    await ctx.station.booted();
    await operatorGetsLog(ctx, 'DiagnosticsLog', 'Rejected');
  },
});

/**
 * TC_N_36_CSMS: a second GetLog while the first upload runs; the station answers AcceptedCanceled, reports the
 * first request AcceptedCanceled and the second Uploading, then Uploaded; the CSMS answers every report.
 */
export const secondRequest = testCase<CsmsTestCase>({
  useCase: 'N01', variant: 'second-request', ocpp, sut: 'CSMS', actions: ['getLog'],
  octt: full('TC_N_36_CSMS'),
  title: 'The operator asks for a log twice while the first upload runs: the CSMS takes AcceptedCanceled and the second upload\'s reports',
  killedBy: [LGF.notSent, TRCF.noLogStatus],
  async run(ctx) {
    await ctx.station.booted();
    const first = await operatorGetsLog(ctx, 'DiagnosticsLog', 'Accepted');
    await reportStatus(ctx, 'Uploading', first.payload.requestId);
    const second = await operatorGetsLog(ctx, 'DiagnosticsLog', 'AcceptedCanceled');
    await reportStatus(ctx, 'AcceptedCanceled', first.payload.requestId);
    await reportStatus(ctx, 'Uploading', second.payload.requestId);
    await reportStatus(ctx, 'Uploaded', second.payload.requestId);
  },
});
