// Certificate signing requests (RFC 2986) and certificates signed on request (OCPP 2.0.1 A02/A03, 1.6 security
// white paper A02/A03), built with node's own crypto: keys, signatures and X.509 parsing come from node; the few
// DER structures node cannot build (a CSR, a certificate's to-be-signed part) are encoded here. Private keys stay
// KeyObjects: nothing in this module turns one into text.
import { X509Certificate, createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

// ---- DER encoding ----------------------------------------------------------------------------------------------

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthBytes(content.length), content]);
}

const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
const explicit = (n: number, content: Buffer) => tlv(0xa0 + n, content);

function integer(value: Buffer | number): Buffer {
  let bytes = typeof value === 'number' ? Buffer.from([value]) : value;
  while (bytes.length > 1 && bytes[0] === 0 && (bytes[1]! & 0x80) === 0) bytes = bytes.subarray(1);
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const chunk: number[] = [];
    for (let v = n; ; v = Math.floor(v / 128)) {
      chunk.unshift((v % 128) | (chunk.length ? 0x80 : 0));
      if (v < 128) break;
    }
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function oidText(content: Buffer): string {
  const parts = [Math.floor(content[0]! / 40), content[0]! % 40];
  let v = 0;
  for (const byte of content.subarray(1)) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) { parts.push(v); v = 0; }
  }
  return parts.join('.');
}

const bitString = (bytes: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const octets = (b: Buffer) => tlv(0x04, b);

/** UTCTime up to 2049, GeneralizedTime after (RFC 5280 4.1.2.5). */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

// ---- DER decoding ----------------------------------------------------------------------------------------------

interface Node { tag: number; content: Buffer; raw: Buffer }

/** The DER element starting at `offset`. Throws on a length that runs past the buffer. */
function parseNode(buf: Buffer, offset = 0): Node {
  const tag = buf[offset];
  let len = buf[offset + 1];
  if (tag === undefined || len === undefined) throw new CsrError('truncated DER');
  let header = 2;
  if (len & 0x80) {
    const count = len & 0x7f;
    if (count === 0 || count > 4) throw new CsrError('unsupported DER length');
    len = 0;
    for (let i = 0; i < count; i++) len = len * 256 + (buf[offset + 2 + i] ?? 0);
    header += count;
  }
  const end = offset + header + len;
  if (end > buf.length) throw new CsrError('DER length runs past the data');
  return { tag, content: buf.subarray(offset + header, end), raw: buf.subarray(offset, end) };
}

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (let at = 0; at < node.content.length;) {
    const child = parseNode(node.content, at);
    out.push(child);
    at += child.raw.length;
  }
  return out;
}

// ---- names, keys, PEM ------------------------------------------------------------------------------------------

/** Subject attributes OCPP certificates use: CN (station serial number / ID), O (CPO name), OU, C. */
export interface Subject { CN?: string; O?: string; OU?: string; C?: string }

const ATTRIBUTES: Record<keyof Subject, string> = { CN: '2.5.4.3', O: '2.5.4.10', OU: '2.5.4.11', C: '2.5.4.6' };
const ATTRIBUTE_NAMES = new Map(Object.entries(ATTRIBUTES).map(([k, v]) => [v, k as keyof Subject]));

function encodeName(subject: Subject): Buffer {
  const rdns = (['C', 'O', 'OU', 'CN'] as const).filter((k) => subject[k] !== undefined).map((k) =>
    // Country is a PrintableString; the rest UTF8String.
    set(seq(oid(ATTRIBUTES[k]), tlv(k === 'C' ? 0x13 : 0x0c, Buffer.from(subject[k]!, 'utf8')))));
  return seq(...rdns);
}

function decodeName(node: Node): Subject {
  const subject: Subject = {};
  for (const rdn of children(node)) {
    for (const atv of children(rdn)) {
      const [type, value] = children(atv);
      const name = type && ATTRIBUTE_NAMES.get(oidText(type.content));
      if (name && value) subject[name] = value.content.toString('utf8');
    }
  }
  return subject;
}

const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const SIGNATURE_HASHES: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256', '1.2.840.10045.4.3.3': 'sha384', '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256', '1.2.840.113549.1.1.12': 'sha384', '1.2.840.113549.1.1.13': 'sha512',
};
const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521, secp224r1: 224, secp256k1: 256 };

/** Algorithm identifier for signatures by `key` (ECDSA with SHA-256, or RSA PKCS#1 v1.5 with SHA-256). */
function signatureAlgorithm(key: KeyObject): Buffer {
  return key.asymmetricKeyType === 'rsa' ? seq(oid('1.2.840.113549.1.1.11'), tlv(0x05, Buffer.alloc(0))) : seq(oid(ECDSA_SHA256));
}

/** A fresh key pair for a station (ECDSA P-256: 256 bits, above the 224 bits the documents ask for). */
export function newKeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

/** Key strength in bits: the modulus for RSA/DSA, the curve order for EC. */
export function keyBits(key: KeyObject): number {
  const d = key.asymmetricKeyDetails ?? {};
  if (d.modulusLength) return d.modulusLength;
  return CURVE_BITS[d.namedCurve ?? ''] ?? 0;
}

/** Whether a key is strong enough for an OCPP certificate: RSA/DSA 2048 bits, EC 224 bits (A00.FR.5xx / Part 6). */
export function strongEnough(key: KeyObject): boolean {
  const bits = keyBits(key);
  return key.asymmetricKeyType === 'ec' ? bits >= 224 : bits >= 2048;
}

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

function unpem(label: string, text: string): Buffer {
  const m = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(text);
  if (!m) throw new CsrError(`not a PEM ${label}`);
  return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
}

export class CsrError extends Error {
  override name = 'CsrError';
}

// ---- CSR -------------------------------------------------------------------------------------------------------

/** A PEM CSR (RFC 2986) for `subject`, carrying the public key and signed with the private key. */
export function buildCsr(subject: Subject, keys: { privateKey: KeyObject; publicKey: KeyObject }): string {
  const spki = keys.publicKey.export({ type: 'spki', format: 'der' });
  // version 0, subject, key, no attributes ([0] IMPLICIT SET, empty).
  const info = seq(integer(0), encodeName(subject), spki, tlv(0xa0, Buffer.alloc(0)));
  const signature = sign('sha256', info, keys.privateKey);
  return pem('CERTIFICATE REQUEST', seq(info, signatureAlgorithm(keys.privateKey), bitString(signature)));
}

/** What a CSR says, once its form and self-signature are checked. */
export interface CsrInfo {
  subject: Subject;
  publicKey: KeyObject;
  keyBits: number;
  keyType: string;
  /** The CSR's own signature verifies with the key it carries (proof of possession). */
  signatureValid: boolean;
}

/** Read a PEM CSR. Throws CsrError when it is not PEM, not DER, or not a PKCS#10 request. */
export function readCsr(text: string): CsrInfo {
  const der = unpem('CERTIFICATE REQUEST', text);
  const top = parseNode(der);
  const [info, algorithm, signature] = top.tag === 0x30 ? children(top) : [];
  if (!info || !algorithm || !signature || signature.tag !== 0x03) throw new CsrError('not a PKCS#10 certification request');
  const [version, name, spki] = children(info);
  if (!version || !name || !spki || name.tag !== 0x30 || spki.tag !== 0x30) throw new CsrError('malformed certificationRequestInfo');
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: spki.raw, format: 'der', type: 'spki' });
  } catch (err) {
    throw new CsrError(`the CSR's public key cannot be read: ${(err as Error).message}`);
  }
  const [algOid] = children(algorithm);
  const hash = algOid ? SIGNATURE_HASHES[oidText(algOid.content)] : undefined;
  let signatureValid = false;
  if (hash) {
    try {
      signatureValid = verify(hash, info.raw, publicKey, signature.content.subarray(1));
    } catch {
      signatureValid = false;
    }
  }
  return { subject: decodeName(name), publicKey, keyBits: keyBits(publicKey), keyType: publicKey.asymmetricKeyType ?? 'unknown', signatureValid };
}

// ---- certificates ----------------------------------------------------------------------------------------------

interface IssueOptions {
  subject: Subject;
  publicKey: KeyObject;
  issuer: Subject;
  signingKey: KeyObject;
  ca: boolean;
  notBefore?: Date;
  notAfter?: Date;
}

function issue(o: IssueOptions): X509Certificate {
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const notBefore = o.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = o.notAfter ?? new Date(Date.now() + 365 * 86_400_000);
  const extensions = o.ca
    ? [
        seq(oid('2.5.29.19'), bool(true), octets(seq(bool(true)))),
        // keyCertSign and cRLSign (bits 5, 6).
        seq(oid('2.5.29.15'), bool(true), octets(tlv(0x03, Buffer.from([1, 0x06])))),
      ]
    : [
        seq(oid('2.5.29.19'), bool(true), octets(seq())),
        // digitalSignature and keyAgreement (bits 0, 4): what a TLS client key of ECDSA needs (A00.FR.512).
        seq(oid('2.5.29.15'), bool(true), octets(tlv(0x03, Buffer.from([3, 0x88])))),
      ];
  const tbs = seq(
    explicit(0, integer(2)), integer(serial), signatureAlgorithm(o.signingKey), encodeName(o.issuer),
    seq(time(notBefore), time(notAfter)), encodeName(o.subject), o.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, o.signingKey);
  return new X509Certificate(seq(tbs, signatureAlgorithm(o.signingKey), bitString(signature)));
}

/** The PEM text of a certificate. */
export function certPem(cert: X509Certificate): string {
  return cert.toString();
}

/** Every certificate of a PEM chain, leaf first. Throws CsrError when one does not parse. */
export function readChain(text: string): X509Certificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (!blocks.length) throw new CsrError('no PEM certificate in the chain');
  return blocks.map((b) => {
    try {
      return new X509Certificate(b);
    } catch (err) {
      throw new CsrError(`a certificate of the chain does not parse: ${(err as Error).message}`);
    }
  });
}

/** The subject of a parsed certificate. */
export function subjectOf(cert: X509Certificate): Subject {
  const out: Subject = {};
  for (const line of cert.subject.split('\n')) {
    const eq = line.indexOf('=');
    const key = line.slice(0, eq) as keyof Subject;
    if (key in ATTRIBUTES) out[key] = line.slice(eq + 1);
  }
  return out;
}

/** A certificate authority that signs on request: the harness's (or a CSMS's) CA for charging station certificates. */
export class CertificateAuthority {
  private constructor(readonly certificate: X509Certificate, private readonly key: KeyObject, readonly name: Subject) {}

  /** A self-signed root with a fresh key (`validity`: an expired or not yet valid one, for negative tests). */
  static create(name: Subject, validity: { notBefore?: Date; notAfter?: Date } = {}): CertificateAuthority {
    const keys = newKeyPair();
    return new CertificateAuthority(issue({ subject: name, issuer: name, publicKey: keys.publicKey, signingKey: keys.privateKey, ca: true, ...validity }), keys.privateKey, name);
  }

  get pem(): string {
    return this.certificate.toString();
  }

  /** Sign a leaf certificate for `subject` and `publicKey`; the chain (leaf, then this CA) in PEM. */
  signKey(subject: Subject, publicKey: KeyObject, validity: { notBefore?: Date; notAfter?: Date } = {}): string {
    const leaf = issue({ subject, publicKey, issuer: this.name, signingKey: this.key, ca: false, ...validity });
    return leaf.toString() + this.pem;
  }

  /** Sign what a CSR asks for, as it asks (subject and key unchanged). The caller checks the CSR first. */
  signCsr(csr: CsrInfo): string {
    return this.signKey(csr.subject, csr.publicKey);
  }
}

/**
 * Why a station must refuse the chain a CertificateSigned brought (A02.FR.06/07), or undefined when it is good:
 * it parses, the leaf is within its validity period, carries the station's key, names the station in CN, and
 * chains up, certificate by certificate, to one of the trusted roots.
 */
export function chainProblem(chainText: string, expect: { publicKey: KeyObject; stationId: string; trusted: X509Certificate[]; now?: Date }): string | undefined {
  let chain: X509Certificate[];
  try {
    chain = readChain(chainText);
  } catch (err) {
    return (err as Error).message;
  }
  const leaf = chain[0]!;
  const now = expect.now ?? new Date();
  if (now < new Date(leaf.validFrom) || now > new Date(leaf.validTo)) return 'the certificate is outside its validity period';
  const leafKey = leaf.publicKey.export({ type: 'spki', format: 'der' });
  if (!leafKey.equals(expect.publicKey.export({ type: 'spki', format: 'der' }))) return 'the certificate does not carry the key of the CSR';
  if (subjectOf(leaf).CN !== expect.stationId) return `the certificate's CN is not the station's (${subjectOf(leaf).CN ?? 'none'})`;
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i]!;
    const trustedIssuer = expect.trusted.find((root) => cert.checkIssued(root) && cert.verify(root.publicKey));
    if (trustedIssuer) return undefined;
    const next = chain[i + 1];
    if (!next || !cert.checkIssued(next) || !cert.verify(next.publicKey)) return 'the certificate is not signed by a CA the station trusts';
  }
  return 'the certificate is not signed by a CA the station trusts';
}

let harnessAuthority: CertificateAuthority | undefined;

/**
 * The CA the harness signs charging station certificates with (one per process). The reference station trusts it as
 * its installed CSMS root; a charger under test must have it installed to accept certificates the harness signs.
 */
export function harnessCa(): CertificateAuthority {
  harnessAuthority ??= CertificateAuthority.create({ CN: 'ocpp-conformance test CA', O: 'ocpp-conformance' });
  return harnessAuthority;
}

/** SHA-256 of a certificate's DER, hex (for certificate hash data and logs that must not carry the certificate). */
export function fingerprint(cert: X509Certificate): string {
  return cert.fingerprint256.replaceAll(':', '').toLowerCase();
}

/** OCPP CertificateHashData of a certificate (1.6 white paper / 2.0.1 M03, after RFC 6960's CertID). */
export interface CertificateHashData { hashAlgorithm: 'SHA256' | 'SHA384' | 'SHA512'; issuerNameHash: string; issuerKeyHash: string; serialNumber: string }

/**
 * The hash data of `cert`: hash of the DER issuer name, hash of the issuer's public key bits (the subjectPublicKey
 * BIT STRING without tag, length and unused-bits octet, as OpenSSL computes it), serial number in hex without
 * leading zeroes. `issuer` defaults to the certificate itself (a root); `wholeKey` hashes the whole
 * SubjectPublicKeyInfo instead (a common mistake, for reference faults).
 */
export function certificateHashData(cert: X509Certificate, hashAlgorithm: CertificateHashData['hashAlgorithm'] = 'SHA256', issuer: X509Certificate = cert, wholeKey = false): CertificateHashData {
  const tbsFields = (c: X509Certificate) => {
    const [tbs] = children(parseNode(c.raw));
    const fields = children(tbs!);
    return fields[0]!.tag === 0xa0 ? fields.slice(1) : fields;
  };
  const [serial, , issuerName] = tbsFields(cert);
  const spki = tbsFields(issuer)[5]!;
  const keyBits = children(spki)[1]!.content.subarray(1);
  const hash = (b: Buffer) => createHash(hashAlgorithm.toLowerCase()).update(b).digest('hex');
  const serialHex = serial!.content.toString('hex').replace(/^0+(?=.)/, '').toUpperCase();
  return { hashAlgorithm, issuerNameHash: hash(issuerName!.raw), issuerKeyHash: hash(wholeKey ? spki.raw : keyBits), serialNumber: serialHex };
}

/** Whether two hash data name the same certificate (hex compared without case). */
export function sameHashData(a: Partial<CertificateHashData>, b: CertificateHashData): boolean {
  const eq = (x: unknown, y: string) => typeof x === 'string' && x.toLowerCase() === y.toLowerCase();
  return a.hashAlgorithm === b.hashAlgorithm && eq(a.issuerNameHash, b.issuerNameHash) && eq(a.issuerKeyHash, b.issuerKeyHash)
    && eq(a.serialNumber, b.serialNumber);
}

/** Why a certificate cannot be installed as a root (CA, self-signed, within its validity), or undefined. */
export function rootProblem(text: string, now = new Date()): string | undefined {
  let cert: X509Certificate;
  try {
    [cert] = readChain(text) as [X509Certificate];
  } catch (err) {
    return (err as Error).message;
  }
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) return 'the certificate is outside its validity period';
  if (!cert.ca) return 'the certificate is not a CA certificate';
  if (!cert.checkIssued(cert) || !cert.verify(cert.publicKey)) return 'the certificate is not a self-signed root';
  return undefined;
}
