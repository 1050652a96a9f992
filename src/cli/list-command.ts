import { loadTestCases, selectTestCases } from '../runner/registry.js';
import { allFaults } from '../reference/index.js';
import { OCTT } from '../catalog/octt.js';
import { USE_CASES } from '../catalog/use-cases.js';
import { versionsOf } from '../runner/targets.js';

export interface ListOptions { ocpp?: string; sut?: 'CS' | 'CSMS'; faults?: boolean; json?: boolean }

/** `list`: our test cases, which official test cases they cover, or the reference's fault names. */
export async function listCommand(options: ListOptions): Promise<void> {
  if (options.faults) {
    const faults = allFaults();
    if (options.json) process.stdout.write(`${JSON.stringify(faults, null, 2)}\n`);
    else for (const f of faults) process.stdout.write(`${f.name.padEnd(40)} ${f.description}\n`);
    return;
  }
  const versions = versionsOf(options.ocpp);
  const cases = selectTestCases(await loadTestCases(), { ocpp: versions, sut: options.sut })
    .sort((a, b) => a.id.localeCompare(b.id));
  const coveredBy = new Map<string, string[]>();
  for (const tc of cases) for (const o of tc.octt ?? []) coveredBy.set(o, [...(coveredBy.get(o) ?? []), tc.id]);
  if (options.json) {
    const octt = OCTT.filter((o) => versions.includes(o.ocpp) && (!options.sut || o.sut === options.sut))
      .map((o) => ({ ...o, covered: coveredBy.has(o.id), by: coveredBy.get(o.id) ?? [] }));
    const useCases = USE_CASES.map((u) => ({
      ...u,
      testCases: cases.filter((tc) => tc.useCase === u.id).map((tc) => ({ id: tc.id, ocpp: tc.ocpp, sut: tc.sut })),
    }));
    const testCases = cases.map(({ run: _run, ...tc }) => tc);
    process.stdout.write(`${JSON.stringify({ testCases, useCases, octt, octtCovered: octt.filter((o) => o.covered).length, octtTotal: octt.length }, null, 2)}\n`);
    return;
  }
  for (const tc of cases) {
    process.stdout.write(`${tc.id.padEnd(36)} ${tc.title}${tc.octt?.length ? `  [${tc.octt.join(', ')}]` : ''}\n`);
  }
  const total = OCTT.filter((o) => versions.includes(o.ocpp) && (!options.sut || o.sut === options.sut)).length;
  process.stdout.write(`\n${cases.length} test cases; they cover ${coveredBy.size} of ${total} official compliance test cases\n`);
}
