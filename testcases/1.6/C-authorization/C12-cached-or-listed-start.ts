// 1.6 regular start with an idTag the charge point knows itself: from its authorization cache (TC_007_CS) or its
// local authorization list (TC_008_CS); and the central system's side of a cached start (TC_007_CSMS).
import { full, testCase, type CsContext, type CsTestCase, type CsmsTestCase } from '../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../src/harness/peer.js';
import { tokenCached } from '../../shared/auth-cache-steps.js';
import {
  AUTH_CACHE_ENABLED, LOCAL_PRE_AUTHORIZE, enableLocalList, listVersion, requireListStatus, setIfImplemented,
} from '../../shared/local-list-steps.js';
import {
  AUTHORIZE_REMOTE_START, expectConnectorStatus, expectStart16, fixStartAnswer, markOf, remoteStart16, reportConnector,
  requireAnsweredBefore, requireSetting, requireTokenAccepted, type Mark,
} from '../../shared/session-states.js';

const ocpp = '1.6' as const;

/** LocalPreAuthorize: the charge point starts for an idTag it holds Accepted without asking the central system first. */
function requireNoAuthorizeBefore(csms: CsContext['csms'], since: Mark, start: ReceivedCall, where: string): void {
  const from = since ? csms.received.indexOf(since) + 1 : 0;
  const asked = csms.received.slice(from, csms.received.indexOf(start)).find((c) => c.action === 'Authorize');
  if (asked) throw new Verdict(`the idTag is Accepted in the ${where} and LocalPreAuthorize is true: the charge point must start without Authorize.req first`, 'OCPP 1.6 9.1.19 LocalPreAuthorize');
}

/** The document's flow after the preparations: cable (Preparing), remote start (Accepted), StartTransaction (Accepted), Charging. */
async function startKnownIdTag(ctx: CsContext, where: string): Promise<void> {
  const { csms, sut, profile } = ctx;
  const connectorId = profile.evses[0]!.id;
  fixStartAnswer(csms, profile.idTokens.valid);
  const plugged = markOf(csms);
  await sut.act('plugIn', { evse: connectorId });
  await expectConnectorStatus(csms, connectorId, 1, 'Preparing', plugged, 'after the cable was plugged in');
  // The idTag is known to the charge point: whether it sends Authorize is judged below, not expected.
  const since = await remoteStart16(ctx, connectorId, false);
  const start = await expectStart16(ctx, connectorId, since);
  requireAnsweredBefore(csms, 'RemoteStartTransaction', start);
  requireNoAuthorizeBefore(csms, since, start, where);
  await sut.act('unplug', { evse: connectorId });
}

async function requireAuthorizeRemote(csms: CsContext['csms']): Promise<void> {
  await requireSetting(csms, ocpp, AUTHORIZE_REMOTE_START, 'true', { readOnlyAllowed: 'the test applies only where AuthorizeRemoteTxRequests is not read-only false' });
}

export const cachedIdTag = testCase<CsTestCase>({
  useCase: 'C12', variant: 'cached-start', ocpp, sut: 'CS', octt: full('TC_007_CS'), needs: ['1.6:AuthorizationCache'],
  actions: ['presentIdToken', 'plugIn', 'unplug'],
  title: 'A remote start for an idTag in the authorization cache (LocalPreAuthorize true) starts the transaction without Authorize.req; Charging follows',
  killedBy: ['cs.cache-pre-authorize-ignored'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    await requireSetting(csms, ocpp, AUTH_CACHE_ENABLED, 'true', { readOnlyAllowed: 'AuthorizationCacheEnabled is an optional key' });
    await requireAuthorizeRemote(csms);
    await requireSetting(csms, ocpp, LOCAL_PRE_AUTHORIZE, 'true', { readOnlyAllowed: 'OCPP 1.6 lets LocalPreAuthorize be read-only' });
    await tokenCached(ctx, profile.evses[0]!.id);
    await startKnownIdTag(ctx, 'authorization cache');
  },
});

export const listedIdTag = testCase<CsTestCase>({
  useCase: 'C14', variant: 'listed-start', ocpp, sut: 'CS', octt: full('TC_008_CS'), needs: ['1.6:LocalAuthListManagement'],
  actions: ['plugIn', 'unplug'],
  title: 'After a Full local list with the idTag (Accepted), a remote start for it starts the transaction without Authorize.req; Charging follows',
  killedBy: ['cs.local-list-not-used'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    await requireSetting(csms, ocpp, LOCAL_PRE_AUTHORIZE, 'true', { readOnlyAllowed: 'OCPP 1.6 lets LocalPreAuthorize be read-only' });
    await setIfImplemented(csms, ocpp, AUTH_CACHE_ENABLED, 'false');
    await enableLocalList(csms, ocpp);
    await requireAuthorizeRemote(csms);
    const version = await listVersion(csms, ocpp);
    await requireListStatus(csms, ocpp, 'Full', Math.max(version, 0) + 1, [{ token: profile.idTokens.valid, status: 'Accepted' }], 'Accepted', 'OCPP 1.6 5.15');
    await startKnownIdTag(ctx, 'local authorization list');
  },
});

export const cachedIdTagCsms = testCase<CsmsTestCase>({
  useCase: 'C12', variant: 'cached-start', ocpp, sut: 'CSMS', octt: full('TC_007_CSMS'),
  title: 'A charge point starts for an idTag it had cached (no Authorize.req): the central system accepts the StartTransaction',
  killedBy: ['csms.start-requires-authorize'],
  async run({ station, profile }) {
    await station.booted();
    const connectorId = profile.evses[0]!.id;
    await reportConnector(station, connectorId, 'Preparing');
    const start = await station.call('StartTransaction', { connectorId, idTag: profile.idTokens.valid, meterStart: 0, timestamp: station.now() });
    requireTokenAccepted(start, 'StartTransaction');
    await reportConnector(station, connectorId, 'Charging');
  },
});
