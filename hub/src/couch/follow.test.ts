/**
 * The follower's checkpoints: what it read of many stations at once is recorded in one write, soon
 * after, and a follower that stops records everything it read, so a new one resumes there.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HubDb, stationDbName } from '@xz/shared/ids';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmbeddedCouch, startEmbeddedCouch } from './embedded.ts';
import { createStationFollower, type FollowEvent, followCheckpointId } from './follow.ts';

const T0 = Date.UTC(2026, 2, 9, 1, 0);
const STATIONS = Array.from({ length: 20 }, (_, i) => `st-f${String(i + 1).padStart(2, '0')}`);

const heartbeat = (stationId: string, at: number) => ({
  _id: `heartbeat:${stationId}`,
  type: 'heartbeat',
  schemaVersion: 1,
  stationId,
  at,
  agentVersion: '1.2.3',
});

describe('the station follower’s checkpoints', () => {
  let store: EmbeddedCouch | undefined;
  let dir = '';
  afterEach(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records twenty stations’ heartbeats in one write, then resumes after them', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'xz-follow-'));
    store = await startEmbeddedCouch({ dataDir: dir });
    await store.ensureDatabases();
    for (const id of STATIONS) await store.ensureStationDb(id);
    const follower = createStationFollower(store, { checkpointDelayMs: 300 });
    await follower.start();
    const writesBefore = store.changeCount(HubDb.Follow);

    for (const id of STATIONS) await store.db(stationDbName(id)).insert(heartbeat(id, T0));
    await new Promise((r) => setTimeout(r, 50));
    await follower.idle();
    for (let i = 0; i < 40 && store.changeCount(HubDb.Follow) === writesBefore; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const saved = await store.db<{ since: number }>(HubDb.Follow).list({ include_docs: true });
    expect(saved.rows.map((r) => r.id).sort()).toEqual(STATIONS.map(followCheckpointId).sort());
    expect(store.changeCount(HubDb.Follow) - writesBefore).toBe(1);
    expect(follower.station('st-f07')?.lastHeartbeatAt).toBe(T0);

    // One more heartbeat, then a stop before the delay: the stop records it.
    await store.db(stationDbName('st-f07')).insert({
      ...heartbeat('st-f07', T0 + 60_000),
      _rev: (await store.db(stationDbName('st-f07')).get('heartbeat:st-f07'))._rev,
    });
    await new Promise((r) => setTimeout(r, 50));
    await follower.idle();
    await follower.stop();

    // A new follower reads nothing again: every station's place was recorded.
    const again = createStationFollower(store);
    const replayed: FollowEvent[] = [];
    again.subscribe((event) => {
      if (event.type === 'station-doc') replayed.push(event);
    });
    await again.start();
    expect(replayed).toEqual([]);
    expect(again.station('st-f07')?.lastHeartbeatAt).toBe(T0 + 60_000);
    await again.stop();
  });
});
