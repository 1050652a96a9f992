// D01/D02 (1.6: Local Auth List Management, TC_042/TC_043): the local authorization list as the CSMS sends it and
// the version the station reports, for both SUT roles. 2.0.1 words SendLocalList with versionNumber and
// idToken/idTokenInfo, 1.6 with listVersion and idTag/idTagInfo; the steps below speak both.
import type { CsContext, CsmsContext } from '../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import { Inconclusive } from '../../src/harness/verdicts.js';
import { CallErrorReceived } from '../../src/session/rpc-session.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';
import { describeSetting, writeSetting, type SettingName } from './settings.js';
import { readSetting } from './session-states.js';

type CsmsPeer = CsContext['csms'];

export const LOCAL_LIST_ENABLED: SettingName = { v16: 'LocalAuthListEnabled', component: 'LocalAuthListCtrlr', variable: 'Enabled' };
export const LOCAL_LIST_ENTRIES: SettingName = { v16: '', component: 'LocalAuthListCtrlr', variable: 'Entries' };
export const AUTH_CACHE_ENABLED: SettingName = { v16: 'AuthorizationCacheEnabled', component: 'AuthCacheCtrlr', variable: 'Enabled' };
export const LOCAL_PRE_AUTHORIZE: SettingName = { v16: 'LocalPreAuthorize', component: 'AuthCtrlr', variable: 'LocalPreAuthorize' };
export const LOCAL_AUTHORIZE_OFFLINE: SettingName = { v16: 'LocalAuthorizeOffline', component: 'AuthCtrlr', variable: 'LocalAuthorizeOffline' };

/** A second token for the lists, derived from the configured valid one (the documents' valid_idtoken2). */
export const secondToken = (valid: string) => `${valid.slice(0, 18)}B`;

/**
 * A configuration state the document words "X is V (If implemented)": a station without the setting (or where it is
 * fixed) keeps its own value. When the test needs the value itself (`needed`), not holding it is inconclusive.
 */
export async function setIfImplemented(csms: CsmsPeer, ocpp: OcppVersion, s: SettingName, value: string, needed?: string): Promise<void> {
  const status = await writeSetting(csms, ocpp, s, value);
  if (status === 'Accepted' || !needed) return;
  const current = await readSetting(csms, ocpp, s);
  if (current?.toLowerCase() === value.toLowerCase()) return;
  throw new Inconclusive(`${describeSetting(ocpp, s)} = ${value} was answered ${status} and the station holds ${current ?? '(no value)'}; ${needed}`);
}

/** 1.6: LocalAuthListEnabled belongs to the Local Auth List Management profile the station claims (1.6 9.2.2, RW). */
export async function enableLocalList(csms: CsmsPeer, ocpp: OcppVersion): Promise<void> {
  if (ocpp === '2.0.1') return setIfImplemented(csms, ocpp, LOCAL_LIST_ENABLED, 'true');
  const status = await writeSetting(csms, ocpp, LOCAL_LIST_ENABLED, 'true');
  if (status !== 'Accepted') {
    throw new Verdict(`ChangeConfiguration LocalAuthListEnabled = true was answered ${status}: a station with the Local Auth List Management profile must offer this read-write key`, 'OCPP 1.6 9.2.2');
  }
}

export interface ListEntry {
  token: string;
  /** The entry's status; undefined: no idTokenInfo (a differential removal). */
  status?: string;
}

/** SendLocalList as the version words it; returns the station's status. */
export async function sendLocalList(csms: CsmsPeer, ocpp: OcppVersion, updateType: 'Full' | 'Differential', version: number,
  entries: ListEntry[] | undefined): Promise<string> {
  const type = csms.profile.idTokens.type;
  const list = entries?.map((e) => (ocpp === '1.6'
    ? { idTag: e.token, ...(e.status ? { idTagInfo: { status: e.status } } : {}) }
    : { idToken: { idToken: e.token, type }, ...(e.status ? { idTokenInfo: { status: e.status } } : {}) }));
  const payload: Payload = ocpp === '1.6' ? { listVersion: version, updateType } : { versionNumber: version, updateType };
  if (list) payload.localAuthorizationList = list;
  return String((await csms.call('SendLocalList', payload)).status);
}

/** SendLocalList that must be answered `expected`, naming the requirement. */
export async function requireListStatus(csms: CsmsPeer, ocpp: OcppVersion, updateType: 'Full' | 'Differential', version: number,
  entries: ListEntry[] | undefined, expected: string, requirement?: string): Promise<void> {
  const status = await sendLocalList(csms, ocpp, updateType, version, entries);
  if (status !== expected) {
    throw new Verdict(`SendLocalList ${updateType} version ${version} with ${entries?.length ?? 0} entries must be answered ${expected}, got ${status}`, requirement);
  }
}

/** The version GetLocalListVersion reports. */
export async function listVersion(csms: CsmsPeer, ocpp: OcppVersion): Promise<number> {
  const answer = await csms.call('GetLocalListVersion', {});
  return Number(ocpp === '1.6' ? answer.listVersion : answer.versionNumber);
}

export async function requireListVersion(csms: CsmsPeer, ocpp: OcppVersion, expected: number, why: string, requirement?: string): Promise<void> {
  const got = await listVersion(csms, ocpp);
  if (got !== expected) throw new Verdict(`GetLocalListVersion must report ${expected} (${why}), got ${got}`, requirement);
}

/**
 * Memory state IdTokenLocalAuthList (Part 6 2.19): a Full list holding the valid token (Accepted), at `version`.
 * D01 is about it: elsewhere a refusal is inconclusive.
 */
export function tokenInLocalList(csms: CsmsPeer, ocpp: OcppVersion, version: number, extra: ListEntry[] = []): Promise<void> {
  return tokensInLocalList(csms, ocpp, version, [{ token: csms.profile.idTokens.valid, status: 'Accepted' }, ...extra]);
}

/** The same memory state with the entries a test names (a token set as Invalid, ...). */
export function tokensInLocalList(csms: CsmsPeer, ocpp: OcppVersion, version: number, entries: ListEntry[]): Promise<void> {
  return csms.reusableState('IdTokenLocalAuthList', 'D01', async () => {
    await requireListStatus(csms, ocpp, 'Full', version, entries, 'Accepted', 'D01.FR.02');
  });
}

/**
 * 2.0.1 LocalAuthListCtrlr.Entries (a required variable of the controller): how many tokens the list holds. Checked
 * beyond the documents where a list change must show in it; a station that does not report it skips the check.
 */
export async function requireEntries(csms: CsmsPeer, ocpp: OcppVersion, expected: number, why: string, requirement: string): Promise<void> {
  if (ocpp === '1.6') return;
  const value = await readSetting(csms, ocpp, LOCAL_LIST_ENTRIES);
  if (value === undefined) return;
  if (Number(value) !== expected) throw new Verdict(`LocalAuthListCtrlr.Entries must be ${expected} (${why}), it is ${value}`, requirement);
}

/** A request the station may refuse with NotSupported, as a status or as a CALLERROR: the word it used. */
export async function statusOrNotSupported(csms: CsmsPeer, action: string, payload: Payload, statusKey: string): Promise<string> {
  if (!csms.session) throw new Verdict(`no connection to send ${action} on`);
  try {
    const answer = await csms.session.call(action, payload, csms.profile.timing.callTimeoutMs);
    return String(answer[statusKey]);
  } catch (err) {
    if (err instanceof CallErrorReceived) return `CALLERROR ${err.code}`;
    throw new Verdict((err as Error).message);
  }
}

/** Reboot through Reset Immediate and wait for the new boot: the way the harness reaches "Booted" again. */
export async function rebootStation({ csms }: CsContext): Promise<void> {
  const since = csms.received.at(-1) ?? 0;
  const answer = await csms.call('Reset', { type: 'Immediate' });
  if (answer.status !== 'Accepted') throw new Inconclusive(`the station answered Reset Immediate ${String(answer.status)}: the reboot the test needs could not be caused (B11 is about it)`);
  await csms.waitForReboot(since).catch((err: Error) => { throw new Inconclusive(`${err.message} (B11 is about it)`); });
}

// ---------------------------------------------------------------- SUT = CSMS (the harness plays the station)

type StationPeer = CsmsContext['station'];

/** The entries of a SendLocalList the CSMS sent, in either version's words. */
export function entriesOf(ocpp: OcppVersion, call: ReceivedCall): { token: string; info?: Payload }[] {
  const list = (call.payload.localAuthorizationList as Payload[] | undefined) ?? [];
  return list.map((e) => (ocpp === '1.6'
    ? { token: String(e.idTag), info: e.idTagInfo as Payload | undefined }
    : { token: String((e.idToken as Payload | undefined)?.idToken), info: e.idTokenInfo as Payload | undefined }));
}

export const versionOf = (ocpp: OcppVersion, call: ReceivedCall) => Number(ocpp === '1.6' ? call.payload.listVersion : call.payload.versionNumber);

/**
 * Ask the CSMS's operator for `action` (args) and take the request it sends (`expected`), answering it with
 * `answer`; other requests of the exchange (GetLocalListVersion first) are answered as set before.
 */
export async function operatorRequest({ station, sut }: Pick<CsmsContext, 'station' | 'sut'>, action: string, args: Record<string, unknown>,
  expected: string, answer: Payload): Promise<ReceivedCall> {
  station.answer(expected, answer);
  const since = station.received.at(-1) ?? 0;
  await sut.act(action, args);
  return station.expectCall(expected, { after: since })
    .catch(() => { throw new Verdict(`asked to ${action} (${JSON.stringify(args)}), the CSMS must send ${expected}; none came within ${station.profile.timing.callTimeoutMs} ms`); });
}

/** The harness station holds a list of this version: what it answers to GetLocalListVersion. */
export function holdListVersion(station: StationPeer, version: number): void {
  station.answer('GetLocalListVersion', station.profile.ocpp === '1.6' ? { listVersion: version } : { versionNumber: version });
}
