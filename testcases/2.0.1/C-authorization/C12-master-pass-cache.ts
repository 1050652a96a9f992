// C12 authorization through the cache of a master pass token (TC_C_14_CS): the station cached the master pass
// token with its group (AuthCtrlr.MasterPassGroupId); presented during a transaction, it stops it (StopAuthorized,
// stoppedReason MasterPass when it ends it).
import { partial, testCase, type CsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import type { Payload } from '../../../src/ocpp/frames.js';
import { expectAuthorizedEvent, present, tokenCached } from '../../shared/auth-cache-steps.js';
import { answerTokens, nextSessionEvent, prepareAuthorization } from '../../shared/authorization-steps.js';
import { AUTH_CACHE_ENABLED, LOCAL_PRE_AUTHORIZE, setIfImplemented } from '../../shared/local-list-steps.js';
import { brief, endAfterStop, info, newSession, plugIn, readTxSettings, startEnergyTransfer } from '../../shared/session-states.js';
import { establishSetting } from '../../shared/settings.js';

const ocpp = '2.0.1' as const;
const MASTER_PASS_GROUP = { v16: '', component: 'AuthCtrlr', variable: 'MasterPassGroupId' };

export const masterPassFromCache = testCase<CsTestCase>({
  useCase: 'C12', variant: 'master-pass', ocpp, sut: 'CS', needs: ['C-49', 'C-08'], actions: ['plugIn', 'presentIdToken', 'unplug'],
  octt: [partial('TC_C_14_CS', 'EnergyTransferStarted is reached with the valid token presented at the station')],
  title: 'A master pass token in the authorization cache stops the running transaction (StopAuthorized with the master pass token, stoppedReason MasterPass)',
  killedBy: ['cs.master-pass-ignored', 'cs.master-pass-wrong-reason'],
  async run(ctx) {
    const { csms, profile } = ctx;
    const { valid, masterPass, masterPassGroupId, type } = profile.idTokens;
    await csms.booted();
    await prepareAuthorization(csms);
    answerTokens(csms);
    await setIfImplemented(csms, ocpp, AUTH_CACHE_ENABLED, 'true');
    await setIfImplemented(csms, ocpp, LOCAL_PRE_AUTHORIZE, 'true');
    await establishSetting(csms, ocpp, MASTER_PASS_GROUP, masterPassGroupId);
    const evseId = profile.evses[0]!.id;
    // Memory state: the master pass token in the cache (accepted with the master pass group, it starts nothing).
    await tokenCached(ctx, evseId, masterPass, false);
    // Reusable state EnergyTransferStarted.
    const s = newSession(csms, evseId, await readTxSettings(csms, ocpp));
    await plugIn(ctx, s, 'preSession');
    await expectAuthorizedEvent(csms, s, valid, await present(ctx, s, valid));
    await startEnergyTransfer(ctx, s);
    // Main: the master pass token is presented.
    const since = await present(ctx, s, masterPass);
    const stopped = await nextSessionEvent(csms, s, since, `the master pass token (cached, group ${masterPassGroupId}) was presented: the station must stop transaction ${s.txId} (C16.FR.02)`);
    const what = `the TransactionEvent after the master pass token (${brief(stopped)})`;
    if (stopped.payload.triggerReason !== 'StopAuthorized') throw new Verdict(`${what}: triggerReason must be StopAuthorized`, 'C16.FR.02');
    const token = stopped.payload.idToken as Payload | undefined;
    if (token?.idToken !== masterPass || token.type !== type) throw new Verdict(`${what}: idToken must be the master pass token ${masterPass} (${type})`);
    if (stopped.payload.eventType === 'Ended' && info(stopped).stoppedReason !== 'MasterPass') throw new Verdict(`${what}: stoppedReason must be MasterPass`, 'C16.FR.02');
    // Steps 3-4, only while the transaction still runs.
    if (stopped.payload.eventType !== 'Ended') await endAfterStop(ctx, { id: s.txId!, evseId: s.evseId, session: s, last: stopped }, stopped, 'MasterPass');
    else await ctx.sut.act('unplug', { evse: s.evseId });
  },
});
