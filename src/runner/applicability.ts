// Whether a test case applies to a SUT: the optional items it needs (or needs absent) against what the SUT profile
// claims, denies, or leaves unsaid, and what discovery read from the charger itself.
import type { SutProfile } from '../harness/config.js';
import type { TestCase } from '../harness/test-case.js';
import { canonicalItem, describeItem, picsItem } from '../catalog/pics.js';

type Word = 'claimed' | 'absent' | 'silent';

/** The SUT's word on one item, counting what discovery read where the profile is silent. */
function wordOn(profile: SutProfile, item: string): { said: Word; read?: boolean } {
  const id = canonicalItem(item, profile.ocpp);
  const named = (list: string[] | undefined) => (list ?? []).some((f) => canonicalItem(f, profile.ocpp) === id);
  if (named(profile.features)) return { said: 'claimed' };
  if (named(profile.absent)) return { said: 'absent' };
  return { said: 'silent', read: profile.discovered?.[id] };
}

const list = (items: string[], profile: SutProfile) => items.map((f) => describeItem(f, profile.ocpp)).join(', ');
const ids = (items: string[], profile: SutProfile) => items.map((f) => picsItem(f, profile.ocpp)?.id ?? f).join(', ');
const them = (items: string[]) => (items.length > 1 ? 'them' : 'it');

/** Why a test case does not apply to this SUT, or undefined when it does. */
export function notApplicableReason(tc: TestCase, profile: SutProfile): string | undefined {
  const needs = (tc.needs ?? []).map((f) => ({ f, w: wordOn(profile, f) }));
  const denied = needs.filter((n) => n.w.said === 'absent').map((n) => n.f);
  if (denied.length) return `the SUT profile says ${list(denied, profile)} ${denied.length > 1 ? 'are' : 'is'} absent`;
  const readAbsent = needs.filter((n) => n.w.said === 'silent' && n.w.read === false).map((n) => n.f);
  if (readAbsent.length) return `the SUT itself reports ${list(readAbsent, profile)} as unsupported (read from its configuration)`;
  const unknown = needs.filter((n) => n.w.said === 'silent' && n.w.read !== true).map((n) => n.f);
  if (unknown.length) {
    return `needs ${list(unknown, profile)}, which the SUT profile does not claim; add ${ids(unknown, profile)} to features if the SUT supports ${them(unknown)}`;
  }
  const without = (tc.needsAbsent ?? []).map((f) => ({ f, w: wordOn(profile, f) }));
  const present = without.filter((n) => n.w.said === 'claimed' || n.w.read === true).map((n) => n.f);
  if (present.length) return `applies only to a SUT without ${list(present, profile)}, which the SUT ${present.some((f) => wordOn(profile, f).said === 'claimed') ? 'profile claims' : 'reports itself'}`;
  const unsaid = without.filter((n) => n.w.said === 'silent' && n.w.read !== false).map((n) => n.f);
  if (unsaid.length) return `applies only to a SUT without ${list(unsaid, profile)}; add ${ids(unsaid, profile)} to absent if the SUT lacks ${them(unsaid)}`;
  return undefined;
}
