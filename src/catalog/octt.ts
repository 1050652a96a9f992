import type { OcppVersion } from '../ocpp/versions.js';
import { OCTT_DATA } from './octt-data.js';

/** One official compliance test case (OCTT) with the use cases and certification profiles it belongs to. */
export interface OcttEntry {
  id: string;
  ocpp: OcppVersion;
  sut: 'CS' | 'CSMS';
  useCases: string[];
  name: string;
  profiles: string[];
}

export const OCTT: readonly OcttEntry[] = OCTT_DATA;

export const PROFILE_TITLES: Record<string, string> = {
  core: 'Core',
  'advanced-security': 'Advanced Security',
  security: 'Security',
  'local-auth-list': 'Local Authorization List Management',
  'smart-charging': 'Smart Charging',
  'advanced-device-management': 'Advanced Device Management',
  reservation: 'Reservation',
  'advanced-ui': 'Advanced User Interface',
  iso15118: 'ISO 15118 Support',
  'firmware-management': 'Firmware Management',
  'remote-trigger': 'Remote Trigger',
};

export function octtById(id: string): OcttEntry | undefined {
  return OCTT.find((o) => o.id === id);
}

export function octtFor(ocpp: OcppVersion, sut?: 'CS' | 'CSMS'): OcttEntry[] {
  return OCTT.filter((o) => o.ocpp === ocpp && (!sut || o.sut === sut));
}

export function octtByUseCase(useCaseId: string, ocpp?: OcppVersion): OcttEntry[] {
  return OCTT.filter((o) => o.useCases.includes(useCaseId) && (!ocpp || o.ocpp === ocpp));
}
