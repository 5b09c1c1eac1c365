/**
 * `npm run agent`: the station agent alone. Settings from the environment (see README);
 * exits non-zero with the file and field when the station file is invalid.
 */
import { ConfigError } from '@xz/firmware-config/config';
import { buildAgent } from './app.ts';
import { EnvError, readAgentEnv } from './env.ts';

// A station keeps serving when a background network request to the hub fails without a handler
// (the replication library leaves some of its requests' failures unhandled when the hub vanishes).
process.on('unhandledRejection', (reason) => {
  console.error(
    'station agent: unhandled failure (continuing):',
    reason instanceof Error ? reason.message : reason,
  );
});

async function main() {
  const env = readAgentEnv();
  const agent = await buildAgent({ env, logger: process.env.XZ_LOG === '1' });
  const url = await agent.listen();
  console.log(`station agent ${agent.ctx.station.stationId} listening on ${url}`);
  console.log(`  kiosk    ${url}/`);
  console.log(`  counter  ${url}/counter`);
  console.log(`  display  ${url}/display`);
  console.log(`  API docs ${url}/docs`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await agent.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof EnvError) {
    console.error(`station agent: ${error.message}`);
    process.exit(2);
  }
  console.error('station agent failed to start:', error);
  process.exit(1);
});
