// F06 Trigger message (2.0.1) and Remote Trigger (1.6), both SUT roles. TriggerMessage is worded the same in both
// versions except for the target: 2.0.1 evse { id, connectorId? }, 1.6 connectorId.
import { full, testCase, type CsContext, type CsmsContext, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import { NotApplicable } from '../../src/harness/verdicts.js';
import { canonicalItem } from '../../src/catalog/pics.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';
import {
  charging, expectConnectorStatus, markOf, newSession, plugIn, readTxSettings, reportConnector, sendTxEvent,
  simEnergyTransferStarted,
} from './session-states.js';

// Part 5 makes every 2.0.1 trigger but Heartbeat optional (C-29.1 MeterValues, .2 TransactionEvent, .3
// LogStatusNotification, .4 FirmwareStatusNotification, .5 StatusNotification, .6 BootNotification; NotImplemented is
// the answer of a station without one); 1.6 TriggerMessage belongs to the Remote Trigger feature profile.
const TRIGGER_ITEM: Record<string, string> = {
  MeterValues: 'C-29.1', TransactionEvent: 'C-29.2', LogStatusNotification: 'C-29.3', FirmwareStatusNotification: 'C-29.4',
  StatusNotification: 'C-29.5', BootNotification: 'C-29.6',
};
const REMOTE_TRIGGER = '1.6:RemoteTrigger';
/** The optional items a trigger of `requestedMessage` needs in a version. */
function needsFor(ocpp: OcppVersion, requestedMessage?: string): string[] | undefined {
  if (ocpp === '1.6') return [REMOTE_TRIGGER];
  const item = requestedMessage === undefined ? undefined : TRIGGER_ITEM[requestedMessage];
  return item ? [item] : undefined;
}

// ---------------------------------------------------------------- SUT = charging station

/** A long heartbeat interval, so periodic heartbeats cannot be mistaken for triggered ones. */
const QUIET_BOOT = () => ({ status: 'Accepted', currentTime: new Date().toISOString(), interval: 3600 });

function triggerPayload(ocpp: OcppVersion, requestedMessage: string, evse?: number, connector?: number): Payload {
  if (ocpp === '1.6') return evse === undefined ? { requestedMessage } : { requestedMessage, connectorId: evse };
  if (evse === undefined) return { requestedMessage };
  return { requestedMessage, evse: connector === undefined ? { id: evse } : { id: evse, connectorId: connector } };
}

/** The station-initiated action a trigger asks for. */
function triggeredAction(requestedMessage: string): string {
  return requestedMessage.startsWith('Sign') && requestedMessage.endsWith('Certificate') ? 'SignCertificate' : requestedMessage;
}

interface Triggered {
  status: string;
  /** Triggered messages come after this: the last call received before the trigger (arrival order, not clock). */
  after: ReceivedCall | number;
  /** Received-calls index when the trigger was sent. */
  mark: number;
}

/** Send TriggerMessage and return the answer; the requested message must not arrive before the answer. */
async function trigger({ csms }: CsContext, ocpp: OcppVersion, requestedMessage: string, evse?: number, connector?: number): Promise<Triggered> {
  const mark = csms.received.length;
  const after = csms.received.at(-1) ?? Date.now() - 1;
  const frameMark = csms.log.frames.length;
  const answer = await csms.call('TriggerMessage', triggerPayload(ocpp, requestedMessage, evse, connector));
  // Wire order, from the frame log: the answer's frame must precede the triggered CALL's frame.
  const frames = csms.log.frames.slice(frameMark).filter((f) => f.dir !== 'event').map((f) => {
    try {
      return { dir: f.dir, msg: JSON.parse(f.text) as unknown[] };
    } catch {
      return undefined;
    }
  });
  const sent = frames.find((f) => f?.dir === 'out' && f.msg[0] === 2 && f.msg[2] === 'TriggerMessage');
  const answerAt = frames.findIndex((f) => f?.dir === 'in' && (f.msg[0] === 3 || f.msg[0] === 4) && f.msg[1] === sent?.msg[1]);
  const earlyAt = frames.findIndex((f) => f?.dir === 'in' && f.msg[0] === 2 && f.msg[2] === triggeredAction(requestedMessage));
  if (earlyAt >= 0 && answerAt >= 0 && earlyAt < answerAt) {
    throw new Verdict(`the station sent the triggered ${triggeredAction(requestedMessage)} before its TriggerMessage answer; the answer must come first`);
  }
  return { status: String(answer.status), after, mark };
}

/** After a trigger for one EVSE/connector, nothing of `action` may come for another one. */
async function expectOnlyTarget(ctx: CsContext, ocpp: OcppVersion, t: Triggered, action: string, evseId: number): Promise<void> {
  const unit = ocpp === '1.6' ? 'connector' : 'EVSE';
  const other = await ctx.csms.firstUnwanted((c) => c.action === action && c.payload[evseKey(ocpp)] !== evseId, ctx.profile.timing.quietMs, t.mark);
  if (other) throw new Verdict(`the trigger named ${unit} ${evseId} only, but the station also sent ${action} for ${unit} ${String(other.payload[evseKey(ocpp)])}`);
}

/** Trigger and insist on Accepted; returns the first triggered message that follows (optionally matching where). */
async function acceptedTrigger(ctx: CsContext, ocpp: OcppVersion, requestedMessage: string, evse?: number, connector?: number,
  where?: Payload): Promise<{ t: Triggered; call: ReceivedCall }> {
  const t = await trigger(ctx, ocpp, requestedMessage, evse, connector);
  const target = evse === undefined ? '' : ` for ${ocpp === '1.6' ? 'connector' : 'EVSE'} ${evse}`;
  if (t.status !== 'Accepted') throw new Verdict(`TriggerMessage ${requestedMessage}${target} must be Accepted, got ${t.status}`);
  const call = await ctx.csms.expectCall(triggeredAction(requestedMessage), { after: t.after, where, within: ctx.profile.timing.callTimeoutMs })
    .catch((err: Error) => { throw new Verdict(`after accepting TriggerMessage ${requestedMessage}${target}: ${err.message}`); });
  return { t, call };
}

/** Nothing of `action` (matching where) may arrive for a quiet period. */
async function expectNone(ctx: CsContext, action: string, why: string, where?: Payload): Promise<void> {
  await ctx.csms.expectNoCall(action, ctx.profile.timing.quietMs, where).catch((err: Error) => { throw new Verdict(`${why}: ${err.message}`); });
}

function firstSample(call: ReceivedCall): Payload | undefined {
  const mv = (call.payload.meterValue as Payload[] | undefined)?.[0];
  return (mv?.sampledValue as Payload[] | undefined)?.[0];
}

function checkTriggerContext(call: ReceivedCall): void {
  const sample = firstSample(call);
  if (!sample) throw new Verdict(`the triggered ${call.action} carries no meter value`);
  if (sample.context !== 'Trigger') throw new Verdict(`a triggered ${call.action} must mark its sampled value with context Trigger, got ${String(sample.context ?? '(none, i.e. Sample.Periodic)')}`);
}

/** TC_F_13/14_CS step 3: the triggered event of a charging EVSE's transaction. */
function checkTriggeredTransactionEvent(call: ReceivedCall, txId: string, evseId: number, evseMayBeOmitted: boolean): void {
  const p = call.payload;
  const info = (p.transactionInfo ?? {}) as Payload;
  if (p.triggerReason !== 'Trigger') throw new Verdict(`a triggered TransactionEvent must have triggerReason Trigger, got ${String(p.triggerReason)}`);
  if (p.eventType !== 'Updated') throw new Verdict(`a triggered TransactionEvent of a running transaction must be Updated, got ${String(p.eventType)}`);
  if (info.transactionId !== txId) throw new Verdict(`the triggered TransactionEvent names transaction ${String(info.transactionId)}, the running one is ${txId}`);
  if (info.chargingState !== 'Charging') throw new Verdict(`the EVSE is charging, chargingState must be Charging, got ${String(info.chargingState)}`);
  const evse = p.evse as Payload | undefined;
  if (evse ? evse.id !== evseId : !evseMayBeOmitted) throw new Verdict(`the triggered TransactionEvent must name EVSE ${evseId}, got ${JSON.stringify(evse ?? '(no evse)')}`);
  checkTriggerContext(call);
}

const evseKey = (ocpp: OcppVersion) => (ocpp === '1.6' ? 'connectorId' : 'evseId');

interface CsVariant {
  variant: string;
  title: string;
  octt: readonly OcttClaim[];
  killedBy: string[];
  actions?: string[];
  /** The requested message whose optional item (C-29.x) the test needs (2.0.1). */
  message?: string;
  run(ctx: CsContext): Promise<void>;
}

/** A triggered status report of one connector: StatusNotification, or in 2.0.1 NotifyEvent AvailabilityState. */
async function triggeredStatus(ctx: CsContext, ocpp: OcppVersion, evseId: number, status: string): Promise<Triggered> {
  const t = await trigger(ctx, ocpp, 'StatusNotification', evseId, ocpp === '1.6' ? undefined : 1);
  if (t.status !== 'Accepted') throw new Verdict(`TriggerMessage StatusNotification for ${ocpp === '1.6' ? 'connector' : 'EVSE'} ${evseId} must be Accepted, got ${t.status}`);
  await expectConnectorStatus(ctx.csms, evseId, 1, status, ctx.csms.received[t.mark - 1], 'after the accepted StatusNotification trigger');
  return t;
}

function csVariants(ocpp: OcppVersion): CsVariant[] {
  const v16 = ocpp === '1.6';
  const unit = v16 ? 'connector' : 'EVSE';
  const list: CsVariant[] = [
    {
      variant: 'heartbeat', title: 'Triggered Heartbeat: Accepted first, then a Heartbeat',
      octt: v16 ? [] : full('TC_F_20_CS'),
      killedBy: ['cs.trigger-no-message', 'cs.trigger-message-before-answer'],
      async run(ctx) {
        await acceptedTrigger(ctx, ocpp, 'Heartbeat');
      },
    },
    {
      variant: 'status', actions: ['plugIn'], message: 'StatusNotification',
      title: `Triggered StatusNotification for one ${unit}: only that connector is reported, with its current status (Available, then ${v16 ? 'Preparing' : 'Occupied'} after plug-in)`,
      octt: v16 ? [] : full('TC_F_23_CS', 'TC_F_24_CS'),
      killedBy: ['cs.trigger-no-message', 'cs.trigger-ignores-evse'],
      async run(ctx) {
        const { profile, sut, csms } = ctx;
        const evseId = profile.evses[0]!.id;
        // TC_F_23: the idle connector.
        const first = await triggeredStatus(ctx, ocpp, evseId, 'Available');
        await expectOnlyTarget(ctx, ocpp, first, 'StatusNotification', evseId);
        // TC_F_24: after the reusable state EVConnectedPreSession, the connector is occupied.
        const occupied = v16 ? 'Preparing' : 'Occupied';
        if (v16) {
          const since = markOf(csms);
          await sut.act('plugIn', { evse: evseId });
          await expectConnectorStatus(csms, evseId, 1, occupied, since, 'after the cable was plugged in');
        } else {
          await plugIn(ctx, newSession(csms, evseId, await readTxSettings(csms, ocpp)), 'preSession');
        }
        await triggeredStatus(ctx, ocpp, evseId, occupied);
      },
    },
    {
      variant: 'meter-values-all', title: `Triggered MeterValues without ${unit}: one MeterValues per ${unit}, context Trigger`,
      octt: v16 ? [] : full('TC_F_12_CS'), message: 'MeterValues',
      killedBy: ['cs.trigger-no-message', 'cs.trigger-first-evse-only', 'cs.trigger-meter-context-periodic'],
      async run(ctx) {
        const t = await trigger(ctx, ocpp, 'MeterValues');
        if (t.status !== 'Accepted') throw new Verdict(`TriggerMessage MeterValues must be Accepted, got ${t.status}`);
        for (const evse of ctx.profile.evses) {
          const call = await ctx.csms.expectCall('MeterValues', { after: t.after, where: { [evseKey(ocpp)]: evse.id } })
            .catch((err: Error) => { throw new Verdict(`MeterValues were triggered for every ${unit}: ${err.message}`); });
          checkTriggerContext(call);
        }
      },
    },
    {
      variant: 'unknown-evse', title: `Trigger for a ${unit} the station does not have: Rejected (or CALLERROR), nothing sent`,
      octt: v16 ? full('TC_055_CS') : [], message: 'MeterValues',
      killedBy: ['cs.trigger-unknown-evse-accepted'],
      async run(ctx) {
        const missing = Math.max(...ctx.profile.evses.map((e) => e.id)) + 1;
        const mark = ctx.csms.received.length;
        let status: string;
        try {
          status = String((await ctx.csms.call('TriggerMessage', triggerPayload(ocpp, 'MeterValues', missing))).status);
        } catch (err) {
          if (!(err instanceof Verdict && /answered with CALLERROR/.test(err.message))) throw err;
          status = 'CALLERROR';
        }
        if (status !== 'Rejected' && status !== 'CALLERROR') throw new Verdict(`TriggerMessage MeterValues for ${unit} ${missing}, which does not exist, must be Rejected, got ${status}`);
        await expectNone(ctx, 'MeterValues', `a refused trigger must not be followed by MeterValues`);
        const sent = ctx.csms.received.slice(mark).find((c) => c.action === 'MeterValues');
        if (sent) throw new Verdict(`a refused trigger must not be followed by MeterValues, got ${JSON.stringify(sent.payload)}`);
      },
    },
  ];
  if (v16) {
    list.push(
      {
        variant: 'meter-values', actions: ['plugIn', 'presentIdToken'],
        title: 'Triggered MeterValues for the charging connector: that connector only, its transaction, context Trigger',
        octt: [], killedBy: ['cs.trigger-no-message', 'cs.trigger-meter-context-periodic', 'cs.trigger-ignores-evse'],
        async run(ctx) {
          const { csms, sut, profile } = ctx;
          const evseId = profile.evses[0]!.id;
          await sut.act('plugIn', { evse: evseId });
          await sut.act('presentIdToken', { evse: evseId, idToken: profile.idTokens.valid });
          await csms.expectCall('StartTransaction', { where: { connectorId: evseId } });
          await csms.expectCall('StatusNotification', { where: { connectorId: evseId, status: 'Charging' } });
          const { t, call } = await acceptedTrigger(ctx, ocpp, 'MeterValues', evseId, undefined, { connectorId: evseId });
          checkTriggerContext(call);
          if (call.payload.transactionId === undefined) throw new Verdict('MeterValues of a connector in a transaction must carry its transactionId');
          await expectOnlyTarget(ctx, ocpp, t, 'MeterValues', evseId);
        },
      },
      {
        variant: 'status-all', title: 'Triggered StatusNotification without connectorId: the Charge Point (connector 0) and every connector',
        octt: [], killedBy: ['cs.trigger-no-message'],
        async run(ctx) {
          const t = await trigger(ctx, ocpp, 'StatusNotification');
          if (t.status !== 'Accepted') throw new Verdict(`TriggerMessage StatusNotification must be Accepted, got ${t.status}`);
          for (const id of [0, ...ctx.profile.evses.map((e) => e.id)]) {
            await ctx.csms.expectCall('StatusNotification', { after: t.after, where: { connectorId: id } })
              .catch((err: Error) => { throw new Verdict(`a StatusNotification trigger without connectorId covers connector 0 and each connector: ${err.message}`); });
          }
        },
      },
      {
        variant: 'diagnostics-status', title: 'Triggered DiagnosticsStatusNotification while no upload runs: status Idle',
        octt: [], killedBy: ['cs.trigger-no-message'],
        async run(ctx) {
          const { call } = await acceptedTrigger(ctx, ocpp, 'DiagnosticsStatusNotification');
          if (call.payload.status !== 'Idle') throw new Verdict(`no diagnostics upload is running, the status must be Idle, got ${String(call.payload.status)}`);
        },
      },
      {
        variant: 'firmware-status', title: 'Triggered FirmwareStatusNotification while no update runs: status Idle (or NotImplemented)',
        octt: [], killedBy: ['cs.trigger-no-message'],
        async run(ctx) {
          const t = await trigger(ctx, ocpp, 'FirmwareStatusNotification');
          if (t.status === 'NotImplemented') return;
          if (t.status !== 'Accepted') throw new Verdict(`TriggerMessage FirmwareStatusNotification must be Accepted or NotImplemented, got ${t.status}`);
          const call = await ctx.csms.expectCall('FirmwareStatusNotification', { after: t.after });
          if (call.payload.status !== 'Idle') throw new Verdict(`no firmware update is running, the status must be Idle, got ${String(call.payload.status)}`);
        },
      },
      {
        variant: 'boot', title: 'Triggered BootNotification: Accepted, then a BootNotification after the answer',
        octt: [], killedBy: ['cs.trigger-no-message', 'cs.trigger-message-before-answer'],
        async run(ctx) {
          await acceptedTrigger(ctx, ocpp, 'BootNotification');
        },
      },
      {
        variant: 'sequence', actions: [],
        title: 'The OCTT trigger sequence: MeterValues, Heartbeat, StatusNotification, DiagnosticsStatusNotification, FirmwareStatusNotification',
        octt: full('TC_054_CS'), killedBy: ['cs.trigger-no-message', 'cs.trigger-message-before-answer'],
        async run(ctx) {
          const evseId = ctx.profile.evses[0]!.id;
          await acceptedTrigger(ctx, ocpp, 'MeterValues', evseId, undefined, { connectorId: evseId });
          await acceptedTrigger(ctx, ocpp, 'Heartbeat');
          await acceptedTrigger(ctx, ocpp, 'StatusNotification', evseId, undefined, { connectorId: evseId });
          const diag = await acceptedTrigger(ctx, ocpp, 'DiagnosticsStatusNotification');
          if (diag.call.payload.status !== 'Idle') throw new Verdict(`DiagnosticsStatusNotification must be Idle, got ${String(diag.call.payload.status)}`);
          const fw = await trigger(ctx, ocpp, 'FirmwareStatusNotification');
          if (fw.status === 'Accepted') {
            const call = await ctx.csms.expectCall('FirmwareStatusNotification', { after: fw.after });
            if (call.payload.status !== 'Idle') throw new Verdict(`FirmwareStatusNotification must be Idle, got ${String(call.payload.status)}`);
          } else if (fw.status !== 'NotImplemented') throw new Verdict(`TriggerMessage FirmwareStatusNotification must be Accepted or NotImplemented, got ${fw.status}`);
        },
      },
    );
  } else {
    list.push(
      {
        variant: 'meter-values-evse', title: 'Triggered MeterValues for one EVSE: that EVSE only, context Trigger',
        octt: full('TC_F_11_CS'), message: 'MeterValues', killedBy: ['cs.trigger-no-message', 'cs.trigger-meter-context-periodic', 'cs.trigger-ignores-evse'],
        async run(ctx) {
          const evseId = ctx.profile.evses[0]!.id;
          const { t, call } = await acceptedTrigger(ctx, ocpp, 'MeterValues', evseId, undefined, { evseId });
          checkTriggerContext(call);
          await expectOnlyTarget(ctx, ocpp, t, 'MeterValues', evseId);
        },
      },
      {
        variant: 'transaction-event', actions: ['plugIn'], message: 'TransactionEvent',
        title: 'Triggered TransactionEvent for a charging EVSE: Updated, triggerReason Trigger, same transaction, Charging, meter value context Trigger',
        octt: full('TC_F_13_CS'), killedBy: ['cs.trigger-no-message', 'cs.trigger-tx-reason-periodic', 'cs.trigger-meter-context-periodic'],
        async run(ctx) {
          const evseId = ctx.profile.evses[0]!.id;
          const c = await charging(ctx, evseId);
          const { call } = await acceptedTrigger(ctx, ocpp, 'TransactionEvent', evseId);
          checkTriggeredTransactionEvent(call, c.id, evseId, true);
        },
      },
      {
        variant: 'transaction-event-all', actions: ['plugIn'], message: 'TransactionEvent',
        title: 'Triggered TransactionEvent without EVSE while every EVSE charges: one Updated/Trigger event per EVSE, each naming its EVSE',
        octt: full('TC_F_14_CS'), killedBy: ['cs.trigger-no-message', 'cs.trigger-first-evse-only', 'cs.trigger-tx-reason-periodic'],
        async run(ctx) {
          const running = [];
          for (const evse of ctx.profile.evses) running.push(await charging(ctx, evse.id));
          const t = await trigger(ctx, ocpp, 'TransactionEvent');
          if (t.status !== 'Accepted') throw new Verdict(`TriggerMessage TransactionEvent without evse must be Accepted, got ${t.status}`);
          for (const c of running) {
            const call = await ctx.csms.expectCall('TransactionEvent', { after: t.after, where: { triggerReason: 'Trigger', transactionInfo: { transactionId: c.id } } })
              .catch(() => {
                const other = ctx.csms.received.slice(t.mark).find((x) => x.action === 'TransactionEvent' && (x.payload.transactionInfo as Payload | undefined)?.transactionId === c.id);
                throw new Verdict(other
                  ? `the triggered TransactionEvent for EVSE ${c.evseId} must have triggerReason Trigger, got ${String(other.payload.triggerReason)}`
                  : `a TransactionEvent trigger without evse covers every EVSE: none came for EVSE ${c.evseId} (transaction ${c.id})`);
              });
            checkTriggeredTransactionEvent(call, c.id, c.evseId, false);
          }
        },
      },
      {
        variant: 'log-status', title: 'Triggered LogStatusNotification while no log upload runs: status Idle',
        octt: full('TC_F_15_CS'), message: 'LogStatusNotification', killedBy: ['cs.trigger-no-message'],
        async run(ctx) {
          const { call } = await acceptedTrigger(ctx, ocpp, 'LogStatusNotification');
          if (call.payload.status !== 'Idle') throw new Verdict(`no log upload is running, the status must be Idle, got ${String(call.payload.status)}`);
        },
      },
      {
        variant: 'firmware-status', title: 'Triggered FirmwareStatusNotification while no update runs: status Idle',
        octt: full('TC_F_18_CS'), message: 'FirmwareStatusNotification', killedBy: ['cs.trigger-no-message'],
        async run(ctx) {
          const { call } = await acceptedTrigger(ctx, ocpp, 'FirmwareStatusNotification');
          if (call.payload.status !== 'Idle') throw new Verdict(`no firmware update is running, the status must be Idle, got ${String(call.payload.status)}`);
        },
      },
      {
        variant: 'firmware-status-evse', title: 'Triggered FirmwareStatusNotification with an irrelevant EVSE: the EVSE is ignored, status Idle',
        octt: full('TC_F_17_CS'), message: 'FirmwareStatusNotification', killedBy: ['cs.trigger-no-message', 'cs.trigger-irrelevant-evse-rejected'],
        async run(ctx) {
          const { call } = await acceptedTrigger(ctx, ocpp, 'FirmwareStatusNotification', ctx.profile.evses[0]!.id);
          if (call.payload.status !== 'Idle') throw new Verdict(`no firmware update is running, the status must be Idle, got ${String(call.payload.status)}`);
        },
      },
      {
        variant: 'boot-rejected', title: 'Triggered BootNotification after an accepted boot: Rejected, no BootNotification',
        octt: full('TC_F_26_CS'), message: 'BootNotification', killedBy: ['cs.trigger-boot-when-accepted'],
        async run(ctx) {
          const t = await trigger(ctx, ocpp, 'BootNotification');
          if (t.status !== 'Rejected') throw new Verdict(`the boot is already accepted: TriggerMessage BootNotification must be Rejected, got ${t.status}`);
          await expectNone(ctx, 'BootNotification', 'a rejected trigger must not be followed by a BootNotification');
        },
      },
      {
        variant: 'not-implemented', title: 'Trigger for a message the station cannot send (SignCombinedCertificate): NotImplemented',
        octt: full('TC_F_27_CS'), killedBy: ['cs.trigger-unsupported-accepted'],
        async run(ctx) {
          // Part 5: for a station that implements SignCombinedCertificate (ISO-3) there is nothing to refuse.
          if (ctx.profile.features.some((f) => canonicalItem(f) === 'ISO-3')) throw new NotApplicable('the SUT profile claims ISO-3 (combined certificate): TC_F_27_CS applies to stations without it');
          const t = await trigger(ctx, ocpp, 'SignCombinedCertificate');
          if (t.status !== 'NotImplemented') throw new Verdict(`TriggerMessage SignCombinedCertificate must be NotImplemented, got ${t.status}`);
        },
      },
    );
  }
  return list;
}

export function triggerCs(ocpp: OcppVersion): CsTestCase[] {
  return csVariants(ocpp).map((v) => testCase<CsTestCase>({
    useCase: 'F06', variant: v.variant, ocpp, sut: 'CS', title: v.title, octt: v.octt, killedBy: v.killedBy,
    actions: v.actions?.length ? v.actions : undefined, needs: needsFor(ocpp, v.message),
    async run(ctx) {
      await ctx.csms.booted(QUIET_BOOT());
      await v.run(ctx);
    },
  }));
}

// ---------------------------------------------------------------- SUT = CSMS

/** The operator makes the CSMS trigger a message; returns the TriggerMessage the CSMS sent (answered `status`). */
async function operatorTrigger({ station, sut, profile }: CsmsContext, args: Record<string, unknown>, status = 'Accepted'): Promise<ReceivedCall> {
  station.answer('TriggerMessage', { status });
  const acting = sut.act('triggerMessage', args);
  acting.catch(() => undefined);
  const req = await station.expectCall('TriggerMessage', { within: profile.timing.callTimeoutMs })
    .catch((err: Error) => { throw err instanceof Verdict ? new Verdict(`the operator asked the CSMS to trigger ${String(args.requestedMessage)}: ${err.message}`) : err; });
  await acting;
  if (req.payload.requestedMessage !== args.requestedMessage) {
    throw new Verdict(`the operator asked for ${String(args.requestedMessage)}, the CSMS requested ${String(req.payload.requestedMessage)}`);
  }
  return req;
}

/** The CSMS must answer the triggered message with a CALLRESULT. */
async function deliver({ station }: CsmsContext, action: string, payload: Payload): Promise<Payload> {
  try {
    return await station.call(action, payload);
  } catch (err) {
    throw new Verdict(`the CSMS must accept the triggered ${action}: ${(err as Error).message}`);
  }
}

function checkTarget(ocpp: OcppVersion, req: ReceivedCall, evseId: number | undefined, connectorId?: number): void {
  if (ocpp === '1.6') {
    if (req.payload.connectorId !== evseId) throw new Verdict(`TriggerMessage must name connectorId ${String(evseId)}, got ${String(req.payload.connectorId)}`);
    return;
  }
  const evse = req.payload.evse as Payload | undefined;
  if (evseId === undefined) {
    if (evse !== undefined) throw new Verdict(`a trigger for all EVSEs must omit evse, got ${JSON.stringify(evse)}`);
    return;
  }
  if (evse?.id !== evseId) {
    const why = evse === undefined && req.payload.requestedMessage === 'StatusNotification' ? ' (a StatusNotification trigger must carry evse: status is reported per connector)' : '';
    throw new Verdict(`TriggerMessage must name evse.id ${evseId}${why}, got ${JSON.stringify(evse ?? '(no evse)')}`);
  }
  if (connectorId !== undefined && evse.connectorId !== undefined && evse.connectorId !== connectorId) {
    throw new Verdict(`the operator asked for connector ${connectorId}, the TriggerMessage names evse ${JSON.stringify(evse)}`);
  }
}

function meterPayload(ocpp: OcppVersion, evseId: number, wh: number): Payload {
  const ts = new Date().toISOString();
  return ocpp === '1.6'
    ? { connectorId: evseId, meterValue: [{ timestamp: ts, sampledValue: [{ value: String(wh), context: 'Trigger', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }] }
    : { evseId, meterValue: [{ timestamp: ts, sampledValue: [{ value: wh, context: 'Trigger', measurand: 'Energy.Active.Import.Register' }] }] };
}

interface CsmsVariant {
  variant: string;
  title: string;
  octt: readonly OcttClaim[];
  killedBy: string[];
  /** The requested message whose optional item (C-29.x) the test needs (2.0.1). */
  message?: string;
  run(ctx: CsmsContext): Promise<void>;
}

function csmsVariants(ocpp: OcppVersion): CsmsVariant[] {
  const v16 = ocpp === '1.6';
  const target = (evseId: number) => (v16 ? { connectorId: evseId } : { evseId });
  const list: CsmsVariant[] = [
    {
      variant: 'heartbeat', title: 'The CSMS triggers a Heartbeat and answers it',
      octt: v16 ? [] : full('TC_F_20_CSMS'), killedBy: ['csms.trigger-not-sent'],
      async run(ctx) {
        await operatorTrigger(ctx, { requestedMessage: 'Heartbeat' });
        const answer = await deliver(ctx, 'Heartbeat', {});
        if (Number.isNaN(Date.parse(String(answer.currentTime)))) throw new Verdict(`Heartbeat answer has no valid currentTime: ${JSON.stringify(answer)}`);
      },
    },
    {
      variant: 'meter-values', title: `The CSMS triggers MeterValues for the ${v16 ? 'connector' : 'EVSE'} the operator named and accepts them`,
      octt: v16 ? [] : full('TC_F_11_CSMS'), message: 'MeterValues', killedBy: ['csms.trigger-not-sent', 'csms.trigger-wrong-evse'],
      async run(ctx) {
        const evseId = ctx.profile.evses[0]!.id;
        const req = await operatorTrigger(ctx, { requestedMessage: 'MeterValues', ...target(evseId) });
        checkTarget(ocpp, req, evseId);
        await deliver(ctx, 'MeterValues', meterPayload(ocpp, evseId, 1234));
      },
    },
    {
      variant: 'status', title: `The CSMS triggers a StatusNotification for the connector the operator named and accepts it`,
      octt: v16 ? [] : full('TC_F_23_CSMS', 'TC_F_24_CSMS'), message: 'StatusNotification',
      killedBy: v16 ? ['csms.trigger-not-sent', 'csms.trigger-wrong-evse'] : ['csms.trigger-not-sent', 'csms.trigger-wrong-evse', 'csms.trigger-status-no-evse'],
      async run(ctx) {
        const { station } = ctx;
        const evseId = ctx.profile.evses[0]!.id;
        const args = v16 ? { requestedMessage: 'StatusNotification', connectorId: evseId } : { requestedMessage: 'StatusNotification', evseId, connectorId: 1 };
        // TC_F_23: the connector is Available (reported as StatusNotification and, in 2.0.1, NotifyEvent).
        const req = await operatorTrigger(ctx, args);
        checkTarget(ocpp, req, evseId, v16 ? undefined : 1);
        await reportConnector(station, evseId, 'Available');
        // TC_F_24: the connector becomes occupied, and a second trigger reports that.
        const occupied = v16 ? 'Preparing' : 'Occupied';
        await reportConnector(station, evseId, occupied);
        const again = await operatorTrigger(ctx, args);
        checkTarget(ocpp, again, evseId, v16 ? undefined : 1);
        await reportConnector(station, evseId, occupied);
      },
    },
    {
      variant: 'firmware-status', title: 'The CSMS triggers a FirmwareStatusNotification and accepts status Idle',
      octt: v16 ? [] : full('TC_F_18_CSMS'), message: 'FirmwareStatusNotification', killedBy: ['csms.trigger-not-sent', 'csms.no-firmware-status-handler'],
      async run(ctx) {
        await operatorTrigger(ctx, { requestedMessage: 'FirmwareStatusNotification' });
        await deliver(ctx, 'FirmwareStatusNotification', { status: 'Idle' });
      },
    },
  ];
  if (v16) {
    list.push(
      {
        variant: 'diagnostics-status', title: 'The CSMS triggers a DiagnosticsStatusNotification and accepts status Idle',
        octt: [], killedBy: ['csms.trigger-not-sent', 'csms.no-diagnostics-status-handler'],
        async run(ctx) {
          await operatorTrigger(ctx, { requestedMessage: 'DiagnosticsStatusNotification' });
          await deliver(ctx, 'DiagnosticsStatusNotification', { status: 'Idle' });
        },
      },
      {
        variant: 'rejected', title: 'A trigger for a connector the Charge Point does not have is answered Rejected: the CSMS takes it and does not insist',
        octt: full('TC_055_CSMS'), killedBy: ['csms.trigger-repeats-refused'],
        async run(ctx) {
          const missing = Math.max(...ctx.profile.evses.map((e) => e.id)) + 1;
          const req = await operatorTrigger(ctx, { requestedMessage: 'MeterValues', connectorId: missing }, 'Rejected');
          checkTarget(ocpp, req, missing);
          await ctx.station.expectNoCall('TriggerMessage', ctx.profile.timing.quietMs, undefined, req)
            .catch((err: Error) => { throw new Verdict(`after a Rejected trigger the CSMS must not repeat it: ${err.message}`); });
        },
      },
      {
        variant: 'sequence', title: 'The OCTT trigger sequence: MeterValues, Heartbeat, StatusNotification, DiagnosticsStatusNotification, FirmwareStatusNotification',
        octt: full('TC_054_CSMS'), killedBy: ['csms.trigger-not-sent', 'csms.no-diagnostics-status-handler', 'csms.no-firmware-status-handler'],
        async run(ctx) {
          const evseId = ctx.profile.evses[0]!.id;
          checkTarget(ocpp, await operatorTrigger(ctx, { requestedMessage: 'MeterValues', connectorId: evseId }), evseId);
          await deliver(ctx, 'MeterValues', meterPayload(ocpp, evseId, 1000));
          await operatorTrigger(ctx, { requestedMessage: 'Heartbeat' });
          await deliver(ctx, 'Heartbeat', {});
          checkTarget(ocpp, await operatorTrigger(ctx, { requestedMessage: 'StatusNotification', connectorId: evseId }), evseId);
          await deliver(ctx, 'StatusNotification', ctx.station.statusPayload(evseId, 1, 'Available'));
          await operatorTrigger(ctx, { requestedMessage: 'DiagnosticsStatusNotification' });
          await deliver(ctx, 'DiagnosticsStatusNotification', { status: 'Idle' });
          await operatorTrigger(ctx, { requestedMessage: 'FirmwareStatusNotification' });
          await deliver(ctx, 'FirmwareStatusNotification', { status: 'Idle' });
        },
      },
    );
  } else {
    list.push(
      {
        variant: 'meter-values-all', title: 'The CSMS triggers MeterValues for all EVSEs (evse omitted) and accepts one per EVSE',
        octt: full('TC_F_12_CSMS'), message: 'MeterValues', killedBy: ['csms.trigger-not-sent'],
        async run(ctx) {
          const req = await operatorTrigger(ctx, { requestedMessage: 'MeterValues' });
          checkTarget(ocpp, req, undefined);
          for (const evse of ctx.profile.evses) await deliver(ctx, 'MeterValues', meterPayload(ocpp, evse.id, 1000 + evse.id));
        },
      },
      {
        variant: 'transaction-event', title: 'The CSMS triggers a TransactionEvent for a charging EVSE and accepts the Updated/Trigger event',
        octt: full('TC_F_13_CSMS'), message: 'TransactionEvent', killedBy: ['csms.trigger-not-sent', 'csms.trigger-wrong-evse'],
        async run(ctx) {
          const evseId = ctx.profile.evses[0]!.id;
          const t = await simEnergyTransferStarted(ctx.station, evseId);
          const req = await operatorTrigger(ctx, { requestedMessage: 'TransactionEvent', evseId });
          checkTarget(ocpp, req, evseId);
          await sendTxEvent(ctx.station, t, { eventType: 'Updated', trigger: 'Trigger', chargingState: 'Charging', withEvse: true, meterContext: 'Trigger' });
        },
      },
      {
        variant: 'transaction-event-all', title: 'The CSMS triggers TransactionEvent for all EVSEs (evse omitted) and accepts one Updated/Trigger event per charging EVSE',
        octt: full('TC_F_14_CSMS'), message: 'TransactionEvent', killedBy: ['csms.trigger-not-sent'],
        async run(ctx) {
          const running = [];
          for (const evse of ctx.profile.evses) running.push(await simEnergyTransferStarted(ctx.station, evse.id));
          const req = await operatorTrigger(ctx, { requestedMessage: 'TransactionEvent' });
          checkTarget(ocpp, req, undefined);
          for (const t of running) await sendTxEvent(ctx.station, t, { eventType: 'Updated', trigger: 'Trigger', chargingState: 'Charging', meterContext: 'Trigger' });
        },
      },
      {
        variant: 'log-status', title: 'The CSMS triggers a LogStatusNotification and accepts status Idle',
        octt: full('TC_F_15_CSMS'), message: 'LogStatusNotification', killedBy: ['csms.trigger-not-sent', 'csms.no-log-status-handler'],
        async run(ctx) {
          await operatorTrigger(ctx, { requestedMessage: 'LogStatusNotification' });
          await deliver(ctx, 'LogStatusNotification', { status: 'Idle' });
        },
      },
      {
        variant: 'not-implemented', title: 'A trigger answered NotImplemented: the CSMS takes it and does not insist',
        octt: full('TC_F_27_CSMS'), killedBy: ['csms.trigger-repeats-refused'],
        async run(ctx) {
          // The document leaves the message open; Heartbeat is one every CSMS can trigger (TC_F_20 is mandatory).
          const req = await operatorTrigger(ctx, { requestedMessage: 'Heartbeat' }, 'NotImplemented');
          await ctx.station.expectNoCall('TriggerMessage', ctx.profile.timing.quietMs, undefined, req)
            .catch((err: Error) => { throw new Verdict(`after NotImplemented the CSMS must not repeat the trigger: ${err.message}`); });
        },
      },
    );
  }
  return list;
}

export function triggerCsms(ocpp: OcppVersion): CsmsTestCase[] {
  return csmsVariants(ocpp).map((v) => testCase<CsmsTestCase>({
    useCase: 'F06', variant: v.variant, ocpp, sut: 'CSMS', title: v.title, octt: v.octt, killedBy: v.killedBy,
    actions: ['triggerMessage'], needs: needsFor(ocpp, v.message),
    async run(ctx) {
      await ctx.station.booted();
      await v.run(ctx);
    },
  }));
}
