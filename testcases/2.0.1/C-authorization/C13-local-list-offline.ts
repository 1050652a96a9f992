// C13 Offline authorization through the local authorization list, charging station as SUT (TC_C_21_CS ... TC_C_25_CS).
// The station is kept offline the way the documents do it: the harness drops the connection after setting
// RetryBackOffWaitMinimum (RandomRange 0), and the token is presented before the station reconnects.
import { full, testCase, type CsContext, type CsTestCase } from '../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../src/harness/peer.js';
import { expiredToken, offlineBackOff, rateTokens, tokenCached, whileOffline } from '../../shared/auth-cache-steps.js';
import {
  LOCAL_AUTHORIZE_OFFLINE, LOCAL_PRE_AUTHORIZE, enableLocalList, setIfImplemented, tokensInLocalList, type ListEntry,
} from '../../shared/local-list-steps.js';
import { brief, markOf, newSession, plugIn, readTxSettings } from '../../shared/session-states.js';
import { establishSetting, type SettingName } from '../../shared/settings.js';

const ocpp = '2.0.1' as const;
const OFFLINE_UNKNOWN: SettingName = { v16: '', component: 'AuthCtrlr', variable: 'OfflineTxForUnknownIdEnabled' };

async function prepare(ctx: CsContext, entries: ListEntry[], unknownAllowed: 'true' | 'false'): Promise<void> {
  const { csms } = ctx;
  rateTokens(csms);
  await enableLocalList(csms, ocpp);
  await setIfImplemented(csms, ocpp, LOCAL_PRE_AUTHORIZE, 'true');
  await setIfImplemented(csms, ocpp, OFFLINE_UNKNOWN, unknownAllowed, unknownAllowed === 'true' ? 'the test needs OfflineTxForUnknownIdEnabled true' : undefined);
  await establishSetting(csms, ocpp, LOCAL_AUTHORIZE_OFFLINE, 'true');
  await offlineBackOff(csms);
  await tokensInLocalList(csms, ocpp, 4, entries);
}

/** No transaction may be authorized for `token` (offline, then after reconnecting): no event carries it as Authorized. */
async function requireNotAuthorized(ctx: CsContext, token: string, since: ReceivedCall | undefined, why: string, requirement: string): Promise<void> {
  const authorized = await ctx.csms.firstUnwanted((c) => c.action === 'TransactionEvent' && c.payload.triggerReason === 'Authorized'
    && (c.payload.idToken as { idToken?: string } | undefined)?.idToken === token, ctx.profile.timing.quietMs + ctx.profile.timing.toleranceMs, since ?? 0);
  if (authorized) throw new Verdict(`${why}: the station must not authorize it, but reported ${brief(authorized)}`, requirement);
}

export const offlineAccepted = testCase<CsTestCase>({
  useCase: 'C13', variant: 'accepted', ocpp, sut: 'CS', octt: full('TC_C_21_CS'), needs: ['LA-1'], actions: ['presentIdToken', 'plugIn', 'unplug'],
  title: 'Offline, a token Accepted in the local list starts a transaction; its events come offline=true after reconnecting, then presenting it again stops it (StopAuthorized)',
  killedBy: ['cs.local-list-not-used'],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    const token = profile.idTokens.valid;
    await csms.booted();
    await prepare(ctx, [{ token, status: 'Accepted' }], 'false');
    const evseId = profile.evses[0]!.id;
    const dropped = markOf(csms);
    // Reusable state StartOfflineTransaction: token and EV while the station is offline.
    await whileOffline(ctx, async () => {
      await sut.act('presentIdToken', { evse: evseId, idToken: token, type: profile.idTokens.type });
      await sut.act('plugIn', { evse: evseId });
    });
    await csms.expectCall('TransactionEvent', { after: dropped ?? 0, where: (p) => p.offline === true })
      .catch(() => { throw new Verdict('the token is Accepted in the local list and LocalAuthorizeOffline is true: the transaction started offline must be reported after reconnecting (TransactionEvent offline=true)', 'C13.FR.02'); });
    const stopping = markOf(csms);
    await sut.act('presentIdToken', { evse: evseId, idToken: token, type: profile.idTokens.type });
    await sut.act('unplug', { evse: evseId });
    const stop = await csms.expectCall('TransactionEvent', { after: stopping ?? 0, where: { triggerReason: 'StopAuthorized' } })
      .catch(() => { throw new Verdict('presenting the token again must stop the transaction: a TransactionEvent with triggerReason StopAuthorized'); });
    // Everything the station queued while offline came before the second presentation: all of it offline=true.
    const from = dropped ? csms.received.indexOf(dropped) + 1 : 0;
    const queued = csms.received.slice(from, csms.received.indexOf(stopping!) + 1).filter((c) => c.action === 'TransactionEvent');
    const online = queued.find((c) => c.payload.offline !== true);
    if (online) throw new Verdict(`every TransactionEvent of the time offline must carry offline=true, got ${brief(online)}`);
    if (csms.received.indexOf(stop) < 0) throw new Verdict('the StopAuthorized event was lost');
  },
});

/** TC_C_22/23/24: a token the list holds as not Accepted is refused offline; nothing is authorized after reconnecting. */
function refusedOffline(variant: string, id: string, status: string, token: (p: CsContext['profile']) => string) {
  return testCase<CsTestCase>({
    useCase: 'C13', variant, ocpp, sut: 'CS', octt: full(id), needs: ['LA-1'], actions: ['presentIdToken'],
    title: `Offline, a token ${status} in the local list does not start a transaction`,
    killedBy: ['cs.local-list-accepts-blocked'],
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      const t = token(profile);
      await csms.booted();
      await prepare(ctx, [{ token: t, status }], 'false');
      const dropped = markOf(csms);
      await whileOffline(ctx, () => sut.act('presentIdToken', { evse: profile.evses[0]!.id, idToken: t, type: profile.idTokens.type }));
      await requireNotAuthorized(ctx, t, dropped, `the local list holds the token as ${status}`, 'C13.FR.02');
    },
  });
}
export const offlineInvalid = refusedOffline('invalid', 'TC_C_22_CS', 'Invalid', (p) => p.idTokens.invalid);
export const offlineBlocked = refusedOffline('blocked', 'TC_C_23_CS', 'Blocked', (p) => p.idTokens.blocked);
export const offlineExpired = refusedOffline('expired', 'TC_C_24_CS', 'Expired', expiredToken);

export const listOverCache = testCase<CsTestCase>({
  useCase: 'C13', variant: 'list-over-cache', ocpp, sut: 'CS', octt: full('TC_C_25_CS'), needs: ['LA-1', 'C-49'],
  actions: ['presentIdToken', 'plugIn', 'unplug'],
  title: 'Offline, a token cached Accepted but Invalid in the local list is refused: the list takes precedence over the cache',
  killedBy: ['cs.cache-before-list'],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    const token = profile.idTokens.valid;
    await csms.booted();
    await tokenCached(ctx, profile.evses[0]!.id);
    await prepare(ctx, [{ token, status: 'Invalid' }], 'true');
    const s = newSession(csms, profile.evses[0]!.id, await readTxSettings(csms, ocpp));
    await plugIn(ctx, s, 'preSession');
    const dropped = markOf(csms);
    await whileOffline(ctx, () => sut.act('presentIdToken', { evse: s.evseId, idToken: token, type: profile.idTokens.type }));
    await requireNotAuthorized(ctx, token, dropped, 'the local list holds the token as Invalid, which outweighs the Accepted cache entry', 'C13.FR.01');
    await sut.act('unplug', { evse: s.evseId });
  },
});

/** Beyond the documents (C15): offline, a token neither listed nor cached is refused while OfflineTxForUnknownIdEnabled is false. */
export const offlineUnknownRefused = testCase<CsTestCase>({
  useCase: 'C15', variant: 'unknown-refused', ocpp, sut: 'CS', needs: ['LA-1'], actions: ['presentIdToken'],
  title: 'Offline, with OfflineTxForUnknownIdEnabled false, a token the station does not know does not start a transaction',
  killedBy: ['cs.offline-unknown-accepted'],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    const unknown = `${profile.idTokens.valid.slice(0, 16)}UNK`;
    await csms.booted();
    await csms.call('ClearCache', {}).catch(() => undefined);
    await prepare(ctx, [{ token: profile.idTokens.valid, status: 'Accepted' }], 'false');
    const dropped = markOf(csms);
    await whileOffline(ctx, () => sut.act('presentIdToken', { evse: profile.evses[0]!.id, idToken: unknown, type: profile.idTokens.type }));
    await requireNotAuthorized(ctx, unknown, dropped, 'the token is unknown and OfflineTxForUnknownIdEnabled is false', 'C15');
  },
});
