import { StationHarness } from '../harness/station-harness.js';
import type { SutProfile } from '../harness/config.js';
import { SutLink, type LinkTiming } from './link.js';
import { StateNotAvailable, SutUnreachable, retryUntil } from './errors.js';
import type { FuzzState } from './types.js';

/** The fuzzer's line to a CSMS under test: the harness plays a charging station that booted and was accepted. */
export class StationLink extends SutLink {
  readonly role = 'CSMS' as const;
  readonly probeCall = { action: 'Heartbeat', payload: {} };
  readonly peer: StationHarness;

  constructor(readonly profile: SutProfile, csmsUrl: string, readonly state: FuzzState, timing: LinkTiming) {
    super(profile.ocpp, timing);
    this.peer = new StationHarness(profile, csmsUrl);
  }

  protected async establish(first: boolean): Promise<void> {
    // A CSMS that cannot be reached at the start is a wrong URL or password: say so at once, don't retry.
    if (first) await this.peer.connect().catch((err: Error) => { throw new SutUnreachable(err.message); });
    else await this.hangUp();
    // Connect and boot, again on a fresh connection after a failure, as a rebooting station would.
    await retryUntil(this.timing.readyMs, async () => {
      if (!this.peer.connected) await this.peer.connect();
      await this.peer.booted({ availabilityEvents: false }).catch(async (err: Error) => {
        await this.hangUp();
        throw err;
      });
    }, `connect to ${this.peer.url} and be accepted`);
    if (first && this.state === 'transaction') await this.startTransaction();
  }

  private async hangUp(): Promise<void> {
    const conn = this.peer.session?.conn;
    if (conn && !conn.closed) await new Promise<void>((resolve) => { conn.once('close', () => resolve()); conn.terminate(); });
  }

  /** State "transaction": tell the CSMS a transaction started with a valid token on EVSE 1. */
  private async startTransaction(): Promise<void> {
    const { idTokens } = this.profile;
    const timestamp = new Date().toISOString();
    try {
      if (this.version === '1.6') {
        const answer = await this.peer.call('StartTransaction', { connectorId: 1, idTag: idTokens.valid, meterStart: 0, timestamp });
        const status = (answer.idTagInfo as { status?: string } | undefined)?.status;
        if (status !== 'Accepted') throw new Error(`StartTransaction answered with idTagInfo.status ${String(status)}`);
      } else {
        const answer = await this.peer.call('TransactionEvent', {
          eventType: 'Started', timestamp, triggerReason: 'Authorized', seqNo: 0,
          transactionInfo: { transactionId: `FUZZ-${Date.now().toString(36)}` },
          idToken: { idToken: idTokens.valid, type: idTokens.type }, evse: { id: 1, connectorId: 1 },
        });
        const status = (answer.idTokenInfo as { status?: string } | undefined)?.status;
        if (status !== undefined && status !== 'Accepted') throw new Error(`TransactionEvent Started answered with idTokenInfo.status ${status}`);
      }
    } catch (err) {
      throw new StateNotAvailable(`cannot reach the transaction state: ${(err as Error).message}`);
    }
  }

  async close(): Promise<void> {
    await this.peer.close().catch(() => undefined);
  }
}
