// B05 Set variables / B06 Get variables (2.0.1 SetVariables/GetVariables) and their 1.6 counterparts
// (ChangeConfiguration/GetConfiguration). Steps common to both versions go through a small adapter that
// words one variable the way each version does; checks only one version has live in their own factories.
import { testCase, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { establishSetting } from './settings.js';
import { Verdict, type ReceivedCall } from '../../src/harness/peer.js';
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import type { StationHarness } from '../../src/harness/station-harness.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';

// ---------------------------------------------------------------------------------------------------------
// Variables, worded per version
// ---------------------------------------------------------------------------------------------------------

/** A 2.0.1 component/variable pair (instance optional). */
export interface Cv { component: string; variable: string; instance?: string; componentInstance?: string }

/** One setting as each version names it. */
interface Setting { v201: Cv; v16: string }

const OFFLINE_THRESHOLD: Cv = { component: 'OCPPCommCtrlr', variable: 'OfflineThreshold' };
const LOCAL_AUTHORIZE_OFFLINE: Cv = { component: 'AuthCtrlr', variable: 'LocalAuthorizeOffline' };
const AUTHORIZE_REMOTE_START: Cv = { component: 'AuthCtrlr', variable: 'AuthorizeRemoteStart' };

/** A read-write integer the CSMS may change freely (TC_B_09_CS / TC_021_CS use these). */
const RW_INTEGER: Setting = { v201: OFFLINE_THRESHOLD, v16: 'MeterValueSampleInterval' };
const HEARTBEAT: Setting = { v201: { component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval' }, v16: 'HeartbeatInterval' };
/** Read-only: OCPPCommCtrlr.MessageTimeout[Default] (TC_B_39_CS); 1.6 NumberOfConnectors (R in every station). */
const READ_ONLY: Setting = { v201: { component: 'OCPPCommCtrlr', variable: 'MessageTimeout', instance: 'Default' }, v16: 'NumberOfConnectors' };
/** Write-only secrets of security profile 1. */
const WRITE_ONLY: Setting = { v201: { component: 'SecurityCtrlr', variable: 'BasicAuthPassword' }, v16: 'AuthorizationKey' };

/** A Setting as settings.ts names it, for preconditions written through establishSetting. */
const settingName = (s: Setting) => ({ v16: s.v16, component: s.v201.component, variable: s.v201.variable, instance: s.v201.instance });

const nameOf = (ocpp: OcppVersion, s: Setting) => (ocpp === '1.6' ? s.v16 : cvName(s.v201));

export function cvName(cv: Cv): string {
  const c = cv.componentInstance ? `${cv.component}[${cv.componentInstance}]` : cv.component;
  return `${c}.${cv.variable}${cv.instance ? `[${cv.instance}]` : ''}`;
}

function componentOf(cv: Cv): Payload {
  return { name: cv.component, ...(cv.componentInstance ? { instance: cv.componentInstance } : {}) };
}

function variableOf(cv: Cv): Payload {
  return { name: cv.variable, ...(cv.instance ? { instance: cv.instance } : {}) };
}

const same = (a: unknown, b: unknown) => String(a ?? '').toLowerCase() === String(b ?? '').toLowerCase();

/** Whether a result (component, variable) refers to cv; names are case-insensitive in OCPP 2.0.1. */
function refersTo(result: Payload, cv: Cv): boolean {
  const c = (result.component ?? {}) as Payload;
  const v = (result.variable ?? {}) as Payload;
  return same(c.name, cv.component) && same(c.instance, cv.componentInstance) && same(v.name, cv.variable) && same(v.instance, cv.instance);
}

function describeResult(r: Payload): string {
  const c = (r.component ?? {}) as Payload;
  const v = (r.variable ?? {}) as Payload;
  const info = r.attributeStatusInfo ? ` (${String((r.attributeStatusInfo as Payload).reasonCode)})` : '';
  return `${String(c.name)}${c.instance ? `[${String(c.instance)}]` : ''}.${String(v.name)}${v.instance ? `[${String(v.instance)}]` : ''}: ${String(r.attributeStatus)}${info}`;
}

// ---------------------------------------------------------------------------------------------------------
// 2.0.1 helpers
// ---------------------------------------------------------------------------------------------------------

export interface SetItem { cv: Cv; value: string; attributeType?: string }
export interface GetItem { cv: Cv; attributeType?: string }

/** Send one SetVariables; every item must get exactly one result naming its component/variable. Results in request order. */
export async function setVariables(csms: CsmsHarness, items: SetItem[]): Promise<Payload[]> {
  const answer = await csms.call('SetVariables', {
    setVariableData: items.map((i) => ({
      component: componentOf(i.cv), variable: variableOf(i.cv), attributeValue: i.value,
      ...(i.attributeType ? { attributeType: i.attributeType } : {}),
    })),
  });
  return matchResults('SetVariables', (answer.setVariableResult ?? []) as Payload[], items);
}

/** Send one GetVariables; every item must get exactly one result naming its component/variable. Results in request order. */
export async function getVariables(csms: CsmsHarness, items: GetItem[]): Promise<Payload[]> {
  const answer = await csms.call('GetVariables', {
    getVariableData: items.map((i) => ({
      component: componentOf(i.cv), variable: variableOf(i.cv), ...(i.attributeType ? { attributeType: i.attributeType } : {}),
    })),
  });
  return matchResults('GetVariables', (answer.getVariableResult ?? []) as Payload[], items);
}

/** B05.FR.02 / B06.FR.02: one result per requested item (in any order), each naming what was asked. */
function matchResults(action: string, results: Payload[], items: { cv: Cv; attributeType?: string }[]): Payload[] {
  if (results.length !== items.length) {
    throw new Verdict(`${action} asked for ${items.length} item(s) and got ${results.length} result(s): ${results.map(describeResult).join('; ')}`);
  }
  const left = [...results];
  return items.map((item) => {
    const at = left.findIndex((r) => refersTo(r, item.cv) && (item.attributeType === undefined || r.attributeType === undefined || r.attributeType === item.attributeType));
    if (at < 0) throw new Verdict(`${action}: no result for ${cvName(item.cv)}; results: ${results.map(describeResult).join('; ')}`);
    return left.splice(at, 1)[0]!;
  });
}

function expectStatus(action: string, result: Payload, cv: Cv, wanted: string[]): void {
  if (!wanted.includes(String(result.attributeStatus))) {
    throw new Verdict(`${action} for ${cvName(cv)} must be answered ${wanted.join(' or ')}, got ${describeResult(result)}`);
  }
}

/** Accepted results carry attributeType Actual (or none, meaning Actual) and no reason other than NoError. */
function expectCleanAccept(action: string, result: Payload, cv: Cv, attributeType = 'Actual'): void {
  expectStatus(action, result, cv, ['Accepted']);
  if (result.attributeType !== undefined && result.attributeType !== attributeType) {
    throw new Verdict(`${action} for ${cvName(cv)} was asked for attributeType ${attributeType} and answered ${String(result.attributeType)}`);
  }
  const info = result.attributeStatusInfo as Payload | undefined;
  if (info && !same(info.reasonCode, 'NoError')) {
    throw new Verdict(`an Accepted ${action} result for ${cvName(cv)} carries reasonCode ${String(info.reasonCode)}; it must be absent or NoError`);
  }
}

/** The Actual value of one variable, which must be readable. */
async function readVariable(csms: CsmsHarness, cv: Cv): Promise<string> {
  const [r] = await getVariables(csms, [{ cv, attributeType: 'Actual' }]);
  expectStatus('GetVariables', r!, cv, ['Accepted']);
  if (typeof r!.attributeValue !== 'string') throw new Verdict(`GetVariables for ${cvName(cv)} is Accepted but carries no attributeValue`);
  return r!.attributeValue;
}

// ---------------------------------------------------------------------------------------------------------
// 1.6 helpers
// ---------------------------------------------------------------------------------------------------------

interface ConfigKey { key: string; readonly: boolean; value?: string }

export async function getConfiguration(csms: CsmsHarness, keys?: string[]): Promise<{ known: ConfigKey[]; unknown: string[] }> {
  const answer = await csms.call('GetConfiguration', keys ? { key: keys } : {});
  return { known: (answer.configurationKey ?? []) as unknown as ConfigKey[], unknown: (answer.unknownKey ?? []) as string[] };
}

/** ChangeConfiguration's status, or "CALLERROR <code>" when the station answered with an error. */
async function changeConfiguration(csms: CsmsHarness, key: string, value: string): Promise<string> {
  try {
    const answer = await csms.call('ChangeConfiguration', { key, value });
    return String(answer.status);
  } catch (err) {
    const m = /answered with CALLERROR (\w+)/.exec((err as Error).message);
    if (m) return `CALLERROR ${m[1]}`;
    throw err;
  }
}

async function readKey(csms: CsmsHarness, key: string): Promise<ConfigKey> {
  const { known, unknown } = await getConfiguration(csms, [key]);
  const entry = known.find((k) => k.key === key);
  if (!entry) throw new Verdict(`GetConfiguration for ${key} did not return it (unknownKey: ${JSON.stringify(unknown)})`);
  if (unknown.includes(key)) throw new Verdict(`GetConfiguration returned ${key} both as known and in unknownKey`);
  return entry;
}

// ---------------------------------------------------------------------------------------------------------
// Both versions: write, read, status
// ---------------------------------------------------------------------------------------------------------

/** Set one setting; returns the status word (2.0.1 attributeStatus, 1.6 status or "CALLERROR <code>"). */
async function write(csms: CsmsHarness, ocpp: OcppVersion, s: Setting, value: string): Promise<{ status: string; result?: Payload }> {
  if (ocpp === '1.6') return { status: await changeConfiguration(csms, s.v16, value) };
  const [result] = await setVariables(csms, [{ cv: s.v201, value }]);
  return { status: String(result!.attributeStatus), result };
}

async function read(csms: CsmsHarness, ocpp: OcppVersion, s: Setting): Promise<string> {
  if (ocpp === '1.6') {
    const entry = await readKey(csms, s.v16);
    if (typeof entry.value !== 'string') throw new Verdict(`GetConfiguration returned ${s.v16} without a value`);
    return entry.value;
  }
  return readVariable(csms, s.v201);
}

/** Put a setting back the way the test found it, without failing the test if that does not work. */
async function restore(csms: CsmsHarness, ocpp: OcppVersion, s: Setting, value: string | undefined): Promise<void> {
  if (value === undefined) return;
  await write(csms, ocpp, s, value).catch(() => undefined);
}

function integerOf(name: string, value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new Verdict(`${name} must be an integer, the station reports "${value}"`);
  return Number(value);
}

// ---------------------------------------------------------------------------------------------------------
// SUT = CS, both versions
// ---------------------------------------------------------------------------------------------------------

export function setAcceptedCs(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B05', variant: 'accepted', ocpp, sut: 'CS', octt,
    title: ocpp === '1.6'
      ? 'ChangeConfiguration of a read-write key is Accepted and GetConfiguration then reports the new value'
      : 'SetVariables of a read-write variable is Accepted (Actual, no error reason) and GetVariables then reports the new value',
    killedBy: ['cs.setvariables-ignores-value'],
    async run({ csms }) {
      await csms.booted();
      const name = nameOf(ocpp, RW_INTEGER);
      const before = await read(csms, ocpp, RW_INTEGER);
      // TC_B_09_CS sets OfflineThreshold to 300; TC_021_CS sets a value the key does not have yet.
      const wanted = ocpp === '1.6' ? String(integerOf(name, before) === 60 ? 120 : 60) : '300';
      try {
        if (before === wanted) {
          await establishSetting(csms, ocpp, settingName(RW_INTEGER), '301');
          if (await read(csms, ocpp, RW_INTEGER) !== '301') throw new Verdict(`${name} = 301 was Accepted but the station still reports the old value`);
        }
        let status: string;
        if (ocpp === '1.6') status = (await write(csms, ocpp, RW_INTEGER, wanted)).status;
        else {
          const [result] = await setVariables(csms, [{ cv: RW_INTEGER.v201, value: wanted, attributeType: 'Actual' }]);
          expectCleanAccept('SetVariables', result!, RW_INTEGER.v201);
          status = 'Accepted';
        }
        if (status !== 'Accepted') throw new Verdict(`ChangeConfiguration ${name}=${wanted} must be Accepted, got ${status}`);
        const after = await read(csms, ocpp, RW_INTEGER);
        if (after !== wanted) throw new Verdict(`${name} was set to ${wanted} (Accepted) but reads back as ${after}`);
      } finally {
        await restore(csms, ocpp, RW_INTEGER, before);
      }
    },
  });
}

export function setHeartbeatCs(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B05', variant: 'heartbeat-interval', ocpp, sut: 'CS', octt,
    title: 'A new heartbeat interval set by the CSMS is reported back and takes effect on the Heartbeat timing',
    killedBy: ['cs.heartbeat-interval-not-applied', 'cs.setvariables-ignores-value'],
    async run({ csms, profile }) {
      await csms.booted();
      const name = nameOf(ocpp, HEARTBEAT);
      const slack = profile.timing.toleranceMs;
      const newS = profile.timing.heartbeatIntervalS * 2;
      try {
        const { status } = await write(csms, ocpp, HEARTBEAT, String(newS));
        if (status !== 'Accepted') throw new Verdict(`setting ${name} to ${newS} must be Accepted, got ${status}`);
        const setAt = Date.now();
        const reported = await read(csms, ocpp, HEARTBEAT);
        if (Number(reported) !== newS) throw new Verdict(`${name} was set to ${newS} but reads back as ${reported}`);
        const first = await csms.expectCall('Heartbeat', { after: setAt, within: newS * 1000 + slack });
        const second = await csms.expectCall('Heartbeat', { after: first, within: newS * 1000 + slack });
        const gap = second.at - first.at;
        if (gap < newS * 1000 - slack) throw new Verdict(`after setting ${name} to ${newS} s, heartbeats came ${gap} ms apart`);
      } finally {
        await restore(csms, ocpp, HEARTBEAT, String(profile.timing.heartbeatIntervalS));
      }
    },
  });
}

export function setRejectedCs(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B05', variant: 'invalid-value', ocpp, sut: 'CS', octt,
    title: ocpp === '1.6'
      ? 'ChangeConfiguration with a value of the wrong format (-1 for an interval, "abc" for an integer) is Rejected and changes nothing'
      : 'SetVariables with values of the wrong format is Rejected per item (B05.FR.07) and changes nothing',
    killedBy: ['cs.setvariables-no-validation'],
    async run({ csms }) {
      await csms.booted();
      if (ocpp === '1.6') {
        // TC_040_2_CS: MeterValueSampleInterval = -1; Rejected, or CALLERROR PropertyConstraintViolation.
        const key = RW_INTEGER.v16;
        const before = await read(csms, ocpp, RW_INTEGER);
        const status = await changeConfiguration(csms, key, '-1');
        if (status !== 'Rejected' && status !== 'CALLERROR PropertyConstraintViolation') {
          throw new Verdict(`ChangeConfiguration ${key}="-1" must be Rejected (or CALLERROR PropertyConstraintViolation), got ${status}`);
        }
        const after = await read(csms, ocpp, RW_INTEGER);
        if (after !== before) throw new Verdict(`the rejected value changed ${key} from ${before} to ${after}`);
        return;
      }
      await invalidFormatsCs201(csms);
    },
  });
}

/** What kind of value each variable of TC_B_11_CS takes, and whether the station must have it. */
const B11_VARIABLES: { cv: Cv; kind: 'integer' | 'decimal' | 'boolean' | 'dateTime'; required: boolean }[] = [
  { cv: OFFLINE_THRESHOLD, kind: 'integer', required: true },
  { cv: { component: 'SmartChargingCtrlr', variable: 'LimitChangeSignificance' }, kind: 'decimal', required: false },
  { cv: AUTHORIZE_REMOTE_START, kind: 'boolean', required: true },
  { cv: { component: 'ClockCtrlr', variable: 'NextTimeOffsetTransitionDateTime' }, kind: 'dateTime', required: false },
];

/** Whether a value has the form of the kind (the station may still refuse it for its range). */
function fitsKind(kind: 'integer' | 'decimal' | 'boolean' | 'dateTime', value: string): boolean {
  switch (kind) {
    case 'integer': return /^-?\d+$/.test(value);
    case 'decimal': return /^-?\d+(\.\d+)?$/.test(value);
    case 'boolean': return value === 'true' || value === 'false';
    default: return !Number.isNaN(Date.parse(value)) && /^\d{4}-\d\d-\d\dT/.test(value);
  }
}

/**
 * TC_B_11_CS: five values (the current OfflineThreshold, that plus 0.1, true, the current time, "abc") go to each
 * of four variables, attributeType left out. A value of the wrong form must be Rejected (B05.FR.07); one of the
 * right form may be Accepted or Rejected. The result names attributeType Actual (or none) and, where it gives a
 * reason, InvalidValue. Optional variables the station lacks and a read-only AuthorizeRemoteStart are skipped,
 * as the document does. Every variable is put back afterwards.
 */
async function invalidFormatsCs201(csms: CsmsHarness): Promise<void> {
  const threshold = await readVariable(csms, OFFLINE_THRESHOLD);
  const values = [threshold, `${threshold}.1`, 'true', new Date().toISOString(), 'abc'];
  const originals = new Map<string, string>();
  const skipped = new Set<string>();
  try {
    for (const value of values) {
      for (const { cv, kind, required } of B11_VARIABLES) {
        if (skipped.has(cvName(cv))) continue;
        if (!originals.has(cvName(cv))) {
          const [g] = await getVariables(csms, [{ cv }]);
          if (g!.attributeStatus === 'Accepted') originals.set(cvName(cv), String(g!.attributeValue));
        }
        const [r] = await setVariables(csms, [{ cv, value }]);
        const status = String(r!.attributeStatus);
        const reason = (r!.attributeStatusInfo as Payload | undefined)?.reasonCode;
        if (!required && (status === 'UnknownComponent' || status === 'UnknownVariable')) { skipped.add(cvName(cv)); continue; }
        if (cv === AUTHORIZE_REMOTE_START && status === 'Rejected' && same(reason, 'ReadOnly')) { skipped.add(cvName(cv)); continue; }
        if (status !== 'Rejected' && !(status === 'Accepted' && fitsKind(kind, value))) {
          throw new Verdict(`SetVariables ${cvName(cv)}="${value}" (a ${kind} variable) must be Rejected, got ${describeResult(r!)}`, 'B05.FR.07');
        }
        if (r!.attributeType !== undefined && r!.attributeType !== 'Actual') throw new Verdict(`the result for ${cvName(cv)} names attributeType ${String(r!.attributeType)}; none was asked, so it is Actual`);
        if (status === 'Rejected' && reason !== undefined && !same(reason, 'InvalidValue')) {
          throw new Verdict(`a value of the wrong form for ${cvName(cv)} is rejected with reasonCode ${String(reason)}; the reason, when given, must be InvalidValue`);
        }
      }
    }
  } finally {
    for (const { cv } of B11_VARIABLES) {
      const original = originals.get(cvName(cv));
      if (original !== undefined) await setVariables(csms, [{ cv, value: original }]).catch(() => undefined);
    }
  }
}

export function setReadOnlyCs(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B05', variant: 'read-only', ocpp, sut: 'CS', octt,
    title: `Setting a read-only ${ocpp === '1.6' ? 'configuration key (NumberOfConnectors)' : 'variable (OCPPCommCtrlr.MessageTimeout[Default])'} is Rejected and changes nothing`,
    killedBy: ['cs.readonly-writable'],
    async run({ csms }) {
      await csms.booted();
      const name = nameOf(ocpp, READ_ONLY);
      let before: string | undefined;
      if (ocpp === '1.6') {
        const entry = await readKey(csms, READ_ONLY.v16);
        if (entry.readonly !== true) throw new Verdict(`${name} must be reported readonly, GetConfiguration says readonly=${String(entry.readonly)}`);
        before = entry.value;
      } else {
        const [r] = await getVariables(csms, [{ cv: READ_ONLY.v201 }]);
        before = r!.attributeStatus === 'Accepted' ? String(r!.attributeValue) : undefined;
      }
      const attempt = String(before !== undefined && /^\d+$/.test(before) ? Number(before) + 1 : 7);
      let status: string;
      if (ocpp === '1.6') status = await changeConfiguration(csms, READ_ONLY.v16, attempt);
      else {
        // TC_B_39_CS leaves attributeType out.
        const [r] = await setVariables(csms, [{ cv: READ_ONLY.v201, value: attempt }]);
        status = String(r!.attributeStatus);
      }
      if (status !== 'Rejected') {
        if (status === 'Accepted' || status === 'RebootRequired') await restore(csms, ocpp, READ_ONLY, before);
        throw new Verdict(`setting read-only ${name} to ${attempt} must be Rejected, got ${status}`);
      }
      if (before !== undefined) {
        const after = await read(csms, ocpp, READ_ONLY);
        if (after !== before) throw new Verdict(`read-only ${name} changed from ${before} to ${after}`);
      }
    },
  });
}

export function getWriteOnlyCs(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B06', variant: 'write-only', ocpp, sut: 'CS', octt, needs: ['security-profile-1'],
    title: `A write-only secret (${nameOf(ocpp, WRITE_ONLY)}) is never revealed when read`,
    killedBy: ['cs.writeonly-readable'],
    async run({ csms, profile }) {
      await csms.booted();
      const secret = profile.basicAuthPassword;
      const revealing = (v: unknown) => typeof v === 'string' && v !== '' && (v === secret || (secret !== undefined && v.toLowerCase() === Buffer.from(secret).toString('hex')));
      if (ocpp === '1.6') {
        const { known } = await getConfiguration(csms, [WRITE_ONLY.v16]);
        const entry = known.find((k) => k.key === WRITE_ONLY.v16);
        if (entry && revealing(entry.value)) throw new Verdict(`GetConfiguration revealed the value of write-only ${WRITE_ONLY.v16}`);
        const all = await getConfiguration(csms);
        const listed = all.known.find((k) => k.key === WRITE_ONLY.v16);
        if (listed && revealing(listed.value)) throw new Verdict(`GetConfiguration without keys revealed the value of write-only ${WRITE_ONLY.v16}`);
        return;
      }
      const [r] = await getVariables(csms, [{ cv: WRITE_ONLY.v201 }]);
      if (r!.attributeStatus !== 'Rejected') throw new Verdict(`GetVariables for write-only ${cvName(WRITE_ONLY.v201)} must be Rejected, got ${describeResult(r!)}`);
      if (r!.attributeValue !== undefined && r!.attributeValue !== '') throw new Verdict(`GetVariables for write-only ${cvName(WRITE_ONLY.v201)} carries a value`);
    },
  });
}

// ---------------------------------------------------------------------------------------------------------
// SUT = CS, 2.0.1 only
// ---------------------------------------------------------------------------------------------------------

export function setUnknownCs201(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B05', variant: 'unknown', ocpp: '2.0.1', sut: 'CS', octt,
    title: 'SetVariables for an unknown component is UnknownComponent (B05.FR.04), for an unknown variable UnknownVariable (B05.FR.05)',
    killedBy: ['cs.setvariables-unknown-accepted', 'cs.unknown-component-as-variable'],
    async run({ csms }) {
      await csms.booted();
      const unknownComponent: Cv = { component: 'UnknownComponent', variable: 'OfflineThreshold' };
      const unknownVariable: Cv = { component: 'OCPPCommCtrlr', variable: 'UnknownVariable' };
      const [a] = await setVariables(csms, [{ cv: unknownComponent, value: '300' }]);
      expectStatus('SetVariables', a!, unknownComponent, ['UnknownComponent']);
      const [b] = await setVariables(csms, [{ cv: unknownVariable, value: '300' }]);
      expectStatus('SetVariables', b!, unknownVariable, ['UnknownVariable']);
    },
  });
}

export function setAttributeTypeCs201(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B05', variant: 'attribute-type', ocpp: '2.0.1', sut: 'CS', octt,
    title: 'SetVariables for an attribute type the variable does not have (Target) is NotSupportedAttributeType (B05.FR.06)',
    killedBy: ['cs.ignores-attribute-type'],
    async run({ csms }) {
      await csms.booted();
      const current = await readVariable(csms, OFFLINE_THRESHOLD);
      const [r] = await setVariables(csms, [{ cv: OFFLINE_THRESHOLD, value: current, attributeType: 'Target' }]);
      expectStatus('SetVariables', r!, OFFLINE_THRESHOLD, ['NotSupportedAttributeType']);
      if (r!.attributeType !== 'Target') throw new Verdict(`the result must name attributeType Target, it names ${String(r!.attributeType)}`);
    },
  });
}

/** Read OfflineThreshold and LocalAuthorizeOffline (both must be readable), run `body`, then put both back. */
async function keepingOfflineSettings(csms: CsmsHarness, body: (threshold: Payload, offline: Payload) => Promise<void>): Promise<void> {
  const [t0, l0] = await getVariables(csms, [{ cv: OFFLINE_THRESHOLD }, { cv: LOCAL_AUTHORIZE_OFFLINE }]);
  expectStatus('GetVariables', t0!, OFFLINE_THRESHOLD, ['Accepted']);
  expectStatus('GetVariables', l0!, LOCAL_AUTHORIZE_OFFLINE, ['Accepted']);
  try {
    await body(t0!, l0!);
  } finally {
    await setVariables(csms, [
      { cv: OFFLINE_THRESHOLD, value: String(t0!.attributeValue) },
      { cv: LOCAL_AUTHORIZE_OFFLINE, value: String(l0!.attributeValue) },
    ]).catch(() => undefined);
  }
}

export function setMultipleCs201(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B05', variant: 'multiple', ocpp: '2.0.1', sut: 'CS', octt,
    title: 'SetVariables with several items answers each item on its own: two valid ones Accepted, then Accepted next to UnknownVariable',
    killedBy: ['cs.setvariables-one-status-for-all', 'cs.setvariables-ignores-value'],
    async run({ csms }) {
      await csms.booted();
      await keepingOfflineSettings(csms, async (t0, l0) => {
        // TC_B_10_CS sets 300 and true; where they hold already, other values first so the change shows.
        const [threshold, offline] = ['300', 'true'];
        if (String(t0.attributeValue) === threshold) await establishSetting(csms, '2.0.1', settingName({ v201: OFFLINE_THRESHOLD, v16: '' }), '301');
        if (String(l0.attributeValue) === offline) await establishSetting(csms, '2.0.1', settingName({ v201: LOCAL_AUTHORIZE_OFFLINE, v16: '' }), 'false');
        const [t, l] = await getVariables(csms, [{ cv: OFFLINE_THRESHOLD }, { cv: LOCAL_AUTHORIZE_OFFLINE }]);
        if (t!.attributeValue === threshold || l!.attributeValue === offline) throw new Verdict('the preparation values were Accepted but the station still reports the old ones');
        const results = await setVariables(csms, [
          { cv: OFFLINE_THRESHOLD, value: threshold, attributeType: 'Actual' },
          { cv: LOCAL_AUTHORIZE_OFFLINE, value: offline, attributeType: 'Actual' },
        ]);
        expectCleanAccept('SetVariables', results[0]!, OFFLINE_THRESHOLD);
        expectCleanAccept('SetVariables', results[1]!, LOCAL_AUTHORIZE_OFFLINE);
        const [t1, l1] = await getVariables(csms, [{ cv: OFFLINE_THRESHOLD }, { cv: LOCAL_AUTHORIZE_OFFLINE }]);
        if (t1!.attributeValue !== threshold || l1!.attributeValue !== offline) {
          throw new Verdict(`after SetVariables ${threshold}/${offline} the station reports ${String(t1!.attributeValue)}/${String(l1!.attributeValue)}`);
        }
        const unknown: Cv = { component: 'OCPPCommCtrlr', variable: 'UnknownVariable' };
        const mixed = await setVariables(csms, [{ cv: OFFLINE_THRESHOLD, value: String(t0.attributeValue) }, { cv: unknown, value: '1' }]);
        expectStatus('SetVariables', mixed[0]!, OFFLINE_THRESHOLD, ['Accepted']);
        expectStatus('SetVariables', mixed[1]!, unknown, ['UnknownVariable']);
      });
    },
  });
}

export function getValuesCs201(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B06', variant: 'values', ocpp: '2.0.1', sut: 'CS', octt,
    title: 'GetVariables returns the Actual value of one variable, then of two in one request, each result naming its variable',
    killedBy: ['cs.getvariables-missing-results'],
    async run({ csms }) {
      await csms.booted();
      await keepingOfflineSettings(csms, async () => {
        // The official tests start from OfflineThreshold = 300 and LocalAuthorizeOffline = true.
        await establishSetting(csms, '2.0.1', settingName({ v201: OFFLINE_THRESHOLD, v16: '' }), '300');
        await establishSetting(csms, '2.0.1', settingName({ v201: LOCAL_AUTHORIZE_OFFLINE, v16: '' }), 'true');
        const [single] = await getVariables(csms, [{ cv: OFFLINE_THRESHOLD, attributeType: 'Actual' }]);
        expectCleanAccept('GetVariables', single!, OFFLINE_THRESHOLD);
        if (single!.attributeValue !== '300') throw new Verdict(`${cvName(OFFLINE_THRESHOLD)} is 300 but GetVariables reports ${String(single!.attributeValue)}`);
        const [t, l] = await getVariables(csms, [{ cv: OFFLINE_THRESHOLD, attributeType: 'Actual' }, { cv: LOCAL_AUTHORIZE_OFFLINE, attributeType: 'Actual' }]);
        expectCleanAccept('GetVariables', t!, OFFLINE_THRESHOLD);
        expectCleanAccept('GetVariables', l!, LOCAL_AUTHORIZE_OFFLINE);
        if (t!.attributeValue !== '300' || l!.attributeValue !== 'true') {
          throw new Verdict(`expected OfflineThreshold 300 and LocalAuthorizeOffline true, got ${String(t!.attributeValue)} and ${String(l!.attributeValue)}`);
        }
      });
    },
  });
}

export function getUnknownCs201(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B06', variant: 'unknown', ocpp: '2.0.1', sut: 'CS', octt,
    title: 'GetVariables for an unknown component is UnknownComponent (B06.FR.06), for an unknown variable UnknownVariable (B06.FR.07)',
    killedBy: ['cs.getvariables-unknown-accepted', 'cs.unknown-component-as-variable'],
    async run({ csms }) {
      await csms.booted();
      const unknownComponent: Cv = { component: 'UnknownComponent', variable: 'OfflineThreshold' };
      const unknownVariable: Cv = { component: 'OCPPCommCtrlr', variable: 'UnknownVariable' };
      const [a] = await getVariables(csms, [{ cv: unknownComponent }]);
      expectStatus('GetVariables', a!, unknownComponent, ['UnknownComponent']);
      const [b] = await getVariables(csms, [{ cv: unknownVariable }]);
      expectStatus('GetVariables', b!, unknownVariable, ['UnknownVariable']);
    },
  });
}

export function getAttributeTypeCs201(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B06', variant: 'attribute-type', ocpp: '2.0.1', sut: 'CS', octt,
    title: 'GetVariables for an attribute type the variable does not have (Target) is NotSupportedAttributeType (B06.FR.08)',
    killedBy: ['cs.ignores-attribute-type'],
    async run({ csms }) {
      await csms.booted();
      const [r] = await getVariables(csms, [{ cv: OFFLINE_THRESHOLD, attributeType: 'Target' }]);
      expectStatus('GetVariables', r!, OFFLINE_THRESHOLD, ['NotSupportedAttributeType']);
      if (r!.attributeType !== 'Target') throw new Verdict(`the result must name attributeType Target, it names ${String(r!.attributeType)}`);
    },
  });
}

// ---------------------------------------------------------------------------------------------------------
// SUT = CS, 1.6 only
// ---------------------------------------------------------------------------------------------------------

export function changeUnknownKeyCs16(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B05', variant: 'unknown-key', ocpp: '1.6', sut: 'CS', octt,
    title: 'ChangeConfiguration of a key the charge point does not have is NotSupported',
    killedBy: ['cs.config-unknown-key-accepted'],
    async run({ csms }) {
      await csms.booted();
      const status = await changeConfiguration(csms, 'Testing', 'true');
      if (status !== 'NotSupported') throw new Verdict(`ChangeConfiguration of unknown key "Testing" must be NotSupported, got ${status}`);
    },
  });
}

/** Core profile keys every 1.6 charge point has, with their accessibility (R, RW, or either). */
const CORE_KEYS: [string, 'R' | 'RW' | 'R/RW'][] = [
  ['AuthorizeRemoteTxRequests', 'R/RW'], ['ClockAlignedDataInterval', 'RW'], ['ConnectionTimeOut', 'RW'],
  ['ConnectorPhaseRotation', 'RW'], ['GetConfigurationMaxKeys', 'R'], ['HeartbeatInterval', 'RW'],
  ['LocalAuthorizeOffline', 'RW'], ['LocalPreAuthorize', 'RW'], ['MeterValuesAlignedData', 'RW'],
  ['MeterValuesSampledData', 'RW'], ['MeterValueSampleInterval', 'RW'], ['NumberOfConnectors', 'R'],
  ['ResetRetries', 'RW'], ['StopTransactionOnInvalidId', 'RW'], ['StopTxnAlignedData', 'RW'],
  ['StopTxnSampledData', 'RW'], ['SupportedFeatureProfiles', 'R'], ['TransactionMessageAttempts', 'RW'],
  ['TransactionMessageRetryInterval', 'RW'], ['UnlockConnectorOnEVSideDisconnect', 'R/RW'],
];

/** Keys the optional 1.6 profiles add (TC_019_CS lists them; Reservation and Remote Trigger add none). */
const PROFILE_KEYS: Record<string, [string, 'R' | 'RW'][]> = {
  LocalAuthListManagement: [['LocalAuthListEnabled', 'RW'], ['LocalAuthListMaxLength', 'R'], ['SendLocalListMaxLength', 'R']],
  SmartCharging: [['ChargeProfileMaxStackLevel', 'R'], ['ChargingScheduleAllowedChargingRateUnit', 'R'], ['ChargingScheduleMaxPeriods', 'R'], ['MaxChargingProfilesInstalled', 'R']],
};

export function getConfigurationAllCs16(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B06', variant: 'all-keys', ocpp: '1.6', sut: 'CS', octt,
    title: 'GetConfiguration: SupportedFeatureProfiles alone, then all keys (every Core key with the right read-only flag), then as many keys as GetConfigurationMaxKeys allows',
    killedBy: ['cs.getconfiguration-all-incomplete', 'cs.getconfiguration-readonly-flag-wrong'],
    async run({ csms }) {
      await csms.booted();
      const profiles = await getConfiguration(csms, ['SupportedFeatureProfiles']);
      if (profiles.unknown.length) throw new Verdict(`SupportedFeatureProfiles must be known, it came back in unknownKey`);
      if (!profiles.known.some((k) => k.key === 'SupportedFeatureProfiles')) throw new Verdict('GetConfiguration for SupportedFeatureProfiles did not return it');
      const all = await getConfiguration(csms);
      const missing: string[] = [];
      for (const [key, access] of CORE_KEYS) {
        const entry = all.known.find((k) => k.key === key);
        if (!entry) { missing.push(key); continue; }
        if (access === 'R' && entry.readonly !== true) throw new Verdict(`${key} is read-only in OCPP 1.6 but reported readonly=${String(entry.readonly)}`);
        if (access === 'RW' && entry.readonly !== false) throw new Verdict(`${key} is read-write in OCPP 1.6 but reported readonly=${String(entry.readonly)}`);
      }
      if (missing.length) throw new Verdict(`GetConfiguration without keys lacks Core keys: ${missing.join(', ')}`);
      // Keys of the optional profiles the charge point says it supports (the document checks these by hand).
      const supported = String(profiles.known.find((k) => k.key === 'SupportedFeatureProfiles')?.value ?? '').split(',').map((p) => p.trim());
      for (const [feature, keys] of Object.entries(PROFILE_KEYS)) {
        if (!supported.includes(feature)) continue;
        for (const [key, access] of keys) {
          const entry = all.known.find((k) => k.key === key);
          if (!entry) throw new Verdict(`the charge point supports ${feature} but GetConfiguration without keys lacks ${key}`);
          if ((access === 'R') !== (entry.readonly === true)) throw new Verdict(`${key} is ${access === 'R' ? 'read-only' : 'read-write'} in OCPP 1.6 but reported readonly=${String(entry.readonly)}`);
        }
      }
      const maxAnswer = await getConfiguration(csms, ['GetConfigurationMaxKeys']);
      const maxEntry = maxAnswer.known.find((k) => k.key === 'GetConfigurationMaxKeys');
      if (!maxEntry || maxAnswer.unknown.length) throw new Verdict(`GetConfiguration for GetConfigurationMaxKeys must return it, got ${JSON.stringify(maxAnswer)}`);
      const max = integerOf('GetConfigurationMaxKeys', String(maxEntry.value ?? ''));
      if (max < 1) throw new Verdict(`GetConfigurationMaxKeys must be at least 1, got ${max}`);
      const keys = all.known.map((k) => k.key).slice(0, max);
      const some = await getConfiguration(csms, keys);
      if (some.unknown.length) throw new Verdict(`keys the station listed itself came back unknown: ${some.unknown.join(', ')}`);
      const absent = keys.filter((k) => !some.known.some((e) => e.key === k));
      if (absent.length) throw new Verdict(`GetConfiguration for ${keys.length} keys left out ${absent.join(', ')}`);
    },
  });
}

export function getConfigurationUnknownCs16(octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'B06', variant: 'unknown-key', ocpp: '1.6', sut: 'CS', octt,
    title: 'GetConfiguration with a known and an unknown key returns the known one with its value and lists the other in unknownKey',
    killedBy: ['cs.getconfiguration-drops-unknown-key'],
    async run({ csms }) {
      await csms.booted();
      const unknownKey = 'NoSuchKeyXyz';
      const { known, unknown } = await getConfiguration(csms, ['HeartbeatInterval', unknownKey]);
      const hb = known.find((k) => k.key === 'HeartbeatInterval');
      if (!hb || typeof hb.value !== 'string') throw new Verdict(`HeartbeatInterval must come back with its value, got ${JSON.stringify(known)}`);
      integerOf('HeartbeatInterval', hb.value);
      if (known.some((k) => k.key === unknownKey)) throw new Verdict(`unknown key ${unknownKey} was returned as a configuration key`);
      if (!unknown.includes(unknownKey)) throw new Verdict(`unknown key ${unknownKey} must be listed in unknownKey, got ${JSON.stringify(unknown)}`);
    },
  });
}

// ---------------------------------------------------------------------------------------------------------
// SUT = CSMS
// ---------------------------------------------------------------------------------------------------------

const dataOf = (call: ReceivedCall, field: string) => (call.payload[field] ?? []) as Payload[];

function describeData(items: Payload[]): string {
  return items.map((d) => {
    const c = d.component as Payload;
    const v = d.variable as Payload;
    return `${String(c?.name)}.${String(v?.name)}${v?.instance ? `[${String(v.instance)}]` : ''}${d.attributeValue !== undefined ? `=${JSON.stringify(d.attributeValue)}` : ''}`;
  }).join(', ');
}

/** The request item for cv, which must be there exactly once. */
function itemFor(action: string, items: Payload[], cv: Cv): Payload {
  const found = items.filter((d) => refersTo(d, cv));
  if (found.length !== 1) throw new Verdict(`${action} must ask for ${cvName(cv)} once; it holds: ${describeData(items)}`);
  return found[0]!;
}

function checkSetItem(item: Payload, cv: Cv, value: string): void {
  if (item.attributeValue !== value) throw new Verdict(`SetVariables for ${cvName(cv)} must carry value "${value}", it carries ${JSON.stringify(item.attributeValue)}`);
  if (item.attributeType !== undefined && item.attributeType !== 'Actual') throw new Verdict(`SetVariables for ${cvName(cv)} must leave attributeType out or say Actual, it says ${String(item.attributeType)}`);
}

/** Answer every SetVariables item with a status chosen per variable name. */
function answerSet(station: StationHarness, statusFor: (d: Payload) => string): void {
  station.answer('SetVariables', (call) => ({
    setVariableResult: dataOf(call, 'setVariableData').map((d) => ({ attributeStatus: statusFor(d), component: d.component, variable: d.variable })),
  }));
}

const argOf = (cv: Cv, value?: string) => ({
  component: cv.component, variable: cv.variable,
  ...(cv.instance ? { variableInstance: cv.instance } : {}),
  ...(cv.componentInstance ? { componentInstance: cv.componentInstance } : {}),
  ...(value !== undefined ? { value } : {}),
});

/** Start an operator action and wait for the CALL it causes (the action may finish only after the answer). */
export async function actAndExpect(station: StationHarness, act: Promise<void>, action: string, after?: ReceivedCall): Promise<ReceivedCall> {
  // An action that fails before anything is sent fails the test with its own reason, not a timeout.
  const failed = act.then(() => new Promise<never>(() => undefined), (err: Error) => { throw err; });
  const call = await Promise.race([station.expectCall(action, after ? { after } : {}), failed]);
  await act.catch(() => undefined);
  return call;
}

export function setVariablesCsms201(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B05', variant: 'single', ocpp: '2.0.1', sut: 'CSMS', octt,
    title: 'Asked to set OCPPCommCtrlr.OfflineThreshold to 123, the CSMS sends one SetVariables item with exactly that',
    actions: ['setVariables'],
    killedBy: ['csms.setting-value-quoted'],
    async run({ station, sut, profile }) {
      await station.booted();
      answerSet(station, () => 'Accepted');
      const call = await actAndExpect(station, sut.act('setVariables', { stationId: profile.stationId, variables: [argOf(OFFLINE_THRESHOLD, '123')] }), 'SetVariables');
      checkSetItem(itemFor('SetVariables', dataOf(call, 'setVariableData'), OFFLINE_THRESHOLD), OFFLINE_THRESHOLD, '123');
    },
  });
}

export function setVariablesMultipleCsms201(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B05', variant: 'multiple', ocpp: '2.0.1', sut: 'CSMS', octt,
    title: 'Asked to set OfflineThreshold=123 and AuthorizeRemoteStart=false, the CSMS sends both in one SetVariables, each value on its own variable',
    actions: ['setVariables'],
    killedBy: ['csms.setvariables-wrong-variable'],
    async run({ station, sut, profile }) {
      await station.booted();
      answerSet(station, () => 'Accepted');
      const call = await actAndExpect(station, sut.act('setVariables', {
        stationId: profile.stationId, variables: [argOf(OFFLINE_THRESHOLD, '123'), argOf(AUTHORIZE_REMOTE_START, 'false')],
      }), 'SetVariables');
      const items = dataOf(call, 'setVariableData');
      checkSetItem(itemFor('SetVariables', items, OFFLINE_THRESHOLD), OFFLINE_THRESHOLD, '123');
      checkSetItem(itemFor('SetVariables', items, AUTHORIZE_REMOTE_START), AUTHORIZE_REMOTE_START, 'false');
    },
  });
}

export function setVariablesInstanceCsms201(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B05', variant: 'instance', ocpp: '2.0.1', sut: 'CSMS', octt,
    title: 'Asked to set a variable with an instance (OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]), the CSMS names that instance',
    actions: ['setVariables'],
    killedBy: ['csms.variables-drop-instance'],
    async run({ station, sut, profile }) {
      await station.booted();
      answerSet(station, () => 'Accepted');
      const cv: Cv = { component: 'OCPPCommCtrlr', variable: 'MessageAttemptInterval', instance: 'TransactionEvent' };
      const call = await actAndExpect(station, sut.act('setVariables', { stationId: profile.stationId, variables: [argOf(cv, '30')] }), 'SetVariables');
      checkSetItem(itemFor('SetVariables', dataOf(call, 'setVariableData'), cv), cv, '30');
    },
  });
}

export function setRejectedCsms(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B05', variant: 'rejected', ocpp, sut: 'CSMS', octt,
    title: ocpp === '1.6'
      ? 'The CSMS sends ChangeConfiguration of an unknown key and of an invalid value as asked, takes NotSupported and Rejected, and keeps serving the charge point'
      : 'The CSMS sends SetVariables with an invalid value and an unknown variable as asked, takes Rejected and UnknownVariable, and keeps serving the station',
    actions: [ocpp === '1.6' ? 'changeConfiguration' : 'setVariables'],
    killedBy: ['csms.setting-value-quoted'],
    async run({ station, sut, profile }) {
      await station.booted();
      if (ocpp === '1.6') {
        station.answer('ChangeConfiguration', (call) => ({ status: call.payload.key === 'Testing' ? 'NotSupported' : 'Rejected' }));
        // TC_040_1_CSMS: a key the charge point does not know.
        const first = await actAndExpect(station, sut.act('changeConfiguration', { stationId: profile.stationId, key: 'Testing', value: 'true' }), 'ChangeConfiguration');
        if (first.payload.key !== 'Testing' || first.payload.value !== 'true') throw new Verdict(`ChangeConfiguration must carry key Testing, value true; got ${JSON.stringify(first.payload)}`);
        // TC_040_2_CSMS: a value the charge point rejects.
        const second = await actAndExpect(station, sut.act('changeConfiguration', { stationId: profile.stationId, key: 'MeterValueSampleInterval', value: '-1' }), 'ChangeConfiguration', first);
        if (second.payload.key !== 'MeterValueSampleInterval' || second.payload.value !== '-1') throw new Verdict(`ChangeConfiguration must carry key MeterValueSampleInterval, value -1; got ${JSON.stringify(second.payload)}`);
      } else {
        const unknown: Cv = { component: 'OCPPCommCtrlr', variable: 'UnknownVariable' };
        answerSet(station, (d) => ((d.variable as Payload).name === unknown.variable ? 'UnknownVariable' : 'Rejected'));
        const first = await actAndExpect(station, sut.act('setVariables', {
          stationId: profile.stationId, variables: [argOf(OFFLINE_THRESHOLD, 'abc'), argOf(unknown, '1')],
        }), 'SetVariables');
        checkSetItem(itemFor('SetVariables', dataOf(first, 'setVariableData'), OFFLINE_THRESHOLD), OFFLINE_THRESHOLD, 'abc');
      }
      // Still serving: a heartbeat gets its answer.
      const hb = await station.call('Heartbeat', {});
      if (typeof hb.currentTime !== 'string') throw new Verdict('after the rejected setting the CSMS no longer answers Heartbeat properly');
    },
  });
}

export function getVariablesCsms201(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B06', variant: 'request', ocpp: '2.0.1', sut: 'CSMS', octt,
    title: 'Asked for OfflineThreshold, then for OfflineThreshold and AuthorizeRemoteStart, the CSMS sends GetVariables for exactly those',
    actions: ['getVariables'],
    killedBy: ['csms.get-drops-items'],
    async run({ station, sut, profile }) {
      await station.booted();
      const values: Record<string, string> = { OfflineThreshold: '300', AuthorizeRemoteStart: 'false' };
      station.answer('GetVariables', (call) => ({
        getVariableResult: dataOf(call, 'getVariableData').map((d) => {
          const value = values[String((d.variable as Payload).name)];
          return value === undefined
            ? { attributeStatus: 'UnknownVariable', component: d.component, variable: d.variable }
            : { attributeStatus: 'Accepted', attributeValue: value, component: d.component, variable: d.variable };
        }),
      }));
      const checkItems = (call: ReceivedCall, cvs: Cv[]) => {
        const items = dataOf(call, 'getVariableData');
        for (const cv of cvs) itemFor('GetVariables', items, cv); // any attributeType is allowed
      };
      const single = await actAndExpect(station, sut.act('getVariables', { stationId: profile.stationId, variables: [argOf(OFFLINE_THRESHOLD)] }), 'GetVariables');
      checkItems(single, [OFFLINE_THRESHOLD]);
      const both = await actAndExpect(station, sut.act('getVariables', {
        stationId: profile.stationId, variables: [argOf(OFFLINE_THRESHOLD), argOf(AUTHORIZE_REMOTE_START)],
      }), 'GetVariables', single);
      checkItems(both, [OFFLINE_THRESHOLD, AUTHORIZE_REMOTE_START]);
    },
  });
}

export function getVariablesLimitCsms201(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B06', variant: 'items-limit', ocpp: '2.0.1', sut: 'CSMS', octt,
    title: 'Once the station reported ItemsPerMessage[GetVariables] = 4, the CSMS spreads a request for 5 variables over requests of at most 4 (B06.FR.05)',
    actions: ['getVariables'],
    killedBy: ['csms.getvariables-ignores-items-limit', 'csms.variables-drop-instance'],
    async run({ station, sut, profile }) {
      await station.booted();
      const limit = 4;
      const dd = (variable: string, instance: string): Cv => ({ component: 'DeviceDataCtrlr', variable, instance });
      const wanted = [dd('ItemsPerMessage', 'GetReport'), dd('ItemsPerMessage', 'GetVariables'), dd('BytesPerMessage', 'GetReport'), dd('BytesPerMessage', 'GetVariables'), AUTHORIZE_REMOTE_START];
      const valueOf = (d: Payload) => {
        const v = d.variable as Payload;
        if (v.name === 'ItemsPerMessage') return String(limit);
        if (v.name === 'BytesPerMessage') return '65000';
        return 'false';
      };
      station.answer('GetVariables', (call) => ({
        getVariableResult: dataOf(call, 'getVariableData').map((d) => ({ attributeStatus: 'Accepted', attributeValue: valueOf(d), component: d.component, variable: d.variable })),
      }));
      // Preparation: the CSMS reads the station's limit (as the official test configures it).
      const first = await actAndExpect(station, sut.act('getVariables', { stationId: profile.stationId, variables: [argOf(dd('ItemsPerMessage', 'GetVariables'))] }), 'GetVariables');
      itemFor('GetVariables', dataOf(first, 'getVariableData'), dd('ItemsPerMessage', 'GetVariables'));
      const acting = sut.act('getVariables', { stationId: profile.stationId, variables: wanted.map((cv) => argOf(cv)) });
      const failed = acting.then(() => undefined, (err: Error) => err);
      const seen: Payload[] = [];
      let last = first;
      while (seen.length < wanted.length) {
        const call = await station.expectCall('GetVariables', { after: last });
        last = call;
        const items = dataOf(call, 'getVariableData');
        if (items.length > limit) throw new Verdict(`the station allows ${limit} items per GetVariables, the CSMS sent ${items.length}: ${describeData(items)}`);
        seen.push(...items);
      }
      const err = await failed;
      if (err) throw err;
      for (const cv of wanted) itemFor('GetVariables (all requests together)', seen, cv);
    },
  });
}

export function changeConfigurationCsms16(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B05', variant: 'change', ocpp: '1.6', sut: 'CSMS', octt,
    title: 'Asked to set MeterValueSampleInterval to 60, the CSMS sends ChangeConfiguration with exactly that key and value',
    actions: ['changeConfiguration'],
    killedBy: ['csms.setting-value-quoted'],
    async run({ station, sut, profile }) {
      await station.booted();
      station.answer('ChangeConfiguration', { status: 'Accepted' });
      const call = await actAndExpect(station, sut.act('changeConfiguration', { stationId: profile.stationId, key: 'MeterValueSampleInterval', value: '60' }), 'ChangeConfiguration');
      if (call.payload.key !== 'MeterValueSampleInterval' || call.payload.value !== '60') {
        throw new Verdict(`ChangeConfiguration must carry key MeterValueSampleInterval and value "60", got ${JSON.stringify(call.payload)}`);
      }
    },
  });
}

export function getConfigurationAllCsms16(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B06', variant: 'all-keys', ocpp: '1.6', sut: 'CSMS', octt,
    title: 'Asked for the whole configuration, the CSMS sends GetConfiguration without keys',
    actions: ['getConfiguration'],
    killedBy: ['csms.getconfiguration-empty-string-key'],
    async run({ station, sut, profile }) {
      await station.booted();
      // Answered like a charge point with every Core key (the official tool's station has them all).
      station.answer('GetConfiguration', {
        configurationKey: [...CORE_KEYS, ['StopTransactionOnEVSideDisconnect', 'RW'] as const].map(([key, access]) => ({
          key, readonly: access === 'R', value: key === 'HeartbeatInterval' ? String(profile.timing.heartbeatIntervalS) : key === 'SupportedFeatureProfiles' ? 'Core' : '0',
        })),
      });
      const call = await actAndExpect(station, sut.act('getConfiguration', { stationId: profile.stationId }), 'GetConfiguration');
      const key = call.payload.key as string[] | undefined;
      if (key !== undefined && key.length > 0) throw new Verdict(`a request for all keys must leave key out or empty, got ${JSON.stringify(key)}`);
    },
  });
}

export function getConfigurationKeysCsms16(octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'B06', variant: 'keys', ocpp: '1.6', sut: 'CSMS', octt,
    title: 'Asked for SupportedFeatureProfiles, then for HeartbeatInterval and ConnectionTimeOut, the CSMS sends GetConfiguration for exactly those keys',
    actions: ['getConfiguration'],
    killedBy: ['csms.get-drops-items'],
    async run({ station, sut, profile }) {
      await station.booted();
      const values: Record<string, string> = { SupportedFeatureProfiles: 'Core', HeartbeatInterval: String(profile.timing.heartbeatIntervalS), ConnectionTimeOut: '60' };
      station.answer('GetConfiguration', (call) => {
        const keys = (call.payload.key ?? []) as string[];
        return {
          configurationKey: keys.filter((k) => k in values).map((k) => ({ key: k, readonly: k === 'SupportedFeatureProfiles', value: values[k]! })),
          unknownKey: keys.filter((k) => !(k in values)),
        };
      });
      const check = (call: ReceivedCall, wanted: string[]) => {
        const keys = ((call.payload.key ?? []) as string[]).slice().sort();
        if (JSON.stringify(keys) !== JSON.stringify(wanted.slice().sort())) throw new Verdict(`GetConfiguration must ask for ${wanted.join(', ')}, it asks for ${JSON.stringify(call.payload.key)}`);
      };
      const one = await actAndExpect(station, sut.act('getConfiguration', { stationId: profile.stationId, keys: ['SupportedFeatureProfiles'] }), 'GetConfiguration');
      check(one, ['SupportedFeatureProfiles']);
      const two = await actAndExpect(station, sut.act('getConfiguration', { stationId: profile.stationId, keys: ['HeartbeatInterval', 'ConnectionTimeOut'] }), 'GetConfiguration', one);
      check(two, ['HeartbeatInterval', 'ConnectionTimeOut']);
    },
  });
}
