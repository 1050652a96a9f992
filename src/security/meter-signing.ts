// Signed meter values (2.0.1 SignedMeterValueType) for both simulated meters (the reference station's and the
// harness station's) and the checks the harness makes on a charger's.
//
// The format is OCMF-shaped: "OCMF|<payload JSON>|<signature JSON>", base64 encoded, signed with ECDSA P-256 over
// the payload text. OCPP leaves signedMeterData's content to the meter (encodingMethod names it), so the checks
// only verify the signature when the data is in this shape and the public key is present; otherwise they judge
// what OCPP itself defines: the four fields present, base64 where it says base64, a public key that parses.
import { createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { Payload } from '../ocpp/frames.js';

export const SIGNING_METHOD = 'ECDSA-secp256r1-SHA256';
export const ENCODING_METHOD = 'OCMF';

/** What one signature covers: a single sampled value at its time. */
export interface SignedReading {
  timestamp: string;
  measurand: string;
  value: number;
  unit: string;
}

/** A simulated fiscal meter with its own key pair. */
export class MeterSigner {
  private readonly keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  /** The public key as OCPP carries it: base64 of the DER SubjectPublicKeyInfo. */
  readonly publicKey = this.keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

  /** SignedMeterValueType for one reading; `withKey` false leaves publicKey "" (PublicKeyWithSignedMeterValue Never). */
  sign(reading: SignedReading, withKey = true): Payload {
    const payload = JSON.stringify({ FV: '1.0', PG: 'T1', RD: [{ TM: reading.timestamp, RV: reading.value, RI: reading.measurand, RU: reading.unit, ST: 'G' }] });
    const signature = sign('sha256', Buffer.from(payload), this.keys.privateKey).toString('hex');
    const data = `OCMF|${payload}|${JSON.stringify({ SA: SIGNING_METHOD, SD: signature })}`;
    return {
      signedMeterData: Buffer.from(data).toString('base64'),
      signingMethod: SIGNING_METHOD,
      encodingMethod: ENCODING_METHOD,
      publicKey: withKey ? this.publicKey : '',
    };
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const isBase64 = (s: string) => s.length % 4 === 0 && BASE64.test(s);

/** A public key as a station may send it: base64 DER (SPKI), or PEM text base64 encoded; undefined if neither. */
export function parsePublicKey(text: string): KeyObject | undefined {
  if (!isBase64(text)) return undefined;
  const raw = Buffer.from(text, 'base64');
  try {
    return createPublicKey({ key: raw, format: 'der', type: 'spki' });
  } catch {
    try {
      return createPublicKey(raw.toString('utf8'));
    } catch {
      return undefined;
    }
  }
}

/**
 * What is wrong with one sampledValue's signedMeterValue, or undefined. `needKey`: the publicKey must be a key (not
 * ""). When the data is in the OCMF shape above and a key is at hand, the signature must verify and cover this
 * sampled value (its value).
 */
export function signedValueProblem(sv: Payload, needKey: boolean): string | undefined {
  const smv = sv.signedMeterValue as Payload | undefined;
  if (!smv || typeof smv !== 'object') return 'signedMeterValue is missing';
  for (const field of ['signedMeterData', 'signingMethod', 'encodingMethod', 'publicKey']) {
    if (typeof smv[field] !== 'string') return `signedMeterValue.${field} must be a string, got ${JSON.stringify(smv[field])}`;
  }
  const data = String(smv.signedMeterData);
  const keyText = String(smv.publicKey);
  if (!data || !isBase64(data)) return 'signedMeterValue.signedMeterData must be base64 encoded signed data';
  if (data.length > 2500 || keyText.length > 2500) return 'signedMeterData and publicKey hold at most 2500 characters';
  if (needKey && !keyText) return 'signedMeterValue.publicKey is "" although OCPPCommCtrlr.PublicKeyWithSignedMeterValue is EveryMeterValue';
  const key = keyText ? parsePublicKey(keyText) : undefined;
  if (keyText && !key) return `signedMeterValue.publicKey must be "" or a base64 encoded public key, got ${keyText.slice(0, 40)}…`;
  const parts = Buffer.from(data, 'base64').toString('utf8').split('|');
  if (!key || parts[0] !== 'OCMF' || parts.length !== 3) return undefined;
  let sig: Payload;
  let payload: Payload;
  try {
    payload = JSON.parse(parts[1]!) as Payload;
    sig = JSON.parse(parts[2]!) as Payload;
  } catch {
    return undefined; // an OCMF variant this harness does not read
  }
  if (typeof sig.SD !== 'string' || (sig.SA !== undefined && sig.SA !== SIGNING_METHOD)) return undefined;
  if (!verify('sha256', Buffer.from(parts[1]!), key, Buffer.from(sig.SD, 'hex'))) return 'the signature in signedMeterData does not verify with the publicKey';
  const readings = (payload.RD as Payload[] | undefined) ?? [];
  if (readings.length && !readings.some((r) => Number(r.RV) === Number(sv.value))) {
    return `signedMeterData signs the value ${readings.map((r) => String(r.RV)).join(',')}, not this sampled value's ${String(sv.value)}`;
  }
  return undefined;
}
