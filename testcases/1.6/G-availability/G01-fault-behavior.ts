import { testCase, full } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/verdicts.js';
import { brief, expectConnectorStatus, markOf } from '../../shared/session-states.js';
import { TF16 } from '../../../src/reference/station/transactions.js';

/*
 * TC_041_CS (Fault Behavior): a connector in a fault reports Faulted, and an EV driver who then plugs in and
 * presents a valid idTag gets no transaction. 1.6 4.9 defines Faulted as "not available for energy delivery".
 * The document's <Configured Transaction Duration> is the profile's quiet time (timing.quietMs), the configured
 * span the harness listens for what must not happen.
 */
export const faultBehavior = testCase({
  useCase: 'G01', variant: 'faulted-no-start', ocpp: '1.6', sut: 'CS',
  title: 'A faulted connector reports Faulted and starts no transaction when the driver plugs in and presents a valid idTag',
  octt: full('TC_041_CS'),
  actions: ['faultConnector', 'plugIn', 'presentIdToken', 'unplug'],
  killedBy: [TF16.startsWhenFaulted],
  async run({ csms, sut, profile }) {
    await csms.booted();
    const connectorId = profile.evses[0]!.id;
    const since = markOf(csms);
    // The charge point in a fault state.
    await sut.act('faultConnector', { evse: connectorId, faulted: true });
    const faulted = await expectConnectorStatus(csms, connectorId, 1, 'Faulted', since, 'after the connector was put into a fault');
    try {
      // The EV driver tries to start a transaction.
      await sut.act('plugIn', { evse: connectorId });
      await sut.act('presentIdToken', { evse: connectorId, idToken: profile.idTokens.valid });
      const started = await csms.firstUnwanted((c) => c.action === 'StartTransaction', profile.timing.quietMs, faulted);
      if (started) {
        throw new Verdict(`a Faulted connector is not available for energy delivery: no transaction may start, got StartTransaction.req ${brief(started)}`, 'OCPP 1.6 4.9 (Faulted)');
      }
    } finally {
      // Leave the charger as it was found: cable out, fault repaired.
      await sut.act('unplug', { evse: connectorId }).catch(() => undefined);
      await sut.act('faultConnector', { evse: connectorId, faulted: false }).catch(() => undefined);
    }
  },
});
