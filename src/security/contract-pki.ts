// The test PKI of ISO 15118 contract certificates (2.0.1 C07, Plug and Charge): a mobility operator (MO) root, one
// per process, that issues a fresh contract certificate per test case (CN = the eMAID, the OCSP responder of the
// test case in its Authority Information Access), and signs that responder's answers. A fresh certificate per test
// case means no CSMS can hold a cached OCSP response for it (the documents' prerequisite).
// Import this module dynamically: it loads the X.509 library.
import { randomBytes } from 'node:crypto';
import { keyPair, nameOf, signingAlgorithm, x509 } from './x509.js';
import { certIdOf, type OcspCertId, type OcspSigner } from './ocsp.js';

const DAY = 86_400_000;

export interface ContractCertificate {
  certificate: x509.X509Certificate;
  pem: string;
  /** OCPP OCSPRequestDataType of the certificate: its CertID and the responder URL. */
  ocspRequestData: OcspCertId & { responderURL: string };
}

export class ContractPki {
  private constructor(readonly root: x509.X509Certificate, private readonly keys: CryptoKeyPair) {}

  static async create(): Promise<ContractPki> {
    const keys = await keyPair();
    const root = await x509.X509CertificateGenerator.createSelfSigned({
      name: nameOf({ CN: 'ocpp-conformance MO Root CA', O: 'ocpp-conformance', C: 'NL' }), keys, serialNumber: serial(),
      notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 3650 * DAY), signingAlgorithm: signingAlgorithm(keys.privateKey),
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    return new ContractPki(root, keys);
  }

  get pem(): string {
    return this.root.toString('pem');
  }

  /** Who signs the OCSP answers about this PKI's certificates: the root itself. */
  get signer(): OcspSigner {
    return { certificate: this.root, privateKey: this.keys.privateKey };
  }

  /** A new contract certificate for `emaid` whose status the responder at `responderUrl` tells. */
  async issueContract(emaid: string, responderUrl: string): Promise<ContractCertificate> {
    const subjectKeys = await keyPair();
    const certificate = await x509.X509CertificateGenerator.create({
      subject: nameOf({ CN: emaid, O: 'ocpp-conformance MO' }), issuer: this.root.subjectName, serialNumber: serial(),
      notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 365 * DAY),
      publicKey: subjectKeys.publicKey, signingKey: this.keys.privateKey, signingAlgorithm: signingAlgorithm(this.keys.privateKey),
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
        await x509.AuthorityKeyIdentifierExtension.create(this.root),
        new x509.AuthorityInfoAccessExtension({ ocsp: [new x509.GeneralName('url', responderUrl)] }),
      ],
    });
    return { certificate, pem: certificate.toString('pem'), ocspRequestData: { ...certIdOf(certificate, this.root), responderURL: responderUrl } };
  }
}

/** A random positive serial number, hex, without a leading zero octet. */
function serial(): string {
  const s = randomBytes(16);
  s[0] = (s[0]! & 0x7f) | 0x01;
  return s.toString('hex');
}

let shared: Promise<ContractPki> | undefined;

/**
 * The MO root the harness issues contract certificates with (one per process). The reference CSMS trusts it as its
 * installed MO root; a CSMS under test must have it installed for central contract validation.
 */
export function harnessContractPki(): Promise<ContractPki> {
  return (shared ??= ContractPki.create());
}
