import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import { OcppError } from '../errors.js';
import type { ReferenceCsms, StationRecord } from './csms.js';

/**
 * B07/B08 (2.0.1): the CSMS asks for base and custom reports and takes the NotifyReport messages that carry
 * them, keeping each report's items by requestId. Operator actions:
 *
 *  - `getBaseReport` { reportBase: ConfigurationInventory | FullInventory | SummaryInventory }
 *  - `getReport`     { componentCriteria?: string[], componentVariable?: ComponentVariableType[] (OCPP shape) }
 */
export const RPCF = {
  notifyNotSupported: defineFault('csms.notifyreport-not-supported', 'answers NotifyReport with CALLERROR NotSupported'),
  alwaysFull: defineFault('csms.base-report-always-full', 'asks for a FullInventory whatever report base the operator chose'),
  dropsCriteria: defineFault('csms.getreport-drops-criteria', 'leaves the componentCriteria out of GetReport'),
};

/** Report items received per station and requestId. */
const reports = new WeakMap<StationRecord, Map<number, Payload[]>>();
let nextRequestId = 1;

export function reportsOf(station: StationRecord): Map<number, Payload[]> {
  let map = reports.get(station);
  if (!map) reports.set(station, (map = new Map()));
  return map;
}

export function install(csms: ReferenceCsms): void {
  if (csms.version !== '2.0.1') return;
  csms.handle('NotifyReport', (station, p) => {
    if (csms.faults.has(RPCF.notifyNotSupported)) throw new OcppError('NotSupported', 'NotifyReport is not supported');
    const id = Number(p.requestId);
    const map = reportsOf(station);
    map.set(id, [...(map.get(id) ?? []), ...((p.reportData ?? []) as Payload[])]);
    return {};
  });

  csms.onAction('getBaseReport', async (station, args) => {
    const reportBase = csms.faults.has(RPCF.alwaysFull) ? 'FullInventory' : String(args.reportBase);
    await csms.send(station, 'GetBaseReport', { requestId: nextRequestId++, reportBase });
  });

  csms.onAction('getReport', async (station, args) => {
    const criteria = args.componentCriteria as string[] | undefined;
    const cvs = args.componentVariable as Payload[] | undefined;
    await csms.send(station, 'GetReport', {
      requestId: nextRequestId++,
      ...(criteria?.length && !csms.faults.has(RPCF.dropsCriteria) ? { componentCriteria: criteria } : {}),
      ...(cvs?.length ? { componentVariable: cvs } : {}),
    });
  });
}
