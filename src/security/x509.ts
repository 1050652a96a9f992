// The one place that sets up @peculiar/x509 (WebCrypto from node, reflect-metadata for its dependency injection)
// and the certificate authority both the test PKI (pki.ts) and the CSR signing (csr.ts) issue with. Loading this
// module loads the library (~0.3 s): import it dynamically from anything the CLI loads at start.
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };

/**
 * Subject attributes OCPP certificates use: CN (station serial number / ID, or an SECC ID), O (CPO name), OU, C;
 * DC (domainComponent) is what ISO 15118-2's certificate profile marks a V2G PKI's level with (V2G root, CPO sub-CAs).
 */
export interface Subject { CN?: string; O?: string; OU?: string; C?: string; DC?: string }

const NAME_ORDER = ['DC', 'C', 'O', 'OU', 'CN'] as const;

/** The X.500 name of `subject`, most significant first; Country a PrintableString, DC an IA5String, the rest UTF8String. */
export function nameOf(subject: Subject): x509.Name {
  return new x509.Name(NAME_ORDER.filter((k) => subject[k] !== undefined)
    .map((k) => ({ [k]: [k === 'C' ? { printableString: subject[k]! } : k === 'DC' ? { ia5String: subject[k]! } : { utf8String: subject[k]! }] })));
}

/** Key pairs: ECDSA P-256 (what OCPP asks for by default) or RSA of `rsaBits` bits. */
export async function keyPair(options: { rsaBits?: number; extractable?: boolean } = {}): Promise<CryptoKeyPair> {
  const alg: EcKeyGenParams | RsaHashedKeyGenParams = options.rsaBits
    ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: options.rsaBits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
    : { name: 'ECDSA', namedCurve: 'P-256' };
  // The private key is extractable only where it must go into a TLS key file (pki.ts); nothing else exports it.
  return (await webcrypto.subtle.generateKey(alg, options.extractable ?? false, ['sign', 'verify'])) as CryptoKeyPair;
}

/** Signature algorithm for `key`: ECDSA or RSA PKCS#1 v1.5, with SHA-256. */
export function signingAlgorithm(key: CryptoKey): EcdsaParams | RsaHashedImportParams {
  return { ...key.algorithm, hash: 'SHA-256' } as EcdsaParams;
}

/** PEM of a private key, for a TLS key file handed to node's TLS stack (never for logs or reports). */
export async function privateKeyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

const DAY = 86_400_000;

export interface Validity { notBefore?: Date; notAfter?: Date }

/** What a leaf certificate is for: its subject, key, TLS role and (server) alternative names. */
export interface LeafSpec extends Validity {
  subject: Subject;
  publicKey: x509.PublicKeyType;
  /** TLS server or client; `code-signing`: a firmware signing certificate (1.6 white paper L01). */
  role: 'server' | 'client' | 'code-signing';
  altNames?: { type: 'dns' | 'ip'; value: string }[];
}

/** A random positive 128-bit serial number (RFC 5280 4.1.2.2), hex. */
function serialNumber(): string {
  const serial = randomBytes(16);
  // Positive, and no leading zero octet the DER INTEGER would have to drop.
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  return serial.toString('hex');
}

/** A certificate authority: a self-signed root and its key, issuing leaf certificates on request. */
export class CertificateAuthority {
  /**
   * `above`: the PEM of the CA certificates above this one, up to the root (empty for a root): a chain this authority
   * signs carries them after its own certificate.
   */
  private constructor(readonly certificate: x509.X509Certificate, private readonly keys: CryptoKeyPair, private readonly above = '') {}

  /** A self-signed root with a fresh key (`validity`: an expired or not yet valid one, for negative tests). */
  static async create(name: Subject, validity: Validity = {}): Promise<CertificateAuthority> {
    const keys = await keyPair();
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      name: nameOf(name), keys, serialNumber: serialNumber(),
      notBefore: validity.notBefore ?? new Date(Date.now() - DAY), notAfter: validity.notAfter ?? new Date(Date.now() + 3650 * DAY),
      signingAlgorithm: signingAlgorithm(keys.privateKey),
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    return new CertificateAuthority(certificate, keys);
  }

  /** A sub-CA of this authority (ISO 15118's V2G root signs CPO sub-CAs, which sign SECC certificates). */
  async subordinate(name: Subject, options: { ocspUrl?: string } = {}): Promise<CertificateAuthority> {
    const keys = await keyPair();
    const certificate = await x509.X509CertificateGenerator.create({
      subject: nameOf(name), issuer: this.certificate.subjectName, serialNumber: serialNumber(),
      notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 1825 * DAY),
      publicKey: keys.publicKey, signingKey: this.keys.privateKey, signingAlgorithm: signingAlgorithm(this.keys.privateKey),
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(this.certificate),
        // The OCSP responder that answers for this sub-CA (Authority Information Access), where one is named.
        ...(options.ocspUrl ? [new x509.AuthorityInfoAccessExtension({ ocsp: options.ocspUrl })] : []),
      ],
    });
    return new CertificateAuthority(certificate, keys, `${this.pem}\n${this.above}`);
  }

  /** An existing authority (a real SUT's issuer certificate and its key). */
  static fromKeys(certificate: x509.X509Certificate, keys: CryptoKeyPair): CertificateAuthority {
    return new CertificateAuthority(certificate, keys);
  }

  get pem(): string {
    return this.certificate.toString('pem');
  }

  /** The private key (an OCSP responder for the certificates this authority issued signs with it). */
  get privateKey(): CryptoKey {
    return this.keys.privateKey;
  }

  /** A leaf certificate signed by this authority. */
  async issue(spec: LeafSpec): Promise<x509.X509Certificate> {
    const publicKey = await x509.PublicKey.create(spec.publicKey);
    const rsa = publicKey.algorithm.name.startsWith('RSA');
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      // ECDSA keys sign and agree on keys (A00.FR.512); RSA keys sign and encipher.
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | (rsa ? x509.KeyUsageFlags.keyEncipherment : x509.KeyUsageFlags.keyAgreement), true),
      new x509.ExtendedKeyUsageExtension([{ server: x509.ExtendedKeyUsage.serverAuth, client: x509.ExtendedKeyUsage.clientAuth, 'code-signing': x509.ExtendedKeyUsage.codeSigning }[spec.role]]),
      await x509.AuthorityKeyIdentifierExtension.create(this.certificate),
    ];
    if (spec.altNames?.length) extensions.push(new x509.SubjectAlternativeNameExtension(spec.altNames));
    return x509.X509CertificateGenerator.create({
      subject: nameOf(spec.subject), issuer: this.certificate.subjectName, serialNumber: serialNumber(),
      notBefore: spec.notBefore ?? new Date(Date.now() - DAY), notAfter: spec.notAfter ?? new Date(Date.now() + 365 * DAY),
      publicKey, signingKey: this.keys.privateKey, signingAlgorithm: signingAlgorithm(this.keys.privateKey), extensions,
    });
  }

  /**
   * Sign a charging station certificate for `subject` and `publicKey`: the chain, leaf then this CA (and the CAs above
   * it), PEM. `role`: a TLS client certificate by default (towards the CSMS); an ISO 15118 SECC certificate is the
   * TLS server towards the EV.
   */
  async signKey(subject: Subject, publicKey: x509.PublicKeyType, validity: Validity = {}, role: 'client' | 'server' = 'client'): Promise<string> {
    const leaf = await this.issue({ subject, publicKey, role, ...validity });
    return `${leaf.toString('pem')}\n${this.pem}\n${this.above}`;
  }

  /** Sign what a CSR asks for, as it asks (subject and key unchanged). The caller checks the CSR first. */
  signCsr(csr: { subject: Subject; publicKey: x509.PublicKeyType }, role: 'client' | 'server' = 'client'): Promise<string> {
    return this.signKey(csr.subject, csr.publicKey, {}, role);
  }
}
