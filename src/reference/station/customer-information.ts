import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import { cacheOf } from './auth-cache.js';
import type { ReferenceStation } from './station.js';

/**
 * 2.0.1 N09/N10 get / clear customer information: CustomerInformation for one customer (an idToken, a
 * customerIdentifier or a customer certificate) is Accepted; with report true the station sends what it holds of
 * that customer (its authorization cache entry) in NotifyCustomerInformation, one part (tbc false). Cleared data
 * is forgotten from then on. A request naming no customer is Invalid. Operator action (README "Operator actions"):
 * storeCustomerIdentifier { customerIdentifier } stores data of that customer, reported for its customerIdentifier.
 */
export const CI = {
  clearRejected: defineFault('cs.customer-information-clear-rejected', 'answers a CustomerInformation that clears data Rejected'),
  noNotify: defineFault('cs.customer-information-no-notify', 'sends no NotifyCustomerInformation after a CustomerInformation with report true'),
  emptyData: defineFault('cs.customer-information-empty-data', 'reports empty data for a customer whose data it holds (an authorization cache entry)'),
  noCustomerAccepted: defineFault('cs.customer-information-no-customer-accepted', 'accepts a CustomerInformation that names no customer (no idToken, customerIdentifier or customerCertificate)'),
  tbcTrue: defineFault('cs.customer-information-tbc-true', 'sends its only NotifyCustomerInformation part with tbc true'),
};

export function install(station: ReferenceStation): void {
  if (station.version !== '2.0.1') return;
  const has = (f: string) => station.faults.has(f);
  const cleared = new Set<string>();
  // Customer identifiers the operator stored at the station (C-14: operator action storeCustomerIdentifier).
  const stored = new Set<string>();
  station.onAction('storeCustomerIdentifier', (args) => {
    const identifier = String(args.customerIdentifier);
    stored.add(identifier);
    cleared.delete(identifier);
  });

  station.handle('CustomerInformation', (p) => {
    const idToken = (p.idToken as Payload | undefined)?.idToken as string | undefined;
    const customer = idToken ?? (p.customerIdentifier as string | undefined) ?? (p.customerCertificate ? JSON.stringify(p.customerCertificate) : undefined);
    if (customer === undefined && !has(CI.noCustomerAccepted)) return { status: 'Invalid' };
    if (p.clear === true && has(CI.clearRejected)) return { status: 'Rejected' };
    const cached = idToken !== undefined && !cleared.has(idToken) ? cacheOf(station)?.lookup(idToken) : undefined;
    const identifier = p.customerIdentifier as string | undefined;
    const held = identifier !== undefined && stored.has(identifier) && !cleared.has(identifier);
    const data = (cached || held) && has(CI.emptyData) ? '' : cached ? `idToken ${idToken}: authorization cache status ${cached.status}`
      : held ? `customerIdentifier ${identifier}: stored customer data` : 'No customer information available';
    if (p.clear === true && customer !== undefined) cleared.add(customer);
    if (p.report === true && !has(CI.noNotify)) {
      station.later(0, async () => {
        await station.send('NotifyCustomerInformation', { data, seqNo: 0, generatedAt: station.now(), tbc: has(CI.tbcTrue), requestId: p.requestId });
      });
    }
    return { status: 'Accepted' };
  });
}
