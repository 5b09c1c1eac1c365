/**
 * `npm run agent`: the station agent alone. Settings from the environment (see README);
 * exits non-zero with the file and field when the station file is invalid.
 *
 * `npm run agent -- --enrol <hub-url> <code>` enrols the kiosk with its hub and exits.
 * A station that names a hub but holds no credentials for it does not start (it would take
 * tickets the hub never sees) unless XZ_OFFLINE=1 says so on purpose.
 */
import { ConfigError, loadStationConfig } from '@xz/firmware-config/config';
import { buildAgent } from './app.ts';
import { EnrolError, enrolWithHub } from './enrol.ts';
import { EnvError, readAgentEnv } from './env.ts';
import { readHubCredentials } from './sync.ts';

const USAGE = 'usage: npm run agent [-- --enrol <hub-url> <enrolment-code>]';

async function enrol(args: string[]) {
  const [hubUrl, code, ...rest] = args;
  if (!hubUrl || !code || rest.length > 0) {
    console.error(USAGE);
    process.exit(2);
  }
  const env = readAgentEnv();
  const { stationId, file } = await enrolWithHub({
    hubUrl,
    code,
    dataDir: env.dataDir,
    stationConfigPath: env.stationConfigPath,
  });
  console.log(`station ${stationId} enrolled with ${hubUrl}; credentials in ${file}`);
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--enrol') return enrol(args.slice(1));
  if (args.length > 0) {
    console.error(USAGE);
    process.exit(2);
  }
  const env = readAgentEnv();
  const station = loadStationConfig(env.stationConfigPath);
  const credentials = readHubCredentials(env.dataDir);
  const hubUrl = env.hubUrl ?? credentials?.hubUrl ?? station.hubUrl;
  if (hubUrl && !env.hubUrl) env.hubUrl = hubUrl;
  if (hubUrl && !credentials && !env.offline) {
    throw new EnvError(
      'XZ_HUB_URL',
      `station ${station.stationId} names the hub ${hubUrl} but is not enrolled with it ` +
        `(no ${env.dataDir}/hub-credentials.json). Enrol with \`npm run agent -- --enrol ${hubUrl} <code>\`, ` +
        'or set XZ_OFFLINE=1 to run without the hub.',
    );
  }

  const agent = await buildAgent({ env });
  // Failures outside a request (the replication library leaves some network failures unhandled
  // when the hub vanishes) are logged with their stack; the station keeps serving.
  process.on('unhandledRejection', (reason) => {
    agent.app.log.error({ err: reason }, 'unhandled failure (continuing)');
  });
  const url = await agent.listen();
  console.log(`station agent ${agent.stationId} listening on ${url}`);
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
  if (error instanceof ConfigError || error instanceof EnvError || error instanceof EnrolError) {
    console.error(`station agent: ${error.message}`);
    process.exit(2);
  }
  console.error('station agent failed to start:', error);
  process.exit(1);
});
