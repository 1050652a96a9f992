// Security profile 1 (HTTP Basic auth over the WebSocket handshake), for both versions and both roles.
import { testCase, type CsTestCase, type CsmsTestCase } from '../../src/harness/test-case.js';
import { Verdict } from '../../src/harness/peer.js';
import type { StationHarness } from '../../src/harness/station-harness.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';

const SP1 = 'security-profile-1';

/** Charger side: with the harness requiring Basic auth, the station connects with the right credentials and boots. */
export function basicAuthCs(ocpp: OcppVersion, octt: string[]) {
  return testCase<CsTestCase>({
    useCase: 'SEC', variant: 'basic-auth', ocpp, sut: 'CS', octt, profile: 'security', needs: [SP1],
    title: 'Security profile 1: the station presents its ID and password with Basic auth and boots',
    killedBy: ['cs.no-basic-auth'],
    async run({ csms }) {
      // The connection is this test's subject: a refused handshake fails here, before the Booted state.
      await csms.waitForConnection();
      await csms.booted();
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
export function basicAuthCsms(ocpp: OcppVersion, octt: string[]) {
  return testCase<CsmsTestCase>({
    useCase: 'SEC', variant: 'basic-auth', ocpp, sut: 'CSMS', octt, profile: 'security', needs: [SP1],
    title: 'Security profile 1: valid Basic auth is accepted; a wrong password or username is refused at the handshake',
    killedBy: ['csms.accepts-any-password'],
    async run({ station, profile }) {
      const password = profile.basicAuthPassword!;
      await expectRefused(station, { password: `${password}-wrong` }, 'a wrong password');
      await expectRefused(station, { password, username: `${profile.stationId}-other` }, 'a username that is not the station ID');
      await station.booted();
    },
  });
}
