// RPC-framework test cases (OCPP-J): the same checks for both versions and both SUT roles. The pieces live in
// rpc/: the probe and the payloads it breaks (probe.ts), sending damaged frames and judging the answers with the
// accepted-answers table of src/ocpp/errors.ts (exchange.ts), the framing checks (framing.ts) and the WebSocket
// handshake (handshake.ts).
import type { OcppVersion } from '../../src/ocpp/versions.js';
import { framingCases } from './rpc/framing.js';
import { handshakeCases } from './rpc/handshake.js';
import type { Role } from './rpc/probe.js';

export function rpcFrameworkCases(ocpp: OcppVersion, role: Role) {
  return [...framingCases(ocpp, role), ...handshakeCases(ocpp, role)];
}
