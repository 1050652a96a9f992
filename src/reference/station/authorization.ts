import { createHash } from 'node:crypto';
import { canonicalItem } from '../../catalog/pics.js';
import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { Evse, Transaction } from './model.js';
import type { ReferenceStation } from './station.js';

/**
 * What the reference station does with a token presented at its reader (C01 local authorization, C09 group IDs,
 * C16 master pass; 1.6 parentIdTag). It asks the CSMS (Authorize) and acts on the answer:
 * - at an idle EVSE, only Accepted starts charging; Blocked, Expired, Invalid, Unknown and the rest do not;
 * - at an EVSE in a transaction, the token that started it stops it; another token stops it only when the CSMS
 *   accepts it and names the same group (2.0.1 groupIdToken, 1.6 parentIdTag) as the starting token;
 * - a token whose group is AuthCtrlr.MasterPassGroupId never starts a transaction; it stops every running one with
 *   reason MasterPass (a station without a user interface: C16.FR.02). Built with a user interface (C-07), the
 *   station stops nothing yet: the holder chooses on the UI (operator action masterPassSelect { evse? }: the
 *   transaction on `evse`, or every one when no EVSE is named; C16.FR.01).
 * Built with a cable lock (AQ-2) the socket stays locked until a driver is authorized there: plugIn at an EVSE
 * without an authorization cannot be done (the operator is told so).
 * The operator actions presentIdToken and plugIn land here (installed after driver.ts, they replace those).
 */

export const AUF = {
  startsWhenRefused: defineFault('cs.auth-starts-when-refused', 'starts a transaction although the CSMS answered the token Blocked, Expired, Invalid or Unknown'),
  anyTokenStops: defineFault('cs.any-token-stops', 'lets any accepted token stop a transaction, not only the starting one or one of its group'),
  groupStopRefused: defineFault('cs.group-stop-refused', 'does not let another token of the same group stop a transaction'),
  groupStopIgnoresStatus: defineFault('cs.group-stop-ignores-status', 'lets a token of the transaction\'s group stop it even when the CSMS did not accept that token'),
  groupStopNamesStarter: defineFault('cs.group-stop-names-starter', 'reports a stop by another token of the group without that token (2.0.1 no idToken; 1.6 the starting idTag)'),
  masterPassStarts: defineFault('cs.master-pass-starts', 'starts a transaction with a token of the master pass group'),
  masterPassIgnored: defineFault('cs.master-pass-ignored', 'treats a master pass token at a busy station like any other token (stops nothing)'),
  masterPassWrongReason: defineFault('cs.master-pass-wrong-reason', 'ends transactions stopped by a master pass with stoppedReason Local'),
  masterPassUiStopsAll: defineFault('cs.master-pass-ui-stops-all', 'with a user interface: stops every transaction when the master pass holder chose one'),
  masterPassUiStopsFirst: defineFault('cs.master-pass-ui-stops-first', 'with a user interface: stops only the first transaction when the master pass holder chose all'),
  pncNoHashData: defineFault('cs.pnc-no-hash-data', '2.0.1 Plug and Charge: leaves iso15118CertificateHashData out of the Authorize of a contract it validated itself'),
  pncNotEmaid: defineFault('cs.pnc-type-not-emaid', '2.0.1 Plug and Charge: sends the contract\'s eMAID with idToken type ISO14443'),
  pncNoCertificate: defineFault('cs.pnc-no-certificate', '2.0.1 Plug and Charge: leaves the contract certificate out of the Authorize when the CSMS is to validate it'),
  pncOfflineRefused: defineFault('cs.pnc-offline-refused', '2.0.1 Plug and Charge: never authorizes a contract while offline, whatever ContractValidationOffline says'),
  pncOfflineIgnoresSetting: defineFault('cs.pnc-offline-ignores-setting', '2.0.1 Plug and Charge: authorizes a contract while offline although ContractValidationOffline is false'),
};

export interface TokenAnswer {
  status: string;
  group?: string;
}

/**
 * Decide a presented token the way the transaction model does (transactions.decideToken: the CSMS, or where another
 * feature installs it the local list and cache), with the group the CSMS gave it.
 */
export async function decide(station: ReferenceStation, idToken: string, type: string): Promise<TokenAnswer> {
  const status = await station.transactions.decideToken(idToken, type);
  return { status, group: station.transactions.groups.get(idToken) };
}

export function install(station: ReferenceStation): void {
  // Every answer about a token says its group (1.6: the starting idTag's parent comes with StartTransaction.conf).
  const groups = station.transactions.groups;
  const has = (fault: string) => station.faults.has(fault);
  const masterPassGroup = () => station.variables.get('AuthCtrlr/MasterPassGroupId')?.value || undefined;
  const claims = (item: string) => (station.options.optional ?? []).some((f) => canonicalItem(f, station.version) === item);
  const withUi = station.version === '2.0.1' && claims('C-07');
  /** C-07: the master pass accepted last, waiting for its holder's choice on the UI. */
  let masterPassShown: { idToken: string; type: string } | undefined;

  async function present(args: Record<string, unknown>): Promise<void> {
    const idToken = String(args.idToken);
    const type = args.type === undefined ? 'ISO14443' : String(args.type);
    const evseId = args.evse === undefined ? undefined : Number(args.evse);
    const at = evseId === undefined ? undefined : station.evse(evseId);
    const busy = at?.transaction?.authorized ? at : undefined;
    // The starting token stops its own transaction (at its EVSE, or wherever it runs when no EVSE is named).
    const own = busy?.transaction?.idToken === idToken ? busy
      : evseId === undefined ? station.evses.find((e) => e.transaction?.authorized && e.transaction.idToken === idToken) : undefined;
    if (own) return station.transactions.stop(own, 'Local');

    const answer = await decide(station, idToken, type);
    const accepted = answer.status === 'Accepted';
    const master = masterPassGroup();
    if (accepted && master !== undefined && answer.group === master && !has(AUF.masterPassIgnored)) {
      const running = station.evses.filter((e) => e.transaction?.authorized);
      // With a user interface the holder first chooses what to stop (masterPassSelect).
      if (withUi && running.length) {
        masterPassShown = { idToken, type };
        return;
      }
      for (const evse of running) await masterPassStop(evse, { idToken, type });
      // C16.FR.03: a master pass token cannot start a transaction.
      if (running.length || !has(AUF.masterPassStarts)) return;
    }
    if (busy) return stopByOther(busy, idToken, type, answer);
    if (!accepted && !has(AUF.startsWhenRefused)) return;
    await station.transactions.authorize({ evseId, idToken, idTokenType: type, knownStatus: 'Accepted' });
  }

  const masterPassStop = (evse: Evse, by: { idToken: string; type: string }) =>
    station.transactions.stop(evse, has(AUF.masterPassWrongReason) ? 'Local' : 'MasterPass', by);

  /** C-07: the master pass holder chose on the UI the transaction on `evse`, or all of them when none is named. */
  async function masterPassSelect(args: Record<string, unknown>): Promise<void> {
    const by = masterPassShown;
    if (!by) throw new Error('no master pass was accepted at the station: its user interface offers no transactions to stop');
    const running = station.evses.filter((e) => e.transaction?.authorized);
    const all = args.evse === undefined || has(AUF.masterPassUiStopsAll);
    const chosen = all ? (has(AUF.masterPassUiStopsFirst) ? running.slice(0, 1) : running) : running.filter((e) => e.id === Number(args.evse));
    if (!chosen.length) throw new Error(`no transaction runs on EVSE ${String(args.evse)} to stop with the master pass`);
    masterPassShown = undefined;
    for (const evse of chosen) await masterPassStop(evse, by);
  }

  /** AQ-2: the cable lock lets the cable in only where a driver is authorized (pending or in a transaction). */
  async function plugInLocked(args: Record<string, unknown>): Promise<void> {
    const evse = station.evse(Number(args.evse ?? station.evses[0]!.id));
    if (!evse.pendingAuth && !evse.transaction?.authorized) {
      throw new Error(`the cable lock of EVSE ${evse.id} keeps the cable out until a driver is authorized there`);
    }
    await station.transactions.plugIn(evse, Number(args.connector ?? 1));
  }

  /** Another token at an EVSE in a transaction: it stops it only as an accepted member of the starting token's group. */
  async function stopByOther(evse: Evse, idToken: string, type: string, answer: TokenAnswer): Promise<void> {
    const tx = evse.transaction!;
    const txGroup = tx.idToken === undefined ? undefined : groups.get(tx.idToken);
    const sameGroup = txGroup !== undefined && answer.group === txGroup && !has(AUF.groupStopRefused);
    const allowed = (sameGroup && (answer.status === 'Accepted' || has(AUF.groupStopIgnoresStatus)))
      || (answer.status === 'Accepted' && has(AUF.anyTokenStops));
    if (!allowed) return;
    await station.transactions.stop(evse, 'Local', has(AUF.groupStopNamesStarter) ? starterOf(tx) : { idToken, type });
  }

  /** What the fault reports instead of the stopping token: 1.6 the starting idTag, 2.0.1 nothing. */
  const starterOf = (tx: Transaction) => (station.version === '1.6' && tx.idToken ? { idToken: tx.idToken } : undefined);

  station.onAction('presentIdToken', present);
  if (withUi) station.onAction('masterPassSelect', masterPassSelect);
  if (station.version === '2.0.1' && claims('AQ-2')) station.onAction('plugIn', plugInLocked);
  if (station.version === '2.0.1') installPlugAndCharge(station);
}

/** ISO15118Ctrlr settings of the reference station (per station: it has one ISO 15118 stack for every EVSE). */
const ISO15118_VARIABLES: Record<string, string> = {
  PnCEnabled: 'true', CentralContractValidationAllowed: 'false', ContractValidationOffline: 'true',
  ContractCertificateInstallationEnabled: 'true', V2GCertificateInstallationEnabled: 'true', SeccId: 'SECC-REF-1',
  CountryName: 'NL', OrganizationName: 'ocpp-conformance',
};

/**
 * C07 authorization with a contract certificate (ISO 15118 Plug and Charge). Operator action evPlugAndCharge
 * { evse, emaid }: the connected EV presents its contract certificate. The station asks the CSMS with the eMAID
 * (type eMAID) and either the OCSP data of the chain it validated itself (CentralContractValidationAllowed false)
 * or the certificate itself for the CSMS to validate (true); only Accepted (idTokenInfo and certificateStatus)
 * authorizes. The reference EV's chain is a stand-in (the harness judges the messages, not the certificates).
 */
function installPlugAndCharge(station: ReferenceStation): void {
  for (const [name, value] of Object.entries(ISO15118_VARIABLES)) {
    if (!station.variables.has(`ISO15118Ctrlr/${name}`)) station.variables.set(`ISO15118Ctrlr/${name}`, { value });
  }
  const has = (fault: string) => station.faults.has(fault);
  const iso = (name: string) => station.variables.get(`ISO15118Ctrlr/${name}`)?.value;
  station.onAction('evPlugAndCharge', async (args) => {
    const evseId = Number(args.evse ?? station.evses[0]!.id);
    const emaid = String(args.emaid);
    if (iso('PnCEnabled') !== 'true') return;
    if (!station.connected) {
      // C07.FR.08/FR.07: offline, the station validates the contract itself only when ContractValidationOffline allows it.
      const allowed = (iso('ContractValidationOffline') === 'true' && !has(AUF.pncOfflineRefused)) || has(AUF.pncOfflineIgnoresSetting);
      if (allowed) await station.transactions.authorize({ evseId, idToken: emaid, idTokenType: 'eMAID', knownStatus: 'Accepted' });
      return;
    }
    const chain = contractChain(emaid);
    const request: Payload = { idToken: { idToken: emaid, type: has(AUF.pncNotEmaid) ? 'ISO14443' : 'eMAID' } };
    if (iso('CentralContractValidationAllowed') === 'true') {
      if (!has(AUF.pncNoCertificate)) request.certificate = chain.pem;
    } else if (!has(AUF.pncNoHashData)) {
      request.iso15118CertificateHashData = [chain.hashData];
    }
    const answer = await station.send('Authorize', request);
    const info = answer?.idTokenInfo as Payload | undefined;
    const accepted = info?.status === 'Accepted' && (answer?.certificateStatus ?? 'Accepted') === 'Accepted';
    if (!accepted && !has(AUF.startsWhenRefused)) return;
    await station.transactions.authorize({ evseId, idToken: emaid, idTokenType: 'eMAID', knownStatus: 'Accepted' });
  });
}

/** The reference EV's contract certificate for an eMAID: its text and the OCSP request data of it. */
function contractChain(emaid: string): { pem: string; hashData: Payload } {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const body = Buffer.from(`reference contract certificate for ${emaid}, issued by the reference MO sub-CA`).toString('base64');
  return {
    pem: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`,
    hashData: {
      hashAlgorithm: 'SHA256', issuerNameHash: sha256('CN=Reference MO Sub-CA'), issuerKeyHash: sha256('reference MO sub-CA key'),
      serialNumber: sha256(emaid).slice(0, 20), responderURL: 'http://127.0.0.1/ocsp',
    },
  };
}
