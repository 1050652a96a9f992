// C12 Authorization through the authorization cache and C10 cache life time, charging station as SUT
// (TC_C_08_CS ... TC_C_13_CS, TC_C_36_CS, TC_C_46_CS, TC_C_57_CS). Each starts from a token the station cached
// (memory state IdTokenCached) and presents it again.
import { full, partial, testCase, type CsContext, type CsTestCase, type OcttClaim } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import {
  expectAuthorize, expectAuthorizedEvent, expiredToken, present, rateTokens, requireNoAuthorizeBefore, tokenCached,
} from '../../shared/auth-cache-steps.js';
import { AUTH_CACHE_ENABLED, LOCAL_PRE_AUTHORIZE, setIfImplemented } from '../../shared/local-list-steps.js';
import { brief, newSession, plugIn, readTxSettings, startEnergyTransfer, type Session } from '../../shared/session-states.js';
import type { SettingName } from '../../shared/settings.js';

const ocpp = '2.0.1' as const;
const CACHE_POST_AUTHORIZE: SettingName = { v16: '', component: 'AuthCacheCtrlr', variable: 'DisablePostAuthorize' };
const CACHE_LIFETIME: SettingName = { v16: '', component: 'AuthCacheCtrlr', variable: 'LifeTime' };

type TokenKind = 'valid' | 'invalid' | 'blocked' | 'expired';
const tokenOf = (profile: CsContext['profile'], kind: TokenKind) => (kind === 'expired' ? expiredToken(profile) : profile.idTokens[kind]);

interface Prep { preAuthorize: 'true' | 'false'; postAuthorizeDisabled?: 'true' | 'false' }

async function prepare(ctx: CsContext, kind: TokenKind, p: Prep, before?: () => Promise<void>): Promise<Session> {
  const { csms, profile } = ctx;
  await csms.booted();
  await before?.();
  rateTokens(csms);
  await setIfImplemented(csms, ocpp, AUTH_CACHE_ENABLED, 'true');
  await setIfImplemented(csms, ocpp, LOCAL_PRE_AUTHORIZE, p.preAuthorize, 'the test needs this LocalPreAuthorize');
  if (p.postAuthorizeDisabled) await setIfImplemented(csms, ocpp, CACHE_POST_AUTHORIZE, p.postAuthorizeDisabled, p.postAuthorizeDisabled === 'true' ? 'the test needs AuthCacheCtrlr.DisablePostAuthorize true' : undefined);
  const evseId = profile.evses[0]!.id;
  await tokenCached(ctx, evseId, tokenOf(profile, kind));
  return newSession(csms, evseId, await readTxSettings(csms, ocpp));
}

function c12(variant: string, octt: OcttClaim[], title: string, killedBy: string[], run: (ctx: CsContext) => Promise<void>, needs = ['C-49']) {
  return testCase<CsTestCase>({ useCase: 'C12', variant, ocpp, sut: 'CS', octt, needs, actions: ['presentIdToken', 'plugIn', 'unplug'], title, killedBy, run });
}

export const cachedAccepted = c12('accepted', full('TC_C_08_CS'),
  'A token cached Accepted (LocalPreAuthorize true) authorizes the session without AuthorizeRequest; energy transfer starts',
  ['cs.cache-pre-authorize-ignored'], async (ctx) => {
    const s = await prepare(ctx, 'valid', { preAuthorize: 'true' });
    await plugIn(ctx, s, 'preSession');
    const since = await present(ctx, s, ctx.profile.idTokens.valid);
    const event = await expectAuthorizedEvent(ctx.csms, s, ctx.profile.idTokens.valid, since);
    requireNoAuthorizeBefore(ctx.csms, since, event);
    await startEnergyTransfer(ctx, s);
    await ctx.sut.act('unplug', { evse: s.evseId });
  });

/** TC_C_09/10/11: a token cached as not Accepted is asked for again (C12.FR.05); the CSMS's answer stands. */
function notAccepted(variant: string, id: string, kind: TokenKind, status: string, killedBy: string[]) {
  return c12(variant, full(id), `A token cached ${status} is sent to the CSMS again (AuthorizeRequest), which answers ${status}`,
    killedBy, async (ctx) => {
      const s = await prepare(ctx, kind, { preAuthorize: 'true', postAuthorizeDisabled: 'false' });
      await plugIn(ctx, s, 'preSession');
      const token = tokenOf(ctx.profile, kind);
      const since = await present(ctx, s, token);
      await expectAuthorize(ctx.csms, token, since, `the token is cached ${status} and DisablePostAuthorize is false`, 'C12.FR.05');
      await ctx.sut.act('unplug', { evse: s.evseId });
    });
}
export const cachedInvalid = notAccepted('invalid', 'TC_C_09_CS', 'invalid', 'Invalid', ['cs.cache-accepts-blocked']);
export const cachedBlocked = notAccepted('blocked', 'TC_C_10_CS', 'blocked', 'Blocked', ['cs.cache-accepts-blocked']);
export const cachedExpired = notAccepted('expired', 'TC_C_11_CS', 'expired', 'Expired', ['cs.cache-accepts-blocked']);

export const invalidNowAccepted = c12('invalid-accepted', full('TC_C_12_CS'),
  'A token cached Invalid is asked for again; the CSMS now accepts it and energy transfer starts',
  ['cs.cache-accepts-blocked'], async (ctx) => {
    const s = await prepare(ctx, 'invalid', { preAuthorize: 'true', postAuthorizeDisabled: 'false' });
    const token = ctx.profile.idTokens.invalid;
    rateTokens(ctx.csms, { [token]: 'Accepted' });
    await plugIn(ctx, s, 'preSession');
    const since = await present(ctx, s, token);
    const authorize = await expectAuthorize(ctx.csms, token, since, 'the token is cached Invalid and DisablePostAuthorize is false', 'C12.FR.05');
    // Step 3 (optional): the TransactionEvent of the authorization, then EnergyTransferStarted.
    const next = await ctx.csms.expectCall('TransactionEvent', { after: authorize })
      .catch(() => { throw new Verdict('after the CSMS accepted the token the session must go on (TransactionEvent)'); });
    s.authorized = true;
    s.last = next.payload.triggerReason === 'Authorized' ? next : authorize;
    await startEnergyTransfer(ctx, s);
    await ctx.sut.act('unplug', { evse: s.evseId });
  });

export const cableLater = c12('cable-later', full('TC_C_13_CS'),
  'A token cached Accepted is reported Authorized (with the token) before any cable; plugging in then starts energy transfer',
  ['cs.cache-pre-authorize-ignored'], async (ctx) => {
    const s = await prepare(ctx, 'valid', { preAuthorize: 'true' });
    const since = await present(ctx, s, ctx.profile.idTokens.valid);
    const event = await expectAuthorizedEvent(ctx.csms, s, ctx.profile.idTokens.valid, since);
    requireNoAuthorizeBefore(ctx.csms, since, event);
    s.occupied = true; // a transaction begun by the authorization holds the connector (reported then)
    await startEnergyTransfer(ctx, s);
    await ctx.sut.act('unplug', { evse: s.evseId });
  });

export const noPreAuthorize = testCase<CsTestCase>({
  useCase: 'C10', variant: 'no-pre-authorize', ocpp, sut: 'CS', octt: full('TC_C_36_CS'), needs: ['C-49'], actions: ['presentIdToken', 'plugIn', 'unplug'],
  title: 'With LocalPreAuthorize false a token cached Accepted is still sent to the CSMS (AuthorizeRequest); the CSMS answers Invalid',
  killedBy: ['cs.pre-authorize-always'],
  async run(ctx) {
    const s = await prepare(ctx, 'valid', { preAuthorize: 'false' });
    rateTokens(ctx.csms, { [ctx.profile.idTokens.valid]: 'Invalid' });
    const since = await present(ctx, s, ctx.profile.idTokens.valid);
    await expectAuthorize(ctx.csms, ctx.profile.idTokens.valid, since, 'LocalPreAuthorize is false', 'C10.FR.11');
  },
});

export const lifetime = testCase<CsTestCase>({
  useCase: 'C10', variant: 'lifetime', ocpp, sut: 'CS', needs: ['C-49', 'C-53'], actions: ['presentIdToken', 'plugIn', 'unplug'],
  octt: [partial('TC_C_46_CS', 'the <Configured TransactionDuration> is the profile\'s connection timeout (seconds), not a real session length')],
  title: 'A cached token is not used after AuthCacheCtrlr.LifeTime: presented again it is sent to the CSMS (AuthorizeRequest)',
  killedBy: ['cs.cache-ignores-lifetime'],
  async run(ctx) {
    const { csms, profile } = ctx;
    const seconds = Math.max(1, profile.timing.connectionTimeoutS);
    const s = await prepare(ctx, 'valid', { preAuthorize: 'true' },
      () => setIfImplemented(csms, ocpp, CACHE_LIFETIME, String(seconds), 'the test needs AuthCacheCtrlr.LifeTime set'));
    await plugIn(ctx, s, 'preSession');
    // The document's wait: nothing is asked of the station until the cached entry's life time has passed.
    await csms.expectNoCall('Authorize', seconds * 1000 + profile.timing.toleranceMs);
    const since = await present(ctx, s, profile.idTokens.valid);
    await expectAuthorize(csms, profile.idTokens.valid, since, `the cached entry outlived AuthCacheCtrlr.LifeTime (${seconds} s)`, 'C10.FR.08');
    await ctx.sut.act('unplug', { evse: s.evseId });
  },
});

export const postAuthorizeDisabled = c12('post-authorize-disabled', full('TC_C_57_CS'),
  'With AuthCacheCtrlr.DisablePostAuthorize true a token cached Invalid is refused locally: no AuthorizeRequest, no authorization',
  ['cs.post-authorize-anyway'], async (ctx) => {
    const s = await prepare(ctx, 'invalid', { preAuthorize: 'true', postAuthorizeDisabled: 'true' });
    await plugIn(ctx, s, 'preSession');
    const since = await present(ctx, s, ctx.profile.idTokens.invalid);
    const unwanted = await ctx.csms.firstUnwanted((c) => c.action === 'Authorize'
      || (c.action === 'TransactionEvent' && c.payload.triggerReason === 'Authorized'), ctx.profile.timing.quietMs, since ?? 0);
    if (unwanted) throw new Verdict(`the token is cached Invalid and DisablePostAuthorize is true: the station must refuse it without asking the CSMS, but sent ${brief(unwanted)}`, 'C12.FR.05');
    await ctx.sut.act('unplug', { evse: s.evseId });
  }, ['C-49', 'C-59']);
