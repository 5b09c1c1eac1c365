/**
 * The replication unit: what a station runs towards the hub's CouchDB, the same code in the
 * station agent (`sync.ts`) and in the station simulator of the hub benchmarks.
 *
 * - The station database both ways: live, retrying with backoff, in batches of 500. After a long
 *   outage PouchDB's retry may be waiting out its backoff: when the hub answers again, the
 *   replication restarts at once.
 * - The published policies one way: a live pull, and a one-off pull on demand.
 * - Whether the hub answers is asked directly (the station database's information, every 5 s and
 *   whenever replication pauses), because a live replication reports a lost connection late or
 *   not at all; replication events say when documents moved.
 * - The status shown to staff and reported in the heartbeat: online or offline, local changes not
 *   yet pushed, the last success and the last error.
 * - Connections to the hub stay open between requests (up to `IDLE_CONNECTION_MS` idle): Node's
 *   default drops an idle one after 5 s, so each probe and each heartbeat's requests opened a new
 *   one, work for the hub times the number of stations.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { HubState, SyncStatus } from '@xz/shared/contract/states';
import { HubDb, stationDbName } from '@xz/shared/ids';
import PouchDB from 'pouchdb';

export type { HubState, SyncStatus };

/** Longest wait between two attempts to reach the hub. */
export const BACKOFF_MAX_MS = 30_000;
/** How often the hub's reachability is asked. */
export const PROBE_EVERY_MS = 5_000;
/** Documents per replication batch (PouchDB's default is 100; a day's backlog moves twice as fast). */
export const SYNC_BATCH = 500;
/**
 * After the hub announces a policy change, how long the live pull has to bring something before a
 * one-off pull goes to fetch it (a live pull that works delivers within moments; a one-off pull of
 * every station at once would double the hub's work just when a publish loads it).
 */
export const ANNOUNCE_GRACE_MS = 3_000;
/** How long an idle connection to the hub is kept for the next request (the hub keeps it 72 s). */
const IDLE_CONNECTION_MS = 30_000;

type Fetch = (
  url: string,
  init?: Record<string, unknown>,
) => Promise<{
  ok: boolean;
  status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;
/** PouchDB's own fetch (the one its HTTP adapter uses by default). */
const pouchFetch = (PouchDB as unknown as { fetch: Fetch }).fetch;

/** Backoff for PouchDB's retry: doubles from 1 s up to 30 s. */
export function backoff(delay: number): number {
  return delay <= 0 ? 1000 : Math.min(BACKOFF_MAX_MS, delay * 2);
}

/** What replication reports as it runs (each optional). */
export interface ReplicationEvents {
  /** The hub became reachable or unreachable. */
  state?(state: 'online' | 'offline'): void;
  /** The live pull brought published policies into the local copy. */
  policies?(): void;
  /**
   * A replication paused: with no error it caught up (nothing more to move for now), with one it
   * waits to retry.
   */
  paused?(replication: 'station' | 'policies', error?: unknown): void;
  /** Replication brought these documents from the hub into the station database. */
  pulled?(ids: readonly string[]): void;
  /** The station database caught up both ways with the hub answering. */
  caughtUp?(): void;
  /** A replication failed (it retries by itself); also kept as the status's last error. */
  error?(error: unknown): void;
}

export interface ReplicationOptions {
  /** The hub's CouchDB address for this station (`<hub>/couch`, or Apache CouchDB's). */
  couchUrl: string;
  stationId: string;
  /** The kiosk credentials from enrolment. */
  auth: { username: string; password: string };
  /** The local station database, replicated both ways. */
  db: PouchDB.Database;
  /** The local copy of the published policies, pulled. */
  policiesDb: PouchDB.Database;
  now: () => number;
  on?: ReplicationEvents;
  /** How often the hub's reachability is asked (default `PROBE_EVERY_MS`). */
  probeEveryMs?: number;
  /** Default `ANNOUNCE_GRACE_MS`. */
  announceGraceMs?: number;
}

export interface Replication {
  status(): SyncStatus;
  /** The status with the count of local changes not yet pushed, counted now. */
  statusNow(): Promise<SyncStatus>;
  /** The hub's database of published policies. */
  readonly remotePolicies: PouchDB.Database;
  /** One pull of the published policies now, besides the live pull; resolves when it ended. */
  pullPoliciesOnce(): Promise<void>;
  /**
   * The hub announced a change of the published policies: a one-off pull follows only when the
   * live pull has brought nothing within `announceGraceMs` of the last announcement.
   */
  policiesAnnounced(): void;
  /** Asks the hub now whether it answers. */
  probe(): Promise<void>;
  stop(): void;
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

export function startReplication(options: ReplicationOptions): Replication {
  const { couchUrl, stationId, auth, db, policiesDb, now } = options;
  const on = options.on ?? {};
  const status: SyncStatus = { state: 'offline', pending: 0 };
  const agents = {
    http: new HttpAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
    https: new HttpsAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
  };
  const agent = (url: URL) => (url.protocol === 'https:' ? agents.https : agents.http);
  const hubFetch: Fetch = (url, init) => pouchFetch(url, { ...init, agent });
  const remote = new PouchDB(`${couchUrl}/${stationDbName(stationId)}`, {
    auth,
    skip_setup: true,
    fetch: hubFetch,
  });
  const remotePolicies = new PouchDB(`${couchUrl}/${HubDb.Policies}`, {
    auth,
    skip_setup: true,
    fetch: hubFetch,
  });
  const handles: { cancel(): void }[] = [];
  let pushedSeq: number | string = 0;
  let stopped = false;

  function failed(error: unknown) {
    status.lastError = describe(error);
    on.error?.(error);
  }

  function setState(state: 'online' | 'offline', error?: unknown) {
    if (error !== undefined) status.lastError = describe(error);
    if (status.state === state) return;
    const wasOffline = status.state === 'offline';
    status.state = state;
    on.state?.(state);
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

  const probeUrl = `${couchUrl}/${stationDbName(stationId)}`;
  const authHeader = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  async function probe(): Promise<void> {
    if (stopped) return;
    try {
      const res = await hubFetch(probeUrl, {
        headers: { authorization: authHeader },
        signal: AbortSignal.timeout(3000),
      });
      await res.arrayBuffer();
      if (res.ok) setState('online');
      else {
        const refused = res.status === 401 || res.status === 403 ? ' (credentials refused)' : '';
        setState('offline', `the hub answered ${res.status}${refused}`);
      }
    } catch (error) {
      setState('offline', error);
    }
  }

  // The station database both ways.
  let sync: ReturnType<Syncable['sync']> | undefined;
  let failedSinceStart = false;
  function startStationSync() {
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
        if (info.direction === 'pull' && info.change?.docs?.length)
          on.pulled?.(info.change.docs.map((d) => d._id));
        status.lastSyncAt = now();
        void countPending();
      },
    )
      .on('paused', (error: unknown) => {
        on.paused?.('station', error ?? undefined);
        if (error) {
          failedSinceStart = true;
          failed(error);
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
            if (status.state === 'online') on.caughtUp?.();
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
        failed(error);
        void probe();
      });
    quiet(s);
    sync = s;
  }
  function reconnected() {
    if (failedSinceStart && !stopped) startStationSync();
  }
  startStationSync();
  handles.push({ cancel: () => sync?.cancel() });

  // The published policies one way.
  const pull = policiesDb.replicate.from(remotePolicies, {
    live: true,
    retry: true,
    back_off_function: backoff,
    heartbeat: 10_000,
  });
  let policyChanges = 0;
  pull.on('change', () => {
    policyChanges++;
    on.policies?.();
  });
  pull.on('paused', (error: unknown) => {
    on.paused?.('policies', error ?? undefined);
    if (error) void probe();
  });
  pull.on('error', (error: unknown) => on.error?.(error));
  quiet(pull);
  handles.push(pull);

  let announced: { timer: NodeJS.Timeout; changesBefore: number } | undefined;
  function policiesAnnounced() {
    if (stopped) return;
    if (announced) clearTimeout(announced.timer);
    const changesBefore = policyChanges;
    const timer = setTimeout(() => {
      announced = undefined;
      if (!stopped && policyChanges === changesBefore) void pullPoliciesOnce();
    }, options.announceGraceMs ?? ANNOUNCE_GRACE_MS);
    timer.unref();
    announced = { timer, changesBefore };
  }

  function pullPoliciesOnce(): Promise<void> {
    const once = policiesDb.replicate.from(remotePolicies, { batch_size: 100 });
    quiet(once);
    return new Promise<void>((resolve) => {
      once.on('complete', () => {
        on.policies?.();
        resolve();
      });
      once.on('error', () => resolve());
    });
  }

  const timer = setInterval(() => {
    void probe();
    void countPending();
  }, options.probeEveryMs ?? PROBE_EVERY_MS);
  timer.unref();
  void probe();

  return {
    status: () => ({ ...status }),
    async statusNow() {
      await countPending();
      return { ...status };
    },
    remotePolicies,
    pullPoliciesOnce,
    policiesAnnounced,
    probe,
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      if (announced) clearTimeout(announced.timer);
      for (const h of handles) h.cancel();
      // Open connections end once their last request (a cancelled long-poll) has.
      setTimeout(() => {
        agents.http.destroy();
        agents.https.destroy();
      }, 1000).unref();
    },
  };
}

/** Replication handles are also promises; their failures are reported through events instead. */
export function quiet(handle: unknown): void {
  (handle as { catch?: (f: () => void) => unknown }).catch?.(() => undefined);
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object') {
    const e = error as { reason?: string; message?: string; status?: number };
    return e.reason ?? e.message ?? `status ${e.status ?? 'unknown'}`;
  }
  return String(error);
}
