import { testCase, partial } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/verdicts.js';
import { markOf } from '../../shared/session-states.js';
import { expectOneOfStatuses } from '../../shared/transaction16-steps.js';
import { expectStatusesAfterBoot, powerCycle } from '../../shared/power-failure-steps.js';
import { NF } from '../../../src/reference/station/network.js';

/**
 * TC_034: the whole Charge Point is set Inoperative (ChangeAvailability connectorId 0), every connector reports
 * Unavailable; the power fails and returns; after the boot (Accepted) every connector still reports Unavailable.
 */
export const unavailableSurvivesPowerFailure = testCase({
  useCase: 'G04', variant: 'power-failure', ocpp: '1.6', sut: 'CS', title: 'Power failure keeps the Charge Point Unavailable',
  octt: [partial('TC_034_CS', 'connectorId 0 (the Charge Point as a whole) is not required: the document lists it, but OCPP 1.6 4.9 leaves reporting connector 0 to the Charge Point')],
  actions: ['powerFailure'],
  killedBy: [NF.forgetsAvailability],
  async run(ctx) {
    const { csms } = ctx;
    await csms.booted();
    const since = markOf(csms);
    const answer = await csms.call('ChangeAvailability', { connectorId: 0, type: 'Inoperative' });
    if (answer.status !== 'Accepted') throw new Verdict(`ChangeAvailability Inoperative for the idle Charge Point must be Accepted, got ${String(answer.status)}`);
    for (const evse of ctx.profile.evses) await expectOneOfStatuses(ctx, evse.id, ['Unavailable'], since, `after ChangeAvailability Inoperative, connector ${evse.id}`);
    const { boot } = await powerCycle(ctx, true);
    await expectStatusesAfterBoot(ctx, boot, undefined, [], ['Unavailable']);
  },
});
