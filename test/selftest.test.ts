import { strict as assert } from 'node:assert';
import { loadTestCases, selectTestCases } from '../src/runner/registry.js';
import { executeTestCase } from '../src/runner/execute.js';
import { referenceCsTarget, referenceCsmsTarget, type Target } from '../src/runner/targets.js';
import { referenceProfileFor } from '../src/harness/config.js';
import { Faults, allFaults, isFault } from '../src/reference/index.js';
import type { TestCase } from '../src/harness/test-case.js';
import { preloadSchemas } from '../src/ocpp/schemas.js';

// Every test case must pass against the reference and fail against each fault it names (killedBy).
// SELFTEST_ONLY=B05,G* narrows the run while working on a family.
const all = await loadTestCases();
// Compile the schemas of both versions up front: done inside the first test case, the compile (seconds on a busy
// machine) eats into that test's boot timeout.
preloadSchemas();
const selected = selectTestCases(all, { only: process.env.SELFTEST_ONLY });

async function runAgainst(tc: TestCase, faults: string[]) {
  // A test for a SUT without an optional item, or for a hardware variant (fixed cable), runs against a reference
  // built that way.
  const profile = referenceProfileFor(tc.ocpp, tc.needs, tc.needsAbsent);
  const target: Target = tc.sut === 'CS'
    ? await referenceCsTarget(profile, new Faults(faults))
    : await referenceCsmsTarget(profile, new Faults(faults));
  try {
    return await executeTestCase(tc, target);
  } finally {
    await target.close();
  }
}

// The runs are independent (own ports, own reference instances) and wait on timers (the whole self-test uses about
// 20 s of CPU for 2 minutes of wall time), so they are started twelve at a time up front and each mocha test awaits
// its own: the suite takes two minutes instead of eight at four at a time.
const CONCURRENCY = Number(process.env.SELFTEST_CONCURRENCY ?? 12);
const queue: (() => void)[] = [];
let running = 0;
function limited<T>(work: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const start = () => {
      running++;
      work().then(resolve, reject).finally(() => {
        running--;
        queue.shift()?.();
      });
    };
    if (running < CONCURRENCY) start();
    else queue.push(start);
  });
}

describe('self-test: every test case against the reference implementation', function () {
  this.timeout(300_000);
  const runs = new Map<string, ReturnType<typeof runAgainst>>();
  const outcome = (tc: TestCase, fault?: string) => runs.get(`${tc.id}|${fault ?? ''}`)!;
  before(() => {
    for (const tc of selected) {
      runs.set(`${tc.id}|`, limited(() => runAgainst(tc, [])));
      for (const f of tc.killedBy) runs.set(`${tc.id}|${f}`, limited(() => runAgainst(tc, [f])));
    }
  });
  for (const tc of selected) {
    describe(tc.id, () => {
      it('passes against the conformant reference', async () => {
        const r = await outcome(tc);
        assert.equal(r.state, 'passed', `${r.reason}\n${r.trace}`);
      });
      it('names at least one fault that kills it', () => {
        assert.ok(tc.killedBy.length > 0, 'a test case that no fault can fail asserts too little');
        for (const f of tc.killedBy) assert.ok(isFault(f), `unknown fault ${f}`);
      });
      for (const fault of tc.killedBy) {
        it(`fails against fault ${fault}`, async () => {
          const r = await outcome(tc, fault);
          assert.equal(r.state, 'failed', `expected a failed verdict, got ${r.state}\n${r.trace}`);
        });
      }
    });
  }
});

describe('self-test: every fault kills at least one test case', () => {
  it('has no fault that no test case names', function () {
    if (process.env.SELFTEST_ONLY) this.skip();
    const named = new Set(all.flatMap((tc) => tc.killedBy));
    // Parser faults are the fuzzer's to find (fuzz-campaign.test.ts); a probe answered NotSupported must leave the
    // RPC test cases inconclusive, not failed (rpc-probe.test.ts).
    const provedElsewhere = (f: string) => /parser|fuzz|probe-not-supported/.test(f);
    const orphans = allFaults().map((f) => f.name).filter((f) => !named.has(f) && !provedElsewhere(f));
    assert.deepEqual(orphans, [], `faults no test case kills: ${orphans.join(', ')}`);
  });
});
