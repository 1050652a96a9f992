// C09 authorization by GroupId with the local list, CSMS as SUT (TC_C_40_CSMS, TC_C_43_CSMS): the station (the
// harness) authorizes the first token from its list, so the CSMS first hears of it in the TransactionEvent, and must
// still name its group; the second token of the group stops the transaction.
import { full, testCase, type CsmsTestCase } from '../../../src/harness/test-case.js';
import {
  authorizeAtCsms, requireTokenAnswer, simPreSession, txEvent,
} from '../../shared/authorization-steps.js';
import { newSimTx, reportConnector } from '../../shared/session-states.js';

const ocpp = '2.0.1' as const;

function groupFromList(variant: string, id: string, withAuthorize: boolean) {
  return testCase<CsmsTestCase>({
    useCase: 'C09', variant, ocpp, sut: 'CSMS', octt: full(id),
    title: withAuthorize
      ? 'A token of the group authorized from the station\'s list, then the second token asked for (Authorize) and stopping: every answer Accepted with the group'
      : 'A token of the group authorized from the station\'s list and the second one stopping: the CSMS answers both Accepted with the group',
    killedBy: ['csms.no-group-id', 'csms.tx-token-requires-authorize'],
    async run({ station, profile }) {
      await station.booted();
      const { valid, valid2, groupId } = profile.idTokens;
      const t = newSimTx(profile.evses[0]!.id);
      await simPreSession(station, t);
      requireTokenAnswer(await txEvent(station, t, { eventType: 'Updated', trigger: 'Authorized', token: valid }),
        `the TransactionEvent Authorized with ${valid} (taken from the local list, no Authorize before)`, ['Accepted'], groupId, 'C09.FR.02');
      await txEvent(station, t, { eventType: 'Updated', trigger: 'ChargingStateChanged', chargingState: 'Charging' }); // EnergyTransferStarted
      if (withAuthorize) requireTokenAnswer(await authorizeAtCsms(station, valid2), `Authorize for ${valid2}`, ['Accepted'], groupId, 'C09.FR.02');
      requireTokenAnswer(await txEvent(station, t, { eventType: 'Updated', trigger: 'StopAuthorized', token: valid2, chargingState: 'Charging' }),
        `the TransactionEvent StopAuthorized with ${valid2}`, ['Accepted'], groupId, 'C09.FR.03');
      // EVConnectedPostSession and EVDisconnected.
      await txEvent(station, t, { eventType: 'Updated', trigger: 'ChargingStateChanged', chargingState: 'EVConnected' });
      await reportConnector(station, t.evseId, 'Available');
      await txEvent(station, t, { eventType: 'Ended', trigger: 'EVCommunicationLost', chargingState: 'Idle', stoppedReason: 'EVDisconnected' });
    },
  });
}

export const groupFromListCsms = groupFromList('group-local-list', 'TC_C_40_CSMS', false);
export const groupFromListAuthorizeCsms = groupFromList('group-local-list-authorize', 'TC_C_43_CSMS', true);
