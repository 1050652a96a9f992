// C11 Clear Authorization Data in Authorization Cache, charging station as SUT (TC_C_37_CS, TC_C_38_CS).
import { full, testCase, type CsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { expectAuthorize, tokenCached } from '../../shared/auth-cache-steps.js';
import { AUTH_CACHE_ENABLED, LOCAL_PRE_AUTHORIZE, setIfImplemented } from '../../shared/local-list-steps.js';
import { brief, markOf, newSession, plugIn, readTxSettings, startEnergyTransfer } from '../../shared/session-states.js';

const ocpp = '2.0.1' as const;

export const accepted = testCase<CsTestCase>({
  useCase: 'C11', variant: 'accepted', ocpp, sut: 'CS', octt: full('TC_C_37_CS'), needs: ['C-49'],
  actions: ['presentIdToken', 'plugIn', 'unplug'],
  title: 'ClearCache is Accepted and empties the cache: the token cached before is sent to the CSMS again (Authorize), then charging starts',
  killedBy: ['cs.clear-cache-ignored'],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    await csms.booted();
    const evseId = profile.evses[0]!.id;
    await setIfImplemented(csms, ocpp, AUTH_CACHE_ENABLED, 'true');
    // Beyond the document: with LocalPreAuthorize true a station that kept the entry would start without Authorize.
    await setIfImplemented(csms, ocpp, LOCAL_PRE_AUTHORIZE, 'true');
    await tokenCached(ctx, evseId);
    const cleared = await csms.call('ClearCache', {});
    if (cleared.status !== 'Accepted') throw new Verdict(`ClearCache of an enabled cache must be Accepted, got ${String(cleared.status)}`, 'C11.FR.02');
    const tx = await readTxSettings(csms, ocpp);
    const s = newSession(csms, evseId, tx);
    await plugIn(ctx, s, 'preSession');
    const since = markOf(csms);
    await sut.act('presentIdToken', { evse: evseId, idToken: profile.idTokens.valid, type: profile.idTokens.type });
    s.last = await expectAuthorize(csms, profile.idTokens.valid, since, 'the cache was cleared', 'C11.FR.03');
    const event = await csms.expectCall('TransactionEvent', { after: s.last, where: { triggerReason: 'Authorized' } })
      .catch(() => { throw new Verdict('after the accepted Authorize the station must send a TransactionEvent with triggerReason Authorized'); });
    const token = event.payload.idToken as { idToken?: string } | undefined;
    if (token?.idToken !== profile.idTokens.valid) throw new Verdict(`the Authorized TransactionEvent must carry the token, got ${brief(event)}`);
    s.last = event;
    s.authorized = true;
    await startEnergyTransfer(ctx, s);
    await sut.act('unplug', { evse: evseId });
  },
});

export const rejected = testCase<CsTestCase>({
  useCase: 'C11', variant: 'rejected', ocpp, sut: 'CS', octt: full('TC_C_38_CS'), needs: ['C-49'],
  actions: ['presentIdToken', 'plugIn', 'unplug'],
  title: 'With AuthCacheCtrlr.Enabled false, ClearCache is Rejected',
  killedBy: ['cs.clear-cache-accepted-when-disabled'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    await tokenCached(ctx, profile.evses[0]!.id);
    await setIfImplemented(csms, ocpp, AUTH_CACHE_ENABLED, 'false', 'the test needs the cache disabled');
    const answer = await csms.call('ClearCache', {});
    if (answer.status !== 'Rejected') throw new Verdict(`ClearCache while the cache is disabled must be Rejected, got ${String(answer.status)}`, 'C11.FR.04');
  },
});
