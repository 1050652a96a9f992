// 1.6 group authorization by parentIdTag: a different idTag with the same parentIdTag as the starting one stops the
// transaction (TC_069_CS).
import { full, testCase, type CsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { afterMark, brief, charging, expectConnectorStatus } from '../../shared/session-states.js';
import { answerTokens, presentExpectingAuthorize } from '../../shared/authorization-steps.js';

/**
 * Charging (the CSMS gave the starting idTag its parentIdTag); another idTag is presented, Authorize answered
 * Accepted with the same parentIdTag: StopTransaction with the new idTag and the connector Finishing.
 */
export const parentStopsCs = testCase<CsTestCase>({
  useCase: 'C09', variant: 'parent-stop', ocpp: '1.6', sut: 'CS', octt: full('TC_069_CS'), actions: ['plugIn', 'presentIdToken'],
  title: 'Another idTag with the same parentIdTag stops the transaction',
  killedBy: ['cs.group-stop-refused', 'cs.group-stop-names-starter'],
  async run(ctx) {
    const { csms, profile } = ctx;
    await csms.booted();
    const c = await charging(ctx, profile.evses[0]!.id);
    answerTokens(csms);
    const { valid, valid2, groupId } = profile.idTokens;
    const authorize = await presentExpectingAuthorize(ctx, c.evseId, valid2, `an idTag other than ${valid} was presented`);
    const stop = await csms.expectCall('StopTransaction', { after: afterMark(authorize) })
      .catch(() => { throw new Verdict(`${valid2} was accepted with parentIdTag ${groupId}, the parent of the starting idTag: the Charge Point must send StopTransaction within ${profile.timing.callTimeoutMs} ms`); });
    if (String(stop.payload.transactionId) !== c.id || stop.payload.idTag !== valid2) {
      throw new Verdict(`StopTransaction must name transaction ${c.id} and the idTag ${valid2} that stopped it, got ${brief(stop)}`);
    }
    await expectConnectorStatus(csms, c.evseId, 1, 'Finishing', authorize, 'the transaction stopped with the cable still in');
  },
});
