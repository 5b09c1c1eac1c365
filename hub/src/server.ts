/**
 * Starts the hub from the environment (HUB_PORT, HUB_HOST, XZ_HUB_DATA_DIR, COUCHDB_URL,
 * XZ_ADMIN_PASSWORD, XZ_HUB_PUBLIC_URL, XZ_HASH_KEY; XZ_HUB_ALLOWED_ORIGINS and the policy timings are read by the
 * operator plugin), prints its address, and closes gracefully on SIGINT/SIGTERM.
 */
import { buildHub } from './app.ts';
import { readHubEnv } from './config.ts';

const env = readHubEnv();
const hub = await buildHub({
  dataDir: env.dataDir,
  port: env.port,
  host: env.host,
  couchUrl: env.couchUrl,
  adminPassword: env.adminPassword,
  publicUrl: env.publicUrl,
  ...(env.hashKey ? { hashKey: env.hashKey } : {}),
  logger: true,
});

console.log(`hub listening on ${hub.url} (CouchDB: ${hub.couch.kind}, ${hub.couch.url})`);
if (hub.firstAdminPassword !== undefined) {
  console.log(`first hub admin created: user "admin", password "${hub.firstAdminPassword}" (shown once)`);
}

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    hub.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
