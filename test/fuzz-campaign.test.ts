import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCampaign, type CampaignResult } from '../src/fuzz/campaign.js';
import { replayFinding } from '../src/fuzz/replay.js';
import { writeFuzzReports } from '../src/fuzz/report.js';
import { openSut } from '../src/fuzz/sut.js';
import type { Family, Severity, SutRole, TargetSpec } from '../src/fuzz/types.js';
import type { OcppVersion } from '../src/ocpp/versions.js';

// The fuzzer against the built-in reference: nothing to find when it is conformant, and each named parser fault
// found from a fixed seed, classified, shrunk and reproduced by replay.

async function campaign(role: SutRole, ocpp: OcppVersion, faults: string[], options: { runs?: number; durationMs?: number; stopAfterFindings?: number }): Promise<{ spec: TargetSpec; result: CampaignResult }> {
  const spec: TargetSpec = { role, ocpp, reference: { faults }, state: 'idle' };
  const sut = await openSut({ spec });
  try {
    return { spec, result: await runCampaign(sut, { seed: 2024, ownCalls: ['Heartbeat'], ...options }) };
  } finally {
    await sut.close();
  }
}

describe('fuzz campaign', function () {
  this.timeout(60_000);

  describe('against the conformant reference implementations', () => {
    for (const ocpp of ['2.0.1', '1.6'] as const) {
      for (const role of ['CSMS', 'CS'] as const) {
        it(`finds nothing in the reference ${role === 'CS' ? 'charger' : 'CSMS'} (OCPP ${ocpp})`, async () => {
          const { result } = await campaign(role, ocpp, [], { runs: 400 });
          assert.equal(result.aborted, undefined);
          // --runs counts frames on the wire (a duplicate-ID pair is two, so the last input may be one over).
          assert.ok(result.frames >= 400 && result.frames <= 401, `${result.frames} frames`);
          const perAction = Object.values(result.perAction).reduce((sum, a) => sum + a.frames, 0);
          const perFamily = Object.values(result.perFamily).reduce((sum, f) => sum + f.frames, 0);
          assert.equal(perAction, result.frames);
          assert.equal(perFamily, result.frames);
          assert.deepEqual(result.findings.map((f) => `[${f.severity}] ${f.action}: ${f.reason}`), []);
        });
      }
    }
  });

  const FAULTS: { fault: string; role: SutRole; ocpp: OcppVersion; severity: Severity; family: Family }[] = [
    { fault: 'cs.parser-crash-on-long-id', role: 'CS', ocpp: '2.0.1', severity: 'high', family: 'frame-damage' },
    { fault: 'cs.parser-wrong-code', role: 'CS', ocpp: '1.6', severity: 'low', family: 'schema-violation' },
    { fault: 'csms.parser-accepts-bad-enum', role: 'CSMS', ocpp: '2.0.1', severity: 'medium', family: 'schema-violation' },
    { fault: 'csms.parser-dies-after-binary', role: 'CSMS', ocpp: '1.6', severity: 'high', family: 'transport-damage' },
    { fault: 'csms.parser-close-on-unknown-action', role: 'CSMS', ocpp: '2.0.1', severity: 'high', family: 'frame-damage' },
  ];

  describe('with a parser fault switched on', () => {
    for (const { fault, role, ocpp, severity, family } of FAULTS) {
      it(`finds ${fault} (OCPP ${ocpp}), rates it ${severity}, and replay reproduces the shrunk frame`, async () => {
        const { result } = await campaign(role, ocpp, [fault], { runs: 3000, stopAfterFindings: 1 });
        const finding = result.findings[0];
        assert.ok(finding, `no finding in ${result.frames} frames`);
        assert.equal(finding.severity, severity, finding.reason);
        assert.equal(finding.family, family, finding.reason);
        assert.ok(finding.frame && finding.trace.length > 0);
        assert.ok(finding.foundAtMs < 60_000);
        const again = await replayFinding(finding);
        assert.ok(again.reproduced, `not reproduced: ${again.answer}`);
        const clean = await replayFinding({ ...finding, target: { ...finding.target, reference: { faults: [] } } });
        assert.ok(!clean.reproduced, `reproduced without the fault: ${clean.judgement?.reason}`);
      });
    }
  });

  it('--duration spreads frames over every action and family from the start', async () => {
    const { result } = await campaign('CS', '2.0.1', [], { durationMs: 2500 });
    const starved = Object.entries(result.perAction).filter(([, a]) => a.frames === 0).map(([action]) => action);
    assert.deepEqual(starved, []);
    for (const [family, stats] of Object.entries(result.perFamily)) assert.ok(stats.frames > 0, `no frames of ${family}`);
    assert.ok(result.durationMs >= 2500 && result.durationMs < 15_000, `${result.durationMs} ms`);
  });

  it('writes findings.json, a finding file per finding, and the HTML and JUnit reports', async () => {
    const { spec, result } = await campaign('CSMS', '2.0.1', ['csms.parser-close-on-unknown-action'], { runs: 300, stopAfterFindings: 1 });
    const runDir = mkdtempSync(path.join(os.tmpdir(), 'ocpp-fuzz-report-'));
    // A secret that reached a finding (a SUT echoing a password) must not reach any file.
    result.findings[0]!.answer += ' s3cr3t-Pa55';
    const findings = await writeFuzzReports(runDir, 'fuzz report test', [{ title: 'reference CSMS', spec, describe: 'reference', result }], { secrets: ['s3cr3t-Pa55'] });
    assert.equal(findings.length, 1);
    for (const file of ['findings.json', 'finding-001.json', 'report.html', 'report.json', 'junit.xml']) {
      assert.ok(existsSync(path.join(runDir, file)), file);
      assert.doesNotMatch(readFileSync(path.join(runDir, file), 'utf8'), /s3cr3t-Pa55/, file);
    }
    const summary = JSON.parse(readFileSync(path.join(runDir, 'findings.json'), 'utf8')) as {
      totals: { high: number; durationMs: number; frames: number }; replay: string[];
      campaigns: { seed: number; frames: number; durationMs: number; perAction: Record<string, { frames: number }>; perFamily: Record<string, { frames: number }> }[];
    };
    assert.equal(summary.totals.high, 1);
    assert.equal(summary.totals.durationMs, result.durationMs);
    assert.equal(summary.campaigns[0]!.seed, 2024);
    assert.equal(summary.campaigns[0]!.frames, result.frames);
    assert.ok(Object.keys(summary.campaigns[0]!.perAction).length > 0 && Object.keys(summary.campaigns[0]!.perFamily).length > 0);
    assert.match(summary.replay[0]!, /^npx ocpp-conformance replay .*finding-001\.json$/);
    // The HTML's data and the JUnit carry the campaign's real duration, not the report run's.
    const awesome = JSON.parse(readFileSync(path.join(runDir, 'report.json'), 'utf8')) as { stats: { duration: number } };
    assert.ok(awesome.stats.duration >= result.durationMs, `${awesome.stats.duration} < ${result.durationMs}`);
    const finding = JSON.parse(readFileSync(path.join(runDir, 'finding-001.json'), 'utf8')) as { replay: string; target: TargetSpec; durationMs: number };
    assert.match(finding.replay, /^npx ocpp-conformance replay .*finding-001\.json$/);
    assert.equal(typeof finding.durationMs, 'number');
    assert.deepEqual(finding.target.reference?.faults, ['csms.parser-close-on-unknown-action']);
    const junit = readFileSync(path.join(runDir, 'junit.xml'), 'utf8');
    assert.match(junit, /<failure/);
    const rootTime = Number(/<testsuites [^>]*time="([0-9.]+)"/.exec(junit)![1]);
    assert.ok(rootTime * 1000 >= result.durationMs - 1, `junit says ${rootTime} s for a ${result.durationMs} ms campaign`);
  });
});
