// A real SUT's TLS files (SutProfile.tls holds their paths). Kept apart from pki.ts, so that loading the CLI does
// not load the X.509 library unless a run makes or issues certificates.
import { readFileSync } from 'node:fs';
import type { TestPki } from './pki.js';

/** PEM contents of a real SUT's TLS files; read once, never logged. */
export interface SutTls { ca?: string; cert?: string; key?: string; issuerCert?: string; issuerKey?: string }

export function readSutTls(paths: { [K in keyof SutTls]?: string } | undefined): SutTls {
  const read = (file?: string) => {
    if (!file) return undefined;
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`cannot read TLS file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  return { ca: read(paths?.ca), cert: read(paths?.cert), key: read(paths?.key), issuerCert: read(paths?.issuerCert), issuerKey: read(paths?.issuerKey) };
}

/** The PKI to issue broken certificates under a real SUT's authority, when the profile names one. */
export async function sutPki(files: SutTls): Promise<TestPki | undefined> {
  if (!files.issuerCert || !files.issuerKey) return undefined;
  const { TestPki } = await import('./pki.js');
  return TestPki.fromAuthority(files.issuerCert, files.issuerKey);
}

/** The run's test PKI (reference targets), loading the X.509 library on first use. */
export async function loadTestPki(): Promise<TestPki> {
  const { testPki } = await import('./pki.js');
  return testPki();
}
