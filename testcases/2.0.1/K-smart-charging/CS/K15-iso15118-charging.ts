// ISO 15118 smart charging (K15-K17) with the charging station as SUT: the operator's simulated ISO 15118 EV
// (actions evIso15118, evChargingNeeds) announces its needs, the harness (as CSMS) answers them and sends the
// TxProfile, and the station's NotifyEVChargingNeeds, its answer to the profile, the EV's schedule and the
// transaction's events are judged (TC_K_53/54/56/57/58_CS; reusable state RenegotiateChargingLimits).
import { testCase, full, partial, type CsContext, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import { Inconclusive } from '../../../../src/harness/verdicts.js';
import type { Payload } from '../../../../src/ocpp/frames.js';
import { authorizeLocally, brief, info, markOf, newSession, plugIn, readTxSettings, startsWithEnergy, type Session } from '../../../shared/session-states.js';
import { limitIn, setProfile, settingsOf } from '../../../shared/smart-charging-steps.js';
import { profile201 } from '../../../shared/smart-charging201-steps.js';
import { offlinePeriod } from '../../E-transactions/CS/steps.js';

const ocpp = '2.0.1';
const needs = ['ISO15118', 'smart-charging'];
const profile = 'smart-charging';
const actions = ['presentIdToken', 'plugIn', 'evIso15118', 'evChargingNeeds'];

let nextId = 7000 + Math.floor(Math.random() * 1000);

/** (Booted) Authorized (local), then an ISO 15118 EV plugged in (EVConnectedPreSession): the transaction the profiles name. */
async function iso15118EvConnected(ctx: CsContext): Promise<Session> {
  const { csms, sut, profile: p } = ctx;
  const tx = await readTxSettings(csms, ocpp);
  if (startsWithEnergy(tx)) throw new Inconclusive('the documents need a transaction before the EV\'s schedule is negotiated; this station starts transactions with the energy (TxStartPoint EnergyTransfer)');
  const s = newSession(csms, p.evses[0]!.id, tx);
  await authorizeLocally(ctx, s);
  await sut.act('evIso15118', { evse: s.evseId });
  await plugIn(ctx, s, 'preSession');
  if (s.txId === undefined) throw new Inconclusive('no transaction began with the authorization and the cable; the TxProfile has no transactionId to name');
  return s;
}

/** The EV announces its (new) needs: NotifyEVChargingNeeds for the configured EVSE, with the parameters of its mode. */
async function evNeeds(ctx: CsContext, s: Session, answer: 'Accepted' | 'Rejected', requirement: string): Promise<ReceivedCall> {
  const { csms, sut } = ctx;
  csms.answer('NotifyEVChargingNeeds', { status: answer });
  csms.answer('NotifyEVChargingSchedule', { status: 'Accepted' });
  const since = markOf(csms);
  await sut.act('evChargingNeeds', { evse: s.evseId });
  const call = await csms.expectCall('NotifyEVChargingNeeds', { after: since ?? 0 })
    .catch(() => { throw new Verdict('the EV announced its charging needs: the station must send NotifyEVChargingNeeds', requirement); });
  const needsOf = (call.payload.chargingNeeds ?? {}) as Payload;
  const dc = needsOf.requestedEnergyTransfer === 'DC';
  if (call.payload.evseId !== s.evseId) throw new Verdict(`NotifyEVChargingNeeds: evseId must be ${s.evseId}, the EV's, got ${String(call.payload.evseId)}`, requirement);
  if ((dc ? needsOf.dcChargingParameters : needsOf.acChargingParameters) === undefined) {
    throw new Verdict(`NotifyEVChargingNeeds: requestedEnergyTransfer is ${String(needsOf.requestedEnergyTransfer)}, so chargingNeeds.${dc ? 'dc' : 'ac'}ChargingParameters must be given (${brief(call)})`, requirement);
  }
  s.last = call;
  return call;
}

/** The harness's TxProfile for the transaction (configured unit, `limit` A or W × 1000); the station must accept it. */
async function sendTxProfile(ctx: CsContext, s: Session, limit: number, o: { duration?: number; requirement: string }): Promise<ReceivedCall | undefined> {
  const { csms } = ctx;
  const st = settingsOf(ctx);
  const schedule: Payload = { id: 1, chargingRateUnit: st.chargingRateUnit, chargingSchedulePeriod: [{ startPeriod: 0, limit: limitIn(st, limit) }] };
  if (o.duration !== undefined) schedule.duration = o.duration;
  const chargingProfile: Payload = {
    id: nextId++, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', transactionId: s.txId, chargingSchedule: [schedule],
  };
  const since = markOf(csms);
  const status = await setProfile(csms, s.evseId, chargingProfile);
  if (status !== 'Accepted') throw new Verdict(`the TxProfile for the ISO 15118 session (transaction ${s.txId}): SetChargingProfile must be Accepted, got ${status}`, o.requirement);
  return since;
}

/**
 * What may follow the TxProfile: the EV's schedule (NotifyEVChargingSchedule for the configured EVSE, optional) and
 * a TransactionEvent of the transaction, which where sent must carry `trigger` (and chargingState Charging for
 * ChargingStateChanged). `eventRequired`: the document does not make the event optional.
 */
async function afterProfile(ctx: CsContext, s: Session, since: ReceivedCall | undefined, trigger: 'ChargingStateChanged' | 'ChargingRateChanged', o: { eventRequired?: boolean } = {}): Promise<void> {
  const { csms, profile: p } = ctx;
  const window = p.timing.callTimeoutMs;
  const ofTx = (c: ReceivedCall) => c.action === 'TransactionEvent' && info(c).transactionId === s.txId;
  const schedule = await csms.firstUnwanted((c) => c.action === 'NotifyEVChargingSchedule', window, since ?? 0);
  if (schedule && schedule.payload.evseId !== s.evseId) throw new Verdict(`NotifyEVChargingSchedule: evseId must be ${s.evseId}, got ${String(schedule.payload.evseId)}`, 'OCPP 2.0.1 K15');
  const event = await csms.firstUnwanted(ofTx, window, since ?? 0);
  if (!event) {
    if (o.eventRequired) throw new Verdict(`the EV charges: a TransactionEvent ${trigger} must follow`, 'OCPP 2.0.1 K15');
    return;
  }
  const what = `the TransactionEvent after the negotiated schedule (${brief(event)})`;
  if (event.payload.triggerReason !== trigger) throw new Verdict(`${what}: triggerReason must be ${trigger}`, 'OCPP 2.0.1 K17');
  if (trigger === 'ChargingStateChanged' && info(event).chargingState !== 'Charging') throw new Verdict(`${what}: transactionInfo.chargingState must be Charging`);
  s.last = event;
}

/** Part 6 reusable state RenegotiateChargingLimits: needs Accepted, TxProfile (300 s, 10 A / 10000 W) Accepted, schedule, Charging. */
async function renegotiateChargingLimits(ctx: CsContext, s: Session): Promise<void> {
  await evNeeds(ctx, s, 'Accepted', 'OCPP 2.0.1 K15.FR.01');
  const since = await sendTxProfile(ctx, s, 10, { duration: 300, requirement: 'OCPP 2.0.1 K15' });
  await afterProfile(ctx, s, since, 'ChargingStateChanged');
}

/** Authorized (local), EVConnectedPreSession and RenegotiateChargingLimits, as the precondition of K17 test cases. */
async function negotiated(ctx: CsContext): Promise<Session> {
  await ctx.csms.booted();
  return ctx.csms.reusableState('RenegotiateChargingLimits', 'K15', async () => {
    const s = await iso15118EvConnected(ctx);
    await renegotiateChargingLimits(ctx, s);
    return s;
  });
}

export const loadLevelingCs = testCase<CsTestCase>({
  useCase: 'K15', variant: 'iso15118-load-leveling', ocpp, sut: 'CS', needs, profile, actions, octt: full('TC_K_53_CS'),
  title: 'An ISO 15118 EV announces its needs: NotifyEVChargingNeeds for its EVSE with its parameters, the TxProfile accepted, the EV\'s schedule and Charging reported',
  killedBy: ['cs.201-ev-charging-needs-not-sent', 'cs.201-ev-charging-needs-wrong-evse', 'cs.201-ev-charging-needs-no-parameters', 'cs.201-iso15118-tx-profile-rejected'],
  async run(ctx) {
    await ctx.csms.booted();
    const s = await iso15118EvConnected(ctx);
    await ctx.csms.reusableState('RenegotiateChargingLimits', 'K15', () => renegotiateChargingLimits(ctx, s));
  },
});

export const needsRejectedCs = testCase<CsTestCase>({
  useCase: 'K15', variant: 'iso15118-needs-rejected', ocpp, sut: 'CS', needs, profile, actions, octt: full('TC_K_54_CS'),
  title: 'The CSMS answers the EV\'s needs Rejected (no schedule): the EV still charges, reported as ChargingStateChanged Charging',
  killedBy: ['cs.201-ev-needs-rejected-no-charging'],
  async run(ctx) {
    await ctx.csms.booted();
    const s = await iso15118EvConnected(ctx);
    const call = await evNeeds(ctx, s, 'Rejected', 'OCPP 2.0.1 K15.FR.01');
    await afterProfile(ctx, s, call, 'ChargingStateChanged', { eventRequired: true });
  },
});

export const evRenegotiationCs = testCase<CsTestCase>({
  useCase: 'K17', variant: 'iso15118-ev-renegotiation', ocpp, sut: 'CS', needs, profile, actions, octt: full('TC_K_57_CS'),
  title: 'While charging the EV renegotiates: new NotifyEVChargingNeeds, the new TxProfile (15 A / 15000 W) accepted, schedule and ChargingRateChanged',
  killedBy: ['cs.201-ev-renegotiation-not-sent', 'cs.201-renegotiated-rate-wrong-trigger'],
  async run(ctx) {
    const s = await negotiated(ctx);
    await evNeeds(ctx, s, 'Accepted', 'OCPP 2.0.1 K17.FR.01');
    const since = await sendTxProfile(ctx, s, 15, { requirement: 'OCPP 2.0.1 K17' });
    await afterProfile(ctx, s, since, 'ChargingRateChanged');
  },
});

export const csmsRenegotiationCs = testCase<CsTestCase>({
  useCase: 'K16', variant: 'iso15118-csms-renegotiation', ocpp, sut: 'CS', needs, profile, actions, octt: full('TC_K_58_CS'),
  title: 'While charging the CSMS sends a new TxProfile (8 A / 8000 W): accepted, renegotiated with the EV, schedule and ChargingRateChanged',
  killedBy: ['cs.201-renegotiated-rate-wrong-trigger'],
  async run(ctx) {
    const s = await negotiated(ctx);
    const since = await sendTxProfile(ctx, s, 8, { requirement: 'OCPP 2.0.1 K16.FR.01' });
    await afterProfile(ctx, s, since, 'ChargingRateChanged');
  },
});

export const offlineCs = testCase<CsTestCase>({
  useCase: 'K15', variant: 'iso15118-offline', ocpp, sut: 'CS', needs, profile, actions,
  octt: [partial('TC_K_56_CS', 'the station is kept offline for the profile\'s connection timeout (RetryBackOffWaitMinimum set to it) rather than the document\'s 90 s, and the EV\'s needs come by the operator action evChargingNeeds while offline')],
  title: 'The ISO 15118 EV announces its needs while the station is offline: it charges under the TxDefaultProfile, reported after reconnecting as ChargingStateChanged Charging, offline true',
  killedBy: ['cs.201-ev-needs-offline-no-charging'],
  async run(ctx) {
    const { csms, profile: p } = ctx;
    await csms.booted();
    // Memory state: a TxDefaultProfile of 6 A (W x 1000) for 400 s on the configured EVSE, valid from just before now.
    const st = settingsOf(ctx);
    const now = Date.now();
    const dev = st.maxTimeDeviationS * 1000;
    const txDefault = profile201(st, {
      purpose: 'TxDefaultProfile', kind: 'Absolute', stackLevel: 0, duration: 400, periods: [[0, 6]],
      start: now - dev, validFrom: now - dev, validTo: now + dev + 401_000,
    });
    const status = await setProfile(csms, p.evses[0]!.id, txDefault);
    if (status !== 'Accepted') throw new Inconclusive(`the memory state's TxDefaultProfile was answered ${status}`);
    try {
      await offlineNeeds(ctx);
    } finally {
      // The memory state's profile goes again, so later test cases start from the station's own profiles.
      if (csms.connected) await csms.call('ClearChargingProfile', { chargingProfileId: txDefault.id }).catch(() => undefined);
    }
  },
});

/** TC_K_56_CS steps 1-6: offline, the EV's needs; after reconnecting the Charging event, offline true. */
async function offlineNeeds(ctx: CsContext): Promise<void> {
  const { csms, sut, profile: p } = ctx;
  const s = await iso15118EvConnected(ctx);
  // The OCTT closes the connection and keeps the station away (the document: 90 s; here the profile's connection timeout).
  const before = await offlinePeriod(ctx, p.timing.connectionTimeoutS, () => sut.act('evChargingNeeds', { evse: s.evseId }));
  // The EV held before its negotiation may have been reported (SuspendedEV): the event looked for is the one of energy.
  const event = await csms.expectCall('TransactionEvent', { where: { transactionInfo: { transactionId: s.txId, chargingState: 'Charging' } }, after: s.last })
    .catch(() => { throw new Verdict('the EV charged while the station was offline: after reconnecting a TransactionEvent with chargingState Charging must report it', 'OCPP 2.0.1 K15.FR.15'); });
  const what = `the TransactionEvent after reconnecting (${brief(event)})`;
  if (event.payload.triggerReason !== 'ChargingStateChanged') throw new Verdict(`${what}: triggerReason must be ChargingStateChanged`, 'OCPP 2.0.1 K15.FR.15');
  if (event.payload.offline !== true) throw new Verdict(`${what}: it was made while offline, so offline must be true`, 'OCPP 2.0.1 E12.FR.02');
  if (event.connection <= before) throw new Verdict(`${what}: it came before the connection was dropped`);
  const schedule = csms.received.find((c) => c.action === 'NotifyEVChargingSchedule' && c.connection > before);
  if (schedule && schedule.payload.evseId !== s.evseId) throw new Verdict(`NotifyEVChargingSchedule: evseId must be ${s.evseId}, got ${String(schedule.payload.evseId)}`, 'OCPP 2.0.1 K15');
}
