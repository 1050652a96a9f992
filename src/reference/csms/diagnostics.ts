import { defineFault } from '../faults.js';
import type { ReferenceCsms } from './csms.js';

/**
 * 1.6 Get Diagnostics (N01), CSMS side. Operator action `getDiagnostics` { stationId?, location, retries?,
 * retryInterval?, startTime?, stopTime? } sends GetDiagnostics with the location unchanged and logs the file name
 * the station answers; DiagnosticsStatusNotification is answered in trigger.ts.
 */
export const DGF = {
  wrongLocation: defineFault('csms.diagnostics-wrong-location', '1.6: sends GetDiagnostics with another location than the operator configured'),
};

export function install(csms: ReferenceCsms): void {
  if (csms.version !== '1.6') return;
  csms.onAction('getDiagnostics', async (station, args) => {
    const location = csms.faults.has(DGF.wrongLocation) ? `${String(args.location)}old/` : String(args.location);
    const optional = Object.fromEntries((['retries', 'retryInterval', 'startTime', 'stopTime'] as const).filter((k) => args[k] !== undefined)
      .map((k) => [k, k.endsWith('Time') ? String(args[k]) : Number(args[k])]));
    const answer = await csms.send(station, 'GetDiagnostics', { location, ...optional });
    station.log.event(`GetDiagnostics answered with file ${String(answer.fileName ?? '(none)')}`);
  });
}
