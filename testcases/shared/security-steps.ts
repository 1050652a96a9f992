// Security profile 1 (HTTP Basic auth over the WebSocket handshake), for both versions and both roles.
import { randomBytes } from 'node:crypto';
import { testCase, type CsTestCase, type CsmsTestCase, type OcttClaim } from '../../src/harness/test-case.js';
import { Verdict } from '../../src/harness/peer.js';
import type { StationHarness } from '../../src/harness/station-harness.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';

const SP1 = 'security-profile-1';

/** Charger side: with the harness requiring Basic auth, the station connects with the right credentials and boots. */
export function basicAuthCs(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsTestCase>({
    useCase: 'SEC', variant: 'basic-auth', ocpp, sut: 'CS', octt, profile: 'security', needs: [SP1],
    title: 'Security profile 1: the station presents its ID and password with Basic auth and boots',
    killedBy: ['cs.no-basic-auth'],
    async run({ csms, profile }) {
      // The connection is this test's subject: a refused handshake fails here, before the Booted state. The harness's
      // server only takes the station ID of the URL as username with the configured password.
      await csms.waitForConnection();
      await csms.booted();
      // The password the station presented is the configured one; the documents bound its form.
      const password = profile.basicAuthPassword ?? '';
      if (password.length < 16 || password.length > 40) throw new Verdict(`the Basic auth password must have 16 to 40 characters, the configured one has ${password.length}`);
      if (ocpp === '2.0.1' && !/^[A-Za-z0-9*\-_=:+|@.]+$/.test(password)) throw new Verdict('the Basic auth password may hold only letters, digits and the special characters of identifierString');
    },
  });
}

/** A connection attempt the CSMS must refuse at the handshake. */
async function expectRefused(station: StationHarness, options: { password?: string; username?: string }, what: string) {
  try {
    await station.connect(options);
  } catch (err) {
    if (err instanceof Verdict && /HTTP 40[13]|refused/.test(err.message)) return;
    throw err;
  }
  await station.close();
  throw new Verdict(`the CSMS accepted a connection with ${what}`);
}

/** CSMS side: right credentials are accepted, a wrong password and a username that is not the station ID are not. */
export function basicAuthCsms(ocpp: OcppVersion, octt: OcttClaim[]) {
  return testCase<CsmsTestCase>({
    useCase: 'SEC', variant: 'basic-auth', ocpp, sut: 'CSMS', octt, profile: 'security', needs: [SP1],
    title: 'Security profile 1: valid Basic auth is accepted; a wrong password or username is refused at the handshake',
    killedBy: ['csms.accepts-any-password'],
    async run({ station, profile }) {
      const password = profile.basicAuthPassword!;
      // TC_A_03_CSMS: a random password of the allowed form; TC_A_02_CSMS: the station ID with "Invalid" appended.
      await expectRefused(station, { password: randomBytes(12).toString('hex') }, 'a wrong password');
      await expectRefused(station, { password, username: `${profile.stationId}Invalid` }, 'a username that is not the station ID');
      await station.booted();
      // TC_085_CSMS: a 1.6 charge point reports connector 0 too.
      if (ocpp === '1.6') await station.call('StatusNotification', station.statusPayload(0, 1, 'Available'));
    },
  });
}
