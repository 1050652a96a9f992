import { strict as assert } from 'node:assert';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { StationHarness } from '../src/harness/station-harness.js';
import { CsmsHarness } from '../src/harness/csms-harness.js';
import { defaultProfile, REFERENCE_TIMING } from '../src/harness/config.js';
import { OcppServer } from '../src/transport/server.js';

// ocpp-rpc is an independent OCPP-J implementation; in strict mode it validates every call and answer against
// the official schemas, so a conversation with it proves our wire format in both directions.
const require = createRequire(import.meta.url);
const { RPCServer, RPCClient } = require('ocpp-rpc') as {
  RPCServer: new (o: object) => any; RPCClient: new (o: object) => any;
};

describe('interoperability with ocpp-rpc (strict mode)', function () {
  this.timeout(20_000);

  it('the harness as a 2.0.1 station talks to an ocpp-rpc CSMS', async () => {
    const server = new RPCServer({ protocols: ['ocpp2.0.1'], strictMode: true });
    const seen: string[] = [];
    let getVariables: Promise<any> | undefined;
    server.on('client', (client: any) => {
      client.handle(({ method }: { method: string }) => { seen.push(method); return undefined; });
      client.handle('BootNotification', () => ({ status: 'Accepted', currentTime: new Date().toISOString(), interval: 60 }));
      client.handle('StatusNotification', () => ({}));
      // The official tool's Booted state reports each connector with NotifyEvent too; strict mode checks its schema.
      client.handle('NotifyEvent', () => ({}));
      client.handle('Heartbeat', () => {
        getVariables = client.call('GetVariables', { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] });
        return { currentTime: new Date().toISOString() };
      });
    });
    const http = await server.listen(0, '127.0.0.1');
    const port = (http.address() as AddressInfo).port;
    const profile = defaultProfile('2.0.1', REFERENCE_TIMING);
    const station = new StationHarness(profile, `ws://127.0.0.1:${port}/ocpp`);
    try {
      const boot = await station.booted();
      assert.equal(boot.status, 'Accepted');
      await station.call('Heartbeat', {});
      const request = await station.expectCall('GetVariables');
      assert.equal((request.payload.getVariableData as any[])[0].variable.name, 'HeartbeatInterval');
      const result = await getVariables;
      assert.equal(result.getVariableResult[0].attributeStatus, 'UnknownVariable');
      // An action ocpp-rpc does not know gets its CALLERROR, which our parser must read.
      const err = await station.sendRaw(JSON.stringify([2, 'raw-1', 'NoSuchAction', {}]), 'raw-1');
      assert.equal(err?.type, 4);
      assert.deepEqual(station.violations.map((v) => v.message), []);
    } finally {
      await station.close();
      await server.close({ force: true });
    }
  });

  it('an ocpp-rpc 1.6 charge point talks to the harness as CSMS', async () => {
    const profile = { ...defaultProfile('1.6', REFERENCE_TIMING), stationId: 'RPC-CP' };
    const server = await OcppServer.listen({ host: '127.0.0.1', port: 0, path: '/ocpp', version: '1.6' });
    const csms = new CsmsHarness(profile, server);
    const client = new RPCClient({ endpoint: server.url, identity: 'RPC-CP', protocols: ['ocpp1.6'], strictMode: true, reconnect: false });
    client.handle('ClearCache', () => ({ status: 'Accepted' }));
    try {
      await client.connect();
      const boot = await client.call('BootNotification', { chargePointVendor: 'v', chargePointModel: 'm' });
      assert.equal(boot.status, 'Accepted');
      assert.ok(boot.interval > 0);
      await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
      const received = await csms.expectCall('StatusNotification', { where: { connectorId: 1 } });
      assert.equal(received.payload.status, 'Available');
      assert.deepEqual(await csms.call('ClearCache', {}), { status: 'Accepted' });
      // A schema violation sent by the client is answered with the CALLERROR 1.6 spells.
      await assert.rejects(client.call('Heartbeat', { unexpected: 1 }, { noValidate: true }), (e: any) =>
        ['FormationViolation', 'PropertyConstraintViolation', 'OccurenceConstraintViolation', 'ProtocolError'].includes(e.rpcErrorCode));
    } finally {
      await client.close({ force: true });
      await csms.close();
      await server.close();
    }
  });
});
