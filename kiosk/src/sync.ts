/**
 * Replication with the hub: the station database both ways (live, retrying with backoff) and
 * the published policies one way. Every local function keeps working while the hub is down;
 * the state (connected, pending documents, last success, last error) is shown to staff and
 * reported to the hub in the station heartbeat.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HubDb, stationConfigId, stationDbName } from '@xz/shared/ids';
import PouchDB from 'pouchdb';
import { io as connectHub } from 'socket.io-client';
import type { AgentEnv } from './env.ts';
import type { StationConfig } from './station.ts';

export type HubState = 'online' | 'offline' | 'disabled';

export interface SyncStatus {
  state: HubState;
  lastSyncAt?: number;
  lastError?: string;
  pending: number;
}

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

/** PouchDB's two-way sync handle (not in the shared declaration). */
interface Syncable {
  sync(
    remote: PouchDB.Database,
    options: Record<string, unknown>,
  ): {
    on(event: string, listener: (...args: never[]) => void): ReturnType<Syncable['sync']>;
    cancel(): void;
  };
}

const BACKOFF_MAX_MS = 30_000;
const PROBE_EVERY_MS = 5_000;
/** Documents per replication batch (PouchDB's default is 100; a day's backlog moves twice as fast). */
const SYNC_BATCH = 500;

/** Backoff for PouchDB's retry: doubles from 1 s up to 30 s. */
export function backoff(delay: number): number {
  return delay <= 0 ? 1000 : Math.min(BACKOFF_MAX_MS, delay * 2);
}

interface SyncOptions {
  env: AgentEnv;
  station: StationConfig;
  db: PouchDB.Database;
  now: () => number;
}

export function startSync({ env, station, db, now }: SyncOptions): StationSync {
  const policiesDb = new PouchDB(join(env.dataDir, 'pouch', HubDb.Policies));
  const listeners = new Set<(s: HubState) => void>();
  const policyListeners = new Set<() => void>();
  const configListeners = new Set<(doc: Record<string, unknown>) => void>();
  const commandListeners = new Set<(command: 'test-print') => void>();
  const pulledListeners = new Set<(ids: readonly string[]) => void>();
  const caughtUpListeners = new Set<() => void>();
  const hubUrl = env.hubUrl ?? station.hubUrl;
  const credentials = hubUrl ? readHubCredentials(env.dataDir) : undefined;
  const status: SyncStatus = { state: 'disabled', pending: 0 };
  const handles: { cancel(): void }[] = [];
  let pushedSeq: number | string = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  let probe: () => Promise<void> = async () => undefined;
  let reconnected: () => void = () => undefined;

  function setState(state: HubState, error?: unknown) {
    if (error !== undefined) status.lastError = describe(error);
    if (status.state === state) return;
    const wasOffline = status.state === 'offline';
    status.state = state;
    for (const l of listeners) l(state);
    if (wasOffline && state === 'online') reconnected();
  }

  // Pending = local changes since the last one pushed, from the database's update sequence: one
  // cheap read, at most one at a time (a scan per replication event starves the agent under a
  // day's backlog).
  let counting: Promise<void> | undefined;
  function countPending(): Promise<void> {
    counting ??= db
      .info()
      .then((info) => {
        const local = Number(info.update_seq);
        const pushed = Number(pushedSeq);
        if (Number.isFinite(local) && Number.isFinite(pushed)) status.pending = Math.max(0, local - pushed);
      })
      .catch(() => undefined)
      .finally(() => {
        counting = undefined;
      });
    return counting;
  }

  if (hubUrl && credentials) {
    const auth = { username: credentials.username, password: credentials.password };
    const couchUrl = credentials.couchUrl ?? `${hubUrl}/couch`;
    const remote = new PouchDB(`${couchUrl}/${stationDbName(station.stationId)}`, { auth, skip_setup: true });
    const remotePolicies = new PouchDB(`${couchUrl}/${HubDb.Policies}`, { auth, skip_setup: true });
    status.state = 'offline';
    // Replication events say when documents moved; whether the hub answers is asked directly,
    // because a live replication reports a lost connection late or not at all.
    const probeUrl = `${couchUrl}/${stationDbName(station.stationId)}`;
    const authHeader = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    probe = async () => {
      try {
        const res = await fetch(probeUrl, {
          headers: { authorization: authHeader },
          signal: AbortSignal.timeout(3000),
        });
        await res.body?.cancel();
        if (res.ok) setState('online');
        else {
          const refused = res.status === 401 || res.status === 403 ? ' (credentials refused)' : '';
          setState('offline', `the hub answered ${res.status}${refused}`);
        }
      } catch (error) {
        setState('offline', error);
      }
    };
    // The station database both ways. After a long outage PouchDB's retry may be waiting out its
    // backoff: when the probe sees the hub again, replication restarts at once.
    let sync: ReturnType<Syncable['sync']> | undefined;
    let failedSinceStart = false;
    const startStationSync = () => {
      failedSinceStart = false;
      sync?.cancel();
      const s = (db as unknown as Syncable).sync(remote, {
        live: true,
        retry: true,
        back_off_function: backoff,
        heartbeat: 10_000,
        batch_size: SYNC_BATCH,
      });
      s.on(
        'change',
        (info: { direction?: string; change?: { last_seq?: number | string; docs?: { _id: string }[] } }) => {
          if (info.direction === 'push' && info.change?.last_seq !== undefined)
            pushedSeq = info.change.last_seq;
          if (info.direction === 'pull' && info.change?.docs?.length) {
            const ids = info.change.docs.map((d) => d._id);
            for (const l of pulledListeners) l(ids);
          }
          status.lastSyncAt = now();
          void countPending();
        },
      )
        .on('paused', (error: unknown) => {
          if (error) {
            failedSinceStart = true;
            status.lastError = describe(error);
          } else {
            // Caught up both ways: everything local has been pushed.
            void db.info().then(
              (info) => {
                pushedSeq = info.update_seq;
                status.pending = 0;
              },
              () => undefined,
            );
            if (status.state === 'online') status.lastSyncAt = now();
            void probe().then(() => {
              if (status.state === 'online') for (const l of caughtUpListeners) l();
            });
            return;
          }
          void probe();
        })
        .on('denied', (error: unknown) => {
          status.lastError = describe(error);
        })
        .on('error', (error: unknown) => {
          failedSinceStart = true;
          status.lastError = describe(error);
          void probe();
        });
      quiet(s);
      sync = s;
    };
    startStationSync();
    reconnected = () => {
      if (failedSinceStart) startStationSync();
    };
    handles.push({ cancel: () => sync?.cancel() });

    const pull = policiesDb.replicate.from(remotePolicies, {
      live: true,
      retry: true,
      back_off_function: backoff,
      heartbeat: 10_000,
    });
    pull.on('change', () => {
      for (const l of policyListeners) l();
    });
    pull.on('paused', (error: unknown) => {
      if (error) void probe();
    });
    quiet(pull);
    handles.push(pull);

    // The hub announces a publish or withdrawal at once; a one-off pull fetches it without
    // waiting for the live feed's next round. Replication stays the durable path.
    // The hub takes only authenticated sockets: the station's kiosk credentials.
    const hubSocket = connectHub(hubUrl, {
      transports: ['websocket'],
      reconnectionDelayMax: BACKOFF_MAX_MS,
      auth,
    });
    // socket.io does not retry a refused handshake or a disconnect by the hub (credentials
    // revoked, or the hub could not check them): try again at the slowest back-off.
    let socketRetry: NodeJS.Timeout | undefined;
    const retrySocket = () => {
      if (socketRetry) return;
      socketRetry = setTimeout(() => {
        socketRetry = undefined;
        hubSocket.connect();
      }, BACKOFF_MAX_MS);
      socketRetry.unref();
    };
    hubSocket.on('connect_error', () => {
      if (!hubSocket.active) retrySocket();
    });
    hubSocket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') retrySocket();
    });
    const pullPolicies = () => {
      const once = policiesDb.replicate.from(remotePolicies, { batch_size: 100 });
      quiet(once);
      once.on('complete', () => {
        for (const l of policyListeners) l();
      });
    };
    const pullNow = (payload: unknown) => {
      const p = payload as { policyId?: unknown } | undefined;
      if (typeof p?.policyId !== 'string' || p.policyId.length > 64) return;
      pullPolicies();
    };
    hubSocket.on('policy-published', pullNow);
    hubSocket.on('policy-withdrawn', pullNow);
    // The policy dictionary changed: its labels and synonyms arrive with the policies.
    hubSocket.on('policy-tags-changed', (payload: unknown) => {
      if (typeof (payload as { updatedAt?: unknown } | undefined)?.updatedAt === 'number') pullPolicies();
    });
    hubSocket.on('station-command', (payload: unknown) => {
      const p = payload as { stationId?: unknown; command?: unknown } | undefined;
      if (p?.stationId !== station.stationId || p.command !== 'test-print') return;
      for (const l of commandListeners) l(p.command);
    });
    handles.push({
      cancel: () => {
        if (socketRetry) clearTimeout(socketRetry);
        hubSocket.close();
      },
    });
    timer = setInterval(() => {
      void probe();
      void countPending();
    }, PROBE_EVERY_MS);
    timer.unref();
    void probe();
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
    status: () => ({ ...status }),
    async statusNow() {
      if (status.state !== 'disabled') await countPending();
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
      if (timer) clearInterval(timer);
      for (const h of handles) h.cancel();
      await policiesDb.close();
    },
  };
}

/** Replication handles are also promises; their failures are reported through events instead. */
function quiet(handle: unknown): void {
  (handle as { catch?: (f: () => void) => unknown }).catch?.(() => undefined);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object') {
    const e = error as { reason?: string; message?: string; status?: number };
    return e.reason ?? e.message ?? `status ${e.status ?? 'unknown'}`;
  }
  return String(error);
}
