// The WebSocket opening handshake of OCPP-J (§3): which subprotocol a CSMS selects, and that a charger does not
// carry on when the CSMS selects one it never offered.
import { randomUUID } from 'node:crypto';
import { Verdict } from '../../../src/harness/peer.js';
import { Inconclusive } from '../../../src/harness/verdicts.js';
import { partial, type CsContext, type CsmsContext } from '../../../src/harness/test-case.js';
import { subprotocolOf, type OcppVersion } from '../../../src/ocpp/versions.js';
import { tryHandshake, type HandshakeOutcome } from '../../../src/transport/client.js';
import type { OcppConnection } from '../../../src/transport/connection.js';
import type { StationHarness } from '../../../src/harness/station-harness.js';
import { connectionCase } from './case.js';
import { clause, rawCall } from './exchange.js';

/** A subprotocol name no OCPP version has (the official negotiation test cases use it too). */
const UNKNOWN = 'ocpp0.1';

function handshake(station: StationHarness, offer: string[]): Promise<HandshakeOutcome> {
  const { profile } = station;
  return tryHandshake({
    url: station.url, version: profile.ocpp, offer, password: profile.basicAuthPassword,
    timeoutMs: profile.timing.callTimeoutMs, log: station.log,
  });
}

/**
 * A CSMS that agrees to none of the offered subprotocols must complete the handshake without one and close the
 * connection at once (OCPP-J §3.2). The harness sends a BootNotification on it: a CSMS that answers it has gone on
 * with OCPP instead of closing, one that neither answers nor closes within the call timeout has not closed at once.
 */
function expectPromptClose(conn: OcppConnection, station: StationHarness, ocpp: OcppVersion, offered: string): Promise<void> {
  const within = station.profile.timing.callTimeoutMs;
  if (conn.closed) return Promise.resolve();
  const requirement = clause(ocpp, '3.2');
  const noAgreement = `offered ${offered}, the CSMS completed the handshake without selecting a subprotocol`;
  return new Promise((resolve, reject) => {
    const finish = (err?: Verdict) => {
      clearTimeout(timer);
      conn.off('close', onClose);
      conn.off('text', onText);
      if (err) void conn.close().then(() => reject(err), () => reject(err));
      else resolve();
    };
    const onClose = () => finish();
    const onText = (text: string) => finish(new Verdict(`${noAgreement} and went on with OCPP (it answered ${text.slice(0, 120)}); it must close the connection at once`, requirement));
    const timer = setTimeout(() => finish(new Verdict(`${noAgreement} but kept the connection open for ${within} ms; it must close it at once`, requirement)), within);
    conn.on('close', onClose);
    conn.on('text', onText);
    try {
      conn.sendRaw(rawCall(randomUUID(), 'BootNotification', station.bootPayload()));
    } catch {
      // Closed already: exactly what is expected.
    }
  });
}

/** An offer the CSMS must not agree to: it either refuses the upgrade or completes it without a subprotocol and closes. */
async function expectNotAgreed(ctx: CsmsContext, ocpp: OcppVersion, offer: string[]): Promise<void> {
  const offered = offer.length ? offer.join(', ') : 'no subprotocol';
  const outcome = await handshake(ctx.station, offer);
  switch (outcome.kind) {
    case 'unreachable': throw new Inconclusive(`cannot reach the CSMS: ${outcome.why}`);
    case 'refused': return;
    case 'selected':
      if (!offer.includes(outcome.protocol)) {
        throw new Verdict(`offered ${offered}, the CSMS selected ${outcome.protocol}; a server may only select a subprotocol the client offered`, 'RFC 6455 §4.2.2');
      }
      throw new Verdict(`offered only ${offered}, a version that does not exist, the CSMS selected it instead of refusing`, clause(ocpp, '3.2'));
    case 'open': return expectPromptClose(outcome.conn, ctx.station, ocpp, offered);
  }
}

export function handshakeCases(ocpp: OcppVersion, role: 'CS' | 'CSMS') {
  return role === 'CSMS' ? csmsHandshakeCases(ocpp) : [chargerRefusesUnofferedSubprotocol(ocpp)];
}

function csmsHandshakeCases(ocpp: OcppVersion) {
  const ours = subprotocolOf(ocpp);
  const official = ocpp === '2.0.1' ? 'TC_B_58_CSMS' : 'TC_088_CSMS';
  return [
    connectionCase<CsmsContext>(ocpp, 'CSMS', {
      variant: 'subprotocol-none', title: 'A CSMS does not carry on with OCPP on a connection that offers no subprotocol',
      killedBy: ['csms.accepts-no-subprotocol'],
      // The client must name its OCPP version (§3.1.2); a server that agrees to none of the offered subprotocols
      // (here: none at all) must not go on (§3.2).
    }, (ctx) => expectNotAgreed(ctx, ocpp, [])),
    connectionCase<CsmsContext>(ocpp, 'CSMS', {
      variant: 'subprotocol-unknown', title: `A CSMS offered only the unknown subprotocol ${UNKNOWN} refuses it`,
      killedBy: ['csms.selects-first-subprotocol'],
      octt: [partial(official, `steps 3-4 (an offer that also names ${ours}) are RPC.subprotocol-several; for step 2, where the tool expects the upgrade refused, a CSMS that completes it without a subprotocol and closes at once also passes, as OCPP-J §3.2 prescribes exactly that`)],
    }, (ctx) => expectNotAgreed(ctx, ocpp, [UNKNOWN])),
    connectionCase<CsmsContext>(ocpp, 'CSMS', {
      variant: 'subprotocol-several', title: `A CSMS offered ${UNKNOWN} and ${ours} selects ${ours}`,
      killedBy: ['csms.selects-first-subprotocol'],
      octt: [partial(official, `steps 1-2 (an offer of only ${UNKNOWN}) are RPC.subprotocol-unknown`)],
    }, async (ctx) => {
      const offer = [UNKNOWN, ours];
      const outcome = await handshake(ctx.station, offer);
      const requirement = clause(ocpp, '3.2');
      switch (outcome.kind) {
        case 'unreachable': throw new Inconclusive(`cannot reach the CSMS: ${outcome.why}`);
        case 'refused': throw new Verdict(`offered ${offer.join(', ')}, the CSMS refused the upgrade (${outcome.why}) although it speaks ${ours}`, requirement);
        case 'open':
          await outcome.conn.close();
          throw new Verdict(`offered ${offer.join(', ')}, the CSMS completed the handshake without selecting ${ours}`, requirement);
        case 'selected':
          if (outcome.protocol !== ours) throw new Verdict(`offered ${offer.join(', ')}, the CSMS selected ${outcome.protocol} instead of ${ours}`, requirement);
      }
    }),
  ];
}

/**
 * RFC 6455 §4.1, which OCPP-J §3.1 makes the charger's handshake: a client whose server selects a subprotocol the
 * client did not offer must fail the connection. (A CSMS selecting none at all is the CSMS's fault, §3.2, and
 * nothing obliges the charger to react, so that case is not tested.)
 */
function chargerRefusesUnofferedSubprotocol(ocpp: OcppVersion) {
  return connectionCase<CsContext>(ocpp, 'CS', {
    variant: 'subprotocol-not-offered', title: 'A charger fails the connection when the CSMS selects a subprotocol it did not offer',
    killedBy: ['cs.ignores-selected-subprotocol'],
  }, async ({ csms, profile }) => {
    let selected = '';
    const withdraw = csms.server.answerNextHandshake(profile.stationId, (offered, mine) => {
      if (!offered.includes(mine)) return false;
      selected = [UNKNOWN, 'ocpp0.2', 'ocpp9.9'].find((p) => !offered.includes(p))!;
      csms.log.event(`harness answers the handshake selecting ${selected}, which the charger did not offer (it offered ${offered.join(', ')})`);
      return selected;
    });
    try {
      // A charger that is connected already must come again for the handshake under test.
      if (csms.connected) csms.dropConnection();
      const conn = await nextConnection(csms, profile.timing.bootTimeoutMs);
      if (!conn) throw new Inconclusive(`the charger did not connect within ${profile.timing.bootTimeoutMs} ms, so its handshake could not be tested`);
      const number = csms.connectionCount;
      const within = profile.timing.callTimeoutMs;
      const carriedOn = await new Promise<string | undefined>((resolve) => {
        const already = csms.received.find((c) => c.connection === number);
        if (already) return resolve(already.action);
        if (conn.closed) return resolve(undefined);
        const finish = (action?: string) => {
          clearTimeout(timer);
          conn.off('close', onClose);
          csms.off('call', onCall);
          resolve(action);
        };
        const onClose = () => finish();
        const onCall = (c: { action: string; connection: number }) => { if (c.connection === number) finish(c.action); };
        const timer = setTimeout(() => finish(conn.closed ? undefined : ''), within);
        conn.on('close', onClose);
        csms.on('call', onCall);
      });
      if (carriedOn === undefined) return;
      throw new Verdict(carriedOn
        ? `the CSMS selected ${selected}, which the charger did not offer, and the charger carried on with ${carriedOn}; it must fail the connection`
        : `the CSMS selected ${selected}, which the charger did not offer, and the charger kept the connection open for ${within} ms; it must fail the connection`,
      'RFC 6455 §4.1');
    } finally {
      withdraw();
    }
  });
}

/** The next connection the charger opens to the harness, or undefined when none comes within `ms`. */
function nextConnection(csms: CsContext['csms'], ms: number): Promise<OcppConnection | undefined> {
  return new Promise((resolve) => {
    const onConnected = (conn: OcppConnection) => {
      clearTimeout(timer);
      resolve(conn);
    };
    const timer = setTimeout(() => {
      csms.off('connected', onConnected);
      resolve(undefined);
    }, ms);
    csms.once('connected', onConnected);
  });
}
