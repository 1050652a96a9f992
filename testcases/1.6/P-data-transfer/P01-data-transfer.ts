// 1.6 DataTransfer (Core profile) in both directions: TC_062_CS (to the charge point), TC_064_CSMS (to the
// central system). The documents tolerate Accepted with a warning; the specification's SHALL (4.3, 5.6: an
// unknown vendorId is answered UnknownVendorId) is what a verdict of Accepted names.
import { testCase, full, type CsTestCase, type CsmsTestCase } from '../../../src/harness/test-case.js';
import { unknownVendorDataTransfer } from '../../shared/data-transfer-steps.js';

const ocpp = '1.6';

export const toChargePoint = testCase<CsTestCase>({
  useCase: 'P01', variant: 'unknown-vendor', ocpp, sut: 'CS',
  octt: full('TC_062_CS'),
  title: 'DataTransfer.req of a vendor the charge point does not implement is answered UnknownVendorId (UnknownMessageId, Rejected tolerated)',
  killedBy: ['cs.data-transfer-unknown-vendor-accepted', 'cs.data-transfer-not-supported'],
  async run({ csms }) {
    await csms.booted();
    await unknownVendorDataTransfer(csms, ocpp, 'CS');
  },
});

export const toCentralSystem = testCase<CsmsTestCase>({
  useCase: 'P02', variant: 'unknown-vendor', ocpp, sut: 'CSMS',
  octt: full('TC_064_CSMS'),
  title: 'DataTransfer.req of a vendor the central system does not implement is answered UnknownVendorId (UnknownMessageId, Rejected tolerated)',
  killedBy: ['csms.data-transfer-unknown-vendor-accepted', 'csms.data-transfer-not-supported'],
  async run({ station }) {
    await station.booted();
    await unknownVendorDataTransfer(station, ocpp, 'CSMS');
  },
});
