// D01/D02 and C11 with the CSMS as SUT, both versions: the harness plays a station holding a local list of a known
// version; the CSMS's operator asks it to send a list, ask the version, or clear the cache, and the request the
// CSMS sends is checked against what the documents validate (TC_D_*_CSMS, TC_042_*/TC_043_*/TC_061_CSMS, TC_C_37/38).
import { testCase, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict } from '../../src/harness/peer.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';
import { entriesOf, holdListVersion, operatorRequest, versionOf } from './local-list-steps.js';

type Claims = readonly OcttClaim[];

/** What the harness station holds before the CSMS sends its list (Part 6: versionNumber 1). */
const STATION_VERSION = 1;

export interface SendListCase {
  variant: string;
  updateType: 'Full' | 'Differential';
  /** Operator args beyond updateType. */
  args?: Record<string, unknown>;
  /** The station's answer to SendLocalList. */
  answer: string;
  /** Entries: 'some' (not empty), 'none' (empty), 'removals' (entries without token info). */
  entries: 'some' | 'none' | 'removals';
  /** Every entry must carry its token info (1.6 TC_043_4/5). */
  allWithInfo?: boolean;
  /** The version must be above the station's (the documents' "bigger than currently configured"). */
  newerVersion?: boolean;
  title: string;
  killedBy: string[];
  needs?: string[];
}

export function sendListCsms(ocpp: OcppVersion, octt: Claims, c: SendListCase) {
  return testCase<CsmsTestCase>({
    useCase: 'D01', variant: c.variant, ocpp, sut: 'CSMS', octt, actions: ['sendLocalList'], needs: c.needs,
    title: c.title, killedBy: c.killedBy,
    async run(ctx) {
      await ctx.station.booted();
      holdListVersion(ctx.station, STATION_VERSION);
      const request = await operatorRequest(ctx, 'sendLocalList', { updateType: c.updateType, ...c.args }, 'SendLocalList', { status: c.answer });
      const what = `the SendLocalList the CSMS sent (${JSON.stringify(request.payload).slice(0, 300)})`;
      if (request.payload.updateType !== c.updateType) throw new Verdict(`${what}: updateType must be ${c.updateType} as the operator asked`);
      const version = versionOf(ocpp, request);
      if (!(version > 0)) throw new Verdict(`${what}: the version number must be above 0`);
      if (c.newerVersion && !(version > STATION_VERSION)) {
        throw new Verdict(`${what}: the station holds list version ${STATION_VERSION}; an update must carry a newer version, got ${version}`);
      }
      const entries = entriesOf(ocpp, request);
      if (c.entries === 'none' && entries.length) throw new Verdict(`${what}: the operator asked for an empty list, it carries ${entries.length} entries`);
      if (c.entries !== 'none' && !entries.length) throw new Verdict(`${what}: the list must not be empty`);
      if (c.entries === 'removals' && entries.some((e) => e.info)) throw new Verdict(`${what}: entries to remove carry no ${ocpp === '1.6' ? 'idTagInfo' : 'idTokenInfo'}`);
      if (c.allWithInfo && entries.some((e) => !e.info)) throw new Verdict(`${what}: every entry must carry ${ocpp === '1.6' ? 'idTagInfo' : 'idTokenInfo'}`);
    },
  });
}

/** Beyond the documents: two lists in a row are numbered upwards (the CSMS keeps the version it set). */
export function tracksVersionCsms(ocpp: OcppVersion) {
  return testCase<CsmsTestCase>({
    useCase: 'D01', variant: 'tracks-version', ocpp, sut: 'CSMS', actions: ['sendLocalList'],
    title: 'The CSMS keeps the station\'s list version: a Differential update after an accepted Full list carries a higher version',
    killedBy: ['csms.local-list-version-not-tracked'],
    async run(ctx) {
      await ctx.station.booted();
      // The harness station reports the version of the last list it accepted, as a station does.
      let held = 0;
      ctx.station.answer('GetLocalListVersion', () => (ocpp === '1.6' ? { listVersion: held } : { versionNumber: held }));
      const first = await operatorRequest(ctx, 'sendLocalList', { updateType: 'Full' }, 'SendLocalList', { status: 'Accepted' });
      held = versionOf(ocpp, first);
      const second = await operatorRequest(ctx, 'sendLocalList', { updateType: 'Differential' }, 'SendLocalList', { status: 'Accepted' });
      if (!(versionOf(ocpp, second) > held)) {
        throw new Verdict(`the station accepted list version ${held}; the following Differential update must carry a higher version, got ${versionOf(ocpp, second)}`);
      }
    },
  });
}

/** GetLocalListVersion on the operator's request, answered with `held` (TC_D_08/09_CSMS, TC_042_1/2_CSMS). */
export function getVersionCsms(ocpp: OcppVersion, variant: string, octt: Claims, held: number, needs?: string[]) {
  return testCase<CsmsTestCase>({
    useCase: 'D02', variant, ocpp, sut: 'CSMS', octt, actions: ['getLocalListVersion'], needs,
    title: `Asked by its operator, the CSMS sends GetLocalListVersion and takes the answer ${held}`,
    killedBy: ['csms.get-local-list-version-skipped'],
    async run(ctx) {
      await ctx.station.booted();
      await operatorRequest(ctx, 'getLocalListVersion', {}, 'GetLocalListVersion', ocpp === '1.6' ? { listVersion: held } : { versionNumber: held });
    },
  });
}

/** ClearCache on the operator's request, answered `status` (TC_C_37/38_CSMS, TC_061_CSMS). */
export function clearCacheCsms(ocpp: OcppVersion, variant: string, octt: Claims, status: 'Accepted' | 'Rejected') {
  return testCase<CsmsTestCase>({
    useCase: 'C11', variant, ocpp, sut: 'CSMS', octt, actions: ['clearCache'],
    title: `Asked by its operator, the CSMS sends ClearCache and takes the answer ${status}`,
    killedBy: ['csms.clear-cache-not-sent'],
    async run(ctx) {
      await ctx.station.booted();
      await operatorRequest(ctx, 'clearCache', {}, 'ClearCache', { status });
    },
  });
}
