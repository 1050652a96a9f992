import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TestCase } from '../harness/test-case.js';

const TESTCASES_DIR = fileURLToPath(new URL('../../testcases/', import.meta.url));

function jsFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return jsFiles(full);
    return name.endsWith('.js') ? [full] : [];
  });
}

function isTestCase(x: unknown): x is TestCase {
  return typeof x === 'object' && x !== null && typeof (x as TestCase).run === 'function' && typeof (x as TestCase).id === 'string';
}

let cache: TestCase[] | undefined;

/** Every test case under testcases/ (each file exports its cases, as default or named, singly or in arrays). */
export async function loadTestCases(): Promise<TestCase[]> {
  if (cache) return cache;
  const found = new Map<string, TestCase>();
  for (const file of jsFiles(TESTCASES_DIR)) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      for (const tc of Array.isArray(value) ? value : [value]) {
        if (!isTestCase(tc)) continue;
        const twin = found.get(tc.id);
        if (twin && twin !== tc) throw new Error(`two test cases share the id ${tc.id} (${path.relative(TESTCASES_DIR, file)})`);
        found.set(tc.id, tc);
      }
    }
  }
  cache = [...found.values()];
  return cache;
}

/** `--only B01,G*,RPC.unknown-action`: patterns over use case or test case ID; * matches anything. */
export function selectTestCases(all: TestCase[], filter: { only?: string; ocpp?: string[]; sut?: 'CS' | 'CSMS' }): TestCase[] {
  const patterns = filter.only?.split(',').map((p) => p.trim()).filter(Boolean).map((p) =>
    new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}($|[./])`, 'i'));
  return all.filter((tc) =>
    (!filter.ocpp || filter.ocpp.includes(tc.ocpp))
    && (!filter.sut || tc.sut === filter.sut)
    && (!patterns || patterns.some((re) => re.test(tc.id) || re.test(tc.useCase))));
}
