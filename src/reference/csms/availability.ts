import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import { OcppError } from '../errors.js';
import type { ReferenceCsms, StationRecord } from './csms.js';

/**
 * G03/G04 ChangeAvailability, F05 UnlockConnector (operator actions) and G05 lock failure reports.
 *
 * Operator actions:
 * - `changeAvailability` { evseId?: number, connectorId?: number, operational: boolean }: 2.0.1 without evseId
 *   the whole station, with connectorId one connector of the EVSE; 1.6 connectorId = evseId ?? connectorId ?? 0.
 * - `unlockConnector` { evseId: number, connectorId?: number }: 2.0.1 connectorId defaults to 1; 1.6 unlocks
 *   connector evseId (or connectorId).
 * The station's answers are kept per station (lastAnswers) and logged.
 */
export const AF = {
  wrongEvse: defineFault('csms.change-availability-wrong-evse', 'sends ChangeAvailability for the EVSE after the one the operator chose'),
  wrongStatus: defineFault('csms.change-availability-inverted', 'sends ChangeAvailability with the opposite operational status'),
  unlockWrongConnector: defineFault('csms.unlock-wrong-connector', 'sends UnlockConnector for another connector than the operator chose'),
  notifyEventError: defineFault('csms.notify-event-callerror', 'answers NotifyEvent with CALLERROR InternalError unless it reports an Available connector'),
  stationEvseZero: defineFault('csms.change-availability-station-evse-zero', '2.0.1: addresses a station-wide ChangeAvailability to evse {id: 0} instead of omitting evse'),
};

/** The last answer each station gave to ChangeAvailability / UnlockConnector (what the operator sees). */
export const lastAnswers = new WeakMap<StationRecord, Record<string, Payload>>();

export function install(csms: ReferenceCsms): void {
  const v16 = csms.version === '1.6';
  const has = (fault: string) => csms.faults.has(fault);
  const num = (v: unknown) => (v === undefined || v === null ? undefined : Number(v));

  const record = (station: StationRecord, action: string, answer: Payload) => {
    lastAnswers.set(station, { ...lastAnswers.get(station), [action]: answer });
    station.log.event(`${action} answered ${String(answer.status)}`);
  };

  csms.onAction('changeAvailability', async (station, args) => {
    const operative = args.operational !== false && args.operational !== 'false';
    const sendOperative = has(AF.wrongStatus) ? !operative : operative;
    const shift = has(AF.wrongEvse) ? 1 : 0;
    let payload: Payload;
    if (v16) {
      const id = num(args.evseId) ?? num(args.connectorId) ?? 0;
      payload = { connectorId: id + shift, type: sendOperative ? 'Operative' : 'Inoperative' };
    } else {
      payload = { operationalStatus: sendOperative ? 'Operative' : 'Inoperative' };
      const evseId = num(args.evseId);
      if (evseId !== undefined) {
        const evse: Payload = { id: evseId + shift };
        const connectorId = num(args.connectorId);
        if (connectorId !== undefined) evse.connectorId = connectorId;
        payload.evse = evse;
      } else if (has(AF.stationEvseZero)) {
        payload.evse = { id: 0 };
      }
    }
    record(station, 'ChangeAvailability', await csms.send(station, 'ChangeAvailability', payload));
  });

  csms.onAction('unlockConnector', async (station, args) => {
    const shift = has(AF.unlockWrongConnector) ? 1 : 0;
    const payload: Payload = v16
      ? { connectorId: (num(args.evseId) ?? num(args.connectorId) ?? 1) + shift }
      : { evseId: num(args.evseId) ?? 1, connectorId: (num(args.connectorId) ?? 1) + shift };
    record(station, 'UnlockConnector', await csms.send(station, 'UnlockConnector', payload));
  });

  if (!v16) {
    // G05 (and any other event): the CSMS acknowledges; a lock problem is logged for the operator.
    csms.handle('NotifyEvent', (station, p) => {
      const idle = ((p.eventData as Payload[] | undefined) ?? []).every((e) => e.actualValue === 'Available');
      if (has(AF.notifyEventError) && !idle) throw new OcppError('InternalError', 'event store unavailable');
      for (const e of (p.eventData as Payload[] | undefined) ?? []) {
        const component = e.component as Payload | undefined;
        if (component?.name === 'ConnectorPlugRetentionLock') station.log.event(`connector lock problem reported: ${String(e.actualValue)}`);
      }
      return {};
    });
  }
}
