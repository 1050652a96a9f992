import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { WebSocketServer, type WebSocket } from 'ws';
import { defaultProfile } from '../src/harness/config.js';
import type { Frame } from '../src/ocpp/frames.js';
import type { OcppVersion } from '../src/ocpp/versions.js';
import { sendAndJudge } from '../src/fuzz/attempt.js';
import { invalidPayload } from '../src/fuzz/generators/index.js';
import { checkPayload, judge, lenientCallError } from '../src/fuzz/oracle.js';
import { openSut, type OpenedSut } from '../src/fuzz/sut.js';
import type { FuzzFrame, Outcome } from '../src/fuzz/types.js';

// The oracle's rulings that depend on reading the specification closely: the unreadable-ID answer, refusals of
// actions the SUT lacks, and 1.6's ISO 8601 date-times.

const answer = (frame: Frame): Outcome => ({ kind: 'answer', frame, ms: 1 });
const callError = (messageId: string, errorCode: string): Outcome => answer({ type: 4, messageId, errorCode, errorDescription: '', errorDetails: {} });

function callFrame(action: string, payload: unknown, violation: FuzzFrame['violation'], id = 'fz-1'): FuzzFrame {
  return { text: JSON.stringify([2, id, action, payload]), messageId: id, violation, action, description: 'test frame' };
}

/**
 * A CSMS for the harness's station to fuzz: accepts the boot, answers Heartbeat, and hands every other frame
 * to `other` (which may answer or not).
 */
async function fakeCsms(other: (ws: WebSocket, text: string, parsed: unknown) => void): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (offered) => [...offered][0] ?? false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (ws) => {
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      let parsed: unknown;
      try { parsed = JSON.parse(text); } catch { parsed = undefined; }
      const [type, id, action] = Array.isArray(parsed) ? parsed as unknown[] : [];
      const now = new Date().toISOString();
      if (type === 2 && action === 'BootNotification') return ws.send(JSON.stringify([3, id, { status: 'Accepted', currentTime: now, interval: 300 }]));
      if (type === 2 && (action === 'StatusNotification' || action === 'NotifyEvent')) return ws.send(JSON.stringify([3, id, {}]));
      if (type === 2 && action === 'Heartbeat' && typeof id === 'string' && id.startsWith('probe')) return ws.send(JSON.stringify([3, id, { currentTime: now }]));
      other(ws, text, parsed);
    });
  });
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/ocpp`,
    close: () => new Promise<void>((resolve) => { for (const c of wss.clients) c.terminate(); wss.close(() => resolve()); }),
  };
}

async function fuzzLink(version: OcppVersion, url: string): Promise<OpenedSut> {
  const profile = { ...defaultProfile(version), basicAuthPassword: undefined, stationId: 'ORACLE-1' };
  const sut = await openSut({ spec: { role: 'CSMS', ocpp: version, url, state: 'idle' }, profile, timing: { answerMs: 300, silenceMs: 50, probeMs: 300, readyMs: 2000 } });
  await sut.link.ready();
  return sut;
}

describe('fuzz oracle', function () {
  this.timeout(20_000);

  describe('a CALLERROR with the unreadable-ID convention is an answer', () => {
    it('reads "-1", -1 and null IDs, and CALLERRORs missing their details, for frames it could not read', () => {
      assert.equal(lenientCallError('[4,"-1","FormatViolation","bad",{}]', [null], true)?.errorCode, 'FormatViolation');
      assert.equal(lenientCallError('[4,-1,"RpcFrameworkError"]', ['x'], true)?.errorCode, 'RpcFrameworkError');
      assert.equal(lenientCallError('[4,null,"ProtocolError","",null]', ['x'], true)?.errorCode, 'ProtocolError');
      assert.equal(lenientCallError('[4,"x","GenericError"]', ['x'], false)?.errorCode, 'GenericError');
      assert.equal(lenientCallError('[4,"-1","FormatViolation","",{}]', ['x'], false), undefined);
      assert.equal(lenientCallError('[3,"-1",{}]', ['x'], true), undefined);
    });

    for (const version of ['2.0.1', '1.6'] as const) {
      it(`judges the code of a "-1" CALLERROR to a frame with a bad arity, never silence (OCPP ${version})`, async () => {
        const csms = await fakeCsms((ws, _text, parsed) => {
          const code = version === '1.6' ? 'FormationViolation' : 'RpcFrameworkError';
          // A parser that gives up before the ID: answers "-1", and leaves out the details (sloppy but an answer).
          if (!Array.isArray(parsed) || parsed.length !== 4) ws.send(JSON.stringify([4, '-1', code, 'cannot read']));
        });
        const sut = await fuzzLink(version, csms.url);
        try {
          const frame: FuzzFrame = { text: '[2,"fz-arity","Heartbeat",{},{}]', messageId: 'fz-arity', violation: 'bad-arity', action: 'Heartbeat', description: 'CALL with 5 elements' };
          const a = await sendAndJudge(sut.link, frame, true);
          assert.equal(a.outcome.kind, 'answer', JSON.stringify(a.outcome));
          assert.equal(a.judgement, undefined, a.judgement?.reason);
          const notJson: FuzzFrame = { text: '[2,"fz-cut","Heartb', messageId: null, violation: 'not-json', action: 'Heartbeat', description: 'cut off' };
          const b = await sendAndJudge(sut.link, notJson, false);
          assert.equal(b.outcome.kind, 'answer', JSON.stringify(b.outcome));
          assert.equal(b.judgement, undefined, b.judgement?.reason);
        } finally {
          await sut.close();
          await csms.close();
        }
      });
    }

    it('still rates a wrong code on a "-1" CALLERROR', async () => {
      const csms = await fakeCsms((ws, _text, parsed) => {
        if (!Array.isArray(parsed) || parsed.length !== 4) ws.send(JSON.stringify([4, '-1', 'SecurityError', '', {}]));
      });
      const sut = await fuzzLink('2.0.1', csms.url);
      try {
        const frame: FuzzFrame = { text: '[2,"fz-arity2","Heartbeat",{},{}]', messageId: 'fz-arity2', violation: 'bad-arity', action: 'Heartbeat', description: 'CALL with 5 elements' };
        const a = await sendAndJudge(sut.link, frame, false);
        assert.equal(a.judgement?.severity, 'low');
        assert.equal(a.judgement?.key, 'code:SecurityError');
      } finally {
        await sut.close();
        await csms.close();
      }
    });
  });

  describe('NotImplemented or NotSupported for an action the SUT does not implement', () => {
    const broken = callFrame('DataTransfer', { vendorId: 42 }, 'type');

    it('is accepted for an invalid payload when the action is not implemented, and rated low otherwise', () => {
      for (const code of ['NotImplemented', 'NotSupported']) {
        assert.equal(judge({ version: '2.0.1', frame: broken, outcome: callError('fz-1', code), probeAction: 'Heartbeat', unimplemented: true }), undefined);
        assert.equal(judge({ version: '2.0.1', frame: broken, outcome: callError('fz-1', code), probeAction: 'Heartbeat' })?.severity, 'low');
      }
    });

    it('finds out with one valid CALL of the action and then accepts the refusal', async () => {
      let valid = 0;
      const csms = await fakeCsms((ws, _text, parsed) => {
        const [, id, action] = parsed as unknown[];
        if (action === 'DataTransfer') {
          valid += 1;
          ws.send(JSON.stringify([4, id, 'NotSupported', 'no DataTransfer here', {}]));
        }
      });
      const sut = await fuzzLink('2.0.1', csms.url);
      try {
        const first = await sendAndJudge(sut.link, { ...broken, messageId: 'fz-dt1', text: JSON.stringify([2, 'fz-dt1', 'DataTransfer', { vendorId: 42 }]) }, false);
        assert.equal(first.judgement, undefined, first.judgement?.reason);
        assert.equal(sut.link.implemented.get('DataTransfer'), false);
        const second = await sendAndJudge(sut.link, { ...broken, messageId: 'fz-dt2', text: JSON.stringify([2, 'fz-dt2', 'DataTransfer', { vendorId: 42 }]) }, false);
        assert.equal(second.judgement, undefined);
        assert.equal(valid, 3, 'one valid DataTransfer to find out, then the two broken ones');
      } finally {
        await sut.close();
        await csms.close();
      }
    });
  });

  describe('OCPP 1.6 date-times may leave out the zone (ISO 8601 local time)', () => {
    const start = { connectorId: 1, idTag: 'TAG', meterStart: 0, timestamp: '2024-06-01T10:00:00' };

    it('a 1.6 payload whose only problem is a zone-less date-time is valid; a 2.0.1 one is not', () => {
      assert.equal(checkPayload('1.6', 'StartTransaction', 'request', start).valid, true);
      assert.equal(checkPayload('1.6', 'StartTransaction', 'request', { ...start, timestamp: '2024-06-01 10:00' }).valid, false);
      assert.equal(checkPayload('2.0.1', 'Heartbeat', 'response', { currentTime: '2024-06-01T10:00:00' }).valid, false);
    });

    it('does not flag a 1.6 SUT that accepts one, or answers with one; still flags 2.0.1', () => {
      const accepted = answer({ type: 3, messageId: 'fz-1', payload: { idTagInfo: { status: 'Accepted' }, transactionId: 1 } });
      assert.equal(judge({ version: '1.6', frame: callFrame('StartTransaction', start, 'format'), outcome: accepted, probeAction: 'Heartbeat' }), undefined);
      const heartbeat = callFrame('Heartbeat', {}, null);
      const localTime = answer({ type: 3, messageId: 'fz-1', payload: { currentTime: '2024-06-01T10:00:00.123' } });
      assert.equal(judge({ version: '1.6', frame: heartbeat, outcome: localTime, probeAction: 'Heartbeat' }), undefined);
      assert.equal(judge({ version: '2.0.1', frame: heartbeat, outcome: localTime, probeAction: 'Heartbeat' })?.severity, 'medium');
    });

    it('1.6 schema violations never use a zone-less date-time as the broken value; 2.0.1 ones do', () => {
      const local = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
      const broken = (version: OcppVersion, action: string) => fc.sample(invalidPayload(version, action, 'request', { kinds: ['bad-format'] }), { seed: 3, numRuns: 300 })
        .filter((m) => m.kind === 'bad-format').map((m) => m.description);
      const v16 = broken('1.6', 'StartTransaction');
      assert.ok(v16.length > 0);
      assert.ok(v16.every((d) => !local.test(/"([^"]*)" is not a valid/.exec(d)?.[1] ?? '')), v16.join('\n'));
      assert.ok(broken('2.0.1', 'TransactionEvent').some((d) => d.includes('"2024-06-01T10:00:00" is not a valid')));
    });
  });
});
