import { randomInt } from 'node:crypto';
import type { Payload } from '../../ocpp/frames.js';
import {
  CsrError, certificateHashData, preloadX509, createAuthority, newKeyPair, readChain, readCsr, sameHashData, strongEnough, v2gPki, type CertificateAuthority,
  type CertificateHashData,
} from '../../security/csr.js';
import { defineFault } from '../faults.js';
import { afterNetworkProfile, withNetworkFaults } from './network.js';
import type { ReferenceCsms, StationRecord } from './csms.js';

/**
 * A01 (Basic auth password update), A02 (charging station certificate signed on request) and security events, for
 * both versions. Operator actions: `setBasicAuthPassword` { stationId?, password? } sends a new password (a random
 * one when none is given) and, once the station accepted it, takes only that one (A01.FR.03); a refusal keeps the
 * old one (A01.FR.04). `renewStationCertificate` { stationId? } triggers a CSR (2.0.1 TriggerMessage
 * SignChargingStationCertificate, 1.6 ExtendedTriggerMessage SignChargePointCertificate), which this CSMS signs
 * with its own root when the CSR is sound: self-signature valid, CN the station's ID, key strong enough.
 * 2.0.1 with ISO 15118: `renewV2GCertificate` { stationId?, evseId? } (TriggerMessage SignV2GCertificate) and
 * `renewCombinedCertificate` { stationId? } (SignCombinedCertificate); V2G and combined CSRs (certificateType
 * V2GCertificate, or none) are signed by the CPO sub-CA of the V2G certificate chain it is configured with (the test
 * V2G PKI), never by its charging station root: an EV validates the SECC certificate up to its V2G root.
 */
export const SECF = {
  acceptsOldPassword: defineFault('csms.accepts-old-password', 'after changing a station\'s password, lets it connect with any password, the old one included'),
  passwordOnRejected: defineFault('csms.password-changed-on-rejected', 'takes the new password although the station answered Rejected'),
  signsForeignCn: defineFault('csms.signs-foreign-cn', 'signs a CSR whose CN is not the ID of the station that sent it'),
  signsBadCsr: defineFault('csms.signs-unverified-csr', 'signs a CSR whose self-signature does not verify'),
  certNotFromCsr: defineFault('csms.certificate-not-from-csr', 'returns a certificate for another key and CN than the CSR asked for'),
  noCertificateSigned: defineFault('csms.no-certificate-signed', 'accepts a SignCertificate but never sends CertificateSigned'),
  noSecurityEvents: defineFault('csms.no-security-event-handler', 'answers SecurityEventNotification with CALLERROR NotSupported'),
  installWrongType: defineFault('csms.install-certificate-wrong-type', '1.6: installs every root certificate as the other type (Central System / manufacturer swapped)'),
  getLogWrongType: defineFault('csms.get-log-wrong-type', '1.6: asks for the diagnostics log when the operator asked for the security log'),
  networkProfileNotHigher: defineFault('csms.network-profile-not-higher', 'an upgrade names the security profile the station already runs (2.0.1 network profile, 1.6 SecurityProfile value)'),
  deleteOwnHash: defineFault('csms.delete-certificate-own-hash', '1.6: deletes with hash data it computed over the whole SubjectPublicKeyInfo instead of what the charge point reported'),
  v2gSignedByCsRoot: defineFault('csms.v2g-signed-by-cs-root', '2.0.1: signs V2G and combined CSRs with its charging station root instead of the V2G chain\'s sub-CA'),
  ownCsRoot: defineFault('csms.station-certificates-own-root', 'signs charging station certificates with a root of its own, not the configured CSMS root its stations connect under'),
  triggersWrongV2g: defineFault('csms.v2g-trigger-wrong-message', '2.0.1: asks for a V2G certificate with TriggerMessage SignChargingStationCertificate'),
};

/** Characters of a generated password: what both versions allow (2.0.1 passwordString, 1.6 hex-friendly). */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function install(csms: ReferenceCsms): void {
  preloadX509();
  const has = (f: string) => csms.faults.has(f);
  const v16 = csms.version === '1.6';
  // The CA it signs charging station certificates with, found (and the X.509 library loaded) on the first CSR: the
  // run's test PKI root when its profile-3 endpoint trusts that one for client certificates (so a station can use
  // its new certificate there, A05 from profile 2 to 3), else a root of its own.
  let root: Promise<CertificateAuthority> | undefined;
  const authority = () => (root ??= (async () => {
    const trusted = csms.options.tlsEndpoints?.ca;
    if (trusted && !has(SECF.ownCsRoot)) {
      const pki = await (await import('../../security/pki.js')).testPki();
      if (pki.ca === trusted) return pki.authority;
    }
    return createAuthority({ CN: 'reference CSMS root', O: 'ocpp-conformance' });
  })());
  /** Passwords changed over OCPP, per station ID; `null`: no longer checked (fault). */
  const passwords = new Map<string, string | null>();
  const base = csms.server.options.passwordFor;
  // Without Basic auth at all (fault csms.accepts-any-password) there is nothing to change.
  if (base) {
    csms.server.options.passwordFor = (id) => {
      const changed = passwords.get(id);
      return changed === null ? undefined : changed ?? base(id);
    };
  }

  csms.onAction('setBasicAuthPassword', async (station, args) => {
    const password = typeof args.password === 'string' ? args.password : Array.from({ length: 24 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    let accepted: boolean;
    if (v16) {
      const answer = await csms.send(station, 'ChangeConfiguration', { key: 'AuthorizationKey', value: password });
      accepted = answer.status === 'Accepted';
    } else {
      const answer = await csms.send(station, 'SetVariables', {
        setVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, attributeValue: password }],
      });
      const status = (answer.setVariableResult as Payload[] | undefined)?.[0]?.attributeStatus;
      accepted = status === 'Accepted' || status === 'RebootRequired';
    }
    if (accepted || has(SECF.passwordOnRejected)) passwords.set(station.id, has(SECF.acceptsOldPassword) ? null : password);
  });

  csms.onAction('renewStationCertificate', async (station) => {
    if (v16) await csms.send(station, 'ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' });
    else await csms.send(station, 'TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' });
  });

  if (!v16) {
    csms.onAction('renewV2GCertificate', async (station, args) => {
      const requestedMessage = has(SECF.triggersWrongV2g) ? 'SignChargingStationCertificate' : 'SignV2GCertificate';
      await csms.send(station, 'TriggerMessage', args.evseId === undefined ? { requestedMessage } : { requestedMessage, evse: { id: Number(args.evseId) } });
    });
    csms.onAction('renewCombinedCertificate', async (station) => {
      await csms.send(station, 'TriggerMessage', { requestedMessage: 'SignCombinedCertificate' });
    });
  }

  csms.handle('SignCertificate', async (station: StationRecord, p: Payload) => {
    // 2.0.1: without certificateType the CSR is for a combined (OCPP and ISO 15118) certificate.
    const kind = v16 || p.certificateType === 'ChargingStationCertificate' ? 'station' : p.certificateType === 'V2GCertificate' ? 'v2g' : 'combined';
    let csr;
    try {
      csr = await readCsr(String(p.csr));
    } catch (err) {
      if (err instanceof CsrError) return { status: 'Rejected' };
      throw err;
    }
    // A02.FR.12: a request it cannot process (a CSR it must not sign) is Rejected.
    if (!csr.signatureValid && !has(SECF.signsBadCsr)) return { status: 'Rejected' };
    // A V2G certificate names the SECC (its SeccId), not the station, in CN.
    if (kind !== 'v2g' && csr.subject.CN !== station.id && !has(SECF.signsForeignCn)) return { status: 'Rejected' };
    if (!strongEnough(csr)) return { status: 'Rejected' };
    // ISO 15118 certificates are ECDSA only.
    if (kind !== 'station' && csr.keyType !== 'ec') return { status: 'Rejected' };
    if (!has(SECF.noCertificateSigned)) {
      const ca = kind === 'station' || has(SECF.v2gSignedByCsRoot) ? await authority() : (await v2gPki()).subCa;
      const role = kind === 'v2g' ? 'server' : 'client';
      const chain = has(SECF.certNotFromCsr)
        ? await ca.signKey({ ...csr.subject, CN: `${station.id}-X` }, (await newKeyPair()).publicKey, {}, role)
        : await ca.signCsr(csr, role);
      const type = kind === 'station' ? 'ChargingStationCertificate' : kind === 'v2g' ? 'V2GCertificate' : undefined;
      setTimeout(() => {
        void csms.send(station, 'CertificateSigned', v16 || !type ? { certificateChain: chain } : { certificateChain: chain, certificateType: type })
          .then((answer) => station.log.event(`CertificateSigned answered ${String(answer.status)}`))
          .catch((err: Error) => station.log.event(`CertificateSigned failed: ${err.message}`));
      }, 0);
    }
    return { status: 'Accepted' };
  });

  if (!v16) {
    // A05 (2.0.1): the operator upgrades a station: a network profile for `securityProfile` at this CSMS's endpoint
    // of that profile in `configurationSlot`, then a NetworkConfigurationPriority that puts it first; the reboot is
    // the operator action `reset`.
    csms.onAction('setNetworkProfile', async (station, args) => {
      const securityProfile = Number(args.securityProfile ?? 2) as 1 | 2 | 3;
      const url = csms.urls[securityProfile];
      if (!url) throw new Error(`this CSMS serves no security profile ${securityProfile} endpoint`);
      const answer = await csms.send(station, 'SetNetworkProfile', {
        configurationSlot: Number(args.configurationSlot ?? 1),
        connectionData: withNetworkFaults(has, {
          ocppVersion: 'OCPP20', ocppTransport: 'JSON', ocppCsmsUrl: url, messageTimeout: 30, ocppInterface: 'Wired0',
          securityProfile: has(SECF.networkProfileNotHigher) ? securityProfile - 1 : securityProfile,
        }),
      });
      afterNetworkProfile(has, station, answer);
    });
    csms.onAction('setNetworkPriority', async (station, args) => {
      await csms.send(station, 'SetVariables', {
        setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'NetworkConfigurationPriority' }, attributeValue: String(args.priority) }],
      });
    });
  }

  if (v16) {
    // A05 (1.6 white paper): the operator upgrades a charge point: SecurityProfile one level up, and the Hard reset
    // it asks for with RebootRequired.
    csms.onAction('setSecurityProfile', async (station, args) => {
      const securityProfile = Number(args.securityProfile ?? 2);
      const value = String(has(SECF.networkProfileNotHigher) ? securityProfile - 1 : securityProfile);
      const answer = await csms.send(station, 'ChangeConfiguration', { key: 'SecurityProfile', value });
      if (answer.status === 'RebootRequired') await csms.send(station, 'Reset', { type: 'Hard' });
    });
  }

  if (v16) {
    // 1.6 white paper M03-M05: the operator installs or deletes a root certificate on a charge point.
    csms.onAction('installCertificate', async (station, args) => {
      const swapped = args.certificateType === 'CentralSystemRootCertificate' ? 'ManufacturerRootCertificate' : 'CentralSystemRootCertificate';
      const certificateType = has(SECF.installWrongType) ? swapped : String(args.certificateType);
      const answer = await csms.send(station, 'InstallCertificate', { certificateType, certificate: String(args.certificate) });
      if (answer.status === 'Accepted') await csms.send(station, 'GetInstalledCertificateIds', { certificateType });
    });
    // N01: the operator asks for a charge point's security log, uploaded to `remoteLocation`.
    csms.onAction('getSecurityLog', async (station, args) => {
      await csms.send(station, 'GetLog', {
        logType: has(SECF.getLogWrongType) ? 'DiagnosticsLog' : 'SecurityLog', requestId: randomInt(1, 1_000_000),
        log: { remoteLocation: String(args.remoteLocation) },
      });
    });
    csms.handle('LogStatusNotification', (station, p) => {
      station.log.event(`log upload: ${String(p.status)}`);
      return {};
    });
    csms.onAction('deleteCertificate', async (station, args) => {
      const cert = (await readChain(String(args.certificate)))[0]!;
      const listed = await csms.send(station, 'GetInstalledCertificateIds', { certificateType: String(args.certificateType) });
      const entries = (listed.certificateHashData as CertificateHashData[] | undefined) ?? [];
      // M04.FR.07: the hash data as the charge point computed it, with its algorithm.
      let entry: CertificateHashData | undefined;
      for (const e of entries) if (!entry && sameHashData(e, await certificateHashData(cert, e.hashAlgorithm))) entry = e;
      if (!entry) throw new Error('the charge point does not list that certificate');
      const certificateHashDataSent = has(SECF.deleteOwnHash) ? await certificateHashData(cert, entry.hashAlgorithm, cert, true) : entry;
      await csms.send(station, 'DeleteCertificate', { certificateHashData: certificateHashDataSent });
    });
  }

  if (!has(SECF.noSecurityEvents)) {
    csms.handle('SecurityEventNotification', (station, p) => {
      station.log.event(`security event: ${String(p.type)}`);
      return {};
    });
  }
}
