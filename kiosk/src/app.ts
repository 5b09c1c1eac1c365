/**
 * The station agent as one Fastify app: loads the station, opens the local store, starts the
 * queue, the printer and the realtime push, then registers the routes.
 * `server.ts` only listens and closes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createBundledGreenChannel, type GreenChannel, type GreenLists } from '@xz/shared/green/recognise';
import { createStationTime, type StationTime } from '@xz/shared/time';
import Fastify, { type FastifyInstance } from 'fastify';
import type PouchDB from 'pouchdb';
import { wireBroadcasts } from './broadcasts.ts';
import { bundledStationCalendar, readStationCalendar } from './calendar-feed.ts';
import { type CounterSessions, createCounterSessions } from './counter-sessions.ts';
import { type CounterStaff, createCounterStaff } from './counter-staff.ts';
import type { AgentEnv } from './env.ts';
import { readGreenLists } from './green-list-feed.ts';
import { loadGreenLists, loadHashKey } from './green-lists.ts';
import { startHeartbeat } from './heartbeat.ts';
import { installErrorHandler } from './http/errors.ts';
import { hostAllowed, installHostGuard, originAllowed } from './http/host-guard.ts';
import { agentLoggerOptions, type LogLevel, type LogSink } from './log.ts';
import { createPhoneRatings } from './phone-ratings.ts';
import { createPolicySource, type PolicySource } from './policies.ts';
import { refreshPolicies, type ShownPolicies } from './policy-feed.ts';
import { type StationPrinting, startStationPrinting } from './printing.ts';
import type { QueueService } from './queue-service.ts';
import { startQueueService } from './queue-service.ts';
import { attachRealtime, type StationIo } from './realtime.ts';
import { prepareRestore } from './restore.ts';
import { contentRoutes } from './routes/content.ts';
import { counterRoutes } from './routes/counters.ts';
import { healthRoutes } from './routes/health.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { serveUi } from './routes/ui.ts';
import { acceptPushedConfig, loadStation, queueConfigOf, type StationConfig } from './station.ts';
import { openEventStore } from './store/event-store.ts';
import { type StationSync, startSync } from './sync.ts';
import type { DtoContext } from './ticket-dto.ts';

export const AGENT_VERSION = '0.1.0';

export interface AgentOptions {
  env: AgentEnv;
  /** Clock (epoch ms); injectable for tests. */
  now?: () => number;
  /** Per-deployment identifier hash key; defaults to XZ_HASH_KEY or the data dir key file. */
  hashKey?: Uint8Array;
  /** The log (default: on, at env.logLevel, to stdout); false for none. */
  logger?: false | { level?: LogLevel; sink?: LogSink };
}

/** Everything the routes work with. */
export interface AgentContext {
  station: StationConfig;
  queue: QueueService;
  green: GreenChannel;
  lists: GreenLists;
  hashKey: Uint8Array;
  printing: StationPrinting;
  sessions: CounterSessions;
  /** Who may sign in at the counters (verified here, also offline). */
  staff: CounterStaff;
  sync: StationSync;
  time: StationTime;
  now: () => number;
  io: () => StationIo;
  dto: DtoContext;
  env: AgentEnv;
  /** The station's local database (tickets, events, ratings, requests). */
  db: PouchDB.Database;
  policies: PolicySource;
  /** Base URL of the public pages behind QR codes. */
  publicBase: () => string;
}

export interface Agent {
  app: FastifyInstance;
  ctx: AgentContext;
  /** Listens on env.port (0 = any) and returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function buildAgent(options: AgentOptions): Promise<Agent> {
  const { env } = options;
  const now = options.now ?? Date.now;
  mkdirSync(env.dataDir, { recursive: true });
  const station = loadStation(env.stationConfigPath, env.dataDir);
  const hashKey = options.hashKey ?? loadHashKey(env.dataDir, process.env.XZ_HASH_KEY);
  const lists = loadGreenLists(join(env.dataDir, 'green-lists.json'));
  const green = createBundledGreenChannel();
  const time = createStationTime(station.timeZone);

  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : agentLoggerOptions({
            level: options.logger?.level ?? env.logLevel,
            stationId: station.stationId,
            ...(options.logger?.sink ? { sink: options.logger.sink } : {}),
          }),
    // Errors are logged with their request id; a line per request would bury them.
    disableRequestLogging: true,
    bodyLimit: 16 * 1024,
    trustProxy: false,
    // Unknown fields are refused, not silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const store = await openEventStore(env.dataDir, station.stationId, station.timeZone);
  // A new local store is refilled from the hub before the queue numbers anything.
  const restore = await prepareRestore({ env, station, store, now, log: app.log });
  // Holiday data saved on the hub arrives with the published policies.
  let calendar = bundledStationCalendar();
  const queueConfig = (s: StationConfig) => ({
    ...queueConfigOf(s, env.noShowUndoMinutes),
    calendar: calendar.calendar,
    ...(restore.day() ? { restoredWithoutHistory: restore.day() } : {}),
  });
  const queue = await startQueueService(queueConfig(station), store, now, (message, detail) =>
    app.log.warn(detail ?? {}, message),
  );

  let boundPort = env.port;
  const guard = { names: ['127.0.0.1', 'localhost', '[::1]', ...env.allowedHosts], port: () => boundPort };

  let io: StationIo | undefined;
  const ioOf = (): StationIo => {
    if (!io) throw new Error('realtime not attached yet');
    return io;
  };
  const publicBase = () =>
    env.publicBaseUrl ?? env.hubUrl ?? station.hubUrl ?? `http://127.0.0.1:${boundPort}`;
  const groupName = (id: string) => {
    const g = green.group(id);
    return g ? { zh: g.zh, en: g.en } : { zh: id, en: id };
  };

  const printing = await startStationPrinting({ env, station, now, time });
  const dto: DtoContext = {
    time,
    groupName,
    statusUrl: (ticketId) => `${publicBase()}/t/${encodeURIComponent(ticketId)}`,
    printState: (ticketId) => printing.ticketPrintState(ticketId),
  };
  const sync = startSync({ env, station, db: store.db, now });

  const ctx: AgentContext = {
    station,
    queue,
    green,
    lists,
    hashKey,
    printing,
    sessions: createCounterSessions(),
    staff: createCounterStaff({
      db: store.db,
      stationId: station.stationId,
      hashKey,
      dataDir: env.dataDir,
      now,
      warn: (message) => app.log.warn(message),
    }),
    sync,
    time,
    now,
    io: ioOf,
    dto,
    env,
    db: store.db,
    policies: createPolicySource(time, publicBase, { demo: env.demoPolicies }),
    publicBase,
  };

  app.addHook('preHandler', async (request) => {
    if (request.body !== undefined) request.log.trace({ body: request.body }, 'request body');
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      {
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  installHostGuard(app, guard);
  installErrorHandler(app);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Xiaozhan station agent',
        description: 'Queue tickets, counters, printer and local content of one station.',
        version: AGENT_VERSION,
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(healthRoutes(ctx));
  await app.register(ticketRoutes(ctx));
  await app.register(counterRoutes(ctx));
  await app.register(contentRoutes(ctx));
  await app.register(serveUi());

  io = attachRealtime(
    app.server,
    (host, origin) => hostAllowed(host, guard) && (origin === undefined || originAllowed(origin, guard)),
  );
  wireBroadcasts(ctx);
  printing.onTicketPrinted((ticketId, jobId, reprint) => {
    queue
      .execute({ type: 'RecordPrinted', data: { ticketId, jobId, reprint, at: now() } })
      .catch((error) => app.log.error(error, 'recording a printed ticket failed'));
  });
  await printing.resumeAfterRestart(queue.state(), dto);

  let shown: ShownPolicies = { policies: [], versions: {}, digest: '' };
  // Green-channel lists: the local file's, joined with those the hub publishes once they arrive.
  let greenApplied: { versions: Record<string, number>; refused: string[] } = { versions: {}, refused: [] };
  const heartbeat = startHeartbeat({
    stationId: station.stationId,
    agentVersion: AGENT_VERSION,
    db: store.db,
    now,
    queue: () => queue.state(),
    printer: () => printing.info(),
    lastSyncAt: () => sync.status().lastSyncAt,
    policies: () => ({ ...(shown.digest ? { digest: shown.digest } : {}), versions: shown.versions }),
    greenLists: () => greenApplied,
  });
  const showPolicies = async () => {
    const next = await readStationCalendar(sync.policiesDb);
    if (next.digest !== calendar.digest) {
      calendar = next;
      await queue.reconfigure(queueConfig(ctx.station));
      app.log.info({ years: next.digest }, 'working-day calendar from the hub applied');
    }
    const green = await readGreenLists(sync.policiesDb, hashKey, lists);
    if (
      JSON.stringify([green.versions, green.refused]) !==
      JSON.stringify([greenApplied.versions, greenApplied.refused])
    ) {
      ctx.lists = green.lists;
      greenApplied = { versions: green.versions, refused: green.refused };
      if (green.refused.length > 0)
        app.log.warn(
          { groups: green.refused },
          'green-channel lists made with another deployment key refused',
        );
      app.log.info({ versions: green.versions }, 'green-channel lists from the hub applied');
      heartbeat.poke();
    }
    if (env.demoPolicies && !env.hubUrl) return;
    shown = await refreshPolicies(sync.policiesDb, station, ctx.policies);
    heartbeat.poke();
  };
  await showPolicies();
  sync.onPolicies(
    () => void showPolicies().catch((error) => app.log.error(error, 'reading policies failed')),
  );
  queue.onEvents(() => heartbeat.poke());
  sync.onConfig((doc) => {
    try {
      const next = acceptPushedConfig(doc, env.dataDir, ctx.station);
      if (next.updatedAt <= ctx.station.updatedAt) return;
      void queue.reconfigure(queueConfig(next)).then(
        () => {
          ctx.station = next;
          app.log.info({ updatedAt: next.updatedAt }, 'station configuration from the hub applied');
        },
        (error) => app.log.error(error, 'station configuration from the hub refused'),
      );
    } catch (error) {
      app.log.error(error, 'station configuration from the hub refused');
    }
  });
  // Ratings given on the ticket's phone page become the station's own ratings.
  const phoneRatings = createPhoneRatings({
    db: store.db,
    stationId: station.stationId,
    warn: (message, detail) => app.log.warn(detail ?? {}, message),
  });
  const applyPhoneRatings = (ids?: readonly string[]) =>
    void phoneRatings
      .apply(ids)
      .then((outcomes) => {
        const recorded = Object.entries(outcomes).filter(([, o]) => o === 'recorded');
        if (recorded.length > 0) app.log.info({ count: recorded.length }, 'phone ratings recorded');
      })
      .catch((error) => app.log.error(error, 'applying phone ratings failed'));
  applyPhoneRatings();
  sync.onPulled((ids) => {
    const phone = ids.filter((id) => id.startsWith('phone-rating:'));
    if (phone.length > 0) applyPhoneRatings(phone);
  });
  // Events replication brought back (a restored station): the queue is read again from the store.
  let rebuildTimer: NodeJS.Timeout | undefined;
  sync.onPulled((ids) => {
    if (!ids.some((id) => id.startsWith('event:')) || rebuildTimer) return;
    rebuildTimer = setTimeout(() => {
      rebuildTimer = undefined;
      queue.rebuild().then(
        () => app.log.info('queue read again after events arrived from the hub'),
        (error) => app.log.error(error, 'reading the queue again failed'),
      );
    }, 200);
  });
  sync.onCaughtUp(() => {
    if (!restore.day()) return;
    void restore
      .finish()
      .then(() => queue.reconfigure(queueConfig(ctx.station)))
      .then(
        () => app.log.info('history back from the hub: numbering continues from it'),
        (error) => app.log.error(error, 'finishing the restore failed'),
      );
  });
  sync.onCommand((command) => {
    if (command === 'test-print')
      void printing.printTestPage().catch((error) => app.log.error(error, 'test print'));
  });
  printing.onState((state) => heartbeat.printerChanged(state));

  let closed = false;
  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    if (rebuildTimer) clearTimeout(rebuildTimer);
    await heartbeat.stop();
    await sync.stop();
    io?.close();
    await app.close();
    await printing.close();
    await store.close();
  }

  return {
    app,
    ctx,
    async listen() {
      await app.listen({ port: env.port, host: env.host });
      const address = app.server.address();
      if (address && typeof address === 'object') boundPort = address.port;
      return `http://${env.host === '0.0.0.0' ? '127.0.0.1' : env.host}:${boundPort}`;
    },
    close,
  };
}
