// C10-C12 / C13-C15 (1.6: authorization cache and local list in use): getting a token into the station's cache
// (memory state IdTokenCached / IdTagCached), presenting a token and seeing whether the station asks the CSMS.
import type { CsContext } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import type { Payload } from '../../src/ocpp/frames.js';
import { afterMark, brief, info, markOf, type Mark, type Session } from './session-states.js';
import { establishSetting } from './settings.js';

type CsmsPeer = CsContext['csms'];

/** The token of an Authorize in either version's words. */
export const authorizeToken = (c: ReceivedCall) => String(c.payload.idTag ?? (c.payload.idToken as Payload | undefined)?.idToken);

/** The station must send Authorize for `token` after `since`; checks token (and 2.0.1 type). */
export async function expectAuthorize(csms: CsmsPeer, token: string, since: Mark, why: string, requirement?: string): Promise<ReceivedCall> {
  const authorize = await csms.expectCall('Authorize', { after: afterMark(since) })
    .catch(() => { throw new Verdict(`${why}: the station must send Authorize for ${token}; none came within ${csms.profile.timing.callTimeoutMs} ms`, requirement); });
  if (authorizeToken(authorize) !== token) throw new Verdict(`Authorize must carry the presented token ${token}, got ${brief(authorize)}`);
  const type = (authorize.payload.idToken as Payload | undefined)?.type;
  if (csms.profile.ocpp === '2.0.1' && type !== csms.profile.idTokens.type) throw new Verdict(`Authorize must carry idToken.type ${csms.profile.idTokens.type}, got ${String(type)}`);
  return authorize;
}

/** The end of the session on `evseId` after `since`: 2.0.1 TransactionEvent Ended, 1.6 StopTransaction. */
export async function expectSessionEnd(csms: CsmsPeer, since: Mark, why: string): Promise<ReceivedCall> {
  const end = csms.profile.ocpp === '1.6'
    ? csms.expectCall('StopTransaction', { after: afterMark(since) })
    : csms.expectCall('TransactionEvent', { after: afterMark(since), where: { eventType: 'Ended' } });
  return end.catch((err: Error) => { throw new Verdict(`${why}: ${err.message}`); });
}

/**
 * Memory state IdTokenCached (Part 6 2.19) / IdTagCached (1.6): the valid token is presented and accepted by the
 * CSMS, the EV plugs in and leaves, so the station keeps what the CSMS said of the token. C10 is about it.
 * `accepted`: whether the CSMS answers the token Accepted (then a session runs and ends).
 */
export function tokenCached({ csms, sut, profile }: CsContext, evseId: number, token = profile.idTokens.valid,
  accepted = tokenStatus(profile, token) === 'Accepted'): Promise<void> {
  return csms.reusableState('IdTokenCached', 'C10', async () => {
    const since = markOf(csms);
    await sut.act('presentIdToken', { evse: evseId, idToken: token, type: profile.idTokens.type });
    await expectAuthorize(csms, token, since, 'a token the station does not know yet');
    if (!accepted) return; // Main B: refused, nothing starts
    await sut.act('plugIn', { evse: evseId });
    await sut.act('unplug', { evse: evseId });
    await expectSessionEnd(csms, since, 'the session of the cached token must end once the EV left');
  });
}

/** A token the CSMS (the harness) answers Expired: the documents' <Configured expired IdToken>. */
export const expiredToken = (profile: CsContext['profile']) => profile.idTokens.expired ?? `${profile.idTokens.valid.slice(0, 16)}EXP`;

/** How the harness, as CSMS, rates each token: the profile's tokens, the derived expired one, anything else Invalid. */
export function tokenStatus(profile: CsContext['profile'], token: unknown): string {
  if (token === profile.idTokens.valid) return 'Accepted';
  if (token === profile.idTokens.blocked) return 'Blocked';
  if (token === expiredToken(profile)) return 'Expired';
  return 'Invalid';
}

/**
 * Answer Authorize and the token of transaction messages by tokenStatus, with `overrides` (token → status) taking
 * precedence: the CSMS's verdict on a token may differ from what the station cached (TC_C_12).
 */
export function rateTokens(csms: CsmsPeer, overrides: Record<string, string> = {}): void {
  const { profile } = csms;
  const status = (token: unknown) => overrides[String(token)] ?? tokenStatus(profile, token);
  if (profile.ocpp === '1.6') {
    csms.answer('Authorize', (c) => ({ idTagInfo: { status: status(c.payload.idTag) } }));
    return;
  }
  csms.answer('Authorize', (c) => ({ idTokenInfo: { status: status((c.payload.idToken as Payload).idToken) } }));
  csms.answer('TransactionEvent', (c) => {
    const token = (c.payload.idToken as Payload | undefined)?.idToken;
    return token === undefined ? {} : { idTokenInfo: { status: status(token) } };
  });
}

/** Present `token` at the session's EVSE; returns the mark before. */
export async function present({ csms, sut, profile }: CsContext, s: Session, token: string) {
  const since = markOf(csms);
  await sut.act('presentIdToken', { evse: s.evseId, idToken: token, type: profile.idTokens.type });
  return since;
}

/** The TransactionEvent that reports the authorization (triggerReason Authorized) with the token, Started or Updated. */
export async function expectAuthorizedEvent(csms: CsmsPeer, s: Session, token: string, after: ReceivedCall | undefined): Promise<ReceivedCall> {
  const event = await csms.expectCall('TransactionEvent', { after: after ?? 0, where: { triggerReason: 'Authorized' } })
    .catch(() => { throw new Verdict('the accepted token must be reported in a TransactionEvent with triggerReason Authorized'); });
  const what = `the Authorized TransactionEvent (${brief(event)})`;
  const t = event.payload.idToken as { idToken?: string; type?: string } | undefined;
  if (t?.idToken !== token || t.type !== csms.profile.idTokens.type) throw new Verdict(`${what} must carry idToken ${token} (${csms.profile.idTokens.type})`);
  const expected = s.txId === undefined ? 'Started' : 'Updated';
  if (event.payload.eventType !== expected) throw new Verdict(`${what}: eventType must be ${expected}`);
  s.txId = String(info(event).transactionId);
  s.authorized = true;
  s.last = event;
  return event;
}

/** C12.FR.02: with LocalPreAuthorize a token cached Accepted starts at once, without an AuthorizeRequest before it. */
export function requireNoAuthorizeBefore(csms: CsmsPeer, since: ReceivedCall | undefined, event: ReceivedCall,
  where = 'authorization cache', requirement = 'C12.FR.02'): void {
  const from = since ? csms.received.indexOf(since) + 1 : 0;
  const asked = csms.received.slice(from, csms.received.indexOf(event)).find((c) => c.action === 'Authorize');
  if (asked) throw new Verdict(`the token is Accepted in the ${where} and LocalPreAuthorize is true: the station must start without sending AuthorizeRequest first`, requirement);
}


/** The documents' <Configured RetryBackOffWaitMinimum_duration> (s): long enough to act while the station is offline. */
export const OFFLINE_S = 2;

/** 2.0.1 preparation of the offline test cases: OfflineThreshold, RetryBackOffWaitMinimum, RetryBackOffRandomRange 0. */
export async function offlineBackOff(csms: CsmsPeer): Promise<void> {
  const comm = (variable: string) => ({ v16: '', component: 'OCPPCommCtrlr', variable });
  await establishSetting(csms, '2.0.1', comm('OfflineThreshold'), String(OFFLINE_S + 60));
  await establishSetting(csms, '2.0.1', comm('RetryBackOffWaitMinimum'), String(OFFLINE_S));
  await establishSetting(csms, '2.0.1', comm('RetryBackOffRandomRange'), '0');
}

/**
 * The harness closes the connection (and takes no reconnect for RetryBackOffWaitMinimum), `offline` runs while the
 * station cannot reach it, then the station reconnects. Returns the connection count before.
 */
export async function whileOffline({ csms, profile }: CsContext, offline: () => Promise<void>): Promise<number> {
  const before = csms.connectionCount;
  // A closing handshake, so that the station has seen its link go before the driver acts.
  await csms.session?.conn.close(1001, 'going offline');
  await csms.waitForDisconnect(profile.timing.callTimeoutMs);
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  await offline();
  await csms.waitForConnection(OFFLINE_S * 1000 + profile.timing.bootTimeoutMs, before)
    .catch((err: Error) => { throw new Verdict(`after the CSMS dropped the connection the station must reconnect: ${err.message}`); });
  return before;
}
