import { referenceProfile, type SutProfile } from '../harness/config.js';
import type { ActionProvider } from '../harness/operator.js';
import { Faults } from '../reference/index.js';
import { externalCsTarget, parseListen, referenceCsTarget, referenceCsmsTarget, type CsTarget } from '../runner/targets.js';
import { CsmsLink } from './csms-link.js';
import type { LinkTiming, SutLink } from './link.js';
import { StationLink } from './station-link.js';
import type { TargetSpec } from './types.js';

/** A SUT ready to be fuzzed: the link to it, how to find it again (for replay) and how to let it go. */
export interface OpenedSut {
  link: SutLink;
  spec: TargetSpec;
  describe: string;
  close(): Promise<void>;
}

/** The loopback reference answers in microseconds; a real SUT on a network gets more time. */
export const REFERENCE_LINK_TIMING: LinkTiming = { answerMs: 1000, silenceMs: 50, probeMs: 500, readyMs: 5000 };

export function externalLinkTiming(profile: SutProfile): LinkTiming {
  const answerMs = Math.min(profile.timing.callTimeoutMs, 5000);
  return { answerMs, silenceMs: Math.min(answerMs, 1000), probeMs: answerMs, readyMs: profile.timing.bootTimeoutMs };
}

export interface OpenOptions {
  spec: TargetSpec;
  /** For a user's SUT: the profile from config and flags (the password lives only here, never in the spec). */
  profile?: SutProfile;
  provider?: ActionProvider;
  timing?: Partial<LinkTiming>;
}

let fuzzStations = 0;

/** Start the reference (with its faults) or reach the user's SUT, as the spec says, and open a link to it. */
export async function openSut(options: OpenOptions): Promise<OpenedSut> {
  const { spec } = options;
  if (spec.reference) {
    const profile = referenceProfile(spec.ocpp);
    const timing = { ...REFERENCE_LINK_TIMING, ...options.timing };
    const faults = new Faults(spec.reference.faults);
    const faultNote = spec.reference.faults.length ? ` with faults ${spec.reference.faults.join(', ')}` : '';
    if (spec.role === 'CSMS') {
      const target = await referenceCsmsTarget(profile, faults);
      profile.stationId = `FUZZ-ST-${++fuzzStations}`;
      const link = new StationLink(profile, target.url, spec.state, timing);
      return { link, spec, describe: `${target.describe}${faultNote}`, close: async () => { await link.close(); await target.close(); } };
    }
    return csLink(await referenceCsTarget(profile, faults), spec, timing, faultNote);
  }
  const profile = options.profile;
  if (!profile) throw new Error('a SUT that is not the reference needs a profile');
  const timing = { ...externalLinkTiming(profile), ...options.timing };
  if (spec.role === 'CSMS') {
    if (!spec.url) throw new Error('fuzzing a CSMS needs its URL');
    const link = new StationLink(profile, spec.url, spec.state, timing);
    return { link, spec, describe: `CSMS at ${spec.url}`, close: () => link.close() };
  }
  if (!spec.listen) throw new Error('fuzzing a charging station needs a URL to listen on');
  const target = await externalCsTarget(profile, parseListen(spec.listen), spec.sutCmd, options.provider);
  return csLink(target, spec, timing, '');
}

function csLink(target: CsTarget, spec: TargetSpec, timing: LinkTiming, note: string): OpenedSut {
  const link = new CsmsLink(target, spec.state, timing);
  return { link, spec, describe: `${target.describe}${note}`, close: async () => { await link.close(); await target.close(); } };
}
