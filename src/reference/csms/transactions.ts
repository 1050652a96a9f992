import type { Payload } from '../../ocpp/frames.js';
import type { ReferenceCsms } from './csms.js';

let nextTransactionId = 1;

/**
 * Transactions as the CSMS sees them: Authorize, 1.6 StartTransaction/StopTransaction (the CSMS assigns the ID)
 * and 2.0.1 TransactionEvent (the station assigns it), plus MeterValues.
 */
export function install(csms: ReferenceCsms): void {
  // Token answers come from the token database (csms/authorization.ts), with the token's group.
  const tokenInfo = (token: unknown) => csms.tokenInfo(token);
  if (csms.version === '1.6') {
    csms.handle('Authorize', (_s, p) => ({ idTagInfo: tokenInfo(p.idTag) }));
    csms.handle('StartTransaction', (station, p) => {
      const id = nextTransactionId++;
      station.transactions.set(String(id), { id: String(id), evseId: Number(p.connectorId), idToken: String(p.idTag), active: true });
      return { transactionId: id, idTagInfo: tokenInfo(p.idTag) };
    });
    csms.handle('StopTransaction', (station, p) => {
      const tx = station.transactions.get(String(p.transactionId));
      if (tx) Object.assign(tx, { active: false, stoppedReason: String(p.reason ?? 'Local') });
      return p.idTag === undefined ? {} : { idTagInfo: tokenInfo(p.idTag) };
    });
  } else {
    csms.handle('Authorize', (_s, p) => ({ idTokenInfo: tokenInfo((p.idToken as Payload).idToken) }));
    csms.handle('TransactionEvent', (station, p) => {
      const info = p.transactionInfo as Payload;
      const id = String(info.transactionId);
      const token = (p.idToken as Payload | undefined)?.idToken;
      const evse = p.evse as Payload | undefined;
      const tx = station.transactions.get(id) ?? { id, evseId: Number(evse?.id ?? 0), active: true };
      if (token !== undefined) tx.idToken = String(token);
      if (info.remoteStartId !== undefined) tx.remoteStartId = Number(info.remoteStartId);
      if (p.eventType === 'Ended') Object.assign(tx, { active: false, stoppedReason: String(info.stoppedReason ?? 'Local') });
      station.transactions.set(id, tx);
      return token === undefined ? {} : { idTokenInfo: tokenInfo(token) };
    });
  }
  csms.handle('MeterValues', () => ({}));
}
