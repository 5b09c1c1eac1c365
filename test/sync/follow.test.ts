/**
 * The hub's live view follows what stations replicate, survives a hub restart, and kiosks pull the
 * published policies; closing the hub does not wait for kiosks' open long-polls.
 */
import path from 'node:path';
import type { Hub } from '@xz/hub/app';
import type { FollowEvent } from '@xz/hub/couch/follow';
import PouchDB from 'pouchdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  basic,
  couch,
  enrolStation,
  eventually,
  heartbeatDoc,
  printerStatusDoc,
  signInAdmin,
  startHub,
  T0,
  tempDir,
} from './helpers.ts';

describe('hub follows the stations', () => {
  let hub: Hub | undefined;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let hubDir: string;
  const open: PouchDB.Database[] = [];
  const feeds: Array<{ cancel(): void }> = [];

  beforeAll(async () => {
    tmp = await tempDir('xz-sync-follow-');
    hubDir = path.join(tmp.dir, 'hub');
    hub = await startHub(hubDir);
  });
  afterAll(async () => {
    for (const feed of feeds) feed.cancel();
    for (const db of open) await db.close().catch(() => {});
    await hub?.close();
    await tmp?.remove();
  });

  async function station(stationId: string) {
    const kiosk = await enrolStation(hub as Hub, stationId);
    const local = new PouchDB(path.join(tmp.dir, stationId));
    const remote = new PouchDB(`${kiosk.couchUrl}/${kiosk.dbName}`, {
      auth: { username: kiosk.username, password: kiosk.password },
    } as never);
    open.push(local, remote);
    return { kiosk, local, remote };
  }

  it('shows heartbeats and printer states per station, replicated by PouchDB', async () => {
    const live = hub as Hub;
    const events: FollowEvent[] = [];
    const stop = live.follower.subscribe((event) => {
      events.push(event);
    });
    const a = await station('st-fa');
    const b = await station('st-fb');
    await a.local.bulkDocs([
      heartbeatDoc('st-fa', T0 + 1_000, {
        policyVersion: 'v3',
        queue: { waiting: 5, byService: { tax: 5 } },
      }),
      printerStatusDoc('st-fa', 'paper-out', T0 + 1_001),
    ]);
    await b.local.put(heartbeatDoc('st-fb', T0 + 2_000, { queue: { waiting: 0 } }));
    await a.local.replicate.to(a.remote);
    await b.local.replicate.to(b.remote);

    const cookie = await signInAdmin(live);
    expect((await fetch(`${live.url}/api/stations/live`)).status).toBe(401);
    await eventually(async () => {
      const res = await fetch(`${live.url}/api/stations/live`, { headers: { cookie } });
      const body = (await res.json()) as {
        stations: Array<{ stationId: string; queue?: { waiting: number } }>;
      };
      return (
        body.stations.find((s) => s.stationId === 'st-fa')?.queue?.waiting === 5 &&
        body.stations.find((s) => s.stationId === 'st-fb')?.queue?.waiting === 0
      );
    });
    const res = await fetch(`${live.url}/api/stations/live`, { headers: { cookie } });
    const { stations } = (await res.json()) as { stations: Array<Record<string, unknown>> };
    expect(stations.find((s) => s.stationId === 'st-fa')).toMatchObject({
      online: 'online',
      agentVersion: '1.2.3',
      policyVersion: 'v3',
      queue: { waiting: 5, byService: { tax: 5 } },
      printers: { main: { state: 'paper-out', at: T0 + 1_001 } },
    });
    stop();
    expect(
      events.some(
        (e) => e.type === 'station-doc' && e.stationId === 'st-fa' && e.doc.type === 'printer-status',
      ),
    ).toBe(true);
    expect(events.some((e) => e.type === 'station-live' && e.station.stationId === 'st-fb')).toBe(true);
  });

  it('keeps the live view across a hub restart (checkpoint in a hub-only database)', async () => {
    const port = Number(new URL((hub as Hub).url).port);
    await (hub as Hub).close();
    hub = await startHub(hubDir, { port });
    const view = hub.follower.station('st-fa');
    expect(view).toMatchObject({ queue: { waiting: 5 }, printers: { main: { state: 'paper-out' } } });
    // the kiosk never sees the hub's checkpoint
    const { kiosk, local, remote } = await station('st-fc');
    await local.put(heartbeatDoc('st-fc', T0 + 1));
    await local.replicate.to(remote);
    const pulled = new PouchDB(path.join(tmp.dir, 'st-fc-pull'));
    open.push(pulled);
    await pulled.replicate.from(remote);
    const asKiosk = basic(kiosk.username, kiosk.password);
    const checkpoint = await couch(`${kiosk.couchUrl}/xz-hub-follow/follow:st-fc`, 'GET', asKiosk);
    await eventually(() => (hub as Hub).follower.station('st-fc')?.lastHeartbeatAt === T0 + 1);
    expect((await pulled.allDocs()).rows.map((r) => r.id).filter((id) => !id.startsWith('_design/'))).toEqual(
      ['heartbeat:st-fc'],
    );
    // The hub's place in the station's database is the hub's: no kiosk reads or moves it.
    expect(checkpoint.status).toBe(403);
    await eventually(
      async () =>
        await (hub as Hub).couch
          .db('xz-hub-follow')
          .get('follow:st-fc')
          .then(
            () => true,
            () => false,
          ),
    );
  });

  it('kiosks pull the published policies with live replication; closing the hub does not wait for them', async () => {
    const live = hub as Hub;
    const { kiosk } = await station('st-fd');
    await live.couch.db('xz-policies').insert({ _id: 'policy:first', type: 'policy', v: 1 });

    const policies = new PouchDB(path.join(tmp.dir, 'st-fd-policies'));
    open.push(policies);
    const remote = new PouchDB(`${kiosk.couchUrl}/xz-policies`, {
      auth: { username: kiosk.username, password: kiosk.password },
    } as never);
    open.push(remote);
    const feed = policies.replicate.from(remote, { live: true, retry: false }) as unknown as {
      cancel(): void;
    };
    feeds.push(feed);
    await eventually(async () => (await policies.allDocs()).rows.some((r) => r.id === 'policy:first'));
    await live.couch.db('xz-policies').insert({ _id: 'policy:second', type: 'policy', v: 2 });
    await eventually(async () => (await policies.allDocs()).rows.some((r) => r.id === 'policy:second'));

    // the live pull now waits in a long-poll on the hub: closing must still finish
    const started = Date.now();
    await live.close();
    hub = undefined;
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
