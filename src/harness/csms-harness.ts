import type { OcppServer } from '../transport/server.js';
import type { OcppConnection } from '../transport/connection.js';
import type { Payload } from '../ocpp/frames.js';
import type { SutProfile } from './config.js';
import type { TestPki } from '../security/pki.js';
import { csmsDefaults } from './default-answers.js';
import { Peer, Verdict, type ReceivedCall } from './peer.js';

/**
 * The harness playing the CSMS, for a charging station under test. Connections from the station arrive on the
 * run's server; this object takes those for its station ID for the length of one test case.
 */
export class CsmsHarness extends Peer {
  private readonly onConnection = (conn: OcppConnection) => {
    // Another test's station (parallel runs) or a charger with the wrong ID: not part of this test's trace,
    // but remembered, so a charger that never arrives can be told apart from one that used another ID.
    if (this.profile.stationId !== '*' && conn.stationId !== this.profile.stationId) {
      this.otherStations.add(conn.stationId);
      return;
    }
    // The server logs each connection on its own; the test's trace must show them all.
    if (conn.log !== this.log) conn.log.mirrorTo(this.log);
    this.attach(conn);
  };
  private readonly onRejected = (reason: string, stationId: string | undefined) => {
    if (stationId !== undefined && !this.expects(stationId)) this.otherStations.add(stationId);
    this.log.event(`handshake refused: ${reason}`);
  };
  /** Station IDs that connected (or tried to) during this test but are not the one it expects. */
  readonly otherStations = new Set<string>();
  /**
   * Set when a wait for the station's first connection in this test ran out with no connection at all: the
   * runner stops a run against a charger that never showed up instead of letting every test case wait.
   */
  neverConnected?: { url: string; stationId: string; withinMs: number; others: string[]; sutEnded?: string };
  /** How the charger process the harness started ended, if it did (the give-up line names it). */
  sutEnded?: string;
  /** The run's test PKI (broken server certificates for A00 test cases); absent when the harness cannot issue. */
  pki?: TestPki;

  /** The run's servers by security profile (A05: the station moves to another one); absent for a lone server. */
  endpoints?: Partial<Record<1 | 2 | 3, OcppServer>>;
  private readonly alsoOn = new Set<OcppServer>();

  /** Take this station's connections arriving on another of the run's servers too, until the test ends. */
  listenAlsoOn(server: OcppServer): void {
    if (server === this.server || this.alsoOn.has(server)) return;
    this.alsoOn.add(server);
    server.on('connection', this.onConnection);
    server.on('rejected', this.onRejected);
  }

  constructor(profile: SutProfile, readonly server: OcppServer) {
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

  private expects(stationId: string): boolean {
    return this.profile.stationId === '*' || stationId === this.profile.stationId;
  }

  /**
   * Wait until the station is connected (with `newerThan`, by a connection after that many). A refused handshake
   * of this station (or one to a wrong path) fails at once; other stations' refusals (parallel test cases) do not.
   */
  waitForConnection(within = this.profile.timing.bootTimeoutMs, newerThan = 0): Promise<void> {
    if (this.connectionCount > newerThan && this.connected) return Promise.resolve();
    const ended = this.noteWait(`the station to connect to ${this.describeUrl()}`, within);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const others = [...this.otherStations];
        if (this.connectionCount === 0) {
          this.neverConnected = { url: this.describeUrl(), stationId: this.profile.stationId, withinMs: within, others, sutEnded: this.sutEnded };
        }
        finish(new Verdict(`the station did not connect to ${this.describeUrl()} within ${within} ms${others.length ? ` (connections came from station ID ${others.join(', ')} instead)` : ''}`));
      }, within);
      const onConnected = () => finish();
      const onRejected = (reason: string, stationId: string | undefined) => {
        if (stationId === undefined || this.expects(stationId)) finish(new Verdict(`the station's connection was refused: ${reason}`));
      };
      const finish = (err?: Error) => {
        clearTimeout(timer);
        this.off('connected', onConnected);
        this.server.off('rejected', onRejected);
        if (err) reject(err); else resolve();
      };
      this.on('connected', onConnected);
      this.server.on('rejected', onRejected);
    }).finally(ended);
  }

  /**
   * The station's BootNotification after a reboot it was asked for (Reset, ...): the first one after `after` (a
   * call or a time), waiting up to timing.rebootTimeoutMs, since a real charger takes far longer to restart than
   * to connect. With `connectionsBefore` (connectionCount when the reboot was asked for) the boot must come on a
   * new connection.
   */
  async waitForReboot(after: number | ReceivedCall, connectionsBefore?: number): Promise<ReceivedCall> {
    const within = this.profile.timing.rebootTimeoutMs;
    const boot = await this.expectCall('BootNotification', { after, within }).catch((err: Error) => {
      if (!(err instanceof Verdict) || !err.message.startsWith('expected BootNotification within')) throw err;
      throw new Verdict(`the station did not come back after the reboot: no BootNotification within ${within} ms (timing.rebootTimeoutMs)`);
    });
    if (connectionsBefore !== undefined && boot.connection <= connectionsBefore) {
      throw new Verdict('the BootNotification after the reboot came on the same connection: a reboot must reconnect');
    }
    return boot;
  }

  /** Cut the connection without a close handshake, as a network failure would. */
  dropConnection(): void {
    this.session?.conn.terminate();
  }

  /**
   * Reusable state "Booted" (Part 6 2.18; the 1.6 document's equivalent): the station connects, its
   * BootNotification is accepted, every connector reports Available (2.0.1: StatusNotification or NotifyEvent
   * AvailabilityState, EVSE and connector not 0), and a 2.0.1 station reports its start-up as the critical
   * security event StartupOfTheDevice or ResetOrReboot (A04). B01 is about this state; for any other test case,
   * not reaching it is inconclusive.
   */
  booted(bootAnswer?: Payload): Promise<ReceivedCall> {
    return this.reusableState('Booted', 'B01', async () => {
      if (bootAnswer) this.answer('BootNotification', bootAnswer);
      await this.waitForConnection();
      const boot = await this.expectCall('BootNotification', { within: this.profile.timing.bootTimeoutMs });
      for (const evse of this.profile.evses) {
        for (let c = 1; c <= evse.connectors; c++) await this.expectConnectorAvailable(evse.id, c, boot);
      }
      if (this.profile.ocpp === '2.0.1') {
        await this.expectCall('SecurityEventNotification', {
          after: boot, where: (p) => p.type === 'StartupOfTheDevice' || p.type === 'ResetOrReboot',
        }).catch((err: Error) => {
          throw new Verdict(`after booting, a 2.0.1 station must send SecurityEventNotification StartupOfTheDevice or ResetOrReboot: ${err.message}`, 'A04.FR.01');
        });
      }
      return boot;
    });
  }

  /** One connector reported Available after `boot`, in whichever way the version allows. */
  private async expectConnectorAvailable(evseId: number, connectorId: number, boot: ReceivedCall): Promise<void> {
    if (this.profile.ocpp === '1.6') {
      const status = await this.expectCall('StatusNotification', { where: { connectorId: evseId }, after: boot });
      if (status.payload.status !== 'Available') throw new Verdict(`connector ${evseId} must report Available after boot, reported ${String(status.payload.status)}`);
      return;
    }
    const isStatus = (c: ReceivedCall) => c.action === 'StatusNotification' && c.payload.evseId === evseId && c.payload.connectorId === connectorId;
    const isEvent = (c: ReceivedCall) => c.action === 'NotifyEvent' && ((c.payload.eventData as Payload[] | undefined) ?? []).some((e) => {
      const component = e.component as { name?: string; evse?: { id?: number; connectorId?: number } } | undefined;
      return component?.name === 'Connector' && component.evse?.id === evseId && component.evse.connectorId === connectorId
        && (e.variable as { name?: string } | undefined)?.name === 'AvailabilityState';
    });
    const report = await this.firstUnwanted((c) => isStatus(c) || isEvent(c), this.profile.timing.callTimeoutMs, boot);
    if (!report) throw new Verdict(`expected StatusNotification (or NotifyEvent AvailabilityState) for EVSE ${evseId} connector ${connectorId} within ${this.profile.timing.callTimeoutMs} ms after boot; none received`, 'B01.FR.05');
    const status = isStatus(report)
      ? report.payload.connectorStatus
      : ((report.payload.eventData as Payload[]).find((e) => (e.variable as { name?: string }).name === 'AvailabilityState')?.actualValue);
    if (status !== 'Available') throw new Verdict(`EVSE ${evseId} connector ${connectorId} must be Available after boot, reported ${String(status)}`);
    // Mark the StatusNotification consumed, as expectCall would, so later expectations look past it.
    if (isStatus(report)) await this.expectCall('StatusNotification', { where: { evseId, connectorId }, after: boot });
  }

  override async close(): Promise<void> {
    for (const server of [this.server, ...this.alsoOn]) {
      server.off('connection', this.onConnection);
      server.off('rejected', this.onRejected);
    }
    await super.close();
  }
}
