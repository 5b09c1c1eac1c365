/**
 * The hub follows what stations replicate, for 1,000 stations, without polling each database.
 *
 * Design:
 * - One `_db_updates` long-poll for the whole server says *which* databases changed. Apache
 *   CouchDB 3 serves it natively; the embedded server serves it from in-process change
 *   notifications (express-pouchdb itself does not implement it).
 * - A changed station database is marked dirty; a bounded pool (default 8 workers) reads its
 *   `_changes` from the database's checkpoint in batches (`include_docs`), folds the documents
 *   into the live view and emits them. A database that changes again while being read is read
 *   once more afterwards, so bursts coalesce: the work is proportional to what changed, not to
 *   the number of stations, and at most `concurrency` requests are in flight.
 * - The checkpoint (the `_changes` sequence, opaque, and the station's live state) is kept in the
 *   station database itself as `_local/xz-hub-follow`: it never replicates to the kiosk, never
 *   shows in `_changes`, and any hub process can resume from it.
 * - On start, and after any error of the updates feed (including a sequence the server cannot
 *   answer any more), every station database is scanned from its checkpoint (`_all_dbs`).
 * Delivery of `station-doc` events is at least once: consumers must be idempotent (documents
 * carry their ids and revisions).
 */
import { EventEmitter } from 'node:events';
import { parseStationDbName, stationDbName } from '@xz/shared/ids';
import { type CouchClient, statusOf } from './client.ts';
import {
  applyStationDoc,
  emptyStationLive,
  type StationLive,
  type StationLiveView,
  viewOf,
} from './live-view.ts';

export const FOLLOW_CHECKPOINT_ID = '_local/xz-hub-follow';

export type FollowEvent =
  | { type: 'station-live'; station: StationLive }
  | { type: 'station-doc'; stationId: string; doc: Record<string, unknown> }
  | { type: 'station-removed'; stationId: string };

export interface StationFollowerOptions {
  /** Concurrent `_changes` reads (default 8). */
  concurrency?: number;
  /** Documents per `_changes` request (default 500). */
  batchSize?: number;
  /** Long-poll timeout of `_db_updates` in ms (default 25 s). */
  pollTimeoutMs?: number;
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
  subscribe(listener: (event: FollowEvent) => void): () => void;
  /** Marks a station database for reading (e.g. right after enrolment). */
  touch(stationId: string): void;
  /** Resolves once no read is queued or running. */
  idle(): Promise<void>;
}

interface Checkpoint {
  _id: string;
  _rev?: string;
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

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

export function createStationFollower(
  couch: CouchClient,
  options: StationFollowerOptions = {},
): StationFollower {
  const concurrency = options.concurrency ?? 8;
  const batchSize = options.batchSize ?? 500;
  const pollTimeoutMs = options.pollTimeoutMs ?? 25_000;
  const now = options.now ?? Date.now;
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const stations = new Map<string, Tracked>();
  const queue: string[] = [];
  const queued = new Set<string>();
  const running = new Set<string>();
  const again = new Set<string>();
  let idleWaiters: Array<() => void> = [];
  let controller = new AbortController();
  let loop: Promise<void> | undefined;

  const emit = (event: FollowEvent) => emitter.emit('event', event);

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
          // The database may be gone or the server unreachable: the next update or resync retries.
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
      const doc = (await couch.server.request({
        db: entry.dbName,
        path: FOLLOW_CHECKPOINT_ID,
      })) as Checkpoint;
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

  async function saveCheckpoint(entry: Tracked): Promise<void> {
    if (entry.since === entry.savedSince) return;
    const body: Checkpoint = { _id: FOLLOW_CHECKPOINT_ID, since: entry.since, live: entry.live };
    if (entry.rev) body._rev = entry.rev;
    try {
      const result = (await couch.server.request({
        db: entry.dbName,
        path: FOLLOW_CHECKPOINT_ID,
        method: 'PUT',
        body,
      })) as { rev: string };
      entry.rev = result.rev;
      entry.savedSince = body.since;
    } catch (error) {
      // Another hub process moved the checkpoint: take its revision, write again next time.
      if (statusOf(error) !== 409) throw error;
      const current = (await couch.server.request({
        db: entry.dbName,
        path: FOLLOW_CHECKPOINT_ID,
      })) as Checkpoint;
      entry.rev = current._rev;
    }
  }

  async function read(stationId: string): Promise<void> {
    const entry = tracked(stationId);
    if (!entry.loaded) await loadCheckpoint(entry);
    let changed = false;
    for (;;) {
      const page = (await couch.server.request({
        db: entry.dbName,
        path: '_changes',
        qs: { since: entry.since, include_docs: true, limit: batchSize },
        signal: controller.signal,
      } as never)) as {
        results: Array<{ id: string; doc?: Record<string, unknown> }>;
        last_seq: string | number;
      };
      const receivedAt = now();
      for (const row of page.results) {
        if (row.doc === undefined || row.id.startsWith('_design/')) continue;
        entry.live = applyStationDoc(entry.live, row.doc, receivedAt);
        emit({ type: 'station-doc', stationId, doc: row.doc });
        changed = true;
      }
      entry.since = page.last_seq;
      if (page.results.length < batchSize) break;
    }
    if (changed || entry.since !== entry.savedSince) emit({ type: 'station-live', station: entry.live });
    await saveCheckpoint(entry);
  }

  async function scanAll(): Promise<void> {
    const names = (await couch.server.request({ path: '_all_dbs' })) as string[];
    for (const name of names) {
      const parsed = parseStationDbName(name);
      if (parsed !== null) mark(parsed.stationId);
    }
  }

  async function updatesSeq(): Promise<string> {
    const res = (await couch.server.request({
      path: '_db_updates',
      qs: { feed: 'normal', since: 'now' },
    })) as {
      last_seq: string;
    };
    return res.last_seq;
  }

  async function follow(signal: AbortSignal, firstSince: string): Promise<void> {
    let since = firstSince;
    let backoff = 500;
    while (!signal.aborted) {
      try {
        const res = (await couch.server.request({
          path: '_db_updates',
          qs: { feed: 'longpoll', since, timeout: pollTimeoutMs },
          signal,
        } as never)) as { results: Array<{ db_name: string; type: string }>; last_seq: string };
        for (const update of res.results) {
          const parsed = parseStationDbName(update.db_name);
          if (parsed === null) continue;
          if (update.type === 'deleted') {
            stations.delete(parsed.stationId);
            emit({ type: 'station-removed', stationId: parsed.stationId });
          } else {
            mark(parsed.stationId);
          }
        }
        since = res.last_seq ?? since;
        backoff = 500;
      } catch {
        if (signal.aborted) return;
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, 30_000);
        try {
          since = await updatesSeq();
          await scanAll();
        } catch {
          // still unreachable: try again after the next backoff
        }
      }
    }
  }

  return {
    async start() {
      controller = new AbortController();
      const since = await updatesSeq();
      await scanAll();
      const signal = controller.signal;
      loop = follow(signal, since);
      // The live view is complete (every checkpoint read) once start resolves.
      await this.idle();
    },
    async stop() {
      controller.abort();
      await loop;
      loop = undefined;
      // Let running reads finish (their requests are aborted), then write every checkpoint.
      while (running.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      queue.length = 0;
      queued.clear();
      await Promise.allSettled([...stations.values()].filter((e) => e.loaded).map((e) => saveCheckpoint(e)));
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
