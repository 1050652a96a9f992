// Signed meter values as the harness (playing the CSMS) judges them (2.0.1 SignedMeterValueType): where a station
// signs its readings, each meterValue carries a signed sampledValue (the energy register, where reported, is one of
// them), each signedMeterValue is well formed, and no signature stands for two different values.
import type { CsContext } from '../../src/harness/test-case.js';
import { Verdict } from '../../src/harness/verdicts.js';
import type { Payload } from '../../src/ocpp/frames.js';
import { signedValueProblem } from '../../src/security/meter-signing.js';
import type { SettingName } from './settings.js';
import { brief, readSetting } from './session-states.js';
import { ENERGY, measurandOf, type Reading } from './meter-value-steps.js';

export const PUBLIC_KEY_WITH_SIGNED: SettingName = { v16: '', component: 'OCPPCommCtrlr', variable: 'PublicKeyWithSignedMeterValue' };
export const SAMPLED_SIGN_READINGS: SettingName = { v16: '', component: 'SampledDataCtrlr', variable: 'SignReadings' };
export const ALIGNED_SIGN_READINGS: SettingName = { v16: '', component: 'AlignedDataCtrlr', variable: 'SignReadings' };

/** How the publicKey of each signedMeterValue must look, from OCPPCommCtrlr.PublicKeyWithSignedMeterValue. */
export type KeyRule = 'key' | 'empty' | 'either';

export async function publicKeyRule(csms: CsContext['csms']): Promise<KeyRule> {
  const value = await readSetting(csms, '2.0.1', PUBLIC_KEY_WITH_SIGNED);
  // EveryMeterValue: a key with each; Never: ""; OncePerTransaction (or unknown): the key once, "" elsewhere.
  return value === 'EveryMeterValue' ? 'key' : value === 'Never' ? 'empty' : 'either';
}

/** Every reading is signed and every signature is sound (see the file comment). */
export function checkSigned(readings: Reading[], rule: KeyRule, what: string, requirement: string): void {
  const seen = new Map<string, Payload>();
  for (const r of readings) {
    const signed = r.sampled.filter((sv) => sv.signedMeterValue !== undefined);
    if (!signed.length) throw new Verdict(`${what}: with SignReadings true each meterValue must carry a signedMeterValue; none in the reading of ${new Date(r.at).toISOString()} (${brief(r.call)})`, requirement);
    const energy = r.sampled.find((sv) => measurandOf(sv) === ENERGY && !sv.phase);
    if (energy && energy.signedMeterValue === undefined) throw new Verdict(`${what}: the energy register of ${new Date(r.at).toISOString()} is reported without signedMeterValue (${brief(r.call)})`, requirement);
    for (const sv of signed) {
      const problem = signedValueProblem(sv, rule === 'key');
      if (problem) throw new Verdict(`${what}: ${measurandOf(sv)} at ${new Date(r.at).toISOString()}: ${problem}`, requirement);
      const smv = sv.signedMeterValue as Payload;
      if (rule === 'empty' && smv.publicKey !== '') throw new Verdict(`${what}: with PublicKeyWithSignedMeterValue Never, publicKey must be "" (${brief(r.call)})`, requirement);
      const data = String(smv.signedMeterData);
      const twin = seen.get(data);
      if (twin && String(twin.value) !== String(sv.value)) {
        throw new Verdict(`${what}: the same signedMeterData stands for the values ${String(twin.value)} and ${String(sv.value)}; a reading must carry its own signature`, requirement);
      }
      seen.set(data, sv);
    }
  }
}
