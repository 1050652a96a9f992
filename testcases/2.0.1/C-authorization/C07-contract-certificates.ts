// C07 authorization with ISO 15118 contract certificates (Plug and Charge), SUT = CS: the EV's contract is
// presented with its eMAID and either the OCSP data of a chain the station validated itself or the certificate for
// the CSMS to validate; only an accepted answer authorizes charging.
import { partial, testCase, type CsContext, type CsTestCase, type OcttClaim } from '../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../src/harness/peer.js';
import type { Payload } from '../../../src/ocpp/frames.js';
import { establishSetting, writeSetting } from '../../shared/settings.js';
import {
  afterMark, brief, expectConnectorStatus, info, markOf, newSession, readTxSettings, startEnergyTransfer, type Session,
} from '../../shared/session-states.js';
import { answerTokens, knownToken, nextSessionEvent, prepareAuthorization, prepareIso15118, preSession, requireNoTxEvent } from '../../shared/authorization-steps.js';

const iso = (variable: string) => ({ v16: '', component: 'ISO15118Ctrlr', variable });

interface Variant {
  variant: string;
  central: boolean;
  /** What the harness answers: idTokenInfo.status and certificateStatus. */
  status: string;
  certificateStatus: string;
  octt: OcttClaim[];
  killedBy: string[];
}

const NOT_REPRODUCED = 'the ISO15118Ctrlr settings are written to the station\'s ISO15118Ctrlr without naming the EVSE, and SeccId, '
  + 'CountryName and OrganizationName are left as the station holds them; the memory state (V2G and MO root certificates '
  + 'installed, or for central validation absent) is not established: certificate installation is use case A/M, and the '
  + 'harness judges the messages, not the certificates of the operator\'s EV';


/** The Authorize of a contract: the eMAID with type eMAID, and the hash data (local validation) or the certificate (central). */
function requireContractAuthorize(authorize: ReceivedCall, emaid: string, central: boolean): void {
  const what = `the Authorize of the EV's contract (${brief(authorize)})`;
  const token = authorize.payload.idToken as Payload | undefined;
  if (token?.type !== 'eMAID') throw new Verdict(`${what}: idToken.type must be eMAID`, 'C07.FR.01');
  if (token.idToken !== emaid) throw new Verdict(`${what}: idToken.idToken must be the contract's eMAID ${emaid}`, 'C07.FR.01');
  if (central) {
    if (typeof authorize.payload.certificate !== 'string' || !authorize.payload.certificate) {
      throw new Verdict(`${what}: the station is to let the CSMS validate the contract: certificate must be provided`, 'C07.FR.06');
    }
    return;
  }
  const hashes = authorize.payload.iso15118CertificateHashData as Payload[] | undefined;
  if (!hashes?.length) throw new Verdict(`${what}: iso15118CertificateHashData must be provided for a contract the station validated`, 'C07.FR.02');
}

function contractCs(v: Variant) {
  const accepted = v.status === 'Accepted';
  return testCase<CsTestCase>({
    useCase: 'C07', variant: v.variant, ocpp: '2.0.1', sut: 'CS', octt: v.octt, actions: ['plugIn', 'evPlugAndCharge'],
    needs: v.central ? ['ISO15118', 'ISO-5'] : ['ISO15118'],
    title: `Plug and Charge with ${v.central ? 'central' : 'local'} contract validation, answered ${v.status}/${v.certificateStatus}: charging ${accepted ? 'starts' : 'does not start'}`,
    killedBy: v.killedBy,
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      await prepareIso15118(ctx, v.central);
      const emaid = profile.idTokens.emaid;
      answerTokens(csms, (t) => (t === emaid ? { status: v.status } : knownToken(profile.idTokens, t)));
      csms.answer('Authorize', (c) => ({
        idTokenInfo: { status: (c.payload.idToken as Payload | undefined)?.idToken === emaid ? v.status : 'Invalid' },
        certificateStatus: v.certificateStatus,
      }));
      // The document lets the station check the certificate through the CSMS first (GetCertificateStatus).
      csms.answer('GetCertificateStatus', { status: accepted ? 'Accepted' : 'Failed' });
      const s = await preSession(ctx, profile.evses[0]!.id);
      const since = markOf(csms);
      await sut.act('evPlugAndCharge', { evse: s.evseId, emaid });
      const authorize = await csms.expectCall('Authorize', { after: afterMark(since) })
        .catch(() => { throw new Verdict(`the EV presented its contract: the station must send Authorize within ${profile.timing.callTimeoutMs} ms`, 'C07.FR.01'); });
      requireContractAuthorize(authorize, emaid, v.central);
      if (accepted) return authorizedAndCharging(ctx, s, authorize);
      await requireNoTxEvent(csms, authorize, `the contract was answered ${v.status}/${v.certificateStatus}: the EV must not be authorized nor charge`,
        (e) => e.payload.triggerReason === 'Authorized' || info(e).chargingState === 'Charging', 'C07.FR.02');
    },
  });
}

/** Steps 3-5 of an accepted contract: TransactionEvent Authorized (when a transaction runs or begins), then energy. */
async function authorizedAndCharging(ctx: CsContext, s: Session, authorize: ReceivedCall): Promise<void> {
  s.authorized = true;
  s.last = authorize;
  if (s.txId !== undefined || s.tx.startPoints.includes('Authorized')) {
    const event = await nextSessionEvent(ctx.csms, s, authorize, 'the contract was accepted: a TransactionEvent must follow');
    if (event.payload.triggerReason !== 'Authorized') throw new Verdict(`the TransactionEvent after the accepted contract must have triggerReason Authorized, got ${brief(event)}`);
    s.txId = String(info(event).transactionId);
    s.last = event;
  }
  await startEnergyTransfer(ctx, s);
}

export const localAcceptedCs = contractCs({
  variant: 'local-accepted', central: false, status: 'Accepted', certificateStatus: 'Accepted',
  octt: [partial('TC_C_50_CS', NOT_REPRODUCED)], killedBy: ['cs.pnc-no-hash-data', 'cs.pnc-type-not-emaid'],
});
export const localRejectedCs = contractCs({
  variant: 'local-rejected', central: false, status: 'Invalid', certificateStatus: 'ContractCancelled',
  octt: [partial('TC_C_51_CS', NOT_REPRODUCED)], killedBy: ['cs.auth-starts-when-refused', 'cs.pnc-no-hash-data'],
});
export const centralAcceptedCs = contractCs({
  variant: 'central-accepted', central: true, status: 'Accepted', certificateStatus: 'Accepted',
  octt: [partial('TC_C_52_CS', NOT_REPRODUCED)], killedBy: ['cs.pnc-no-certificate', 'cs.pnc-type-not-emaid'],
});
export const centralRejectedCs = contractCs({
  variant: 'central-rejected', central: true, status: 'Invalid', certificateStatus: 'CertificateRevoked',
  octt: [partial('TC_C_53_CS', NOT_REPRODUCED)], killedBy: ['cs.auth-starts-when-refused', 'cs.pnc-no-certificate'],
});

// ---------------------------------------------------------------- offline (TC_C_54/55_CS)

const OFFLINE_NOT_REPRODUCED = 'the harness cannot refuse a reconnection: instead of refusing the station for the transaction '
  + 'duration it sets RetryBackOffWaitMinimum (the call timeout, rounded up to seconds) long enough for the operator\'s '
  + 'actions; OfflineTxForUnknownIdEnabled is written only where the station has it; the memory state (V2G and MO roots '
  + 'installed, the token cached or in the local list) is not established';

const comm = (variable: string) => ({ v16: '', component: 'OCPPCommCtrlr', variable });

function offlineContractCs(validationOffline: boolean, octt: OcttClaim[], killedBy: string[]) {
  return testCase<CsTestCase>({
    useCase: 'C07', variant: validationOffline ? 'offline-validation' : 'offline-no-validation', ocpp: '2.0.1', sut: 'CS', octt,
    actions: ['plugIn', 'evPlugAndCharge'], needs: ['ISO15118'], killedBy,
    title: validationOffline
      ? 'Offline with ContractValidationOffline true: the contract authorizes charging, reported with offline true after reconnecting'
      : 'Offline with ContractValidationOffline false: the contract does not authorize charging',
    async run(ctx) {
      const { csms, sut, profile } = ctx;
      await csms.booted();
      await prepareAuthorization(csms);
      await writeSetting(csms, '2.0.1', { v16: '', component: 'AuthCtrlr', variable: 'OfflineTxForUnknownIdEnabled' }, 'true');
      const waitS = Math.max(1, Math.ceil(profile.timing.callTimeoutMs / 1000));
      await establishSetting(csms, '2.0.1', comm('OfflineThreshold'), String(waitS + 60));
      await establishSetting(csms, '2.0.1', comm('RetryBackOffWaitMinimum'), String(waitS));
      await establishSetting(csms, '2.0.1', comm('RetryBackOffRandomRange'), '0');
      await establishSetting(csms, '2.0.1', iso('ContractValidationOffline'), String(validationOffline));
      await establishSetting(csms, '2.0.1', iso('PnCEnabled'), 'true');
      const tx = await readTxSettings(csms, '2.0.1');
      const emaid = profile.idTokens.emaid;
      answerTokens(csms, (t) => (t === emaid ? { status: 'Accepted' } : knownToken(profile.idTokens, t)));
      const evseId = profile.evses[0]!.id;
      const before = csms.connectionCount;
      const dropped = markOf(csms);
      csms.dropConnection();
      await csms.waitForDisconnect(profile.timing.callTimeoutMs);
      await sut.act('plugIn', { evse: evseId });
      await sut.act('evPlugAndCharge', { evse: evseId, emaid });
      await csms.waitForConnection(waitS * 1000 + profile.timing.bootTimeoutMs, before)
        .catch((err: Error) => { throw new Verdict(`after the CSMS dropped the connection the station must reconnect: ${err.message}`); });
      await expectConnectorStatus(csms, evseId, 1, 'Occupied', dropped, 'the EV was connected while offline');
      const s = newSession(csms, evseId, tx);
      Object.assign(s, { cableIn: true, occupied: true, last: dropped });
      if (tx.startPoints.includes('EVConnected')) {
        const plugged = await nextSessionEvent(csms, s, dropped, 'the EV was connected while offline: its TransactionEvent must follow the reconnection');
        const what = `the TransactionEvent of the cable (${brief(plugged)})`;
        if (plugged.payload.triggerReason !== 'CablePluggedIn' || info(plugged).chargingState !== 'EVConnected') {
          throw new Verdict(`${what}: triggerReason must be CablePluggedIn and chargingState EVConnected`);
        }
        if (plugged.payload.offline !== true) throw new Verdict(`${what}: it happened while offline, so offline must be true`);
        s.txId = String(info(plugged).transactionId);
        s.last = plugged;
      }
      if (!validationOffline) {
        await requireNoTxEvent(csms, s.last!, 'ContractValidationOffline is false: the contract presented offline must not authorize charging',
          (e) => e.payload.triggerReason === 'Authorized' || e.payload.triggerReason === 'ChargingStateChanged' || info(e).chargingState === 'Charging', 'C07.FR.07');
        return;
      }
      if (s.txId !== undefined || tx.startPoints.includes('Authorized')) {
        const authorized = await nextSessionEvent(csms, s, s.last, 'ContractValidationOffline is true: the contract authorized offline must be reported (C07.FR.08)');
        const what = `the TransactionEvent of the offline authorization (${brief(authorized)})`;
        if (authorized.payload.triggerReason !== 'Authorized') throw new Verdict(`${what}: triggerReason must be Authorized`, 'C07.FR.08');
        if (authorized.payload.offline !== true) throw new Verdict(`${what}: it happened while offline, so offline must be true`);
        s.txId = String(info(authorized).transactionId);
        s.last = authorized;
      }
      s.authorized = true;
      await startEnergyTransfer(ctx, s);
    },
  });
}

export const offlineValidationCs = offlineContractCs(true, [partial('TC_C_54_CS', OFFLINE_NOT_REPRODUCED)], ['cs.pnc-offline-refused']);
export const offlineNoValidationCs = offlineContractCs(false, [partial('TC_C_55_CS', OFFLINE_NOT_REPRODUCED)], ['cs.pnc-offline-ignores-setting']);
