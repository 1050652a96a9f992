import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestResult } from '../execute.js';
import type { ProfileSummary } from '../summary.js';
import { writeResultsJson } from './results-json.js';
import { writeJunit } from './junit.js';
import { writeMochawesome } from './mochawesome.js';
import { reportHtml } from './html/page.js';

/** What a run says about itself beside its test cases (kind, version, SUT identity, configuration, timing). */
export interface RunMeta {
  title?: string;
  kind?: string;
  /** When the run started, ms since the epoch (the earliest test case start otherwise). */
  startedAt?: number;
  /** The CSMS endpoint under test (without credentials); otherwise read from the first connection of the run. */
  sutUrl?: string;
  [key: string]: unknown;
}

/** Every report of a suite run, in the run folder: results.json, junit.xml, report.html, report.json and tests.html. */
export async function writeReports(runDir: string, meta: RunMeta, results: TestResult[], summary: ProfileSummary[]): Promise<void> {
  // results.json first: it is what the run learned, and must exist even if an HTML step fails.
  writeResultsJson(runDir, meta, results, summary);
  writeJunit(runDir, String(meta.title ?? 'ocpp-conformance'), results);
  writeFileSync(path.join(runDir, 'report.html'), reportHtml(meta, results, summary));
  await writeMochawesome(runDir, String(meta.title ?? 'ocpp-conformance'), results);
}
