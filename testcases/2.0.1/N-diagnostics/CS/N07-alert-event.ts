// N07 Alert event, charging station as SUT (Advanced Device Management).
import { testCase, full, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict, type ReceivedCall } from '../../../../src/harness/peer.js';
import { MON } from '../../../../src/reference/station/monitoring.js';
import { checkResult, clearMonitors, evseAvailability, evseIdOf, MONITORING_NEEDS, setMonitoring } from '../../../shared/monitoring-steps.js';

const ocpp = '2.0.1';

interface EventData { trigger?: string; component?: { name?: string }; variable?: { name?: string }; variableMonitoringId?: number }

/**
 * TC_N_45_CS: a Delta monitor on EVSE AvailabilityState (the configured variable; the manual trigger is a cable
 * plugged in, which makes the EVSE Occupied): NotifyEvent with trigger Delta, that component/variable and the
 * monitor's id (a tbc part is followed by the rest).
 */
export const deltaExceeded = testCase<CsTestCase>({
  useCase: 'N07', variant: 'delta-exceeded', ocpp, sut: 'CS', needs: MONITORING_NEEDS, actions: ['plugIn'],
  octt: full('TC_N_45_CS'),
  title: 'A Delta monitor on EVSE AvailabilityState triggers when a cable is plugged in: NotifyEvent with trigger Delta and the monitor id',
  killedBy: [MON.noEvent],
  async run({ csms, sut, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const data = evseAvailability(evseId);
    const [result] = await setMonitoring(csms, [data]);
    checkResult(result!, data, ['Accepted'], 'N04.FR.01');
    const id = Number(result!.id);
    try {
      const since = Date.now();
      await sut.act('plugIn', { evse: evseId });
      let event: EventData | undefined;
      let after: number | ReceivedCall = since;
      while (!event) {
        const call: ReceivedCall = await csms.expectCall('NotifyEvent', { after, within: profile.timing.callTimeoutMs }).catch((err: Error) => {
          throw new Verdict(`the Delta monitor ${id} on EVSE ${evseId} AvailabilityState must be reported with NotifyEvent once the EVSE is Occupied: ${err.message}`, 'N07.FR.18');
        });
        after = call;
        event = ((call.payload.eventData ?? []) as EventData[]).find((e) => e.variableMonitoringId === id);
      }
      if (event.trigger !== 'Delta') throw new Verdict(`the event of Delta monitor ${id} must have trigger Delta, it has ${String(event.trigger)}`, 'N07.FR.18');
      if (event.component?.name !== 'EVSE' || event.variable?.name !== 'AvailabilityState') {
        throw new Verdict(`the event of monitor ${id} must name EVSE AvailabilityState, it names ${String(event.component?.name)} ${String(event.variable?.name)}`, 'N07.FR.06');
      }
    } finally {
      await clearMonitors(csms, [id]);
    }
  },
});
