/** Partial deep match: every key in `expected` must be present in `actual` with a matching value. */
export function matchesPartial(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return Object.is(actual, expected);
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.length === actual.length && expected.every((e, i) => matchesPartial(actual[i], e));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const a = actual as Record<string, unknown>;
  return Object.entries(expected as Record<string, unknown>).every(([k, v]) => matchesPartial(a[k], v));
}

export type Where<T> = Partial<Record<string, unknown>> | ((payload: T) => boolean);

export function whereMatches<T>(payload: T, where: Where<T> | undefined): boolean {
  if (!where) return true;
  return typeof where === 'function' ? where(payload) : matchesPartial(payload, where);
}

export function describeWhere<T>(where: Where<T> | undefined): string {
  if (!where) return '';
  return typeof where === 'function' ? ' matching the test condition' : ` with ${JSON.stringify(where)}`;
}
