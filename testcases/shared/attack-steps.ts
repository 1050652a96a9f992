// Attacks the official catalogue leaves out, as test cases of our own (IDs SEC.*, no official claim): a second
// connection for a connected station ID, Basic-auth abuse, and a security profile downgrade. Each fails only what
// the specification forbids: Basic auth must be checked on every handshake (2.0.1 A00.FR.2xx, 1.6 security white
// paper profile 1), and a station may not connect with another profile than its own (white paper A00.FR.002/005).
import { testCase, type CsmsTestCase } from '../../src/harness/test-case.js';
import { Verdict } from '../../src/harness/peer.js';
import { NotApplicable } from '../../src/harness/verdicts.js';
import type { StationHarness } from '../../src/harness/station-harness.js';
import type { OcppVersion } from '../../src/ocpp/versions.js';
import { connectOcpp, ConnectError } from '../../src/transport/client.js';

/** A second connection for the same station ID next to the harness's own; returns whether the CSMS took it. */
async function secondConnection(station: StationHarness, url: string, password: string | undefined, username?: string): Promise<boolean> {
  try {
    const conn = await connectOcpp({ url, version: station.profile.ocpp, password, username, log: station.log, timeoutMs: station.profile.timing.callTimeoutMs, tls: station.tls });
    await conn.close();
    return true;
  } catch (err) {
    if (err instanceof ConnectError) return false;
    throw err;
  }
}

/** Impersonation: while a station is connected, a handshake for its ID without or with wrong credentials is refused, and the first session goes on. */
export function impersonationCsms(ocpp: OcppVersion) {
  return testCase<CsmsTestCase>({
    useCase: 'SEC', variant: 'impersonate', ocpp, sut: 'CSMS', profile: 'security', needs: ['security-profile-1'],
    title: 'Own test: a second connection for a connected station ID without or with a wrong password is refused and does not take over the session',
    killedBy: ['csms.trusts-connected-station-id', 'csms.accepts-any-password'],
    async run({ station, profile }) {
      await station.booted();
      const attempts: [string, string | undefined][] = [['no credentials', undefined], ['a wrong password', `${profile.basicAuthPassword ?? ''}-wrong`], ['an empty password', '']];
      for (const [what, password] of attempts) {
        if (await secondConnection(station, station.url, password)) {
          throw new Verdict(`while station ${profile.stationId} was connected, the CSMS accepted a second connection for its ID with ${what}`, 'A00.FR.2xx (Basic auth on every handshake)');
        }
      }
      // The genuine station's session is untouched: it is still answered on its own connection.
      await station.call('Heartbeat', {});
    },
  });
}

/**
 * Duplicate connection with valid credentials: the CSMS may refuse the newcomer, close the first connection or
 * keep both (OCPP-J leaves it open), but an answer always goes back on the connection its CALL came in on.
 */
export function duplicateCsms(ocpp: OcppVersion) {
  return testCase<CsmsTestCase>({
    useCase: 'SEC', variant: 'duplicate-connection', ocpp, sut: 'CSMS', profile: 'security',
    title: 'Own test: a second valid connection for a connected station ID gets no answer meant for the first one',
    killedBy: ['csms.second-connection-takes-over'],
    async run({ station, profile }) {
      await station.booted();
      let second;
      try {
        second = await connectOcpp({ url: station.url, version: ocpp, password: profile.basicAuthPassword, log: station.log, timeoutMs: profile.timing.callTimeoutMs, tls: station.tls });
      } catch (err) {
        if (err instanceof ConnectError) return; // refused: allowed
        throw err;
      }
      const conn = second;
      try {
        // Anything answering a message ID the second connection never sent is an answer meant for the first.
        const misrouted = new Promise<string>((resolve) => conn.on('text', (text) => {
          try {
            const frame = JSON.parse(text) as unknown[];
            if ((frame[0] === 3 || frame[0] === 4) && frame[1] !== 'dup-probe') resolve(String(frame[1]));
          } catch { /* not ours to judge here */ }
        }));
        conn.sendText(JSON.stringify([2, 'dup-probe', 'Heartbeat', {}]));
        if (!station.connected) return; // the CSMS closed the first connection: allowed
        const firstAnswer = station.call('Heartbeat', {}).then(() => undefined);
        const wrong = await Promise.race([misrouted, firstAnswer]);
        if (wrong !== undefined) {
          throw new Verdict(`the answer to the first connection's CALL ${wrong} arrived on the second connection`, 'OCPP-J: an answer goes back on the connection of its CALL');
        }
      } finally {
        await conn.close();
      }
    },
  });
}

/** Basic-auth abuse: many wrong passwords in a row are all refused, and the CSMS still admits the right one. */
export function bruteForceCsms(ocpp: OcppVersion) {
  return testCase<CsmsTestCase>({
    useCase: 'SEC', variant: 'brute-force', ocpp, sut: 'CSMS', profile: 'security', needs: ['security-profile-1'],
    title: 'Own test: 25 wrong Basic auth passwords in a row are refused; the CSMS stays up and then admits the right one',
    killedBy: ['csms.accepts-any-password'],
    async run({ station, profile }) {
      for (let i = 0; i < 25; i++) {
        if (await secondConnection(station, station.url, `guess-${i}-${'x'.repeat(16)}`)) {
          throw new Verdict(`the CSMS accepted wrong password number ${i + 1} of a brute-force run`, 'A00.FR.2xx (Basic auth)');
        }
      }
      // A CSMS may slow a guesser down or block it for a while; it must still answer the right credentials.
      await station.booted();
      void profile;
    },
  });
}

/** Downgrade: a station that connected with profile 3 may not come back with profile 2 or 1. */
export function downgradeCsms(ocpp: OcppVersion) {
  return testCase<CsmsTestCase>({
    useCase: 'SEC', variant: 'downgrade', ocpp, sut: 'CSMS', profile: 'security', needs: ['security-profile-1', 'security-profile-3'], securityProfile: 3,
    title: 'Own test: a station that uses security profile 3 is refused when it connects again with profile 1 or 2',
    killedBy: ['csms.accepts-lower-profile'],
    async run({ station, profile }) {
      const lower = station.endpoints;
      if (!lower?.[1] && !lower?.[2]) throw new NotApplicable('needs the CSMS endpoints of a lower security profile next to profile 3 (only the reference has them here)');
      await station.booted();
      await station.close();
      for (const sp of [2, 1] as const) {
        const base = lower[sp];
        if (!base) continue;
        const url = `${base.replace(/\/$/, '')}/${encodeURIComponent(profile.stationId)}`;
        const taken = await secondConnection(station, url, profile.basicAuthPassword);
        if (taken) throw new Verdict(`station ${profile.stationId} uses security profile 3, yet the CSMS accepted it with profile ${sp}`, '1.6 security white paper A00.FR.002 / 2.0.1 A00.FR.002');
      }
    },
  });
}
