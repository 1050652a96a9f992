import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceCsms, StationRecord } from './csms.js';

export const RF = {
  wrongType: defineFault('csms.reset-wrong-type', 'sends Reset with the other type than the operator asked for'),
  dropsEvse: defineFault('csms.reset-drops-evse', 'leaves out the evseId the operator gave, resetting the whole station'),
  repeatsRejected: defineFault('csms.reset-repeats-rejected', 'sends the Reset again on its own when the station rejects it'),
};

const OTHER_TYPE: Record<string, string> = { Immediate: 'OnIdle', OnIdle: 'Immediate', Soft: 'Hard', Hard: 'Soft' };

/** The answer each station gave to its last Reset, as the operator would see it. */
export const lastResetAnswer = new WeakMap<StationRecord, string>();

/**
 * B11/B12: Reset without and with an ongoing transaction. Operator action `reset` { type, evseId? } sends Reset
 * (2.0.1 Immediate/OnIdle with an optional evseId; 1.6 Soft/Hard) and records the station's answer. The reboot's
 * BootNotification is handled by the core like any boot.
 */
export function install(csms: ReferenceCsms): void {
  const has = (fault: string) => csms.faults.has(fault);

  csms.onAction('reset', async (station, args) => {
    const asked = String(args.type ?? (csms.version === '1.6' ? 'Soft' : 'Immediate'));
    const payload: Payload = { type: has(RF.wrongType) ? OTHER_TYPE[asked] ?? asked : asked };
    if (csms.version !== '1.6' && args.evseId !== undefined && !has(RF.dropsEvse)) payload.evseId = Number(args.evseId);
    const answer = await csms.send(station, 'Reset', payload);
    const status = String(answer.status);
    lastResetAnswer.set(station, status);
    station.log.event(`Reset ${payload.type as string} answered ${status}`);
    if (status === 'Rejected' && has(RF.repeatsRejected)) await csms.send(station, 'Reset', payload);
  });
}
