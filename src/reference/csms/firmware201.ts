import { randomInt } from 'node:crypto';
import { defineFault } from '../faults.js';
import { OcppError } from '../errors.js';
import type { ReferenceCsms } from './csms.js';

/**
 * 2.0.1 L01 secure firmware update, CSMS side. Operator action `updateFirmware` { stationId?, location, signature,
 * signingCertificate, retrieveDateTime?, installDateTime?, retries?, retryInterval? } sends UpdateFirmware with the
 * firmware signing certificate (L01.FR.11) and the signature as the operator gave them, retrieveDateTime now unless
 * given, and a fresh requestId; the answer (Accepted, AcceptedCanceled, Rejected, InvalidCertificate, ...) is logged.
 * FirmwareStatusNotification is answered in trigger.ts, SecurityEventNotification in security.ts.
 *
 * L03/L04 (a Local Controller): operator action `publishFirmware` { stationId?, location, checksum, retries?,
 * retryInterval? } sends PublishFirmware; `unpublishFirmware` { stationId?, checksum } sends UnpublishFirmware; the
 * controller's PublishFirmwareStatusNotifications are answered and logged per requestId.
 */
export const FWF201 = {
  noSigningCertificate: defineFault('csms.fw201-no-signing-certificate', '2.0.1: sends UpdateFirmware without the firmware signing certificate'),
  signatureReencoded: defineFault('csms.fw201-signature-hex', '2.0.1: sends the firmware signature re-encoded as hex instead of as the operator gave it'),
  ignoresInstallDateTime: defineFault('csms.fw201-ignores-install-date-time', '2.0.1: leaves out the installDateTime the operator configured'),
  ignoresRetrieveDateTime: defineFault('csms.fw201-ignores-retrieve-date-time', '2.0.1: sends retrieveDateTime now instead of the one the operator configured'),
  publishWrongLocation: defineFault('csms.fw201-publish-wrong-location', '2.0.1: sends PublishFirmware with another location than the operator configured'),
  noPublishStatus: defineFault('csms.fw201-no-publish-status-handler', '2.0.1: answers PublishFirmwareStatusNotification with CALLERROR NotSupported'),
  unpublishWrongChecksum: defineFault('csms.fw201-unpublish-wrong-checksum', '2.0.1: sends UnpublishFirmware with another checksum than the operator configured'),
};

export function install(csms: ReferenceCsms): void {
  if (csms.version !== '2.0.1') return;
  const has = (f: string) => csms.faults.has(f);

  csms.onAction('updateFirmware', async (station, args) => {
    const now = new Date().toISOString();
    const retrieveDateTime = typeof args.retrieveDateTime === 'string' && !has(FWF201.ignoresRetrieveDateTime) ? args.retrieveDateTime : now;
    const installDateTime = typeof args.installDateTime === 'string' && !has(FWF201.ignoresInstallDateTime) ? args.installDateTime : undefined;
    const signature = has(FWF201.signatureReencoded) ? Buffer.from(String(args.signature), 'base64').toString('hex') : String(args.signature);
    const firmware = {
      location: String(args.location), retrieveDateTime, ...(installDateTime ? { installDateTime } : {}),
      ...(has(FWF201.noSigningCertificate) ? {} : { signingCertificate: String(args.signingCertificate) }), signature,
    };
    const optional = Object.fromEntries((['retries', 'retryInterval'] as const).filter((k) => args[k] !== undefined).map((k) => [k, Number(args[k])]));
    const answer = await csms.send(station, 'UpdateFirmware', { requestId: randomInt(1, 1_000_000), ...optional, firmware });
    station.log.event(`UpdateFirmware answered ${String(answer.status)}`);
  });

  csms.onAction('publishFirmware', async (station, args) => {
    const location = has(FWF201.publishWrongLocation) ? `${String(args.location)}.old` : String(args.location);
    const optional = Object.fromEntries((['retries', 'retryInterval'] as const).filter((k) => args[k] !== undefined).map((k) => [k, Number(args[k])]));
    const answer = await csms.send(station, 'PublishFirmware', { location, checksum: String(args.checksum), requestId: randomInt(1, 1_000_000), ...optional });
    station.log.event(`PublishFirmware answered ${String(answer.status)}`);
  });

  csms.onAction('unpublishFirmware', async (station, args) => {
    const checksum = has(FWF201.unpublishWrongChecksum) ? String(args.checksum).split('').reverse().join('') : String(args.checksum);
    const answer = await csms.send(station, 'UnpublishFirmware', { checksum });
    station.log.event(`UnpublishFirmware answered ${String(answer.status)}`);
  });

  csms.handle('PublishFirmwareStatusNotification', (station, p) => {
    if (has(FWF201.noPublishStatus)) throw new OcppError('NotSupported', 'publish status reports are not supported');
    station.log.event(`firmware publish ${String(p.requestId ?? '-')}: ${String(p.status)}`);
    return {};
  });
}
