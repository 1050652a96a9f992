// N09 Get / N10 Clear customer information, charging station as SUT.
import { testCase, full, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import type { CsmsHarness } from '../../../../src/harness/csms-harness.js';
import type { Payload } from '../../../../src/ocpp/frames.js';
import { CI } from '../../../../src/reference/station/customer-information.js';

const ocpp = '2.0.1';
let nextRequestId = 1 + (Date.now() % 20_000);

async function customerInformation(csms: CsmsHarness, request: Payload, expected: string, requirement: string): Promise<{ requestId: number; since: number }> {
  const requestId = nextRequestId++;
  const since = Date.now();
  const answer = await csms.call('CustomerInformation', { requestId, ...request });
  if (answer.status !== expected) throw new Verdict(`CustomerInformation (report ${String(request.report)}, clear ${String(request.clear)}) must be answered ${expected}, got ${String(answer.status)}`, requirement);
  return { requestId, since };
}

/** TC_N_32_CS: clear without report for the configured valid idToken: Accepted. */
export const clearNoReport = testCase<CsTestCase>({
  useCase: 'N10', variant: 'clear-no-report', ocpp, sut: 'CS',
  octt: full('TC_N_32_CS'),
  title: 'CustomerInformation report false, clear true for the valid idToken: Accepted',
  killedBy: [CI.clearRejected],
  async run({ csms, profile }) {
    await csms.booted();
    await customerInformation(csms, { report: false, clear: true, idToken: { idToken: profile.idTokens.valid, type: profile.idTokens.type } }, 'Accepted', 'N10.FR.01');
  },
});

/**
 * TC_N_28_CS: after the customer information of the valid idToken is cleared (the memory state), report true:
 * Accepted and NotifyCustomerInformation whose (last) part has tbc not true. The document asks for local
 * authorization with a cache or a local list; this test needs the cache (C-49), a list-only station is left out.
 */
export const acceptedNoData = testCase<CsTestCase>({
  useCase: 'N09', variant: 'accepted-no-data', ocpp, sut: 'CS', needs: ['C-49'],
  octt: full('TC_N_28_CS'),
  title: 'CustomerInformation report true for an idToken whose data was cleared: Accepted, NotifyCustomerInformation with tbc not true',
  killedBy: [CI.noNotify, CI.tbcTrue],
  async run({ csms, profile }) {
    await csms.booted();
    const idToken = { idToken: profile.idTokens.valid, type: profile.idTokens.type };
    await customerInformation(csms, { report: false, clear: true, idToken }, 'Accepted', 'N10.FR.01');
    const { requestId, since } = await customerInformation(csms, { report: true, clear: false, idToken }, 'Accepted', 'N09.FR.01');
    const notify = await csms.expectCall('NotifyCustomerInformation', { after: since, where: { requestId } }).catch((err: Error) => {
      throw new Verdict(`after CustomerInformation Accepted with report true the station must send NotifyCustomerInformation (requestId ${requestId}): ${err.message}`, 'N09.FR.04');
    });
    if (notify.payload.tbc === true) {
      // More parts may follow; the last must come with tbc false.
      const last = await csms.expectCall('NotifyCustomerInformation', { after: notify, where: { requestId, tbc: false } }).catch(() => undefined);
      if (!last) throw new Verdict('the station reports no customer data but says more is to come (tbc true) and sends no last part');
    }
  },
});
