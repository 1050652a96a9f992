// C07 authorization with ISO 15118 contract certificates, SUT = CSMS: the harness plays a station whose EV presents
// a contract and serves, on loopback, the OCSP responder the contract names (security/ocsp.ts). The CSMS must ask
// that responder and answer by what it says: good → Accepted, revoked → not Accepted.
import { full, testCase, type CsmsContext, type CsmsTestCase, type OcttClaim } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import { Inconclusive } from '../../../src/harness/verdicts.js';
import type { Payload } from '../../../src/ocpp/frames.js';
import type { ContractCertificate } from '../../../src/security/contract-pki.js';
import type { OcspResponder } from '../../../src/security/ocsp.js';
import { newSimTx } from '../../shared/session-states.js';
import { answeredInfo, requireTokenAnswer, simPreSession, txEvent } from '../../shared/authorization-steps.js';

type Mode = 'local' | 'central';

interface Variant {
  variant: string;
  mode: Mode;
  revoked: boolean;
  requirement: string;
  octt: OcttClaim[];
  killedBy: string[];
}

/** Statuses with which a CSMS says it could not check the contract at all: the OCSP answer's signer (the harness's MO root) or the chain is unknown to it. */
const UNCHECKED = new Set(['CertChainError', 'SignatureError', 'NoCertificateAvailable']);

function contractCsms(v: Variant) {
  return testCase<CsmsTestCase>({
    useCase: 'C07', variant: v.variant, ocpp: '2.0.1', sut: 'CSMS', octt: v.octt, needs: ['ISO15118'], killedBy: v.killedBy,
    title: `Plug and Charge, ${v.mode} contract validation: the CSMS asks the OCSP responder and answers a ${v.revoked ? 'revoked' : 'good'} contract `
      + (v.revoked ? 'not Accepted' : 'Accepted'),
    async run(ctx) {
      const { station } = ctx;
      await station.booted();
      // Loaded here: the X.509 and ASN.1 libraries are not for every run.
      const ocsp = await import('../../../src/security/ocsp.js');
      const pki = await (await import('../../../src/security/contract-pki.js')).harnessContractPki();
      const responder = await ocsp.OcspResponder.start(pki.signer);
      try {
        // A certificate made for this test case: no CSMS can hold a cached OCSP answer about it (the prerequisite).
        const contract = await pki.issueContract(ctx.profile.idTokens.emaid, responder.url);
        responder.setStatus(contract.certificate, v.revoked ? 'revoked' : 'good');
        await play(ctx, v, contract, responder);
      } finally {
        await responder.close();
      }
    },
  });
}

async function play(ctx: CsmsContext, v: Variant, contract: ContractCertificate, responder: OcspResponder): Promise<void> {
  const { station, profile } = ctx;
  const emaid = profile.idTokens.emaid;
  const t = newSimTx(profile.evses[0]!.id);
  await simPreSession(station, t);
  // Step 1: the eMAID with the OCSP data of the chain the station validated, or the certificate for the CSMS to validate.
  const request: Payload = { idToken: { idToken: emaid, type: 'eMAID' } };
  if (v.mode === 'local') request.iso15118CertificateHashData = [contract.ocspRequestData];
  else request.certificate = contract.pem;
  const answer = await station.call('Authorize', request);
  const got = answeredInfo(answer);
  const certificateStatus = answer.certificateStatus === undefined ? '(none)' : String(answer.certificateStatus);
  const said = `the CSMS answered idTokenInfo.status ${got.status ?? '(none)'}, certificateStatus ${certificateStatus}`;
  const accepted = got.status === 'Accepted' || certificateStatus === 'Accepted';

  // Steps 2-3: the OCSP request, about this certificate.
  const where = v.mode === 'local' ? 'the responderURL of iso15118CertificateHashData' : 'the OCSP responder the certificate names';
  const bad = responder.queries.find((q) => q.problem);
  if (bad) throw new Verdict(`the CSMS sent ${where} an OCSP request that is not valid (RFC 6960): ${bad.problem}`, v.requirement);
  if (!responder.queries.length) {
    if (v.mode === 'local' && accepted) {
      throw new Verdict(`${said} without asking ${where} (${responder.url}) about the contract: it was issued for this test case, `
        + 'so no cached OCSP answer can exist and the responder is the only source of its status', v.requirement);
    }
    throw new Inconclusive(`${said} without asking ${where} (${responder.url})`
      + (accepted ? ': validating the certificate itself, it may know its status from another source'
        : ': the responder may be out of its reach (the harness serves it on loopback), or the CSMS does not trust the harness\'s MO root'));
  }
  if (!responder.queries.some((q) => q.answered.some((s) => s !== 'unknown'))) {
    throw new Verdict(`the CSMS asked ${where} about another certificate than the contract (CertID ${JSON.stringify(responder.queries[0]!.certIds[0] ?? {})})`, v.requirement);
  }

  // Step 4: the answer follows what the responder said.
  if (v.revoked) {
    if (accepted) throw new Verdict(`the OCSP responder said the contract certificate is revoked, yet ${said}: neither may be Accepted`, v.requirement);
    return;
  }
  if (got.status !== 'Accepted' || certificateStatus !== 'Accepted') {
    if (UNCHECKED.has(certificateStatus)) {
      throw new Inconclusive(`${said}: the CSMS could not check the contract; its MO roots must include the harness's (the prerequisite), which signs the contract and the OCSP answers`);
    }
    throw new Verdict(`the OCSP responder said the contract certificate is good and the eMAID ${emaid} is valid, yet ${said}: both must be Accepted`, v.requirement);
  }
  // Steps 5-6 and EnergyTransferStarted: the transaction authorized with the eMAID, then energy.
  requireTokenAnswer(await txEvent(station, t, { eventType: 'Updated', trigger: 'Authorized', token: emaid, tokenType: 'eMAID' }),
    `the TransactionEvent Authorized with the eMAID ${emaid}`, ['Accepted'], undefined, v.requirement);
  await txEvent(station, t, { eventType: 'Updated', trigger: 'ChargingStateChanged', chargingState: 'Charging' });
}

export const localAcceptedCsms = contractCsms({
  variant: 'local-accepted', mode: 'local', revoked: false, requirement: 'C07.FR.04', octt: full('TC_C_50_CSMS'),
  killedBy: ['csms.ocsp-never-asked'],
});
// The document's page ends after step 4 (no tool validations are printed) and its step 3 repeats "valid" from TC_C_50;
// its prerequisite (the contract is revoked) and its requirement say what is checked: no Accepted for a revoked contract.
export const localRejectedCsms = contractCsms({
  variant: 'local-rejected', mode: 'local', revoked: true, requirement: 'C07.FR.16', octt: full('TC_C_51_CSMS'),
  killedBy: ['csms.accepts-revoked-contract', 'csms.ocsp-never-asked'],
});
export const centralAcceptedCsms = contractCsms({
  variant: 'central-accepted', mode: 'central', revoked: false, requirement: 'C07.FR.05', octt: full('TC_C_52_CSMS'),
  killedBy: ['csms.ocsp-certid-whole-key'],
});
