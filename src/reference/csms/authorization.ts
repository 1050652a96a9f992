import { createHash } from 'node:crypto';
import type { IdTokens } from '../../harness/config.js';
import type { Payload } from '../../ocpp/frames.js';
import type { OcppVersion } from '../../ocpp/versions.js';
import { defineFault, type Faults } from '../faults.js';
import type { ReferenceCsms } from './csms.js';

/**
 * The reference CSMS's token database (C01, C09, C16): which tokens it knows, with their status and group. It is
 * filled from the SUT profile's idTokens, the same tokens a real CSMS's operator configures for a run: valid and
 * valid2 Accepted in one group, blocked Blocked, expired Expired, the master pass Accepted in the master pass group.
 * A token it does not know is Unknown (1.6: Invalid, which has no Unknown). The profile's eMAID is a valid contract.
 */

export const AF = {
  acceptsUnknown: defineFault('csms.accepts-unknown-token', 'answers Accepted for an ID token it does not know'),
  acceptsBlocked: defineFault('csms.accepts-blocked-token', 'answers Accepted for an ID token it holds as Blocked'),
  acceptsExpired: defineFault('csms.accepts-expired-token', 'answers Accepted for an ID token it holds as Expired'),
  noGroupId: defineFault('csms.no-group-id', 'leaves the group (2.0.1 groupIdToken, 1.6 parentIdTag) out of its token answers'),
  masterPassNoGroup: defineFault('csms.master-pass-no-group', 'answers the master pass token without its MasterPassGroupId'),
  ocspNeverAsked: defineFault('csms.ocsp-never-asked', '2.0.1 Plug and Charge: accepts a contract certificate without asking its OCSP responder'),
  ocspCertIdWholeKey: defineFault('csms.ocsp-certid-whole-key', '2.0.1 Plug and Charge: hashes the issuer\'s whole SubjectPublicKeyInfo for the OCSP CertID of a certificate it validates, so the responder cannot tell which certificate is meant'),
  acceptsRevokedContract: defineFault('csms.accepts-revoked-contract', '2.0.1 Plug and Charge: answers Accepted for a contract certificate its OCSP responder says is revoked'),
};

export interface TokenRecord {
  status: string;
  group?: string;
}

export class TokenDatabase {
  private readonly tokens = new Map<string, TokenRecord>();

  /** Without tokens the database accepts every token (the stand-alone reference CSMS, a simulator's partner). */
  constructor(private readonly version: OcppVersion, private readonly faults: Faults, idTokens?: IdTokens) {
    this.open = !idTokens;
    if (!idTokens) return;
    const masterPassGroup = idTokens.masterPassGroupId;
    this.tokens.set(idTokens.valid, { status: 'Accepted', group: idTokens.groupId });
    this.tokens.set(idTokens.valid2, { status: 'Accepted', group: idTokens.groupId });
    this.tokens.set(idTokens.blocked, { status: 'Blocked' });
    this.tokens.set(idTokens.expired, { status: 'Expired' });
    // idTokens.invalid is deliberately unknown: no operator registers the token the tests call invalid.
    this.tokens.set(idTokens.masterPass, { status: 'Accepted', group: masterPassGroup });
    if (idTokens.emaid) this.tokens.set(idTokens.emaid, { status: 'Accepted' });
    this.masterPassGroup = masterPassGroup;
  }

  private readonly open: boolean;
  private readonly masterPassGroup?: string;

  /** What the CSMS knows about a token, after the faults bend it. */
  lookup(token: unknown): TokenRecord {
    const known = this.tokens.get(String(token));
    if (!known) {
      if (this.open || this.faults.has(AF.acceptsUnknown)) return { status: 'Accepted' };
      return { status: this.version === '1.6' ? 'Invalid' : 'Unknown' };
    }
    if (known.status === 'Blocked' && this.faults.has(AF.acceptsBlocked)) return { status: 'Accepted' };
    if (known.status === 'Expired' && this.faults.has(AF.acceptsExpired)) return { status: 'Accepted' };
    if (this.faults.has(AF.noGroupId)) return { status: known.status };
    if (known.group !== undefined && known.group === this.masterPassGroup && this.faults.has(AF.masterPassNoGroup)) return { status: known.status };
    return known;
  }

  /** 2.0.1 IdTokenInfoType of a token. */
  info201(token: unknown): Payload {
    const r = this.lookup(token);
    return r.group === undefined ? { status: r.status } : { status: r.status, groupIdToken: { idToken: r.group, type: 'Central' } };
  }

  /** 1.6 IdTagInfo of a token. */
  info16(token: unknown): Payload {
    const r = this.lookup(token);
    return r.group === undefined ? { status: r.status } : { status: r.status, parentIdTag: r.group };
  }

  /** The token info of the CSMS's version. */
  info(token: unknown): Payload {
    return this.version === '1.6' ? this.info16(token) : this.info201(token);
  }
}

// ---------------------------------------------------------------- C07 contract certificates (2.0.1)

/**
 * C07: an Authorize that carries a contract (the OCSP data of a chain the station validated, or the certificate for the
 * CSMS to validate) is answered by the contract's state as well as the eMAID's: the CSMS asks the OCSP responder the
 * station named (iso15118CertificateHashData[].responderURL) or the certificate names (Authority Information Access),
 * checks that the answer is signed by the MO root it trusts, and answers certificateStatus Accepted only for a good
 * certificate (CertificateRevoked for a revoked one); anything but Accepted makes idTokenInfo Invalid. The MO root it
 * trusts is the harness's (security/contract-pki.ts), as an operator would install the MO roots of its partners.
 * Being a test fixture, it asks only responders on this machine (a fuzzed Authorize names any URL).
 */
export function install(csms: ReferenceCsms): void {
  if (csms.version !== '2.0.1') return;
  const inner = csms.handlerFor('Authorize');
  if (!inner) return;
  void import('../../security/ocsp.js').catch(() => undefined);
  csms.handle('Authorize', async (station, p, call) => {
    const answer = await inner(station, p, call);
    if (p.certificate === undefined && p.iso15118CertificateHashData === undefined) return answer;
    const certificateStatus = await contractStatus(csms, p);
    const info = answer.idTokenInfo as Payload;
    return { ...answer, idTokenInfo: certificateStatus === 'Accepted' ? info : { ...info, status: 'Invalid' }, certificateStatus };
  });
}

/** AuthorizeCertificateStatusEnumType of the contract an Authorize carries. */
async function contractStatus(csms: ReferenceCsms, p: Payload): Promise<string> {
  const { queryOcsp, certIdOf, ocspUrlOf } = await import('../../security/ocsp.js');
  const { harnessContractPki } = await import('../../security/contract-pki.js');
  const { x509 } = await import('../../security/x509.js');
  const trusted = [(await harnessContractPki()).root];
  const has = (fault: string) => csms.faults.has(fault);
  const ask = async (url: string, id: Parameters<typeof queryOcsp>[1], issuer: InstanceType<typeof x509.X509Certificate>[]): Promise<string> => {
    if (has(AF.ocspNeverAsked)) return 'Accepted';
    // A test fixture asks only responders on this machine: a fuzzed Authorize must not send it to the Internet.
    if (!onLoopback(url)) return 'NoCertificateAvailable';
    try {
      const status = await queryOcsp(url, id, issuer);
      if (status === 'revoked') return has(AF.acceptsRevokedContract) ? 'Accepted' : 'CertificateRevoked';
      return status === 'good' ? 'Accepted' : 'NoCertificateAvailable';
    } catch {
      return 'NoCertificateAvailable';
    }
  };
  if (typeof p.certificate === 'string') {
    // Central validation (C07.FR.05): the chain up to a trusted MO root, the validity period, then the revocation status.
    const blocks = p.certificate.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    let chain: InstanceType<typeof x509.X509Certificate>[];
    try {
      chain = blocks.map((b) => new x509.X509Certificate(b));
    } catch {
      return 'CertChainError';
    }
    const leaf = chain[0];
    if (!leaf) return 'NoCertificateAvailable';
    const issuer = await issuerIn(leaf, [...chain.slice(1), ...trusted]);
    if (!issuer || !(await chainsTo(issuer, chain.slice(1), trusted))) return 'CertChainError';
    const now = new Date();
    if (now < leaf.notBefore || now > leaf.notAfter) return 'CertificateExpired';
    const url = ocspUrlOf(leaf);
    const id = certIdOf(leaf, issuer);
    if (has(AF.ocspCertIdWholeKey)) id.issuerKeyHash = createHash('sha256').update(Buffer.from(issuer.publicKey.rawData)).digest('hex');
    return url ? ask(url, id, [issuer]) : 'Accepted';
  }
  // Local validation by the station (C07.FR.04): every certificate it names is asked about at its responder.
  const hashes = Array.isArray(p.iso15118CertificateHashData) ? p.iso15118CertificateHashData as Payload[] : [];
  for (const h of hashes) {
    const id = { hashAlgorithm: String(h.hashAlgorithm), issuerNameHash: String(h.issuerNameHash), issuerKeyHash: String(h.issuerKeyHash), serialNumber: String(h.serialNumber) };
    const status = await ask(String(h.responderURL), id as Parameters<typeof queryOcsp>[1], trusted);
    if (status !== 'Accepted') return status;
  }
  return 'Accepted';
}

type Cert = import('@peculiar/x509').X509Certificate;

/** Whether `url` is an http(s) address on this machine (127.0.0.0/8, localhost, [::1]). */
function onLoopback(url: string): boolean {
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) && (/^127\.\d+\.\d+\.\d+$/.test(u.hostname) || u.hostname === 'localhost' || u.hostname === '[::1]');
  } catch {
    return false;
  }
}

/** The certificate among `candidates` that issued `cert` (name and signature), if any. */
async function issuerIn(cert: Cert, candidates: Cert[]): Promise<Cert | undefined> {
  for (const c of candidates) {
    if (c.subject !== cert.issuer) continue;
    if (await cert.verify({ publicKey: c, signatureOnly: true }).catch(() => false)) return c;
  }
  return undefined;
}

/** Whether `cert` is a trusted root or chains up to one through `intermediates`. */
async function chainsTo(cert: Cert, intermediates: Cert[], trusted: Cert[], depth = 0): Promise<boolean> {
  if (trusted.some((t) => t.equal(cert))) return true;
  if (depth > 4) return false;
  const up = await issuerIn(cert, [...intermediates, ...trusted]);
  return up !== undefined && up !== cert && chainsTo(up, intermediates, trusted, depth + 1);
}
