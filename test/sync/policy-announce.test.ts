/**
 * The hub's announcement of a policy change (socket.io) and the station's replication unit: the
 * live pull brings the change, so an announcement costs the hub no second pull; only when the live
 * pull brings nothing within the grace time does a one-off pull go to fetch it.
 */
import { join } from 'node:path';
import type { Hub } from '@xz/hub/app';
import { type Replication, startReplication } from '@xz/kiosk/replication';
import { HubDb, stationDbName } from '@xz/shared/ids';
import PouchDB from 'pouchdb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { publishedPolicyDoc } from '../bench/station-sim.ts';
import { enrolStation, eventually, startHub, tempDir } from './helpers.ts';

const STATION = 'announce-01';
const GRACE_MS = 400;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

async function rig(): Promise<{
  hub: Hub;
  replication: Replication;
  policies: PouchDB.Database;
  oneOff: () => number;
}> {
  const dir = await tempDir('xz-announce-');
  cleanups.push(dir.remove);
  const hub = await startHub(join(dir.dir, 'hub'));
  cleanups.push(() => hub.close());
  const credentials = await enrolStation(hub, STATION);
  const db = new PouchDB(join(dir.dir, stationDbName(STATION)));
  const policies = new PouchDB(join(dir.dir, HubDb.Policies));
  cleanups.push(() => db.close());
  cleanups.push(() => policies.close());
  const from = vi.spyOn(policies.replicate, 'from');
  const caughtUp = new Set<string>();
  const replication = startReplication({
    couchUrl: credentials.couchUrl,
    stationId: STATION,
    auth: { username: credentials.username, password: credentials.password },
    db,
    policiesDb: policies,
    now: Date.now,
    announceGraceMs: GRACE_MS,
    on: { paused: (which, error) => error === undefined && caughtUp.add(which) },
  });
  cleanups.push(async () => replication.stop());
  await eventually(() => caughtUp.size === 2, 30_000);
  const oneOff = () =>
    from.mock.calls.filter(([, options]) => !(options as { live?: boolean } | undefined)?.live).length;
  return { hub, replication, policies, oneOff };
}

describe('a policy change announced by the hub', () => {
  it('comes by the live pull; the announcement adds no pull of its own', async () => {
    const { hub, replication, policies, oneOff } = await rig();
    const doc = publishedPolicyDoc('announced-policy', 1);
    await hub.couch.db(HubDb.Policies).insert(doc as never);
    replication.policiesAnnounced();
    await eventually(async () => (await policies.get(doc._id).catch(() => null)) !== null, 10_000);
    await new Promise((r) => setTimeout(r, GRACE_MS * 3));
    expect(oneOff()).toBe(0);
  });

  it('is fetched by a one-off pull when the live pull has brought nothing within the grace time', async () => {
    const { replication, oneOff } = await rig();
    replication.policiesAnnounced();
    replication.policiesAnnounced(); // announcements close together: one pull
    expect(oneOff()).toBe(0);
    await eventually(() => oneOff() === 1, 5_000);
    await new Promise((r) => setTimeout(r, GRACE_MS * 2));
    expect(oneOff()).toBe(1);
  });
});
