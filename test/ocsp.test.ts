// The OCSP responder the harness serves for contract certificates (C07, SUT = CSMS) and the client the reference CSMS
// asks it with: statuses, what a bad request records, and that OpenSSL (what many CSMSs use) accepts its answers.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContractPki } from '../src/security/contract-pki.js';
import { OcspResponder, ocspUrlOf, queryOcsp } from '../src/security/ocsp.js';

describe('OCSP responder and client (security/ocsp.ts)', () => {
  let pki: ContractPki;
  let responder: OcspResponder;
  before(async () => {
    pki = await ContractPki.create();
    responder = await OcspResponder.start(pki.signer);
  });
  after(() => responder.close());

  it('answers good, revoked and unknown, signed so that the client verifies it with the issuer', async () => {
    const good = await pki.issueContract('NLREFC000000001', responder.url);
    const revoked = await pki.issueContract('NLREFC000000001', responder.url);
    responder.setStatus(good.certificate, 'good');
    responder.setStatus(revoked.certificate, 'revoked');
    assert.equal(ocspUrlOf(good.certificate), responder.url);
    assert.equal(good.ocspRequestData.responderURL, responder.url);
    assert.equal(await queryOcsp(responder.url, good.ocspRequestData, [pki.root]), 'good');
    assert.equal(await queryOcsp(responder.url, revoked.ocspRequestData, [pki.root]), 'revoked');
    assert.equal(await queryOcsp(responder.url, { ...good.ocspRequestData, serialNumber: '7F01' }, [pki.root]), 'unknown');
    const last = responder.queries.at(-1)!;
    assert.equal(last.problem, undefined);
    assert.deepEqual(last.answered, ['unknown']);
  });

  it('the client refuses an answer signed by another CA', async () => {
    const other = await ContractPki.create();
    const c = await pki.issueContract('NLREFC000000002', responder.url);
    responder.setStatus(c.certificate, 'good');
    await assert.rejects(queryOcsp(responder.url, c.ocspRequestData, [other.root]), /not signed/);
  });

  it('records a request that is not an OCSP request and answers malformedRequest', async () => {
    const before = responder.queries.length;
    const res = await fetch(responder.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    assert.equal(res.status, 200);
    assert.match(responder.queries[before]!.problem ?? '', /content type text\/plain/);
  });

  it('OpenSSL verifies its answers (SHA-1 CertID and nonce, as openssl ocsp sends them)', async function () {
    if (spawnSync('openssl', ['version']).status !== 0) this.skip();
    const c = await pki.issueContract('NLREFC000000003', responder.url);
    responder.setStatus(c.certificate, 'revoked');
    const dir = mkdtempSync(join(tmpdir(), 'ocsp-'));
    try {
      writeFileSync(join(dir, 'root.pem'), pki.pem);
      writeFileSync(join(dir, 'leaf.pem'), c.pem);
      // Run asynchronously: the responder lives in this process.
      const out = await new Promise<string>((resolve) => {
        const p = spawn('openssl', ['ocsp', '-issuer', join(dir, 'root.pem'), '-cert', join(dir, 'leaf.pem'), '-url', responder.url, '-CAfile', join(dir, 'root.pem')]);
        let text = '';
        p.stdout.on('data', (d: Buffer) => { text += d.toString(); });
        p.stderr.on('data', (d: Buffer) => { text += d.toString(); });
        p.on('close', () => resolve(text));
      });
      assert.match(out, /Response verify OK/);
      assert.match(out, /leaf\.pem: revoked/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
