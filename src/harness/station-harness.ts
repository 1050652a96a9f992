import { connectOcpp, ConnectError, type ClientTls } from '../transport/client.js';
import type { TestPki } from '../security/pki.js';
import type { Payload } from '../ocpp/frames.js';
import { MeterSigner, type SignedReading } from '../security/meter-signing.js';
import type { SutProfile } from './config.js';
import { stationDefaults } from './default-answers.js';
import { Peer, Verdict } from './peer.js';

/** What a 2.0.1 TransactionEvent of the harness says (the builder fills in the rest). */
export interface TxEventFields {
  eventType: 'Started' | 'Updated' | 'Ended';
  triggerReason: string;
  transactionId: string;
  seqNo: number;
  timestamp?: string;
  chargingState?: string;
  stoppedReason?: string;
  remoteStartId?: unknown;
  evse?: { id: number; connectorId?: number };
  idToken?: { idToken: string; type: string };
  /** Set on a message that waited in the station's queue while it was offline. */
  offline?: boolean;
  meterValue?: Payload[];
}

/** One meter reading as the harness reports it. */
export interface MeterReading {
  timestamp: string;
  /** ReadingContext: Sample.Clock, Sample.Periodic, Transaction.Begin, Transaction.End, ... */
  context: string;
  /** The energy register in Wh. */
  energyWh: number;
  /** Add a signedMeterValue to the register (2.0.1; 1.6 has no place for it). */
  signed?: boolean;
  /** Add measurands a CSMS may not use (power, per-phase current and voltage, state of charge). */
  extraMeasurands?: boolean;
}

/** The simulated fiscal meter of the harness's station, made once: signing is for the wire format, nobody checks the meter. */
let harnessMeter: MeterSigner | undefined;

/** 2.0.1 SignedMeterValueType for one reading (the official tool sends one), signed by the harness's meter. */
export function signedMeterValue(reading: SignedReading): Payload {
  harnessMeter ??= new MeterSigner();
  return harnessMeter.sign(reading);
}

/** The harness playing a charging station, for a CSMS under test. */
export class StationHarness extends Peer {
  /** The security profile this test case connects with (A00 test cases; else the run's). */
  securityProfile?: 1 | 2 | 3;
  /** TLS settings of this station at that profile: the CSMS's root, its client certificate (profile 3). */
  tls?: ClientTls;
  /** The CSMS's endpoints per security profile, where the target knows them (downgrade test cases). */
  endpoints?: Partial<Record<1 | 2 | 3, string>>;
  /** The run's test PKI, for test cases that present broken certificates; absent for a real CSMS without one. */
  pki?: TestPki;

  constructor(profile: SutProfile, readonly csmsUrl: string) {
    super(profile, stationDefaults(profile));
  }

  /** The full URL: the CSMS endpoint with our station ID appended. */
  get url(): string {
    return `${this.csmsUrl.replace(/\/$/, '')}/${encodeURIComponent(this.profile.stationId)}`;
  }

  /**
   * Open the connection. `password: null` sends no Basic auth; by default profile 3 sends none and profiles 1/2
   * the configured password. `tls` replaces this station's TLS settings for this attempt, `url` its URL (A05: another profile's endpoint).
   */
  async connect(options: { password?: string | null; username?: string; offerProtocols?: string[]; tls?: ClientTls; url?: string } = {}): Promise<void> {
    const password = options.password === null ? undefined
      : options.password ?? (this.securityProfile === 3 ? undefined : this.profile.basicAuthPassword);
    try {
      const conn = await connectOcpp({
        url: options.url ?? this.url, version: this.profile.ocpp, log: this.log, tls: options.tls ?? this.tls,
        password, username: options.username,
        offerProtocols: options.offerProtocols,
        timeoutMs: this.profile.timing.callTimeoutMs,
      });
      this.attach(conn);
    } catch (err) {
      throw err instanceof ConnectError ? new Verdict(err.message) : err;
    }
  }

  bootPayload(reason = 'PowerUp'): Payload {
    const { vendor, model } = this.profile;
    return this.profile.ocpp === '1.6'
      ? { chargePointVendor: vendor, chargePointModel: model }
      : { reason, chargingStation: { vendorName: vendor, model } };
  }

  statusPayload(evseId: number, connectorId: number, status: string): Payload {
    return this.profile.ocpp === '1.6'
      ? { connectorId: evseId, status, errorCode: 'NoError', timestamp: this.now() }
      : { timestamp: this.now(), connectorStatus: status, evseId, connectorId };
  }

  /** 2.0.1: a connector's availability as a NotifyEvent, the way the official tool reports it beside StatusNotification. */
  availabilityEvent(evseId: number, connectorId: number, state: string): Payload {
    return {
      generatedAt: this.now(), seqNo: 0,
      eventData: [{
        eventId: evseId * 100 + connectorId, timestamp: this.now(), trigger: 'Delta', actualValue: state,
        eventNotificationType: 'HardWiredNotification',
        component: { name: 'Connector', evse: { id: evseId, connectorId } }, variable: { name: 'AvailabilityState' },
      }],
    };
  }

  /** Connectivity lost: the harness closes its connection (a station going offline; the CSMS may notice late). */
  async goOffline(): Promise<void> {
    await this.close();
  }

  /** Connectivity back: a new connection, no new boot (the station did not restart). */
  async backOnline(): Promise<void> {
    await this.connect();
  }

  /** 2.0.1 TransactionEvent payload; leaves out what the fields leave out. */
  transactionEventPayload(f: TxEventFields): Payload {
    const transactionInfo: Payload = { transactionId: f.transactionId };
    if (f.chargingState) transactionInfo.chargingState = f.chargingState;
    if (f.stoppedReason) transactionInfo.stoppedReason = f.stoppedReason;
    if (f.remoteStartId !== undefined) transactionInfo.remoteStartId = f.remoteStartId;
    const p: Payload = { eventType: f.eventType, timestamp: f.timestamp ?? this.now(), triggerReason: f.triggerReason, seqNo: f.seqNo, transactionInfo };
    if (f.offline) p.offline = true;
    if (f.evse) p.evse = { id: f.evse.id, connectorId: f.evse.connectorId ?? 1 };
    if (f.idToken) p.idToken = { ...f.idToken };
    if (f.meterValue?.length) p.meterValue = f.meterValue;
    return p;
  }

  /** A MeterValueType of either version for one reading: the energy register first, then (optionally) more measurands. */
  meterValue(r: MeterReading): Payload {
    const v16 = this.profile.ocpp === '1.6';
    const sample = (value: number, measurand: string, unit: string, more: Payload = {}): Payload => (v16
      ? { value: value.toFixed(1), context: r.context, measurand, unit, ...more }
      : { value, context: r.context, measurand, unitOfMeasure: { unit }, ...more });
    const energy = sample(r.energyWh, 'Energy.Active.Import.Register', 'Wh');
    if (r.signed && !v16) energy.signedMeterValue = signedMeterValue({ timestamp: r.timestamp, measurand: 'Energy.Active.Import.Register', value: r.energyWh, unit: 'Wh' });
    const sampledValue = [energy];
    if (r.extraMeasurands) {
      sampledValue.push(sample(7200, 'Power.Active.Import', 'W'));
      for (const phase of ['L1', 'L2', 'L3']) sampledValue.push(sample(10.5, 'Current.Import', 'A', { phase }));
      sampledValue.push(sample(230.1, 'Voltage', 'V', { phase: 'L1-N' }));
      sampledValue.push(sample(42, 'SoC', 'Percent', { location: 'EV' }));
    }
    return { timestamp: r.timestamp, sampledValue };
  }

  /** MeterValues: 2.0.1 per EVSE (0 = the main meter), 1.6 per connector with the transaction it belongs to. */
  meterValuesPayload(evseId: number, meterValue: Payload[], transactionId?: number): Payload {
    if (this.profile.ocpp === '2.0.1') return { evseId, meterValue };
    const p: Payload = { connectorId: evseId, meterValue };
    if (transactionId !== undefined) p.transactionId = transactionId;
    return p;
  }

  /** 1.6 StartTransaction.req. */
  startTransactionPayload(connectorId: number, idTag: string, meterStart: number, timestamp = this.now()): Payload {
    return { connectorId, idTag, meterStart, timestamp };
  }

  /** 1.6 StopTransaction.req; `reason` Local is the default the specification gives, so it is sent anyway. */
  stopTransactionPayload(transactionId: number, meterStop: number, reason: string, o: { timestamp?: string; idTag?: string; transactionData?: Payload[] } = {}): Payload {
    const p: Payload = { transactionId, meterStop, timestamp: o.timestamp ?? this.now(), reason };
    if (o.idTag) p.idTag = o.idTag;
    if (o.transactionData?.length) p.transactionData = o.transactionData;
    return p;
  }

  /**
   * Reusable state "Booted" (Part 6 3.18; the 1.6 document's equivalent): connect, BootNotification (reason
   * PowerUp) accepted, every connector reported Available (2.0.1 also as NotifyEvent AvailabilityState). B01 is
   * about this state; for any other test case, not reaching it is inconclusive. `availabilityEvents: false` leaves
   * the NotifyEvents out (the fuzzer's normal state needs only an accepted station).
   */
  booted(options: { availabilityEvents?: boolean } = {}): Promise<Payload> {
    return this.reusableState('Booted', 'B01', async () => {
      if (!this.connected) await this.connect();
      const answer = await this.call('BootNotification', this.bootPayload());
      if (answer.status !== 'Accepted') throw new Verdict(`BootNotification must be Accepted, got ${String(answer.status)}`);
      for (const evse of this.profile.evses) {
        for (let c = 1; c <= evse.connectors; c++) {
          await this.call('StatusNotification', this.statusPayload(evse.id, c, 'Available'));
          if (this.profile.ocpp === '2.0.1' && options.availabilityEvents !== false) await this.call('NotifyEvent', this.availabilityEvent(evse.id, c, 'Available'));
        }
      }
      return answer;
    });
  }
}
