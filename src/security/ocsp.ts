// OCSP (RFC 6960) for ISO 15118 contract certificates (2.0.1 C07): a responder the harness serves on loopback while
// it plays a charging station, and the client the reference CSMS queries it with. The ASN.1 comes from
// @peculiar/asn1-ocsp (CertID, OCSPRequest, BasicOCSPResponse); signatures are ECDSA with SHA-256 over the DER of
// tbsResponseData, signed by the issuing CA itself (responderID byName, RFC 6960 4.2.2.2).
// Import this module dynamically: it loads the ASN.1 and X.509 libraries.
import { createHash, KeyObject, sign, verify, webcrypto } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Name, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import {
  BasicOCSPResponse, CertID, CertStatus, OCSPRequest, OCSPResponse, OCSPResponseStatus, Request, ResponderID, ResponseBytes,
  ResponseData, RevokedInfo, SingleResponse, TBSRequest, id_pkix_ocsp_basic, id_pkix_ocsp_nonce,
} from '@peculiar/asn1-ocsp';
import { x509 } from './x509.js';

/** OCPP's hash algorithms, and SHA-1 that OCSP clients (OpenSSL's default) still name a certificate with. */
export type HashAlgorithm = 'SHA256' | 'SHA384' | 'SHA512' | 'SHA1';
export type OcspStatus = 'good' | 'revoked' | 'unknown';

/** The CertID of RFC 6960 as OCPP's OCSPRequestDataType words it (hex, serial without leading zeroes). */
export interface OcspCertId { hashAlgorithm: HashAlgorithm; issuerNameHash: string; issuerKeyHash: string; serialNumber: string }

const HASH_OIDS: Record<HashAlgorithm, string> = {
  SHA256: '2.16.840.1.101.3.4.2.1', SHA384: '2.16.840.1.101.3.4.2.2', SHA512: '2.16.840.1.101.3.4.2.3', SHA1: '1.3.14.3.2.26',
};
const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const hex = (b: ArrayBuffer | Uint8Array) => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex').toUpperCase();
const serialHex = (s: string) => s.replace(/^0+(?=.)/, '').toUpperCase();
const digest = (alg: HashAlgorithm, data: ArrayBuffer) => createHash(alg.toLowerCase()).update(Buffer.from(data)).digest();
/** The whole seconds of a time: DER GeneralizedTime without a fraction. */
const seconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);

/** The CertID of `cert` issued by `issuer`: hashes of the issuer's DER name and of its public key bits (RFC 6960 4.1.1). */
export function certIdOf(cert: x509.X509Certificate, issuer: x509.X509Certificate, hashAlgorithm: HashAlgorithm = 'SHA256'): OcspCertId {
  const keyBits = AsnConvert.parse(issuer.publicKey.rawData, SubjectPublicKeyInfo).subjectPublicKey;
  return {
    hashAlgorithm, issuerNameHash: hex(digest(hashAlgorithm, cert.issuerName.toArrayBuffer())),
    issuerKeyHash: hex(digest(hashAlgorithm, keyBits)), serialNumber: serialHex(cert.serialNumber),
  };
}

export function sameCertId(a: Partial<OcspCertId>, b: OcspCertId): boolean {
  const eq = (x: unknown, y: string) => typeof x === 'string' && x.toUpperCase() === y.toUpperCase();
  return a.hashAlgorithm === b.hashAlgorithm && eq(a.issuerNameHash, b.issuerNameHash) && eq(a.issuerKeyHash, b.issuerKeyHash)
    && typeof a.serialNumber === 'string' && serialHex(a.serialNumber) === serialHex(b.serialNumber);
}

function toAsnCertId(id: OcspCertId): CertID {
  let serial = serialHex(id.serialNumber);
  if (serial.length % 2) serial = `0${serial}`;
  // A DER INTEGER is signed: a serial whose first bit is set gets a zero octet in front.
  if (parseInt(serial[0]!, 16) >= 8) serial = `00${serial}`;
  return new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: HASH_OIDS[id.hashAlgorithm] }),
    issuerNameHash: new OctetString(Buffer.from(id.issuerNameHash, 'hex')), issuerKeyHash: new OctetString(Buffer.from(id.issuerKeyHash, 'hex')),
    serialNumber: new Uint8Array(Buffer.from(serial, 'hex')).buffer,
  });
}

/** The OCPP words of an ASN.1 CertID; undefined for a hash algorithm not known here. */
function fromAsnCertId(id: CertID): OcspCertId | undefined {
  const hashAlgorithm = (Object.keys(HASH_OIDS) as HashAlgorithm[]).find((k) => HASH_OIDS[k] === id.hashAlgorithm.algorithm);
  if (!hashAlgorithm) return undefined;
  return {
    hashAlgorithm, issuerNameHash: hex(id.issuerNameHash.buffer), issuerKeyHash: hex(id.issuerKeyHash.buffer),
    serialNumber: serialHex(hex(id.serialNumber)),
  };
}

// ---- responder ---------------------------------------------------------------------------------------------------

/** One OCSP request the responder received: the certificates asked about, or why it was not a valid request. */
export interface OcspQuery {
  certIds: OcspCertId[];
  /** What made the request invalid (method, content type, DER, hash algorithm); the responder answered malformedRequest. */
  problem?: string;
  /** The status answered per CertID, in order. */
  answered: OcspStatus[];
}

/** The CA that signs the responses: its certificate and private key. */
export interface OcspSigner { certificate: x509.X509Certificate; privateKey: CryptoKey }

/**
 * An OCSP responder on 127.0.0.1 (HTTP POST of application/ocsp-request, or GET with the request base64 in the path,
 * RFC 6960 A.1). It answers good or revoked for the certificates it was told about, unknown for any other, and keeps
 * every request it received for the test case to judge.
 */
export class OcspResponder {
  readonly queries: OcspQuery[] = [];
  private readonly statuses: { id: OcspCertId; status: OcspStatus }[] = [];

  private constructor(private readonly server: Server, readonly url: string, private readonly signer: OcspSigner) {}

  static async start(signer: OcspSigner): Promise<OcspResponder> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const responder = new OcspResponder(server, `http://127.0.0.1:${port}/ocsp`, signer);
    server.on('request', (req, res) => {
      void responder.respond(req).then((der) => {
        res.writeHead(200, { 'content-type': 'application/ocsp-response', 'content-length': der.length });
        res.end(der);
      }, () => {
        res.writeHead(500);
        res.end();
      });
    });
    return responder;
  }

  /** Answer `status` for `cert` (issued by the signer), under every hash algorithm a CSMS may name it with. */
  setStatus(cert: x509.X509Certificate, status: OcspStatus): void {
    for (const alg of Object.keys(HASH_OIDS) as HashAlgorithm[]) this.statuses.push({ id: certIdOf(cert, this.signer.certificate, alg), status });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async respond(req: IncomingMessage): Promise<Buffer> {
    const body = await readBody(req);
    const query: OcspQuery = { certIds: [], answered: [] };
    this.queries.push(query);
    let der: Buffer;
    if (req.method === 'POST') {
      if (!String(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/ocsp-request')) {
        query.problem = `a POST with content type ${String(req.headers['content-type'] ?? '(none)')}, not application/ocsp-request`;
      }
      der = body;
    } else if (req.method === 'GET') {
      // GET {url}/{url-encoding of base64 of the DER}: the base64 may hold '/' itself when it was not encoded.
      const path = (req.url ?? '').replace(/^\/ocsp\/?/, '').replace(/^\//, '');
      der = Buffer.from(decodeURIComponent(path), 'base64');
    } else {
      query.problem = `method ${req.method ?? '?'}: OCSP over HTTP is a GET or a POST`;
      return malformed();
    }
    let request: OCSPRequest;
    try {
      request = AsnConvert.parse(der, OCSPRequest);
    } catch (err) {
      query.problem ??= `the body is not a DER OCSPRequest: ${(err as Error).message}`;
      return malformed();
    }
    if (query.problem) return malformed();
    const responses: SingleResponse[] = [];
    const now = Date.now();
    for (const r of request.tbsRequest.requestList) {
      const id = fromAsnCertId(r.reqCert);
      if (!id) {
        query.problem = `a CertID with hash algorithm ${r.reqCert.hashAlgorithm.algorithm}, not SHA-1/256/384/512`;
        return malformed();
      }
      query.certIds.push(id);
      const status = this.statuses.find((s) => sameCertId(id, s.id))?.status ?? 'unknown';
      query.answered.push(status);
      const certStatus = status === 'good' ? new CertStatus({ good: null })
        : status === 'revoked' ? new CertStatus({ revoked: new RevokedInfo({ revocationTime: seconds(now - 3_600_000) }) })
          : new CertStatus({ unknown: null });
      responses.push(new SingleResponse({ certID: r.reqCert, certStatus, thisUpdate: seconds(now), nextUpdate: seconds(now + 3_600_000) }));
    }
    const nonce = request.tbsRequest.requestExtensions?.filter((e) => e.extnID === id_pkix_ocsp_nonce) ?? [];
    const tbsResponseData = new ResponseData({
      responderID: new ResponderID({ byName: AsnConvert.parse(this.signer.certificate.subjectName.toArrayBuffer(), Name) }),
      producedAt: seconds(now), responses,
      // A nonce the client sent comes back (RFC 8954), so a client that checks it accepts the answer.
      responseExtensions: nonce.length ? nonce : undefined,
    });
    const signature = sign('sha256', Buffer.from(AsnConvert.serialize(tbsResponseData)), { key: KeyObject.from(this.signer.privateKey), dsaEncoding: 'der' });
    const basic = new BasicOCSPResponse({
      tbsResponseData, signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_SHA256 }), signature: new Uint8Array(signature).buffer,
    });
    return Buffer.from(AsnConvert.serialize(new OCSPResponse({
      responseStatus: OCSPResponseStatus.successful,
      responseBytes: new ResponseBytes({ responseType: id_pkix_ocsp_basic, response: new OctetString(AsnConvert.serialize(basic)) }),
    })));
  }
}

function malformed(): Buffer {
  return Buffer.from(AsnConvert.serialize(new OCSPResponse({ responseStatus: OCSPResponseStatus.malformedRequest })));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 65_536) req.destroy(new Error('OCSP request too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// ---- client ------------------------------------------------------------------------------------------------------

/**
 * Ask the responder at `url` about `id` (HTTP POST, application/ocsp-request) and read the answer: the status, once the
 * signature verifies with the public key of one of `issuers` (the CA the responder names, RFC 6960 4.2.2.2). Throws
 * when the responder cannot be reached, answers no successful response, or signs with no key it may sign with.
 */
export async function queryOcsp(url: string, id: OcspCertId, issuers: x509.X509Certificate[], timeoutMs = 3_000): Promise<OcspStatus> {
  return readOcspResponse(await fetchOcspResponse(url, id, timeoutMs), id, issuers);
}

/** The DER OCSPResponse the responder at `url` answers about `id` (HTTP POST, application/ocsp-request), unread. */
export async function fetchOcspResponse(url: string, id: OcspCertId, timeoutMs = 3_000): Promise<Buffer> {
  const request = new OCSPRequest({ tbsRequest: new TBSRequest({ requestList: [new Request({ reqCert: toAsnCertId(id) })] }) });
  const res = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: Buffer.from(AsnConvert.serialize(request)),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`the OCSP responder answered HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/**
 * The status a DER OCSPResponse gives `id`, once its signature verifies with the key of one of `issuers`. Throws for
 * anything else: not an OCSPResponse, not successful, not basic, not signed by an issuer, silent about `id`.
 */
export async function readOcspResponse(der: Buffer, id: OcspCertId, issuers: x509.X509Certificate[]): Promise<OcspStatus> {
  const response = AsnConvert.parse(der, OCSPResponse);
  if (response.responseStatus !== OCSPResponseStatus.successful || !response.responseBytes) {
    throw new Error(`the OCSP responder answered ${OCSPResponseStatus[response.responseStatus] ?? response.responseStatus}`);
  }
  if (response.responseBytes.responseType !== id_pkix_ocsp_basic) throw new Error('the OCSP response is not a basic response');
  const basic = AsnConvert.parse(response.responseBytes.response.buffer, BasicOCSPResponse);
  const tbs = Buffer.from(AsnConvert.serialize(basic.tbsResponseData));
  let signed = false;
  for (const issuer of issuers) {
    const key = KeyObject.from(await issuer.publicKey.export(webcrypto as unknown as Crypto));
    if (verify('sha256', tbs, { key, dsaEncoding: 'der' }, Buffer.from(basic.signature))) signed = true;
  }
  if (!signed) throw new Error('the OCSP response is not signed by the certificate\'s issuer');
  const single = basic.tbsResponseData.responses.find((r) => {
    const got = fromAsnCertId(r.certID);
    return got !== undefined && sameCertId(got, id);
  });
  if (!single) throw new Error('the OCSP response says nothing about the certificate asked about');
  return single.certStatus.good !== undefined ? 'good' : single.certStatus.revoked !== undefined ? 'revoked' : 'unknown';
}

/** The OCSP responder URL a certificate names (Authority Information Access), if any. */
export function ocspUrlOf(cert: x509.X509Certificate): string | undefined {
  const aia = cert.getExtension(x509.AuthorityInfoAccessExtension);
  return aia?.ocsp.find((n) => n.type === 'url')?.value;
}
