// The reference implementations with every feature installed. Features register their own faults on import.
import { ReferenceStation, type StationOptions } from './station/station.js';
import { ReferenceCsms, type CsmsOptions } from './csms/csms.js';
import { installStationFeatures } from './station/features.js';
import { installCsmsFeatures } from './csms/features.js';
import { defaultProfile } from '../harness/config.js';

export { ReferenceStation, ReferenceCsms };
export { allFaults, isFault, Faults } from './faults.js';

export function createReferenceStation(options: StationOptions): ReferenceStation {
  const station = new ReferenceStation(options);
  installStationFeatures(station);
  return station;
}

/**
 * A reference CSMS. Without `idTokens` it knows the tokens of the default SUT profile, as an operator sets up a CSMS
 * for the harness's token test cases (README, ID tokens): otherwise it would take every token for valid.
 */
export async function startReferenceCsms(options: CsmsOptions): Promise<ReferenceCsms> {
  const csms = await ReferenceCsms.start({ ...options, idTokens: options.idTokens ?? defaultProfile(options.version).idTokens });
  installCsmsFeatures(csms);
  return csms;
}
