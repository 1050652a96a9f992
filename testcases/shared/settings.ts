// A test case's preconditions on the station's configuration: one value written the way the version does it
// (2.0.1 SetVariables, 1.6 ChangeConfiguration). Tests that check those messages themselves are in variables-steps.
import type { CsmsHarness } from '../../src/harness/csms-harness.js';
import type { Payload } from '../../src/ocpp/frames.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';

/** A configuration value by its 1.6 key and its 2.0.1 component and variable. */
export interface SettingName {
  v16: string;
  component: string;
  variable: string;
}

export const describeSetting = (ocpp: OcppVersion, s: SettingName) => (ocpp === '1.6' ? s.v16 : `${s.component}.${s.variable}`);

/** Write one value; returns the station's status word (Accepted, Rejected, NotSupported, UnknownVariable...). */
export async function writeSetting(csms: CsmsHarness, ocpp: OcppVersion, s: SettingName, value: string): Promise<string> {
  if (ocpp === '1.6') return String((await csms.call('ChangeConfiguration', { key: s.v16, value })).status);
  const answer = await csms.call('SetVariables', {
    setVariableData: [{ component: { name: s.component }, variable: { name: s.variable }, attributeValue: value }],
  });
  return String((answer.setVariableResult as Payload[] | undefined)?.[0]?.attributeStatus);
}
