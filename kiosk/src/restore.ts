/**
 * A station that starts on a new local store (a new kiosk PC, or one that lost its data folder)
 * gets its history back from the hub before it numbers anything, so that numbering continues.
 *
 * - Enrolled and the hub answers: one pull of the station database, waited for up to
 *   XZ_RESTORE_WAIT_SECONDS (default 30); the queue is then built from what came back.
 * - The hub does not answer (or the pull takes longer): the station issues anyway, without
 *   colliding with what it issued before the loss: that day's numbers resume above 500 (A501…)
 *   and event sequences above a floor taken from the clock. The decision is kept in the store
 *   (`_local/xz-restore`, never replicated), so a restart keeps to it, until replication has
 *   caught up with the hub; then the queue is read again and numbering continues from the
 *   highest number, the hub's or the station's.
 */

import { createStationTime } from '@xz/shared/time';
import type { FastifyBaseLogger } from 'fastify';
import type PouchDB from 'pouchdb';
import type { AgentEnv } from './env.ts';
import type { StationConfig } from './station.ts';
import { type EventStore, restoreSeqFloor } from './store/event-store.ts';
import { pullStationOnce, readHubCredentials } from './sync.ts';

const MARKER_ID = '_local/xz-restore';

interface Marker {
  _id: string;
  _rev?: string;
  /** Station day the store started empty and the hub could not refill it. */
  day: string;
  /** Event sequences continue above this. */
  eventFloor: number;
}

export interface Restore {
  /** The day numbers resume above the floor, while the hub has not given the history back. */
  day(): string | undefined;
  /** The history is back: numbering continues from it. */
  finish(): Promise<void>;
}

export async function prepareRestore(options: {
  env: AgentEnv;
  station: StationConfig;
  store: EventStore;
  now: () => number;
  log: FastifyBaseLogger;
}): Promise<Restore> {
  const { env, station, store, now, log } = options;
  const db = store.db;
  let marker = (await db.get(MARKER_ID).catch(() => undefined)) as Marker | undefined;
  const hubUrl = env.hubUrl ?? station.hubUrl;
  const enrolled = hubUrl !== undefined && readHubCredentials(env.dataDir) !== undefined;

  if (store.wasEmpty && enrolled) {
    // Written before the pull: a crash during it restarts in the same safe mode.
    const at = now();
    const next: Marker = {
      _id: MARKER_ID,
      day: createStationTime(station.timeZone).day(at),
      eventFloor: restoreSeqFloor(at),
    };
    const res = await db.put(next as unknown as PouchDB.Doc);
    marker = { ...next, _rev: res.rev };
    log.info('new local store: asking the hub for the station history');
    const outcome = await pullStationOnce({
      env,
      station,
      db: store.db,
      waitMs: env.restoreWaitSeconds * 1000,
    });
    if (outcome === 'complete') {
      await db.put({ ...marker, _deleted: true } as unknown as PouchDB.Doc);
      marker = undefined;
      log.info('station history received from the hub; numbering continues from it');
    } else {
      log.warn(
        { outcome, day: next.day },
        'the hub did not give the station history back: numbers of today resume above 500 until it does',
      );
    }
  }
  if (marker) await store.raiseSeqFloor(marker.eventFloor);

  return {
    day: () => marker?.day,
    async finish() {
      if (!marker) return;
      const current = (await db.get(MARKER_ID).catch(() => undefined)) as Marker | undefined;
      if (current?._rev) await db.put({ ...current, _deleted: true } as unknown as PouchDB.Doc);
      marker = undefined;
    },
  };
}
