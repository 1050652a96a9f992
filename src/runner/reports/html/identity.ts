import { redactSecrets } from '../../../transport/frame-log.js';
import type { TestResult } from '../../execute.js';

/** Who was tested in one group of a run (a version and SUT role), as the first page names it. */
export interface SutIdentity {
  ocpp: string;
  sut: 'CS' | 'CSMS';
  /** Label/value pairs: vendor, model, serial number, firmware, or the CSMS URL. */
  facts: [string, string][];
}

// 2.0.1 BootNotification chargingStation fields and 1.6 BootNotification fields, with the labels a lab uses.
const BOOT_201: [string, string][] = [['vendorName', 'Vendor'], ['model', 'Model'], ['serialNumber', 'Serial number'], ['firmwareVersion', 'Firmware']];
const BOOT_16: [string, string][] = [
  ['chargePointVendor', 'Vendor'], ['chargePointModel', 'Model'], ['chargePointSerialNumber', 'Serial number'],
  ['chargeBoxSerialNumber', 'Charge box serial number'], ['firmwareVersion', 'Firmware'], ['meterType', 'Meter type'],
  ['meterSerialNumber', 'Meter serial number'],
];

/** The payload of the first BootNotification the charger under test sent in these results. */
function firstBoot(results: TestResult[]): Record<string, unknown> | undefined {
  for (const r of results) {
    for (const f of r.frames ?? []) {
      if (f.dir !== 'in' || !f.text.includes('"BootNotification"')) continue;
      try {
        const v = JSON.parse(f.text) as unknown[];
        if (v[0] === 2 && v[2] === 'BootNotification' && v[3] && typeof v[3] === 'object') return v[3] as Record<string, unknown>;
      } catch {
        // a cut or malformed frame says nothing reliable about identity
      }
    }
  }
  return undefined;
}

/** A URL without user:password. */
export function withoutUserinfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}

/** The CSMS endpoint the harness connected to, from the run's own record of it or the first connect event. */
function csmsUrl(results: TestResult[], metaUrl: unknown): string | undefined {
  if (typeof metaUrl === 'string' && metaUrl) return withoutUserinfo(metaUrl);
  for (const r of results) {
    for (const f of r.frames ?? []) {
      const m = f.dir === 'event' ? /connected to (wss?:\/\/\S+)/.exec(f.text) : null;
      if (m) return withoutUserinfo(m[1]!).replace(/\/[^/]*$/, '');
    }
  }
  return undefined;
}

export function sutIdentities(results: TestResult[], meta: Record<string, unknown>): SutIdentity[] {
  const groups = new Map<string, TestResult[]>();
  for (const r of results) groups.set(`${r.ocpp}|${r.sut}`, [...(groups.get(`${r.ocpp}|${r.sut}`) ?? []), r]);
  return [...groups.values()].map((rs) => {
    const { ocpp, sut } = rs[0]!;
    const facts: [string, string][] = [];
    if (sut === 'CS') {
      const boot = firstBoot(rs);
      const station = (boot?.chargingStation ?? boot) as Record<string, unknown> | undefined;
      for (const [key, label] of ocpp === '1.6' ? BOOT_16 : BOOT_201) {
        const v = station?.[key];
        if (typeof v === 'string' || typeof v === 'number') facts.push([label, String(v)]);
      }
      if (!boot) facts.push(['Identity', 'unknown: the charger sent no BootNotification in this run']);
      else if (!facts.some(([l]) => l === 'Serial number')) facts.push(['Serial number', 'not reported']);
      if (boot && !facts.some(([l]) => l === 'Firmware')) facts.push(['Firmware', 'not reported']);
    } else {
      const url = csmsUrl(rs, meta.sutUrl ?? meta.url);
      facts.push(['CSMS URL', url ?? 'unknown']);
    }
    return { ocpp, sut, facts };
  });
}

const SECRET_KEY = /pass(word|phrase)|secret|private|api[-_]?key|authori[sz]ationkey|credential|^key$/i;

/** Flatten the run's configuration to label/value rows, with every secret replaced by ***. */
export function configRows(value: unknown, prefix = ''): [string, string][] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return [[prefix, value.length ? value.map(String).join(', ') : '(none)']];
    return value.flatMap((v, i) => configRows(v, `${prefix}[${i}]`));
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
      const key = prefix ? `${prefix}.${k}` : k;
      if (SECRET_KEY.test(k) && v !== undefined && v !== null && v !== '') return [[key, '***'] as [string, string]];
      return configRows(v, key);
    });
  }
  const text = typeof value === 'string' ? withoutUserinfo(redactSecrets(value)) : String(value);
  return [[prefix, /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) ? '***' : text]];
}
