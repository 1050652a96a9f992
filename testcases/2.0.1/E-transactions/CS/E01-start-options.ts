// E01 start transaction options (SUT = charging station): with TxStartPoint set to one value, the transaction
// begins at that point and no earlier: EVConnected (TC_E_09), Authorized locally (TC_E_10) or remotely (TC_E_13),
// PowerPathClosed (TC_E_01), EnergyTransfer (TC_E_02), ParkingBayOccupancy (TC_E_12, operator action driveIn).
import { full, testCase, type CsTestCase } from '../../../../src/harness/test-case.js';
import {
  afterMark, authorizeLocally, authorizeRemotely, newSession, plugIn, readTxSettings,
} from '../../../shared/session-states.js';
import { energyTransferStartedLocally, prepareAuthorization, requireCompleteRecord, withTxPoints } from './steps.js';
import { Verdict } from '../../../../src/harness/verdicts.js';
import { establishSetting } from '../../../shared/settings.js';
import { brief, expectConnectorStatus, info, lastReportedStatus, markOf, validToken } from '../../../shared/session-states.js';
import { checkSigned, publicKeyRule, SAMPLED_SIGN_READINGS } from '../../../shared/signed-meter-steps.js';
import { readingsOf } from '../../../shared/meter-value-steps.js';
import { MV } from '../../../../src/reference/station/meter-values.js';

const common = { ocpp: '2.0.1', sut: 'CS', useCase: 'E01' } as const;

export const powerPathClosed = testCase<CsTestCase>({
  ...common, variant: 'power-path-closed', octt: full('TC_E_01_CS'), needs: ['C-09.4'], actions: ['presentIdToken', 'plugIn'],
  title: 'TxStartPoint PowerPathClosed: the authorization alone starts nothing; plugging in then starts the transaction (Started, with EVSE)',
  killedBy: ['cs.tx-start-points-ignored'],
  async run(ctx) {
    await ctx.csms.booted();
    await withTxPoints(ctx, { start: 'PowerPathClosed' }, async (tx) => {
      const s = newSession(ctx.csms, ctx.profile.evses[0]!.id, tx);
      await authorizeLocally(ctx, s);
      await plugIn(ctx, s, 'preSession');
    });
  },
});

export const energyTransfer = testCase<CsTestCase>({
  ...common, variant: 'energy-transfer', octt: full('TC_E_02_CS'), needs: ['C-09.5'], actions: ['presentIdToken', 'plugIn'],
  title: 'TxStartPoint EnergyTransfer: the transaction starts with the energy: Occupied, then Started with Charging, the token and the EVSE',
  killedBy: ['cs.tx-start-points-ignored'],
  async run(ctx) {
    await ctx.csms.booted();
    await withTxPoints(ctx, { start: 'EnergyTransfer' }, async (tx) => {
      const s = newSession(ctx.csms, ctx.profile.evses[0]!.id, tx);
      await authorizeLocally(ctx, s);
      await plugIn(ctx, s, 'energy');
    });
  },
});

export const evConnected = testCase<CsTestCase>({
  ...common, variant: 'ev-connected', octt: full('TC_E_09_CS'), needs: ['C-09.1'], actions: ['plugIn'],
  title: 'TxStartPoint EVConnected: plugging in reports Occupied and starts the transaction (Started, CablePluggedIn, EVConnected, with EVSE)',
  killedBy: ['cs.tx-cable-event-no-evse'],
  async run(ctx) {
    await ctx.csms.booted();
    await withTxPoints(ctx, { start: 'EVConnected' }, async (tx) => {
      const s = newSession(ctx.csms, ctx.profile.evses[0]!.id, tx);
      await plugIn(ctx, s, 'preSession');
    });
  },
});

export const authorizedLocal = testCase<CsTestCase>({
  ...common, variant: 'authorized-local', octt: full('TC_E_10_CS'), needs: ['C-09.2'], actions: ['presentIdToken'],
  title: 'TxStartPoint Authorized, local: the presented token is sent in Authorize, then Started with triggerReason Authorized and the token',
  killedBy: ['cs.tx-authorized-event-no-token'],
  async run(ctx) {
    await ctx.csms.booted();
    await prepareAuthorization(ctx.csms);
    await withTxPoints(ctx, { start: 'Authorized' }, async (tx) => {
      await authorizeLocally(ctx, newSession(ctx.csms, ctx.profile.evses[0]!.id, tx));
    });
  },
});

export const authorizedRemote = testCase<CsTestCase>({
  ...common, variant: 'authorized-remote', octt: full('TC_E_13_CS'), needs: ['C-09.2'], actions: [],
  title: 'TxStartPoint Authorized, remote: RequestStartTransaction Accepted, Authorize when configured, Started with RemoteStart, token and remoteStartId',
  killedBy: ['cs.remote-start-no-remote-start-id', 'cs.remote-start-acts-before-answer'],
  async run(ctx) {
    await ctx.csms.booted();
    await prepareAuthorization(ctx.csms);
    await withTxPoints(ctx, { start: 'Authorized' }, async (tx) => {
      await authorizeRemotely(ctx, newSession(ctx.csms, ctx.profile.evses[0]!.id, tx));
    });
  },
});

// Beyond the documents: a transaction the station runs with its own configuration numbers its messages from 0
// without gaps and its energy register does not go down (E01.FR.15 / the register is cumulative).
export const record = testCase<CsTestCase>({
  ...common, variant: 'record', actions: ['presentIdToken', 'plugIn'],
  title: 'A running transaction numbers its TransactionEvents from seqNo 0 without gaps, and its energy register never goes down',
  killedBy: ['cs.tx-seqno-gap'],
  async run(ctx) {
    await ctx.csms.booted();
    await prepareAuthorization(ctx.csms);
    const s = await energyTransferStartedLocally(ctx, await readTxSettings(ctx.csms, '2.0.1'));
    requireCompleteRecord(ctx.csms, s.txId!);
  },
});

export const parkingBayOccupancy = testCase<CsTestCase>({
  ...common, variant: 'parking-bay', octt: full('TC_E_12_CS'), needs: ['C-09.6'], actions: ['driveIn'],
  title: 'TxStartPoint ParkingBayOccupancy: an EV driving into the parking bay starts the transaction (Started, triggerReason EVDetected)',
  killedBy: ['cs.parking-bay-ignored'],
  async run(ctx) {
    const { csms, sut, profile } = ctx;
    await csms.booted();
    await withTxPoints(ctx, { start: 'ParkingBayOccupancy' }, async () => {
      const since = markOf(csms);
      await sut.act('driveIn', { evse: profile.evses[0]!.id });
      const event = await csms.expectCall('TransactionEvent', { after: afterMark(since) })
        .catch(() => { throw new Verdict('TxStartPoint holds ParkingBayOccupancy: an EV driving into the bay must start a transaction (TransactionEvent)', 'E01.FR.01'); });
      if (event.payload.eventType !== 'Started' || event.payload.triggerReason !== 'EVDetected') {
        throw new Verdict(`the TransactionEvent after the EV drove into the bay must have eventType Started and triggerReason EVDetected, got ${brief(event)}`, 'E01.FR.01');
      }
    });
  },
});

// ---- TC_E_11: TxStartPoint DataSigned (E01.S4), with SampledDataCtrlr.SignReadings true ----
/**
 * Authorized first (the valid token presented), then the EV plugs in: Occupied, then Started with triggerReason
 * SignedDataReceived, the token, the EVSE and connector, and a signed Transaction.Begin reading; then Updated
 * ChargingStateChanged with chargingState Charging.
 */
export const dataSigned = testCase<CsTestCase>({
  ...common, variant: 'data-signed', octt: full('TC_E_11_CS'), needs: ['C-09.3'], actions: ['presentIdToken', 'plugIn'],
  title: 'TxStartPoint DataSigned: after authorization and cable the transaction starts with the signed start reading (SignedDataReceived), then charges',
  killedBy: [MV.unsigned, 'cs.tx-start-points-ignored'],
  async run(ctx) {
    const { csms, sut } = ctx;
    await csms.booted();
    await prepareAuthorization(csms);
    await establishSetting(csms, '2.0.1', SAMPLED_SIGN_READINGS, 'true');
    const keys = await publicKeyRule(csms);
    await withTxPoints(ctx, { start: 'DataSigned' }, async (tx) => {
      const s = newSession(csms, ctx.profile.evses[0]!.id, tx);
      await authorizeLocally(ctx, s);
      const since = markOf(csms);
      await sut.act('plugIn', { evse: s.evseId, connector: s.connectorId });
      // The authorization may have reported the connector Occupied already (as the shared plugIn step allows).
      if (lastReportedStatus(csms, s.evseId, s.connectorId) !== 'Occupied') await expectConnectorStatus(csms, s.evseId, s.connectorId, 'Occupied', since, 'after the EV was plugged in');
      const started = await csms.expectCall('TransactionEvent', { where: { eventType: 'Started' }, after: since ?? 0 })
        .catch(() => { throw new Verdict('with TxStartPoint DataSigned, cable and authorization must start a transaction (TransactionEvent Started)', 'E01.FR.04'); });
      const what = `the TransactionEvent Started (${brief(started)})`;
      if (started.payload.triggerReason !== 'SignedDataReceived') throw new Verdict(`${what}: triggerReason must be SignedDataReceived`);
      const token = started.payload.idToken as { idToken?: unknown; type?: unknown } | undefined;
      const want = validToken(ctx.profile);
      if (token?.idToken !== want.idToken || token.type !== want.type) throw new Verdict(`${what}: must carry idToken ${want.idToken} (${want.type})`, 'E01.FR.07');
      const evse = started.payload.evse as { id?: unknown; connectorId?: unknown } | undefined;
      if (evse?.id === undefined || evse.connectorId === undefined) throw new Verdict(`${what}: evse with id and connectorId must be given`, 'E01.FR.16');
      const begin = readingsOf(started).filter((r) => r.sampled.some((sv) => sv.context === 'Transaction.Begin'));
      if (!begin.length) throw new Verdict(`${what}: must carry a meterValue with context Transaction.Begin`);
      checkSigned(begin, keys, 'the start reading of the transaction', 'J02.FR.21');
      const txId = String(info(started).transactionId);
      const charging = await csms.expectCall('TransactionEvent', { where: { transactionInfo: { transactionId: txId } }, after: started })
        .catch(() => { throw new Verdict('after the Started event a TransactionEvent Updated with chargingState Charging must follow'); });
      const next = `the TransactionEvent after Started (${brief(charging)})`;
      if (charging.payload.eventType !== 'Updated') throw new Verdict(`${next}: eventType must be Updated`);
      if (charging.payload.triggerReason !== 'ChargingStateChanged') throw new Verdict(`${next}: triggerReason must be ChargingStateChanged`);
      if (info(charging).chargingState !== 'Charging') throw new Verdict(`${next}: transactionInfo.chargingState must be Charging`);
    });
  },
});
