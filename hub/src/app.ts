/**
 * The hub as one Fastify plugin (`hubApp`) and `buildHub`, which assembles, listens and starts it.
 *
 * Order: the store (the embedded engine in this process, or one admin client of Apache CouchDB),
 * the services (kiosk accounts, station follower) as the `hub` decorator, then the plugins (rate
 * limit, the `/couch` replication gateway over the embedded store), then `routes/`, one folder per
 * resource. Start-up has one phase: the hub never calls its own HTTP endpoints.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { withoutRequestKey } from '@xz/shared/feedback/request-key';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { createAuditLog } from './audit/audit.ts';
import { ensureFirstAdmin } from './auth/admin-bootstrap.ts';
import { operatorPlugin } from './auth/operator-plugin.ts';
import { type CalendarService, createCalendarService } from './calendar/service.ts';
import { type CaseService, createCaseService } from './cases/service.ts';
import { type CouchClient, createCouchDbClient } from './couch/client.ts';
import { COUCH_PREFIX, type EmbeddedCouch, startEmbeddedCouch } from './couch/embedded.ts';
import { createStationFollower, type StationFollower, type StationFollowerOptions } from './couch/follow.ts';
import { couchGateway } from './couch/gateway.ts';
import { createKioskUsers, type KioskUsers } from './couch/kiosk-users.ts';
import { hubErrorHandler } from './errors.ts';
import { createGreenListService, type GreenListService } from './green-lists/service.ts';
import { createReportService, type ReportService } from './reports/service.ts';
import enrolRoutes from './routes/enrol/index.ts';
import healthRoutes from './routes/health/index.ts';
import reportsRoutes from './routes/reports/index.ts';
import stationsRoutes from './routes/stations/index.ts';
import { createStationStaffPublisher, type StationStaffPublisher } from './users/station-staff.ts';

export const HUB_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Services the routes use. */
export interface HubServices {
  version: string;
  couch: CouchClient;
  kioskUsers: KioskUsers;
  follower: StationFollower;
  /** Requests and bad ratings followed to their end. */
  cases: CaseService;
  /** Per-station-per-day figures kept from what stations replicate and from the cases. */
  reports: ReportService;
  /** The working-day calendar: bundled years and the years saved on the hub. */
  calendar: CalendarService;
  /** The deployment key (XZ_HASH_KEY), shared with every station. */
  hashKey: Uint8Array;
  /** Each station's staff and their counter sign-in verifiers, published to the station. */
  staff: StationStaffPublisher;
  /** Green-channel hash lists published to the stations. */
  greenLists: GreenListService;
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
  /** The embedded store the `/couch` gateway serves (absent with Apache CouchDB). */
  embedded?: EmbeddedCouch;
  /** Base URL operators reach the hub at: its origin, like the listening one, may make changes. */
  publicUrl?: string;
}

/** The whole hub app as one plugin. */
export const hubApp = fp<HubAppOptions>(
  async (app, options) => {
    await app.register(rateLimit, { global: false });
    app.setErrorHandler(hubErrorHandler);
    const embedded = options.embedded;
    if (embedded) {
      // CouchDB's own method: it must reach the gateway to be refused there, in its shape.
      if (!app.supportedMethods.includes('COPY')) app.addHttpMethod('COPY');
      await app.register(async (scope) => couchGateway(scope, { store: embedded }));
    }

    app.decorate('hub', null as unknown as HubServices);
    app.decorate('requireOperator', async () => {});
    app.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/api/') && app.hub === null) app.hub = await options.servicesReady;
    });
    // Operator sign-in, users, audit, policies, public pages, console; sets `requireOperator`.
    await app.register(operatorPlugin, {
      servicesReady: options.servicesReady,
      publicUrl: options.publicUrl,
    });

    const api = app.withTypeProvider<TypeBoxTypeProvider>();
    await api.register(healthRoutes);
    await api.register(enrolRoutes);
    await api.register(stationsRoutes);
    await api.register(reportsRoutes);
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
  /** The hub's clock (tests move it). */
  now?: () => number;
  /**
   * The deployment key shared with every station (XZ_HASH_KEY); absent: `<dataDir>/hash.key`,
   * created once (stations must then be given the same key).
   */
  hashKey?: Uint8Array;
}

/** The key file of a hub started without XZ_HASH_KEY, created once with owner-only permissions. */
function hubHashKey(dataDir: string): Uint8Array {
  const file = join(dataDir, 'hash.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  return new Uint8Array(Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'));
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
  const couch: CouchClient = embedded ?? createCouchDbClient({ url: options.couchUrl as string });

  // Kiosks hold long-poll replication requests open: closing must not wait for them to end.
  const app = Fastify({
    // Fastify's own request fields, with the key of a request's status link left out of the URL.
    logger: options.logger
      ? {
          serializers: {
            req: (req: FastifyRequest) => ({
              method: req.method,
              url: withoutRequestKey(req.url),
              host: req.host,
              remoteAddress: req.ip,
              remotePort: req.socket?.remotePort,
            }),
          },
        }
      : false,
    bodyLimit: 256 * 1024,
    forceCloseConnections: true,
  });
  let follower: StationFollower | undefined;
  try {
    await couch.ensureDatabases();
    const admin = await ensureFirstAdmin(couch, options.adminPassword);
    const kioskUsers = createKioskUsers(couch);
    const audit = createAuditLog(couch);
    const hashKey = options.hashKey ?? hubHashKey(options.dataDir);
    const staff = createStationStaffPublisher({
      couch,
      hashKey,
      ...(options.now ? { now: options.now } : {}),
    });
    await staff.publishAll();
    const greenLists = createGreenListService({
      couch,
      audit,
      hashKey,
      ...(options.now ? { now: options.now } : {}),
    });
    const calendar = createCalendarService({ couch, audit, ...(options.now ? { now: options.now } : {}) });
    await calendar.reload();
    const cases = createCaseService({
      couch,
      audit,
      calendar: () => calendar.current(),
      ...(options.now ? { now: options.now } : {}),
    });
    const reports = createReportService({
      couch,
      calendar: () => calendar.current(),
      savedDaysFile: join(options.dataDir, 'report-days.bin'),
      ...(options.now ? { now: options.now } : {}),
    });
    follower = createStationFollower(couch, options.follower);
    // Report figures hold the follower's checkpoint the same way: a document is passed only once
    // its day's facts and figures are stored.
    follower.subscribe((event) =>
      event.type === 'station-doc' ? reports.ingestStationDoc(event.stationId, event.doc) : undefined,
    );
    // Cases open from what stations replicate: subscribed before the first scan, so nothing is
    // missed; the follower moves its checkpoint past a document only once its case is written.
    follower.subscribe((event) =>
      event.type === 'station-doc' ? cases.ingest(event.stationId, event.doc) : undefined,
    );
    await follower.start();
    await reports.start();
    const services: HubServices = {
      version: HUB_VERSION,
      couch,
      kioskUsers,
      follower,
      cases,
      reports,
      calendar,
      hashKey,
      staff,
      greenLists,
    };
    await app.register(hubApp, {
      servicesReady: Promise.resolve(services),
      embedded,
      publicUrl: options.publicUrl,
    });
    app.hub = services;
    await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    embedded?.setPublicUrl(`${(options.publicUrl ?? url).replace(/\/$/, '')}${COUCH_PREFIX}`);

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
        await reports.stop();
        await app.close();
        await couch.close();
      },
    };
  } catch (error) {
    await follower?.stop().catch(() => {});
    await app.close().catch(() => {});
    await couch.close().catch(() => {});
    throw error;
  }
}
