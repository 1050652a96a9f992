import { full, testCase, type CsmsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { bootAnsweredWith, pendingBootCs201, pendingBootCsms } from '../../shared/boot-steps.js';

export const pendingCs = pendingBootCs201(full('TC_B_02_CS'));
// TC_B_30_CSMS allows either a Pending or a Rejected boot; this test reproduces it with Pending.
export const pendingCsms = pendingBootCsms('2.0.1', full('TC_B_02_CSMS', 'TC_B_30_CSMS'));

/**
 * TC_B_31_CSMS: the CSMS answered the boot Pending (as its operator set it, C-44) and then, instead of waiting
 * for the interval, has the station boot again with TriggerMessage BootNotification; that boot is Accepted and
 * the station reports its connectors.
 */
export const pendingTriggerCsms = testCase<CsmsTestCase>({
  useCase: 'B02', variant: 'trigger', ocpp: '2.0.1', sut: 'CSMS', octt: full('TC_B_31_CSMS'), exclusive: true, needs: ['C-44'],
  title: 'Boot answered Pending; the CSMS triggers a BootNotification, accepts the triggered boot and takes the connector reports',
  actions: ['setBootResponse', 'triggerMessage'],
  killedBy: ['csms.ignores-boot-config', 'csms.boot-always-pending', 'csms.trigger-not-sent'],
  async run(ctx) {
    const { station, sut, profile } = ctx;
    await bootAnsweredWith(ctx, 'Pending');
    station.answer('TriggerMessage', { status: 'Accepted' });
    const acting = sut.act('triggerMessage', { stationId: profile.stationId, requestedMessage: 'BootNotification' });
    const failed = acting.then(() => undefined, (err: Error) => err);
    const trigger = await station.expectCall('TriggerMessage');
    const err = await failed;
    if (err) throw err;
    if (trigger.payload.requestedMessage !== 'BootNotification') throw new Verdict(`TriggerMessage must ask for BootNotification, got ${String(trigger.payload.requestedMessage)}`);
    const again = await station.call('BootNotification', station.bootPayload('Triggered'));
    if (again.status !== 'Accepted') throw new Verdict(`the triggered BootNotification must be Accepted, got ${String(again.status)}`);
    for (const evse of profile.evses) {
      for (let c = 1; c <= evse.connectors; c++) {
        await station.call('StatusNotification', station.statusPayload(evse.id, c, 'Available'));
        await station.call('NotifyEvent', station.availabilityEvent(evse.id, c, 'Available'));
      }
    }
  },
});
