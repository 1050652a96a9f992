import { strict as assert } from 'node:assert';
import { CALLERROR, parseFrame } from '../src/ocpp/frames.js';

describe('parseFrame', () => {
  it('reads a well-formed CALLERROR without a defect', () => {
    const f = parseFrame('[4,"m1","NotSupported","no",{"a":1}]');
    assert.equal(f.type, CALLERROR);
    if (f.type !== CALLERROR) return;
    assert.equal(f.errorCode, 'NotSupported');
    assert.deepEqual(f.errorDetails, { a: 1 });
    assert.equal(f.malformed, undefined);
  });

  it('names a CALLERROR whose errorDetails is not an object, keeping its message ID and code', () => {
    for (const [details, kind] of [['"oops"', 'a string'], ['null', 'null'], ['[]', 'an array'], ['7', 'a number']] as const) {
      const f = parseFrame(`[4,"m2","InternalError","broken",${details}]`);
      assert.equal(f.type, CALLERROR, details);
      if (f.type !== CALLERROR) return;
      assert.equal(f.messageId, 'm2');
      assert.equal(f.errorCode, 'InternalError');
      assert.equal(f.errorDescription, 'broken');
      assert.deepEqual(f.errorDetails, {});
      assert.equal(f.malformed, `errorDetails must be a JSON object, got ${kind}`);
    }
  });

  it('names a CALLERROR with a missing element or a description that is not a string', () => {
    const short = parseFrame('[4,"m3","GenericError",""]');
    assert.equal(short.type === CALLERROR && short.malformed, 'a CALLERROR has 5 elements, got 4; errorDetails must be a JSON object, got nothing');
    const description = parseFrame('[4,"m4","GenericError",12,{}]');
    assert.equal(description.type === CALLERROR && description.malformed, 'errorDescription must be a string, got a number');
  });

  it('still treats a CALLERROR without a readable error code as a bad frame', () => {
    const f = parseFrame('[4,"m5",42,"",{}]');
    assert.equal(f.type, 'bad');
    if (f.type !== 'bad') return;
    assert.equal(f.messageId, 'm5');
    assert.equal(f.messageType, CALLERROR);
  });

  it('answers an unreadable message ID with "-1"', () => {
    for (const text of ['not json', '[2,12345,"Heartbeat",{}]', '[2,"","Heartbeat",{}]', `[2,"${'x'.repeat(37)}","Heartbeat",{}]`]) {
      const f = parseFrame(text);
      assert.equal(f.type === 'bad' && f.messageId, '-1', text);
    }
  });
});
