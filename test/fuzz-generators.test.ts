import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { isKnownAction } from '../src/ocpp/actions.js';
import { violationOfKeyword, type Violation } from '../src/ocpp/errors.js';
import { parseFrame } from '../src/ocpp/frames.js';
import { schemaActions, schemaOf, validatePayload, describeProblems, type MessageKind } from '../src/ocpp/schemas.js';
import { OCPP_VERSIONS } from '../src/ocpp/versions.js';
import {
  arbitraryFromSchema, frameDamage, invalidPayload, transportDamage, validPayload, MUTATION_KINDS, type DamagedFrame,
  type MutationKind,
} from '../src/fuzz/generators/index.js';

const RUNS = { seed: 42, numRuns: 50 };
const KINDS: MessageKind[] = ['request', 'response'];

/** Every action of both versions with both message kinds that have a schema. */
const cases = OCPP_VERSIONS.flatMap((version) =>
  schemaActions(version).flatMap((action) => KINDS.filter((kind) => schemaOf(version, action, kind)).map((kind) => ({ version, action, kind }))));

describe('fuzz generators', function () {
  this.timeout(60_000);

  describe('arbitraryFromSchema', () => {
    it('honours bounds, exclusive bounds, multipleOf, lengths, item counts and type arrays', () => {
      const schema = {
        type: 'object', additionalProperties: false, required: ['a', 'b', 'c', 'd', 'e', 'f'],
        definitions: { Small: { type: 'integer', minimum: 1, exclusiveMaximum: 4 } },
        properties: {
          a: { $ref: '#/definitions/Small' },
          b: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
          c: { type: 'number', multipleOf: 0.1, minimum: -5, maximum: 5 },
          d: { type: 'string', minLength: 2, maxLength: 40 },
          e: { type: 'array', items: { type: 'boolean' }, minItems: 2, maxItems: 2 },
          f: { type: ['string', 'null'] },
        },
      };
      fc.assert(fc.property(arbitraryFromSchema(schema), (value) => {
        const v = value as { a: number; b: number; c: number; d: string; e: boolean[]; f: string | null };
        assert.ok(Number.isInteger(v.a) && v.a >= 1 && v.a < 4);
        assert.ok(v.b > 0 && v.b <= 1);
        assert.ok(Number.isInteger(v.c / 0.1) && v.c >= -5 && v.c <= 5);
        assert.ok(v.d.length >= 2 && v.d.length <= 40);
        assert.equal(v.e.length, 2);
        assert.ok(v.f === null || typeof v.f === 'string');
        assert.deepEqual(Object.keys(v).sort(), ['a', 'b', 'c', 'd', 'e', 'f']);
      }), RUNS);
    });

    it('keeps a recursive schema finite past the soft depth, and refuses one with no way out', () => {
      const optional = { $ref: '#/definitions/Node', definitions: { Node: { type: 'object', properties: { child: { $ref: '#/definitions/Node' } } } } };
      const depthOf = (v: unknown): number => (v && typeof v === 'object' && 'child' in v ? 1 + depthOf((v as { child: unknown }).child) : 0);
      const depths = fc.sample(arbitraryFromSchema(optional, { softDepth: 5 }), { seed: 42, numRuns: 100 }).map(depthOf);
      assert.ok(Math.max(...depths) <= 5);
      const required = { $ref: '#/definitions/Node', definitions: { Node: { type: 'object', required: ['child'], properties: { child: { $ref: '#/definitions/Node' } } } } };
      assert.throws(() => arbitraryFromSchema(required), /deeper than 40/);
    });

    it('sometimes generates strings exactly at maxLength', () => {
      const lengths = fc.sample(arbitraryFromSchema({ type: 'string', maxLength: 50 }), { seed: 42, numRuns: 200 }).map((s) => (s as string).length);
      assert.ok(lengths.includes(50), 'no string of exactly maxLength in 200 samples');
      assert.ok(lengths.every((n) => n <= 50));
    });
  });

  describe('validPayload: every action, both versions, request and response', () => {
    for (const { version, action, kind } of cases) {
      it(`${version} ${action} ${kind} is schema-valid, also after a JSON round trip`, () => {
        fc.assert(fc.property(validPayload(version, action, kind), (payload) => {
          const wire = JSON.parse(JSON.stringify(payload)) as unknown;
          assert.deepEqual(wire, payload);
          const check = validatePayload(version, action, kind, wire);
          assert.ok(check.valid, describeProblems(check.problems));
        }), RUNS);
      });
    }
  });

  describe('invalidPayload: every action, both versions, request and response', () => {
    const seen = new Set<MutationKind>();
    for (const { version, action, kind } of cases) {
      it(`${version} ${action} ${kind} mutations are rejected and labelled by the first problem`, () => {
        fc.assert(fc.property(invalidPayload(version, action, kind), (m) => {
          seen.add(m.kind);
          const check = validatePayload(version, action, kind, JSON.parse(JSON.stringify(m.payload)) as unknown);
          assert.equal(check.valid, false, `accepted: ${m.description}`);
          // The label is the validator's first complaint; only multipleOf has no violation class of its own.
          assert.equal(m.violation, violationOfKeyword(validatePayload(version, action, kind, m.payload).problems[0]!.keyword));
          if (m.violation === 'schema-other') assert.equal(m.kind, 'not-multiple');
          // The text is spliced, not serialized: it must read back as the mutated payload.
          assert.deepEqual(JSON.parse(m.json), JSON.parse(JSON.stringify(m.payload)));
          assert.match(m.path, /^(\/[^/]*)*$/);
          assert.ok(m.description.length > 0);
        }), RUNS);
      });
    }
    // too-short needs minLength, which no OCPP 1.6 or 2.0.1 schema uses.
    it('produced every kind of mutation somewhere', () => {
      assert.deepEqual(MUTATION_KINDS.filter((k) => !seen.has(k) && k !== 'too-short'), []);
    });
  });

  it('describes a too-long string readably', () => {
    const [m] = fc.sample(invalidPayload('2.0.1', 'BootNotification', 'request', { kinds: ['too-long'] }), { seed: 42, numRuns: 50 })
      .filter((x) => x.path === '/chargingStation/model' && x.description.includes('(21 chars)'));
    assert.ok(m, 'no maxLength+1 mutation of chargingStation.model in 50 samples');
    assert.equal(m.description, 'chargingStation.model longer than 20 (21 chars)');
    assert.equal(m.violation, 'maxLength');
  });

  const requestActions = OCPP_VERSIONS.flatMap((version) =>
    schemaActions(version).filter((action) => schemaOf(version, action, 'request')).map((action) => ({ version, action })));

  describe('frameDamage', () => {
    const seen = new Set<Violation | null>();
    for (const { version, action } of requestActions) {
      it(`${version} ${action}: parseFrame agrees with the label and the message ID`, () => {
        fc.assert(fc.property(frameDamage(version, action, validPayload(version, action, 'request')), (f: DamagedFrame) => {
          seen.add(f.violation);
          assert.equal(typeof f.text, 'string');
          const parsed = parseFrame(f.text as string);
          if (f.violation === 'unknown-action') {
            assert.equal(parsed.type, 2, f.description);
            if (parsed.type === 2) {
              assert.equal(isKnownAction(version, parsed.action), false);
              assert.equal(parsed.messageId, f.messageId);
            }
            return;
          }
          assert.equal(parsed.type, 'bad', f.description);
          if (parsed.type !== 'bad') return;
          assert.equal(parsed.violation, f.violation, f.description);
          assert.equal(parsed.messageId, f.messageId ?? '-1', f.description);
        }), { seed: 42, numRuns: 30 });
      });
    }
    it('produced every frame-level violation', () => {
      const all: Violation[] = ['not-json', 'not-array', 'bad-arity', 'unknown-message-type', 'bad-message-id', 'unknown-action', 'payload-not-object'];
      assert.deepEqual(all.filter((v) => !seen.has(v)), []);
    });
  });

  describe('transportDamage', () => {
    const descriptions: string[] = [];
    // A sample of both versions: with and without free strings, customData and untyped fields.
    const picks = [['1.6', 'Heartbeat'], ['1.6', 'DataTransfer'], ['1.6', 'BootNotification'], ['1.6', 'RemoteStartTransaction'],
      ['2.0.1', 'DataTransfer'], ['2.0.1', 'BootNotification'], ['2.0.1', 'Authorize'], ['2.0.1', 'SetVariables']] as const;
    for (const [version, action] of picks) {
      it(`${version} ${action}: well-formed CALLs whose label matches the schema verdict`, () => {
        fc.assert(fc.property(transportDamage(version, action, validPayload(version, action, 'request')), (f) => {
          descriptions.push(f.description);
          const text = Buffer.isBuffer(f.text) ? f.text.toString('utf8') : f.text;
          assert.equal(Buffer.isBuffer(f.text), f.binary === true);
          const parsed = parseFrame(text);
          assert.equal(parsed.type, 2, f.description);
          if (parsed.type !== 2) return;
          assert.equal(parsed.messageId, f.messageId);
          assert.equal(parsed.action, action);
          const check = validatePayload(version, action, 'request', parsed.payload);
          assert.equal(check.valid, f.schemaValid, f.description);
          assert.equal(f.violation === null, check.valid, f.description);
        }), { seed: 42, numRuns: 40 });
      });
    }
    it('covers binary, oversized, deeply nested and odd Unicode frames, valid and invalid', () => {
      for (const needle of ['binary frame', '200 kB', 'nested 1000 deep', 'lone high surrogate', '(schema-valid)', '(schema-invalid']) {
        assert.ok(descriptions.some((d) => d.includes(needle)), `nothing described as ${needle}`);
      }
    });
    it('puts a 200 kB string into a free string field of 1.6 DataTransfer and stays schema-valid', () => {
      const frames = fc.sample(transportDamage('1.6', 'DataTransfer', validPayload('1.6', 'DataTransfer', 'request')), { seed: 42, numRuns: 200 });
      const big = frames.find((f) => f.description.startsWith('200 kB string in data '));
      assert.ok(big);
      assert.equal(big.schemaValid, true);
      assert.equal(big.violation, null);
      assert.ok((big.text as string).length > 200_000);
    });
  });
});
