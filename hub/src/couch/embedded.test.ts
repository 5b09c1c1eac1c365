import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmbeddedCouch, startEmbeddedCouch } from './embedded.ts';

describe('the embedded store’s change notifications', () => {
  let store: EmbeddedCouch | undefined;
  let dir = '';
  afterEach(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('never misses a write that lands between a read and the wait that follows it', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'xz-embedded-'));
    store = await startEmbeddedCouch({ dataDir: dir });
    await store.ensureDatabases();
    const seen = store.changeCount('xz-policies');
    // The write lands after the reader noted the count, before it starts waiting.
    await store.db('xz-policies').insert({ _id: 'policy:a', type: 'policy' });
    const started = Date.now();
    await store.waitForChange('xz-policies', 30_000, new AbortController().signal, seen);
    expect(Date.now() - started).toBeLessThan(1_000);
    // Without a change since the count, it waits (here until its short timeout).
    const quiet = Date.now();
    await store.waitForChange(
      'xz-policies',
      300,
      new AbortController().signal,
      store.changeCount('xz-policies'),
    );
    expect(Date.now() - quiet).toBeGreaterThanOrEqual(250);
  });

  it('wakes the waiters of the database written, not the others', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'xz-embedded-'));
    store = await startEmbeddedCouch({ dataDir: dir });
    await store.ensureDatabases();
    await store.ensureStationDb('st-x');
    let stationWoken = false;
    const station = store.waitForChange('xz-station-st-x', 500, new AbortController().signal).then(() => {
      stationWoken = true;
    });
    const policies = store.waitForChange('xz-policies', 10_000, new AbortController().signal);
    await store.db('xz-policies').insert({ _id: 'policy:b', type: 'policy' });
    await policies;
    expect(stationWoken).toBe(false);
    await station;
  });
});
