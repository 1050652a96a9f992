// C10 Store Authorization Data in the Authorization Cache, charging station as SUT (TC_C_32_CS, TC_C_33_CS,
// TC_C_34_CS): the cache survives a reboot, and is updated from AuthorizeResponse and TransactionEventResponse.
import { full, testCase, type CsContext, type CsTestCase } from '../../../src/harness/test-case.js';
import {
  expectAuthorize, expectAuthorizedEvent, expectSessionEnd, present, rateTokens, requireNoAuthorizeBefore, tokenCached,
} from '../../shared/auth-cache-steps.js';
import { AUTH_CACHE_ENABLED, LOCAL_LIST_ENABLED, LOCAL_PRE_AUTHORIZE, rebootStation, setIfImplemented } from '../../shared/local-list-steps.js';
import { markOf, newSession, plugIn, readTxSettings, startEnergyTransfer, type Session } from '../../shared/session-states.js';
import { establishSetting } from '../../shared/settings.js';

const ocpp = '2.0.1' as const;

async function prepare(ctx: CsContext, cached = true): Promise<void> {
  const { csms, profile } = ctx;
  await csms.booted();
  rateTokens(csms);
  await setIfImplemented(csms, ocpp, AUTH_CACHE_ENABLED, 'true');
  await establishSetting(csms, ocpp, LOCAL_PRE_AUTHORIZE, 'true');
  if (cached) await tokenCached(ctx, profile.evses[0]!.id);
}

const session = async (ctx: CsContext): Promise<Session> => newSession(ctx.csms, ctx.profile.evses[0]!.id, await readTxSettings(ctx.csms, ocpp));

function c10(variant: string, id: string, title: string, killedBy: string[], run: (ctx: CsContext) => Promise<void>) {
  return testCase<CsTestCase>({ useCase: 'C10', variant, ocpp, sut: 'CS', octt: full(id), needs: ['C-49'], actions: ['presentIdToken', 'plugIn', 'unplug'], title, killedBy, run });
}

export const persistent = c10('persistent', 'TC_C_32_CS',
  'After a reboot a token cached Accepted still authorizes at once (TransactionEvent Authorized, no AuthorizeRequest before it); energy transfer follows',
  ['cs.cache-not-persistent'], async (ctx) => {
    await prepare(ctx);
    await rebootStation(ctx);
    const s = await session(ctx);
    const since = await present(ctx, s, ctx.profile.idTokens.valid);
    const event = await expectAuthorizedEvent(ctx.csms, s, ctx.profile.idTokens.valid, since);
    requireNoAuthorizeBefore(ctx.csms, since, event, 'authorization cache (kept over the reboot)', 'C10.FR.02');
    s.occupied = true;
    await startEnergyTransfer(ctx, s);
    await ctx.sut.act('unplug', { evse: s.evseId });
  });

export const updateOnAuthorize = c10('update-on-authorize', 'TC_C_33_CS',
  'A token the CSMS accepted in AuthorizeResponse is cached: presented again in a later session it is reported Authorized without AuthorizeRequest',
  ['cs.cache-pre-authorize-ignored'], async (ctx) => {
    const { csms, sut, profile } = ctx;
    await prepare(ctx, false);
    await setIfImplemented(csms, ocpp, LOCAL_LIST_ENABLED, 'true');
    // Beyond the document: start from an empty cache, so that step 1's AuthorizeRequest is due.
    await csms.call('ClearCache', {});
    const token = profile.idTokens.valid;
    const first = await session(ctx);
    await plugIn(ctx, first, 'preSession');
    const since = await present(ctx, first, token);
    await expectAuthorize(csms, token, since, 'the token is not cached yet');
    await expectAuthorizedEvent(csms, first, token, since);
    await startEnergyTransfer(ctx, first);
    const unplugged = markOf(csms);
    await sut.act('unplug', { evse: first.evseId });
    await expectSessionEnd(csms, unplugged, 'after the EV was unplugged the transaction must end');
    // Next session: EVConnectedPreSession, then the same token (its entry came from the AuthorizeResponse).
    const s = await session(ctx);
    await plugIn(ctx, s, 'preSession');
    rateTokens(csms, { [token]: 'Invalid' });
    const again = await present(ctx, s, token);
    const event = await expectAuthorizedEvent(csms, s, token, again);
    requireNoAuthorizeBefore(csms, again, event, 'authorization cache (stored from the AuthorizeResponse)', 'C10.FR.04');
    await sut.act('unplug', { evse: s.evseId });
  });

export const updateOnTransactionAnswer = c10('update-on-transaction-answer', 'TC_C_34_CS',
  'A cached token answered Invalid in a TransactionEventResponse is updated in the cache: presented in the next session it is sent to the CSMS (AuthorizeRequest)',
  ['cs.cache-ignores-transaction-answer'], async (ctx) => {
    const { csms, sut, profile } = ctx;
    await prepare(ctx);
    const token = profile.idTokens.valid;
    const s = await session(ctx);
    await plugIn(ctx, s, 'preSession');
    rateTokens(csms, { [token]: 'Invalid' });
    const since = await present(ctx, s, token);
    await expectAuthorizedEvent(csms, s, token, since);
    // EVDisconnected: the session ends, at the unplug or already at the Invalid answer (StopTxOnInvalidId true
    // lets the station end it then, before the EV leaves).
    await sut.act('unplug', { evse: s.evseId });
    await expectSessionEnd(csms, since, 'after the EV was unplugged the transaction must end');
    // Next session: EVConnectedPreSession and the same token, now Invalid in the cache.
    const next = await session(ctx);
    await plugIn(ctx, next, 'preSession');
    const again = await present(ctx, next, token);
    await expectAuthorize(csms, token, again, 'the TransactionEventResponse made the cached token Invalid', 'C10.FR.05');
    await sut.act('unplug', { evse: next.evseId });
  });
