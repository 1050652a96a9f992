import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import { OcppError } from '../errors.js';
import type { ReferenceStation } from './station.js';

/**
 * P01 (2.0.1) / DataTransfer (1.6 Core, 4.3/5.6): the station answers DataTransfer for vendors it does not know with
 * UnknownVendorId (P01.FR.05; 1.6: UnknownVendorId, no data) and, for its own vendor, an unknown messageId with
 * UnknownMessageId (P01.FR.06). Its own vendor knows one message, `Echo`, answered Accepted with the data sent.
 * It also takes customData on any request (2.0.1 TC_P_03/TC_P_04): the schemas allow it everywhere.
 */
export const DTF = {
  unknownVendorAccepted: defineFault('cs.data-transfer-unknown-vendor-accepted', 'answers DataTransfer of a vendor it does not know with Accepted'),
  notSupported: defineFault('cs.data-transfer-not-supported', 'answers every DataTransfer with a CALLERROR NotSupported instead of a DataTransfer answer'),
  rejectsCustomData: defineFault('cs.rejects-custom-data', '2.0.1: answers a request that carries customData with a CALLERROR FormatViolation'),
};

/** The vendor the reference station implements DataTransfer for, and its one message. */
export const REFERENCE_VENDOR_ID = 'org.ocpp-conformance.reference';
export const REFERENCE_MESSAGE_ID = 'Echo';

export function answerDataTransfer(p: Payload, unknownVendorAccepted: boolean): Payload {
  if (p.vendorId !== REFERENCE_VENDOR_ID) return { status: unknownVendorAccepted ? 'Accepted' : 'UnknownVendorId' };
  if (p.messageId !== undefined && p.messageId !== REFERENCE_MESSAGE_ID) return { status: 'UnknownMessageId' };
  return p.data === undefined ? { status: 'Accepted' } : { status: 'Accepted', data: p.data };
}

/** Requests the customData test cases send; wrapped here, so install this feature after the ones that handle them. */
const WITH_CUSTOM_DATA = ['SetVariables', 'SetChargingProfile'];

export function install(station: ReferenceStation): void {
  const has = (f: string) => station.faults.has(f);
  station.handle('DataTransfer', (p) => {
    if (has(DTF.notSupported)) throw new OcppError('NotSupported', 'DataTransfer is not supported');
    return answerDataTransfer(p, has(DTF.unknownVendorAccepted));
  });
  if (station.version !== '2.0.1' || !has(DTF.rejectsCustomData)) return;
  for (const action of WITH_CUSTOM_DATA) {
    const inner = station.handlerFor(action);
    if (!inner) continue;
    station.handle(action, (p, call) => {
      if (JSON.stringify(p).includes('"customData"')) throw new OcppError('FormatViolation', 'customData is not allowed');
      return inner(p, call);
    });
  }
}
