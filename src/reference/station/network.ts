import { defineFault } from '../faults.js';
import { OcppError } from '../errors.js';
import { rootProblem } from '../../security/csr.js';
import type { ReferenceStation } from './station.js';

/**
 * The station's network link and power supply as an operator controls them (the 1.6 offline and power-failure
 * test cases: "remove the connectivity", "disconnect and reconnect the power").
 * - `disconnectNetwork` {}: the connection drops and the station stays offline (it keeps running: transactions,
 *   meter values and the queue of transaction messages go on).
 * - `restoreNetwork` {}: the station reconnects at once.
 * - `powerFailure` { backupPower?: boolean }: the power goes and comes back. With backup power the station first
 *   ends its transactions (reason PowerLoss); without, it goes down at once and resumes them after booting. What
 *   it was told to be (Inoperative connectors) survives the restart.
 */
export const NF = {
  noStopOnPowerLoss: defineFault('cs.power-loss-keeps-transactions', 'goes down on a power failure without ending its transactions, although backup power lets it'),
  forgetsAvailability: defineFault('cs.power-cycle-forgets-availability', 'comes back from a power failure with every connector Available, forgetting those set Inoperative'),
};

export function install(station: ReferenceStation): void {
  station.onAction('disconnectNetwork', () => station.setNetwork(false));
  station.onAction('restoreNetwork', () => station.setNetwork(true));
  station.onAction('powerFailure', async (args) => {
    const backup = args.backupPower !== false;
    if (backup && !station.faults.has(NF.noStopOnPowerLoss)) await station.transactions.stopAll('PowerLoss');
    if (station.faults.has(NF.forgetsAvailability)) {
      for (const evse of station.evses) {
        evse.operative = true;
        for (const c of evse.connectors) if (c.status === 'Unavailable') c.status = 'Available';
      }
    }
    await station.reboot('PowerUp');
  });
}

/**
 * B09/B10 (2.0.1): the configuration slots the reference holds network connection profiles in, and how it moves
 * along OCPPCommCtrlr.NetworkConfigurationPriority when a profile does not connect: NetworkProfileConnectionAttempts
 * failed attempts on one profile, then the next in priority at once; after the last one, round again from the first
 * after the back-off (RetryBackOffWaitMinimum doubled per round up to RetryBackOffRepeatTimes, plus a random part
 * of RetryBackOffRandomRange). The profiles themselves live in security.ts (`station.networkProfiles`).
 */
export const NET = {
  anySlot: defineFault('cs.network-profile-any-slot', '2.0.1: accepts SetNetworkProfile for a configuration slot it does not have'),
  noFallback: defineFault('cs.network-no-fallback', '2.0.1: keeps trying its first-priority network profile and never falls back to the next one'),
  earlyFallback: defineFault('cs.network-fallback-too-early', '2.0.1: falls back to the next network profile after one failed attempt, ignoring NetworkProfileConnectionAttempts'),
  fallbackNoBackoff: defineFault('cs.network-fallback-no-backoff', '2.0.1: when every network profile failed, starts the next round at once instead of after RetryBackOffWaitMinimum'),
  noDoubling: defineFault('cs.reconnect-no-doubling', 'repeats a failed reconnect at the first back-off interval, never doubling it'),
  installedRootUnused: defineFault('cs.installed-csms-root-unused', '2.0.1: accepts a new CSMS root (InstallCertificate) but keeps checking the CSMS\'s server certificate against its old roots only'),
};

/** The configuration slots the reference has (slot 0: the profile it was installed with). */
export const NETWORK_SLOTS = [0, 1, 2, 3];
const ATTEMPTS = 'OCPPCommCtrlr/NetworkProfileConnectionAttempts';
const PRIORITY = 'OCPPCommCtrlr/NetworkConfigurationPriority';

/** Installed after security.ts: it wraps its SetNetworkProfile (and InstallCertificate, where a feature has one). */
export function installNetworkProfiles(station: ReferenceStation): void {
  const has = (f: string) => station.faults.has(f);
  if (station.version === '2.0.1') {
    if (!station.variables.has(ATTEMPTS)) station.variables.set(ATTEMPTS, { value: '3' });
    const stored = station.handlerFor('SetNetworkProfile');
    if (stored) {
      station.handle('SetNetworkProfile', (payload, call) => {
        if (!NETWORK_SLOTS.includes(Number(payload.configurationSlot)) && !has(NET.anySlot)) return { status: 'Rejected' };
        return stored(payload, call);
      });
    }
    installCsmsRoot(station);
  }
  const num = (key: string, fallback: number) => {
    const n = Number(station.variables.get(key)?.value);
    return Number.isFinite(n) ? n : fallback;
  };
  /** The 2.0.1 back-off of round `n` (0 = the first wait), in ms. */
  const backoffMs = (n: number) => {
    const doubled = Math.min(n, num('OCPPCommCtrlr/RetryBackOffRepeatTimes', 3));
    const range = num('OCPPCommCtrlr/RetryBackOffRandomRange', 0);
    return Math.max((num('OCPPCommCtrlr/RetryBackOffWaitMinimum', 1) * 2 ** doubled + Math.random() * range) * 1000, 50);
  };
  let attempts = 0;
  let round = 0;
  station.on('connected', () => {
    attempts = 0;
    round = 0;
  });
  station.on('connectFailed', () => {
    const profiles = station.networkProfiles;
    const priority = (station.variables.get(PRIORITY)?.value ?? '').split(',').map((s) => Number(s.trim())).filter((s) => profiles?.has(s));
    if (!profiles || priority.length < 2) {
      // One profile: the core's doubling back-off; the fault repeats the delay just used instead (the core doubles after this).
      if (has(NET.noDoubling)) station.reconnectDelay = Math.max(station.reconnectDelay / 2, 50);
      return;
    }
    if (has(NET.noFallback)) return;
    const index = Math.max(0, priority.findIndex((s) => profiles.get(s)!.url === station.options.url));
    attempts++;
    if (attempts < (has(NET.earlyFallback) ? 1 : Math.max(1, num(ATTEMPTS, 3)))) {
      station.reconnectDelay = backoffMs(round);
      return;
    }
    attempts = 0;
    const next = (index + 1) % priority.length;
    const profile = profiles.get(priority[next]!)!;
    station.log.event(`network profile in slot ${priority[index]!} failed ${num(ATTEMPTS, 3)} time(s): trying slot ${priority[next]!}`);
    station.options.url = profile.url;
    station.options.securityProfile = profile.securityProfile as 1 | 2 | 3;
    if (next === 0 && !has(NET.fallbackNoBackoff)) station.reconnectDelay = backoffMs(round++);
    else station.reconnectDelay = station.options.reconnectDelayMs ?? 200;
  });
}

/**
 * M05 for the B10 migration to a new CSMS (TC_B_50): a CSMS root installed with InstallCertificate joins the roots
 * the station checks the CSMS's server certificate with. Another feature's InstallCertificate (if any) decides first.
 */
function installCsmsRoot(station: ReferenceStation): void {
  const previous = station.handlerFor('InstallCertificate');
  station.handle('InstallCertificate', async (payload, call) => {
    if (payload.certificateType !== 'CSMSRootCertificate') {
      if (previous) return previous(payload, call);
      throw new OcppError('NotSupported', `installing a ${String(payload.certificateType)} is not supported`);
    }
    const pem = String(payload.certificate);
    const answer = previous ? await previous(payload, call) : { status: (await rootProblem(pem)) ? 'Rejected' : 'Accepted' };
    // With AdditionalRootCertificateCheck (AS-2) certificates201.ts switches the trust itself (new root, fallback).
    const as2 = station.variables.get('SecurityCtrlr/AdditionalRootCertificateCheck')?.value === 'true';
    if (answer.status === 'Accepted' && !as2 && !station.faults.has(NET.installedRootUnused)) {
      const tls = station.options.tls ?? {};
      station.options.tls = { ...tls, ca: [tls.ca, pem.trim()].filter(Boolean).join('\n') };
    }
    return answer;
  });
}
