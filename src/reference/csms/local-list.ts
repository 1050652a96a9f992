import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceCsms, StationRecord } from './csms.js';

/**
 * D01/D02 and C11 as the CSMS does them: it keeps each station's local list version (what the station last
 * reported or accepted) and sends lists newer than it. Operator actions (the station is args.stationId or the only one):
 *   sendLocalList { updateType?: 'Full'|'Differential', idTokens?: string[], remove?: boolean, empty?: boolean }
 *     asks the station's version (GetLocalListVersion), then sends SendLocalList with the next version: the tokens
 *     (default: the tokens the CSMS knows) with their status, or with remove: entries without idTokenInfo (taken
 *     off the list), or with empty: no entries.
 *   getLocalListVersion {}   GetLocalListVersion; the answer becomes the version the CSMS keeps.
 *   clearCache {}            ClearCache.
 */
export const LF = {
  versionNotTracked: defineFault('csms.local-list-version-not-tracked', 'does not keep the station\'s local list version: numbers every list 1'),
  noTokenInfo: defineFault('csms.local-list-no-token-info', 'sends local list entries to add without idTokenInfo (idTagInfo)'),
  wrongUpdateType: defineFault('csms.local-list-wrong-update-type', 'sends the other updateType (Full/Differential) than the operator asked for'),
  versionRequestSkipped: defineFault('csms.get-local-list-version-skipped', 'does nothing when the operator asks for the station\'s local list version'),
  clearCacheNotSent: defineFault('csms.clear-cache-not-sent', 'does nothing when the operator asks to clear a station\'s authorization cache'),
};

export interface LocalListState {
  /** The version the CSMS believes the station holds (-1: the station has no local list). */
  version: number;
  /** Every answer of the station to these requests, oldest first. */
  answers: { action: string; request: Payload; answer: Payload }[];
}

const states = new WeakMap<ReferenceCsms, Map<string, LocalListState>>();

export function localListState(csms: ReferenceCsms, stationId: string): LocalListState {
  let byStation = states.get(csms);
  if (!byStation) states.set(csms, byStation = new Map());
  let state = byStation.get(stationId);
  if (!state) byStation.set(stationId, state = { version: 0, answers: [] });
  return state;
}

export function install(csms: ReferenceCsms): void {
  const has = (fault: string) => csms.faults.has(fault);
  const v16 = csms.version === '1.6';

  async function send(station: StationRecord, action: string, request: Payload): Promise<Payload> {
    const answer = await csms.send(station, action, request);
    localListState(csms, station.id).answers.push({ action, request, answer });
    return answer;
  }

  async function askVersion(station: StationRecord): Promise<void> {
    const answer = await send(station, 'GetLocalListVersion', {});
    const reported = Number(v16 ? answer.listVersion : answer.versionNumber);
    if (Number.isInteger(reported) && !has(LF.versionNotTracked)) localListState(csms, station.id).version = reported;
  }

  function entry(token: string, remove: boolean): Payload {
    const info = remove || has(LF.noTokenInfo) ? undefined : csms.tokenInfo(token);
    if (v16) return info ? { idTag: token, idTagInfo: info } : { idTag: token };
    return info ? { idToken: { idToken: token, type: 'ISO14443' }, idTokenInfo: info } : { idToken: { idToken: token, type: 'ISO14443' } };
  }

  csms.onAction('sendLocalList', async (station, args) => {
    const asked = args.updateType === 'Differential' ? 'Differential' : 'Full';
    const updateType = has(LF.wrongUpdateType) ? (asked === 'Full' ? 'Differential' : 'Full') : asked;
    if (!has(LF.versionNotTracked)) await askVersion(station);
    const state = localListState(csms, station.id);
    const version = has(LF.versionNotTracked) ? 1 : Math.max(state.version, 0) + 1;
    const tokens = args.empty ? [] : (args.idTokens as string[] | undefined) ?? (csms.options.idTokens ? [csms.options.idTokens.valid, csms.options.idTokens.valid2] : []);
    const list = tokens.map((t) => entry(t, !!args.remove));
    const request: Payload = v16 ? { listVersion: version, updateType } : { versionNumber: version, updateType };
    if (list.length) request.localAuthorizationList = list;
    const answer = await send(station, 'SendLocalList', request);
    station.log.event(`SendLocalList ${updateType} version ${version} answered ${String(answer.status)}`);
    if (answer.status === 'Accepted' && !has(LF.versionNotTracked)) state.version = version;
  });

  csms.onAction('getLocalListVersion', async (station) => {
    if (has(LF.versionRequestSkipped)) return;
    await askVersion(station);
  });

  csms.onAction('clearCache', async (station) => {
    if (has(LF.clearCacheNotSent)) return;
    const answer = await send(station, 'ClearCache', {});
    station.log.event(`ClearCache answered ${String(answer.status)}`);
  });
}
