/**
 * The hub as one Fastify plugin (`hubApp`) and `buildHub`, which assembles, listens and starts it.
 *
 * Order: external plugins (middie + the embedded CouchDB-protocol server at /couch, rate limit),
 * then the services as the `hub` decorator (CouchDB client, kiosk accounts, station follower),
 * then `routes/`, one folder per resource. The embedded server is reached over HTTP like Apache
 * CouchDB, so the services start once the hub listens; `/api` requests wait for them.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import middie from '@fastify/middie';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ensureFirstAdmin } from './auth/admin-bootstrap.ts';
import { operatorPlugin } from './auth/operator-plugin.ts';
import { type CouchClient, createCouchClient } from './couch/client.ts';
import { COUCH_PREFIX, type EmbeddedCouch, startEmbeddedCouch } from './couch/embedded.ts';
import { createStationFollower, type StationFollower, type StationFollowerOptions } from './couch/follow.ts';
import { createKioskUsers, type KioskUsers } from './couch/kiosk-users.ts';
import { hubErrorHandler } from './errors.ts';
import enrolRoutes from './routes/enrol/index.ts';
import healthRoutes from './routes/health/index.ts';
import stationsRoutes from './routes/stations/index.ts';

export const HUB_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Services the routes use; set once the hub listens (see `buildHub`). */
export interface HubServices {
  version: string;
  couch: CouchClient;
  kioskUsers: KioskUsers;
  follower: StationFollower;
}

declare module 'fastify' {
  interface FastifyInstance {
    hub: HubServices;
    /** preHandler of operator routes. Operator sign-in plugs in here; until then every caller passes. */
    requireOperator: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

export interface HubAppOptions {
  /** Resolves once `hub` is filled; `/api` requests wait for it. */
  servicesReady: Promise<HubServices>;
  /** The embedded server to mount at /couch (absent with an external CouchDB). */
  embedded?: EmbeddedCouch;
}

/** The whole hub app as one plugin. */
export const hubApp = fp<HubAppOptions>(
  async (app, options) => {
    if (options.embedded) {
      await app.register(middie);
      options.embedded.mount(app);
    }
    await app.register(rateLimit, { global: false });
    app.setErrorHandler(hubErrorHandler);

    app.decorate('hub', null as unknown as HubServices);
    app.decorate('requireOperator', async () => {});
    app.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/api/') && app.hub === null) app.hub = await options.servicesReady;
    });
    // Operator sign-in, users, audit, policies, public pages, console; sets `requireOperator`.
    await app.register(operatorPlugin, { servicesReady: options.servicesReady });

    const api = app.withTypeProvider<TypeBoxTypeProvider>();
    await api.register(healthRoutes);
    await api.register(enrolRoutes);
    await api.register(stationsRoutes);
  },
  { name: 'xz-hub', fastify: '5.x' },
);

export interface BuildHubOptions {
  /** Hub data directory (embedded databases, the embedded admin secret). */
  dataDir: string;
  /** Port to listen on (0: any free port). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Apache CouchDB 3 URL with admin credentials (`http://admin:pw@couch:5984`); absent: embedded server. */
  couchUrl?: string;
  /** First hub admin's password; generated (and returned once) when absent. */
  adminPassword?: string;
  /** Base URL stations reach the hub at (default `http://{host}:{port}`). */
  publicUrl?: string;
  logger?: boolean;
  follower?: StationFollowerOptions;
}

export interface Hub {
  app: FastifyInstance;
  /** `http://host:port` the hub listens on. */
  url: string;
  couch: CouchClient;
  kioskUsers: KioskUsers;
  follower: StationFollower;
  /** Set when this start created the first admin with a generated password: print it once. */
  firstAdminPassword?: string;
  close(): Promise<void>;
}

export async function buildHub(options: BuildHubOptions): Promise<Hub> {
  await mkdir(options.dataDir, { recursive: true });
  const embedded = options.couchUrl ? undefined : await startEmbeddedCouch({ dataDir: options.dataDir });
  let resolveServices!: (services: HubServices) => void;
  let rejectServices!: (error: unknown) => void;
  const servicesReady = new Promise<HubServices>((resolve, reject) => {
    resolveServices = resolve;
    rejectServices = reject;
  });
  servicesReady.catch(() => {});

  // Kiosks hold long-poll replication requests open: closing must not wait for them to end.
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 256 * 1024,
    forceCloseConnections: true,
  });
  let follower: StationFollower | undefined;
  try {
    await app.register(hubApp, { servicesReady, embedded });
    await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    const publicBase = (options.publicUrl ?? url).replace(/\/$/, '');

    const couch = embedded
      ? createCouchClient({
          url: `${url}${COUCH_PREFIX}`,
          publicUrl: `${publicBase}${COUCH_PREFIX}`,
          adminUser: embedded.adminUser,
          adminPassword: embedded.adminPassword,
          kind: 'embedded',
        })
      : externalClient(options.couchUrl as string);
    await couch.ensureDatabases();
    const admin = await ensureFirstAdmin(couch, options.adminPassword);
    const kioskUsers = createKioskUsers(couch);
    follower = createStationFollower(couch, options.follower);
    await follower.start();
    const services: HubServices = { version: HUB_VERSION, couch, kioskUsers, follower };
    app.hub = services;
    resolveServices(services);

    const started = follower;
    return {
      app,
      url,
      couch,
      kioskUsers,
      follower,
      firstAdminPassword: admin.generatedPassword,
      async close() {
        await started.stop();
        await app.close();
        await embedded?.close();
      },
    };
  } catch (error) {
    rejectServices(error);
    await follower?.stop().catch(() => {});
    await app.close().catch(() => {});
    await embedded?.close().catch(() => {});
    throw error;
  }
}

function externalClient(couchUrl: string): CouchClient {
  const u = new URL(couchUrl);
  const adminUser = decodeURIComponent(u.username);
  const adminPassword = decodeURIComponent(u.password);
  if (!adminUser || !adminPassword)
    throw new Error('COUCHDB_URL must carry the admin credentials (http://user:pw@host:5984)');
  return createCouchClient({ url: couchUrl, adminUser, adminPassword, kind: 'external' });
}
