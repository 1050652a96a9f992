// 1.6 transaction steps with the charge point as SUT that the E test cases share: the reusable state Authorized
// (OCTT 1.6 document, reusable states) and the start of a transaction once a cable and an authorized idTag meet.
import type { CsContext } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import { afterMark, brief, expectConnectorStatus, markOf, reportedStatus, type Mark } from './session-states.js';

/** Reusable state Authorized: the driver presents the valid idTag; Authorize.req for it, then Preparing (unless already). */
export async function authorized16({ csms, sut, profile }: CsContext, connectorId: number, o: { preparing: boolean }): Promise<ReceivedCall> {
  const since = markOf(csms);
  await sut.act('presentIdToken', { evse: connectorId, idToken: profile.idTokens.valid });
  const authorize = await csms.expectCall('Authorize', { after: afterMark(since) })
    .catch(() => { throw new Verdict(`a presented idTag must be authorized first: no Authorize.req within ${profile.timing.callTimeoutMs} ms`, 'OCPP 1.6 4.1'); });
  if (authorize.payload.idTag !== profile.idTokens.valid) throw new Verdict(`Authorize.req must carry the presented idTag ${profile.idTokens.valid}, got ${brief(authorize)}`);
  if (o.preparing) await expectConnectorStatus(csms, connectorId, 1, 'Preparing', since, 'after the idTag was authorized');
  return authorize;
}

/**
 * StartTransaction.req for the connector and the valid idTag and StatusNotification Charging, in either order,
 * after `since`; the harness answers StartTransaction Accepted. Returns the StartTransaction.
 */
export async function expectStarted16({ csms, profile }: CsContext, connectorId: number, since: Mark, why: string): Promise<ReceivedCall> {
  const start = await csms.expectCall('StartTransaction', { after: afterMark(since) })
    .catch(() => { throw new Verdict(`${why}: the transaction must start (StartTransaction.req) within ${profile.timing.callTimeoutMs} ms`); });
  if (Number(start.payload.connectorId) !== connectorId || start.payload.idTag !== profile.idTokens.valid) {
    throw new Verdict(`StartTransaction.req must be for connector ${connectorId} with idTag ${profile.idTokens.valid}, got ${brief(start)}`);
  }
  await expectConnectorStatus(csms, connectorId, 1, 'Charging', since, why, { passing: ['Preparing'] });
  return start;
}

/** The connector's next status report after `since` is one of `statuses` (some reports of `passing` may come first). */
export async function expectOneOfStatuses({ csms, profile }: CsContext, connectorId: number, statuses: string[], since: Mark, why: string,
  passing: string[] = []): Promise<ReceivedCall> {
  let from: Mark = since;
  for (;;) {
    const report = await csms.firstUnwanted((c) => reportedStatus('1.6', c, connectorId, 1) !== undefined, profile.timing.callTimeoutMs, afterMark(from));
    if (!report) throw new Verdict(`${why}: connector ${connectorId} must report ${statuses.join(' or ')}; no StatusNotification came within ${profile.timing.callTimeoutMs} ms`);
    const got = reportedStatus('1.6', report, connectorId, 1)!;
    if (statuses.includes(got)) return report;
    if (!passing.includes(got)) throw new Verdict(`${why}: connector ${connectorId} must report ${statuses.join(' or ')}, it reported ${got}`);
    from = report;
  }
}

/** Remove the station's connectivity (operator action disconnectNetwork); returns the connection count before. */
export async function goOffline({ csms, sut, profile }: CsContext): Promise<number> {
  const before = csms.connectionCount;
  await sut.act('disconnectNetwork', {});
  // A cut cable is not seen on our side until TCP gives up: the harness drops its end too, as the network did.
  if (csms.connected) csms.dropConnection();
  await csms.waitForDisconnect(profile.timing.callTimeoutMs)
    .catch(() => { throw new Inconclusive('the connection did not drop after the network was disconnected: the station could not be taken offline'); });
  return before;
}

/**
 * Keep the station offline for `ms`: the document waits that long for it to work on offline. A message arriving
 * meanwhile means the station is not offline, so the precondition is not established.
 */
export async function stayOffline({ csms }: CsContext, ms: number): Promise<void> {
  const came = await csms.firstUnwanted(() => true, ms, Date.now());
  if (came) throw new Inconclusive(`the station sent ${came.action} while its network was to be disconnected: it could not be kept offline`);
}

/** Restore connectivity (operator action restoreNetwork) and wait for the station to reconnect. */
export async function goOnline({ csms, sut, profile }: CsContext, before: number): Promise<void> {
  await sut.act('restoreNetwork', {});
  await csms.waitForConnection(profile.timing.bootTimeoutMs, before)
    .catch((err: Error) => { throw new Verdict(`after its network was restored the Charge Point must reconnect: ${err.message}`); });
}
