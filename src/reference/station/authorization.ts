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
 *   reason MasterPass (a station without a user interface: C16.FR.02).
 * The operator action presentIdToken lands here (installed after driver.ts, it replaces that one).
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
};

export interface TokenAnswer {
  status: string;
  group?: string;
}

/** The groups of the tokens that started transactions and of tokens the CSMS described, per station. */
class Groups {
  readonly ofTransaction = new WeakMap<Transaction, string>();
  readonly ofToken = new Map<string, string>();
}

const groupsOf = new WeakMap<ReferenceStation, Groups>();

/** Ask the CSMS about a token; what it says about the token's group is remembered. No answer counts as Invalid. */
export async function askCsms(station: ReferenceStation, idToken: string, type: string): Promise<TokenAnswer> {
  const answer = station.version === '1.6'
    ? await station.send('Authorize', { idTag: idToken })
    : await station.send('Authorize', { idToken: { idToken, type } });
  const info = (answer?.idTagInfo ?? answer?.idTokenInfo) as Payload | undefined;
  const group = groupIn(info);
  if (group !== undefined) groupsOf.get(station)?.ofToken.set(idToken, group);
  return { status: String(info?.status ?? 'Invalid'), group };
}

function groupIn(info: Payload | undefined): string | undefined {
  const group = info?.parentIdTag ?? (info?.groupIdToken as Payload | undefined)?.idToken;
  return group === undefined ? undefined : String(group);
}

export function install(station: ReferenceStation): void {
  const groups = new Groups();
  groupsOf.set(station, groups);
  const has = (fault: string) => station.faults.has(fault);
  const masterPassGroup = () => station.variables.get('AuthCtrlr/MasterPassGroupId')?.value || undefined;

  // 1.6: the CSMS names the starting idTag's parent in StartTransaction.conf (or earlier, in Authorize.conf).
  station.transactions.onStartAnswer = (tx, info) => {
    const group = groupIn(info) ?? (tx.idToken ? groups.ofToken.get(tx.idToken) : undefined);
    if (group !== undefined) groups.ofTransaction.set(tx, group);
  };

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

    const answer = await askCsms(station, idToken, type);
    const accepted = answer.status === 'Accepted';
    const master = masterPassGroup();
    if (accepted && master !== undefined && answer.group === master && !has(AUF.masterPassIgnored)) {
      const running = station.evses.filter((e) => e.transaction?.authorized);
      const cause = has(AUF.masterPassWrongReason) ? 'Local' : 'MasterPass';
      for (const evse of running) await station.transactions.stop(evse, cause, { idToken, type });
      // C16.FR.03: a master pass token cannot start a transaction.
      if (running.length || !has(AUF.masterPassStarts)) return;
    }
    if (busy) return stopByOther(busy, idToken, type, answer);
    if (!accepted && !has(AUF.startsWhenRefused)) return;
    await station.transactions.authorize({ evseId, idToken, idTokenType: type, knownStatus: 'Accepted' });
    const started = station.evses.find((e) => e.transaction?.idToken === idToken)?.transaction;
    if (started && answer.group !== undefined) groups.ofTransaction.set(started, answer.group);
  }

  /** Another token at an EVSE in a transaction: it stops it only as an accepted member of the starting token's group. */
  async function stopByOther(evse: Evse, idToken: string, type: string, answer: TokenAnswer): Promise<void> {
    const tx = evse.transaction!;
    const txGroup = groups.ofTransaction.get(tx);
    const sameGroup = txGroup !== undefined && answer.group === txGroup && !has(AUF.groupStopRefused);
    const allowed = (sameGroup && (answer.status === 'Accepted' || has(AUF.groupStopIgnoresStatus)))
      || (answer.status === 'Accepted' && has(AUF.anyTokenStops));
    if (!allowed) return;
    await station.transactions.stop(evse, 'Local', has(AUF.groupStopNamesStarter) ? starterOf(tx) : { idToken, type });
  }

  /** What the fault reports instead of the stopping token: 1.6 the starting idTag, 2.0.1 nothing. */
  const starterOf = (tx: Transaction) => (station.version === '1.6' && tx.idToken ? { idToken: tx.idToken } : undefined);

  station.onAction('presentIdToken', present);
}
