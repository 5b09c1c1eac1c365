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
import { createBundledGreenChannel } from '@xz/shared/green/recognise';
import { createStationTime } from '@xz/shared/time';
import Fastify, { type FastifyInstance } from 'fastify';
import type PouchDB from 'pouchdb';
import { wireBroadcasts } from './broadcasts.ts';
import { bundledStationCalendar, readStationCalendar } from './calendar-feed.ts';
import { createCounterSessions } from './counter-sessions.ts';
import { type CounterStaff, createCounterStaff } from './counter-staff.ts';
import type { AgentEnv } from './env.ts';
import { readGreenLists } from './green-list-feed.ts';
import { loadGreenLists, loadHashKey } from './green-lists.ts';
import { startHeartbeat } from './heartbeat.ts';
import { installErrorHandler } from './http/errors.ts';
import { hostAllowed, installHostGuard, originAllowed } from './http/host-guard.ts';
import { serialiseLiteralUnionsAsEnums } from './http/serializer.ts';
import { agentLoggerOptions, type LogLevel, type LogSink } from './log.ts';
import { createPhoneRatings } from './phone-ratings.ts';
import { createPolicySource } from './policies.ts';
import { refreshPolicies, type ShownPolicies } from './policy-feed.ts';
import { startStationPrinting } from './printing.ts';
import { startQueueService } from './queue-service.ts';
import { attachRealtime } from './realtime.ts';
import { prepareRestore } from './restore.ts';
import { contentRoutes } from './routes/content.ts';
import { counterRoutes } from './routes/counters.ts';
import { healthRoutes } from './routes/health.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { serveUi } from './routes/ui.ts';
import { createCounterService } from './services/counters.ts';
import { createFeedbackService } from './services/feedback.ts';
import { createGreenRecogniser } from './services/green.ts';
import { createPolicyService } from './services/policies.ts';
import { createRequestService } from './services/requests.ts';
import { createStationInfo } from './services/station-info.ts';
import { createTicketViews } from './services/ticket-views.ts';
import { createTicketService } from './services/tickets.ts';
import { acceptPushedConfig, loadStation, queueConfigOf, type StationConfig } from './station.ts';
import { openEventStore } from './store/event-store.ts';
import { startSync } from './sync.ts';
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

export interface Agent {
  app: FastifyInstance;
  /** The station this agent serves. */
  stationId: string;
  /** The station's local database (tickets, events, ratings, requests). */
  db: PouchDB.Database;
  /** Who may sign in at the counters (verified here, also offline). */
  staff: CounterStaff;
  /** Listens on env.port (0 = any) and returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function buildAgent(options: AgentOptions): Promise<Agent> {
  const { env } = options;
  const now = options.now ?? Date.now;
  mkdirSync(env.dataDir, { recursive: true });
  const station = loadStation(env.stationConfigPath, env.dataDir);
  const { stationId } = station;
  /** The configuration now: the hub may push a newer one. */
  let stationNow = station;
  const hashKey = options.hashKey ?? loadHashKey(env.dataDir, process.env.XZ_HASH_KEY);
  let lists = loadGreenLists(join(env.dataDir, 'green-lists.json'));
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
  serialiseLiteralUnionsAsEnums(app);

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

  const publicBase = () =>
    env.publicBaseUrl ?? env.hubUrl ?? station.hubUrl ?? `http://127.0.0.1:${boundPort}`;
  const recogniser = createGreenRecogniser({
    green,
    lists: () => lists,
    key: hashKey,
    day: () => time.day(now()),
  });

  const printing = await startStationPrinting({ env, station, now, time });
  const dto: DtoContext = {
    time,
    groupName: recogniser.groupName,
    statusUrl: (ticketId) => `${publicBase()}/t/${encodeURIComponent(ticketId)}`,
    printState: (ticketId) => printing.ticketPrintState(ticketId),
  };
  const sync = startSync({ env, station, db: store.db, now, log: app.log });

  const staff = createCounterStaff({
    db: store.db,
    stationId,
    hashKey,
    dataDir: env.dataDir,
    now,
    warn: (message) => app.log.warn(message),
  });
  const policySource = createPolicySource(time, publicBase, { demo: env.demoPolicies });
  const day = (at: number) => time.day(at);
  const views = createTicketViews({ queue, dto, now });
  const info = createStationInfo({
    station: () => stationNow,
    version: AGENT_VERSION,
    green,
    queue,
    sync,
    printing,
    now,
  });
  const tickets = createTicketService({ queue, printing, green: recogniser, views, now });
  const counters = createCounterService({
    counters: () => stationNow.counters,
    queue,
    sessions: createCounterSessions(),
    staff,
    printing,
    views,
    now,
  });
  const policies = createPolicyService({ stationId, policies: policySource, printing, publicBase, now });
  const feedback = createFeedbackService({ stationId, queue, db: store.db, day, now });
  const requests = createRequestService({
    stationId,
    hashKey,
    db: store.db,
    printing,
    day,
    now,
    publicBase,
  });

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
  await app.register(healthRoutes(info));
  await app.register(ticketRoutes(tickets));
  await app.register(counterRoutes(counters));
  await app.register(contentRoutes({ policies, feedback, requests }));
  await app.register(serveUi());

  const io = attachRealtime(
    app.server,
    (host, origin) => hostAllowed(host, guard) && (origin === undefined || originAllowed(origin, guard)),
    (event, problems) => app.log.warn({ event, problems }, 'a browser sent an event; dropped'),
  );
  wireBroadcasts({ io, queue, printing, sync, policies: policySource });
  printing.onTicketPrinted((ticketId, jobId, reprint) => {
    queue
      .execute({ type: 'RecordPrinted', data: { ticketId, jobId, reprint, at: now() } })
      .catch((error) => app.log.error(error, 'recording a printed ticket failed'));
  });
  await printing.resumeAfterRestart(queue.state(), dto);
  printing.warmUp();

  let shown: ShownPolicies = { policies: [], versions: {}, digest: '' };
  // Green-channel lists: the local file's, joined with those the hub publishes once they arrive.
  let greenApplied: { versions: Record<string, number>; refused: string[] } = { versions: {}, refused: [] };
  const heartbeat = startHeartbeat({
    stationId,
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
      await queue.reconfigure(queueConfig(stationNow));
      app.log.info({ years: next.digest }, 'working-day calendar from the hub applied');
    }
    const green = await readGreenLists(sync.policiesDb, hashKey, lists);
    if (
      JSON.stringify([green.versions, green.refused]) !==
      JSON.stringify([greenApplied.versions, greenApplied.refused])
    ) {
      lists = green.lists;
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
    shown = await refreshPolicies(sync.policiesDb, station, policySource);
    heartbeat.poke();
  };
  await showPolicies();
  sync.onPolicies(
    () => void showPolicies().catch((error) => app.log.error(error, 'reading policies failed')),
  );
  queue.onEvents(() => heartbeat.poke());
  sync.onConfig((doc) => {
    try {
      const next = acceptPushedConfig(doc, env.dataDir, stationNow);
      if (next.updatedAt <= stationNow.updatedAt) return;
      void queue.reconfigure(queueConfig(next)).then(
        () => {
          stationNow = next;
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
    stationId,
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
      .then(() => queue.reconfigure(queueConfig(stationNow)))
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
    io.close();
    await app.close();
    await printing.close();
    await store.close();
  }

  return {
    app,
    stationId,
    db: store.db,
    staff,
    async listen() {
      await app.listen({ port: env.port, host: env.host });
      const address = app.server.address();
      if (address && typeof address === 'object') boundPort = address.port;
      return `http://${env.host === '0.0.0.0' ? '127.0.0.1' : env.host}:${boundPort}`;
    },
    close,
  };
}
