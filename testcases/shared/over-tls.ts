// The white paper's certificate test cases assume a TLS connection: "supports security profile 2 and/or 3", or
// profile 3 itself. The shared steps run on whatever connection they are given; this puts them over one.
import type { TestCase } from '../../src/harness/test-case.js';

/**
 * The test case run over security profile `first` (3: mutual TLS), or `or` where the target has no endpoint for
 * `first` (a real SUT that runs only that one); the claimed security profile items apply as usual.
 */
export function overTls<T extends TestCase>(tc: T, first: 2 | 3, or?: 2 | 3): T {
  const needs = or ? tc.needs : [...(tc.needs ?? []), `security-profile-${first}`];
  return { ...tc, needs, securityProfile: first, ...(or ? { securityProfileOr: or } : {}) };
}
