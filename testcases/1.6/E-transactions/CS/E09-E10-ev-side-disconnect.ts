import { testCase, full, partial } from '../../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import type { CsContext } from '../../../../src/harness/test-case.js';
import { establishSetting, writeSetting, type SettingName } from '../../../shared/settings.js';
import { afterMark, brief, charging, markOf, requireAnsweredBefore, requireSetting, type Charging } from '../../../shared/session-states.js';
import { expectOneOfStatuses } from '../../../shared/transaction16-steps.js';
import { TF, TF16 } from '../../../../src/reference/station/transactions.js';
import { AF } from '../../../../src/reference/station/availability.js';

const STOP_ON_EV_DISCONNECT: SettingName = { v16: 'StopTransactionOnEVSideDisconnect', component: 'TxCtrlr', variable: 'StopTxOnEVSideDisconnect' };
const UNLOCK_ON_EV_DISCONNECT: SettingName = { v16: 'UnlockConnectorOnEVSideDisconnect', component: 'TxCtrlr', variable: 'UnlockOnEVSideDisconnect' };
const MINIMUM_STATUS_DURATION: SettingName = { v16: 'MinimumStatusDuration', component: '', variable: '' };

/** The configuration of the preparation; MinimumStatusDuration is optional ("if implemented"): a refusal leaves it. */
async function prepare({ csms }: CsContext, stop: boolean, unlock: boolean): Promise<void> {
  await csms.booted();
  await writeSetting(csms, '1.6', MINIMUM_STATUS_DURATION, '0');
  await requireSetting(csms, '1.6', STOP_ON_EV_DISCONNECT, String(stop), {
    readOnlyAllowed: 'the key may be read-only (the prerequisite excludes only a read-only false where true is needed)',
  });
  await establishSetting(csms, '1.6', UNLOCK_ON_EV_DISCONNECT, String(unlock));
}

/** The driver pulls the cable out at the EV; StopTransaction.req with reason EVDisconnected and a status of `statuses`. */
async function expectStopOnEvDisconnect(ctx: CsContext, c: Charging, statuses: string[]): Promise<ReceivedCall> {
  const { csms, sut, profile } = ctx;
  const since = markOf(csms);
  await sut.act('unplugEvSide', { evse: c.evseId });
  const stop = await csms.expectCall('StopTransaction', { after: afterMark(since) })
    .catch(() => { throw new Verdict(`StopTransactionOnEVSideDisconnect is true: the transaction must end when the cable leaves the EV; no StopTransaction.req within ${profile.timing.callTimeoutMs} ms`, 'OCPP 1.6 4.10'); });
  if (String(stop.payload.transactionId) !== c.id) throw new Verdict(`StopTransaction.req must name transaction ${c.id}, got ${brief(stop)}`);
  if (stop.payload.reason !== 'EVDisconnected') throw new Verdict(`StopTransaction.req after the EV-side disconnect must have reason EVDisconnected, got ${String(stop.payload.reason ?? '(none)')}`);
  await expectOneOfStatuses(ctx, c.evseId, statuses, since, 'after the cable left the EV and the transaction ended');
  return stop;
}

/** TC_005_1: StopTransactionOnEVSideDisconnect and UnlockConnectorOnEVSideDisconnect true: the transaction ends (EVDisconnected), Finishing. */
export const stopAndUnlock = testCase({
  useCase: 'E09', variant: 'unlock', ocpp: '1.6', sut: 'CS', title: 'EV-side disconnect ends the transaction (StopTransactionOnEVSideDisconnect and UnlockConnectorOnEVSideDisconnect true)',
  octt: full('TC_005_1_CS'),
  needs: ['HFS-1'],
  actions: ['plugIn', 'unplugEvSide'],
  killedBy: [TF.wrongStopReason, TF.noStopOnUnplug],
  async run(ctx) {
    await prepare(ctx, true, true);
    const c = await charging(ctx, 1);
    await expectStopOnEvDisconnect(ctx, c, ['Finishing']);
  },
});

/** TC_005_2: stop true, unlock false: the transaction ends (EVDisconnected); then UnlockConnector is Unlocked or NotSupported. */
export const stopNoUnlock = testCase({
  useCase: 'E09', variant: 'no-unlock', ocpp: '1.6', sut: 'CS', title: 'EV-side disconnect ends the transaction; the connector stays locked until UnlockConnector',
  octt: full('TC_005_2_CS'),
  actions: ['plugIn', 'unplugEvSide'],
  killedBy: [TF.wrongStopReason, TF.noStopOnUnplug, AF.unlockRefused],
  async run(ctx) {
    await prepare(ctx, true, false);
    const c = await charging(ctx, 1);
    await expectStopOnEvDisconnect(ctx, c, ['Finishing', 'Available']);
    const answer = await ctx.csms.call('UnlockConnector', { connectorId: c.evseId });
    if (!['Unlocked', 'NotSupported'].includes(String(answer.status))) {
      throw new Verdict(`UnlockConnector for connector ${c.evseId} after the transaction ended must be Unlocked (or NotSupported), got ${String(answer.status)}`);
    }
  },
});

/**
 * TC_005_3: stop and unlock false: the cable leaving the EV suspends the transaction (SuspendedEV/SuspendedEVSE, no
 * StopTransaction); a remote stop then ends it: Finishing (Available with a fixed cable) and reason Remote.
 */
export const suspendOnEvDisconnect = testCase({
  useCase: 'E10', ocpp: '1.6', sut: 'CS', title: 'EV-side disconnect suspends the transaction (StopTransactionOnEVSideDisconnect false) until a remote stop',
  octt: [partial('TC_005_3_CS', 'the free-text info of the StatusNotification ("EV side disconnected") is not compared: the wording is the charger\'s own')],
  actions: ['plugIn', 'unplugEvSide'],
  killedBy: [TF16.ignoresStopOnEvDisconnect, TF.wrongStopReason],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    await csms.booted();
    await writeSetting(csms, '1.6', MINIMUM_STATUS_DURATION, '0');
    await requireSetting(csms, '1.6', STOP_ON_EV_DISCONNECT, 'false', { readOnlyAllowed: 'the test needs the key read-write (its prerequisite)' });
    await establishSetting(csms, '1.6', UNLOCK_ON_EV_DISCONNECT, 'false');
    const c = await charging(ctx, 1);
    const since = markOf(csms);
    await sut.act('unplugEvSide', { evse: c.evseId });
    await expectOneOfStatuses(ctx, c.evseId, ['SuspendedEV', 'SuspendedEVSE'], since,
      'StopTransactionOnEVSideDisconnect is false: after the cable left the EV the transaction is suspended');
    const stopped = csms.received.find((m) => m.action === 'StopTransaction' && csms.received.indexOf(m) > csms.received.indexOf(since!));
    if (stopped) throw new Verdict(`StopTransactionOnEVSideDisconnect is false: the transaction must not end when the cable leaves the EV, got ${brief(stopped)}`, 'OCPP 1.6 4.10');
    const stopAt = markOf(csms);
    const answer = await csms.call('RemoteStopTransaction', { transactionId: Number(c.id) });
    if (answer.status !== 'Accepted') throw new Verdict(`RemoteStopTransaction for the suspended transaction ${c.id} must be Accepted, got ${String(answer.status)}`);
    const stop = await csms.expectCall('StopTransaction', { after: afterMark(stopAt) })
      .catch(() => { throw new Verdict(`the remote stop was accepted but no StopTransaction.req came within ${profile.timing.callTimeoutMs} ms`); });
    requireAnsweredBefore(csms, 'RemoteStopTransaction', stop);
    if (String(stop.payload.transactionId) !== c.id || stop.payload.reason !== 'Remote') {
      throw new Verdict(`StopTransaction.req after the remote stop must name transaction ${c.id} with reason Remote, got ${brief(stop)}`);
    }
    await expectOneOfStatuses(ctx, c.evseId, ['Finishing', 'Available'], stopAt, 'after the remote stop ended the suspended transaction');
  },
});
