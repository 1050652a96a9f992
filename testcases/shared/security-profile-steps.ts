// A05 / B09, 2.0.1, charging station under test: moving to a higher security profile for real (the station comes
// back over wss to the harness's endpoint of that profile) and refusing a network profile below the active one.
import { testCase, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { OcppConnection } from '../../src/transport/connection.js';
import { SEC } from '../../src/reference/station/security.js';
import { SECF } from '../../src/reference/csms/security.js';
import { writeSetting } from './settings.js';
import { expectConnectorReports } from './boot-steps.js';
import { renewStationCertificate, renewedByCsms } from './security-update-steps.js';
import { tlsKeyPem } from '../../src/security/csr.js';

const ADVANCED = 'advanced-security';

async function readVariable(csms: CsmsHarness, component: string, variable: string, requirement: string): Promise<string> {
  const answer = await csms.call('GetVariables', { getVariableData: [{ component: { name: component }, variable: { name: variable } }] });
  const result = (answer.getVariableResult as Payload[] | undefined)?.[0];
  if (result?.attributeStatus !== 'Accepted') throw new Verdict(`${component}.${variable} must be readable, got ${String(result?.attributeStatus)}`, requirement);
  return String(result.attributeValue ?? '');
}

export const slotsOf = (value: string) => value.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n));

/** A configuration slot the station does not use yet (the document: whichever of its two slots is free). */
export function freeSlot(slots: number[]): number {
  return Math.max(0, ...slots) + 1;
}

export function networkProfile(slot: number, url: string, securityProfile: number): Payload {
  return {
    configurationSlot: slot,
    connectionData: { ocppVersion: 'OCPP20', ocppTransport: 'JSON', ocppCsmsUrl: url, messageTimeout: 30, securityProfile, ocppInterface: 'Wired0' },
  };
}

/**
 * TC_A_19_CS: a network profile one security profile higher is stored, made first priority, and (when the station
 * asks for it) a reset follows; the station must come back on the harness's endpoint of that profile, report it
 * in SecurityCtrlr.SecurityProfile and have dropped the old slot from NetworkConfigurationPriority.
 */
export function upgradeAcceptedCs(octt: OcttClaim[], from: 1 | 2 = 1) {
  return testCase<CsTestCase>({
    useCase: 'A05', variant: from === 1 ? 'upgrade-accepted' : 'upgrade-accepted-from-2', ocpp: '2.0.1', sut: 'CS', octt, profile: 'security',
    needs: [ADVANCED, `security-profile-${from + 1}`, ...(from === 2 ? ['security-profile-2'] : [])], securityProfile: from === 2 ? 2 : undefined,
    title: from === 1
      ? 'The station moves up one security profile: new network profile, first priority, reset, back over wss'
      : 'The station moves from security profile 2 to 3 with a renewed charging station certificate: back over mutual TLS with it',
    killedBy: [SEC.staysAtOldProfile, SEC.keepsLowerProfileSlots, ...(from === 2 ? [SEC.keepsOldClientCert] : [])],
    exclusive: from === 2 ? true : undefined,
    async run({ csms }) {
      await csms.booted();
      const id = csms.session?.conn.stationId ?? csms.profile.stationId;
      const active = Number(await readVariable(csms, 'SecurityCtrlr', 'SecurityProfile', 'A05'));
      const target = active + 1;
      if (active !== from) throw new Inconclusive(`the station runs security profile ${active}: this test case upgrades from profile ${from}`);
      // From 2, memory state RenewChargingStationCertificate: the certificate the station will present at profile 3.
      const certificate = from === 2 ? await renewStationCertificate(csms) : undefined;
      const server = csms.endpoints?.[target as 2 | 3];
      if (!server) throw new Inconclusive(`the harness serves no security profile ${target} endpoint in this run (a run against a charger serves only its configured profile)`);
      // Which connections of this station arrive on the higher profile's endpoint.
      const upgraded = new Set<OcppConnection>();
      const onUpgraded = (conn: OcppConnection) => { if (conn.stationId === id) upgraded.add(conn); };
      server.on('connection', onUpgraded);
      // The client certificates presented on the higher profile's endpoint (profile 3).
      const presented: Buffer[] = [];
      const onTls = (_v: string, _c: string, client: Buffer | undefined) => { if (client) presented.push(client); };
      server.on('tlsEstablished', onTls);
      csms.listenAlsoOn(server);
      try {
        const configured = slotsOf(await readVariable(csms, 'OCPPCommCtrlr', 'NetworkConfigurationPriority', 'B09'))[0] ?? 0;
        const slot = freeSlot([configured]);
        const stored = await csms.call('SetNetworkProfile', networkProfile(slot, server.url, target));
        if (stored.status !== 'Accepted') throw new Verdict(`a network profile for security profile ${target} in the free slot ${slot} must be Accepted, got ${String(stored.status)}`, 'B09.FR.01');
        const status = await writeSetting(csms, '2.0.1', { v16: '', component: 'OCPPCommCtrlr', variable: 'NetworkConfigurationPriority' }, `${slot},${configured}`);
        if (status !== 'Accepted' && status !== 'RebootRequired') {
          throw new Verdict(`making the new network profile first priority must be Accepted or RebootRequired, got ${status}`, 'A05.FR.04');
        }
        const before = csms.connectionCount;
        const from = Date.now();
        if (status === 'RebootRequired') {
          const reset = await csms.call('Reset', { type: 'OnIdle' });
          if (reset.status !== 'Accepted') throw new Verdict(`Reset OnIdle of an idle station must be Accepted, got ${String(reset.status)}`);
        }
        // Steps 7-9: reconnected at the new profile, then the reusable state Booted (connectors, start-up event).
        const boot = await csms.waitForReboot(from, before);
        await expectConnectorReports(csms, boot, () => ['Available']);
        await csms.expectCall('SecurityEventNotification', { after: boot, where: (p) => p.type === 'StartupOfTheDevice' || p.type === 'ResetOrReboot' }).catch((err: Error) => {
          throw err instanceof Verdict ? new Verdict(`after booting at the new profile the station must send SecurityEventNotification StartupOfTheDevice or ResetOrReboot: ${err.message}`, 'A04.FR.01') : err;
        });
        if (!csms.session || !upgraded.has(csms.session.conn)) {
          throw new Verdict(`after the new first priority${status === 'RebootRequired' ? ' and the reset' : ''} the station must reconnect at security profile ${target} (${server.url}), it came back on its old connection profile`, 'A05.FR.05');
        }
        if (certificate && !presented.some((der) => der.equals(certificate))) {
          throw new Verdict('at security profile 3 the station must present the charging station certificate it installed (RenewChargingStationCertificate), it presented another one', 'A02.FR.08');
        }
        const reported = Number(await readVariable(csms, 'SecurityCtrlr', 'SecurityProfile', 'A05'));
        if (reported !== target) throw new Verdict(`SecurityCtrlr.SecurityProfile must be ${target} after the upgrade, it is ${reported}`, 'A05.FR.05');
        const priority = slotsOf(await readVariable(csms, 'OCPPCommCtrlr', 'NetworkConfigurationPriority', 'B09'));
        if (priority.includes(configured)) {
          throw new Verdict(`after connecting at security profile ${target} the lower-profile slot ${configured} must leave NetworkConfigurationPriority, it is ${priority.join(',')}`, 'A05.FR.06');
        }
      } finally {
        server.off('connection', onUpgraded);
        server.off('tlsEstablished', onTls);
      }
    },
  });
}

/** TC_A_22_CS: at security profile 2 (3), a network profile for profile 1 (2) is Rejected (B09.FR.04). */
export function downgradeRejectedCs(octt: OcttClaim[], sp: 2 | 3 = 2) {
  const lower = sp - 1;
  return testCase<CsTestCase>({
    useCase: 'A05', variant: sp === 2 ? 'downgrade-rejected' : 'downgrade-rejected-sp3', ocpp: '2.0.1', sut: 'CS', octt, profile: 'security',
    needs: [ADVANCED, `security-profile-${sp}`], securityProfile: sp,
    title: `At security profile ${sp} the station refuses a network profile for a lower security profile`,
    killedBy: [SEC.acceptsDowngrade],
    async run({ csms }) {
      await csms.booted();
      const slots = slotsOf(await readVariable(csms, 'OCPPCommCtrlr', 'NetworkConfigurationPriority', 'B09'));
      // A URL that is not the active one: the lower profile's endpoint where the run has one, else this one (ws:// for profile 1).
      const url = csms.endpoints?.[lower as 1 | 2]?.url ?? (lower === 1 ? csms.server.url.replace(/^wss:/, 'ws:') : csms.server.url);
      const answer = await csms.call('SetNetworkProfile', networkProfile(freeSlot(slots), url, lower));
      if (answer.status !== 'Rejected') throw new Verdict(`a network profile for security profile ${lower} while ${sp} is active must be Rejected, got ${String(answer.status)}`, 'B09.FR.04');
    },
  });
}

/**
 * 1.6 TC_083_CS: SecurityProfile one level higher is Accepted or RebootRequired; after the reset the CSMS sends
 * (Hard; also when the charge point does not come back by itself) the charge point must boot on the harness's
 * endpoint of the new profile and report every connector Available.
 */
export function upgradeAccepted16(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'A05', variant: 'upgrade-accepted', ocpp: '1.6', sut: 'CS', octt, profile: 'security', needs: [ADVANCED, 'security-profile-2'],
    title: 'The charge point moves up one security profile after ChangeConfiguration SecurityProfile and a reset, back over wss',
    killedBy: [SEC.staysAtOldProfile],
    async run({ csms }) {
      await csms.booted();
      const id = csms.session?.conn.stationId ?? csms.profile.stationId;
      const read = await csms.call('GetConfiguration', { key: ['SecurityProfile'] });
      const entry = (read.configurationKey as Payload[] | undefined)?.find((k) => String(k.key).toLowerCase() === 'securityprofile');
      const active = Number(entry?.value);
      if (!entry || !Number.isInteger(active)) throw new Inconclusive('the charge point does not report its SecurityProfile configuration key');
      if (active !== 1) throw new Inconclusive(`the charge point runs security profile ${active}: this test case upgrades from profile 1 only`);
      const target = 2;
      const server = csms.endpoints?.[target];
      if (!server) throw new Inconclusive(`the harness serves no security profile ${target} endpoint in this run (a run against a charger serves only its configured profile)`);
      const upgraded = new Set<OcppConnection>();
      const onUpgraded = (conn: OcppConnection) => { if (conn.stationId === id) upgraded.add(conn); };
      server.on('connection', onUpgraded);
      // The client certificates presented on the higher profile's endpoint (profile 3).
      const presented: Buffer[] = [];
      const onTls = (_v: string, _c: string, client: Buffer | undefined) => { if (client) presented.push(client); };
      server.on('tlsEstablished', onTls);
      csms.listenAlsoOn(server);
      try {
        const before = csms.connectionCount;
        const from = Date.now();
        const status = String((await csms.call('ChangeConfiguration', { key: 'SecurityProfile', value: String(target) })).status);
        if (status !== 'Accepted' && status !== 'RebootRequired') {
          throw new Verdict(`SecurityProfile ${target} while ${active} is active (its prerequisites in place) must be Accepted or RebootRequired, got ${status}`, 'A05 (white paper)');
        }
        // The reset: when the charge point asks for it, or when it does not reconnect by itself (the document's note).
        const reconnected = status === 'Accepted'
          && await csms.waitForConnection(csms.profile.timing.bootTimeoutMs, before).then(() => true, (err: Error) => {
            if (err instanceof Verdict) return false;
            throw err;
          });
        if (!reconnected) {
          const reset = await csms.call('Reset', { type: 'Hard' });
          if (reset.status !== 'Accepted') throw new Verdict(`Reset Hard must be Accepted, got ${String(reset.status)}`);
        }
        const boot = await csms.waitForReboot(from, before);
        if (!csms.session || !upgraded.has(csms.session.conn)) {
          throw new Verdict(`after accepting SecurityProfile ${target} the charge point must reconnect at that profile (${server.url}), it came back at its old one`, 'A05 (white paper)');
        }
        // Connector 0 is left out: the 1.6 core lets a charge point leave its main controller's status unreported.
        for (let connectorId = 1; connectorId <= csms.profile.evses.length; connectorId++) {
          const report = await csms.expectCall('StatusNotification', { where: { connectorId }, after: boot });
          if (report.payload.status !== 'Available') throw new Verdict(`connector ${connectorId} must report Available after the reboot, reported ${String(report.payload.status)}`);
        }
      } finally {
        server.off('connection', onUpgraded);
      }
    },
  });
}

/**
 * TC_A_19_CSMS: the operator has the CSMS store a network profile one security profile higher, put its slot in
 * NetworkConfigurationPriority and reboot the station; the station (at profile 1) comes back at profile 2, boots,
 * and a later connection at profile 1 must be refused.
 */
export function upgradeCsms(octt: OcttClaim[], from: 1 | 2 = 1) {
  const target = from + 1;
  return testCase<CsmsTestCase>({
    useCase: 'A05', variant: from === 1 ? 'upgrade' : 'upgrade-from-2', ocpp: '2.0.1', sut: 'CSMS', octt, profile: 'security',
    needs: [ADVANCED, `security-profile-${from}`, `security-profile-${target}`], securityProfile: from === 2 ? 2 : undefined,
    actions: [...(from === 2 ? ['renewStationCertificate'] : []), 'setNetworkProfile', 'setNetworkPriority', 'reset'],
    title: `The CSMS upgrades a station from security profile ${from} to ${target}${from === 2 ? ' (after renewing its certificate)' : ''}, and then refuses it at profile ${from}`,
    killedBy: [SECF.networkProfileNotHigher, 'csms.accepts-lower-profile'],
    async run(ctx) {
      const { station, sut, profile } = ctx;
      const higher = station.endpoints?.[target as 2 | 3];
      if (!higher) throw new Inconclusive(`the harness does not know the CSMS's security profile ${target} endpoint (only the reference's are known here)`);
      await station.booted();
      // From 2, memory state RenewChargingStationCertificate: the certificate the station presents at profile 3.
      const renewed = from === 2 ? await renewedByCsms(ctx) : undefined;
      const act = async (name: string, args: Record<string, unknown>, action: string) => {
        const acting = sut.act(name, { stationId: profile.stationId, ...args });
        acting.catch(() => undefined);
        const call = await station.expectCall(action);
        await acting;
        return call;
      };
      const slot = 1;
      station.answer('SetNetworkProfile', { status: 'Accepted' });
      const stored = await act('setNetworkProfile', { configurationSlot: slot, securityProfile: target }, 'SetNetworkProfile');
      const data = (stored.payload.connectionData ?? {}) as Payload;
      if (data.securityProfile !== target) throw new Verdict(`the new network profile must be for security profile ${target} (one above the active ${from}), it is for ${String(data.securityProfile)}`, 'A05.FR.04');
      if (data.ocppVersion !== 'OCPP20' || data.ocppTransport !== 'JSON') throw new Verdict(`the new network profile must say ocppVersion OCPP20 and ocppTransport JSON, it says ${String(data.ocppVersion)} / ${String(data.ocppTransport)}`);
      if (!/^wss:\/\//.test(String(data.ocppCsmsUrl))) throw new Verdict(`a network profile for security profile ${target} needs a wss:// ocppCsmsUrl, it has ${String(data.ocppCsmsUrl)}`);
      const slotUsed = Number(stored.payload.configurationSlot);
      station.answer('SetVariables', (call) => ({
        setVariableResult: (call.payload.setVariableData as Payload[]).map((d) => ({ component: d.component, variable: d.variable, attributeStatus: 'Accepted' })),
      }));
      const priority = await act('setNetworkPriority', { priority: `${slotUsed},0` }, 'SetVariables');
      const item = (priority.payload.setVariableData as Payload[])[0] ?? {};
      const named = `${String((item.component as Payload | undefined)?.name)}.${String((item.variable as Payload | undefined)?.name)}`;
      if (named !== 'OCPPCommCtrlr.NetworkConfigurationPriority') throw new Verdict(`the CSMS must set OCPPCommCtrlr.NetworkConfigurationPriority, it set ${named}`);
      if (!slotsOf(String(item.attributeValue)).includes(slotUsed)) throw new Verdict(`NetworkConfigurationPriority must contain the new slot ${slotUsed}, it is ${String(item.attributeValue)}`);
      station.answer('Reset', { status: 'Accepted' });
      await act('reset', { type: 'OnIdle' }, 'Reset');
      await station.close();
      // Step 7: back at the new profile, at the URL the network profile named.
      const withId = (base: string) => `${base.replace(/\/$/, '')}/${encodeURIComponent(profile.stationId)}`;
      if (!station.pki) throw new Inconclusive('the harness holds no root that the CSMS\'s TLS certificate chains to (tls.ca)');
      const tls = { ca: station.pki.ca, ...(renewed ? { cert: renewed.chain, key: await tlsKeyPem(renewed.keys.privateKey) } : {}) };
      await station.connect({ url: withId(String(data.ocppCsmsUrl)), tls }).catch((err: Error) => {
        throw err instanceof Verdict ? new Verdict(`the CSMS must accept the station at security profile ${target}: ${err.message}`, 'A05') : err;
      });
      const boot = await station.call('BootNotification', station.bootPayload('RemoteReset'));
      if (boot.status !== 'Accepted') throw new Verdict(`BootNotification at security profile ${target} must be Accepted, got ${String(boot.status)}`);
      for (const evse of profile.evses) {
        for (let c = 1; c <= evse.connectors; c++) await station.call('StatusNotification', station.statusPayload(evse.id, c, 'Available'));
      }
      await station.close();
      // Steps 10-11: the old profile again must be refused.
      const lower = station.endpoints?.[from] ?? station.csmsUrl;
      const refused = await station.connect({ url: withId(lower), tls: from === 1 ? undefined : { ca: station.pki.ca } }).then(() => false, (err: Error) => {
        if (err instanceof Verdict) return true;
        throw err;
      });
      if (!refused) {
        await station.close();
        throw new Verdict(`after the station connected at security profile ${target} the CSMS must refuse it at profile ${from}`, 'A05.FR.07');
      }
    },
  });
}

/**
 * 1.6 TC_083_CSMS (no step-by-step document in the reference set: the steps of TC_083_CS seen from the other side):
 * the operator has the CSMS set SecurityProfile one level up; the charge point answers RebootRequired and the CSMS
 * must send Reset Hard; the charge point comes back at profile 2 (accepted) and is then refused at profile 1.
 */
export function upgradeCsms16(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'A05', variant: 'upgrade', ocpp: '1.6', sut: 'CSMS', octt, profile: 'security', needs: [ADVANCED, 'security-profile-1', 'security-profile-2'],
    actions: ['setSecurityProfile'],
    title: 'The CSMS upgrades a charge point from security profile 1 to 2 (SecurityProfile, Reset Hard), then refuses it at profile 1',
    killedBy: [SECF.networkProfileNotHigher, 'csms.accepts-lower-profile'],
    async run({ station, sut, profile }) {
      const target = 2;
      const higher = station.endpoints?.[target];
      if (!higher) throw new Inconclusive(`the harness does not know the CSMS's security profile ${target} endpoint (only the reference's are known here)`);
      if (!station.pki) throw new Inconclusive('the harness holds no root that the CSMS\'s TLS certificate chains to (tls.ca)');
      await station.booted();
      station.answer('ChangeConfiguration', { status: 'RebootRequired' });
      station.answer('Reset', { status: 'Accepted' });
      const acting = sut.act('setSecurityProfile', { stationId: profile.stationId, securityProfile: target });
      acting.catch(() => undefined);
      const change = await station.expectCall('ChangeConfiguration');
      if (String(change.payload.key).toLowerCase() !== 'securityprofile' || change.payload.value !== String(target)) {
        throw new Verdict(`the CSMS must send ChangeConfiguration SecurityProfile ${target} (one above the active 1), it sent ${String(change.payload.key)} = ${String(change.payload.value)}`, 'A05 (white paper)');
      }
      const reset = await station.expectCall('Reset', { after: change }).catch((err: Error) => {
        throw err instanceof Verdict ? new Verdict(`after RebootRequired the CSMS must reset the charge point: ${err.message}`) : err;
      });
      if (reset.payload.type !== 'Hard') throw new Verdict(`the reset for the new security profile must be Hard, it is ${String(reset.payload.type)}`);
      await acting;
      await station.close();
      const withId = (base: string) => `${base.replace(/\/$/, '')}/${encodeURIComponent(profile.stationId)}`;
      await station.connect({ url: withId(higher), tls: { ca: station.pki.ca } }).catch((err: Error) => {
        throw err instanceof Verdict ? new Verdict(`the CSMS must accept the charge point at security profile ${target}: ${err.message}`, 'A05 (white paper)') : err;
      });
      const boot = await station.call('BootNotification', station.bootPayload());
      if (boot.status !== 'Accepted') throw new Verdict(`BootNotification at security profile ${target} must be Accepted, got ${String(boot.status)}`);
      for (const evse of profile.evses) await station.call('StatusNotification', station.statusPayload(evse.id, 1, 'Available'));
      await station.close();
      const lower = station.endpoints?.[1] ?? station.csmsUrl;
      const refused = await station.connect({ url: withId(lower), tls: undefined }).then(() => false, (err: Error) => {
        if (err instanceof Verdict) return true;
        throw err;
      });
      if (!refused) {
        await station.close();
        throw new Verdict(`after the charge point connected at security profile ${target} the CSMS must refuse it at profile 1`, 'A00.FR.002 (white paper)');
      }
    },
  });
}
