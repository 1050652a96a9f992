import { testCase, full } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/verdicts.js';
import { establishSetting } from '../../../shared/settings.js';
import { brief, CONNECTION_TIMEOUT, expectConnectorStatus, markOf } from '../../../shared/session-states.js';
import { SAMPLE_INTERVAL } from '../../../shared/meter-value-settings.js';
import { meterIntervalS } from '../../../shared/meter-value-steps.js';
import { authorized16, expectStarted16 } from '../../../shared/transaction16-steps.js';
import { TF, TF16 } from '../../../../src/reference/station/transactions.js';

/** TC_003: cable first (Preparing), then the driver's idTag: Authorize.req, StartTransaction.req and Charging. */
export const cableFirst = testCase({
  useCase: 'E02', ocpp: '1.6', sut: 'CS', title: 'Regular charging session, cable plugged in first',
  octt: full('TC_003_CS'),
  actions: ['plugIn', 'presentIdToken'],
  killedBy: [TF16.skipsAuthorize],
  async run(ctx) {
    const { csms, sut } = ctx;
    await csms.booted();
    const since = markOf(csms);
    await sut.act('plugIn', { evse: 1 });
    await expectConnectorStatus(csms, 1, 1, 'Preparing', since, 'after the cable was plugged in');
    const authorize = await authorized16(ctx, 1, { preparing: false });
    await expectStarted16(ctx, 1, authorize, 'once the authorized driver\'s cable is in');
  },
});

/** TC_004_1: idTag first (reusable state Authorized: Authorize.req, Preparing), then the cable: StartTransaction and Charging. */
export const idTokenFirst = testCase({
  useCase: 'E03', ocpp: '1.6', sut: 'CS', title: 'Regular charging session, identification first',
  octt: full('TC_004_1_CS'),
  actions: ['plugIn', 'presentIdToken'],
  killedBy: [TF16.skipsAuthorize],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    await csms.booted();
    await establishSetting(csms, '1.6', SAMPLE_INTERVAL, String(meterIntervalS(profile)));
    await authorized16(ctx, 1, { preparing: true });
    const since = markOf(csms);
    await sut.act('plugIn', { evse: 1 });
    await expectStarted16(ctx, 1, since, 'after the authorized driver plugged in');
  },
});

/**
 * TC_004_2: idTag first and no cable: once ConnectionTimeOut has passed, the connector reports Available again and
 * no transaction starts.
 */
export const connectionTimeout = testCase({
  useCase: 'E03', variant: 'connection-timeout', ocpp: '1.6', sut: 'CS', title: 'Identification first, no cable within ConnectionTimeOut: the connector is Available again',
  octt: full('TC_004_2_CS'),
  actions: ['presentIdToken'],
  killedBy: [TF.ignoresConnectionTimeout],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    const timeoutS = profile.timing.connectionTimeoutS;
    await establishSetting(csms, '1.6', CONNECTION_TIMEOUT, String(timeoutS));
    const authorize = await authorized16(ctx, 1, { preparing: true });
    const within = timeoutS * 1000 + profile.timing.toleranceMs + profile.timing.callTimeoutMs;
    await expectConnectorStatus(csms, 1, 1, 'Available', authorize, `ConnectionTimeOut is ${timeoutS} s and no cable came`, { within, passing: ['Preparing'] });
    const started = csms.received.find((c) => c.action === 'StartTransaction' && csms.received.indexOf(c) > csms.received.indexOf(authorize));
    if (started) throw new Verdict(`no cable was plugged in: the Charge Point must not start a transaction, got ${brief(started)}`);
  },
});
