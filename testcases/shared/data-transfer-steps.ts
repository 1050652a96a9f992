// Data transfer (2.0.1 P01/P02, 1.6 DataTransfer of the Core profile) for both SUT roles and versions: the
// harness sends a DataTransfer the SUT has no implementation for and judges the answer.
import type { Payload } from '../../src/ocpp/frames.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';
import { Verdict, type Peer } from '../../src/harness/peer.js';

/** The documents' vendorId (TC_P_01_CS names it; the others take it as configured) and a messageId nobody uses. */
export const OCTT_VENDOR_ID = 'org.openchargealliance.octt';
export const UNUSED_MESSAGE_ID = 'ocpp-conformance-unused-message';

/** What the spec requires of a receiver without an implementation for the vendor, per version and receiver. */
function requirement(ocpp: OcppVersion, receiver: 'CS' | 'CSMS'): string {
  if (ocpp === '1.6') return receiver === 'CS' ? 'OCPP 1.6 5.6' : 'OCPP 1.6 4.3';
  return receiver === 'CS' ? 'P01.FR.05' : 'P02.FR.06';
}

/**
 * Send DataTransfer with a vendorId and messageId the SUT does not implement. The documents accept
 * UnknownVendorId, UnknownMessageId or Rejected; Accepted breaks the rule that an unknown vendor is answered
 * UnknownVendorId (1.6 4.3/5.6 say SHALL; the 1.6 document only warns, the 2.0.1 documents refuse it), and a
 * CALLERROR is no DataTransfer answer at all (the action is mandatory in both versions). With UnknownVendorId the
 * answer carries no data.
 */
export async function unknownVendorDataTransfer(peer: Peer, ocpp: OcppVersion, receiver: 'CS' | 'CSMS'): Promise<Payload> {
  const req = requirement(ocpp, receiver);
  const answer = await peer.call('DataTransfer', { vendorId: OCTT_VENDOR_ID, messageId: UNUSED_MESSAGE_ID, data: 'ping' })
    .catch((err: Error) => { throw new Verdict(`DataTransfer (vendorId ${OCTT_VENDOR_ID}) must be answered with a DataTransfer response: ${err.message}`, req); });
  const status = String(answer.status);
  if (!['UnknownVendorId', 'UnknownMessageId', 'Rejected'].includes(status)) {
    throw new Verdict(`DataTransfer for vendorId ${OCTT_VENDOR_ID}, which the SUT does not implement, must be answered UnknownVendorId (UnknownMessageId or Rejected are tolerated), got ${status}`, req);
  }
  if (status === 'UnknownVendorId' && answer.data !== undefined) {
    throw new Verdict(`a DataTransfer answered UnknownVendorId must carry no data, got ${JSON.stringify(answer.data).slice(0, 100)}`, req);
  }
  return answer;
}

/** customData as the 2.0.1 schemas allow it on every type: a vendorId and anything else. */
export const customData = (what: string): Payload => ({ vendorId: OCTT_VENDOR_ID, note: `custom data on ${what}`, n: 1 });
