/**
 * The hub follows what stations replicate, for 1,000 stations, without polling each database.
 *
 * Design:
 * - The store says *which* databases changed (`CouchClient.watch`): in-process notifications of
 *   the embedded store, or one `_db_updates` long-poll for the whole Apache CouchDB server.
 * - A changed station database is marked dirty; a bounded pool (default 8 workers) reads its
 *   `_changes` from the database's checkpoint in batches (`include_docs`), folds the documents
 *   into the live view and emits them. A database that changes again while being read is read
 *   once more afterwards, so bursts coalesce: the work is proportional to what changed, not to
 *   the number of stations, and at most `concurrency` requests are in flight.
 * - The checkpoint (the `_changes` sequence, opaque, and the station's live state) is kept in the
 *   hub-only database `xz-hub-follow` as `follow:{stationId}`: no kiosk can read or move it, and
 *   any hub process can resume from it. Checkpoints that moved are written together, one request
 *   for all of them, at most `checkpointDelayMs` after they moved (1,000 stations' heartbeats are
 *   then one write, not 1,000), and all of them on stop; a hub that crashes reads those last
 *   seconds again.
 * - On start, and after any gap in the updates feed, every station database is scanned from its
 *   checkpoint.
 * Delivery of `station-doc` events is at least once: consumers must be idempotent (documents
 * carry their ids and revisions).
 */
import { EventEmitter } from 'node:events';
import { HubDb, parseStationDbName, stationDbName } from '@xz/shared/ids';
import { type CouchClient, statusOf } from './client.ts';
import {
  applyStationDoc,
  emptyStationLive,
  type StationLive,
  type StationLiveView,
  viewOf,
} from './live-view.ts';

/** The follower's checkpoint of a station, in the hub-only database `xz-hub-follow`. */
export const followCheckpointId = (stationId: string) => `follow:${stationId}`;

export type FollowEvent =
  | { type: 'station-live'; station: StationLive }
  | { type: 'station-doc'; stationId: string; doc: Record<string, unknown> }
  | { type: 'station-removed'; stationId: string };

export interface StationFollowerOptions {
  /** Concurrent `_changes` reads (default 8). */
  concurrency?: number;
  /** Documents per `_changes` request (default 500). */
  batchSize?: number;
  /** Longest a moved checkpoint waits to be written with the others (default 2 s). */
  checkpointDelayMs?: number;
  now?: () => number;
}

export interface StationFollower {
  /** Scans every station database from its checkpoint, then follows updates. */
  start(): Promise<void>;
  /** Stops following and writes the checkpoints. */
  stop(): Promise<void>;
  /** Every known station with its online state, sorted by station id. */
  liveView(): StationLiveView[];
  station(stationId: string): StationLiveView | undefined;
  /** Listens to follow events; returns the function that stops listening. */
  /**
   * Listens to follow events; returns the function that stops listening. A listener that returns a
   * promise holds the checkpoint: the follower moves past a document only once every such promise
   * of it has resolved (a failure leaves the document to be read again).
   */
  subscribe(listener: (event: FollowEvent) => void | Promise<void>): () => void;
  /** Marks a station database for reading (e.g. right after enrolment). */
  touch(stationId: string): void;
  /** Resolves once no read is queued or running. */
  idle(): Promise<void>;
}

interface Checkpoint {
  _id: string;
  _rev?: string;
  type: 'follow-checkpoint';
  stationId: string;
  since: string | number;
  live: StationLive;
}

interface Tracked {
  dbName: string;
  loaded: boolean;
  rev?: string;
  since: string | number;
  savedSince: string | number;
  live: StationLive;
}

/** How soon a station whose read failed is read again. */
const RETRY_MS = 5_000;

export function createStationFollower(
  couch: CouchClient,
  options: StationFollowerOptions = {},
): StationFollower {
  const concurrency = options.concurrency ?? 8;
  const batchSize = options.batchSize ?? 500;
  const checkpointDelayMs = options.checkpointDelayMs ?? 2_000;
  const checkpoints = couch.db<Checkpoint>(HubDb.Follow);
  const now = options.now ?? Date.now;
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const stations = new Map<string, Tracked>();
  const queue: string[] = [];
  const queued = new Set<string>();
  const running = new Set<string>();
  const again = new Set<string>();
  let idleWaiters: Array<() => void> = [];
  /** Stations whose checkpoint moved since it was last written. */
  const unsaved = new Set<string>();
  let saveTimer: NodeJS.Timeout | undefined;
  let saving: Promise<void> = Promise.resolve();
  let controller = new AbortController();
  let unwatch: (() => void) | undefined;

  const emit = (event: FollowEvent): Promise<unknown> => {
    const pending: unknown[] = [];
    for (const listener of emitter.listeners('event') as Array<(e: FollowEvent) => unknown>) {
      try {
        pending.push(listener(event));
      } catch (error) {
        pending.push(Promise.reject(error));
      }
    }
    return Promise.all(pending);
  };

  function tracked(stationId: string): Tracked {
    let entry = stations.get(stationId);
    if (entry === undefined) {
      entry = {
        dbName: stationDbName(stationId),
        loaded: false,
        since: 0,
        savedSince: 0,
        live: emptyStationLive(stationId),
      };
      stations.set(stationId, entry);
    }
    return entry;
  }

  function mark(stationId: string): void {
    tracked(stationId);
    if (running.has(stationId)) {
      again.add(stationId);
      return;
    }
    if (queued.has(stationId)) return;
    queued.add(stationId);
    queue.push(stationId);
    pump();
  }

  function pump(): void {
    while (running.size < concurrency && queue.length > 0 && !controller.signal.aborted) {
      const stationId = queue.shift() as string;
      queued.delete(stationId);
      running.add(stationId);
      void read(stationId)
        .catch(() => {
          // The database may be gone, the server unreachable or a consumer failed: read again soon.
          if (!controller.signal.aborted && stations.has(stationId)) {
            setTimeout(() => {
              if (!controller.signal.aborted && stations.has(stationId)) mark(stationId);
            }, RETRY_MS).unref();
          }
        })
        .finally(() => {
          running.delete(stationId);
          if (again.delete(stationId)) mark(stationId);
          pump();
          if (running.size === 0 && queue.length === 0) {
            const waiters = idleWaiters;
            idleWaiters = [];
            for (const resolve of waiters) resolve();
          }
        });
    }
  }

  async function loadCheckpoint(entry: Tracked): Promise<void> {
    try {
      const doc = await checkpoints.get(followCheckpointId(entry.live.stationId));
      entry.rev = doc._rev;
      entry.since = doc.since ?? 0;
      entry.savedSince = entry.since;
      if (doc.live && doc.live.stationId === entry.live.stationId) {
        entry.live = { ...emptyStationLive(entry.live.stationId), ...doc.live };
      }
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
    entry.loaded = true;
  }

  /** Writes the checkpoints that moved, in one request; a conflicting one is written next time. */
  async function saveCheckpoints(stationIds: readonly string[]): Promise<void> {
    const due = stationIds
      .map((id) => stations.get(id))
      .filter((e): e is Tracked => e?.loaded === true && e.since !== e.savedSince);
    if (due.length === 0) return;
    const bodies = due.map((entry): Checkpoint => {
      const stationId = entry.live.stationId;
      return {
        _id: followCheckpointId(stationId),
        ...(entry.rev ? { _rev: entry.rev } : {}),
        type: 'follow-checkpoint',
        stationId,
        since: entry.since,
        live: entry.live,
      };
    });
    const results = await checkpoints.insertMany(bodies);
    await Promise.all(
      due.map(async (entry, i) => {
        const result = results[i];
        const body = bodies[i] as Checkpoint;
        if (result?.rev !== undefined && result.error === undefined) {
          entry.rev = result.rev;
          entry.savedSince = body.since;
          return;
        }
        // Another hub process moved the checkpoint: take its revision, write again next time.
        unsaved.add(entry.live.stationId);
        if (result?.error === 'conflict') entry.rev = (await checkpoints.get(body._id))._rev;
      }),
    );
  }

  /** Writes what is unsaved now, after the writes already under way. */
  function flushCheckpoints(): Promise<void> {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = undefined;
    const ids = [...unsaved];
    unsaved.clear();
    saving = saving.then(
      () => saveCheckpoints(ids),
      () => saveCheckpoints(ids),
    );
    return saving;
  }

  function checkpointMoved(stationId: string): void {
    unsaved.add(stationId);
    saveTimer ??= setTimeout(() => {
      flushCheckpoints().catch(() => {
        // The store is unreachable: the stations stay unsaved and are written with the next ones.
      });
    }, checkpointDelayMs);
    saveTimer.unref();
  }

  async function read(stationId: string): Promise<void> {
    const entry = tracked(stationId);
    if (!entry.loaded) await loadCheckpoint(entry);
    let changed = false;
    for (;;) {
      const page = await couch.changes(entry.dbName, {
        since: entry.since,
        includeDocs: true,
        limit: batchSize,
        signal: controller.signal,
      });
      const receivedAt = now();
      const consumed: Promise<unknown>[] = [];
      for (const row of page.results) {
        if (row.doc === undefined || row.id.startsWith('_design/')) continue;
        entry.live = applyStationDoc(entry.live, row.doc, receivedAt);
        consumed.push(emit({ type: 'station-doc', stationId, doc: row.doc }));
        changed = true;
      }
      await Promise.all(consumed);
      entry.since = page.last_seq;
      if (page.results.length < batchSize) break;
    }
    if (changed || entry.since !== entry.savedSince)
      void emit({ type: 'station-live', station: entry.live }).catch(() => {});
    if (entry.since !== entry.savedSince) checkpointMoved(stationId);
  }

  async function scanAll(): Promise<void> {
    for (const name of await couch.listDbs()) {
      const parsed = parseStationDbName(name);
      if (parsed !== null) mark(parsed.stationId);
    }
  }

  return {
    async start() {
      controller = new AbortController();
      unwatch = couch.watch({
        onUpdate(update) {
          const parsed = parseStationDbName(update.dbName);
          if (parsed === null) return;
          if (update.type === 'deleted') {
            stations.delete(parsed.stationId);
            void emit({ type: 'station-removed', stationId: parsed.stationId }).catch(() => {});
          } else {
            mark(parsed.stationId);
          }
        },
        onReset() {
          void scanAll().catch(() => {
            // still unreachable: the next reset scans again
          });
        },
      });
      await scanAll();
      // The live view is complete (every checkpoint read) once start resolves.
      await this.idle();
    },
    async stop() {
      unwatch?.();
      unwatch = undefined;
      controller.abort();
      // Let running reads finish (their requests are aborted), then write every checkpoint.
      while (running.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      queue.length = 0;
      queued.clear();
      for (const [stationId, entry] of stations) if (entry.loaded) unsaved.add(stationId);
      await flushCheckpoints().catch(() => undefined);
    },
    liveView() {
      const at = now();
      return [...stations.values()]
        .map((entry) => viewOf(entry.live, at))
        .sort((a, b) => (a.stationId < b.stationId ? -1 : a.stationId > b.stationId ? 1 : 0));
    },
    station(stationId) {
      const entry = stations.get(stationId);
      return entry === undefined ? undefined : viewOf(entry.live, now());
    },
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    touch(stationId) {
      mark(stationId);
    },
    idle() {
      if (running.size === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
