import { testCase, partial } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/verdicts.js';
import { brief, charging, markOf } from '../../../shared/session-states.js';
import { expectOneOfStatuses } from '../../../shared/transaction16-steps.js';
import { expectStatusesAfterBoot, powerCycle } from '../../../shared/power-failure-steps.js';
import { TF } from '../../../../src/reference/station/transactions.js';
import { NF } from '../../../../src/reference/station/network.js';

const CONNECTOR_0 = 'connectorId 0 (the Charge Point as a whole) is not required: the document lists it, but OCPP 1.6 4.9 leaves reporting connector 0 to the Charge Point';

/**
 * TC_032_1: a Charge Point with backup power ends its transactions before going down: StopTransaction.req with
 * reason PowerLoss and Finishing; after the power returns it boots (Accepted) and reports the connector of the
 * transaction Finishing or Preparing, the others Available.
 */
export const powerFailureBackup = testCase({
  useCase: 'E06', variant: 'power-loss-backup', ocpp: '1.6', sut: 'CS', title: 'Power failure with backup power: transactions end (PowerLoss) before the Charge Point goes down',
  octt: [partial('TC_032_1_CS', CONNECTOR_0)],
  actions: ['plugIn', 'powerFailure'],
  killedBy: [NF.noStopOnPowerLoss, TF.wrongStopReason],
  async run(ctx) {
    const { csms } = ctx;
    await csms.booted();
    const c = await charging(ctx, 1);
    const { boot, since } = await powerCycle(ctx, true);
    const stop = csms.received.find((m) => m.action === 'StopTransaction' && csms.received.indexOf(m) > csms.received.indexOf(since!) && m.connection < boot.connection);
    if (!stop) throw new Verdict(`with backup power the Charge Point must end transaction ${c.id} (StopTransaction.req) before going down`);
    if (String(stop.payload.transactionId) !== c.id || stop.payload.reason !== 'PowerLoss') throw new Verdict(`StopTransaction.req before the power failure must name transaction ${c.id} with reason PowerLoss, got ${brief(stop)}`);
    const finishing = csms.received.find((m) => m.action === 'StatusNotification' && Number(m.payload.connectorId) === c.evseId
      && csms.received.indexOf(m) > csms.received.indexOf(since!) && m.connection < boot.connection);
    if (finishing?.payload.status !== 'Finishing') throw new Verdict(`before going down the connector of the ended transaction must report Finishing, got ${finishing ? brief(finishing) : 'no StatusNotification'}`);
    await expectStatusesAfterBoot(ctx, boot, c.evseId, ['Finishing', 'Preparing'], ['Available']);
  },
});

/**
 * TC_032_2: without backup power the Charge Point goes down at once; after the boot it reports the connector of the
 * transaction (Preparing, Finishing or Charging; Unavailable/Available in between) and the others Available. A
 * transaction it resumed (Charging) the driver stops with the idTag: StopTransaction reason Local (or none); one it
 * ended itself is reported with reason PowerLoss.
 */
export const powerFailureNoBackup = testCase({
  useCase: 'E06', variant: 'power-loss', ocpp: '1.6', sut: 'CS', title: 'Power failure without backup power: after the boot the transaction is resumed and stopped, or ended for PowerLoss',
  octt: [partial('TC_032_2_CS', CONNECTOR_0)],
  actions: ['plugIn', 'presentIdToken', 'powerFailure'],
  killedBy: [TF.wrongStopReason],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    await csms.booted();
    const c = await charging(ctx, 1);
    const { boot } = await powerCycle(ctx, false);
    const report = await expectStatusesAfterBoot(ctx, boot, c.evseId, ['Preparing', 'Finishing', 'Charging'], ['Available'], ['Unavailable', 'Available']);
    const status = String(report!.payload.status);
    const since = markOf(csms);
    if (status === 'Charging') await sut.act('presentIdToken', { evse: c.evseId, idToken: profile.idTokens.valid });
    const stop = await csms.expectCall('StopTransaction', { after: boot })
      .catch(() => { throw new Verdict(`after the power failure transaction ${c.id} must end: ${status === 'Charging' ? 'the driver stopped it' : 'the Charge Point did not resume it'}, but no StopTransaction.req came`); });
    if (String(stop.payload.transactionId) !== c.id) throw new Verdict(`StopTransaction.req must name transaction ${c.id}, got ${brief(stop)}`);
    const reasons = status === 'Charging' && stop.at >= (since?.at ?? 0) ? ['Local', undefined] : ['PowerLoss'];
    if (!reasons.includes(stop.payload.reason as string | undefined)) {
      throw new Verdict(`StopTransaction.req reason must be ${status === 'Charging' ? 'Local (or none) for the driver\'s stop' : 'PowerLoss for a transaction the Charge Point ended'}, got ${String(stop.payload.reason)}`);
    }
    if (status === 'Charging') await expectOneOfStatuses(ctx, c.evseId, ['Preparing', 'Finishing'], since, 'after the resumed transaction was stopped');
  },
});
