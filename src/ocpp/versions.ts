/** The OCPP-J versions this tool speaks, and the WebSocket subprotocol each negotiates. */
export type OcppVersion = '1.6' | '2.0.1';

export const OCPP_VERSIONS: readonly OcppVersion[] = ['1.6', '2.0.1'];

const SUBPROTOCOLS: Record<OcppVersion, string> = {
  '1.6': 'ocpp1.6',
  '2.0.1': 'ocpp2.0.1',
};

export function subprotocolOf(version: OcppVersion): string {
  return SUBPROTOCOLS[version];
}

export function versionOfSubprotocol(protocol: string): OcppVersion | undefined {
  return OCPP_VERSIONS.find((v) => SUBPROTOCOLS[v] === protocol);
}

export function parseVersion(text: string): OcppVersion {
  const v = OCPP_VERSIONS.find((x) => x === text || x === text.replace(/^ocpp/i, ''));
  if (!v) throw new Error(`unknown OCPP version "${text}" (use 1.6 or 2.0.1)`);
  return v;
}
