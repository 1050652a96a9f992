import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CampaignResult } from './campaign.js';
import { writeMochaReport } from './mocha-report.js';
import { SEVERITIES, type Finding, type TargetSpec } from './types.js';

/** One campaign of a run (the demo has one per version and role). */
export interface CampaignSection {
  title: string;
  spec: TargetSpec;
  describe: string;
  result: CampaignResult;
}

function json(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function severityCounts(findings: Finding[]): Record<string, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]));
}

/**
 * Write a fuzz run's reports into its folder: findings.json (everything), one finding-NNN.json per finding
 * (what `replay` reads) and the HTML + JUnit report. Findings are numbered across the run's campaigns.
 */
export async function writeFuzzReports(runDir: string, title: string, sections: CampaignSection[]): Promise<Finding[]> {
  const all: Finding[] = [];
  for (const section of sections) {
    section.result.findings = section.result.findings.map((f) => {
      const id = `finding-${String(all.length + 1).padStart(3, '0')}`;
      const file = path.join(runDir, `${id}.json`);
      const finding = { ...f, id, replay: `ocpp-conformance replay ${file}` };
      all.push(finding);
      json(file, finding);
      return finding;
    });
  }
  json(path.join(runDir, 'findings.json'), {
    title,
    totals: { findings: all.length, ...severityCounts(all) },
    campaigns: sections.map(({ title: t, spec, describe, result }) => ({
      title: t, target: spec, describe,
      seed: result.seed, runs: result.runs, frames: result.frames, probes: result.probes, reconnects: result.reconnects,
      durationMs: result.durationMs, framesPerSecond: Math.round((result.frames * 1000) / Math.max(1, result.durationMs)),
      aborted: result.aborted, findings: result.findings.length, bySeverity: severityCounts(result.findings),
      unavailable: result.unavailable, notes: result.notes, perAction: result.perAction,
    })),
    findings: all,
  });
  await writeMochaReport(runDir, title, sections);
  return all;
}
