import { loadTestCases, selectTestCases } from '../runner/registry.js';
import { allFaults } from '../reference/index.js';
import { OCTT } from '../catalog/octt.js';
import { PICS, describeItem } from '../catalog/pics.js';
import { USE_CASES } from '../catalog/use-cases.js';
import { versionsOf } from '../runner/targets.js';
import type { OcttClaim, TestCase } from '../harness/test-case.js';

export interface ListOptions { ocpp?: string; sut?: 'CS' | 'CSMS'; faults?: boolean; pics?: boolean; json?: boolean }

/** Per official ID: the test cases that claim it, and the best fidelity among them (full beats partial). */
function coverage(cases: TestCase[]) {
  const by = new Map<string, { testCase: string; fidelity: OcttClaim['fidelity']; missing?: string }[]>();
  for (const tc of cases) {
    for (const c of tc.octt) {
      by.set(c.id, [...(by.get(c.id) ?? []), { testCase: tc.id, fidelity: c.fidelity, missing: c.fidelity === 'partial' ? c.missing : undefined }]);
    }
  }
  const fidelityOf = (id: string) => {
    const claims = by.get(id);
    if (!claims) return undefined;
    return claims.some((c) => c.fidelity === 'full') ? 'full' : 'partial';
  };
  return { by, fidelityOf };
}

const claimText = (c: OcttClaim) => (c.fidelity === 'full' ? c.id : `${c.id}~`);

/** `list`: our test cases, which official test cases they cover and how faithfully, the optional items, or the faults. */
export async function listCommand(options: ListOptions): Promise<void> {
  if (options.faults) {
    const faults = allFaults();
    if (options.json) process.stdout.write(`${JSON.stringify(faults, null, 2)}\n`);
    else for (const f of faults) process.stdout.write(`${f.name.padEnd(40)} ${f.description}\n`);
    return;
  }
  if (options.pics) {
    if (options.json) process.stdout.write(`${JSON.stringify(PICS, null, 2)}\n`);
    else for (const p of PICS) process.stdout.write(`${p.id.padEnd(28)} ${p.role.padEnd(5)} ${p.ocpp.join(',').padEnd(10)} ${p.title}${p.aliases ? ` (alias ${p.aliases.join(', ')})` : ''}\n`);
    return;
  }
  const versions = versionsOf(options.ocpp);
  const cases = selectTestCases(await loadTestCases(), { ocpp: versions, sut: options.sut })
    .sort((a, b) => a.id.localeCompare(b.id));
  const { by, fidelityOf } = coverage(cases);
  const official = OCTT.filter((o) => versions.includes(o.ocpp) && (!options.sut || o.sut === options.sut));
  const full = official.filter((o) => fidelityOf(o.id) === 'full').length;
  const part = official.filter((o) => fidelityOf(o.id) === 'partial').length;
  if (options.json) {
    const octt = official.map((o) => ({ ...o, covered: by.has(o.id), fidelity: fidelityOf(o.id) ?? null, by: by.get(o.id) ?? [] }));
    const useCases = USE_CASES.map((u) => ({
      ...u,
      testCases: cases.filter((tc) => tc.useCase === u.id).map((tc) => ({ id: tc.id, ocpp: tc.ocpp, sut: tc.sut })),
    }));
    const testCases = cases.map(({ run: _run, ...tc }) => tc);
    const body = { testCases, useCases, octt, octtCovered: full + part, octtFull: full, octtPartial: part, octtTotal: official.length };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return;
  }
  for (const tc of cases) {
    const needs = tc.needs?.length ? `  needs ${tc.needs.map((n) => describeItem(n, tc.ocpp)).join(', ')}` : '';
    process.stdout.write(`${tc.id.padEnd(36)} ${tc.title}${tc.octt.length ? `  [${tc.octt.map(claimText).join(', ')}]` : ''}${needs}\n`);
  }
  process.stdout.write(`\n${cases.length} test cases; of ${official.length} official compliance test cases they cover ${full} in full and ${part} partly (marked ~; list --json says what is missing)\n`);
}
