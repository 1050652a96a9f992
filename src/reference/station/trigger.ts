import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import { OcppError } from '../errors.js';
import type { ReferenceStation } from './station.js';
import type { Evse } from './model.js';

/**
 * F06 (2.0.1) / Remote Trigger (1.6): TriggerMessage. The station answers first and then sends what was asked
 * for (both versions put the answer before the triggered message). 2.0.1 refuses a BootNotification once its
 * boot is accepted (F06.FR.17); an EVSE named for a message that does not concern EVSEs is ignored (F06.FR.03);
 * messages it cannot send get NotImplemented; an EVSE it does not have gets Rejected.
 */
export const TRF = {
  noMessage: defineFault('cs.trigger-no-message', 'answers TriggerMessage Accepted but never sends the requested message'),
  messageBeforeAnswer: defineFault('cs.trigger-message-before-answer', 'sends the triggered message before its TriggerMessage answer'),
  unsupportedAccepted: defineFault('cs.trigger-unsupported-accepted', 'answers Accepted to a trigger for a message it cannot send'),
  ignoresEvse: defineFault('cs.trigger-ignores-evse', 'sends the triggered status/meter message for every EVSE although one was named'),
  firstEvseOnly: defineFault('cs.trigger-first-evse-only', 'sends a triggered message without EVSE only for the first EVSE'),
  unknownEvseAccepted: defineFault('cs.trigger-unknown-evse-accepted', 'accepts a trigger for an EVSE it does not have (and answers for the first)'),
  meterContextPeriodic: defineFault('cs.trigger-meter-context-periodic', 'marks triggered meter values with context Sample.Periodic instead of Trigger'),
  txReasonPeriodic: defineFault('cs.trigger-tx-reason-periodic', 'sends a triggered TransactionEvent with triggerReason MeterValuePeriodic'),
  bootWhenAccepted: defineFault('cs.trigger-boot-when-accepted', 'accepts a triggered BootNotification although its boot is already accepted'),
  irrelevantEvseRejected: defineFault('cs.trigger-irrelevant-evse-rejected', 'rejects a trigger that names an EVSE for a message not about EVSEs'),
};

const SUPPORTED_201 = new Set(['BootNotification', 'Heartbeat', 'StatusNotification', 'MeterValues', 'TransactionEvent',
  'LogStatusNotification', 'FirmwareStatusNotification']);
const SUPPORTED_16 = new Set(['BootNotification', 'Heartbeat', 'StatusNotification', 'MeterValues',
  'DiagnosticsStatusNotification', 'FirmwareStatusNotification']);
/** Messages about one EVSE/connector: for these a named EVSE matters (and an unknown one is refused). */
const PER_EVSE = new Set(['StatusNotification', 'MeterValues', 'TransactionEvent']);

export function install(station: ReferenceStation): void {
  const v16 = station.version === '1.6';
  const has = (f: string) => station.faults.has(f);

  /** The EVSEs a trigger concerns: the named one, or all when none is named. */
  const targets = (evseId: number | undefined): Evse[] => {
    if (evseId === undefined || (v16 && evseId === 0)) return has(TRF.firstEvseOnly) ? station.evses.slice(0, 1) : station.evses;
    if (has(TRF.ignoresEvse)) return station.evses;
    const evse = station.evses.find((e) => e.id === evseId);
    if (evse) return [evse];
    return has(TRF.unknownEvseAccepted) ? station.evses.slice(0, 1) : [];
  };

  const meterValue = (evse: Evse): Payload => {
    const wh = station.transactions.meterNowWh(evse);
    const context = has(TRF.meterContextPeriodic) ? 'Sample.Periodic' : 'Trigger';
    const sampled: Payload = v16
      ? { value: String(wh), context, measurand: 'Energy.Active.Import.Register', unit: 'Wh' }
      : { value: wh, context, measurand: 'Energy.Active.Import.Register' };
    return { timestamp: station.now(), sampledValue: [sampled] };
  };

  const sendMeterValues = async (evse: Evse): Promise<void> => {
    if (v16) {
      const payload: Payload = { connectorId: evse.id, meterValue: [meterValue(evse)] };
      const tx = evse.transaction;
      if (tx && Number(tx.id) > 0) payload.transactionId = Number(tx.id);
      await station.send('MeterValues', payload);
    } else {
      await station.send('MeterValues', { evseId: evse.id, meterValue: [meterValue(evse)] });
    }
  };

  /** 2.0.1: a TransactionEvent Updated for the EVSE's transaction, reason Trigger, with the meter now. */
  const sendTransactionEvent = async (evse: Evse): Promise<void> => {
    const tx = evse.transaction;
    if (!tx) return;
    await station.sendQueued('TransactionEvent', {
      eventType: 'Updated', timestamp: station.now(),
      triggerReason: has(TRF.txReasonPeriodic) ? 'MeterValuePeriodic' : 'Trigger',
      seqNo: tx.seqNo++,
      transactionInfo: { transactionId: String(tx.id), chargingState: tx.chargingState },
      evse: { id: evse.id, connectorId: tx.connectorId },
      meterValue: [meterValue(evse)],
    });
  };

  const reportStatus = async (evses: Evse[], connectorId: number | undefined, wholeStation: boolean): Promise<void> => {
    if (wholeStation) {
      // 1.6: without connectorId the Charge Point itself (connector 0) is reported too.
      const anyOperative = station.evses.some((e) => e.connectors.some((c) => c.status !== 'Unavailable'));
      await station.send('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: anyOperative ? 'Available' : 'Unavailable', timestamp: station.now() });
    }
    for (const evse of evses) {
      for (const c of evse.connectors) {
        if (connectorId === undefined || c.id === connectorId || has(TRF.ignoresEvse)) await station.reportStatus(evse, c);
      }
    }
  };

  /** What to send for an accepted trigger, or the status to answer instead. */
  const plan = (requested: string, evseId: number | undefined, connectorId: number | undefined): { status: string; send?: () => Promise<void> } => {
    const supported = v16 ? SUPPORTED_16 : SUPPORTED_201;
    if (!supported.has(requested)) return has(TRF.unsupportedAccepted) ? { status: 'Accepted' } : { status: 'NotImplemented' };
    if (evseId !== undefined && !PER_EVSE.has(requested) && !v16 && has(TRF.irrelevantEvseRejected)) return { status: 'Rejected' };
    const evses = PER_EVSE.has(requested) ? targets(evseId) : [];
    if (PER_EVSE.has(requested) && evses.length === 0) return { status: 'Rejected' };
    switch (requested) {
      case 'BootNotification':
        if (!v16 && station.bootState === 'Accepted' && !has(TRF.bootWhenAccepted)) return { status: 'Rejected' };
        return { status: 'Accepted', send: () => station.boot('Triggered') };
      case 'Heartbeat':
        return { status: 'Accepted', send: async () => { await station.send('Heartbeat', {}); } };
      case 'StatusNotification':
        // 2.0.1: an EVSE without connectorId means each of its connectors.
        if (!v16 && connectorId !== undefined && !evses.some((e) => e.connectors.some((c) => c.id === connectorId))) return { status: 'Rejected' };
        if (v16 && evseId === 0) return { status: 'Accepted', send: () => reportStatus([], undefined, true) };
        return { status: 'Accepted', send: () => reportStatus(evses, v16 ? undefined : connectorId, v16 && evseId === undefined) };
      case 'MeterValues':
        return { status: 'Accepted', send: async () => { for (const e of evses) await sendMeterValues(e); } };
      case 'TransactionEvent': {
        const withTx = evses.filter((e) => e.transaction);
        if (withTx.length === 0) return { status: 'Rejected' };
        return { status: 'Accepted', send: async () => { for (const e of withTx) await sendTransactionEvent(e); } };
      }
      case 'LogStatusNotification':
        return { status: 'Accepted', send: async () => { await station.send('LogStatusNotification', withRequestId(station, 'LogStatusNotification', currentTransfer(station, 'LogStatusNotification'))); } };
      case 'DiagnosticsStatusNotification':
        return { status: 'Accepted', send: async () => { await station.send('DiagnosticsStatusNotification', { status: currentTransfer(station, 'DiagnosticsStatusNotification') }); } };
      case 'FirmwareStatusNotification':
        return { status: 'Accepted', send: async () => { await station.send('FirmwareStatusNotification', withRequestId(station, 'FirmwareStatusNotification', currentTransfer(station, 'FirmwareStatusNotification'))); } };
      default:
        return { status: 'NotImplemented' };
    }
  };

  station.handle('TriggerMessage', async (p) => {
    const requested = String(p.requestedMessage);
    let evseId: number | undefined;
    let connectorId: number | undefined;
    if (v16) evseId = p.connectorId === undefined ? undefined : Number(p.connectorId);
    else {
      const evse = p.evse as Payload | undefined;
      evseId = evse === undefined ? undefined : Number(evse.id);
      connectorId = evse?.connectorId === undefined ? undefined : Number(evse.connectorId);
    }
    if (evseId !== undefined && !Number.isInteger(evseId)) throw new OcppError('FormationViolation', 'evse id must be an integer');
    const { status, send } = plan(requested, evseId, connectorId);
    if (status === 'Accepted' && send && !has(TRF.noMessage)) {
      if (has(TRF.messageBeforeAnswer)) await send();
      else station.later(0, send);
    }
    return { status };
  });
}

/** Statuses that end a transfer: after them a station is idle again. */
const TRANSFER_ENDED = new Set(['Installed', 'DownloadFailed', 'InstallationFailed', 'InvalidSignature', 'InstallVerificationFailed',
  'Uploaded', 'UploadFailed', 'UploadFailure', 'BadMessage', 'NotSupportedOperation', 'PermissionDenied', 'AcceptedCanceled', 'Idle']);

/** A triggered status notification reports the transfer under way, Idle only when there is none (1.6 4.4/4.5, 2.0.1 F06). */
function currentTransfer(station: ReferenceStation, action: string): string {
  const last = station.transferStatus.get(action);
  return last === undefined || TRANSFER_ENDED.has(last) ? 'Idle' : last;
}

/** 2.0.1 (FirmwareStatusNotification, LogStatusNotification): a triggered report of an update under way carries its requestId; Idle none. */
function withRequestId(station: ReferenceStation, action: string, status: string): Payload {
  const requestId = station.transferRequestId.get(action);
  return station.version === '1.6' || status === 'Idle' || requestId === undefined ? { status } : { status, requestId };
}
