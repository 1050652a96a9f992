import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceCsms } from './csms.js';

/**
 * 2.0.1 N01 Retrieve log information, CSMS side. Operator action (README "Operator actions"):
 *   getLog { logType?, remoteLocation, retries?, retryInterval? }  GetLog with a fresh requestId, logType
 *     DiagnosticsLog unless given. The LogStatusNotifications are answered by trigger.ts (its noLogStatus fault).
 */
export const LGF = {
  wrongType: defineFault('csms.get-log-wrong-type', 'asks GetLog for the other log type than the operator chose'),
  notSent: defineFault('csms.get-log-not-sent', 'the operator\'s getLog sends nothing to the station'),
};

let nextRequestId = 1 + (Date.now() % 80_000);

export function install(csms: ReferenceCsms): void {
  if (csms.version !== '2.0.1') return;
  const has = (f: string) => csms.faults.has(f);
  csms.onAction('getLog', async (station, args) => {
    if (has(LGF.notSent)) return;
    let logType = String(args.logType ?? 'DiagnosticsLog');
    if (has(LGF.wrongType)) logType = logType === 'SecurityLog' ? 'DiagnosticsLog' : 'SecurityLog';
    const request: Payload = { logType, requestId: nextRequestId++, log: { remoteLocation: String(args.remoteLocation) } };
    if (args.retries !== undefined) request.retries = Number(args.retries);
    if (args.retryInterval !== undefined) request.retryInterval = Number(args.retryInterval);
    const answer = await csms.send(station, 'GetLog', request);
    station.log.event(`GetLog ${logType} ${String(request.requestId)} answered ${String(answer.status)}`);
  });
}
