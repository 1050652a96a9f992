import type { Payload } from '../../ocpp/frames.js';
import { defineFault, type Faults } from '../faults.js';

/**
 * How the reference CSMS reads meter values (MeterValues, TransactionEvent.meterValue, 1.6
 * StopTransaction.transactionData): it keeps what it uses and answers every message, whatever measurands,
 * contexts or signatures it holds. The faults are CSMSs that choke on what they do not use.
 */
export const MF = {
  unknownMeasurand: defineFault('csms.meter-values-rejects-unknown-measurand', 'errs on meter values holding measurands other than Energy.Active.Import.Register'),
  signed: defineFault('csms.meter-values-rejects-signed', 'errs on sampled values carrying a signedMeterValue'),
  clock: defineFault('csms.meter-values-rejects-clock', 'errs on clock-aligned meter values (context Sample.Clock)'),
};

/** What the faulty CSMS objects to in these meter values, or undefined (always undefined without a fault). */
export function meterValuesProblem(faults: Faults, meterValue: Payload[] | undefined): string | undefined {
  for (const mv of meterValue ?? []) {
    for (const sv of (mv.sampledValue as Payload[] | undefined) ?? []) {
      const measurand = String(sv.measurand ?? 'Energy.Active.Import.Register');
      if (faults.has(MF.unknownMeasurand) && measurand !== 'Energy.Active.Import.Register') return `unknown measurand ${measurand}`;
      if (faults.has(MF.signed) && sv.signedMeterValue !== undefined) return 'signed meter values are not supported';
      if (faults.has(MF.clock) && sv.context === 'Sample.Clock') return 'clock-aligned values are not supported';
    }
  }
  return undefined;
}
