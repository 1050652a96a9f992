import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import { OcppError } from '../errors.js';
import type { ReferenceCsms, StationRecord } from './csms.js';

/**
 * F06 (2.0.1) / Remote Trigger (1.6): the operator asks the CSMS to trigger a message from a station
 * (operator action `triggerMessage` { requestedMessage, evseId?, connectorId? }), and the CSMS accepts the
 * messages that come back (status reports of logs, firmware and diagnostics; meter values and transaction
 * events are handled by transactions.ts, StatusNotification and Heartbeat by the core).
 * 2.0.1 StatusNotification triggers name the EVSE and connector (F06.FR.13). A refused trigger is not repeated.
 */
export const TRCF = {
  notSent: defineFault('csms.trigger-not-sent', 'the operator\'s triggerMessage action sends nothing'),
  wrongEvse: defineFault('csms.trigger-wrong-evse', 'names the EVSE/connector after the one the operator asked for'),
  statusWithoutEvse: defineFault('csms.trigger-status-no-evse', 'omits the evse field when it triggers a StatusNotification for one connector'),
  repeatsRefused: defineFault('csms.trigger-repeats-refused', 'sends the same TriggerMessage again after it was answered Rejected/NotImplemented'),
  noLogStatus: defineFault('csms.no-log-status-handler', 'answers LogStatusNotification with CALLERROR NotSupported'),
  noFirmwareStatus: defineFault('csms.no-firmware-status-handler', 'answers FirmwareStatusNotification with CALLERROR NotSupported'),
  noDiagnosticsStatus: defineFault('csms.no-diagnostics-status-handler', 'answers DiagnosticsStatusNotification with CALLERROR NotSupported'),
};

/** The last trigger answers per station, for the operator's view (not on the wire). */
export const triggerAnswers = new WeakMap<StationRecord, { requestedMessage: string; status: string }[]>();

export function install(csms: ReferenceCsms): void {
  const has = (f: string) => csms.faults.has(f);
  const statusReport = (fault: string) => (station: StationRecord, p: Payload) => {
    if (has(fault)) throw new OcppError('NotSupported', 'status reports are not supported');
    station.log.event(`status report: ${JSON.stringify(p)}`);
    return {};
  };
  csms.handle('FirmwareStatusNotification', statusReport(TRCF.noFirmwareStatus));
  if (csms.version === '1.6') csms.handle('DiagnosticsStatusNotification', statusReport(TRCF.noDiagnosticsStatus));
  else csms.handle('LogStatusNotification', statusReport(TRCF.noLogStatus));

  csms.onAction('triggerMessage', async (station, args) => {
    if (has(TRCF.notSent)) return;
    const requestedMessage = String(args.requestedMessage);
    const shift = has(TRCF.wrongEvse) ? 1 : 0;
    const payload: Payload = { requestedMessage };
    if (csms.version === '1.6') {
      const connectorId = args.connectorId ?? args.evseId;
      if (connectorId !== undefined) payload.connectorId = Number(connectorId) + shift;
    } else if (args.evseId !== undefined) {
      const evse: Payload = { id: Number(args.evseId) + shift };
      const connectorId = args.connectorId ?? (requestedMessage === 'StatusNotification' ? 1 : undefined);
      if (connectorId !== undefined) evse.connectorId = Number(connectorId);
      if (!(requestedMessage === 'StatusNotification' && has(TRCF.statusWithoutEvse))) payload.evse = evse;
    }
    const answer = await csms.send(station, 'TriggerMessage', payload);
    const status = String(answer.status);
    triggerAnswers.set(station, [...(triggerAnswers.get(station) ?? []), { requestedMessage, status }]);
    if (status !== 'Accepted' && has(TRCF.repeatsRefused)) await csms.send(station, 'TriggerMessage', payload);
  });
}
