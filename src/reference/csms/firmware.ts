import { randomInt } from 'node:crypto';
import { defineFault } from '../faults.js';
import { OcppError } from '../errors.js';
import type { ReferenceCsms } from './csms.js';

/**
 * 1.6 security white paper L01 (secure firmware update), CSMS side. Operator action `signedUpdateFirmware`
 * { stationId?, location, signature, signingCertificate, retrieveDateTime?, installDateTime?, retries?, retryInterval? }
 * sends SignedUpdateFirmware with the firmware signing certificate (L01.FR.11) and the signature as the operator gave
 * them; the station's SignedFirmwareStatusNotifications are taken and logged per requestId. Operator action
 * `updateFirmware` { stationId?, location, retrieveDate?, retries?, retryInterval? } sends the plain UpdateFirmware
 * (Firmware Management profile) with the location unchanged and retrieveDate now unless given.
 */
export const FWF = {
  noSigningCertificate: defineFault('csms.firmware-no-signing-certificate', '1.6: sends SignedUpdateFirmware with an empty signingCertificate'),
  signatureReencoded: defineFault('csms.firmware-signature-hex', '1.6: sends the firmware signature re-encoded as hex instead of as the operator gave it'),
  statusNotSupported: defineFault('csms.firmware-status-not-supported', '1.6: answers SignedFirmwareStatusNotification with CALLERROR NotSupported'),
  unsignedUpdate: defineFault('csms.firmware-unsigned-update', '1.6: sends the unsigned UpdateFirmware when the operator asks for a signed update'),
  wrongLocation: defineFault('csms.firmware-wrong-location', '1.6: sends UpdateFirmware with another location than the operator configured'),
};

export function install(csms: ReferenceCsms): void {
  if (csms.version !== '1.6') return;
  const has = (f: string) => csms.faults.has(f);

  csms.onAction('signedUpdateFirmware', async (station, args) => {
    const location = String(args.location);
    const retrieveDateTime = typeof args.retrieveDateTime === 'string' ? args.retrieveDateTime : new Date().toISOString();
    if (has(FWF.unsignedUpdate)) {
      await csms.send(station, 'UpdateFirmware', { location, retrieveDate: retrieveDateTime });
      return;
    }
    const signature = has(FWF.signatureReencoded) ? Buffer.from(String(args.signature), 'base64').toString('hex') : String(args.signature);
    const firmware = {
      location, retrieveDateTime, ...(typeof args.installDateTime === 'string' ? { installDateTime: args.installDateTime } : {}),
      signingCertificate: has(FWF.noSigningCertificate) ? '' : String(args.signingCertificate), signature,
    };
    const optional = Object.fromEntries((['retries', 'retryInterval'] as const).filter((k) => args[k] !== undefined).map((k) => [k, Number(args[k])]));
    const answer = await csms.send(station, 'SignedUpdateFirmware', { requestId: randomInt(1, 1_000_000), ...optional, firmware });
    station.log.event(`SignedUpdateFirmware answered ${String(answer.status)}`);
  });

  // L02 (Firmware Management): the plain UpdateFirmware; FirmwareStatusNotification is answered in trigger.ts.
  csms.onAction('updateFirmware', async (station, args) => {
    const location = has(FWF.wrongLocation) ? `${String(args.location)}.old` : String(args.location);
    const retrieveDate = typeof args.retrieveDate === 'string' ? args.retrieveDate : new Date().toISOString();
    const optional = Object.fromEntries((['retries', 'retryInterval'] as const).filter((k) => args[k] !== undefined).map((k) => [k, Number(args[k])]));
    await csms.send(station, 'UpdateFirmware', { location, retrieveDate, ...optional });
  });

  csms.handle('SignedFirmwareStatusNotification', (station, p) => {
    if (has(FWF.statusNotSupported)) throw new OcppError('NotSupported', 'firmware status reports are not supported');
    station.log.event(`firmware update ${String(p.requestId ?? '-')}: ${String(p.status)}`);
    return {};
  });
}
