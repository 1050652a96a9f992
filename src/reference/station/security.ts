import type { Payload } from '../../ocpp/frames.js';
import { stationIdOf } from '../../transport/client.js';
import {
  buildCsr, certificateHashData, preloadX509, chainProblem, harnessCa, newKeyPair, readChain, rootProblem, sameHashData, tlsKeyPem, v2gPki, withBrokenSignature,
  type Certificate, type CertificateHashData,
} from '../../security/csr.js';
import { defineFault } from '../faults.js';
import { installCertificates201 } from './certificates201.js';
import type { CallHandler, ReferenceStation } from './station.js';

/**
 * A01 (password update), A02/A03 (charging station certificate signed on request), A05 (security profile upgrade):
 * 2.0.1 and the 1.6 security white paper. The station's trust store starts with the harness's CA as its CSMS root
 * (the operator installed the CSMS's root before the run), and holds no charging station certificate.
 */
export const SEC = {
  keepsOldPassword: defineFault('cs.keeps-old-password', 'answers Accepted to a new Basic auth password but reconnects with the old one'),
  noReconnectAfterPassword: defineFault('cs.no-reconnect-after-password', 'accepts a new Basic auth password but stays on the connection opened with the old one'),
  acceptsShortPassword: defineFault('cs.accepts-short-password', 'accepts a Basic auth password shorter than 16 characters'),
  csrWrongCn: defineFault('cs.csr-wrong-cn', 'puts its model name instead of its station ID in the CN of its CSR'),
  csrWrongOrg: defineFault('cs.csr-wrong-organization', 'leaves the configured organization name (OrganizationName / CpoName) out of its CSR'),
  csrWeakKey: defineFault('cs.csr-weak-key', 'generates a 1024-bit RSA key for its CSR (below the 2048 bits required)'),
  csrBadSignature: defineFault('cs.csr-bad-signature', 'sends a CSR whose self-signature does not verify'),
  acceptsWrongKey: defineFault('cs.accepts-cert-not-matching-key', 'installs a signed certificate that does not carry the key of its CSR'),
  acceptsUnknownCa: defineFault('cs.accepts-cert-unknown-ca', 'installs a signed certificate from a CA it does not trust'),
  noInvalidCertEvent: defineFault('cs.no-invalid-certificate-event', 'rejects an invalid signed certificate without the InvalidChargingStationCertificate security event'),
  acceptsDowngrade: defineFault('cs.accepts-security-profile-downgrade', 'accepts a security profile lower than (or equal to) the active one'),
  staysAtOldProfile: defineFault('cs.stays-at-old-security-profile', 'accepts a higher security profile (2.0.1: network configuration first in priority; 1.6: SecurityProfile key) but reconnects after the reset at the old one'),
  keepsLowerProfileSlots: defineFault('cs.keeps-lower-profile-slots', '2.0.1: after connecting at a higher security profile, keeps the lower-profile slots in NetworkConfigurationPriority'),
  upgradesWithoutPrerequisites: defineFault('cs.upgrades-without-certificates', 'accepts a higher security profile without the CSMS root / station certificate it needs'),
  installsInvalidRoot: defineFault('cs.installs-invalid-root', '1.6: installs an expired or non-CA root certificate (InstallCertificate Accepted)'),
  noInvalidCsmsCertEvent: defineFault('cs.no-invalid-csms-certificate-event', '1.6: refuses an invalid Central System root without the InvalidCentralSystemCertificate security event'),
  idsMissLatest: defineFault('cs.installed-ids-miss-latest', '1.6: GetInstalledCertificateIds leaves out the certificate installed last'),
  wholeKeyHash: defineFault('cs.issuer-key-hash-whole-spki', '1.6: computes issuerKeyHash over the whole SubjectPublicKeyInfo instead of the key bits'),
  deleteKeeps: defineFault('cs.delete-certificate-keeps-it', '1.6: answers DeleteCertificate Accepted but keeps the certificate'),
  certRetryEarly: defineFault('cs.cert-signing-retry-too-early', '2.0.1: repeats an unanswered SignCertificate after a quarter of CertSigningWaitMinimum'),
  certNoRetry: defineFault('cs.cert-signing-no-retry', '2.0.1: never repeats a SignCertificate that got no CertificateSigned'),
  logUploadedWithoutUpload: defineFault('cs.security-log-not-uploaded', '1.6: reports its security log Uploaded without uploading anything'),
  logNoUploadingStatus: defineFault('cs.security-log-no-uploading-status', '1.6: uploads its security log without reporting Uploading first'),
  keepsOldClientCert: defineFault('cs.keeps-old-client-certificate', 'security profile 3: accepts a new charging station certificate and reconnects, but with the old client certificate'),
  v2gCsrWrongSubject: defineFault('cs.v2g-csr-wrong-subject', '2.0.1: puts its station ID and CPO name in the CN/O of a V2G CSR instead of its SeccId and ISO15118Ctrlr.OrganizationName'),
  acceptsV2gUnknownRoot: defineFault('cs.accepts-v2g-unknown-root', '2.0.1: installs a V2G certificate that does not chain to an installed V2G root'),
  combinedCsrTyped: defineFault('cs.combined-csr-typed', '2.0.1: sends the CSR for a combined certificate with certificateType ChargingStationCertificate (a combined one has none)'),
};

interface SecurityState {
  /** CSMS root certificates the station trusts (the operator installs them); read through `trusted()`. */
  csmsRoots: Certificate[];
  /** The keys of the last CSR sent, waiting for its certificate. The private key never leaves the station (A02.FR.05). */
  pendingKeys?: CryptoKeyPair;
  /** The installed charging station certificate chain and its key. */
  certificate?: { chain: string; key: CryptoKey };
  /** 2.0.1 network connection profiles by slot (slot 0: the one the station was started with). */
  profiles: Map<number, { securityProfile: number; url: string }>;
}

const PASSWORD_KEYS = new Set(['securityctrlr/basicauthpassword', 'authorizationkey']);

export function install(station: ReferenceStation): void {
  preloadX509();
  const v16 = station.version === '1.6';
  const has = (f: string) => station.faults.has(f);
  const startProfile = station.options.securityProfile ?? 1;
  const state: SecurityState = { csmsRoots: [], profiles: new Map([[0, { securityProfile: startProfile, url: station.options.url }]]) };
  station.networkProfiles = state.profiles;
  // The harness's CA is the installed CSMS root; made (and the X.509 library loaded) on first use only.
  let rootsInstalled: Promise<void> | undefined;
  const trusted = async () => {
    await (rootsInstalled ??= (async () => {
      state.csmsRoots.unshift((await harnessCa()).certificate);
      // The root of the CSMS's TLS certificate is a CSMS root too (it signs client certificates at profile 3).
      const tlsRoots = [station.options.tls?.ca ?? []].flat().map(String);
      for (const pem of tlsRoots) state.csmsRoots.push(...(await readChainSafe(pem)));
    })());
    return state.csmsRoots;
  };
  const stationId = stationIdOf(station.options.url);
  const organizationKey = v16 ? 'CpoName' : 'SecurityCtrlr/OrganizationName';
  station.variables.set(organizationKey, { value: 'ocpp-conformance CPO' });
  // The profile the station was started with is the active one (device model / configuration key report it).
  if (v16) station.variables.set('SecurityProfile', { value: String(startProfile) });
  else {
    const entry = station.variables.get('SecurityCtrlr/SecurityProfile');
    if (entry) entry.value = String(startProfile);
    else station.variables.set('SecurityCtrlr/SecurityProfile', { value: String(startProfile), readonly: true });
    station.variables.set('OCPPCommCtrlr/NetworkConfigurationPriority', { value: '0' });
    // B10: attempts per network profile before the next one (the reference has one profile in use; kept as set).
    if (!station.variables.has('OCPPCommCtrlr/NetworkProfileConnectionAttempts')) station.variables.set('OCPPCommCtrlr/NetworkProfileConnectionAttempts', { value: '3' });
    // A02.FR.17/18 (AS-3): repeat an unanswered CSR after CertSigningWaitMinimum s, doubling, CertSigningRepeatTimes times.
    station.variables.set('SecurityCtrlr/CertSigningWaitMinimum', { value: '60' });
    station.variables.set('SecurityCtrlr/CertSigningRepeatTimes', { value: '0' });
  }
  const activeProfile = () => Number(station.variables.get(v16 ? 'SecurityProfile' : 'SecurityCtrlr/SecurityProfile')?.value ?? '1');

  /** Reconnect with what is configured now (a new password): close, and let the station's reconnect take over. */
  const reconnect = () => station.later(50, async () => { await station.session?.conn.close(); });

  // ---- A01: Basic auth password ---------------------------------------------------------------------------------

  /** Wrap the device model's write so a new password is used from a fresh connection on. */
  const onPasswordWrite = (old: string | undefined, value: string, status: string, apply: (status: string) => void) => {
    if (status === 'Rejected' && has(SEC.acceptsShortPassword) && value.length < 16 && value.length > 0) {
      station.options.password = value;
      apply('Accepted');
      status = 'Accepted';
    }
    if (status !== 'Accepted') return;
    if (has(SEC.keepsOldPassword)) station.options.password = old;
    if (!has(SEC.noReconnectAfterPassword)) reconnect();
  };

  // ---- A05: security profile (2.0.1 network profiles; 1.6 SecurityProfile key) ----------------------------------

  /** Why the station cannot move to `target` (A05 / 1.6 A05.FR.01-04), or undefined when it can. */
  const upgradeProblem = async (target: number): Promise<string | undefined> => {
    if (target <= activeProfile() && !has(SEC.acceptsDowngrade)) return 'not higher than the active security profile';
    if (has(SEC.upgradesWithoutPrerequisites)) return undefined;
    if (target >= 2 && (await trusted()).length === 0) return 'no CSMS root certificate installed';
    if (target === 3 && !state.certificate) return 'no charging station certificate installed';
    return undefined;
  };

  const wrap = (action: string, wrapper: (prev: CallHandler) => CallHandler) => {
    const prev = station.handlerFor(action);
    if (prev) station.handle(action, wrapper(prev));
  };

  if (v16) {
    wrap('ChangeConfiguration', (prev) => async (payload, call) => {
      const key = String(payload.key).toLowerCase();
      if (key === 'securityprofile') {
        const target = Number(payload.value);
        if (!Number.isInteger(target) || target < 0 || target > 3 || (await upgradeProblem(target))) return { status: 'Rejected' };
        // The new profile is used from the next start on (the reset the CSMS sends), at the URL configured for it.
        station.variables.get('SecurityProfile')!.value = String(target);
        return { status: 'RebootRequired' };
      }
      const old = station.options.password;
      const answer = await prev(payload, call);
      if (PASSWORD_KEYS.has(key)) {
        onPasswordWrite(old, String(payload.value), String(answer.status), (s) => { answer.status = s; });
      }
      return answer;
    });
    const reboot = station.reboot.bind(station);
    station.reboot = async (reason) => {
      const target = activeProfile() as 1 | 2 | 3;
      const url = station.options.profileUrls?.[target];
      if (target !== (station.options.securityProfile ?? 1) && url && !has(SEC.staysAtOldProfile)) {
        station.options.url = url;
        station.options.securityProfile = target;
      }
      return reboot(reason);
    };
  } else {
    let previousPriority = '0';
    wrap('SetVariables', (prev) => async (payload, call) => {
      const old = station.options.password;
      const answer = await prev(payload, call);
      const data = payload.setVariableData as { component: { name: string }; variable: { name: string }; attributeValue: string }[];
      const results = answer.setVariableResult as { attributeStatus: string; attributeStatusInfo?: Payload }[];
      for (const [i, item] of data.entries()) {
        const result = results[i];
        if (!result) continue;
        const key = `${item.component.name}/${item.variable.name}`.toLowerCase();
        if (PASSWORD_KEYS.has(key)) {
          onPasswordWrite(old, item.attributeValue, result.attributeStatus, (s) => { result.attributeStatus = s; delete result.attributeStatusInfo; });
        }
        if (key === 'ocppcommctrlr/networkconfigurationpriority' && result.attributeStatus === 'Accepted') {
          const entry = station.variables.get('OCPPCommCtrlr/NetworkConfigurationPriority')!;
          const slots = item.attributeValue.split(',').map((s) => Number(s.trim()));
          const first = state.profiles.get(slots[0]!);
          const problem = !slots.every((s) => state.profiles.has(s)) ? 'unknown configuration slot'
            : first && first.securityProfile !== activeProfile() ? await upgradeProblem(first.securityProfile) : undefined;
          if (problem) {
            entry.value = previousPriority;
            result.attributeStatus = 'Rejected';
            result.attributeStatusInfo = { reasonCode: 'InvalidValue', additionalInfo: problem.slice(0, 512) };
            continue;
          }
          // The new priority takes effect at the next start (A05.FR.04/05); profiles 2/3 need TLS, not done here yet.
          result.attributeStatus = 'RebootRequired';
        }
        previousPriority = station.variables.get('OCPPCommCtrlr/NetworkConfigurationPriority')!.value;
      }
      return answer;
    });

    station.handle('SetNetworkProfile', (payload) => {
      const slot = Number(payload.configurationSlot);
      const data = payload.connectionData as { securityProfile: number; ocppCsmsUrl: string };
      const active = Number(station.variables.get('OCPPCommCtrlr/NetworkConfigurationPriority')!.value.split(',')[0]);
      // B09.FR.04: never to a lower profile than the active one; the slot in use cannot be overwritten.
      if (slot === active) return { status: 'Rejected' };
      if (data.securityProfile < activeProfile() && !has(SEC.acceptsDowngrade)) return { status: 'Rejected' };
      // The station appends its identity to the CSMS URL it is given.
      state.profiles.set(slot, { securityProfile: data.securityProfile, url: `${data.ocppCsmsUrl.replace(/\/$/, '')}/${encodeURIComponent(stationId)}` });
      return { status: 'Accepted' };
    });

    // A05.FR.04/05: a new first priority takes effect at the next start, at its security profile; A05.FR.06: once
    // connected there, the slots of lower security profiles leave the priority list.
    const reboot = station.reboot.bind(station);
    station.reboot = async (reason) => {
      switchToFirstPriority();
      return reboot(reason);
    };
    const switchToFirstPriority = () => {
      const priority = station.variables.get('OCPPCommCtrlr/NetworkConfigurationPriority')!;
      const wanted = state.profiles.get(Number(priority.value.split(',')[0]));
      if (!wanted || has(SEC.staysAtOldProfile) || wanted.url === station.options.url && wanted.securityProfile === activeProfile()) return;
      station.options.url = wanted.url;
      station.options.securityProfile = wanted.securityProfile as 1 | 2 | 3;
      station.once('connected', () => {
        station.variables.get('SecurityCtrlr/SecurityProfile')!.value = String(wanted.securityProfile);
        if (has(SEC.keepsLowerProfileSlots)) return;
        priority.value = priority.value.split(',').map((s) => s.trim())
          .filter((s) => (state.profiles.get(Number(s))?.securityProfile ?? 0) >= wanted.securityProfile).join(',');
        previousPriority = priority.value;
      });
    };
  }

  // ---- A02: certificate signed on request ------------------------------------------------------------------------

  const sendCsr = async () => {
    // WebCrypto makes no EC key below P-256, so the weak key is a short RSA one. Extractable: at profile 3 the key
    // goes into the station's own TLS stack with the certificate (never anywhere else).
    const keys = await newKeyPair(has(SEC.csrWeakKey) ? { rsaBits: 1024, extractable: true } : { extractable: true });
    const subject = {
      CN: has(SEC.csrWrongCn) ? (station.options.model ?? 'reference-cs') : stationId,
      ...(has(SEC.csrWrongOrg) ? {} : { O: station.variables.get(organizationKey)!.value }),
    };
    let csr = await buildCsr(subject, keys);
    if (has(SEC.csrBadSignature)) csr = withBrokenSignature(csr);
    state.pendingKeys = keys;
    const payload = v16 ? { csr } : { csr, certificateType: 'ChargingStationCertificate' };
    const answer = await station.send('SignCertificate', payload);
    if (answer?.status !== 'Accepted') {
      state.pendingKeys = undefined;
      return;
    }
    if (!v16) scheduleRepeat(payload, keys, 0);
  };

  /** Repeat the same CSR while no certificate came for its key (2.0.1 A02.FR.17/18). */
  const scheduleRepeat = (payload: Payload, keys: CryptoKeyPair, done: number) => {
    const times = Number(station.variables.get('SecurityCtrlr/CertSigningRepeatTimes')?.value ?? '0');
    if (done >= times || has(SEC.certNoRetry)) return;
    const waitS = Number(station.variables.get('SecurityCtrlr/CertSigningWaitMinimum')?.value ?? '60') * 2 ** done;
    station.later(waitS * 1000 * (has(SEC.certRetryEarly) ? 0.25 : 1), async () => {
      if (state.pendingKeys !== keys) return; // answered (or superseded) meanwhile
      const answer = await station.send('SignCertificate', payload);
      if (answer?.status === 'Accepted') scheduleRepeat(payload, keys, done + 1);
    });
  };

  const triggerSign = (prev: CallHandler | undefined): CallHandler => async (payload, call) => {
    const wanted = v16 ? 'SignChargePointCertificate' : 'SignChargingStationCertificate';
    if (payload.requestedMessage === wanted) {
      station.later(0, sendCsr);
      return { status: 'Accepted' };
    }
    return prev ? prev(payload, call) : { status: 'NotImplemented' };
  };
  if (v16) station.handle('ExtendedTriggerMessage', triggerSign(station.handlerFor('TriggerMessage')));
  else wrap('TriggerMessage', (prev) => triggerSign(prev));

  const v2g = v16 || !(station.options.optional ?? []).includes('ISO15118') ? undefined : installV2gCertificates(station, wrap);
  station.handle('CertificateSigned', async (payload, call) => {
    if (v2g && (payload.certificateType === 'V2GCertificate' || (payload.certificateType === undefined && v2g.combinedPending()))) return v2g.certificateSigned(payload, call);
    const chain = String(payload.certificateChain);
    const keys = state.pendingKeys;
    if (!keys) return { status: 'Rejected' };
    const problem = await chainProblem(chain, {
      publicKey: keys.publicKey, stationId, trusted: has(SEC.acceptsUnknownCa) ? (await readChainSafe(chain)).slice(-1) : await trusted(),
    });
    const ignored = has(SEC.acceptsWrongKey) && problem === 'the certificate does not carry the key of the CSR';
    if (problem && !ignored) {
      // A02.FR.07: discard it and raise the security event (the reason goes in techInfo; no key material).
      if (!has(SEC.noInvalidCertEvent)) {
        station.later(0, async () => {
          await station.send('SecurityEventNotification', {
            type: v16 ? 'InvalidChargePointCertificate' : 'InvalidChargingStationCertificate', timestamp: station.now(), techInfo: problem.slice(0, 255),
          });
        });
      }
      return { status: 'Rejected' };
    }
    state.certificate = { chain, key: keys.privateKey };
    state.pendingKeys = undefined;
    // A02.FR.08: switch to the new certificate by reconnecting (only a profile-3 connection uses it).
    // 2.0.1 keeps it for TLS at any profile: it is what the station presents once it moves up to profile 3 (A05).
    const sp3 = (station.options.securityProfile ?? 1) === 3;
    if ((sp3 || !v16) && !has(SEC.keepsOldClientCert)) station.options.tls = { ...station.options.tls, cert: chain, key: await tlsKeyPem(keys.privateKey) };
    if (sp3) reconnect();
    return { status: 'Accepted' };
  });

  // A05 prerequisites are the operator's to arrange: TC_A_20 needs a station without a CSMS root.
  station.onAction('removeCsmsRootCertificate', async () => { (await trusted()).length = 0; });

  if (v16) {
    installCertificateManagement(station, trusted);
    installSecurityLog(station);
  }
  // 2.0.1 M03-M05 (certificates201.ts): the same CSMS root store; the station certificate is never deleted.
  if (!v16) installCertificates201(station, trusted, () => state.certificate?.chain, () => v2g?.v2gChain());
}

/**
 * 1.6 white paper N01: GetLog for the security log. The station uploads what it keeps of its security events (type
 * and time; never a secret) with an HTTP PUT to the location it was given, reporting Uploading and then Uploaded
 * (or UploadFailure). Other log types and other URL schemes are Rejected.
 */
function installSecurityLog(station: ReferenceStation): void {
  const has = (f: string) => station.faults.has(f);
  station.handle('GetLog', (p) => {
    const location = String((p.log as Payload).remoteLocation);
    const requestId = Number(p.requestId);
    if (p.logType !== 'SecurityLog' || !/^https?:\/\//.test(location)) return { status: 'Rejected' };
    const filename = `security-${stationIdOf(station.options.url)}.log`;
    station.later(0, async () => {
      if (!has(SEC.logNoUploadingStatus)) await station.send('LogStatusNotification', { status: 'Uploading', requestId });
      let status = 'Uploaded';
      if (!has(SEC.logUploadedWithoutUpload)) {
        const body = `${station.now()} security log of ${stationIdOf(station.options.url)}: boot accepted=${station.bootState === 'Accepted'}\n`;
        try {
          const res = await fetch(`${location.replace(/\/$/, '')}/${filename}`, { method: 'PUT', body });
          if (!res.ok) status = 'UploadFailure';
        } catch {
          status = 'UploadFailure';
        }
      }
      await station.send('LogStatusNotification', { status, requestId });
    });
    return { status: 'Accepted', filename };
  });
}

/**
 * 1.6 white paper M03/M04/M05: install, list and delete CA certificates. Central System roots are the ones
 * CertificateSigned is checked against (`trusted`), manufacturer roots are kept beside them.
 */
function installCertificateManagement(station: ReferenceStation, trusted: () => Promise<Certificate[]>): void {
  const has = (f: string) => station.faults.has(f);
  const manufacturerRoots: Certificate[] = [];
  const store = async (type: unknown): Promise<Certificate[] | undefined> =>
    type === 'CentralSystemRootCertificate' ? trusted() : type === 'ManufacturerRootCertificate' ? manufacturerRoots : undefined;
  const hashOf = (cert: Certificate, algorithm: CertificateHashData['hashAlgorithm'] = 'SHA256') => certificateHashData(cert, algorithm, cert, has(SEC.wholeKeyHash));

  station.handle('InstallCertificate', async (p) => {
    const list = await store(p.certificateType);
    const problem = await rootProblem(String(p.certificate));
    if (!list || (problem && !has(SEC.installsInvalidRoot))) {
      // M05.FR.06: an invalid certificate is Rejected; a Central System root that is not valid is a security event.
      if (p.certificateType === 'CentralSystemRootCertificate' && !has(SEC.noInvalidCsmsCertEvent)) {
        station.later(0, async () => {
          await station.send('SecurityEventNotification', { type: 'InvalidCentralSystemCertificate', timestamp: station.now(), techInfo: (problem ?? 'invalid').slice(0, 255) });
        });
      }
      return { status: 'Rejected' };
    }
    const cert = (await readChain(String(p.certificate)))[0]!;
    if (!list.some((c) => c.equal(cert))) list.push(cert);
    return { status: 'Accepted' };
  });

  station.handle('GetInstalledCertificateIds', async (p) => {
    let list = (await store(p.certificateType)) ?? [];
    if (has(SEC.idsMissLatest)) list = list.slice(0, -1);
    if (!list.length) return { status: 'NotFound' };
    return { status: 'Accepted', certificateHashData: await Promise.all(list.map((c) => hashOf(c))) };
  });

  station.handle('DeleteCertificate', async (p) => {
    const wanted = p.certificateHashData as Partial<CertificateHashData>;
    for (const list of [await trusted(), manufacturerRoots]) {
      for (const [i, c] of list.entries()) {
        if (!sameHashData(wanted, await hashOf(c, wanted.hashAlgorithm ?? 'SHA256'))) continue;
        if (!has(SEC.deleteKeeps)) list.splice(i, 1);
        return { status: 'Accepted' };
      }
    }
    return { status: 'NotFound' };
  });
}

/**
 * 2.0.1 A02 with ISO 15118 (the station claims ISO15118): the V2G charging station (SECC) certificate and, with
 * ISO-3, the combined certificate for both OCPP and ISO 15118, each on TriggerMessage (SignV2GCertificate,
 * SignCombinedCertificate). A V2G CSR names the SeccId in CN and ISO15118Ctrlr.OrganizationName / CountryName in O / C,
 * with an ECDSA key (ISO 15118 knows no RSA); a combined one names the station like a charging station certificate
 * and carries no certificateType. The installed V2G root (the test V2G PKI's, put there by the operator before the
 * run) is what their chains must lead to. A combined certificate serves TLS from the next connection on.
 */
function installV2gCertificates(station: ReferenceStation, wrap: (action: string, wrapper: (prev: CallHandler) => CallHandler) => void) {
  const has = (f: string) => station.faults.has(f);
  const stationId = stationIdOf(station.options.url);
  const iso = (name: string) => station.variables.get(`ISO15118Ctrlr/${name}`)?.value;
  const combinedSupported = (station.options.optional ?? []).includes('ISO-3');
  let pendingV2g: { keys: CryptoKeyPair; cn: string } | undefined;
  let pendingCombined: { keys: CryptoKeyPair } | undefined;
  const installed: { v2g?: string; combined?: string } = {};

  const sendCsr = async (kind: 'V2GCertificate' | 'combined') => {
    const keys = await newKeyPair({ extractable: kind === 'combined' });
    const subject = kind === 'combined' || has(SEC.v2gCsrWrongSubject)
      ? { CN: stationId, O: station.variables.get('SecurityCtrlr/OrganizationName')?.value }
      : { CN: iso('SeccId') ?? stationId, O: iso('OrganizationName'), C: iso('CountryName') };
    let csr = await buildCsr(subject, keys);
    if (has(SEC.csrBadSignature)) csr = withBrokenSignature(csr);
    if (kind === 'combined') pendingCombined = { keys };
    else pendingV2g = { keys, cn: subject.CN };
    const type = kind === 'combined' ? (has(SEC.combinedCsrTyped) ? 'ChargingStationCertificate' : undefined) : kind;
    const answer = await station.send('SignCertificate', type ? { csr, certificateType: type } : { csr });
    if (answer?.status !== 'Accepted') {
      if (kind === 'combined') pendingCombined = undefined;
      else pendingV2g = undefined;
    }
  };

  wrap('TriggerMessage', (prev) => async (payload, call) => {
    if (payload.requestedMessage === 'SignV2GCertificate') {
      station.later(0, () => sendCsr('V2GCertificate'));
      return { status: 'Accepted' };
    }
    if (payload.requestedMessage === 'SignCombinedCertificate' && combinedSupported) {
      station.later(0, () => sendCsr('combined'));
      return { status: 'Accepted' };
    }
    return prev(payload, call);
  });

  return {
    /** The installed V2G certificate chain (PEM), for M03's V2GCertificateChain (certificates201.ts). */
    v2gChain: () => installed.v2g,
    combinedPending: () => pendingCombined !== undefined,
    certificateSigned: async (payload: Payload, _call: unknown) => {
      const chain = String(payload.certificateChain);
      const combined = payload.certificateType === undefined;
      const pending = combined ? (pendingCombined && { keys: pendingCombined.keys, cn: stationId }) : pendingV2g;
      if (!pending) return { status: 'Rejected' };
      const roots = has(SEC.acceptsV2gUnknownRoot) ? (await readChainSafe(chain)).slice(-1) : [(await v2gPki()).root.certificate];
      const problem = await chainProblem(chain, { publicKey: pending.keys.publicKey, stationId: pending.cn, trusted: roots });
      if (problem) {
        station.log.event(`V2G certificate rejected: ${problem}`);
        return { status: 'Rejected' };
      }
      if (combined) {
        installed.combined = chain;
        pendingCombined = undefined;
        if ((station.options.securityProfile ?? 1) === 3) station.options.tls = { ...station.options.tls, cert: chain, key: await tlsKeyPem(pending.keys.privateKey) };
      } else {
        installed.v2g = chain;
        pendingV2g = undefined;
      }
      return { status: 'Accepted' };
    },
  };
}

async function readChainSafe(chain: string): Promise<Certificate[]> {
  try {
    return await readChain(chain);
  } catch {
    return [];
  }
}
