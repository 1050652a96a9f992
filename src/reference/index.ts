// The reference implementations with every feature installed. Features register their own faults on import.
import { ReferenceStation, type StationOptions } from './station/station.js';
import { ReferenceCsms, type CsmsOptions } from './csms/csms.js';
import { installStationFeatures } from './station/features.js';
import { installCsmsFeatures } from './csms/features.js';

export { ReferenceStation, ReferenceCsms };
export { allFaults, isFault, Faults } from './faults.js';

export function createReferenceStation(options: StationOptions): ReferenceStation {
  const station = new ReferenceStation(options);
  installStationFeatures(station);
  return station;
}

export async function startReferenceCsms(options: CsmsOptions): Promise<ReferenceCsms> {
  const csms = await ReferenceCsms.start(options);
  installCsmsFeatures(csms);
  return csms;
}
