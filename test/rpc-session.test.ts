import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { FrameLog } from '../src/transport/frame-log.js';
import type { OcppConnection } from '../src/transport/connection.js';
import { CallErrorReceived, ProtocolViolation, RpcSession, type StrayAnswer } from '../src/session/rpc-session.js';
import { StationHarness } from '../src/harness/station-harness.js';
import { defaultProfile, REFERENCE_TIMING } from '../src/harness/config.js';
import { Verdict } from '../src/harness/verdicts.js';

/** Just enough of a connection for the session: frames the test feeds in, frames the session sends. */
class FakeConnection extends EventEmitter {
  closed = false;
  readonly version = '2.0.1' as const;
  readonly log = new FrameLog();
  readonly sent: string[] = [];
  get open() { return !this.closed; }
  sendText(text: string) { this.sent.push(text); }
  sendIfOpen(text: string) { this.sent.push(text); return true; }
  sendRaw(data: string | Buffer) { this.sent.push(String(data)); }
  /** The message ID of the CALL the session sends next (calls go out one turn after call()). */
  async nextId(): Promise<string> {
    const before = this.sent.length;
    while (this.sent.length === before) await new Promise((r) => setImmediate(r));
    return (JSON.parse(this.sent.at(-1)!) as unknown[])[1] as string;
  }
}

function session(onViolation?: (v: ProtocolViolation) => void) {
  const conn = new FakeConnection();
  const s = new RpcSession(conn as unknown as OcppConnection, { callTimeoutMs: 3_000, onCall: () => undefined, onViolation });
  return { conn, s };
}

describe('RpcSession and malformed answers', () => {
  it('a raw frame waiting for a "-1" answer does not take the late "-1" of the frame before it', async () => {
    const { conn, s } = session();
    const first = s.sendRawAwaiting('[2,"x".repeat(40)]', '-1', 300);
    conn.emit('text', JSON.stringify([4, '-1', 'RpcFrameworkError', 'first', {}]));
    // The first answer is received but not yet handled (one frame per turn) when the second frame goes out.
    const second = s.sendRawAwaiting('[-1,"abc"]', '-1', 300);
    setImmediate(() => setImmediate(() => conn.emit('text', JSON.stringify([4, '-1', 'RpcFrameworkError', 'second', {}]))));
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a, undefined, 'the first waiter was replaced by the second, which must not take its answer either');
    assert.equal(b?.type === 4 && b.errorDescription, 'second');
  });

  it('a CALLERROR whose errorDetails is not an object rejects the CALL at once, naming the defect and the code', async () => {
    const violations: ProtocolViolation[] = [];
    const { conn, s } = session((v) => violations.push(v));
    const call = s.call('Heartbeat', {});
    conn.emit('text', JSON.stringify([4, await conn.nextId(), 'InternalError', 'oops', 'not an object']));
    const err = await call.then(() => assert.fail('resolved'), (e: unknown) => e);
    // Rejected by the answer itself: before the fix this was a CallTimeout ("no answer").
    assert.ok(err instanceof CallErrorReceived, String(err));
    assert.equal(err.code, 'InternalError');
    assert.equal(err.malformed, 'errorDetails must be a JSON object, got a string');
    assert.match(err.message, /Heartbeat was answered with a malformed CALLERROR InternalError: oops \(errorDetails must be a JSON object, got a string\)/);
    assert.equal(violations.length, 1);
    assert.match(violations[0]!.message, /malformed CALLERROR InternalError/);
  });

  it('a malformed CALLRESULT with a readable ID rejects its CALL as a protocol violation instead of timing out', async () => {
    const { conn, s } = session();
    const call = s.call('Heartbeat', {});
    conn.emit('text', JSON.stringify([3, await conn.nextId(), 'not an object']));
    const err = await call.then(() => assert.fail('resolved'), (e: unknown) => e);
    assert.ok(err instanceof ProtocolViolation, String(err));
    assert.match(err.message, /Heartbeat was answered with a malformed CALLRESULT: CALLRESULT payload must be a JSON object/);
  });

  it('hands a malformed CALLERROR to a raw waiter as a CALLERROR with its defect', async () => {
    const { conn, s } = session();
    const answer = s.sendRawAwaiting('[2,"r1","NoSuchAction",{}]', 'r1', 3_000);
    conn.emit('text', '[4,"r1","NotImplemented","",[]]');
    const frame = await answer;
    assert.equal(frame?.type, 4);
    assert.equal(frame?.type === 4 && frame.malformed, 'errorDetails must be a JSON object, got an array');
  });

  it('routes answers that match no CALL to the stray-answer sink while it is set, and to violations after', async () => {
    const violations: ProtocolViolation[] = [];
    const { conn, s } = session((v) => violations.push(v));
    const strays: StrayAnswer[] = [];
    const release = s.catchStrayAnswers((a) => strays.push(a));
    conn.emit('text', '[4,"-1","RpcFrameworkError","",{}]');
    conn.emit('text', `[4,"${'y'.repeat(40)}","FormatViolation","",{}]`);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(strays.map((a) => a.frame.type), [4, 'bad']);
    assert.deepEqual(violations, []);
    release();
    conn.emit('text', '[4,"-1","RpcFrameworkError","",{}]');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(strays.length, 2);
    assert.equal(violations.length, 1);
  });
});

describe('a test verdict on a malformed CALLERROR from the SUT', function () {
  this.timeout(10_000);

  it('says it was a malformed CALLERROR with its code, not that no answer came', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => (p.has('ocpp2.0.1') ? 'ocpp2.0.1' : false) });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) => ws.on('message', (data) => {
      const [, id] = JSON.parse(String(data)) as [number, string];
      ws.send(JSON.stringify([4, id, 'GenericError', 'details below', 'not an object']));
    }));
    const port = (wss.address() as AddressInfo).port;
    const station = new StationHarness(defaultProfile('2.0.1', REFERENCE_TIMING), `ws://127.0.0.1:${port}/ocpp`);
    try {
      await station.connect();
      const err = await station.call('Heartbeat', {}).then(() => assert.fail('resolved'), (e: unknown) => e);
      assert.ok(err instanceof Verdict, String(err));
      assert.match(err.message, /malformed CALLERROR GenericError.*errorDetails must be a JSON object, got a string/);
      assert.doesNotMatch(err.message, /no answer/);
      assert.throws(() => station.failOnViolation(), /violated the protocol: Heartbeat was answered with a malformed CALLERROR GenericError/);
    } finally {
      await station.close();
      wss.close();
    }
  });
});
