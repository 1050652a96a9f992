// N09 Get / N10 Clear customer information, charging station as SUT.
import { testCase, full, partial, type CsContext, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import type { CsmsHarness } from '../../../../src/harness/csms-harness.js';
import type { Payload } from '../../../../src/ocpp/frames.js';
import { CI } from '../../../../src/reference/station/customer-information.js';
import { tokenCached } from '../../../shared/auth-cache-steps.js';
import { answerTokens, knownToken, prepareIso15118, preSession } from '../../../shared/authorization-steps.js';
import { Inconclusive } from '../../../../src/harness/verdicts.js';
import { AUTH_CACHE_ENABLED, LOCAL_LIST_ENABLED, LOCAL_PRE_AUTHORIZE, setIfImplemented } from '../../../shared/local-list-steps.js';

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

/** Every NotifyCustomerInformation part of `requestId` (seqNo from 0) up to the one with tbc not true. */
async function customerReport(csms: CsmsHarness, requestId: number, since: number, requirement: string): Promise<Payload[]> {
  const parts: Payload[] = [];
  let after: number | ReceivedCall = since;
  for (;;) {
    const part: ReceivedCall = await csms.expectCall('NotifyCustomerInformation', { after, where: { requestId } }).catch((err: Error) => {
      throw new Verdict(parts.length === 0
        ? `after CustomerInformation Accepted with report true the station must send NotifyCustomerInformation (requestId ${requestId}): ${err.message}`
        : `NotifyCustomerInformation part ${parts.length} said tbc true, but no further part came: ${err.message}`, requirement);
    });
    if (part.payload.seqNo !== parts.length) throw new Verdict(`NotifyCustomerInformation part ${parts.length + 1} must have seqNo ${parts.length}, it has ${String(part.payload.seqNo)}`);
    parts.push(part.payload);
    if (part.payload.tbc !== true) return parts;
    after = part;
  }
}

/** The data of a report's parts, joined. */
const reportData = (parts: Payload[]) => parts.map((p) => String(p.data ?? '')).join('');

/**
 * Configuration and memory state of TC_N_27/30: local authorization settings true (where the station has them) and
 * the valid idToken in the authorization cache (C-49).
 */
async function customerWithCachedToken(ctx: CsContext): Promise<void> {
  const { csms, profile } = ctx;
  await csms.booted();
  for (const s of [LOCAL_LIST_ENABLED, LOCAL_PRE_AUTHORIZE, AUTH_CACHE_ENABLED]) await setIfImplemented(csms, ocpp, s, 'true');
  await tokenCached(ctx, profile.evses[0]?.id ?? 1);
}

const WITHOUT_LIST = 'the valid idToken is placed in the authorization cache only (the test needs C-49), not also in the local list, and the charging state Authorized (local) is not re-established after the cache entry is made';

/** TC_N_27_CS: with the valid idToken cached, report true: Accepted, NotifyCustomerInformation with data, all parts. */
export const acceptedData = testCase<CsTestCase>({
  useCase: 'N09', variant: 'accepted-data', ocpp, sut: 'CS', needs: ['C-49'],
  octt: [partial('TC_N_27_CS', WITHOUT_LIST)],
  title: 'CustomerInformation report true for a cached idToken: Accepted, NotifyCustomerInformation with data, every part up to tbc false',
  killedBy: [CI.noNotify, CI.tbcTrue, CI.emptyData],
  async run(ctx) {
    await customerWithCachedToken(ctx);
    const idToken = { idToken: ctx.profile.idTokens.valid, type: ctx.profile.idTokens.type };
    const { requestId, since } = await customerInformation(ctx.csms, { report: true, clear: false, idToken }, 'Accepted', 'N09.FR.02');
    const parts = await customerReport(ctx.csms, requestId, since, 'N09.FR.05');
    if (reportData(parts) === '') throw new Verdict('the station holds data of the cached idToken: NotifyCustomerInformation must carry it, its data is empty', 'N09.FR.05');
  },
});

/**
 * TC_N_30_CS: with the valid idToken cached, report and clear true: Accepted and data in the report; a second
 * report true: Accepted and, when a report follows, its last part has tbc not true.
 */
export const clearAndReportData = testCase<CsTestCase>({
  useCase: 'N10', variant: 'clear-report-data', ocpp, sut: 'CS', needs: ['C-49'],
  octt: [partial('TC_N_30_CS', WITHOUT_LIST)],
  title: 'CustomerInformation report and clear true for a cached idToken: Accepted with data; a later report: Accepted, complete',
  killedBy: [CI.clearRejected, CI.noNotify, CI.tbcTrue, CI.emptyData],
  async run(ctx) {
    await customerWithCachedToken(ctx);
    const idToken = { idToken: ctx.profile.idTokens.valid, type: ctx.profile.idTokens.type };
    const first = await customerInformation(ctx.csms, { report: true, clear: true, idToken }, 'Accepted', 'N10.FR.01');
    const parts = await customerReport(ctx.csms, first.requestId, first.since, 'N10.FR.03');
    if (reportData(parts) === '') throw new Verdict('the station held data of the cached idToken: the report of what it clears must carry it, its data is empty', 'N10.FR.03');
    const second = await customerInformation(ctx.csms, { report: true, clear: false, idToken }, 'Accepted', 'N09.FR.01');
    await customerReport(ctx.csms, second.requestId, second.since, 'N09.FR.04');
  },
});

/**
 * TC_N_31_CS: with no data of the valid idToken (cleared first: the prerequisite), report and clear true:
 * Accepted and a NotifyCustomerInformation (all parts) saying so.
 */
export const clearAndReportNoData = testCase<CsTestCase>({
  useCase: 'N10', variant: 'clear-report-no-data', ocpp, sut: 'CS',
  octt: [partial('TC_N_31_CS', 'the post-scenario validation (the message says no data was found) is free text: the test checks that a complete report is sent, not its wording')],
  title: 'CustomerInformation report and clear true for an idToken without data: Accepted and a complete NotifyCustomerInformation',
  killedBy: [CI.clearRejected, CI.noNotify, CI.tbcTrue],
  async run({ csms, profile }) {
    await csms.booted();
    const idToken = { idToken: profile.idTokens.valid, type: profile.idTokens.type };
    await customerInformation(csms, { report: false, clear: true, idToken }, 'Accepted', 'N10.FR.01');
    const { requestId, since } = await customerInformation(csms, { report: true, clear: true, idToken }, 'Accepted', 'N10.FR.01');
    await customerReport(csms, requestId, since, 'N10.FR.04');
  },
});

const CANNOT_PROCESS = 'the document leaves open what makes the station unable to process the request; the test sends one that names no customer (no idToken, customerIdentifier or customerCertificate), and accepts Rejected besides the document\'s Invalid: the harness cannot tell which of the two the station owes for it';

/** TC_N_29_CS (report) and TC_N_33_CS (clear): a CustomerInformation naming no customer is not Accepted (Invalid). */
function cannotProcess(clear: boolean) {
  return testCase<CsTestCase>({
    useCase: clear ? 'N10' : 'N09', variant: 'cannot-process', ocpp, sut: 'CS',
    octt: [partial(clear ? 'TC_N_33_CS' : 'TC_N_29_CS', CANNOT_PROCESS)],
    title: `CustomerInformation (${clear ? 'clear' : 'report'}) naming no customer: Invalid, not Accepted`,
    killedBy: [CI.noCustomerAccepted],
    async run({ csms }) {
      await csms.booted();
      const requestId = nextRequestId++;
      const answer = await csms.call('CustomerInformation', { requestId, report: !clear, clear });
      if (answer.status !== 'Invalid' && answer.status !== 'Rejected') {
        throw new Verdict(`CustomerInformation naming no customer cannot be processed and must be answered Invalid, got ${String(answer.status)}`, clear ? 'N10.FR.05' : 'N09.FR.03');
      }
    },
  });
}
export const reportCannotProcess = cannotProcess(false);
export const clearCannotProcess = cannotProcess(true);

/** The customer identifier the operator stores at the station (the document's <Configured CustomerIdentifier>). */
const CUSTOMER_IDENTIFIER = 'OpenChargeAlliance';

/**
 * TC_N_62_CS: with data of a customerIdentifier stored by the operator, report and clear true: Accepted and data in
 * the report (all parts); a second report: Accepted and a complete report.
 */
export const clearCustomerIdentifier = testCase<CsTestCase>({
  useCase: 'N10', variant: 'clear-customer-identifier', ocpp, sut: 'CS', needs: ['C-14'],
  octt: [partial('TC_N_62_CS', 'step 7 ("data empty") is not checked: a station may word the absence of data as text (TC_N_31_CS expects a message saying no data is found); the test checks that the second report is complete')],
  title: 'CustomerInformation report and clear true for a stored customerIdentifier: Accepted with data; a later report: Accepted, complete',
  killedBy: [CI.noNotify, CI.tbcTrue, CI.emptyData, CI.clearRejected],
  async run({ csms, sut }) {
    await csms.booted();
    await sut.act('storeCustomerIdentifier', { customerIdentifier: CUSTOMER_IDENTIFIER });
    const first = await customerInformation(csms, { report: true, clear: true, customerIdentifier: CUSTOMER_IDENTIFIER }, 'Accepted', 'N10.FR.01');
    const parts = await customerReport(csms, first.requestId, first.since, 'N10.FR.03');
    if (reportData(parts) === '') throw new Verdict(`the station holds data of customerIdentifier ${CUSTOMER_IDENTIFIER}: the report of what it clears must carry it, its data is empty`, 'N10.FR.03');
    const second = await customerInformation(csms, { report: true, clear: false, customerIdentifier: CUSTOMER_IDENTIFIER }, 'Accepted', 'N09.FR.01');
    await customerReport(csms, second.requestId, second.since, 'N09.FR.04');
  },
});

/**
 * TC_N_63_CS: after a Plug and Charge session (EVConnectedPreSession, Authorized15118, the EV leaves), report and
 * clear true for the contract certificate of that session (its hash data from the Authorize): Accepted and a complete
 * report (its data may be empty: a contract certificate should not stay in the station); a second report: Accepted,
 * complete.
 */
export const clearCustomerCertificate = testCase<CsTestCase>({
  useCase: 'N10', variant: 'clear-customer-certificate', ocpp, sut: 'CS', needs: ['ISO15118', 'ISO-4'],
  octt: [partial('TC_N_63_CS', 'step 7 ("data empty") is not checked, as in TC_N_62_CS: a station may word the absence of data as text (TC_N_31_CS); the contract is validated by the station itself (its Authorize carries the hash data the request names)')],
  title: 'CustomerInformation report and clear true for the contract certificate of a Plug and Charge session: Accepted, a complete report; a later report: Accepted, complete',
  actions: ['plugIn', 'evPlugAndCharge', 'unplug'],
  killedBy: [CI.noNotify, CI.tbcTrue, CI.clearRejected],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    await csms.booted();
    await prepareIso15118(ctx, false);
    const emaid = profile.idTokens.emaid;
    answerTokens(csms, (t) => (t === emaid ? { status: 'Accepted' } : knownToken(profile.idTokens, t)));
    csms.answer('Authorize', (c) => ({ idTokenInfo: { status: (c.payload.idToken as Payload | undefined)?.idToken === emaid ? 'Accepted' : 'Invalid' }, certificateStatus: 'Accepted' }));
    // Reusable states EVConnectedPreSession and Authorized15118 (C07 is about them).
    const s = await preSession(ctx, profile.evses[0]!.id);
    const since = csms.received.at(-1);
    await sut.act('evPlugAndCharge', { evse: s.evseId, emaid });
    const authorize = await csms.expectCall('Authorize', { after: since ?? 0 })
      .catch(() => { throw new Inconclusive('reusable state Authorized15118 not reached: the station sent no Authorize for the EV\'s contract; C07 is about it'); });
    const hash = (authorize.payload.iso15118CertificateHashData as Payload[] | undefined)?.[0];
    if (!hash) throw new Inconclusive('the station let the CSMS validate the contract (no iso15118CertificateHashData in its Authorize): the harness has no hash data of the contract certificate to name');
    const { hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber } = hash;
    const customerCertificate = { hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber };
    // The EV leaves: EVDisconnected, then ParkingBayUnoccupied where TxStopPoint waits for the bay.
    await sut.act('unplug', { evse: s.evseId });
    if (s.tx.stopPoints.includes('ParkingBayOccupancy')) await sut.act('driveOut', { evse: s.evseId });
    const first = await customerInformation(csms, { report: true, clear: true, customerCertificate }, 'Accepted', 'N10.FR.01');
    await customerReport(csms, first.requestId, first.since, 'N10.FR.03');
    const second = await customerInformation(csms, { report: true, clear: false, customerCertificate }, 'Accepted', 'N09.FR.01');
    await customerReport(csms, second.requestId, second.since, 'N09.FR.04');
  },
});
