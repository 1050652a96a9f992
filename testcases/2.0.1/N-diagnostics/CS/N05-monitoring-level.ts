// N05 Set monitoring level, charging station as SUT (Advanced Device Management).
import { testCase, full, type CsTestCase } from '../../../../src/harness/test-case.js';
import { Verdict } from '../../../../src/harness/peer.js';
import type { CsmsHarness } from '../../../../src/harness/csms-harness.js';
import { MON } from '../../../../src/reference/station/monitoring.js';
import { checkResult, clearMonitors, evseAvailability, evseIdOf, MONITORING_NEEDS, setMonitoring } from '../../../shared/monitoring-steps.js';

const ocpp = '2.0.1';
const needs = MONITORING_NEEDS;

async function setLevel(csms: CsmsHarness, severity: number, expected: string, reasons: string[]): Promise<void> {
  const answer = await csms.call('SetMonitoringLevel', { severity });
  const requirement = expected === 'Rejected' ? 'N05.FR.02' : 'N05.FR.01';
  if (answer.status !== expected) throw new Verdict(`SetMonitoringLevel severity ${severity} must be answered ${expected}, got ${String(answer.status)}`, requirement);
  const reason = (answer.statusInfo as { reasonCode?: string } | undefined)?.reasonCode;
  if (reason !== undefined && !reasons.includes(reason)) throw new Verdict(`SetMonitoringLevel severity ${severity}: reasonCode ${reason}; expected none or ${reasons.join(' or ')}`, requirement);
}

/** TC_N_16_CS: with monitoring level 7, a triggered severity-8 Delta monitor on EVSE AvailabilityState sends no NotifyEvent. */
export const success = testCase<CsTestCase>({
  useCase: 'N05', variant: 'success', ocpp, sut: 'CS', needs, actions: ['plugIn'],
  octt: full('TC_N_16_CS'),
  title: 'SetMonitoringLevel 7 is Accepted; a severity-8 monitor that then triggers (cable plugged in) sends no NotifyEvent',
  killedBy: [MON.levelIgnored],
  async run({ csms, sut, profile }) {
    await csms.booted();
    const evseId = evseIdOf(profile);
    const data = evseAvailability(evseId);
    const [result] = await setMonitoring(csms, [data]);
    checkResult(result!, data, ['Accepted'], 'N04.FR.01');
    try {
      await setLevel(csms, 7, 'Accepted', ['NoError']);
      const since = csms.received.at(-1);
      await sut.act('plugIn', { evse: evseId });
      const event = await csms.firstUnwanted((c) => c.action === 'NotifyEvent'
        && ((c.payload.eventData ?? []) as { variableMonitoringId?: number }[]).some((e) => e.variableMonitoringId === result!.id), profile.timing.quietMs, since);
      if (event) throw new Verdict(`with monitoring level 7 the station must not report the severity-8 monitor ${String(result!.id)}, it sent NotifyEvent`, 'N05.FR.03');
    } finally {
      await csms.call('SetMonitoringLevel', { severity: 9 }).catch(() => undefined);
      await clearMonitors(csms, [Number(result!.id)]);
    }
  },
});

/** TC_N_17_CS: SetMonitoringLevel 10 and -1 are Rejected. */
export const outOfRange = testCase<CsTestCase>({
  useCase: 'N05', variant: 'out-of-range', ocpp, sut: 'CS', needs,
  octt: full('TC_N_17_CS'),
  title: 'SetMonitoringLevel with severity 10 and with -1: both Rejected',
  killedBy: [MON.levelNoRange],
  async run({ csms }) {
    await csms.booted();
    await setLevel(csms, 10, 'Rejected', ['ValueOutOfRange', 'ValueTooHigh']);
    await setLevel(csms, -1, 'Rejected', ['ValueOutOfRange', 'ValueTooLow']);
  },
});
