import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';
import type { Evse, Transaction } from './model.js';
import { MeterSigner } from '../../security/meter-signing.js';

/**
 * J01/J02 (2.0.1) and the 1.6 meter values: the station reads its meters at the configured intervals and reports
 * what the configuration asks for.
 *
 * - Sampled: from the start of each transaction, every MeterValueSampleInterval (1.6, MeterValues with the
 *   transactionId and context Sample.Periodic, measurands of MeterValuesSampledData) or
 *   SampledDataCtrlr.TxUpdatedInterval (2.0.1, TransactionEvent Updated with triggerReason MeterValuePeriodic,
 *   measurands of TxUpdatedMeasurands).
 * - Clock-aligned: at every multiple of ClockAlignedDataInterval / AlignedDataCtrlr.Interval counted from
 *   midnight UTC, context Sample.Clock, measurands of MeterValuesAlignedData / AlignedDataCtrlr.Measurands. 1.6:
 *   MeterValues per connector (with the transactionId while one runs); 2.0.1: MeterValues for an EVSE without a
 *   transaction, TransactionEvent Updated with triggerReason MeterValueClock for one with (none at all during a
 *   transaction when AlignedDataCtrlr.SendDuringIdle is true).
 * Values inside a transaction are transaction messages: they wait in the outbox while the station is offline.
 * Each reading is stamped with the moment it was due, so intervals are exact; registers only go up.
 */
export const MV = {
  registerDown: defineFault('cs.meter-register-goes-down', 'reports the energy register lower at each meter reading than at the one before'),
  alignedOffInterval: defineFault('cs.aligned-values-off-interval', 'reads clock-aligned values half an interval after each boundary and stamps them with that time'),
  sampledWrongInterval: defineFault('cs.sampled-values-wrong-interval', 'samples at twice the configured sample interval (MeterValueSampleInterval / TxUpdatedInterval)'),
  noTransactionId: defineFault('cs.meter-values-no-transaction-id', '1.6: leaves transactionId out of MeterValues sent during a transaction'),
  missingMeasurand: defineFault('cs.meter-values-missing-measurand', 'reports only the first configured measurand'),
  wrongContext: defineFault('cs.meter-values-wrong-context', 'labels clock-aligned readings Sample.Periodic, sampled ones Sample.Clock, and (2.0.1) those of transaction start and end Sample.Periodic'),
  wrongTrigger: defineFault('cs.meter-values-trigger-other', '2.0.1: sends periodic and clock-aligned TransactionEvents with triggerReason Trigger'),
  dropsQueued: defineFault('cs.offline-drops-queued-meter-value', '1.6: loses the second MeterValues queued while offline'),
  reordersQueued: defineFault('cs.offline-reorders-meter-values', '1.6: queues the first two MeterValues sampled while offline in swapped order'),
  alignedDuringTx: defineFault('cs.aligned-ignores-send-during-idle', '2.0.1: keeps sending clock-aligned values during a transaction when AlignedDataCtrlr.SendDuringIdle is true'),
  noOfflineSampling: defineFault('cs.no-sampling-while-offline', '2.0.1: stops taking TxUpdatedInterval readings while offline, so none wait in the queue'),
  beginOnlyWithCable: defineFault('cs.begin-values-only-with-cable', '2.0.1: sends no Transaction.Begin meter values when the transaction starts before the cable is in (TxStartPoint Authorized)'),
  // ---- signed meter values (J01.FR.21 / J02.FR.21) ----
  unsigned: defineFault('cs.signed-readings-unsigned', '2.0.1: leaves signedMeterValue out although SampledDataCtrlr/AlignedDataCtrlr.SignReadings is true'),
  signatureOfOther: defineFault('cs.signed-readings-other-reading', '2.0.1: signs every reading of a measurand with the signature made for its first reading'),
};

/** What each measurand reads and in which unit; the reference meters one phase-less three-phase outlet. */
const READINGS: Record<string, { unit: string; value: (wh: number, charging: boolean) => number }> = {
  'Energy.Active.Import.Register': { unit: 'Wh', value: (wh) => wh },
  'Power.Active.Import': { unit: 'W', value: (_, charging) => (charging ? 10_800 : 0) },
  'Current.Import': { unit: 'A', value: (_, charging) => (charging ? 16 : 0) },
  Voltage: { unit: 'V', value: () => 230 },
  SoC: { unit: 'Percent', value: () => 50 },
};

/** The reference meters energy and power by default, so that a reading must carry more than one measurand. */
const DEFAULT_MEASURANDS = 'Energy.Active.Import.Register,Power.Active.Import';
const MEASURAND_KEYS_16 = ['MeterValuesSampledData', 'MeterValuesAlignedData'];
const MEASURAND_KEYS_201 = ['SampledDataCtrlr/TxUpdatedMeasurands'];

/** 2.0.1 variables the J test cases configure that the device-model catalogue does not list (plain strings). */
const EXTRA_201: Record<string, string> = {
  'AlignedDataCtrlr/Measurands': DEFAULT_MEASURANDS,
  'AlignedDataCtrlr/SendDuringIdle': 'false',
  'AlignedDataCtrlr/TxEndedInterval': '0',
  'AlignedDataCtrlr/TxEndedMeasurands': DEFAULT_MEASURANDS,
  'SampledDataCtrlr/Enabled': 'true',
  'SampledDataCtrlr/TxStartedMeasurands': DEFAULT_MEASURANDS,
  'SampledDataCtrlr/TxEndedInterval': '0',
  'SampledDataCtrlr/TxEndedMeasurands': DEFAULT_MEASURANDS,
  // Signed meter values (Part 5 C-42): off until the CSMS switches them on.
  'SampledDataCtrlr/SignReadings': 'false',
  'AlignedDataCtrlr/SignReadings': 'false',
  'OCPPCommCtrlr/PublicKeyWithSignedMeterValue': 'EveryMeterValue',
};

const TICK_MS = 100;

export function install(station: ReferenceStation): void {
  const v16 = station.version === '1.6';
  const has = (f: string) => station.faults.has(f);
  if (!v16) for (const [key, value] of Object.entries(EXTRA_201)) if (!station.variables.has(key)) station.variables.set(key, { value });
  // Set before the device model installs its catalogue, which keeps a value another feature set first.
  for (const key of v16 ? MEASURAND_KEYS_16 : MEASURAND_KEYS_201) if (!station.variables.has(key)) station.variables.set(key, { value: DEFAULT_MEASURANDS });

  const seconds = (key16: string, key201: string) => Math.max(0, Number(station.setting(key16, key201, '0')) || 0);
  const measurands = (key16: string, key201: string): string[] => {
    const list = station.setting(key16, key201, '').split(',').map((m) => m.trim()).filter((m) => m in READINGS);
    const chosen = list.length ? list : ['Energy.Active.Import.Register'];
    return has(MV.missingMeasurand) ? chosen.slice(0, 1) : chosen;
  };

  /** Readings taken per EVSE, for the register-goes-down fault. */
  const readingsTaken = new Map<number, number>();
  const register = (evse: Evse): number => {
    const wh = station.transactions.meterNowWh(evse);
    const n = (readingsTaken.get(evse.id) ?? 0) + 1;
    readingsTaken.set(evse.id, n);
    return has(MV.registerDown) ? wh + 10_000 - n * 100 : wh;
  };

  // ---- signed meter values (2.0.1): each sampled value signed when SignReadings of its kind is true ----
  const meter = new MeterSigner();
  /** The first signature per EVSE and measurand, for the signature-of-another-reading fault. */
  const firstSignature = new Map<string, Payload>();
  const signature = (evse: Evse, context: string, timestamp: string, measurand: string, value: number, unit: string): Payload | undefined => {
    const ctrlr = context === clock ? 'AlignedDataCtrlr' : 'SampledDataCtrlr';
    if (v16 || has(MV.unsigned) || station.setting('', `${ctrlr}/SignReadings`, 'false') !== 'true') return undefined;
    const withKey = station.setting('', 'OCPPCommCtrlr/PublicKeyWithSignedMeterValue', 'EveryMeterValue') !== 'Never';
    const made = meter.sign({ timestamp, measurand, value, unit }, withKey);
    if (!has(MV.signatureOfOther)) return made;
    const key = `${evse.id}/${measurand}`;
    if (!firstSignature.has(key)) firstSignature.set(key, made);
    return firstSignature.get(key);
  };

  /** One reading; `wh` is the energy register the transaction model already decided on (Started/Ended events). */
  const meterValue = (evse: Evse, at: number, list: string[], context: string, wh = register(evse)): Payload => {
    const charging = evse.transaction?.chargingState === 'Charging';
    const timestamp = new Date(at).toISOString();
    const sampledValue = list.map((m) => {
      const r = READINGS[m]!;
      const value = r.value(wh, charging);
      const signed = signature(evse, context, timestamp, m, value, r.unit);
      return v16
        ? { value: String(value), context, measurand: m, unit: r.unit }
        : { value, context, measurand: m, unitOfMeasure: { unit: r.unit }, ...(signed ? { signedMeterValue: signed } : {}) };
    });
    return { timestamp, sampledValue };
  };

  /** 1.6: MeterValues queued while offline, counted (and one held back) for the drops/reorders-queued faults. */
  let queuedOffline = 0;
  let heldBack: Payload | undefined;
  const send16 = async (evse: Evse, mv: Payload): Promise<void> => {
    const tx = evse.transaction;
    let payload: Payload = { connectorId: evse.id, meterValue: [mv] };
    // An offline start's placeholder transactionId (< 0) is replaced in the queue once the CSMS gave the real one.
    if (tx && Number(tx.id) !== 0 && !has(MV.noTransactionId)) payload.transactionId = Number(tx.id);
    if (!tx) {
      await station.send('MeterValues', payload);
      return;
    }
    if (!station.connected && has(MV.dropsQueued) && ++queuedOffline === 2) return;
    if (!station.connected && has(MV.reordersQueued) && ++queuedOffline <= 2) {
      if (!heldBack) {
        heldBack = payload;
        return;
      }
      await station.sendQueued('MeterValues', payload);
      payload = heldBack;
      heldBack = undefined;
    }
    await station.sendQueued('MeterValues', payload);
  };

  const txEvent201 = async (tx: Transaction, trigger: string, mv: Payload): Promise<void> => {
    await station.sendQueued('TransactionEvent', {
      eventType: 'Updated', timestamp: mv.timestamp, triggerReason: has(MV.wrongTrigger) ? 'Trigger' : trigger, seqNo: tx.seqNo++,
      transactionInfo: { transactionId: String(tx.id), chargingState: tx.chargingState }, meterValue: [mv],
    });
  };

  const periodic = has(MV.wrongContext) ? 'Sample.Clock' : 'Sample.Periodic';
  const clock = has(MV.wrongContext) ? 'Sample.Periodic' : 'Sample.Clock';

  /** The next sampling moment per transaction (by object), from its start. */
  const sampleDue = new WeakMap<Transaction, number>();
  let alignedDue: number | undefined;
  let alignedInterval = 0;

  const sample = async (now: number): Promise<void> => {
    const interval = seconds('MeterValueSampleInterval', 'SampledDataCtrlr/TxUpdatedInterval') * (has(MV.sampledWrongInterval) ? 2 : 1);
    for (const evse of station.evses) {
      const tx = evse.transaction;
      if (!tx || interval <= 0) continue;
      if (!station.connected && has(MV.noOfflineSampling)) continue;
      let due = sampleDue.get(tx) ?? tx.startedAt + interval * 1000;
      if (now < due) {
        sampleDue.set(tx, due);
        continue;
      }
      const at = due;
      // Readings missed (a stalled event loop) are not made up: the next one is due one interval after this one.
      while (due <= now) due += interval * 1000;
      sampleDue.set(tx, due);
      const list = measurands('MeterValuesSampledData', 'SampledDataCtrlr/TxUpdatedMeasurands');
      const mv = meterValue(evse, at, list, periodic);
      if (v16) await send16(evse, mv);
      else await txEvent201(tx, 'MeterValuePeriodic', mv);
    }
  };

  const align = async (now: number): Promise<void> => {
    const interval = seconds('ClockAlignedDataInterval', 'AlignedDataCtrlr/Interval');
    const offset = has(MV.alignedOffInterval) ? interval * 500 : 0;
    if (interval !== alignedInterval || alignedDue === undefined) {
      alignedInterval = interval;
      alignedDue = interval > 0 ? (Math.floor(now / (interval * 1000)) + 1) * interval * 1000 + offset : undefined;
      return;
    }
    if (interval <= 0 || now < alignedDue) return;
    const at = alignedDue;
    alignedDue = (Math.floor(now / (interval * 1000)) + 1) * interval * 1000 + offset;
    const list = measurands('MeterValuesAlignedData', 'AlignedDataCtrlr/Measurands');
    const quietDuringTx = !v16 && station.setting('', 'AlignedDataCtrlr/SendDuringIdle', 'false') === 'true' && !has(MV.alignedDuringTx);
    if (quietDuringTx && station.evses.some((e) => e.transaction)) return;
    for (const evse of station.evses) {
      const mv = meterValue(evse, at, list, clock);
      if (v16) await send16(evse, mv);
      else if (evse.transaction) await txEvent201(evse.transaction, 'MeterValueClock', mv);
      else await station.send('MeterValues', { evseId: evse.id, meterValue: [mv] });
    }
  };

  // ---- 2.0.1: what the Started and Ended events of a transaction carry (J02.FR / J01 TxEnded data) ----
  /** Readings kept for the Ended event: sampled at SampledDataCtrlr.TxEndedInterval, clock-aligned at AlignedDataCtrlr.TxEndedInterval. */
  const endedReadings = new WeakMap<Transaction, Payload[]>();
  const endedSampleDue = new WeakMap<Transaction, number>();
  let endedAlignedDue: number | undefined;
  const listOrNone = (key: string): string[] => {
    const list = station.setting('', key, '').split(',').map((m) => m.trim()).filter((m) => m in READINGS);
    return has(MV.missingMeasurand) ? list.slice(0, 1) : list;
  };
  const keepForEnded = (now: number): void => {
    if (v16) return;
    const sampledS = seconds('', 'SampledDataCtrlr/TxEndedInterval') * (has(MV.sampledWrongInterval) ? 2 : 1);
    const sampledList = listOrNone('SampledDataCtrlr/TxEndedMeasurands');
    for (const evse of station.evses) {
      const tx = evse.transaction;
      if (!tx || sampledS <= 0 || !sampledList.length) continue;
      const due = endedSampleDue.get(tx) ?? tx.startedAt + sampledS * 1000;
      if (now < due) {
        endedSampleDue.set(tx, due);
        continue;
      }
      endedSampleDue.set(tx, due + sampledS * 1000);
      endedReadings.set(tx, [...(endedReadings.get(tx) ?? []), meterValue(evse, due, sampledList, periodic)]);
    }
    const alignedS = seconds('', 'AlignedDataCtrlr/TxEndedInterval');
    const offset = has(MV.alignedOffInterval) ? alignedS * 500 : 0;
    const next = () => (Math.floor(now / (alignedS * 1000)) + 1) * alignedS * 1000 + offset;
    if (alignedS <= 0) {
      endedAlignedDue = undefined;
      return;
    }
    if (endedAlignedDue === undefined) {
      endedAlignedDue = next();
      return;
    }
    if (now < endedAlignedDue) return;
    const at = endedAlignedDue;
    endedAlignedDue = next();
    const alignedList = listOrNone('AlignedDataCtrlr/TxEndedMeasurands');
    if (!alignedList.length) return;
    for (const evse of station.evses) {
      const tx = evse.transaction;
      if (tx) endedReadings.set(tx, [...(endedReadings.get(tx) ?? []), meterValue(evse, at, alignedList, clock)]);
    }
  };
  if (!v16) {
    station.transactions.meterValuesFor = (evse, tx, eventType, meterWh) => {
      const now = Date.now();
      if (eventType === 'Started') {
        if (has(MV.beginOnlyWithCable) && !evse.connectors.some((c) => c.cablePlugged)) return [];
        const list = measurands('', 'SampledDataCtrlr/TxStartedMeasurands');
        return [meterValue(evse, now, list, has(MV.wrongContext) ? 'Sample.Periodic' : 'Transaction.Begin', meterWh)];
      }
      if (eventType !== 'Ended') return undefined;
      const kept = [...(endedReadings.get(tx) ?? [])].sort((a, b) => Date.parse(String(a.timestamp)) - Date.parse(String(b.timestamp)));
      // The end reading carries SampledDataCtrlr.TxEndedMeasurands; empty means none (and no meterValue at all when nothing was kept).
      const list = listOrNone('SampledDataCtrlr/TxEndedMeasurands');
      return [...kept, ...(list.length ? [meterValue(evse, now, list, has(MV.wrongContext) ? 'Sample.Periodic' : 'Transaction.End', meterWh)] : [])];
    };
  }

  station.on('connected', () => { queuedOffline = 0; });
  let busy = false;
  const tick = async (): Promise<void> => {
    if (!busy && station.bootState === 'Accepted') {
      busy = true;
      try {
        const now = Date.now();
        keepForEnded(now);
        await sample(now);
        await align(now);
      } finally {
        busy = false;
      }
    }
    station.later(TICK_MS, tick);
  };
  station.later(TICK_MS, tick);
}
