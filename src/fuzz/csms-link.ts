import { CsmsHarness } from '../harness/csms-harness.js';
import { HOLD, Verdict, type ReceivedCall } from '../harness/peer.js';
import { csmsDefaults, minimalResponse, type DefaultAnswer } from '../harness/default-answers.js';
import { CALLERROR, CALLRESULT, type Payload } from '../ocpp/frames.js';
import type { CsTarget, SutInstance } from '../runner/targets.js';
import { SutLink, type LinkTiming } from './link.js';
import { StateNotAvailable, SutUnreachable } from './errors.js';
import type { FuzzState } from './types.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds between the charger's Heartbeats while it is fuzzed (or the profile's, when shorter). */
const FUZZ_HEARTBEAT_S = 2;

/**
 * The fuzzer's line to a charging station under test: the harness plays its CSMS, accepts its boot and answers
 * its calls like a well-behaved CSMS, except the ones a bad-answer property holds back to answer badly.
 */
export class CsmsLink extends SutLink {
  readonly role = 'CS' as const;
  /** A request every charger must answer (ClearCache would not do: the authorization cache is optional in 2.0.1). */
  get probeCall(): { action: string; payload: Payload } {
    return this.target.profile.ocpp === '1.6'
      ? { action: 'GetConfiguration', payload: { key: ['HeartbeatInterval'] } }
      : { action: 'GetVariables', payload: { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] } };
  }
  readonly peer: CsmsHarness;
  private sut?: SutInstance;
  private holder?: { action: string; take: (call: ReceivedCall) => void };
  private readonly answering = new Set<string>();
  private readonly defaults: Record<string, DefaultAnswer>;
  /** Per action: does the SUT accept TriggerMessage for it (undefined: not tried yet)? */
  private readonly triggerable = new Map<string, boolean>();
  private readonly createdAt = Date.now();

  constructor(readonly target: CsTarget, readonly state: FuzzState, timing: LinkTiming) {
    super(target.profile.ocpp, timing);
    this.peer = new CsmsHarness(target.profile, target.server);
    this.defaults = csmsDefaults(target.profile);
    this.holdable('BootNotification');
  }

  protected async establish(first: boolean): Promise<void> {
    if (first || !this.sut) return this.startSut();
    const before = this.peer.connectionCount;
    const cameBack = this.peer.connected && before > this.distrustedConnection;
    // A charger that misbehaved while connected is cut off; it must reconnect by itself, as after a network loss.
    if (this.peer.connected && !cameBack) this.peer.dropConnection();
    try {
      if (!cameBack) await this.peer.waitForConnection(this.timing.readyMs, before);
      await this.settle();
    } catch {
      this.peer.log.event('the charger did not come back: restarting it');
      await this.sut.stop().catch(() => undefined);
      await this.startSut();
    }
  }

  private async startSut(): Promise<void> {
    // The first charger may connect and boot as soon as the harness listens, before it is started here.
    const since = this.sut ? Date.now() : this.createdAt;
    this.sut = await this.target.startSut(this.peer);
    try {
      await this.peer.waitForConnection(this.timing.readyMs);
      await this.bootSince(since);
      await this.settle();
    } catch (err) {
      throw new SutUnreachable(`the charger did not connect and boot at ${this.peer.stationUrl}: ${(err as Error).message}`);
    }
    if (this.state === 'transaction') await this.startTransaction();
  }

  /** Wait for the charger's BootNotification (answered Accepted by the defaults), whatever else it sends. */
  private bootSince(since: number): Promise<void> {
    if (this.peer.received.some((c) => c.action === 'BootNotification' && c.at >= since)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.peer.off('call', onCall); reject(new Error(`no BootNotification within ${this.timing.readyMs} ms`)); }, this.timing.readyMs);
      const onCall = (call: ReceivedCall) => {
        if (call.action !== 'BootNotification') return;
        clearTimeout(timer);
        this.peer.off('call', onCall);
        resolve();
      };
      this.peer.on('call', onCall);
    });
  }

  /**
   * Wait until the charger answers the probe normally: right after a (re)connect it may still be setting up (a
   * frame arriving with the handshake can go unheard) or refuse requests until booted. Short tries at first.
   */
  private async settle(): Promise<void> {
    const deadline = Date.now() + this.timing.readyMs;
    for (let wait = 100; ; wait = Math.min(wait * 2, this.timing.probeMs)) {
      const answer = await this.probeAnswer(wait);
      const ok = answer.kind === 'answer' && (answer.frame.type === CALLRESULT
        || (answer.frame.type === CALLERROR && answer.frame.errorCode !== 'SecurityError'));
      if (ok) return;
      if (answer.kind === 'closed' || Date.now() > deadline) throw new Error(`the charger does not answer ${this.probeCall.action}`);
      if (answer.kind === 'answer') await sleep(100);
    }
  }

  /** State "transaction": the operator plugs in on EVSE 1 and presents a valid token. */
  private async startTransaction(): Promise<void> {
    const provider = this.sut?.provider;
    const { idTokens } = this.target.profile;
    if (!provider) throw new StateNotAvailable('the transaction state needs operator actions (plugIn, presentIdToken) and no action provider is configured');
    try {
      await provider.act('plugIn', { evse: 1 });
      await provider.act('presentIdToken', { evse: 1, idToken: idTokens.valid, type: idTokens.type });
    } catch (err) {
      throw new StateNotAvailable(`the transaction state is not available: ${(err as Error).message}`);
    }
  }

  /** The heartbeat interval handed out while fuzzing: short, so the charger's own Heartbeats come often. */
  get heartbeatIntervalS(): number {
    return Math.min(FUZZ_HEARTBEAT_S, this.target.profile.timing.heartbeatIntervalS);
  }

  private defaultAnswer(call: ReceivedCall): Payload {
    if (call.action === 'BootNotification') return { status: 'Accepted', currentTime: new Date().toISOString(), interval: this.heartbeatIntervalS };
    return (this.defaults[call.action]?.(call.payload) ?? minimalResponse(this.version, call.action)) as Payload;
  }

  /** Answer the charger's `action` CALLs ourselves from now on: normally, or held back for a bad answer. */
  private holdable(action: string): void {
    if (this.answering.has(action)) return;
    this.answering.add(action);
    this.peer.answer(action, (call) => {
      const holder = this.holder;
      if (holder?.action !== call.action) return this.defaultAnswer(call);
      this.holder = undefined;
      holder.take(call);
      return HOLD;
    });
  }

  /**
   * The SUT's next CALL of `action`, left unanswered for the caller to answer (badly). Asks for it with
   * TriggerMessage when the SUT accepts that; only a Heartbeat is worth waiting for when it does not.
   * Undefined when the CALL does not come.
   */
  async holdNext(action: string): Promise<ReceivedCall | undefined> {
    this.holdable(action);
    let taken: ReceivedCall | undefined;
    let deliver: (call: ReceivedCall | undefined) => void = () => undefined;
    // Waiting starts before the trigger: the triggered CALL may come right behind the trigger's answer.
    const mine = { action, take: (call: ReceivedCall) => { taken = call; deliver(call); } };
    this.holder = mine;
    const release = () => { if (this.holder === mine) this.holder = undefined; };
    const triggered = await this.trigger(action);
    if (taken) return taken;
    if (!triggered && action !== 'Heartbeat') {
      release();
      return undefined;
    }
    const withinMs = triggered ? this.timing.answerMs : this.heartbeatIntervalS * 1000 + this.timing.answerMs;
    return new Promise((resolve) => {
      const timer = setTimeout(() => { release(); resolve(undefined); }, withinMs);
      deliver = (call) => { clearTimeout(timer); resolve(call); };
    });
  }

  /** Ask the charger for `action` with TriggerMessage; false when it does not accept that (remembered). */
  private async trigger(action: string): Promise<boolean> {
    if (this.triggerable.get(action) === false) return false;
    const payload: Payload = { requestedMessage: action };
    if (action === 'StatusNotification') {
      if (this.version === '1.6') payload.connectorId = 1;
      else payload.evse = { id: 1, connectorId: 1 };
    }
    try {
      const answer = await this.peer.call('TriggerMessage', payload, this.timing.answerMs);
      this.triggerable.set(action, answer.status === 'Accepted');
    } catch (err) {
      if (!(err instanceof Verdict)) throw err;
      this.triggerable.set(action, false);
    }
    return this.triggerable.get(action)!;
  }

  /** Answer a held CALL with a valid payload after all (a late answer, or releasing a silenced one). */
  release(call: ReceivedCall): void {
    if (!call.answered && this.peer.connected) call.respond(this.defaultAnswer(call));
  }

  async close(): Promise<void> {
    await this.peer.close().catch(() => undefined);
    await this.sut?.stop().catch(() => undefined);
  }
}
