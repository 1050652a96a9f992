import type { Payload } from '../../ocpp/frames.js';
import { OcppError } from '../errors.js';
import { defineFault } from '../faults.js';
import type { ReferenceCsms } from './csms.js';

/**
 * 2.0.1 N09/N10 get / clear customer information, CSMS side. Operator action (README "Operator actions"):
 *   customerInformation { report, clear, idToken?, idTokenType?, customerIdentifier?, customerCertificate? }
 *     CustomerInformation with a fresh requestId for the one customer named (customerCertificate: its hash data).
 * NotifyCustomerInformation parts are acknowledged and logged.
 */
export const CIF = {
  noReport: defineFault('csms.customer-information-no-report', 'sends CustomerInformation with report false whatever the operator chose'),
  noClear: defineFault('csms.customer-information-no-clear', 'sends CustomerInformation with clear false whatever the operator chose'),
  dropsCustomer: defineFault('csms.customer-information-drops-customer', 'leaves out the customerIdentifier / customerCertificate the operator chose'),
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
  });
  csms.handle('NotifyCustomerInformation', (station, p) => {
    if (has(CIF.notifyError)) throw new OcppError('InternalError', 'customer data store unavailable');
    station.log.event(`customer information ${String(p.requestId)} part ${String(p.seqNo)}${p.tbc === true ? ' (more to come)' : ''}`);
    return {};
  });
}
