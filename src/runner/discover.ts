// Where the SUT profile is silent about an optional item, a charger can say it itself: OCPP 1.6 lists its feature
// profiles in the configuration key SupportedFeatureProfiles, a 2.0.1 station reports a controller's Available
// variable in its device model. One short session before the suite asks; the report says what was read so.
import { CsmsHarness } from '../harness/csms-harness.js';
import type { Payload } from '../ocpp/frames.js';
import { picsItem, type PicsItem } from '../catalog/pics.js';
import type { TestCase } from '../harness/test-case.js';
import type { CsTarget } from './targets.js';
import { nextStationId } from './targets.js';

/** Items that selected test cases need, that the profile neither claims nor denies, and that a charger can report. */
export function discoverableItems(cases: TestCase[], target: CsTarget): PicsItem[] {
  const v = target.profile.ocpp;
  const said = new Set([...target.profile.features, ...(target.profile.absent ?? [])].map((f) => picsItem(f, v)?.id ?? f));
  const items = new Map<string, PicsItem>();
  for (const need of cases.flatMap((tc) => tc.needs ?? [])) {
    const item = picsItem(need, v);
    if (!item || said.has(item.id) || !item.ocpp.includes(target.profile.ocpp)) continue;
    const canAsk = target.profile.ocpp === '1.6' ? item.discover?.key16 : item.discover?.variable;
    if (canAsk) items.set(item.id, item);
  }
  return [...items.values()];
}

async function read16(csms: CsmsHarness, items: PicsItem[]): Promise<Record<string, boolean>> {
  const answer = await csms.call('GetConfiguration', { key: ['SupportedFeatureProfiles'] });
  const entry = (answer.configurationKey as Payload[] | undefined)?.find((k) => k.key === 'SupportedFeatureProfiles');
  const listed = String(entry?.value ?? '').split(',').map((s) => s.trim().toLowerCase());
  return Object.fromEntries(items.map((i) => [i.id, listed.includes(i.discover!.key16!.toLowerCase())]));
}

async function read201(csms: CsmsHarness, items: PicsItem[]): Promise<Record<string, boolean>> {
  const answer = await csms.call('GetVariables', {
    getVariableData: items.map((i) => ({ component: { name: i.discover!.variable!.component }, variable: { name: i.discover!.variable!.variable } })),
  });
  const results = (answer.getVariableResult as Payload[] | undefined) ?? [];
  return Object.fromEntries(items.map((i) => {
    const r = results.find((x) => (x.component as Payload | undefined)?.name === i.discover!.variable!.component
      && (x.variable as Payload | undefined)?.name === i.discover!.variable!.variable);
    // An unknown controller means the feature is absent; a controller that exists reports whether it is available.
    return [i.id, r?.attributeStatus === 'Accepted' && String(r.attributeValue).toLowerCase() === 'true'];
  }));
}

/**
 * Ask the charger for the items it can report. Returns what it said, or the reason it could not be read (then the
 * items stay silent and their test cases do not apply, as without discovery).
 */
export async function discoverFromCharger(target: CsTarget, items: PicsItem[]): Promise<{ read: Record<string, boolean> } | { failed: string; harness?: CsmsHarness }> {
  if (!items.length) return { read: {} };
  const profile = structuredClone(target.profile);
  if (target.stationPool) profile.stationId = target.stationPool.identities[0]!.id;
  else if (profile.stationId === '*') profile.stationId = nextStationId('DISCOVER');
  const csms = new CsmsHarness(profile, target.server);
  csms.scope = { testCaseId: 'discovery', useCase: 'discovery', brokenStates: new Map() };
  const sut = await target.startSut(csms);
  try {
    await csms.booted();
    return { read: profile.ocpp === '1.6' ? await read16(csms, items) : await read201(csms, items) };
  } catch (err) {
    return { failed: (err as Error).message.split('\n')[0]!, harness: csms };
  } finally {
    await csms.close().catch(() => undefined);
    await sut.stop().catch(() => undefined);
  }
}
