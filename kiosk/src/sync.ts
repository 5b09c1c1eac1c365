/**
 * Replication with the hub: the station database both ways (live, retrying with backoff) and
 * the published policies one way, run by the replication unit (`replication.ts`); the hub's
 * announcements and commands over socket.io; configuration documents as they arrive. Every local
 * function keeps working while the hub is down; the state (connected, pending documents, last
 * success, last error) is shown to staff and reported to the hub in the station heartbeat.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HubDb, stationConfigId, stationDbName } from '@xz/shared/ids';
import type { FastifyBaseLogger } from 'fastify';
import PouchDB from 'pouchdb';
import type { AgentEnv } from './env.ts';
import { connectHubSocket } from './hub-socket.ts';
import {
  BACKOFF_MAX_MS,
  describe,
  type HubState,
  quiet,
  type Replication,
  SYNC_BATCH,
  type SyncStatus,
  startReplication,
} from './replication.ts';
import type { StationConfig } from './station.ts';

export type { HubState, SyncStatus } from './replication.ts';

export interface StationSync {
  status(): SyncStatus;
  /** The status with the count of local changes not yet pushed, counted now. */
  statusNow(): Promise<SyncStatus>;
  onState(listener: (state: HubState) => void): () => void;
  /** The local copy of the published policies (empty until the first pull). */
  readonly policiesDb: PouchDB.Database;
  onPolicies(listener: () => void): () => void;
  /** A station configuration document arrived from the hub (replicated into the station db). */
  onConfig(listener: (doc: Record<string, unknown>) => void): () => void;
  /** A command the hub sent to this station. */
  onCommand(listener: (command: 'test-print') => void): () => void;
  /** Documents replication brought from the hub into the station database (their ids). */
  onPulled(listener: (ids: readonly string[]) => void): () => void;
  /** Replication caught up both ways with the hub answering. */
  onCaughtUp(listener: () => void): () => void;
  stop(): Promise<void>;
}

export interface HubCredentials {
  /** The hub's CouchDB address for this station (given at enrolment). */
  couchUrl?: string;
  /** The hub the kiosk enrolled with (`--enrol`); used when neither XZ_HUB_URL nor the station file names one. */
  hubUrl?: string;
  username: string;
  password: string;
}

/** Credentials the hub gave at enrolment: `<dataDir>/hub-credentials.json` or XZ_HUB_USER/XZ_HUB_PASSWORD. */
export function readHubCredentials(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): HubCredentials | undefined {
  if (env.XZ_HUB_USER && env.XZ_HUB_PASSWORD)
    return { username: env.XZ_HUB_USER, password: env.XZ_HUB_PASSWORD };
  const file = join(dataDir, 'hub-credentials.json');
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<HubCredentials>;
  if (typeof parsed.username !== 'string' || typeof parsed.password !== 'string') {
    throw new Error(`${file}: username and password must be strings`);
  }
  return {
    username: parsed.username,
    password: parsed.password,
    ...(typeof parsed.couchUrl === 'string' ? { couchUrl: parsed.couchUrl.replace(/\/+$/, '') } : {}),
    ...(typeof parsed.hubUrl === 'string' ? { hubUrl: parsed.hubUrl.replace(/\/+$/, '') } : {}),
  };
}

export type RestorePull = 'complete' | 'unreachable' | 'timeout' | 'not-enrolled';

/**
 * One pull of the station database from the hub, for a station whose local store is new (a new
 * kiosk PC, or one that lost its disk): its tickets and events of the day come back before it
 * numbers anything. Gives up at once when the hub does not answer, and after `waitMs` otherwise.
 */
export async function pullStationOnce(options: {
  env: AgentEnv;
  station: StationConfig;
  db: PouchDB.Database;
  waitMs: number;
}): Promise<RestorePull> {
  const { env, station, db, waitMs } = options;
  const hubUrl = env.hubUrl ?? station.hubUrl;
  const credentials = hubUrl ? readHubCredentials(env.dataDir) : undefined;
  if (!hubUrl || !credentials) return 'not-enrolled';
  const auth = { username: credentials.username, password: credentials.password };
  const url = `${credentials.couchUrl ?? `${hubUrl}/couch`}/${stationDbName(station.stationId)}`;
  try {
    const res = await fetch(url, {
      headers: {
        authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
      },
      signal: AbortSignal.timeout(Math.min(waitMs, 5000)),
    });
    await res.body?.cancel();
    if (!res.ok) return 'unreachable';
  } catch {
    return 'unreachable';
  }
  const remote = new PouchDB(url, { auth, skip_setup: true });
  const pull = db.replicate.from(remote, { batch_size: SYNC_BATCH });
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race<RestorePull>([
    pull.then(
      () => 'complete' as const,
      () => 'unreachable' as const,
    ),
    new Promise<RestorePull>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), waitMs);
    }),
  ]);
  clearTimeout(timer);
  if (outcome !== 'complete') {
    pull.cancel();
    quiet(pull);
  }
  await remote.close().catch(() => undefined);
  return outcome;
}

interface SyncOptions {
  env: AgentEnv;
  station: StationConfig;
  db: PouchDB.Database;
  now: () => number;
  /** The agent's log (pino). */
  log: Pick<FastifyBaseLogger, 'warn'>;
}

export function startSync({ env, station, db, now, log }: SyncOptions): StationSync {
  const policiesDb = new PouchDB(join(env.dataDir, 'pouch', HubDb.Policies));
  const listeners = new Set<(s: HubState) => void>();
  const policyListeners = new Set<() => void>();
  const configListeners = new Set<(doc: Record<string, unknown>) => void>();
  const commandListeners = new Set<(command: 'test-print') => void>();
  const pulledListeners = new Set<(ids: readonly string[]) => void>();
  const caughtUpListeners = new Set<() => void>();
  const hubUrl = env.hubUrl ?? station.hubUrl;
  const credentials = hubUrl ? readHubCredentials(env.dataDir) : undefined;
  /** The status while nothing replicates (no hub named, or not enrolled). */
  const status: SyncStatus = { state: 'disabled', pending: 0 };
  const handles: { cancel(): void }[] = [];
  let replication: Replication | undefined;
  let stopped = false;

  if (hubUrl && credentials) {
    const auth = { username: credentials.username, password: credentials.password };
    const couchUrl = credentials.couchUrl ?? `${hubUrl}/couch`;
    const running = startReplication({
      couchUrl,
      stationId: station.stationId,
      auth,
      db,
      policiesDb,
      now,
      on: {
        state: (state) => {
          for (const l of listeners) l(state);
        },
        policies: () => {
          for (const l of policyListeners) l();
        },
        pulled: (ids) => {
          for (const l of pulledListeners) l(ids);
        },
        caughtUp: () => {
          for (const l of caughtUpListeners) l();
        },
      },
    });
    replication = running;
    handles.push({ cancel: () => running.stop() });

    // The hub announces a publish or withdrawal at once; the live pull normally brings it, and a
    // one-off pull follows only when it has not (replication.ts). Payloads are checked against the
    // contract's hub events; a malformed one is dropped and logged (hub-socket.ts).
    const hubSocket = connectHubSocket({
      hubUrl,
      auth,
      stationId: station.stationId,
      retryMs: BACKOFF_MAX_MS,
      onPolicies: () => running.policiesAnnounced(),
      onCommand: (command) => {
        for (const l of commandListeners) l(command);
      },
      onDropped: (event, problems) =>
        log.warn(
          { event, problems: problems.slice(0, 10) },
          'an event from the hub broke the contract; dropped',
        ),
    });
    handles.push({ cancel: () => hubSocket.close() });
    const configId = stationConfigId(station.stationId);
    const configFeed = db.changes({
      live: true,
      since: 'now',
      doc_ids: [configId],
      include_docs: true,
    }) as unknown as {
      on(
        event: 'change',
        listener: (change: { doc?: Record<string, unknown>; deleted?: boolean }) => void,
      ): void;
      on(event: 'error', listener: (error: unknown) => void): void;
      cancel(): void;
    };
    configFeed.on('change', (change) => {
      if (change.doc && !change.deleted) for (const l of configListeners) l(change.doc);
    });
    configFeed.on('error', (error) => {
      status.lastError = describe(error);
    });
    handles.push(configFeed);
  } else if (hubUrl) {
    status.lastError = 'Not enrolled with the hub yet (no credentials).';
    status.state = 'offline';
  }

  return {
    status: () => replication?.status() ?? { ...status },
    async statusNow() {
      if (replication) return replication.statusNow();
      // Not enrolled: everything written locally is still to be pushed.
      if (status.state !== 'disabled') {
        const seq = await db.info().then(
          (info) => Number(info.update_seq),
          () => Number.NaN,
        );
        if (Number.isFinite(seq)) status.pending = seq;
      }
      return { ...status };
    },
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    policiesDb,
    onConfig(listener) {
      configListeners.add(listener);
      return () => configListeners.delete(listener);
    },
    onCommand(listener) {
      commandListeners.add(listener);
      return () => commandListeners.delete(listener);
    },
    onPolicies(listener) {
      policyListeners.add(listener);
      return () => policyListeners.delete(listener);
    },
    onPulled(listener) {
      pulledListeners.add(listener);
      return () => pulledListeners.delete(listener);
    },
    onCaughtUp(listener) {
      caughtUpListeners.add(listener);
      return () => caughtUpListeners.delete(listener);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const h of handles) h.cancel();
      await policiesDb.close();
    },
  };
}
