// C14 Online authorization through the local authorization list, charging station as SUT (TC_C_27_CS ... TC_C_31_CS,
// TC_C_58_CS). The list holds the token with a status; the station is online and LocalPreAuthorize is true.
import { full, testCase, type CsContext, type CsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import {
  expectAuthorize, expectAuthorizedEvent, expiredToken, present, rateTokens, requireNoAuthorizeBefore,
} from '../../shared/auth-cache-steps.js';
import { LOCAL_PRE_AUTHORIZE, enableLocalList, setIfImplemented, tokenInLocalList } from '../../shared/local-list-steps.js';
import { brief, newSession, plugIn, readTxSettings, startEnergyTransfer, type Session } from '../../shared/session-states.js';
import type { SettingName } from '../../shared/settings.js';

const ocpp = '2.0.1' as const;
const LIST_POST_AUTHORIZE: SettingName = { v16: '', component: 'LocalAuthListCtrlr', variable: 'DisablePostAuthorize' };
const VERSION = 3;

type Kind = 'valid' | 'invalid' | 'blocked' | 'expired';
const STATUS: Record<Kind, string> = { valid: 'Accepted', invalid: 'Invalid', blocked: 'Blocked', expired: 'Expired' };
const tokenOf = (profile: CsContext['profile'], kind: Kind) => (kind === 'expired' ? expiredToken(profile) : profile.idTokens[kind]);

async function prepare(ctx: CsContext, kind: Kind, postAuthorizeDisabled?: 'true' | 'false'): Promise<Session> {
  const { csms, profile } = ctx;
  await csms.booted();
  rateTokens(csms);
  await enableLocalList(csms, ocpp);
  await setIfImplemented(csms, ocpp, LOCAL_PRE_AUTHORIZE, 'true', 'the test needs LocalPreAuthorize true');
  // Beyond the document: the decision must come from the list, not from an earlier cached answer; empty the cache.
  await csms.call('ClearCache', {}).catch(() => undefined);
  if (postAuthorizeDisabled) {
    await setIfImplemented(csms, ocpp, LIST_POST_AUTHORIZE, postAuthorizeDisabled, postAuthorizeDisabled === 'true' ? 'the test needs LocalAuthListCtrlr.DisablePostAuthorize true' : undefined);
  }
  const extra = kind === 'valid' ? [] : [{ token: tokenOf(profile, kind), status: STATUS[kind] }];
  await tokenInLocalList(csms, ocpp, VERSION, extra);
  return newSession(csms, profile.evses[0]!.id, await readTxSettings(csms, ocpp));
}

function c14(variant: string, id: string, title: string, killedBy: string[], run: (ctx: CsContext) => Promise<void>, needs = ['LA-1']) {
  return testCase<CsTestCase>({ useCase: 'C14', variant, ocpp, sut: 'CS', octt: full(id), needs, actions: ['presentIdToken', 'plugIn', 'unplug'], title, killedBy, run });
}

export const listedAccepted = c14('accepted', 'TC_C_27_CS',
  'A token Accepted in the local list is reported Authorized without AuthorizeRequest; cable and energy transfer follow',
  ['cs.local-list-not-used'], async (ctx) => {
    const s = await prepare(ctx, 'valid');
    const since = await present(ctx, s, ctx.profile.idTokens.valid);
    const event = await expectAuthorizedEvent(ctx.csms, s, ctx.profile.idTokens.valid, since);
    requireNoAuthorizeBefore(ctx.csms, since, event, 'local authorization list', 'C14.FR.02');
    s.occupied = true;
    await startEnergyTransfer(ctx, s);
    await ctx.sut.act('unplug', { evse: s.evseId });
  });

/** TC_C_28/29/30: a token on the list but not Accepted is still sent to the CSMS, which answers the same. */
function notAccepted(variant: string, id: string, kind: Kind, cableFirst: boolean) {
  return c14(variant, id, `A token ${STATUS[kind]} in the local list is sent to the CSMS (AuthorizeRequest), which answers ${STATUS[kind]}`,
    ['cs.local-list-accepts-blocked'], async (ctx) => {
      const s = await prepare(ctx, kind, 'false');
      if (cableFirst) await plugIn(ctx, s, 'preSession');
      const token = tokenOf(ctx.profile, kind);
      const since = await present(ctx, s, token);
      await expectAuthorize(ctx.csms, token, since, `the list holds the token as ${STATUS[kind]} and DisablePostAuthorize is false`);
      if (cableFirst) await ctx.sut.act('unplug', { evse: s.evseId });
    });
}
export const listedInvalid = notAccepted('invalid', 'TC_C_28_CS', 'invalid', false);
export const listedBlocked = notAccepted('blocked', 'TC_C_29_CS', 'blocked', true);
export const listedExpired = notAccepted('expired', 'TC_C_30_CS', 'expired', true);

export const listedInvalidNowAccepted = c14('invalid-accepted', 'TC_C_31_CS',
  'A token Invalid in the local list is sent to the CSMS, which now accepts it: the session is authorized and energy transfer starts',
  ['cs.local-list-accepts-blocked'], async (ctx) => {
    const s = await prepare(ctx, 'invalid', 'false');
    const token = ctx.profile.idTokens.invalid;
    rateTokens(ctx.csms, { [token]: 'Accepted' });
    const since = await present(ctx, s, token);
    await expectAuthorize(ctx.csms, token, since, 'the list holds the token as Invalid and DisablePostAuthorize is false');
    await expectAuthorizedEvent(ctx.csms, s, token, since);
    s.occupied = true;
    await startEnergyTransfer(ctx, s);
    await ctx.sut.act('unplug', { evse: s.evseId });
  });

export const postAuthorizeDisabled = c14('post-authorize-disabled', 'TC_C_58_CS',
  'With LocalAuthListCtrlr.DisablePostAuthorize true a token Invalid in the local list is refused without AuthorizeRequest',
  ['cs.post-authorize-anyway'], async (ctx) => {
    const s = await prepare(ctx, 'invalid', 'true');
    const since = await present(ctx, s, ctx.profile.idTokens.invalid);
    const unwanted = await ctx.csms.firstUnwanted((c) => c.action === 'Authorize'
      || (c.action === 'TransactionEvent' && c.payload.triggerReason === 'Authorized'), ctx.profile.timing.quietMs, since ?? 0);
    if (unwanted) throw new Verdict(`the list holds the token as Invalid and DisablePostAuthorize is true: the station must refuse it without asking the CSMS, but sent ${brief(unwanted)}`, 'C14.FR.03');
  }, ['LA-1', 'LA-3']);
