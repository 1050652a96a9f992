// A test case's preconditions on the station's configuration: one value written the way the version does it
// (2.0.1 SetVariables, 1.6 ChangeConfiguration). Tests that check those messages themselves are in variables-steps.
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import { Inconclusive, Verdict } from '../../src/harness/verdicts.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';

/** A configuration value by its 1.6 key and its 2.0.1 component and variable (and variable instance). */
export interface SettingName {
  v16: string;
  component: string;
  variable: string;
  instance?: string;
}

export const describeSetting = (ocpp: OcppVersion, s: SettingName) => (ocpp === '1.6'
  ? s.v16
  : `${s.component}.${s.variable}${s.instance ? `[${s.instance}]` : ''}`);

/**
 * Settings the specification obliges every station to have, with the rule that says so. A station that refuses a
 * value of one of these for a test's preparation fails (it lacks, or will not let the CSMS configure, something it
 * must offer); any other refused setting is optional and leaves the test inconclusive.
 * 1.6: the Core profile's configuration keys (OCPP 1.6 section 9.1), all read-write except the ones marked R.
 * 2.0.1: the variables Part 2 lists as required in "Referenced Components and Variables" (Part 6 names them the
 * mandatory component/variable combinations, e.g. TC_B_06/TC_B_09/TC_B_11).
 */
const REQUIRED_16 = new Set([
  'ClockAlignedDataInterval', 'ConnectionTimeOut', 'ConnectorPhaseRotation', 'HeartbeatInterval', 'LocalAuthorizeOffline',
  'LocalPreAuthorize', 'MeterValuesAlignedData', 'MeterValuesSampledData', 'MeterValueSampleInterval', 'ResetRetries',
  'StopTransactionOnEVSideDisconnect', 'StopTransactionOnInvalidId', 'StopTxnAlignedData', 'StopTxnSampledData',
  'TransactionMessageAttempts', 'TransactionMessageRetryInterval', 'UnlockConnectorOnEVSideDisconnect',
].map((k) => k.toLowerCase()));
const REQUIRED_201 = new Set([
  'OCPPCommCtrlr.OfflineThreshold', 'OCPPCommCtrlr.ResetRetries', 'OCPPCommCtrlr.RetryBackOffRepeatTimes',
  'OCPPCommCtrlr.RetryBackOffRandomRange', 'OCPPCommCtrlr.RetryBackOffWaitMinimum',
  'OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]', 'OCPPCommCtrlr.MessageAttempts[TransactionEvent]',
  'AuthCtrlr.LocalAuthorizeOffline', 'AuthCtrlr.LocalPreAuthorize', 'TxCtrlr.EVConnectionTimeOut', 'TxCtrlr.StopTxOnInvalidId',
  'TxCtrlr.StopTxOnEVSideDisconnect', 'TxCtrlr.TxStartPoint', 'TxCtrlr.TxStopPoint', 'SampledDataCtrlr.TxUpdatedInterval',
  'SampledDataCtrlr.TxUpdatedMeasurands', 'AlignedDataCtrlr.Interval',
].map((k) => k.toLowerCase()));

/** The rule that makes a setting required, or undefined when the setting is optional. */
export function requiredBy(ocpp: OcppVersion, s: SettingName): string | undefined {
  if (ocpp === '1.6') return REQUIRED_16.has(s.v16.toLowerCase()) ? 'OCPP 1.6 section 9.1: Core configuration key' : undefined;
  return REQUIRED_201.has(describeSetting(ocpp, s).toLowerCase()) ? 'OCPP 2.0.1 Part 2, Referenced Components and Variables: required variable' : undefined;
}

/** Write one value; returns the station's status word (Accepted, Rejected, NotSupported, UnknownVariable...). */
export async function writeSetting(csms: CsmsHarness, ocpp: OcppVersion, s: SettingName, value: string): Promise<string> {
  if (ocpp === '1.6') return String((await csms.call('ChangeConfiguration', { key: s.v16, value })).status);
  const answer = await csms.call('SetVariables', {
    setVariableData: [{
      component: { name: s.component }, variable: { name: s.variable, ...(s.instance ? { instance: s.instance } : {}) }, attributeValue: value,
    }],
  });
  return String((answer.setVariableResult as Payload[] | undefined)?.[0]?.attributeStatus);
}

/**
 * Establish a configuration value a test case's preparation sets. Anything but Accepted stops the test: failed
 * when the setting is required (naming the rule), inconclusive when it is optional or only takes effect after a
 * reboot (RebootRequired), since the test cannot go on without it.
 */
export async function establishSetting(csms: CsmsHarness, ocpp: OcppVersion, s: SettingName, value: string): Promise<void> {
  const status = await writeSetting(csms, ocpp, s, value);
  refusalVerdict(ocpp, s, value, status);
}

/** Turn a precondition write's status into the verdict it stands for (nothing for Accepted). */
export function refusalVerdict(ocpp: OcppVersion, s: SettingName, value: string, status: string): void {
  if (status === 'Accepted') return;
  const what = `the preparation sets ${describeSetting(ocpp, s)} = ${value}; the station answered ${status}`;
  if (status === 'RebootRequired') throw new Inconclusive(`${what}: the value would only apply after a reboot`);
  const rule = requiredBy(ocpp, s);
  if (rule) throw new Verdict(`${what}, but every station must offer this setting`, rule);
  throw new Inconclusive(`${what}; the setting is optional, so the precondition could not be established`);
}
