import { connectOcpp, ConnectError, type ClientTls } from '../transport/client.js';
import type { TestPki } from '../security/pki.js';
import type { Payload } from '../ocpp/frames.js';
import type { SutProfile } from './config.js';
import { stationDefaults } from './default-answers.js';
import { Peer, Verdict } from './peer.js';

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
   * the configured password. `tls` replaces this station's TLS settings for this attempt.
   */
  async connect(options: { password?: string | null; username?: string; offerProtocols?: string[]; tls?: ClientTls } = {}): Promise<void> {
    const password = options.password === null ? undefined
      : options.password ?? (this.securityProfile === 3 ? undefined : this.profile.basicAuthPassword);
    try {
      const conn = await connectOcpp({
        url: this.url, version: this.profile.ocpp, log: this.log, tls: options.tls ?? this.tls,
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
