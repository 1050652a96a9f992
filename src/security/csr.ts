// Certificate signing requests (RFC 2986) and certificates signed on request (OCPP 2.0.1 A02/A03, 1.6 security
// white paper A02/A03, M03-M05), on @peculiar/x509 (set up in x509.ts). The library is loaded on first use, so
// the CLI does not pay for it unless a run handles certificates; that is why every function that needs it is async.
// Private keys stay CryptoKeys, not extractable: nothing in this module turns one into text.
import { createHash, createPublicKey } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import type { CertificateAuthority, Subject, Validity } from './x509.js';

export type { CertificateAuthority, Subject } from './x509.js';
export type Certificate = X509.X509Certificate;

const lib = () => import('./x509.js');

/**
 * Start loading the X.509 library in the background: a reference implementation that may sign or build a CSR
 * calls this when it starts, so the first CSR of a run does not pay the load inside a peer's answer timeout.
 */
export function preloadX509(): void {
  void lib().catch(() => undefined);
}

export class CsrError extends Error {
  override name = 'CsrError';
}

/** A fresh key pair for a station: ECDSA P-256 (256 bits, above the 224 the documents ask for), or RSA of `rsaBits`. */
export async function newKeyPair(options: { rsaBits?: number; extractable?: boolean } = {}): Promise<CryptoKeyPair> {
  return (await lib()).keyPair(options);
}

/** PEM of a station's own private key, for its TLS stack only (a client certificate it switches to); never logged. */
export async function tlsKeyPem(key: CryptoKey): Promise<string> {
  return (await lib()).privateKeyPem(key);
}

/** A PEM CSR (RFC 2986) for `subject`, carrying the public key and signed with the private key. */
export async function buildCsr(subject: Subject, keys: CryptoKeyPair): Promise<string> {
  const { x509, nameOf, signingAlgorithm } = await lib();
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: nameOf(subject), keys, signingAlgorithm: signingAlgorithm(keys.privateKey) });
  return csr.toString('pem');
}

/** What a CSR says, once its form and self-signature are checked. */
export interface CsrInfo {
  subject: Subject;
  publicKey: X509.PublicKey;
  keyBits: number;
  keyType: string;
  /** The CSR's own signature verifies with the key it carries (proof of possession). */
  signatureValid: boolean;
  /** Why the signature could not be checked at all (a key WebCrypto does not implement, e.g. brainpool), if so. */
  unverifiable?: string;
}

const CURVE_BITS: Record<string, number> = {
  prime256v1: 256, secp384r1: 384, secp521r1: 521, secp224r1: 224, prime192v1: 192, secp256k1: 256,
  brainpoolP256r1: 256, brainpoolP384r1: 384, brainpoolP512r1: 512,
};

/**
 * Type and strength in bits of a public key: the modulus for RSA/DSA, the curve order for EC. Node reads the key
 * here, not WebCrypto: a CSR may carry a curve WebCrypto does not know (P-192), and its size is what we report.
 */
function keyDetails(spki: ArrayBuffer): { keyType: string; keyBits: number } {
  const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  const d = key.asymmetricKeyDetails ?? {};
  return { keyType: key.asymmetricKeyType ?? 'unknown', keyBits: d.modulusLength ?? CURVE_BITS[d.namedCurve ?? ''] ?? 0 };
}

/** Whether a key is strong enough for an OCPP certificate: RSA/DSA 2048 bits, EC 224 bits (A00.FR.5xx / Part 6). */
export function strongEnough(key: { keyType: string; keyBits: number }): boolean {
  return key.keyType === 'ec' ? key.keyBits >= 224 : key.keyBits >= 2048;
}

/** Read a PEM CSR. Throws CsrError when it is not PEM, not DER, or not a PKCS#10 request. */
export async function readCsr(text: string): Promise<CsrInfo> {
  if (!/-----BEGIN CERTIFICATE REQUEST-----/.test(text)) throw new CsrError('not a PEM CERTIFICATE REQUEST');
  const { x509 } = await lib();
  let csr: X509.Pkcs10CertificateRequest;
  let details: { keyType: string; keyBits: number };
  try {
    csr = new x509.Pkcs10CertificateRequest(text);
    details = keyDetails(csr.publicKey.rawData);
  } catch (err) {
    throw new CsrError(`not a PKCS#10 certification request: ${(err as Error).message}`);
  }
  let unverifiable: string | undefined;
  let signatureValid = false;
  try {
    await csr.publicKey.export();
  } catch (err) {
    unverifiable = `the CSR's ${details.keyType.toUpperCase()} key cannot be used for verification here: ${(err as Error).message}`;
  }
  if (!unverifiable) {
    try {
      signatureValid = await csr.verify();
    } catch {
      signatureValid = false;
    }
  }
  return { subject: subjectOfName(csr.subjectName), publicKey: csr.publicKey, ...details, signatureValid, unverifiable };
}

/**
 * The same CSR with one bit of its signature flipped (negative tests and reference faults). The signature is the
 * last element of the DER, so a byte a few from the end lies in it whatever the key.
 */
export function withBrokenSignature(csr: string): string {
  const der = Buffer.from(csr.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
  der[der.length - 5]! ^= 0x01;
  return `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE REQUEST-----\n`;
}

// ---- certificates ----------------------------------------------------------------------------------------------

/** Every certificate of a PEM chain, leaf first. Throws CsrError when one does not parse. */
export async function readChain(text: string): Promise<Certificate[]> {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (!blocks.length) throw new CsrError('no PEM certificate in the chain');
  const { x509 } = await lib();
  return blocks.map((b) => {
    try {
      return new x509.X509Certificate(b);
    } catch (err) {
      throw new CsrError(`a certificate of the chain does not parse: ${(err as Error).message}`);
    }
  });
}

/** The subject attributes of a parsed name (the first value of each). */
function subjectOfName(name: X509.Name): Subject {
  const out: Subject = {};
  for (const k of ['DC', 'C', 'O', 'OU', 'CN'] as const) {
    const value = name.getField(k)[0];
    if (value !== undefined) out[k] = value;
  }
  return out;
}

/** The subject of a parsed certificate. */
export function subjectOf(cert: Certificate): Subject {
  return subjectOfName(cert.subjectName);
}

/** A new certificate authority with a self-signed root (`validity`: an expired or not yet valid one, for negative tests). */
export async function createAuthority(name: Subject, validity: Validity = {}): Promise<CertificateAuthority> {
  return (await lib()).CertificateAuthority.create(name, validity);
}

let harnessAuthority: Promise<CertificateAuthority> | undefined;

/**
 * The CA the harness signs charging station certificates with (one per process). The reference station trusts it as
 * its installed CSMS root; a charger under test must have it installed to accept certificates the harness signs.
 */
export function harnessCa(): Promise<CertificateAuthority> {
  return (harnessAuthority ??= createAuthority({ CN: 'ocpp-conformance test CA', O: 'ocpp-conformance' }));
}

/** The test V2G PKI: an ISO 15118 V2G root and the CPO sub-CA that signs SECC (V2G charging station) certificates. */
export interface V2gPki { root: CertificateAuthority; subCa: CertificateAuthority }

let v2gAuthority: Promise<V2gPki> | undefined;

/**
 * The V2G PKI of this process (ISO 15118-2's hierarchy, DC marking each level): the reference station has its root
 * installed as V2GRootCertificate, the harness and the reference CSMS sign V2G and combined certificates with its
 * sub-CA (the "configured V2G certificate chain" of the documents). A charger under test must have this root
 * installed to accept them.
 */
/**
 * The OCSP responder the V2G sub-CA names (M06: the station asks the CSMS for its status with this URL). Nothing
 * listens there: the harness, as the CSMS, answers GetCertificateStatus itself.
 */
export const V2G_OCSP_URL = 'http://localhost/ocpp-conformance/v2g-ocsp';

export function v2gPki(): Promise<V2gPki> {
  return (v2gAuthority ??= (async () => {
    const root = await createAuthority({ DC: 'V2G', CN: 'ocpp-conformance V2G root', O: 'ocpp-conformance' });
    return { root, subCa: await root.subordinate({ DC: 'CPO', CN: 'ocpp-conformance CPO sub-CA', O: 'ocpp-conformance' }, { ocspUrl: V2G_OCSP_URL }) };
  })());
}

/** Whether a certificate names a V2G root as its issuer or is one (ISO 15118-2: the root's subject has DC=V2G). */
export function isV2gRootName(name: string): boolean {
  return /(^|,\s*)DC=V2G(\s*,|$)/i.test(name);
}

const within = (cert: Certificate, now: Date) => now >= cert.notBefore && now <= cert.notAfter;

/** Whether `cert` names `issuer` as its issuer and carries its signature. */
async function issuedBy(cert: Certificate, issuer: Certificate): Promise<boolean> {
  if (cert.issuer !== issuer.subject) return false;
  try {
    return await cert.verify({ publicKey: issuer, signatureOnly: true });
  } catch {
    return false;
  }
}

/**
 * Why a station must refuse the chain a CertificateSigned brought (A02.FR.06/07), or undefined when it is good:
 * it parses, the leaf is within its validity period, carries the station's key, names the station in CN, and
 * chains up, certificate by certificate, to one of the trusted roots.
 */
export async function chainProblem(chainText: string, expect: { publicKey: CryptoKey; stationId: string; trusted: Certificate[]; now?: Date }): Promise<string | undefined> {
  let chain: Certificate[];
  try {
    chain = await readChain(chainText);
  } catch (err) {
    return (err as Error).message;
  }
  const leaf = chain[0]!;
  if (!within(leaf, expect.now ?? new Date())) return 'the certificate is outside its validity period';
  if (!(await carriesKey(leaf, expect.publicKey))) return 'the certificate does not carry the key of the CSR';
  if (subjectOf(leaf).CN !== expect.stationId) return `the certificate's CN is not the station's (${subjectOf(leaf).CN ?? 'none'})`;
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i]!;
    for (const root of expect.trusted) if (await issuedBy(cert, root)) return undefined;
    const next = chain[i + 1];
    if (!next || !(await issuedBy(cert, next))) return 'the certificate is not signed by a CA the station trusts';
  }
  return 'the certificate is not signed by a CA the station trusts';
}

/** Whether `cert` carries `publicKey` (SubjectPublicKeyInfo compared). */
export async function carriesKey(cert: Certificate, publicKey: CryptoKey): Promise<boolean> {
  const { x509 } = await lib();
  return (await x509.PublicKey.create(publicKey)).equal(cert.publicKey);
}

/**
 * Why a chain is not made of certificates each signed by the next one, or undefined (the last one is not checked
 * against anything: whom to trust is the caller's business).
 */
export async function brokenLink(chain: Certificate[]): Promise<string | undefined> {
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!(await issuedBy(chain[i]!, chain[i + 1]!))) return `certificate ${i + 1} of the chain is not signed by certificate ${i + 2}`;
  }
  return undefined;
}

/** SHA-256 of a certificate's DER, hex (for certificate hash data and logs that must not carry the certificate). */
export function fingerprint(cert: Certificate): string {
  return createHash('sha256').update(Buffer.from(cert.rawData)).digest('hex');
}

/** OCPP CertificateHashData of a certificate (1.6 white paper / 2.0.1 M03, after RFC 6960's CertID). */
export interface CertificateHashData { hashAlgorithm: 'SHA256' | 'SHA384' | 'SHA512'; issuerNameHash: string; issuerKeyHash: string; serialNumber: string }

/**
 * The hash data of `cert`: hash of the DER issuer name, hash of the issuer's public key bits (the subjectPublicKey
 * BIT STRING without tag, length and unused-bits octet, as OpenSSL computes it: the library's key identifier with
 * that hash), serial number in hex without leading zeroes. `issuer` defaults to the certificate itself (a root);
 * `wholeKey` hashes the whole SubjectPublicKeyInfo instead (a common mistake, for reference faults).
 */
export async function certificateHashData(cert: Certificate, hashAlgorithm: CertificateHashData['hashAlgorithm'] = 'SHA256', issuer: Certificate = cert, wholeKey = false): Promise<CertificateHashData> {
  const hash = (b: ArrayBuffer) => createHash(hashAlgorithm.toLowerCase()).update(Buffer.from(b)).digest('hex');
  const webHash = hashAlgorithm.replace('SHA', 'SHA-');
  const issuerKeyHash = wholeKey ? hash(issuer.publicKey.rawData) : Buffer.from(await issuer.publicKey.getKeyIdentifier(webHash)).toString('hex');
  const serialNumber = cert.serialNumber.replace(/^0+(?=.)/, '').toUpperCase();
  return { hashAlgorithm, issuerNameHash: hash(cert.issuerName.toArrayBuffer()), issuerKeyHash, serialNumber };
}

/** Whether two hash data name the same certificate (hex compared without case). */
export function sameHashData(a: Partial<CertificateHashData>, b: CertificateHashData): boolean {
  const eq = (x: unknown, y: string) => typeof x === 'string' && x.toLowerCase() === y.toLowerCase();
  return a.hashAlgorithm === b.hashAlgorithm && eq(a.issuerNameHash, b.issuerNameHash) && eq(a.issuerKeyHash, b.issuerKeyHash)
    && eq(a.serialNumber, b.serialNumber);
}

/** Why a certificate cannot be installed as a root (CA, self-signed, within its validity), or undefined. */
export async function rootProblem(text: string, now = new Date()): Promise<string | undefined> {
  let cert: Certificate;
  try {
    [cert] = (await readChain(text)) as [Certificate];
  } catch (err) {
    return (err as Error).message;
  }
  if (!within(cert, now)) return 'the certificate is outside its validity period';
  const { x509 } = await lib();
  if (!cert.getExtension(x509.BasicConstraintsExtension)?.ca) return 'the certificate is not a CA certificate';
  if (!(await issuedBy(cert, cert))) return 'the certificate is not a self-signed root';
  return undefined;
}
