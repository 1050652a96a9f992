import { readFileSync, writeFileSync } from 'node:fs';
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

export interface FuzzReportOptions {
  /** Strings that must not appear in any file (the Basic auth password): replaced wherever they occur. */
  secrets?: string[];
}

export function severityCounts(findings: Finding[]): Record<string, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]));
}

/** The command that reproduces a finding file. */
export const replayCommand = (file: string) => `npx ocpp-conformance replay ${file}`;

/** Replace every secret, raw and as it appears inside a JSON string. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) out = out.split(form).join('<redacted>');
  }
  return out;
}

/** A campaign as findings.json summarizes it. */
function campaignSummary({ title, spec, describe, result }: CampaignSection) {
  return {
    title, target: spec, describe,
    seed: result.seed, budget: result.budget, frames: result.frames, probes: result.probes, reconnects: result.reconnects,
    durationMs: result.durationMs, framesPerSecond: Math.round((result.frames * 1000) / Math.max(1, result.durationMs)),
    aborted: result.aborted, findings: result.findings.length, bySeverity: severityCounts(result.findings),
    perFamily: result.perFamily, perAction: result.perAction, unavailable: result.unavailable, notes: result.notes,
    replay: result.findings.map((f) => f.replay),
  };
}

/**
 * Write a fuzz run's reports into its folder: findings.json (everything), one finding-NNN.json per finding
 * (what `replay` reads) and the HTML + JUnit report. Findings are numbered across the run's campaigns.
 */
export async function writeFuzzReports(runDir: string, title: string, sections: CampaignSection[], options: FuzzReportOptions = {}): Promise<Finding[]> {
  const secrets = options.secrets ?? [];
  const json = (file: string, value: unknown) => writeFileSync(file, `${scrub(JSON.stringify(value, null, 2), secrets)}\n`);
  // Whatever a SUT sent back lands in findings: take secrets out before anything is written or rendered.
  const clean: CampaignSection[] = secrets.length ? JSON.parse(scrub(JSON.stringify(sections), secrets)) as CampaignSection[] : sections;
  const all: Finding[] = [];
  for (const section of clean) {
    section.result.findings = section.result.findings.map((f) => {
      const id = `finding-${String(all.length + 1).padStart(3, '0')}`;
      const file = path.join(runDir, `${id}.json`);
      const finding = { ...f, id, replay: replayCommand(file) };
      all.push(finding);
      json(file, finding);
      return finding;
    });
  }
  const durationMs = clean.reduce((sum, s) => sum + s.result.durationMs, 0);
  json(path.join(runDir, 'findings.json'), {
    title,
    totals: {
      findings: all.length, ...severityCounts(all), durationMs,
      frames: clean.reduce((sum, s) => sum + s.result.frames, 0),
    },
    replay: all.map((f) => f.replay),
    campaigns: clean.map(campaignSummary),
    findings: all,
  });
  await writeMochaReport(runDir, title, clean);
  // The HTML/JSON come from mochawesome: one last pass makes sure no secret went through a context.
  if (secrets.length) {
    for (const file of ['report.html', 'report.json', 'junit.xml']) {
      const full = path.join(runDir, file);
      try { writeFileSync(full, scrub(readFileSync(full, 'utf8'), secrets)); } catch { /* not written */ }
    }
  }
  return all;
}
