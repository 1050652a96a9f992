import type { Payload } from '../../ocpp/frames.js';
import { OcppError } from '../errors.js';
import { defineFault } from '../faults.js';
import type { ReferenceCsms } from './csms.js';
import { localListState } from './local-list.js';

/**
 * 2.0.1 N09/N10 get / clear customer information, CSMS side. Operator action (README "Operator actions"):
 *   customerInformation { report, clear, idToken?, idTokenType?, customerIdentifier?, customerCertificate? }
 *     CustomerInformation with a fresh requestId for the one customer named (customerCertificate: its hash data).
 * NotifyCustomerInformation parts are acknowledged and logged. When an idToken's information is cleared at a station
 * the CSMS sent a local list to, it takes the token off that list too (N10.FR.08: a Differential update removing it).
 */
export const CIF = {
  noReport: defineFault('csms.customer-information-no-report', 'sends CustomerInformation with report false whatever the operator chose'),
  noClear: defineFault('csms.customer-information-no-clear', 'sends CustomerInformation with clear false whatever the operator chose'),
  dropsCustomer: defineFault('csms.customer-information-drops-customer', 'leaves out the customerIdentifier / customerCertificate the operator chose'),
  listNotUpdated: defineFault('csms.customer-clear-list-not-updated', 'keeps a cleared customer\'s idToken on the station\'s local list (sends no SendLocalList after the clear)'),
  notifyError: defineFault('csms.notify-customer-information-error', 'answers NotifyCustomerInformation with a CALLERROR'),
};

let nextRequestId = 1 + (Date.now() % 30_000);

export function install(csms: ReferenceCsms): void {
  if (csms.version !== '2.0.1') return;
  const has = (f: string) => csms.faults.has(f);
  csms.onAction('customerInformation', async (station, args) => {
    const request: Payload = {
      requestId: nextRequestId++, report: args.report === true && !has(CIF.noReport), clear: args.clear === true && !has(CIF.noClear),
    };
    if (args.idToken !== undefined) request.idToken = { idToken: String(args.idToken), type: String(args.idTokenType ?? 'ISO14443') };
    if (args.customerIdentifier !== undefined && !has(CIF.dropsCustomer)) request.customerIdentifier = String(args.customerIdentifier);
    if (args.customerCertificate !== undefined && !has(CIF.dropsCustomer)) request.customerCertificate = args.customerCertificate as Payload;
    const answer = await csms.send(station, 'CustomerInformation', request);
    station.log.event(`CustomerInformation ${String(request.requestId)} answered ${String(answer.status)}`);
    const list = localListState(csms, station.id);
    if (answer.status === 'Accepted' && request.clear === true && request.idToken && list.version > 0 && !has(CIF.listNotUpdated)) {
      const versionNumber = list.version + 1;
      const update = { versionNumber, updateType: 'Differential', localAuthorizationList: [{ idToken: request.idToken }] };
      const listAnswer = await csms.send(station, 'SendLocalList', update);
      list.answers.push({ action: 'SendLocalList', request: update, answer: listAnswer });
      station.log.event(`SendLocalList Differential version ${versionNumber} (cleared customer taken off) answered ${String(listAnswer.status)}`);
      if (listAnswer.status === 'Accepted') list.version = versionNumber;
    }
  });
  csms.handle('NotifyCustomerInformation', (station, p) => {
    if (has(CIF.notifyError)) throw new OcppError('InternalError', 'customer data store unavailable');
    station.log.event(`customer information ${String(p.requestId)} part ${String(p.seqNo)}${p.tbc === true ? ' (more to come)' : ''}`);
    return {};
  });
}
