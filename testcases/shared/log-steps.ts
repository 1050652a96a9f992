// 2.0.1 N01 Retrieve log information: the steps both roles share (GetLog, LogStatusNotification with its requestId).
import type { Payload } from '../../src/ocpp/frames.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import { getVariables } from './variables-steps.js';

let nextRequestId = 1 + (Date.now() % 90_000);
export const logRequestId = () => nextRequestId++;

/** Statuses that end an upload as failed (TC_N_26_CS accepts any of them). */
export const UPLOAD_FAILED = ['UploadFailure', 'BadMessage', 'PermissionDenied', 'NotSupportedOperation'];

/**
 * The harness takes uploads over HTTP only: a station whose OCPPCommCtrlr.FileTransferProtocols lacks HTTP cannot
 * reach it, so the test is inconclusive there. A variable the station does not report is no obstacle.
 */
export async function requireHttpTransfers201(csms: CsmsHarness): Promise<void> {
  const [result] = await getVariables(csms, [{ cv: { component: 'OCPPCommCtrlr', variable: 'FileTransferProtocols' } }]).catch(() => [undefined]);
  const value = result?.attributeStatus === 'Accepted' ? String(result.attributeValue ?? '') : undefined;
  if (value !== undefined && value !== '' && !/\bHTTPS?\b/i.test(value)) {
    throw new Inconclusive(`the station transfers files only over ${value} (FileTransferProtocols); the harness takes uploads over HTTP`);
  }
}

/** Send GetLog; the answer must have status `expected` (a list: any of them). */
export async function getLog(csms: CsmsHarness, logType: string, requestId: number, remoteLocation: string, expected: string | string[], extra: Payload = {}): Promise<Payload> {
  const answer = await csms.call('GetLog', { logType, requestId, log: { remoteLocation }, ...extra });
  const allowed = [expected].flat();
  if (!allowed.includes(String(answer.status))) {
    throw new Verdict(`GetLog ${logType} (requestId ${requestId}) must be answered ${allowed.join(' or ')}, got ${String(answer.status)}`, allowed.includes('Rejected') ? 'N01.FR.05' : undefined);
  }
  return answer;
}

/**
 * The station's next LogStatusNotification after `after`: its status must be one of `expected` and, where
 * `requestId` is given, carry that GetLog's requestId (N01.FR.13).
 */
export async function expectLogStatus(csms: CsmsHarness, after: ReceivedCall | number, expected: string | string[], requestId: number | undefined, within: number): Promise<ReceivedCall> {
  const allowed = [expected].flat();
  const call = await csms.expectCall('LogStatusNotification', { after, within }).catch((err: Error) => {
    throw err instanceof Verdict ? new Verdict(`the station must report ${allowed.join(' or ')} (LogStatusNotification): ${err.message}`, 'N01.FR.07') : err;
  });
  if (!allowed.includes(String(call.payload.status))) throw new Verdict(`the station must report ${allowed.join(' or ')} next, it reported ${String(call.payload.status)}`);
  if (requestId !== undefined && call.payload.requestId !== requestId) {
    throw new Verdict(`LogStatusNotification ${String(call.payload.status)} must carry the GetLog's requestId ${requestId}, it carries ${String(call.payload.requestId)}`, 'N01.FR.13');
  }
  return call;
}
