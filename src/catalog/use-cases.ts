import { USE_CASE_DATA } from './use-case-data.js';

export type SutRole = 'CS' | 'CSMS';

/** A row of the use-case matrix as generated. */
export interface UseCaseRow {
  id: string;
  title: string;
  /** The OCPP 1.6 messages that carry the same behaviour, or null when the use case is 2.0.1 only. */
  v16: string | null;
  sutRoles: SutRole[];
}

export interface UseCase extends UseCaseRow {
  family: string;
  familyTitle: string;
}

export const FAMILY_TITLES: Record<string, string> = {
  A: 'Security', B: 'Provisioning', C: 'Authorization', D: 'Local authorization list management', E: 'Transactions',
  F: 'Remote control', G: 'Availability', H: 'Reservation', I: 'Tariff and cost', J: 'Meter values', K: 'Smart charging',
  L: 'Firmware management', M: 'ISO 15118 certificate management', N: 'Diagnostics', O: 'Display message',
  P: 'Data transfer', RPC: 'RPC framework', SEC: 'Security profiles',
};

// Beyond the matrix: A05, which official test cases name, and two rows of the report that are not use cases:
// the OCPP-J framework and the security profiles.
const PSEUDO: UseCaseRow[] = [
  { id: 'A05', title: 'Upgrade charging station security profile', v16: null, sutRoles: ['CS', 'CSMS'] },
  { id: 'RPC', title: 'OCPP-J RPC framework', v16: 'RPC framework', sutRoles: ['CS', 'CSMS'] },
  { id: 'SEC', title: 'Security profiles', v16: 'security white paper', sutRoles: ['CS', 'CSMS'] },
];

export const USE_CASES: readonly UseCase[] = [...USE_CASE_DATA, ...PSEUDO].map((u) => {
  const family = /^[A-P]\d/.test(u.id) ? u.id[0]! : u.id;
  return { ...u, family, familyTitle: FAMILY_TITLES[family] ?? family };
});

export function useCaseById(id: string): UseCase | undefined {
  return USE_CASES.find((u) => u.id === id);
}

export function useCaseExistsIn16(id: string): boolean {
  return useCaseById(id)?.v16 != null;
}
