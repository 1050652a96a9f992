import type { OcppServer } from '../transport/server.js';
import type { OcppConnection } from '../transport/connection.js';
import type { Payload } from '../ocpp/frames.js';
import type { SutProfile } from './config.js';
import { csmsDefaults } from './default-answers.js';
import { Peer, Verdict, type ReceivedCall } from './peer.js';

/**
 * The harness playing the CSMS, for a charging station under test. Connections from the station arrive on the
 * run's server; this object takes those for its station ID for the length of one test case.
 */
export class CsmsHarness extends Peer {
  private readonly onConnection = (conn: OcppConnection) => {
    if (this.profile.stationId !== '*' && conn.stationId !== this.profile.stationId) {
      this.log.event(`ignoring station ${conn.stationId} (expecting ${this.profile.stationId})`);
      return;
    }
    // The server logs each connection on its own; the test's trace must show them all.
    if (conn.log !== this.log) conn.log.mirrorTo(this.log);
    this.attach(conn);
  };
  private readonly onRejected = (reason: string) => this.log.event(`handshake refused: ${reason}`);

  constructor(profile: SutProfile, private readonly server: OcppServer) {
    super(profile, csmsDefaults(profile));
    server.on('connection', this.onConnection);
    server.on('rejected', this.onRejected);
  }

  /** The URL a charger under test must connect to. */
  get stationUrl(): string {
    return `${this.server.url}/${encodeURIComponent(this.profile.stationId === '*' ? 'CP001' : this.profile.stationId)}`;
  }

  private describeUrl(): string {
    try {
      return this.stationUrl;
    } catch {
      return 'the harness (its server has closed)';
    }
  }

  /** Wait for the station to (re)connect; a refused handshake (wrong subprotocol, bad password) fails at once. */
  waitForConnection(within = this.profile.timing.bootTimeoutMs, newerThan = this.connectionCount): Promise<void> {
    if (this.connectionCount > newerThan && this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Verdict(`the station did not connect to ${this.describeUrl()} within ${within} ms`)), within);
      const onConnected = () => finish();
      const onRejected = (reason: string) => finish(new Verdict(`the station's connection was refused: ${reason}`));
      const finish = (err?: Error) => {
        clearTimeout(timer);
        this.off('connected', onConnected);
        this.server.off('rejected', onRejected);
        if (err) reject(err); else resolve();
      };
      this.on('connected', onConnected);
      this.server.on('rejected', onRejected);
    });
  }

  /** Cut the connection without a close handshake, as a network failure would. */
  dropConnection(): void {
    this.session?.conn.terminate();
  }

  /** Reusable state "Booted": the station connects, its BootNotification is accepted, and it reports each connector. */
  async booted(bootAnswer?: Payload): Promise<ReceivedCall> {
    if (bootAnswer) this.answer('BootNotification', bootAnswer);
    await this.waitForConnection();
    const boot = await this.expectCall('BootNotification', { within: this.profile.timing.bootTimeoutMs });
    for (const evse of this.profile.evses) {
      for (let c = 1; c <= evse.connectors; c++) {
        const where = this.profile.ocpp === '1.6' ? { connectorId: evse.id } : { evseId: evse.id, connectorId: c };
        await this.expectCall('StatusNotification', { where, after: boot });
      }
    }
    return boot;
  }

  override async close(): Promise<void> {
    this.server.off('connection', this.onConnection);
    this.server.off('rejected', this.onRejected);
    await super.close();
  }
}
