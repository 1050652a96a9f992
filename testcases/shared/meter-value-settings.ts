// The meter-value configuration in both versions' words: a 1.6 configuration key and its 2.0.1 variable.
import type { SettingName } from './settings.js';

export const SAMPLE_INTERVAL: SettingName = { v16: 'MeterValueSampleInterval', component: 'SampledDataCtrlr', variable: 'TxUpdatedInterval' };
export const SAMPLED_MEASURANDS: SettingName = { v16: 'MeterValuesSampledData', component: 'SampledDataCtrlr', variable: 'TxUpdatedMeasurands' };
export const ALIGNED_INTERVAL: SettingName = { v16: 'ClockAlignedDataInterval', component: 'AlignedDataCtrlr', variable: 'Interval' };
export const ALIGNED_MEASURANDS: SettingName = { v16: 'MeterValuesAlignedData', component: 'AlignedDataCtrlr', variable: 'Measurands' };
export const ALIGNED_SEND_DURING_IDLE: SettingName = { v16: '', component: 'AlignedDataCtrlr', variable: 'SendDuringIdle' };
