import { strict as assert } from 'node:assert';
import { FrameLog, redactSecrets } from '../src/transport/frame-log.js';

describe('secrets never reach a trace', () => {
  it('redacts the 1.6 AuthorizationKey, the 2.0.1 BasicAuthPassword and private keys', () => {
    const v16 = JSON.stringify([2, '1', 'ChangeConfiguration', { key: 'AuthorizationKey', value: 'topsecret16' }]);
    const v201 = JSON.stringify([2, '2', 'SetVariables', { setVariableData: [{ attributeValue: 'topsecret201', component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } }] }]);
    const v201b = JSON.stringify([2, '3', 'SetVariables', { setVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, attributeValue: 'topsecret201b' }] }]);
    const pem = 'x -----BEGIN PRIVATE KEY-----\nMIIabc\n-----END PRIVATE KEY----- y';
    // A station that leaks the password in a monitor's event or a report is not echoed either.
    const event = JSON.stringify([2, '4', 'NotifyEvent', { eventData: [{ eventId: 1, actualValue: 'topsecretEvent', component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } }] }]);
    const report = JSON.stringify([2, '5', 'NotifyReport', { reportData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, variableAttribute: [{ value: 'topsecretReport' }] }] }]);
    for (const text of [v16, v201, v201b, pem, event, report]) {
      const log = new FrameLog();
      log.record('out', text);
      assert.doesNotMatch(log.format(), /topsecret|MIIabc/, log.format());
    }
    assert.equal(redactSecrets('{"key":"HeartbeatInterval","value":"60"}'), '{"key":"HeartbeatInterval","value":"60"}');
  });
});
