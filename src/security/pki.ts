// A test PKI made fresh for each run (security profiles 2 and 3): a root CA, the CSMS's server certificates, a
// client certificate per charging station, and on demand the broken certificates the TLS test cases present.
// Keys and certificates are made with WebCrypto through @peculiar/x509; nothing is written to disk.
import { webcrypto } from 'node:crypto';
import { CertificateAuthority, keyPair, privateKeyPem, x509 } from './x509.js';

/** A certificate and its private key, both PEM. */
export interface CertAndKey {
  cert: string;
  key: string;
}

/** How a certificate is broken for a negative test case (A00 TC_A_05_CS, TC_A_08_CSMS). */
export type BrokenKind = 'expired' | 'not-yet-valid' | 'unknown-root' | 'wrong-name';

export const BROKEN_KINDS: readonly BrokenKind[] = ['expired', 'not-yet-valid', 'unknown-root', 'wrong-name'];

/** The host name the harness's and the reference's TLS endpoints answer to (loopback). */
export const TLS_HOST = 'localhost';
const TLS_IP = '127.0.0.1';
/** A name no test endpoint has: the subject of a server certificate issued for the wrong host. */
const WRONG_HOST = 'not-the-csms.invalid';

const DAY = 86_400_000;
const ORGANIZATION = 'ocpp-conformance test PKI';

const makeRoot = (name: string) => CertificateAuthority.create({ CN: name, O: ORGANIZATION });

interface LeafSpec {
  commonName: string;
  role: 'server' | 'client';
  /** DNS names and IP addresses (server certificates). */
  altNames?: { type: 'dns' | 'ip'; value: string }[];
  notBefore?: Date;
  notAfter?: Date;
  rsa?: boolean;
}

/** A fresh key (extractable: it goes into a TLS key file) and its certificate from `ca`. */
async function issue(ca: CertificateAuthority, spec: LeafSpec): Promise<CertAndKey> {
  const keys = await keyPair({ rsaBits: spec.rsa ? 2048 : undefined, extractable: true });
  const cert = await ca.issue({
    subject: { CN: spec.commonName, O: ORGANIZATION }, publicKey: keys.publicKey, role: spec.role, altNames: spec.altNames,
    notBefore: spec.notBefore, notAfter: spec.notAfter,
  });
  return { cert: cert.toString('pem'), key: await privateKeyPem(keys.privateKey) };
}

/** Validity windows of the broken kinds that are about dates. */
function validity(kind: BrokenKind | undefined): { notBefore?: Date; notAfter?: Date } {
  if (kind === 'expired') return { notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) };
  if (kind === 'not-yet-valid') return { notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 30 * DAY) };
  return {};
}

/** The run's PKI. Certificates are made once and kept; a station's client certificate on its first use. */
export class TestPki {
  private readonly clients = new Map<string, Promise<CertAndKey>>();
  private readonly broken = new Map<string, Promise<CertAndKey>>();
  private strangerRoot?: Promise<CertificateAuthority>;

  private constructor(
    private readonly root: CertificateAuthority,
    /** The CSMS's server certificates: ECDSA P-256 and RSA 2048, so both cipher-suite families can be offered. */
    readonly server: CertAndKey,
    readonly serverRsa: CertAndKey,
  ) {}

  /**
   * A PKI around an existing authority (a real SUT's: the root the charger trusts, or the root a CSMS trusts for
   * client certificates), to issue the broken certificates of negative test cases under it. Its own server
   * certificates are unused then: the harness serves the ones the SUT profile names.
   */
  static async fromAuthority(certPem: string, keyPem: string): Promise<TestPki> {
    const cert = new x509.X509Certificate(certPem);
    const der = x509.PemConverter.decodeFirst(keyPem);
    const alg = cert.publicKey.algorithm as EcKeyImportParams | RsaHashedImportParams;
    const privateKey = await webcrypto.subtle.importKey('pkcs8', der, { ...alg, hash: 'SHA-256' } as unknown as EcKeyImportParams, false, ['sign']);
    const publicKey = await cert.publicKey.export(alg as EcKeyImportParams, ['verify']);
    const none = { cert: '', key: '' };
    return new TestPki(CertificateAuthority.fromKeys(cert, { privateKey, publicKey }), none, none);
  }

  static async create(): Promise<TestPki> {
    const root = await makeRoot('ocpp-conformance test root');
    const names = [{ type: 'dns' as const, value: TLS_HOST }, { type: 'ip' as const, value: TLS_IP }];
    const [server, serverRsa] = await Promise.all([
      issue(root, { commonName: TLS_HOST, role: 'server', altNames: names }),
      issue(root, { commonName: TLS_HOST, role: 'server', altNames: names, rsa: true }),
    ]);
    return new TestPki(root, server, serverRsa);
  }

  /**
   * The root as an authority: at security profile 3 it also signs the charging station certificates a CSR asks
   * for (the "provided CSMS root" of the documents), so a station can reconnect with its new certificate.
   */
  get authority(): CertificateAuthority {
    return this.root;
  }

  /** The root certificate both sides trust (PEM). */
  get ca(): string {
    return this.root.pem;
  }

  private newCsms?: Promise<{ ca: string; server: CertAndKey }>;

  /**
   * A second CSMS root with a server certificate of its own (same host names): the new CSMS a station migrates to
   * after its root was installed (B10 with M05, TC_B_50).
   */
  newCsmsRoot(): Promise<{ ca: string; server: CertAndKey }> {
    return (this.newCsms ??= makeRoot('ocpp-conformance new CSMS root').then(async (root) => ({
      ca: root.pem,
      server: await issue(root, { commonName: TLS_HOST, role: 'server', altNames: [{ type: 'dns', value: TLS_HOST }, { type: 'ip', value: TLS_IP }] }),
    })));
  }

  private signedCsms?: Promise<{ ca: string; server: CertAndKey }>;

  /**
   * A new CSMS root that the current root signed (M05 with AdditionalRootCertificateCheck, PICS AS-2), with a server
   * certificate it issued (same host names; the chain carries the new root after the leaf).
   */
  signedCsmsRoot(): Promise<{ ca: string; server: CertAndKey }> {
    return (this.signedCsms ??= this.root.subordinate({ CN: 'ocpp-conformance new CSMS root (signed by the old)', O: ORGANIZATION }).then(async (root) => {
      const server = await issue(root, { commonName: TLS_HOST, role: 'server', altNames: [{ type: 'dns', value: TLS_HOST }, { type: 'ip', value: TLS_IP }] });
      return { ca: root.pem, server: { cert: `${server.cert.trim()}\n${root.pem.trim()}\n`, key: server.key } };
    }));
  }

  /** A charging station's client certificate: its commonName is the station ID (A00.FR.4xx). */
  clientFor(stationId: string): Promise<CertAndKey> {
    let made = this.clients.get(stationId);
    if (!made) {
      made = issue(this.root, { commonName: stationId, role: 'client' });
      this.clients.set(stationId, made);
    }
    return made;
  }

  /**
   * A broken certificate: for the server role the CSMS's name is `TLS_HOST`; for the client role `name` is the
   * station ID the certificate should have been for. Wrong-name is valid in every other way.
   */
  brokenCert(kind: BrokenKind, role: 'server' | 'client', name = TLS_HOST): Promise<CertAndKey> {
    const key = `${kind}/${role}/${name}`;
    let made = this.broken.get(key);
    if (!made) {
      made = this.makeBroken(kind, role, name);
      this.broken.set(key, made);
    }
    return made;
  }

  private async makeBroken(kind: BrokenKind, role: 'server' | 'client', name: string): Promise<CertAndKey> {
    const issuer = kind === 'unknown-root' ? await (this.strangerRoot ??= makeRoot('a root nobody trusts')) : this.root;
    const commonName = kind === 'wrong-name' ? (role === 'server' ? WRONG_HOST : `${name}-OTHER`) : name;
    const altNames = role === 'server'
      ? (kind === 'wrong-name' ? [{ type: 'dns' as const, value: WRONG_HOST }] : [{ type: 'dns' as const, value: TLS_HOST }, { type: 'ip' as const, value: TLS_IP }])
      : undefined;
    return issue(issuer, { commonName, role, altNames, ...validity(kind) });
  }
}

let shared: Promise<TestPki> | undefined;

/** The PKI of this process's run, made on first use. */
export function testPki(): Promise<TestPki> {
  return (shared ??= TestPki.create());
}

/** The commonName in a certificate's subject (PEM), or undefined. */
export function commonNameOf(pem: string): string | undefined {
  return new x509.X509Certificate(pem).subjectName.getField('CN')[0];
}

