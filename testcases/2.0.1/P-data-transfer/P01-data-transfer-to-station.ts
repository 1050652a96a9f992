// P01 Data transfer to the charging station, and customData in what the CSMS sends (charging station as SUT).
import { testCase, full, type CsTestCase } from '../../../src/harness/test-case.js';
import { Verdict } from '../../../src/harness/peer.js';
import type { Payload } from '../../../src/ocpp/frames.js';
import { customData, unknownVendorDataTransfer } from '../../shared/data-transfer-steps.js';
import { settingsOf } from '../../shared/smart-charging-steps.js';
import { clearAll201, profile201, setProfile201 } from '../../shared/smart-charging201-steps.js';

const ocpp = '2.0.1';

export const unknownVendor = testCase<CsTestCase>({
  useCase: 'P01', variant: 'unknown-vendor', ocpp, sut: 'CS',
  octt: full('TC_P_01_CS'),
  title: 'DataTransfer of a vendor the station does not implement is answered UnknownVendorId (UnknownMessageId, Rejected tolerated)',
  killedBy: ['cs.data-transfer-unknown-vendor-accepted', 'cs.data-transfer-not-supported'],
  async run({ csms }) {
    await csms.booted();
    await unknownVendorDataTransfer(csms, ocpp, 'CS');
  },
});

export const customDataReceived = testCase<CsTestCase>({
  useCase: 'P01', variant: 'custom-data', ocpp, sut: 'CS',
  octt: full('TC_P_03_CS'),
  title: 'SetVariables and GetVariables carrying customData are handled as without it: OCPPCommCtrlr.OfflineThreshold set to 200 and read back',
  killedBy: ['cs.rejects-custom-data'],
  async run({ csms }) {
    await csms.booted();
    const target = { component: { name: 'OCPPCommCtrlr', customData: customData('component') }, variable: { name: 'OfflineThreshold', customData: customData('variable') } };
    const set = await csms.call('SetVariables', {
      customData: customData('SetVariablesRequest'),
      setVariableData: [{ ...target, attributeType: 'Actual', attributeValue: '200', customData: customData('setVariableData') }],
    }).catch((err: Error) => { throw new Verdict(`a SetVariablesRequest with customData must be handled as any other: ${err.message}`, 'OCPP 2.0.1 Part 4 (customData)'); });
    const setResult = (set.setVariableResult as Payload[] | undefined)?.[0];
    if (setResult?.attributeStatus !== 'Accepted') {
      throw new Verdict(`SetVariables OCPPCommCtrlr.OfflineThreshold = 200 must be Accepted, got ${String(setResult?.attributeStatus)}`, 'B05.FR.01');
    }
    const got = await csms.call('GetVariables', {
      customData: customData('GetVariablesRequest'), getVariableData: [{ ...target, attributeType: 'Actual' }],
    }).catch((err: Error) => { throw new Verdict(`a GetVariablesRequest with customData must be handled as any other: ${err.message}`, 'OCPP 2.0.1 Part 4 (customData)'); });
    const r = (got.getVariableResult as Payload[] | undefined)?.[0];
    if (r?.attributeStatus !== 'Accepted') throw new Verdict(`GetVariables OCPPCommCtrlr.OfflineThreshold must be Accepted, got ${String(r?.attributeStatus)}`, 'B06.FR.01');
    if (r.attributeType !== undefined && r.attributeType !== 'Actual') throw new Verdict(`GetVariables must answer attributeType Actual (or leave it out), got ${String(r.attributeType)}`, 'B06.FR.01');
    if (String(r.attributeValue) !== '200') throw new Verdict(`OfflineThreshold was set to 200: GetVariables must read 200, got ${String(r.attributeValue)}`, 'B05.FR.01');
  },
});

/**
 * TC_P_04_CS: a TxDefaultProfile carrying customData in the profile and in its schedule period must be handled as
 * without it: SetChargingProfile Accepted (the configured evseId, duration, unit and phases; limit 6 A or 6000 W).
 */
export const customDataInChargingProfile = testCase<CsTestCase>({
  useCase: 'P01', variant: 'custom-data-charging-profile', ocpp, sut: 'CS', needs: ['smart-charging'],
  octt: full('TC_P_04_CS'),
  title: 'A SetChargingProfile whose profile and schedule period carry customData is Accepted',
  killedBy: ['cs.rejects-custom-data'],
  async run(ctx) {
    const { csms } = ctx;
    await csms.booted();
    const s = settingsOf(ctx);
    await clearAll201(csms);
    const chargingProfile = profile201(s, { purpose: 'TxDefaultProfile', stackLevel: s.stackLevel, duration: s.duration, periods: [[0, 6]] });
    chargingProfile.customData = customData('chargingProfile');
    const period = ((chargingProfile.chargingSchedule as Payload[])[0]!.chargingSchedulePeriod as Payload[])[0]!;
    period.customData = customData('chargingSchedulePeriod');
    const status = await setProfile201(csms, s.connectorId, chargingProfile);
    if (status !== 'Accepted') throw new Verdict(`a SetChargingProfile with customData must be handled as any other: Accepted, got ${status}`, 'OCPP 2.0.1 Part 4 (customData)');
    await clearAll201(csms);
  },
});
