import type { TestResult } from '../execute.js';
import type { ProfileSummary } from '../summary.js';
import { writeResultsJson } from './results-json.js';
import { writeJunit } from './junit.js';
import { writeMochawesome } from './mochawesome.js';

/** What a run says about itself beside its test cases (kind, version, SUT identity, configuration, timing). */
export interface RunMeta {
  title?: string;
  kind?: string;
  [key: string]: unknown;
}

/** Every report of a suite run, in the run folder: results.json, junit.xml, report.html/report.json. */
export async function writeReports(runDir: string, meta: RunMeta, results: TestResult[], summary: ProfileSummary[]): Promise<void> {
  // results.json first: it is what the run learned, and must exist even if an HTML step fails.
  writeResultsJson(runDir, meta, results, summary);
  writeJunit(runDir, String(meta.title ?? 'ocpp-conformance'), results);
  await writeMochawesome(runDir, String(meta.title ?? 'ocpp-conformance'), results);
}
