// A null SUT for `npm run bench`: a CSMS that answers every CALL at once with a canned schema-valid response and
// does nothing else, so a benchmark against it measures the client (raw ws, or the fuzzer) and not the SUT.
// Run as its own process: `node dist/bench/null-sut.js 2.0.1` prints the URL it listens on.
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { WebSocketServer } from 'ws';
import { actionsSentBy } from '../src/ocpp/actions.js';
import { codeFor } from '../src/ocpp/errors.js';
import { validatePayload } from '../src/ocpp/schemas.js';
import { parseVersion, subprotocolOf, type OcppVersion } from '../src/ocpp/versions.js';
import { validPayload } from '../src/fuzz/generators/index.js';

/**
 * The JSON text of one response per action a charger sends, generated from the official response schema with a
 * fixed seed (the shortest of a few samples), so every answer is schema-valid. BootNotification is Accepted.
 */
export function cannedResponses(version: OcppVersion): Map<string, string> {
  const canned = new Map<string, string>();
  for (const action of actionsSentBy('CS', version)) {
    let payload: Record<string, unknown>;
    try {
      payload = fc.sample(validPayload(version, action, 'response'), { seed: 42, numRuns: 8 })
        .sort((a, b) => JSON.stringify(a).length - JSON.stringify(b).length)[0]!;
    } catch {
      continue; // no response schema
    }
    if (action === 'BootNotification') payload = { ...payload, status: 'Accepted', interval: 300 };
    if (!validatePayload(version, action, 'response', payload).valid) throw new Error(`canned ${action} response is not schema-valid`);
    canned.set(action, JSON.stringify(payload));
  }
  return canned;
}

/** Start the null CSMS on `port` (0: any free one). */
export async function startNullSut(version: OcppVersion, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const canned = cannedResponses(version);
  const unreadable = codeFor(version, 'rpcFramework');
  const notImplemented = codeFor(version, 'notImplemented');
  const subprotocol = subprotocolOf(version);
  const wss = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: 16 * 1024 * 1024, handleProtocols: (offered) => (offered.has(subprotocol) ? subprotocol : false) });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (ws) => {
    ws.on('error', () => undefined);
    ws.on('message', (data: Buffer) => {
      let frame: unknown;
      try { frame = JSON.parse(data.toString()); } catch { frame = undefined; }
      if (!Array.isArray(frame)) return ws.send(`[4,"-1","${unreadable}","not an RPC message",{}]`);
      const [type, id, action] = frame as unknown[];
      if (type === 3 || type === 4) return undefined; // answers need no answer
      if (typeof id !== 'string' || type !== 2) return ws.send(`[4,${typeof id === 'string' ? JSON.stringify(id) : '"-1"'},"${unreadable}","not a CALL",{}]`);
      const payload = typeof action === 'string' ? canned.get(action) : undefined;
      ws.send(payload !== undefined ? `[3,${JSON.stringify(id)},${payload}]` : `[4,${JSON.stringify(id)},"${notImplemented}","",{}]`);
    });
  });
  const address = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${address.port}/ocpp`,
    close: () => new Promise<void>((resolve) => { for (const c of wss.clients) c.terminate(); wss.close(() => resolve()); }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const version = parseVersion(process.argv[2] ?? '2.0.1');
  const sut = await startNullSut(version);
  process.stdout.write(`null SUT (OCPP ${version}) listening: connect to ${sut.url}/<stationId>\n`);
  process.on('SIGTERM', () => void sut.close().then(() => process.exit(0)));
}
