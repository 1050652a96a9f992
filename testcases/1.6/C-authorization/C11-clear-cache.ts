// 1.6 Clear Authorization Cache, charge point as SUT (TC_061_CS).
import { full, testCase, type CsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { expectAuthorize } from '../../shared/auth-cache-steps.js';
import { AUTH_CACHE_ENABLED, LOCAL_PRE_AUTHORIZE } from '../../shared/local-list-steps.js';
import { CONNECTION_TIMEOUT, expectConnectorStatus, markOf, requireSetting } from '../../shared/session-states.js';

const ocpp = '1.6' as const;

export const clearCache = testCase<CsTestCase>({
  useCase: 'C11', variant: 'accepted', ocpp, sut: 'CS', octt: full('TC_061_CS'), needs: ['1.6:AuthorizationCache'],
  actions: ['presentIdToken'],
  title: 'A token authorized once (Preparing, then Available after the connection timeout) is asked for again (Authorize) after ClearCache is Accepted',
  killedBy: ['cs.clear-cache-ignored'],
  async run({ csms, sut, profile }) {
    await csms.booted();
    const connectorId = profile.evses[0]!.id;
    await requireSetting(csms, ocpp, AUTH_CACHE_ENABLED, 'true', { readOnlyAllowed: 'AuthorizationCacheEnabled is an optional key' });
    await requireSetting(csms, ocpp, LOCAL_PRE_AUTHORIZE, 'true', { readOnlyAllowed: 'OCPP 1.6 lets LocalPreAuthorize be read-only' });
    await requireSetting(csms, ocpp, CONNECTION_TIMEOUT, String(profile.timing.connectionTimeoutS), { requirement: 'OCPP 1.6 9.1.6 ConnectionTimeOut: required, RW' });
    // Reusable state Authorized: the valid token is presented and accepted, the connector prepares.
    const since = markOf(csms);
    await sut.act('presentIdToken', { evse: connectorId, idToken: profile.idTokens.valid });
    await expectAuthorize(csms, profile.idTokens.valid, since, 'the token is not known to the charge point yet');
    const preparing = await expectConnectorStatus(csms, connectorId, 1, 'Preparing', since, 'after the token was accepted');
    // No cable within ConnectionTimeOut: the authorization lapses and the connector is Available again.
    await expectConnectorStatus(csms, connectorId, 1, 'Available', preparing, 'after the connection timeout', { within: profile.timing.connectionTimeoutS * 1000 + profile.timing.callTimeoutMs });
    const answer = await csms.call('ClearCache', {});
    if (answer.status !== 'Accepted') throw new Verdict(`ClearCache must be Accepted by a charge point with an enabled cache, got ${String(answer.status)}`, 'OCPP 1.6 5.4');
    const again = markOf(csms);
    await sut.act('presentIdToken', { evse: connectorId, idToken: profile.idTokens.valid });
    await expectAuthorize(csms, profile.idTokens.valid, again, 'the cache was cleared, so the charge point must ask the central system', 'OCPP 1.6 5.4');
  },
});
