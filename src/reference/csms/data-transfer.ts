import { defineFault } from '../faults.js';
import { OcppError } from '../errors.js';
import { answerDataTransfer } from '../station/data-transfer.js';
import type { ReferenceCsms } from './csms.js';

/**
 * P02 (2.0.1) / DataTransfer (1.6 Core): the CSMS answers a vendor it does not know with UnknownVendorId
 * (P02.FR.06) and an unknown messageId of its own vendor with UnknownMessageId (P02.FR.07); the same vendor as the
 * reference station (org.ocpp-conformance.reference, message Echo). customData in a station's request is ignored
 * (2.0.1 TC_P_03_CSMS) unless a fault says otherwise.
 */
export const CDT = {
  unknownVendorAccepted: defineFault('csms.data-transfer-unknown-vendor-accepted', 'answers DataTransfer of a vendor it does not know with Accepted'),
  notSupported: defineFault('csms.data-transfer-not-supported', 'answers every DataTransfer with a CALLERROR NotSupported instead of a DataTransfer answer'),
  rejectsCustomData: defineFault('csms.rejects-custom-data', '2.0.1: answers StatusNotification or TransactionEvent that carries customData with a CALLERROR FormatViolation'),
};

const WITH_CUSTOM_DATA = ['StatusNotification', 'TransactionEvent'];

export function install(csms: ReferenceCsms): void {
  const has = (f: string) => csms.faults.has(f);
  csms.handle('DataTransfer', (_station, p) => {
    if (has(CDT.notSupported)) throw new OcppError('NotSupported', 'DataTransfer is not supported');
    return answerDataTransfer(p, has(CDT.unknownVendorAccepted));
  });
  if (csms.version !== '2.0.1' || !has(CDT.rejectsCustomData)) return;
  for (const action of WITH_CUSTOM_DATA) {
    const inner = csms.handlerFor(action);
    if (!inner) continue;
    csms.handle(action, (station, p, call) => {
      if (JSON.stringify(p).includes('"customData"')) throw new OcppError('FormatViolation', 'customData is not allowed');
      return inner(station, p, call);
    });
  }
}
