// The 1.6 power-failure test cases (charge point as SUT): the operator cuts the power and restores it (operator
// action powerFailure); the Charge Point boots again and reports each connector.
import type { CsContext } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import { expectOneOfStatuses } from './transaction16-steps.js';
import { markOf, type Mark } from './session-states.js';

/** Cut and restore the power; returns the BootNotification after it (on a new connection, answered Accepted). */
export async function powerCycle({ csms, sut }: CsContext, backupPower: boolean): Promise<{ boot: ReceivedCall; since: Mark }> {
  const before = csms.connectionCount;
  const since = markOf(csms);
  await sut.act('powerFailure', { backupPower });
  const boot = await csms.waitForReboot(since ?? 0, before);
  return { boot, since };
}

/**
 * After the boot every connector reports its status: `connectorId` one of `statuses` (after `passing` ones), the
 * others `others`.
 */
export async function expectStatusesAfterBoot(ctx: CsContext, boot: ReceivedCall, connectorId: number | undefined, statuses: string[],
  others: string[], passing: string[] = []): Promise<ReceivedCall | undefined> {
  let mine: ReceivedCall | undefined;
  for (const evse of ctx.profile.evses) {
    const wanted = evse.id === connectorId ? statuses : others;
    const report = await expectOneOfStatuses(ctx, evse.id, wanted, boot, `after the power came back (boot), connector ${evse.id}`, evse.id === connectorId ? passing : []);
    if (report.connection < boot.connection) throw new Verdict(`connector ${evse.id} must be reported after the boot`);
    if (evse.id === connectorId) mine = report;
  }
  return mine;
}
