// N09 Get / N10 Clear customer information, CSMS as SUT (operator action customerInformation).
import { testCase, full, type CsmsTestCase, type CsmsContext } from '../../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import { CIF } from '../../../../src/reference/csms/customer-information.js';
import { operatorSends, requireRequestField } from '../../../shared/display-message-steps.js';
import { entriesOf, holdListVersion, operatorRequest, versionOf } from '../../../shared/local-list-steps.js';

const ocpp = '2.0.1';
/** TC_N_63's <customer certificate hash data>: any well-formed hash data of a contract certificate. */
const CERTIFICATE = { hashAlgorithm: 'SHA256', issuerNameHash: 'a'.repeat(64), issuerKeyHash: 'b'.repeat(64), serialNumber: '1a2b3c' };

type Customer = 'idToken' | 'customerIdentifier' | 'customerCertificate';

/** The operator asks for (or clears) a customer's information; the harness answers `status` and, when Accepted, reports. */
async function operatorAsks(ctx: CsmsContext, flags: { report: boolean; clear: boolean }, customer: Customer, status: string, data: string): Promise<ReceivedCall> {
  const { idTokens } = ctx.profile;
  const who = customer === 'idToken' ? { idToken: idTokens.valid, idTokenType: idTokens.type }
    : customer === 'customerIdentifier' ? { customerIdentifier: 'OpenChargeAlliance' } : { customerCertificate: CERTIFICATE };
  const call = await operatorSends(ctx, 'customerInformation', { stationId: ctx.profile.stationId, ...flags, ...who }, 'CustomerInformation', { status });
  requireRequestField(call, 'report', flags.report);
  requireRequestField(call, 'clear', flags.clear);
  if (customer === 'idToken') {
    requireRequestField(call, 'idToken.idToken', idTokens.valid);
    requireRequestField(call, 'idToken.type', idTokens.type);
  } else if (customer === 'customerIdentifier') requireRequestField(call, 'customerIdentifier', 'OpenChargeAlliance');
  else requireRequestField(call, 'customerCertificate', CERTIFICATE);
  if (status === 'Accepted') {
    await ctx.station.call('NotifyCustomerInformation', { data, seqNo: 0, generatedAt: new Date().toISOString(), tbc: false, requestId: Number(call.payload.requestId) })
      .catch((err: Error) => { throw new Verdict(`the CSMS must answer NotifyCustomerInformation: ${err.message}`); });
  }
  return call;
}

interface Variant { variant: string; id: string; useCase: 'N09' | 'N10'; report: boolean; clear: boolean; customer: Customer; status: string; data: string; needs?: string[]; title: string; killedBy: string[] }

const VARIANTS: Variant[] = [
  { variant: 'accepted-data', id: 'TC_N_27_CSMS', useCase: 'N09', report: true, clear: false, customer: 'idToken', status: 'Accepted', data: 'idToken in the authorization cache', title: 'The operator asks for a customer\'s information: report true for the idToken; the CSMS takes the report', killedBy: [CIF.noReport, CIF.notifyError] },
  { variant: 'accepted-no-data', id: 'TC_N_28_CSMS', useCase: 'N09', report: true, clear: false, customer: 'idToken', status: 'Accepted', data: 'No customer information available', title: 'The operator asks for a customer\'s information the station does not have: the CSMS takes the empty report', killedBy: [CIF.noReport, CIF.notifyError] },
  { variant: 'rejected', id: 'TC_N_29_CSMS', useCase: 'N09', report: true, clear: false, customer: 'idToken', status: 'Rejected', data: '', title: 'The operator asks for a customer\'s information: report true for the idToken, answered Rejected', killedBy: [CIF.noReport] },
  { variant: 'clear-report-data', id: 'TC_N_30_CSMS', useCase: 'N10', report: true, clear: true, customer: 'idToken', status: 'Accepted', data: 'idToken cleared from the authorization cache', title: 'The operator clears a customer\'s information with a report: report and clear true; the CSMS takes the report', killedBy: [CIF.noClear, CIF.notifyError] },
  { variant: 'clear-report-no-data', id: 'TC_N_31_CSMS', useCase: 'N10', report: true, clear: true, customer: 'idToken', status: 'Accepted', data: 'No customer information available', title: 'The operator clears a customer\'s information the station does not have, with a report', killedBy: [CIF.noClear, CIF.notifyError] },
  { variant: 'clear-no-report', id: 'TC_N_32_CSMS', useCase: 'N10', report: false, clear: true, customer: 'idToken', status: 'Accepted', data: 'Cleared', title: 'The operator clears a customer\'s information without a report: report false, clear true', killedBy: [CIF.noClear, CIF.notifyError] },
  { variant: 'clear-customer-identifier', id: 'TC_N_62_CSMS', useCase: 'N10', report: true, clear: true, customer: 'customerIdentifier', status: 'Accepted', data: 'OpenChargeAlliance cleared', needs: ['C-14'], title: 'The operator clears the information of customerIdentifier OpenChargeAlliance, with a report', killedBy: [CIF.dropsCustomer] },
  { variant: 'clear-customer-certificate', id: 'TC_N_63_CSMS', useCase: 'N10', report: true, clear: true, customer: 'customerCertificate', status: 'Accepted', data: 'certificate cleared', needs: ['ISO-4'], title: 'The operator clears the information of a customer certificate (its hash data), with a report', killedBy: [CIF.dropsCustomer] },
];

export const customerInformationCases = VARIANTS.map((v) => testCase<CsmsTestCase>({
  useCase: v.useCase, variant: v.variant, ocpp, sut: 'CSMS', actions: ['customerInformation'], ...(v.needs ? { needs: v.needs } : {}),
  octt: full(v.id),
  title: v.title,
  killedBy: v.killedBy,
  async run(ctx) {
    await ctx.station.booted();
    await operatorAsks(ctx, { report: v.report, clear: v.clear }, v.customer, v.status, v.data);
  },
}));

/**
 * TC_N_46_CSMS: the CSMS has sent the harness station a local list holding the valid idToken (the memory state, by
 * the operator's sendLocalList); the operator clears that customer's information with a report; the CSMS then
 * updates the local list: SendLocalList Differential, a version above the one the station holds, entries not empty.
 */
export const clearUpdatesLocalList = testCase<CsmsTestCase>({
  useCase: 'N10', variant: 'clear-updates-local-list', ocpp, sut: 'CSMS', actions: ['sendLocalList', 'customerInformation'],
  octt: full('TC_N_46_CSMS'),
  title: 'After the operator clears the information of an idToken on the station\'s local list, the CSMS sends a Differential list update',
  killedBy: [CIF.listNotUpdated],
  async run(ctx) {
    await ctx.station.booted();
    holdListVersion(ctx.station, 1);
    const first = await operatorRequest(ctx, 'sendLocalList', { updateType: 'Full', idTokens: [ctx.profile.idTokens.valid] }, 'SendLocalList', { status: 'Accepted' });
    const held = versionOf(ocpp, first);
    holdListVersion(ctx.station, held);
    const clear = await operatorAsks(ctx, { report: true, clear: true }, 'idToken', 'Accepted', 'idToken cleared');
    const update = await ctx.station.expectCall('SendLocalList', { after: clear }).catch((err: Error) => {
      throw new Verdict(`the cleared idToken is on the station's local list (version ${held}): the CSMS must update the list with SendLocalList: ${err.message}`, 'N10.FR.08');
    });
    const what = `the SendLocalList after the clear (${JSON.stringify(update.payload).slice(0, 300)})`;
    if (update.payload.updateType !== 'Differential') throw new Verdict(`${what}: updateType must be Differential`, 'N10.FR.08');
    if (!(versionOf(ocpp, update) > held)) throw new Verdict(`${what}: the station holds list version ${held}; the update must carry a higher versionNumber`, 'D01.FR.18');
    if (entriesOf(ocpp, update).length === 0) throw new Verdict(`${what}: localAuthorizationList must not be empty`, 'N10.FR.08');
  },
});
