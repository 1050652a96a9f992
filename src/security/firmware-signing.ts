// Signed firmware of the 1.6 security white paper (L01): a firmware image, its signature (RSA-PSS with SHA-256 over
// the whole file, L01.FR.04; base64) and the firmware signing certificate, issued directly by a manufacturer root
// (no intermediates, L01 remarks). The harness makes them for its tests; the reference station verifies them.
// Certificates are issued with @peculiar/x509 (through csr.ts, loaded on demand); checks use node's own X.509.
import { X509Certificate, constants, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { createAuthority, harnessCa, type CertificateAuthority } from './csr.js';

export interface SignedFirmware {
  /** The image as the download location serves it. */
  bytes: Buffer;
  /** Base64 signature over `bytes` (or, for an invalid one, over other bytes). */
  signature: string;
  /** PEM of the firmware signing certificate. */
  signingCertificate: string;
}

interface Signer { key: KeyObject; certificate: string }

/** A firmware signing key (RSA 2048) certified for code signing by `ca`. */
async function signerUnder(ca: CertificateAuthority): Promise<Signer> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = await ca.issue({
    subject: { CN: 'ocpp-conformance firmware signing', O: 'ocpp-conformance' },
    publicKey: publicKey.export({ type: 'spki', format: 'der' }), role: 'code-signing',
  });
  return { key: privateKey, certificate: cert.toString('pem') };
}

let harnessSigner: Promise<Signer> | undefined;

/**
 * The harness's signing certificate, issued by the harness CA acting as the test manufacturer: the reference station
 * trusts that CA as its manufacturer root; a charger under test must have it installed as ManufacturerRootCertificate.
 */
function trustedSigner(): Promise<Signer> {
  return (harnessSigner ??= harnessCa().then(signerUnder));
}

/** The PEM of the root the harness's firmware signing certificate chains to. */
export async function manufacturerRootPem(): Promise<string> {
  return (await harnessCa()).pem;
}

function signBytes(bytes: Buffer, key: KeyObject): string {
  return sign('sha256', bytes, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }).toString('base64');
}

/**
 * A fresh firmware image with its signature and signing certificate. `invalidSignature`: the signature is a valid one
 * over other bytes; `untrustedCertificate`: the signing certificate comes from a CA nobody installed.
 */
export async function signedFirmware(o: { invalidSignature?: boolean; untrustedCertificate?: boolean; image?: Buffer } = {}): Promise<SignedFirmware> {
  const signer = o.untrustedCertificate
    ? await signerUnder(await createAuthority({ CN: 'unknown firmware manufacturer', O: 'ocpp-conformance' }))
    : await trustedSigner();
  // `image`: sign these bytes (2.0.1: a test firmware image the reference installs, or a file it cannot install).
  const bytes = o.image ?? Buffer.concat([Buffer.from(`ocpp-conformance test firmware ${new Date().toISOString()}\n`), randomBytes(4096)]);
  const signed = o.invalidSignature ? Buffer.concat([bytes, Buffer.from('tampered')]) : bytes;
  return { bytes, signature: signBytes(signed, signer.key), signingCertificate: signer.certificate };
}

/**
 * Why a charge point must refuse a firmware signing certificate (L01.FR.12/23/24), or undefined: it parses, is within
 * its validity period and is signed directly by one of the manufacturer roots (PEM).
 */
export function signingCertificateProblem(pem: string, roots: readonly string[], now = new Date()): string | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return 'the signing certificate does not parse';
  }
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) return 'the signing certificate is outside its validity period';
  for (const rootPem of roots) {
    const root = new X509Certificate(rootPem);
    if (cert.checkIssued(root) && cert.verify(root.publicKey)) return undefined;
  }
  return 'the signing certificate is not issued by an installed manufacturer root';
}

/**
 * Whether `signature` (base64) is the signing certificate's signature over the whole image (L01.FR.04/12): RSA-PSS
 * with SHA-256 for an RSA key; for an EC key ECDSA with SHA-256 (DER or raw r|s), which chargers use in practice.
 */
export function firmwareSignatureValid(bytes: Buffer, signature: string, signingCertificate: string): boolean {
  try {
    const key = new X509Certificate(signingCertificate).publicKey;
    const sig = Buffer.from(signature, 'base64');
    if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') {
      return verify('sha256', bytes, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, sig);
    }
    if (key.asymmetricKeyType === 'ec') {
      return verify('sha256', bytes, key, sig) || verify('sha256', bytes, { key, dsaEncoding: 'ieee-p1363' }, sig);
    }
    return false;
  } catch {
    return false;
  }
}
