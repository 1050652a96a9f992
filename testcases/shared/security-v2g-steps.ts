// A02 with ISO 15118 (2.0.1): the V2G charging station (SECC) certificate and the combined OCPP / ISO 15118
// certificate, signed on request, both SUT roles. Certificates and CSRs are real (src/security/csr.ts); the V2G
// chain is the test V2G PKI (a V2G root and a CPO sub-CA, ISO 15118-2's hierarchy marked with DC=V2G / DC=CPO).
import { testCase, type CsTestCase, type CsmsTestCase, type CsmsContext, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import type { ReceivedCall } from '../../src/harness/peer.js';
import type { Payload } from '../../src/ocpp/frames.js';
import { SEC } from '../../src/reference/station/security.js';
import { SECF } from '../../src/reference/csms/security.js';
import {
  CsrError, brokenLink, buildCsr, carriesKey, createAuthority, isV2gRootName, newKeyPair, readChain, readCsr, strongEnough, subjectOf, v2gPki,
  type Certificate, type CsrInfo,
} from '../../src/security/csr.js';
import { setVariables } from './variables-steps.js';

const ADVANCED = 'advanced-security';
const ISO15118 = 'ISO15118';
const COMBINED = 'ISO-3';
const SP3 = 'security-profile-3';

// ---- charging station under test ---------------------------------------------------------------------------------

/** What the memory state RenewV2GChargingStationCertificate configured: the values the station took. */
interface V2gSettings { country?: string; organization?: string }

/**
 * Preparations of RenewV2GChargingStationCertificate: V2GCertificateInstallationEnabled true, CountryName NL and
 * OrganizationName the vendor, each only "if implemented" (a refusal leaves that item unchecked, never fails).
 */
async function prepareV2g(csms: CsmsHarness): Promise<V2gSettings> {
  const iso = (variable: string) => ({ component: 'ISO15118Ctrlr', variable });
  const organization = csms.profile.vendor;
  const results = await setVariables(csms, [
    { cv: iso('V2GCertificateInstallationEnabled'), value: 'true' },
    { cv: iso('CountryName'), value: 'NL' },
    { cv: iso('OrganizationName'), value: organization },
  ]);
  const took = (i: number) => results[i]?.attributeStatus === 'Accepted';
  return { country: took(1) ? 'NL' : undefined, organization: took(2) ? organization : undefined };
}

/**
 * The SeccIds the station reports, each with the EVSE whose ISO15118Ctrlr holds it (undefined: the station-level
 * controller). Read with GetVariables for the station-level controller and each EVSE of the SUT profile.
 */
async function seccIds(csms: CsmsHarness): Promise<{ evse?: number; seccId: string }[]> {
  const where = [undefined, ...csms.profile.evses.map((e) => e.id)];
  const answer = await csms.call('GetVariables', {
    getVariableData: where.map((evse) => ({ component: { name: 'ISO15118Ctrlr', ...(evse === undefined ? {} : { evse: { id: evse } }) }, variable: { name: 'SeccId' } })),
  });
  const found: { evse?: number; seccId: string }[] = [];
  for (const r of (answer.getVariableResult as Payload[] | undefined) ?? []) {
    const evse = ((r.component as Payload | undefined)?.evse as Payload | undefined)?.id;
    if (r.attributeStatus === 'Accepted' && r.attributeValue) found.push({ evse: evse === undefined ? undefined : Number(evse), seccId: String(r.attributeValue) });
  }
  return found;
}

/** Read a CSR: PEM PKCS#10 (RFC 2986) whose self-signature verifies. */
async function soundCsr(payload: Payload): Promise<CsrInfo> {
  let csr: CsrInfo;
  try {
    csr = await readCsr(String(payload.csr));
  } catch (err) {
    if (err instanceof CsrError) throw new Verdict(`SignCertificate must carry a PEM-encoded PKCS#10 CSR (RFC 2986): ${err.message}`, 'A02.FR.03');
    throw err;
  }
  if (csr.unverifiable) throw new Inconclusive(csr.unverifiable);
  if (!csr.signatureValid) throw new Verdict('the CSR\'s signature does not verify with the public key it carries (RFC 2986 proof of possession)', 'A02.FR.03');
  return csr;
}

/** Trigger `requestedMessage` (Accepted, F06.FR.04) and answer the SignCertificate that follows Accepted. */
async function triggerCsr(csms: CsmsHarness, requestedMessage: string, evse?: number): Promise<ReceivedCall> {
  csms.answer('SignCertificate', { status: 'Accepted' });
  const since = Date.now();
  const trigger = await csms.call('TriggerMessage', evse === undefined ? { requestedMessage } : { requestedMessage, evse: { id: evse } });
  if (trigger.status !== 'Accepted') throw new Verdict(`TriggerMessage ${requestedMessage} must be Accepted, got ${String(trigger.status)}`, 'F06.FR.04');
  return csms.expectCall('SignCertificate', { after: since });
}

/** A V2G CSR as RenewV2GChargingStationCertificate checks it (and the subject the preparations configured). */
async function checkV2gCsr(call: ReceivedCall, seccId: string | undefined, settings: V2gSettings): Promise<CsrInfo> {
  if (call.payload.certificateType !== 'V2GCertificate') {
    throw new Verdict(`the SignCertificate for a V2G certificate must say certificateType V2GCertificate, it says ${String(call.payload.certificateType ?? 'nothing (a combined certificate)')}`);
  }
  const csr = await soundCsr(call.payload);
  if (csr.keyType !== 'ec') throw new Verdict(`a V2G certificate's key must be an elliptic-curve key (ISO 15118 uses ECDSA only), the CSR carries ${csr.keyType.toUpperCase()}`);
  if (csr.keyBits < 256) throw new Verdict(`a V2G certificate's key must be at least 256 bits, the CSR's has ${csr.keyBits}`);
  if (seccId !== undefined && csr.subject.CN !== seccId) throw new Verdict(`the V2G CSR's CN must be the SeccId ${seccId}, it is ${csr.subject.CN ?? 'absent'}`);
  if (settings.organization !== undefined && csr.subject.O !== settings.organization) {
    throw new Verdict(`the V2G CSR's O must be the configured ISO15118Ctrlr.OrganizationName (${settings.organization}), it is ${csr.subject.O ?? 'absent'}`);
  }
  if (settings.country !== undefined && csr.subject.C !== settings.country) {
    throw new Verdict(`the V2G CSR's C must be the configured ISO15118Ctrlr.CountryName (${settings.country}), it is ${csr.subject.C ?? 'absent'}`);
  }
  return csr;
}

/**
 * Memory state RenewV2GChargingStationCertificate as a precondition (M03 TC_M_15_CS): one V2G certificate (the first
 * SeccId's, or the station's) signed by the V2G chain's sub-CA and installed. Returns the chain; a station that does
 * not get there leaves the test inconclusive (TC_A_12_CS is about it).
 */
export async function renewV2gCertificate(csms: CsmsHarness): Promise<string> {
  try {
    const settings = await prepareV2g(csms);
    const [target] = await seccIds(csms);
    const call = await triggerCsr(csms, 'SignV2GCertificate', target?.evse);
    const csr = await checkV2gCsr(call, target?.seccId, settings);
    const chain = await (await v2gPki()).subCa.signCsr(csr, 'server');
    const answer = await csms.call('CertificateSigned', { certificateChain: chain, certificateType: 'V2GCertificate' });
    if (answer.status !== 'Accepted') throw new Verdict(`CertificateSigned answered ${String(answer.status)}`);
    return chain;
  } catch (err) {
    if (err instanceof Verdict) throw new Inconclusive(`memory state RenewV2GChargingStationCertificate not reached (TC_A_12_CS is about it): ${err.message}`);
    throw err;
  }
}

/**
 * TC_A_12_CS (memory state RenewV2GChargingStationCertificate): for each SeccId (or once, without EVSE, when none is
 * reported) the station sends a V2G CSR on TriggerMessage SignV2GCertificate and installs the certificate the V2G
 * chain's sub-CA signed from it. `variant` unknown-root (own test): a V2G certificate from a V2G root the station has
 * not installed is Rejected.
 */
export function v2gCertificateCs(variant: 'accepted' | 'unknown-root', octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'A02', variant: `v2g-${variant}`, ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: [ISO15118],
    title: variant === 'accepted'
      ? 'On request the station sends a V2G CSR for each SeccId and installs the V2G certificate signed from it'
      : 'A V2G certificate that does not chain to an installed V2G root is rejected (own test)',
    killedBy: variant === 'accepted' ? [SEC.v2gCsrWrongSubject, SEC.csrBadSignature] : [SEC.acceptsV2gUnknownRoot],
    async run({ csms }) {
      await csms.booted();
      const settings = await prepareV2g(csms);
      const found = await seccIds(csms);
      const targets = found.length ? found : [{ evse: undefined, seccId: undefined }];
      const v2g = await v2gPki();
      const stranger = variant === 'unknown-root' ? await (await createAuthority({ DC: 'V2G', CN: 'a V2G root the station has not installed', O: 'not the CPO' })).subordinate({ DC: 'CPO', CN: 'stranger sub-CA' }) : undefined;
      for (const { evse, seccId } of variant === 'accepted' ? targets : targets.slice(0, 1)) {
        const call = await triggerCsr(csms, 'SignV2GCertificate', evse);
        const csr = await checkV2gCsr(call, seccId, settings);
        const chain = await (stranger ?? v2g.subCa).signCsr(csr, 'server');
        const answer = await csms.call('CertificateSigned', { certificateChain: chain, certificateType: 'V2GCertificate' });
        if (variant === 'accepted' && answer.status !== 'Accepted') {
          throw new Verdict(`a V2G certificate signed from the station's own CSR by the V2G chain's sub-CA must be Accepted, got ${String(answer.status)}`, 'A02.FR.06');
        }
        if (variant === 'unknown-root' && answer.status !== 'Rejected') {
          throw new Verdict(`a V2G certificate that does not chain to an installed V2G root must be Rejected, got ${String(answer.status)}`, 'A02.FR.06');
        }
      }
    },
  });
}

/**
 * TC_A_13_CS (withdrawn from certification, still in Part 6): over security profile 3, TriggerMessage
 * SignCombinedCertificate; the CSR (no certificateType: a certificate for both OCPP and ISO 15118) is signed by the
 * V2G chain's sub-CA and installed.
 */
export function combinedCertificateCs(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'A02', variant: 'combined', ocpp: '2.0.1', sut: 'CS', octt, profile: 'security', needs: [ADVANCED, ISO15118, COMBINED, SP3], securityProfile: 3,
    title: 'On request the station sends a CSR for a combined OCPP / ISO 15118 certificate and installs it (TC_A_13: withdrawn from certification, 2025-02 erratum)',
    killedBy: [SEC.combinedCsrTyped, SEC.csrBadSignature],
    async run({ csms }) {
      await csms.booted();
      const call = await triggerCsr(csms, 'SignCombinedCertificate');
      // A SignCertificate without certificateType asks for a certificate for both connections (SignCertificateRequest).
      if (call.payload.certificateType !== undefined) {
        throw new Verdict(`the CSR for a combined certificate must leave certificateType out (that is what makes it one for OCPP and ISO 15118), it says ${String(call.payload.certificateType)}`);
      }
      const csr = await soundCsr(call.payload);
      if (!strongEnough(csr) || csr.keyBits < 224) throw new Verdict(`the CSR's ${csr.keyType.toUpperCase()} key has ${csr.keyBits} bits: at least 224 (RSA 2048) are required`);
      const chain = await (await v2gPki()).subCa.signCsr(csr);
      const answer = await csms.call('CertificateSigned', { certificateChain: chain });
      if (answer.status !== 'Accepted') throw new Verdict(`a combined certificate signed from the station's own CSR by the V2G chain's sub-CA must be Accepted, got ${String(answer.status)}`, 'A02.FR.06');
    },
  });
}

// ---- CSMS under test ---------------------------------------------------------------------------------------------

/** The station side of a V2G / combined renewal the operator starts: the trigger arrives, answered Accepted. */
async function receiveTrigger(ctx: CsmsContext, action: string, wanted: string): Promise<ReceivedCall> {
  const { station, sut, profile } = ctx;
  station.answer('TriggerMessage', { status: 'Accepted' });
  const acting = sut.act(action, { stationId: profile.stationId });
  acting.catch(() => undefined);
  const trigger = await station.expectCall('TriggerMessage');
  await acting;
  if (trigger.payload.requestedMessage !== wanted) throw new Verdict(`the CSMS must request ${wanted}, it requested ${String(trigger.payload.requestedMessage)}`);
  return trigger;
}

/**
 * Why the chain the CSMS sent is not a certificate generated from our CSR under a V2G root, or undefined: X.509 PEM,
 * the leaf carries our key (and, `cn`, our CN), has a serial number and a key of 224 bits or more, each certificate is
 * signed by the next, and the topmost is the test V2G PKI's root, issued by it, or a V2G root by ISO 15118-2's
 * marking (DC=V2G).
 */
async function v2gChainProblem(text: string, keys: CryptoKeyPair, cn?: string): Promise<string | undefined> {
  let chain: Certificate[];
  try {
    chain = await readChain(text);
  } catch (err) {
    return `it must be X.509 certificates in PEM: ${(err as Error).message}`;
  }
  const leaf = chain[0]!;
  if (!(await carriesKey(leaf, keys.publicKey))) return 'the certificate does not carry the key of the CSR (it is not generated from it)';
  if (!/[1-9a-f]/i.test(leaf.serialNumber)) return 'the certificate has no serial number';
  if (cn !== undefined && subjectOf(leaf).CN !== cn) return `the certificate's commonName is ${subjectOf(leaf).CN ?? 'absent'}, not the station's serial number ${cn}`;
  const link = await brokenLink(chain);
  if (link) return link;
  const top: Certificate = chain.at(-1)!;
  const root: Certificate = (await v2gPki()).root.certificate;
  const { subject, issuer } = top;
  if (issuer === root.subject || isV2gRootName(issuer)) return undefined;
  return `the chain does not lead to a V2G root: its topmost certificate (${subject}) is issued by ${issuer}`;
}

/**
 * TC_A_12_CSMS (V2G certificate) and TC_A_13_CSMS (combined certificate; withdrawn from certification, still in
 * Part 6): the operator asks the CSMS for the certificate; it triggers the CSR, accepts it and sends back a
 * certificate generated from it under the V2G hierarchy.
 */
export function v2gCertificateCsms(kind: 'v2g' | 'combined', octt: OcttClaim[]) {
  const combined = kind === 'combined';
  return testCase<CsmsTestCase>({
    useCase: 'A02', variant: combined ? 'combined' : 'v2g', ocpp: '2.0.1', sut: 'CSMS', octt, profile: 'security',
    needs: combined ? [ADVANCED, ISO15118, COMBINED, SP3] : [ISO15118], securityProfile: combined ? 3 : undefined,
    actions: [combined ? 'renewCombinedCertificate' : 'renewV2GCertificate'],
    title: combined
      ? 'The CSMS asks for a combined OCPP / ISO 15118 certificate and returns one generated from the CSR under the V2G root (TC_A_13: withdrawn from certification, 2025-02 erratum)'
      : 'The CSMS asks for a V2G certificate and returns one generated from the CSR under the V2G root',
    killedBy: [SECF.v2gSignedByCsRoot, SECF.noCertificateSigned, ...(combined ? [] : [SECF.triggersWrongV2g])],
    async run(ctx) {
      const { station, profile } = ctx;
      await station.booted();
      const trigger = await receiveTrigger(ctx, combined ? 'renewCombinedCertificate' : 'renewV2GCertificate', combined ? 'SignCombinedCertificate' : 'SignV2GCertificate');
      const keys = await newKeyPair();
      station.answer('CertificateSigned', { status: 'Accepted' });
      // The configured subject: the V2G one names the SECC and the CPO; the combined one the station, like its OCPP certificate.
      const subject = combined ? { CN: profile.stationId, O: profile.vendor } : { CN: `SECC-${profile.stationId}`, O: profile.vendor, OU: 'V2G', C: 'NL' };
      const csr = await buildCsr(subject, keys);
      const answer = await station.call('SignCertificate', combined ? { csr } : { csr, certificateType: 'V2GCertificate' });
      if (answer.status !== 'Accepted') throw new Verdict(`a sound CSR must be Accepted, the CSMS answered ${String(answer.status)}`, 'A02.FR.11');
      const signed = await station.expectCall('CertificateSigned', { after: trigger });
      if (!combined && signed.payload.certificateType !== undefined && signed.payload.certificateType !== 'V2GCertificate') {
        throw new Verdict(`CertificateSigned for a V2G CSR must say certificateType V2GCertificate, it says ${String(signed.payload.certificateType)}`);
      }
      const problem = await v2gChainProblem(String(signed.payload.certificateChain), keys, combined ? profile.stationId : undefined);
      if (problem) throw new Verdict(`the certificate chain must be generated from the CSR and signed by the V2G root or a sub-CA of the V2G certificate chain: ${problem}`);
    },
  });
}
