// C12 Authorization through the authorization cache with the CSMS as SUT (TC_C_08_CSMS, TC_C_20_CSMS): the station
// (the harness) authorizes from its cache, so the CSMS first hears of the token in the TransactionEvent.
import { full, testCase, type CsmsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import type { Payload } from '../../../src/ocpp/frames.js';
import { newSimTx, sendTxEvent, simPlugIn } from '../../shared/session-states.js';

const ocpp = '2.0.1' as const;

function cachedTokenEvent(variant: string, id: string, valid: boolean, killedBy: string[]) {
  return testCase<CsmsTestCase>({
    useCase: 'C12', variant, ocpp, sut: 'CSMS', octt: full(id), killedBy,
    title: valid
      ? 'A station authorizes a cached valid token without Authorize: the CSMS accepts it in its TransactionEventResponse'
      : 'A station reports a cached invalid token in a TransactionEvent: the CSMS answers it Invalid or Unknown',
    async run({ station, profile }) {
      await station.booted();
      const t = newSimTx(profile.evses[0]!.id);
      await simPlugIn(station, t, false); // EVConnectedPreSession
      const token = valid ? profile.idTokens.valid : profile.idTokens.invalid;
      const answer = await sendTxEvent(station, t, { eventType: 'Updated', trigger: 'Authorized', chargingState: 'EVConnected', tokenValue: token });
      const status = String((answer.idTokenInfo as Payload | undefined)?.status);
      const allowed = valid ? ['Accepted'] : ['Invalid', 'Unknown'];
      if (!allowed.includes(status)) throw new Verdict(`the CSMS must answer the token ${token} in the TransactionEvent with idTokenInfo.status ${allowed.join(' or ')}, got ${status}`);
    },
  });
}

export const cachedValidCsms = cachedTokenEvent('accepted', 'TC_C_08_CSMS', true, ['csms.tx-token-requires-authorize']);
export const cachedInvalidCsms = cachedTokenEvent('invalid', 'TC_C_20_CSMS', false, ['csms.tx-event-accepts-unknown-token']);
