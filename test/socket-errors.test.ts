// Every socket error ends as an event the harness acts on, never as an uncaught exception: a peer that resets the
// TCP connection during or right after the WebSocket handshake, on either side (mocha fails a test on an
// uncaught error).
import { strict as assert } from 'node:assert';
import net from 'node:net';
import { OcppServer } from '../src/transport/server.js';
import { connectOcpp, ConnectError } from '../src/transport/client.js';

function upgrade(path: string, protocol: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
    + `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`;
}

describe('socket errors', function () {
  this.timeout(60_000);

  it('the server survives 600 clients that reset mid-handshake (refused, accepted, wrong path) and still accepts a station', async () => {
    const server = await OcppServer.listen({ host: '127.0.0.1', port: 0, path: '/ocpp', version: '2.0.1', passwordFor: () => undefined });
    let refused = 0;
    server.on('rejected', () => refused++);
    try {
      const requests = [upgrade('/ocpp/CP1', 'ocpp1.6'), upgrade('/ocpp/CP1', 'ocpp2.0.1'), upgrade('/elsewhere', 'ocpp2.0.1')];
      for (let i = 0; i < 600; i++) {
        await new Promise<void>((done) => {
          const s = net.connect(server.port, '127.0.0.1', () => {
            s.write(requests[i % 3]!);
            const reset = () => { s.resetAndDestroy(); done(); };
            // At once, after a turn of the event loop, or a millisecond or two later: each hits another phase.
            if (i % 4 === 0) reset(); else if (i % 4 === 1) setImmediate(reset); else setTimeout(reset, (i % 4) - 1);
          });
          s.on('error', () => done());
        });
      }
      assert.ok(refused > 0, 'no handshake was refused: the test did not reach the refusal path');
      const conn = await connectOcpp({ url: `${server.url}/CP-AFTER`, version: '2.0.1', timeoutMs: 5000 });
      await conn.close();
    } finally {
      await server.close();
    }
  });

  it('connectOcpp against a server that resets at any point of the handshake fails with a ConnectError each time', async () => {
    let n = 0;
    const evil = net.createServer((s) => {
      s.on('error', () => undefined);
      s.once('data', () => {
        const k = n++ % 3;
        if (k === 0) s.resetAndDestroy();
        else if (k === 1) { s.write('HTTP/1.1 101 Switching Protocols\r\n'); s.resetAndDestroy(); } else setTimeout(() => s.resetAndDestroy(), 2);
      });
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    try {
      const port = (evil.address() as net.AddressInfo).port;
      for (let i = 0; i < 150; i++) {
        await assert.rejects(connectOcpp({ url: `ws://127.0.0.1:${port}/ocpp/CP1`, version: '2.0.1', timeoutMs: 2000 }), ConnectError);
      }
    } finally {
      evil.close();
    }
  });
});
