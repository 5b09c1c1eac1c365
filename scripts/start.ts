/**
 * `npm start`: the hub with its embedded CouchDB-protocol store, one demo station agent with a
 * virtual printer, demo data; prints the addresses. Data lives in .data/ (delete it to start over).
 * The demo runs the hub and the agent in this one process from the sources, so it needs only the
 * built pages; a station runs the agent on its own from the bundle (`npm run agent`).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadStationConfig } from '@xz/firmware-config/config';
import { buildHub } from '@xz/hub/app';
import { seedDemoPolicies } from '@xz/hub/policies/seed';
import { seedDemoReports } from '@xz/hub/reports/demo';
import { createUserStore } from '@xz/hub/users/users';
import { buildAgent } from '@xz/kiosk/app';
import { readAgentEnv } from '@xz/kiosk/env';
import { serveVirtualPrinterControl } from '@xz/kiosk/virtual-printer/control';
import { startVirtualPrinter } from '@xz/kiosk/virtual-printer/device';
import { stationConfigId, stationDbName } from '@xz/shared/ids';
import { parseHashKey } from '@xz/shared/validate/hash';
import { createOffsetClock } from './offset-clock.ts';

const root = resolve(import.meta.dirname, '..');
const dataDir = resolve(process.env.XZ_DEMO_DIR ?? join(root, '.data'));
mkdirSync(dataDir, { recursive: true });
// Testing aid: the hub's case clock moved by the offset written in this file (read only when set).
const clockFile = process.env.XZ_HUB_CLOCK_OFFSET_FILE
  ? resolve(process.env.XZ_HUB_CLOCK_OFFSET_FILE)
  : undefined;
// Embedded servers write their logs into the working directory: keep them in the data folder.
process.chdir(dataDir);

/** Builds the browser apps when they are missing (or always with XZ_REBUILD=1). */
function ensureBuilt() {
  const built =
    existsSync(join(root, 'kiosk/dist/ui/index.html')) &&
    existsSync(join(root, 'hub/dist/console/index.html'));
  if (built && process.env.XZ_REBUILD !== '1') return;
  console.log('building the station pages and the operator console…');
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('building the browser apps failed');
}

/** Station staff of the demo station: staff number, name, counter PIN. */
export const DEMO_STAFF = [
  { username: 'wang.fang', displayName: '王芳', pin: '135790' },
  { username: 'li.qiang', displayName: '李强', pin: '246801' },
  { username: 'li.na', displayName: '李娜', pin: '112358' },
] as const;

/** The deployment key the hub and the demo station share: XZ_HASH_KEY, or one kept in the data folder. */
function demoHashKey(): Uint8Array {
  if (process.env.XZ_HASH_KEY) return parseHashKey(process.env.XZ_HASH_KEY);
  const file = join(dataDir, 'hash.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  return parseHashKey(readFileSync(file, 'utf8').trim());
}

async function main() {
  ensureBuilt();
  const hashKey = demoHashKey();
  mkdirSync(join(dataDir, 'printer'), { recursive: true });
  const printer = await startVirtualPrinter({ dir: join(dataDir, 'printer') });
  const printerControl = await serveVirtualPrinterControl(
    printer,
    Number(process.env.XZ_PRINTER_CONTROL_PORT ?? 8090),
  );

  const hubPort = Number(process.env.HUB_PORT ?? 3000);
  const hub = await buildHub({
    dataDir: join(dataDir, 'hub'),
    port: hubPort,
    ...(clockFile ? { now: createOffsetClock(clockFile) } : {}),
    ...(process.env.XZ_ADMIN_PASSWORD ? { adminPassword: process.env.XZ_ADMIN_PASSWORD } : {}),
    hashKey,
  });

  await seedDemoPolicies(hub);
  // A week of generated history (through the queue decider, marked as demo data) so the reports
  // are not empty; days with figures of their own are left alone.
  await seedDemoReports(hub.app.hub.reports, 'xhd-lingzhu-01');
  // Demo counter staff with PINs (published to the station like any station-staff account).
  const users = createUserStore(hub.couch, { hashKey, staff: hub.app.hub.staff });
  for (const s of DEMO_STAFF) {
    if (await users.get(s.username)) continue;
    await users.create(
      {
        username: s.username,
        password: randomBytes(12).toString('base64url'),
        roles: ['station-staff'],
        displayName: s.displayName,
        stationId: 'xhd-lingzhu-01',
      },
      'demo',
    );
    await users.setPin(s.username, s.pin);
  }

  const env = readAgentEnv({
    ...process.env,
    XZ_DATA_DIR: process.env.XZ_DATA_DIR ?? join(dataDir, 'agent'),
    XZ_PRINTER_PATH: process.env.XZ_PRINTER_PATH ?? printer.path,
    XZ_HUB_URL: process.env.XZ_HUB_URL ?? hub.url,
  });
  mkdirSync(env.dataDir, { recursive: true });
  const credentialsFile = join(env.dataDir, 'hub-credentials.json');
  // Enrol the demo station once, and again when the hub no longer knows its credentials (a hub
  // data folder deleted, or one from before kiosk accounts moved into the hub's own database).
  const saved = existsSync(credentialsFile)
    ? (JSON.parse(readFileSync(credentialsFile, 'utf8')) as { username?: string; password?: string })
    : undefined;
  const known =
    typeof saved?.username === 'string' &&
    typeof saved.password === 'string' &&
    (await hub.kioskUsers.authenticate(saved.username, saved.password)) !== null;
  if (known && (saved as { couchUrl?: string }).couchUrl !== hub.couch.publicUrl) {
    // The same hub at another address (HUB_PORT changed): the station follows it.
    writeFileSync(credentialsFile, JSON.stringify({ ...saved, couchUrl: hub.couch.publicUrl }), {
      mode: 0o600,
    });
  }
  if (!known) {
    const stationId = 'xhd-lingzhu-01';
    const creds = await hub.kioskUsers.enrolKiosk(stationId);
    writeFileSync(
      credentialsFile,
      JSON.stringify({ couchUrl: creds.couchUrl, username: creds.username, password: creds.password }),
      {
        mode: 0o600,
      },
    );
  }
  // The hub knows the demo station by its configuration (its name in the reports, its services
  // and counters on the ticket's phone page): the station file, the first time. Same `updatedAt`,
  // so the agent keeps what it has.
  const station = loadStationConfig(env.stationConfigPath);
  await hub.couch.ensureStationDb(station.stationId);
  const stationDb = hub.couch.db(stationDbName(station.stationId));
  const hasConfig = await stationDb.get(stationConfigId(station.stationId)).then(
    () => true,
    () => false,
  );
  if (!hasConfig) await stationDb.insert({ ...station } as never);

  const agent = await buildAgent({ env, hashKey });
  const agentUrl = await agent.listen();
  // The counter staff arrive with the first replication: wait briefly so the console works at once.
  for (let i = 0; i < 150 && (await agent.staff.count()).hub === 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }

  console.log('');
  console.log('Xiaozhan is running');
  console.log(`  hub               ${hub.url}`);
  console.log(`  operator console  ${hub.url}/console`);
  console.log(`  station agent     ${agentUrl}  (${agent.stationId})`);
  console.log(`  kiosk             ${agentUrl}/`);
  console.log(`  counter console   ${agentUrl}/counter`);
  console.log(`  call display      ${agentUrl}/display`);
  console.log(`  agent API docs    ${agentUrl}/docs`);
  console.log(`  virtual printer   ${printerControl.url}view  (serial ${printer.path})`);
  console.log(
    `  counter staff     ${DEMO_STAFF.map((s) => `${s.username} (${s.displayName}) PIN ${s.pin}`).join(', ')}`,
  );
  if (hub.firstAdminPassword) {
    console.log(`  first admin       user "admin", password ${hub.firstAdminPassword} (shown once)`);
  }

  if (process.env.XZ_START_JSON === '1') {
    console.log(
      JSON.stringify({ hub: hub.url, agent: agentUrl, printer: printerControl.url.replace(/\/$/, '') }),
    );
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await agent.close();
    await hub.close();
    await printerControl.close();
    await printer.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error('xiaozhan failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
