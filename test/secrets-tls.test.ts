// A demo-like run over security profiles 1, 2 and 3 (Basic auth, TLS, mutual TLS) against the reference charger
// and CSMS: no report or log it writes may hold a password or a private key the run used.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemoSuite } from '../src/cli/suite-commands.js';
import { referenceProfile } from '../src/harness/config.js';
import { testPki } from '../src/security/pki.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** A private key's body without line breaks, and a piece of it long enough to be unmistakable. */
function keyPieces(pem: string): string[] {
  const body = pem.replace(/-----[^-]+-----|\s/g, '');
  return [body.slice(0, 48), body.slice(-48)];
}

describe('secrets of security profiles 1-3 stay out of reports and logs', function () {
  this.timeout(240_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ocpp-secrets-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds no password nor private key in any file of the run', async () => {
    const { runDir, outcome } = await runDemoSuite({ only: 'SEC', fault: [], reportDir: dir, quiet: true });
    const states = outcome.results.map((r) => r.state);
    assert.ok(states.length >= 20, `expected the SEC test cases to run, got ${states.length}`);
    assert.deepEqual(states.filter((s) => s !== 'passed'), [], 'every A00/SEC test case passes against the reference');
    const pki = await testPki();
    const password = referenceProfile('2.0.1').basicAuthPassword!;
    const secrets = [
      password,
      // The Authorization header's base64 of "<id>:<password>" ends with the password's own base64 tail.
      Buffer.from(`:${password}`).toString('base64').slice(4, -4),
      ...keyPieces(pki.server.key), ...keyPieces(pki.serverRsa.key),
      ...(await Promise.all([...Array(3)].map(() => pki.brokenCert('expired', 'client', 'x')))).flatMap((c) => keyPieces(c.key)),
    ];
    const files = filesUnder(runDir);
    assert.ok(files.length > 0, 'the run wrote no report');
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      assert.doesNotMatch(text, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, `${file} holds a private key`);
      for (const s of secrets) assert.ok(!text.includes(s), `${file} holds a secret (${s.slice(0, 6)}...)`);
    }
  });
});
