import { defineFault } from '../faults.js';
import type { ReferenceStation } from './station.js';

/**
 * 2.0.1 M01/M02 (ISO 15118): the EV asks for a contract certificate to be installed or updated; the station forwards
 * its request (Get15118EVCertificate) and hands the answer back to the EV, which then goes on with Plug and Charge
 * (authorization.ts's evPlugAndCharge). Operator action `evRequestCertificate` { evse?, action: Install | Update,
 * emaid }. The reference EV has no EXI stack: its request is a stand-in stream, base64.
 */
export const EVCERT = {
  wrongAction: defineFault('cs.ev-certificate-wrong-action', '2.0.1: forwards an EV\'s certificate installation request as Update and an update request as Install'),
  authorizesAfterFailed: defineFault('cs.ev-certificate-failed-authorizes', '2.0.1: goes on with Plug and Charge (Authorize) although the CSMS answered the EV\'s certificate request Failed'),
};

export function install(station: ReferenceStation): void {
  if (station.version === '1.6' || !(station.options.optional ?? []).includes('ISO15118')) return;
  const has = (f: string) => station.faults.has(f);
  station.onAction('evRequestCertificate', async (args) => {
    const wanted = args.action === 'Update' ? 'Update' : 'Install';
    const action = has(EVCERT.wrongAction) ? (wanted === 'Install' ? 'Update' : 'Install') : wanted;
    const exiRequest = Buffer.from(`reference EV Certificate${wanted === 'Install' ? 'Installation' : 'Update'}Req ${Date.now()}`).toString('base64');
    const answer = await station.send('Get15118EVCertificate', { iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef', action, exiRequest });
    const accepted = answer?.status === 'Accepted' && typeof answer.exiResponse === 'string' && answer.exiResponse.length > 0;
    station.log.event(`EV certificate ${wanted}: ${accepted ? 'response handed to the EV' : 'failed, the EV stops'}`);
    if (!accepted && !has(EVCERT.authorizesAfterFailed)) return;
    await station.act('evPlugAndCharge', { evse: args.evse, emaid: args.emaid });
  });
}
