import {
  testCase, type CsContext, type CsmsContext, type CsTestCase, type CsmsTestCase, type OcttClaim,
} from '../../../src/harness/test-case.js';
import type { Peer } from '../../../src/harness/peer.js';
import type { SutProfile } from '../../../src/harness/config.js';
import { Inconclusive } from '../../../src/harness/verdicts.js';
import type { OcppVersion } from '../../../src/ocpp/versions.js';
import { probeCall, type ProbeCall, type Role } from './probe.js';

/** What an RPC test case body gets: the connection to the SUT in its normal state, and the probe to use. */
export interface RpcTest {
  ocpp: OcppVersion;
  role: Role;
  peer: Peer;
  probe: ProbeCall;
  profile: SutProfile;
}

/**
 * Bring the SUT to its normal state and return the harness side that talks to it.
 *
 * Against a charger this is the reusable state Booted: the charger boots on its own, and B01 is about that.
 * Against a CSMS the boot is done here on purpose, not through the Booted reusable state: the harness's
 * BootNotification is itself RPC under test, so an answer with the wrong message ID, a malformed answer or none
 * in time fails this RPC test case, where Booted would turn it into an inconclusive verdict naming B01. Only a
 * boot the CSMS answers but does not accept leaves the check inconclusive: that is registration policy.
 */
async function booted(ctx: CsContext | CsmsContext): Promise<Peer> {
  if ('csms' in ctx) {
    await ctx.csms.booted();
    return ctx.csms;
  }
  const { station } = ctx;
  await station.connect();
  const answer = await station.call('BootNotification', station.bootPayload());
  if (answer.status !== 'Accepted') throw new Inconclusive(`the CSMS answered the boot ${String(answer.status)}; the RPC checks need an accepted station`);
  return station;
}

interface RpcCaseDef {
  variant: string;
  title: string;
  killedBy: string[];
  octt?: OcttClaim[];
}

function declare(ocpp: OcppVersion, role: Role, def: RpcCaseDef, run: (ctx: CsContext | CsmsContext) => Promise<void>): CsTestCase | CsmsTestCase {
  const common = { ...def, useCase: 'RPC', ocpp, profile: 'core', octt: def.octt ?? [] };
  return role === 'CS' ? testCase<CsTestCase>({ ...common, sut: 'CS', run }) : testCase<CsmsTestCase>({ ...common, sut: 'CSMS', run });
}

/** An RPC test case that runs on a booted connection. */
export function rpcCase(ocpp: OcppVersion, role: Role, def: RpcCaseDef, body: (t: RpcTest) => Promise<void>): CsTestCase | CsmsTestCase {
  return declare(ocpp, role, def, async (ctx) => {
    const peer = await booted(ctx);
    await body({ ocpp, role, peer, probe: probeCall(ocpp, role), profile: ctx.profile });
  });
}

/** An RPC test case about the connection itself (the WebSocket handshake): it starts from no connection. */
export function connectionCase<C extends CsContext | CsmsContext>(ocpp: OcppVersion, role: Role, def: RpcCaseDef,
  body: (ctx: C) => Promise<void>): CsTestCase | CsmsTestCase {
  return declare(ocpp, role, def, (ctx) => body(ctx as C));
}
