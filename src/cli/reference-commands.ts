import { createReferenceStation, startReferenceCsms } from '../reference/index.js';
import { parseVersion } from '../ocpp/versions.js';
import { stationIdOf } from '../transport/client.js';
import { parseListen } from '../runner/targets.js';
import { UsageError } from './config.js';
import { checkFaults } from './suite-commands.js';

function version(v: string | undefined) {
  if (!v) throw new UsageError('--ocpp 1.6 or --ocpp 2.0.1 is required');
  try { return parseVersion(v); } catch (err) { throw new UsageError((err as Error).message); }
}

/** Resolve when the process is asked to stop (Ctrl-C or a supervisor's SIGTERM). */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

export async function referenceCs(options: { csmsUrl?: string; ocpp?: string; fault: string[]; password?: string; evses?: number }): Promise<void> {
  if (!options.csmsUrl) throw new UsageError('reference cs needs --csms-url ws://HOST:PORT/PATH/<stationId>');
  try { stationIdOf(options.csmsUrl); } catch (err) { throw new UsageError((err as Error).message); }
  const evses = Array.from({ length: options.evses ?? 2 }, (_, i) => ({ id: i + 1, connectors: 1 }));
  const station = createReferenceStation({
    url: options.csmsUrl, version: version(options.ocpp), evses, faults: checkFaults(options.fault), password: options.password,
  });
  process.stdout.write(`reference charging station (OCPP ${station.version}) connecting to ${options.csmsUrl}\n`);
  await station.start();
  await untilSignal();
  await station.stop();
}

export async function referenceCsms(options: { listen?: string; ocpp?: string; fault: string[]; heartbeat?: number }): Promise<void> {
  if (!options.listen) throw new UsageError('reference csms needs --listen ws://HOST:PORT/PATH');
  let listen;
  try { listen = parseListen(options.listen); } catch (err) { throw new UsageError((err as Error).message); }
  const csms = await startReferenceCsms({
    ...listen, version: version(options.ocpp), faults: checkFaults(options.fault),
    heartbeatIntervalS: options.heartbeat ?? 300,
  }).catch((err: Error) => { throw new UsageError(err.message); });
  process.stdout.write(`reference CSMS (OCPP ${csms.version}) listening: stations connect to ${csms.url}/<stationId>\n`);
  await untilSignal();
  await csms.stop();
}
